/*
 * xenstored: the XenStore daemon as a library (docs/xenstore.md).
 *
 * Portable C: no MiniOS calls.  The transport (ring pages, event
 * channels) lives outside and talks to the daemon through this
 * interface:
 *
 *   bytes from a ring --> xs_framer --> xs_handle_message(conn, msg, len)
 *   xs_conn_peek_output()/xs_conn_consume_output() --> bytes to the ring
 *
 * A connection belongs to one domain.  Connections of domain 0 (the
 * toolstack, in-process; any number of them) are privileged; a domU's
 * connection is made by XS_INTRODUCE, which calls hooks->introduce so
 * the transport can map the ring and bind the event channel.
 *
 * Single-threaded: the caller serialises every call on one daemon.
 */
#ifndef TOOLSTACK_XENSTORE_H
#define TOOLSTACK_XENSTORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/io/xs_wire.h>

struct xs_daemon;
struct xs_conn;

/* Per-domain limits; domain 0 is exempt from all but the wire limits. */
struct xs_limits {
	unsigned int nodes;		/* nodes a domain owns (ENOSPC) */
	unsigned int watches;		/* watches per connection (E2BIG) */
	unsigned int transactions;	/* open per connection (ENOSPC) */
	unsigned int transaction_nodes;	/* nodes one transaction touches
					   (ENOSPC) */
	unsigned int node_size;		/* bytes of a node's value, children
					   list and permissions (ENOSPC) */
	unsigned int permissions;	/* entries per node (ENOSPC) */
	unsigned int outstanding;	/* replies not yet taken by the
					   transport before requests wait */
	unsigned int event_bytes;	/* queued watch-event bytes; beyond,
					   events are dropped */
};

/* Xen 4.17's cxenstored defaults, plus our event-queue bound. */
extern const struct xs_limits xs_default_limits;

struct xs_hooks {
	/*
	 * XS_INTRODUCE for 'conn' (a new domU connection, or the existing
	 * one being re-introduced): map the ring at 'gfn', bind 'evtchn'.
	 * Returns 0 or an errno value, which the toolstack gets back.
	 */
	int (*introduce)(void *arg, struct xs_conn *conn, uint64_t gfn,
			 uint32_t evtchn);
	/* 'conn' is about to be destroyed (XS_RELEASE, domain gone). */
	void (*release)(void *arg, struct xs_conn *conn);
	/* New output was queued on 'conn' (e.g. a watch event). */
	void (*output)(void *arg, struct xs_conn *conn);
	/* XS_CONTROL "print": a line for the log. */
	void (*log)(void *arg, const char *line);
	void *arg;
};

/* NULL limits: xs_default_limits.  NULL hooks: none.  NULL if no memory. */
struct xs_daemon *xs_daemon_create(const struct xs_limits *limits,
				   const struct xs_hooks *hooks);
void xs_daemon_destroy(struct xs_daemon *xs);

/* A privileged connection for the toolstack (domain 0). */
struct xs_conn *xs_conn_create_dom0(struct xs_daemon *xs);
/* A domU's connection is released with its domain (as XS_RELEASE). */
void xs_conn_destroy(struct xs_conn *conn);

unsigned int xs_conn_domid(const struct xs_conn *conn);
/* The introduced domU's connection, or NULL. */
struct xs_conn *xs_conn_find(struct xs_daemon *xs, unsigned int domid);
void xs_conn_set_private(struct xs_conn *conn, void *priv);
void *xs_conn_private(const struct xs_conn *conn);

/*
 * One complete message: header and payload, len bytes.  Returns 0 when
 * handled (a reply, possibly XS_ERROR, is queued); -EBUSY when the
 * connection has too many replies not yet taken (nothing done: offer
 * the message again after consuming output); -EINVAL when the message
 * is malformed at the framing level (len is not header + hdr.len, or
 * hdr.len > XENSTORE_PAYLOAD_MAX): a protocol violation, after which
 * Xen stops serving the ring.
 */
int xs_handle_message(struct xs_conn *conn, const void *msg, size_t len);

/* False while xs_handle_message() would answer -EBUSY. */
bool xs_conn_can_accept(const struct xs_conn *conn);

/*
 * The unsent bytes of the oldest queued message (NULL/0 if none); a
 * transport writes what fits, then consumes that many bytes.
 */
size_t xs_conn_peek_output(struct xs_conn *conn, const void **data);
void xs_conn_consume_output(struct xs_conn *conn, size_t n);

/*
 * Domain life cycle seen by the transport (VIRQ_DOM_EXC and
 * getdomaininfo): a domain shut down or crashed fires @releaseDomain
 * once (until XS_RESUME); a domain destroyed is released as by
 * XS_RELEASE.  Both ignore domains not introduced.
 */
void xs_domain_shutdown(struct xs_daemon *xs, unsigned int domid);
void xs_domain_destroyed(struct xs_daemon *xs, unsigned int domid);

/*
 * Framing: complete messages out of a byte stream.  Feed bytes; when
 * xs_framer_feed() returns XS_FRAME_READY the message is in
 * xs_framer_msg() (xs_framer_msg_len() bytes) until xs_framer_reset().
 * It never consumes bytes past the end of a message.
 */
enum xs_frame_status {
	XS_FRAME_MORE,		/* all bytes taken, message incomplete */
	XS_FRAME_READY,		/* a message is complete */
	XS_FRAME_BAD,		/* header announces more than
				   XENSTORE_PAYLOAD_MAX: drop the stream */
};

struct xs_framer {
	size_t used;
	unsigned char buf[sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX];
};

void xs_framer_reset(struct xs_framer *f);
enum xs_frame_status xs_framer_feed(struct xs_framer *f, const void *data,
				    size_t len, size_t *consumed);
const void *xs_framer_msg(const struct xs_framer *f);
size_t xs_framer_msg_len(const struct xs_framer *f);

#endif
