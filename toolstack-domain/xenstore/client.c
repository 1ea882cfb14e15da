/*
 * The in-process client (see client.h).  Payloads are strings joined
 * with their NULs, as on the wire; a WRITE's value is the one string
 * without a NUL of its own.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "client.h"

/* Enough for a header, a path and a value at their wire limits. */
#define REQUEST_MAX (sizeof(struct xsd_sockmsg) + XENSTORE_PAYLOAD_MAX)

static int errno_of(const char *name)
{
	for (size_t i = 0; i < sizeof(xsd_errors) / sizeof(xsd_errors[0]); i++)
		if (!strcmp(xsd_errors[i].errstring, name))
			return -xsd_errors[i].errnum;
	return -EINVAL;
}

/* Take the oldest queued message whole; 0 when none is queued. */
static size_t take_message(struct xs_conn *conn, struct xsd_sockmsg *hdr,
			   const char **payload)
{
	const void *data;
	size_t n = xs_conn_peek_output(conn, &data);

	if (n < sizeof(*hdr))
		return 0;
	memcpy(hdr, data, sizeof(*hdr));
	*payload = (const char *)data + sizeof(*hdr);
	return n;
}

static int copy_reply(const struct xsd_sockmsg *hdr, const char *payload,
		      char *reply, size_t reply_max)
{
	char name[32];

	if (hdr->type == XS_ERROR) {
		snprintf(name, sizeof(name), "%.*s", (int)hdr->len, payload);
		return errno_of(name);
	}
	if (!reply)
		return hdr->len;
	if (hdr->len > reply_max)
		return -EMSGSIZE;
	memcpy(reply, payload, hdr->len);
	if (hdr->len < reply_max)
		reply[hdr->len] = '\0';
	return hdr->len;
}

int xs_client_request(struct xs_conn *conn, uint32_t type,
		      const void *payload, size_t len, char *reply,
		      size_t reply_max)
{
	unsigned char msg[REQUEST_MAX];
	struct xsd_sockmsg hdr = { .type = type, .len = len };
	const char *data;
	size_t n;
	int rc;

	if (len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	memcpy(msg, &hdr, sizeof(hdr));
	memcpy(msg + sizeof(hdr), payload, len);
	rc = xs_handle_message(conn, msg, sizeof(hdr) + len);
	if (rc)
		return rc;
	while ((n = take_message(conn, &hdr, &data)) != 0) {
		rc = hdr.type == XS_WATCH_EVENT ? 1
			: copy_reply(&hdr, data, reply, reply_max);
		xs_conn_consume_output(conn, n);
		if (hdr.type != XS_WATCH_EVENT)
			return rc;
	}
	return -EIO;	/* the daemon always replies: not reached */
}

/*
 * Join strings, each with its NUL (the last one's NUL only if
 * 'last_nul'); returns the length, or -E2BIG past the payload limit.
 */
static int join(char *buf, const char *const parts[], size_t count,
		int last_nul)
{
	size_t len = 0, n;

	for (size_t i = 0; i < count; i++) {
		n = strlen(parts[i]) + (i + 1 < count || last_nul);
		if (n > XENSTORE_PAYLOAD_MAX - len)
			return -E2BIG;
		memcpy(buf + len, parts[i], n);
		len += n;
	}
	return len;
}

/*
 * A request made of strings; with no reply buffer only success (0)
 * or the error counts.
 */
static int call(struct xs_conn *conn, uint32_t type,
		const char *const parts[], size_t count, int last_nul,
		char *reply, size_t reply_max)
{
	char payload[XENSTORE_PAYLOAD_MAX];
	int len = join(payload, parts, count, last_nul);

	if (len < 0)
		return len;
	len = xs_client_request(conn, type, payload, len, reply, reply_max);
	return !reply && len > 0 ? 0 : len;
}

int xs_client_read(struct xs_conn *conn, const char *path, char *value,
		   size_t max)
{
	return call(conn, XS_READ, &path, 1, 1, value, max);
}

int xs_client_write(struct xs_conn *conn, const char *path,
		    const char *value)
{
	const char *parts[] = { path, value };

	return call(conn, XS_WRITE, parts, 2, 0, NULL, 0);
}

int xs_client_rm(struct xs_conn *conn, const char *path)
{
	return call(conn, XS_RM, &path, 1, 1, NULL, 0);
}

int xs_client_directory(struct xs_conn *conn, const char *path, char *names,
			size_t max)
{
	return call(conn, XS_DIRECTORY, &path, 1, 1, names, max);
}

int xs_client_set_perms(struct xs_conn *conn, const char *path,
			const char *const perms[], size_t count)
{
	const char *parts[1 + XS_CLIENT_MAX_PERMS];

	if (count > XS_CLIENT_MAX_PERMS)
		return -E2BIG;
	parts[0] = path;
	memcpy(parts + 1, perms, count * sizeof(*perms));
	return call(conn, XS_SET_PERMS, parts, 1 + count, 1, NULL, 0);
}

int xs_client_introduce(struct xs_conn *conn, unsigned int domid,
			uint64_t gfn, unsigned int port)
{
	char id[12], frame[24], evtchn[12];
	const char *parts[] = { id, frame, evtchn };

	snprintf(id, sizeof(id), "%u", domid);
	snprintf(frame, sizeof(frame), "%llu", (unsigned long long)gfn);
	snprintf(evtchn, sizeof(evtchn), "%u", port);
	return call(conn, XS_INTRODUCE, parts, 3, 1, NULL, 0);
}

int xs_client_release(struct xs_conn *conn, unsigned int domid)
{
	char id[12];
	const char *parts[] = { id };

	snprintf(id, sizeof(id), "%u", domid);
	return call(conn, XS_RELEASE, parts, 1, 1, NULL, 0);
}
