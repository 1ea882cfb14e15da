/*
 * Connections: one per introduced domU (its ring) and any number for
 * the toolstack (domain 0, privileged).  Each queues its output, replies
 * and watch events, as complete wire messages that the transport takes
 * byte by byte.
 *
 * Bounds: an unprivileged connection with limits.outstanding replies
 * not yet taken gets no more requests served (Xen's "outstanding"
 * quota), and watch events beyond limits.event_bytes queued are dropped,
 * as is an event identical to one still queued (cxenstored does both;
 * watches may be lossy under pressure, never the replies).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

struct xs_conn *xs_conn_new(struct xs_daemon *xs, uint32_t domid)
{
	struct xs_conn *conn = calloc(1, sizeof(*conn));

	if (!conn)
		return NULL;
	conn->xs = xs;
	conn->domid = domid;
	conn->target = XS_NO_DOMID;
	conn->privileged = domid == 0;
	conn->next_txid = 1;
	snprintf(conn->home, sizeof(conn->home), "/local/domain/%u",
		 (unsigned int)domid);
	conn->next = xs->conns;
	xs->conns = conn;
	return conn;
}

static void free_output(struct xs_conn *conn)
{
	struct xs_outmsg *m;

	while ((m = conn->out_head)) {
		conn->out_head = m->next;
		free(m);
	}
	conn->out_tail = NULL;
	conn->replies = 0;
	conn->event_bytes = 0;
}

/* Drop watches, transactions and queued output. */
void xs_conn_reset(struct xs_conn *conn)
{
	xs_watch_remove_all(conn);
	xs_tx_destroy_all(conn);
	free_output(conn);
}

void xs_conn_free(struct xs_conn *conn)
{
	struct xs_conn **pp = &conn->xs->conns;

	while (*pp != conn)
		pp = &(*pp)->next;
	*pp = conn->next;
	xs_conn_reset(conn);
	free(conn);
}

bool xs_conn_is_unprivileged(const struct xs_conn *conn)
{
	return !conn->privileged;
}

static struct xs_outmsg *new_message(uint32_t type, uint32_t req_id,
				     uint32_t tx_id, const void *payload,
				     size_t len)
{
	struct xsd_sockmsg hdr = { type, req_id, tx_id, len };
	struct xs_outmsg *m = malloc(sizeof(*m) + sizeof(hdr) + len);

	if (!m)
		return NULL;
	m->next = NULL;
	m->len = sizeof(hdr) + len;
	m->sent = 0;
	m->event = type == XS_WATCH_EVENT;
	memcpy(m->data, &hdr, sizeof(hdr));
	if (len)
		memcpy(m->data + sizeof(hdr), payload, len);
	return m;
}

static void enqueue(struct xs_conn *conn, struct xs_outmsg *m)
{
	struct xs_daemon *xs = conn->xs;

	if (conn->out_tail)
		conn->out_tail->next = m;
	else
		conn->out_head = m;
	conn->out_tail = m;
	if (m->event)
		conn->event_bytes += m->len;
	else
		conn->replies++;
	if (xs->hooks.output)
		xs->hooks.output(xs->hooks.arg, conn);
}

/*
 * A reply to 'req'.  Too long for the wire: E2BIG instead.  Without
 * memory for it the request goes unanswered, as it would in Xen; the
 * guest's driver waits, nothing breaks here.
 */
void xs_conn_reply(struct xs_conn *conn, const struct xsd_sockmsg *req,
		   uint32_t type, const void *data, size_t len)
{
	struct xs_outmsg *m;

	if (len > XENSTORE_PAYLOAD_MAX) {
		xs_conn_error(conn, req, E2BIG);
		return;
	}
	m = new_message(type, req->req_id, req->tx_id, data, len);
	if (m)
		enqueue(conn, m);
}

void xs_conn_reply_string(struct xs_conn *conn,
			  const struct xsd_sockmsg *req, const char *s)
{
	xs_conn_reply(conn, req, req->type, s, strlen(s) + 1);
}

/* XS_ERROR with the errno's name (xs_wire.h); unknown ones are EINVAL. */
void xs_conn_error(struct xs_conn *conn, const struct xsd_sockmsg *req,
		   int err)
{
	const char *name = xsd_errors[0].errstring;
	size_t i;

	for (i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (xsd_errors[i].errnum == err)
			name = xsd_errors[i].errstring;
	xs_conn_reply(conn, req, XS_ERROR, name, strlen(name) + 1);
}

static bool event_queued(const struct xs_conn *conn, const void *payload,
			 size_t len)
{
	const struct xs_outmsg *m;

	for (m = conn->out_head; m; m = m->next)
		if (m->event && m->sent == 0 &&
		    m->len == sizeof(struct xsd_sockmsg) + len &&
		    !memcmp(m->data + sizeof(struct xsd_sockmsg), payload,
			    len))
			return true;
	return false;
}

void xs_conn_event(struct xs_conn *conn, const char *path, const char *token)
{
	size_t plen = strlen(path) + 1, len = plen + strlen(token) + 1;
	struct xs_outmsg *m;
	char *payload;

	if (len > XENSTORE_PAYLOAD_MAX)
		return;
	if (xs_conn_is_unprivileged(conn) &&
	    conn->event_bytes + sizeof(struct xsd_sockmsg) + len >
	    conn->xs->limits.event_bytes)
		return;
	payload = malloc(len);
	if (!payload)
		return;
	memcpy(payload, path, plen);
	memcpy(payload + plen, token, len - plen);
	if (xs_path_is_special(path) || !event_queued(conn, payload, len)) {
		m = new_message(XS_WATCH_EVENT, 0, 0, payload, len);
		if (m)
			enqueue(conn, m);
	}
	free(payload);
}

bool xs_conn_can_accept(const struct xs_conn *conn)
{
	return !xs_conn_is_unprivileged(conn) ||
	       conn->replies < conn->xs->limits.outstanding;
}

size_t xs_conn_peek_output(struct xs_conn *conn, const void **data)
{
	struct xs_outmsg *m = conn->out_head;

	if (!m) {
		*data = NULL;
		return 0;
	}
	*data = m->data + m->sent;
	return m->len - m->sent;
}

void xs_conn_consume_output(struct xs_conn *conn, size_t n)
{
	struct xs_outmsg *m = conn->out_head;

	if (!m)
		return;
	m->sent += n < m->len - m->sent ? n : m->len - m->sent;
	if (m->sent < m->len)
		return;
	conn->out_head = m->next;
	if (!conn->out_head)
		conn->out_tail = NULL;
	if (m->event)
		conn->event_bytes -= m->len;
	else
		conn->replies--;
	free(m);
}

struct xs_conn *xs_conn_create_dom0(struct xs_daemon *xs)
{
	return xs_conn_new(xs, 0);
}

/* A domU's connection goes with its domain, as on XS_RELEASE. */
void xs_conn_destroy(struct xs_conn *conn)
{
	if (conn->domid)
		xs_domain_release(conn->xs, conn->domid);
	else
		xs_conn_free(conn);
}

unsigned int xs_conn_domid(const struct xs_conn *conn)
{
	return conn->domid;
}

struct xs_conn *xs_conn_find(struct xs_daemon *xs, unsigned int domid)
{
	struct xs_domain *d = xs_domain_find(xs, domid);

	return d ? d->conn : NULL;
}

void xs_conn_set_private(struct xs_conn *conn, void *priv)
{
	conn->priv = priv;
}

void *xs_conn_private(const struct xs_conn *conn)
{
	return conn->priv;
}
