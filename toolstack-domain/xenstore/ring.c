/*
 * The ring transport (see ring.h).  Per index: read it once, check it,
 * fence, copy, fence, publish ours (the guest runs concurrently on
 * another CPU).  The framer never takes bytes past a message's end, so
 * a request that the daemon cannot accept yet (-EBUSY: too many
 * replies untaken) simply waits in the framer while output drains.
 */
#include <errno.h>
#include "ring.h"

#define RING_SIZE XENSTORE_RING_SIZE

static XENSTORE_RING_IDX read_guest_index(const XENSTORE_RING_IDX *idx)
{
	return __atomic_load_n(idx, __ATOMIC_RELAXED);
}

static void publish_index(XENSTORE_RING_IDX *idx, XENSTORE_RING_IDX val)
{
	__atomic_store_n(idx, val, __ATOMIC_RELAXED);
}

void xs_ring_init(struct xs_ring *r, struct xenstore_domain_interface *intf)
{
	r->intf = intf;
	r->req_cons = read_guest_index(&intf->req_cons);
	r->rsp_prod = read_guest_index(&intf->rsp_prod);
	r->message_ready = false;
	r->broken = false;
	xs_framer_reset(&r->framer);
}

static void mark_broken(struct xs_ring *r)
{
	r->broken = true;
	publish_index(&r->intf->error, XENSTORE_ERROR_PROTO);
}

/*
 * Copy queued output into rsp[]; returns bytes copied, or -1 if the
 * guest's consumer index is impossible.
 */
static int put_output(struct xs_ring *r, struct xs_conn *conn)
{
	XENSTORE_RING_IDX cons = read_guest_index(&r->intf->rsp_cons);
	const unsigned char *data;
	size_t avail, n, done = 0;
	XENSTORE_RING_IDX pos;

	if (r->rsp_prod - cons > RING_SIZE)
		return -1;
	/* Our writes into rsp[] must follow the guest's reads it published. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	while ((avail = RING_SIZE - (r->rsp_prod - cons)) != 0 &&
	       (n = xs_conn_peek_output(conn, (const void **)&data)) != 0) {
		pos = MASK_XENSTORE_IDX(r->rsp_prod);
		if (n > avail)
			n = avail;
		if (n > RING_SIZE - pos)
			n = RING_SIZE - pos;	/* up to the wrap; loop again */
		for (size_t i = 0; i < n; i++)
			r->intf->rsp[pos + i] = data[i];
		xs_conn_consume_output(conn, n);
		r->rsp_prod += n;
		done += n;
	}
	if (done) {
		__atomic_thread_fence(__ATOMIC_RELEASE);
		publish_index(&r->intf->rsp_prod, r->rsp_prod);
	}
	return done;
}

/*
 * Feed request bytes to the framer until a message is complete or
 * req[] is empty; returns bytes taken, or -1 on a protocol violation.
 */
static int take_input(struct xs_ring *r)
{
	XENSTORE_RING_IDX prod = read_guest_index(&r->intf->req_prod);
	enum xs_frame_status st = XS_FRAME_MORE;
	size_t n, used, done = 0;
	XENSTORE_RING_IDX pos;

	if (prod - r->req_cons > RING_SIZE)
		return -1;
	/* Read the bytes only after the producer index that covers them. */
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	while (st == XS_FRAME_MORE && prod != r->req_cons) {
		pos = MASK_XENSTORE_IDX(r->req_cons);
		n = prod - r->req_cons;
		if (n > RING_SIZE - pos)
			n = RING_SIZE - pos;
		st = xs_framer_feed(&r->framer, r->intf->req + pos, n, &used);
		r->req_cons += used;
		done += used;
	}
	if (st == XS_FRAME_BAD)
		return -1;
	r->message_ready = st == XS_FRAME_READY;
	if (done) {
		/* Our copies are done before the guest may reuse the space. */
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		publish_index(&r->intf->req_cons, r->req_cons);
	}
	return done;
}

/* Hand a complete message to the daemon if it takes one now. */
static int handle_ready(struct xs_ring *r, struct xs_conn *conn)
{
	int rc;

	if (!xs_conn_can_accept(conn))
		return 0;
	rc = xs_handle_message(conn, xs_framer_msg(&r->framer),
			       xs_framer_msg_len(&r->framer));
	if (rc == -EBUSY)
		return 0;
	if (rc)
		return -1;
	xs_framer_reset(&r->framer);
	r->message_ready = false;
	return 1;
}

enum xs_ring_result xs_ring_serve(struct xs_ring *r, struct xs_conn *conn)
{
	bool moved = false;
	int out, in, handled;

	if (r->broken)
		return XS_RING_BROKEN;
	do {
		out = put_output(r, conn);
		handled = r->message_ready ? handle_ready(r, conn) : 0;
		in = r->message_ready || handled < 0 ? 0 : take_input(r);
		if (out < 0 || handled < 0 || in < 0) {
			mark_broken(r);
			return XS_RING_BROKEN;
		}
		moved |= out > 0 || in > 0;
	} while (out > 0 || handled > 0 || in > 0);
	return moved ? XS_RING_NOTIFY : XS_RING_IDLE;
}
