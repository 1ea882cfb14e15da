/*
 * Requests: check the framing, find the operation, apply Xen's rules
 * common to all of them, and turn a failure into XS_ERROR.
 *
 * Common rules (cxenstored 4.17): an unknown type is ENOSYS; the domain
 * management types and CONTROL are for the privileged domain (EACCES);
 * a nonzero tx_id must name an open transaction of the connection
 * (ENOENT), except for WATCH and UNWATCH, which ignore it.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define PRIV	(1u << 0)	/* privileged connections only */
#define NOTX	(1u << 1)	/* tx_id ignored */

static const struct {
	xs_op_fn *fn;
	unsigned int flags;
} ops[XS_TYPE_COUNT] = {
	[XS_CONTROL] = { xs_op_control, PRIV },
	[XS_DIRECTORY] = { xs_op_directory, 0 },
	[XS_READ] = { xs_op_read, 0 },
	[XS_GET_PERMS] = { xs_op_get_perms, 0 },
	[XS_WATCH] = { xs_op_watch, NOTX },
	[XS_UNWATCH] = { xs_op_unwatch, NOTX },
	[XS_TRANSACTION_START] = { xs_op_transaction_start, 0 },
	[XS_TRANSACTION_END] = { xs_op_transaction_end, 0 },
	[XS_INTRODUCE] = { xs_op_introduce, PRIV },
	[XS_RELEASE] = { xs_op_release, PRIV },
	[XS_GET_DOMAIN_PATH] = { xs_op_get_domain_path, 0 },
	[XS_WRITE] = { xs_op_write, 0 },
	[XS_MKDIR] = { xs_op_mkdir, 0 },
	[XS_RM] = { xs_op_rm, 0 },
	[XS_SET_PERMS] = { xs_op_set_perms, 0 },
	[XS_IS_DOMAIN_INTRODUCED] = { xs_op_is_domain_introduced, PRIV },
	[XS_RESUME] = { xs_op_resume, PRIV },
	[XS_SET_TARGET] = { xs_op_set_target, PRIV },
	[XS_RESET_WATCHES] = { xs_op_reset_watches, 0 },
	[XS_DIRECTORY_PART] = { xs_op_directory_part, 0 },
};

static int dispatch(struct xs_conn *conn, struct xs_request *req)
{
	struct xs_view v = { conn->xs, conn, NULL };
	uint32_t type = req->hdr.type;

	if (type >= XS_TYPE_COUNT || !ops[type].fn)
		return ENOSYS;
	if ((ops[type].flags & PRIV) && xs_conn_is_unprivileged(conn))
		return EACCES;
	if (!(ops[type].flags & NOTX) && req->hdr.tx_id) {
		v.tx = xs_tx_find(conn, req->hdr.tx_id);
		if (!v.tx)
			return ENOENT;
	}
	return ops[type].fn(&v, req);
}

int xs_handle_message(struct xs_conn *conn, const void *msg, size_t len)
{
	struct xs_request req;
	unsigned int i;
	int err;

	if (len < sizeof(req.hdr))
		return -EINVAL;
	memcpy(&req.hdr, msg, sizeof(req.hdr));
	if (req.hdr.len > XENSTORE_PAYLOAD_MAX ||
	    len != sizeof(req.hdr) + req.hdr.len)
		return -EINVAL;
	if (!xs_conn_can_accept(conn))
		return -EBUSY;

	req.len = req.hdr.len;
	req.data = malloc(req.len + 1);
	if (!req.data) {
		xs_conn_error(conn, &req.hdr, ENOMEM);
		return 0;
	}
	memcpy(req.data, (const char *)msg + sizeof(req.hdr), req.len);
	req.data[req.len] = '\0';
	for (req.nstrings = i = 0; i < req.len; i++)
		req.nstrings += req.data[i] == '\0';

	err = dispatch(conn, &req);
	if (err)
		xs_conn_error(conn, &req.hdr, err);
	free(req.data);
	return 0;
}

/* The n-th NUL-terminated string of the payload, or NULL. */
const char *xs_request_arg(const struct xs_request *req, unsigned int n)
{
	const char *s = req->data;

	if (n >= req->nstrings)
		return NULL;
	while (n--)
		s += strlen(s) + 1;
	return s;
}

/* The payload if it is exactly one NUL-terminated string, else NULL. */
const char *xs_request_onearg(const struct xs_request *req)
{
	if (req->nstrings != 1 || req->data[req->len - 1] != '\0')
		return NULL;
	return req->data;
}

/* Plain decimal, no sign or spaces, at most 'max'. */
int xs_parse_uint(const char *s, uint64_t max, uint64_t *val)
{
	uint64_t v = 0;

	if (!s || !*s)
		return EINVAL;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return EINVAL;
		if (v > (max - (uint64_t)(*s - '0')) / 10)
			return EINVAL;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*val = v;
	return 0;
}

int xs_parse_domid(const char *s, uint32_t *domid)
{
	uint64_t v;
	int err = xs_parse_uint(s, UINT16_MAX, &v);

	if (!err)
		*domid = (uint32_t)v;
	return err;
}

void xs_reply_ok(struct xs_view *v, const struct xs_request *req)
{
	xs_conn_reply_string(v->conn, &req->hdr, "OK");
}
