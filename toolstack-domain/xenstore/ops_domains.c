/*
 * The domain management requests: INTRODUCE, RELEASE, RESUME,
 * SET_TARGET, IS_DOMAIN_INTRODUCED (privileged only, checked by the
 * dispatcher) and GET_DOMAIN_PATH (anyone).  Numbers are plain decimal;
 * where cxenstored would read garbage as 0 (atoi) we answer EINVAL.
 */
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include <xen/xen.h>

/* The only argument, a domain id. */
static int onearg_domid(const struct xs_request *req, uint32_t *domid)
{
	return xs_parse_domid(xs_request_onearg(req), domid);
}

/* INTRODUCE <domid>|<gfn>|<evtchn>|?: a real domU, a nonzero port. */
int xs_op_introduce(struct xs_view *v, struct xs_request *req)
{
	uint64_t gfn, port;
	uint32_t domid;
	int err;

	if (req->nstrings < 3 ||
	    xs_parse_domid(xs_request_arg(req, 0), &domid) ||
	    xs_parse_uint(xs_request_arg(req, 1), UINT64_MAX, &gfn) ||
	    xs_parse_uint(xs_request_arg(req, 2), UINT32_MAX, &port))
		return EINVAL;
	if (domid == 0 || domid >= DOMID_FIRST_RESERVED || port == 0)
		return EINVAL;
	err = xs_domain_introduce(v->xs, domid, gfn, port);
	if (!err)
		xs_reply_ok(v, req);
	return err;
}

/* RELEASE, RESUME: <domid>|, acted on by 'fn'. */
static int act_on_domain(struct xs_view *v, struct xs_request *req,
			 int (*fn)(struct xs_daemon *xs, uint32_t domid))
{
	uint32_t domid;
	int err = onearg_domid(req, &domid);

	if (!err)
		err = fn(v->xs, domid);
	if (!err)
		xs_reply_ok(v, req);
	return err;
}

int xs_op_release(struct xs_view *v, struct xs_request *req)
{
	return act_on_domain(v, req, xs_domain_release);
}

int xs_op_resume(struct xs_view *v, struct xs_request *req)
{
	return act_on_domain(v, req, xs_domain_resume);
}

/* SET_TARGET <domid>|<tdomid>|: both must be introduced (ENOENT). */
int xs_op_set_target(struct xs_view *v, struct xs_request *req)
{
	uint32_t domid, target;
	int err;

	if (req->nstrings < 2 ||
	    xs_parse_domid(xs_request_arg(req, 0), &domid) ||
	    xs_parse_domid(xs_request_arg(req, 1), &target))
		return EINVAL;
	err = xs_domain_set_target(v->xs, domid, target);
	if (!err)
		xs_reply_ok(v, req);
	return err;
}

int xs_op_get_domain_path(struct xs_view *v, struct xs_request *req)
{
	char path[32];
	uint32_t domid;
	int err = onearg_domid(req, &domid);

	if (err)
		return err;
	snprintf(path, sizeof(path), "/local/domain/%u", (unsigned int)domid);
	xs_conn_reply_string(v->conn, &req->hdr, path);
	return 0;
}

/* IS_DOMAIN_INTRODUCED <domid>|: T or F; DOMID_SELF is always T. */
int xs_op_is_domain_introduced(struct xs_view *v, struct xs_request *req)
{
	uint32_t domid;
	int err = onearg_domid(req, &domid);

	if (err)
		return err;
	xs_conn_reply_string(v->conn, &req->hdr,
			     domid == DOMID_SELF ||
			     xs_domain_is_introduced(v->xs, domid) ? "T" : "F");
	return 0;
}
