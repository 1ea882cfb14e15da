/*
 * CONTROL <command>|[<parameters>|]* (privileged): the harmless subset of
 * cxenstored's commands.
 *
 *   check                  OK (the tree is consistent by construction)
 *   help                   the commands, one per line
 *   print|<string>         <string> to the log hook
 *   quota                  the limits, one per line
 *   quota|set|<name>|<n>   change a limit (n >= 1)
 *   quota|<domid>          what that domain uses
 *
 * Anything else is EINVAL, as in cxenstored.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "internal.h"

static const struct {
	const char *name;
	size_t offset;
	const char *what;
} quotas[] = {
	{ "nodes", offsetof(struct xs_limits, nodes), "Nodes per domain" },
	{ "watches", offsetof(struct xs_limits, watches),
	  "Watches per domain" },
	{ "transactions", offsetof(struct xs_limits, transactions),
	  "Transactions per domain" },
	{ "outstanding", offsetof(struct xs_limits, outstanding),
	  "Outstanding requests per domain" },
	{ "transaction-nodes", offsetof(struct xs_limits, transaction_nodes),
	  "Nodes accessible in a transaction" },
	{ "node-size", offsetof(struct xs_limits, node_size),
	  "Max. size of a node" },
	{ "permissions", offsetof(struct xs_limits, permissions),
	  "Max. number of permissions per node" },
	{ "event-bytes", offsetof(struct xs_limits, event_bytes),
	  "Max. bytes of queued watch events" },
};

#define NQUOTAS (sizeof(quotas) / sizeof(quotas[0]))

static unsigned int *quota_field(struct xs_daemon *xs, size_t i)
{
	return (unsigned int *)((char *)&xs->limits + quotas[i].offset);
}

/* Text replies, cut to the wire's limit (they are far shorter). */
struct text {
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t len;
};

static void __attribute__((format(printf, 2, 3)))
text_add(struct text *t, const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(t->buf + t->len, sizeof(t->buf) - t->len, fmt, ap);
	va_end(ap);
	if (len > 0)
		t->len += (size_t)len < sizeof(t->buf) - t->len ?
			  (size_t)len : sizeof(t->buf) - t->len - 1;
}

static int quota_show(struct xs_view *v, struct xs_request *req)
{
	struct text t = { .len = 0 };
	size_t i;

	t.buf[0] = '\0';
	for (i = 0; i < NQUOTAS; i++) {
		text_add(&t, "%-17s: %8u %s\n", quotas[i].name,
			 *quota_field(v->xs, i), quotas[i].what);
	}
	xs_conn_reply_string(v->conn, &req->hdr, t.buf);
	return 0;
}

static int quota_set(struct xs_view *v, struct xs_request *req)
{
	const char *name = xs_request_arg(req, 2);
	uint64_t n;
	size_t i;

	if (req->nstrings != 4 ||
	    xs_parse_uint(xs_request_arg(req, 3), UINT32_MAX, &n) || n < 1)
		return EINVAL;
	for (i = 0; i < NQUOTAS; i++) {
		if (!strcmp(name, quotas[i].name)) {
			*quota_field(v->xs, i) = (unsigned int)n;
			xs_reply_ok(v, req);
			return 0;
		}
	}
	return EINVAL;
}

static int quota_domain(struct xs_view *v, struct xs_request *req)
{
	struct xs_domain *d;
	struct text t = { .len = 0 };
	uint32_t domid;

	if (req->nstrings != 2 ||
	    xs_parse_domid(xs_request_arg(req, 1), &domid))
		return EINVAL;
	d = xs_domain_find(v->xs, domid);
	t.buf[0] = '\0';
	text_add(&t, "nodes: %u\n", d ? d->entries : 0);
	if (d && d->conn)
		text_add(&t, "watches: %u\ntransactions: %u\n",
			 d->conn->nwatches, d->conn->ntxs);
	xs_conn_reply_string(v->conn, &req->hdr, t.buf);
	return 0;
}

static int control_quota(struct xs_view *v, struct xs_request *req)
{
	if (req->nstrings == 1)
		return quota_show(v, req);
	if (!strcmp(xs_request_arg(req, 1), "set"))
		return quota_set(v, req);
	return quota_domain(v, req);
}

static int control_check(struct xs_view *v, struct xs_request *req)
{
	if (req->nstrings != 1)
		return EINVAL;
	xs_reply_ok(v, req);
	return 0;
}

static int control_print(struct xs_view *v, struct xs_request *req)
{
	if (req->nstrings != 2)
		return EINVAL;
	if (v->xs->hooks.log)
		v->xs->hooks.log(v->xs->hooks.arg, xs_request_arg(req, 1));
	xs_reply_ok(v, req);
	return 0;
}

static int control_help(struct xs_view *v, struct xs_request *req);

static const struct {
	const char *name;
	int (*fn)(struct xs_view *v, struct xs_request *req);
	const char *params;
} commands[] = {
	{ "check", control_check, "" },
	{ "help", control_help, "" },
	{ "print", control_print, "<string>" },
	{ "quota", control_quota, "[set <name> <val>|<domid>]" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static int control_help(struct xs_view *v, struct xs_request *req)
{
	struct text t = { .len = 0 };
	size_t i;

	if (req->nstrings != 1)
		return EINVAL;
	t.buf[0] = '\0';
	for (i = 0; i < NCOMMANDS; i++) {
		text_add(&t, "%s\t%s\n", commands[i].name,
			 commands[i].params);
	}
	xs_conn_reply_string(v->conn, &req->hdr, t.buf);
	return 0;
}

int xs_op_control(struct xs_view *v, struct xs_request *req)
{
	size_t i;

	if (req->nstrings < 1)
		return EINVAL;
	for (i = 0; i < NCOMMANDS; i++)
		if (!strcmp(req->data, commands[i].name))
			return commands[i].fn(v, req);
	return EINVAL;
}
