/*
 * Helpers for the xenstored unit tests: send a request on a connection,
 * take its reply, keep the watch events that came with it.
 */
#ifndef TESTS_UNIT_XENSTORE_UTIL_H
#define TESTS_UNIT_XENSTORE_UTIL_H

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "xenstore.h"

struct msg {
	struct xsd_sockmsg hdr;
	char data[XENSTORE_PAYLOAD_MAX + 1];	/* NUL appended */
};

/* The last reply, and the events seen since events_clear(). */
static struct msg reply;
static struct event {
	struct xs_conn *conn;
	char path[XENSTORE_PAYLOAD_MAX + 1];
	char token[XENSTORE_PAYLOAD_MAX + 1];
} events[256];
static unsigned int nevents;

static int handle_result;

/* Take one whole message from the connection's output. */
static inline int take(struct xs_conn *c, struct msg *m)
{
	unsigned char *p = (unsigned char *)m;
	size_t got = 0, n, want = sizeof(m->hdr);
	const void *data;

	while (got < want) {
		n = xs_conn_peek_output(c, &data);
		if (!n)
			return 0;
		if (n > want - got)
			n = want - got;
		memcpy(p + got, data, n);
		xs_conn_consume_output(c, n);
		got += n;
		if (got == sizeof(m->hdr))
			want += m->hdr.len;
	}
	m->data[m->hdr.len] = '\0';
	return 1;
}

static inline void note_event(struct xs_conn *c, const struct msg *m)
{
	struct event *e = &events[nevents++ % 256];

	e->conn = c;
	strcpy(e->path, m->data);
	strcpy(e->token, m->data + strlen(m->data) + 1);
}

/* Everything queued on c: events noted, the last reply kept. */
static inline void drain(struct xs_conn *c)
{
	struct msg m;

	while (take(c, &m)) {
		if (m.hdr.type == XS_WATCH_EVENT)
			note_event(c, &m);
		else
			reply = m;
	}
}

static inline void events_clear(void)
{
	nevents = 0;
}

static inline unsigned int events_for(struct xs_conn *c, const char *path,
			       const char *token)
{
	unsigned int i, n = 0;

	for (i = 0; i < nevents && i < 256; i++)
		if (events[i].conn == c && !strcmp(events[i].path, path) &&
		    !strcmp(events[i].token, token))
			n++;
	return n;
}

static inline unsigned int events_on(struct xs_conn *c)
{
	unsigned int i, n = 0;

	for (i = 0; i < nevents && i < 256; i++)
		n += events[i].conn == c;
	return n;
}

/* Send one request; returns the reply's type (XS_ERROR on errors). */
static inline uint32_t rq(struct xs_conn *c, uint32_t type, uint32_t tx,
		   const void *payload, size_t len)
{
	static unsigned char buf[sizeof(struct xsd_sockmsg) + 65536];
	struct xsd_sockmsg hdr = { type, 77, tx, (uint32_t)len };

	memcpy(buf, &hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), payload, len);
	memset(&reply, 0, sizeof(reply));
	reply.hdr.type = XS_INVALID;
	handle_result = xs_handle_message(c, buf, sizeof(hdr) + len);
	drain(c);
	return reply.hdr.type;
}

/* Request whose payload is the NUL-terminated strings given (NULL ends). */
static inline uint32_t rqs(struct xs_conn *c, uint32_t type, uint32_t tx, ...)
{
	static char payload[65536];
	size_t len = 0, n;
	const char *s;
	va_list ap;

	va_start(ap, tx);
	while ((s = va_arg(ap, const char *))) {
		n = strlen(s) + 1;
		memcpy(payload + len, s, n);
		len += n;
	}
	va_end(ap);
	return rq(c, type, tx, payload, len);
}

static inline uint32_t xs_write_tx(struct xs_conn *c, uint32_t tx,
				   const char *path, const char *value)
{
	static char payload[65536];
	size_t plen = strlen(path) + 1, vlen = strlen(value);

	memcpy(payload, path, plen);
	memcpy(payload + plen, value, vlen);
	return rq(c, XS_WRITE, tx, payload, plen + vlen);
}

static inline uint32_t xs_write(struct xs_conn *c, const char *path,
			 const char *value)
{
	return xs_write_tx(c, 0, path, value);
}

static inline uint32_t xs_read(struct xs_conn *c, const char *path)
{
	return rqs(c, XS_READ, 0, path, NULL);
}

/* The reply was an error with this errno name. */
static inline int is_err(uint32_t type, const char *name)
{
	if (type != XS_ERROR || strcmp(reply.data, name)) {
		fprintf(stderr, "  reply type %u '%s', wanted error %s\n",
			(unsigned int)type, reply.data, name);
		return 0;
	}
	return 1;
}

static inline int is_ok(uint32_t type)
{
	if (type == XS_ERROR || strcmp(reply.data, "OK")) {
		fprintf(stderr, "  reply type %u '%s', wanted OK\n",
			(unsigned int)type, reply.data);
		return 0;
	}
	return 1;
}

/* The reply was 'type' with exactly this payload. */
static inline int is_reply(uint32_t got, uint32_t type, const char *data,
		    size_t len)
{
	if (got != type || reply.hdr.len != len ||
	    memcmp(reply.data, data, len)) {
		fprintf(stderr, "  reply type %u len %u '%s', wanted %u '%s'\n",
			(unsigned int)got, (unsigned int)reply.hdr.len,
			reply.data, (unsigned int)type, data);
		return 0;
	}
	return 1;
}

#define CHECK_ERR(call, name) CHECK(is_err((call), (name)))
#define CHECK_OK(call) CHECK(is_ok(call))
/* A string literal payload, its final NUL included. */
#define CHECK_REPLY(call, type, lit) \
	CHECK(is_reply((call), (type), (lit), sizeof(lit)))
/* A value (READ): no final NUL. */
#define CHECK_VALUE(call, lit) \
	CHECK(is_reply((call), XS_READ, (lit), sizeof(lit) - 1))

/* Introduce domU 'domid' from the dom0 connection; its connection. */
static inline struct xs_conn *introduce(struct xs_daemon *xs,
					struct xs_conn *dom0,
					unsigned int domid)
{
	char id[16];

	snprintf(id, sizeof(id), "%u", domid);
	CHECK_OK(rqs(dom0, XS_INTRODUCE, 0, id, "1234", "5", NULL));
	return xs_conn_find(xs, domid);
}

/* Each test between setup() and teardown(); returns main's status. */
static inline int run_tests(void (*const tests[])(void), unsigned int n,
			    void (*setup)(void), void (*teardown)(void),
			    const char *name)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		setup();
		tests[i]();
		teardown();
	}
	return check_summary(name);
}

#endif
