/*
 * The ring transport of one domU's connection: bytes between the
 * guest's page (io/xs_wire.h struct xenstore_domain_interface) and the
 * daemon.  Portable: the caller maps the page, binds the channel and
 * calls xs_ring_serve() on each event or queued output.
 *
 * The guest may write anything into its page at any time.  The indexes
 * we own (req_cons, rsp_prod) are kept here and only written to the
 * page; the guest's (req_prod, rsp_cons) are read once per pass and
 * checked, so nothing it writes makes us touch bytes outside req[] and
 * rsp[].
 */
#ifndef TOOLSTACK_XENSTORE_RING_H
#define TOOLSTACK_XENSTORE_RING_H

#include <stdbool.h>
#include "xenstore.h"

struct xs_ring {
	struct xenstore_domain_interface *intf;
	XENSTORE_RING_IDX req_cons, rsp_prod;	/* ours */
	bool message_ready;	/* framer holds a message not yet handled */
	bool broken;		/* protocol violation: no longer served */
	struct xs_framer framer;
};

/* Start serving 'intf' from the indexes it holds now. */
void xs_ring_init(struct xs_ring *r, struct xenstore_domain_interface *intf);

/* What a pass did; the caller notifies the guest if XS_RING_NOTIFY. */
enum xs_ring_result {
	XS_RING_IDLE,		/* nothing moved */
	XS_RING_NOTIFY,		/* an index moved: raise the event */
	XS_RING_BROKEN,		/* the guest violated the protocol; the
				   page's error is set; do not call again */
};

/*
 * Take whole requests from req[] into the daemon and put queued output
 * into rsp[] until neither can move.
 */
enum xs_ring_result xs_ring_serve(struct xs_ring *r, struct xs_conn *conn);

#endif
