/*
 * The requests on a connection's own state: WATCH, UNWATCH,
 * RESET_WATCHES, TRANSACTION_START, TRANSACTION_END.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* A watch path: @special (any syntax, bounded), or a node path. */
static char *watch_path(struct xs_view *v, const char *path, int *err)
{
	char *copy;

	if (!xs_path_is_special(path))
		return xs_path_canonical(v->conn, path, err);
	*err = EINVAL;
	if (strlen(path) > XENSTORE_REL_PATH_MAX)
		return NULL;
	copy = strdup(path);
	if (!copy)
		*err = ENOMEM;
	return copy;
}

/* WATCH <wpath>|<token>|: OK, then the first event at once. */
int xs_op_watch(struct xs_view *v, struct xs_request *req)
{
	const char *given = req->data, *token = xs_request_arg(req, 1);
	char *path;
	int err;

	if (req->nstrings != 2)
		return EINVAL;
	path = watch_path(v, given, &err);
	if (!path)
		return err;
	err = xs_watch_add(v->conn, path, token,
			   !xs_path_is_special(given) && given[0] != '/');
	if (!err) {
		xs_reply_ok(v, req);
		xs_conn_event(v->conn, given, token);
	}
	free(path);
	return err;
}

int xs_op_unwatch(struct xs_view *v, struct xs_request *req)
{
	char *path;
	int err;

	if (req->nstrings != 2)
		return EINVAL;
	/* A path that cannot be watched names no watch. */
	path = watch_path(v, req->data, &err);
	if (!path)
		return err == ENOMEM ? ENOMEM : ENOENT;
	err = xs_watch_remove(v->conn, path, xs_request_arg(req, 1));
	if (!err)
		xs_reply_ok(v, req);
	free(path);
	return err;
}

/* RESET_WATCHES: drops the connection's watches and transactions. */
int xs_op_reset_watches(struct xs_view *v, struct xs_request *req)
{
	xs_watch_remove_all(v->conn);
	xs_tx_destroy_all(v->conn);
	xs_reply_ok(v, req);
	return 0;
}

/* TRANSACTION_START |: the new id in decimal.  No nesting (EBUSY). */
int xs_op_transaction_start(struct xs_view *v, struct xs_request *req)
{
	char id_str[16];
	uint32_t id;
	int err;

	if (v->tx)
		return EBUSY;
	if (xs_conn_is_unprivileged(v->conn) &&
	    v->conn->ntxs >= v->xs->limits.transactions)
		return ENOSPC;
	err = xs_tx_start(v->conn, &id);
	if (err)
		return err;
	snprintf(id_str, sizeof(id_str), "%u", (unsigned int)id);
	xs_conn_reply_string(v->conn, &req->hdr, id_str);
	return 0;
}

/* TRANSACTION_END T| commits (EAGAIN on conflict), F| discards. */
int xs_op_transaction_end(struct xs_view *v, struct xs_request *req)
{
	const char *arg = xs_request_onearg(req);
	int err;

	if (!arg || (strcmp(arg, "T") && strcmp(arg, "F")))
		return EINVAL;
	if (!v->tx)
		return ENOENT;
	err = xs_tx_end(v->conn, v->tx, arg[0] == 'T');
	v->tx = NULL;
	if (!err)
		xs_reply_ok(v, req);
	return err;
}
