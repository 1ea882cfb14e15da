/*
 * Watches (docs/misc/xenstore.txt, cxenstored 4.17 for the details):
 *
 * - A watch on <wpath> fires for a change at <wpath> or below it, with
 *   the changed path and the watch's token; a relative <wpath> gets
 *   relative event paths.  Setting a watch fires it once at once.
 * - A connection hears of a change only if it may read the node (before
 *   or after the change) or the node's parent.
 * - @introduceDomain and @releaseDomain are special events, heard by
 *   connections that may read their permission list (dom0 alone, unless
 *   SET_PERMS on the special name granted more).
 * - The same (path, token) twice on one connection is EEXIST; more than
 *   limits.watches on an unprivileged connection is E2BIG.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static bool same_watch(const struct xs_watch *w, const char *path,
		       const char *token)
{
	return !strcmp(w->path, path) && !strcmp(w->token, token);
}

/* 'path' is absolute or special; 'relative' if the guest wrote it so. */
int xs_watch_add(struct xs_conn *conn, const char *path, const char *token,
		 bool relative)
{
	struct xs_watch *w, **tail = &conn->watches;

	for (w = conn->watches; w; w = w->next) {
		if (same_watch(w, path, token))
			return EEXIST;
		tail = &w->next;
	}
	if (xs_conn_is_unprivileged(conn) &&
	    conn->nwatches >= conn->xs->limits.watches)
		return E2BIG;
	w = calloc(1, sizeof(*w));
	if (!w)
		return ENOMEM;
	w->path = strdup(path);
	w->token = strdup(token);
	if (!w->path || !w->token) {
		free(w->path);
		free(w->token);
		free(w);
		return ENOMEM;
	}
	w->relative = relative;
	*tail = w;
	conn->nwatches++;
	return 0;
}

static void watch_free(struct xs_watch *w)
{
	free(w->path);
	free(w->token);
	free(w);
}

int xs_watch_remove(struct xs_conn *conn, const char *path,
		    const char *token)
{
	struct xs_watch **pp, *w;

	for (pp = &conn->watches; (w = *pp); pp = &w->next) {
		if (same_watch(w, path, token)) {
			*pp = w->next;
			watch_free(w);
			conn->nwatches--;
			return 0;
		}
	}
	return ENOENT;
}

void xs_watch_remove_all(struct xs_conn *conn)
{
	struct xs_watch *w;

	while ((w = conn->watches)) {
		conn->watches = w->next;
		watch_free(w);
	}
	conn->nwatches = 0;
}

/* The path an event names for watch 'w': relative to home if 'w' was. */
static const char *event_path(const struct xs_conn *conn,
			      const struct xs_watch *w, const char *path)
{
	size_t len = strlen(conn->home);

	if (w->relative && !strncmp(path, conn->home, len) &&
	    path[len] == '/')
		return path + len + 1;
	return path;
}

static void notify_watches(struct xs_conn *conn, const char *path,
			   bool exact)
{
	const struct xs_watch *w;
	bool match;

	for (w = conn->watches; w; w = w->next) {
		match = exact ? !strcmp(path, w->path)
			      : xs_path_is_child(path, w->path);
		if (match)
			xs_conn_event(conn, event_path(conn, w, path),
				      w->token);
	}
}

static const struct xs_perms *special_perms(struct xs_daemon *xs,
					    const char *path)
{
	if (!strcmp(path, "@introduceDomain"))
		return &xs->introduce_perms;
	if (!strcmp(path, "@releaseDomain"))
		return &xs->release_perms;
	return NULL;
}

static bool may_read(const struct xs_conn *conn, const struct xs_perms *p)
{
	return p && (xs_perms_access(conn, p) & XS_PERM_READ);
}

/* The permission lists that decide who hears of a change at 'path'. */
struct event_perms {
	const struct xs_perms *old, *node, *parent;
};

static void find_event_perms(struct xs_daemon *xs, const char *path,
			     const struct xs_perms *old,
			     struct event_perms *ep)
{
	const struct xs_node *node = xs_store_find(xs, path);
	const struct xs_node *parent = NULL;
	char *parent_path;

	ep->old = old;
	ep->node = node ? &node->perms : NULL;
	ep->parent = NULL;
	if (!old && !node)
		return;		/* gone, and its permissions unknown */
	parent_path = xs_path_parent(path);
	if (parent_path && strcmp(path, "/"))
		parent = xs_store_find(xs, parent_path);
	free(parent_path);
	ep->parent = parent ? &parent->perms : NULL;
}

void xs_watch_fire(struct xs_daemon *xs, const char *path, bool exact,
		   const struct xs_perms *old_perms)
{
	struct event_perms ep = { NULL, NULL, NULL };
	struct xs_conn *conn;
	bool special = xs_path_is_special(path);

	if (special)
		ep.node = special_perms(xs, path);
	else
		find_event_perms(xs, path, old_perms, &ep);
	for (conn = xs->conns; conn; conn = conn->next) {
		if (!conn->watches)
			continue;
		if (may_read(conn, ep.old) || may_read(conn, ep.node) ||
		    may_read(conn, ep.parent))
			notify_watches(conn, path, exact);
	}
}
