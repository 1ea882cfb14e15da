/*
 * Domains as xenstored knows them: the number of nodes each owns, and
 * for an introduced domU its ring connection.  Facts from Xen 4.17
 * (docs/misc/xenstore.txt, cxenstored):
 *
 * - INTRODUCE connects a domain and fires @introduceDomain; introducing
 *   it again resets its connection (watches, transactions, output) and
 *   rebinds its event channel, without an event.
 * - RELEASE, or the domain's destruction, disconnects it, removes the
 *   nodes it owns with everything below them, and fires @releaseDomain.
 *   Permission entries naming it are dropped (ownership passes to dom0)
 *   so a later domain with the same id inherits nothing.
 * - A domain that shuts down or crashes fires @releaseDomain once, and
 *   again only after RESUME.
 * - SET_TARGET gives a domain (a device model) its target's rights.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

#define NBUCKETS (sizeof(((struct xs_daemon *)0)->domains) / \
		  sizeof(((struct xs_daemon *)0)->domains[0]))

static struct xs_domain **bucket(struct xs_daemon *xs, uint32_t domid)
{
	return &xs->domains[domid % NBUCKETS];
}

struct xs_domain *xs_domain_find(struct xs_daemon *xs, uint32_t domid)
{
	struct xs_domain *d;

	for (d = *bucket(xs, domid); d; d = d->next)
		if (d->domid == domid)
			return d;
	return NULL;
}

/* Found or made; NULL without memory. */
struct xs_domain *xs_domain_get(struct xs_daemon *xs, uint32_t domid)
{
	struct xs_domain *d = xs_domain_find(xs, domid);

	if (d)
		return d;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->domid = domid;
	d->next = *bucket(xs, domid);
	*bucket(xs, domid) = d;
	return d;
}

/* Forget a domain that owns nothing and is not connected. */
void xs_domain_put(struct xs_daemon *xs, struct xs_domain *d)
{
	struct xs_domain **pp;

	if (d->entries || d->conn)
		return;
	for (pp = bucket(xs, d->domid); *pp != d; pp = &(*pp)->next)
		;
	*pp = d->next;
	free(d);
}

void xs_domains_free(struct xs_daemon *xs)
{
	struct xs_domain *d;
	size_t i;

	for (i = 0; i < NBUCKETS; i++) {
		while ((d = xs->domains[i])) {
			xs->domains[i] = d->next;
			free(d);
		}
	}
}

static struct xs_domain *find_introduced(struct xs_daemon *xs,
					 uint32_t domid)
{
	struct xs_domain *d = xs_domain_find(xs, domid);

	return d && d->conn ? d : NULL;
}

bool xs_domain_is_introduced(struct xs_daemon *xs, uint32_t domid)
{
	return domid == 0 || find_introduced(xs, domid);
}

static int call_introduce_hook(struct xs_daemon *xs, struct xs_conn *conn,
			       uint64_t gfn, uint32_t evtchn)
{
	if (!xs->hooks.introduce)
		return 0;
	return xs->hooks.introduce(xs->hooks.arg, conn, gfn, evtchn);
}

int xs_domain_introduce(struct xs_daemon *xs, uint32_t domid, uint64_t gfn,
			uint32_t evtchn)
{
	struct xs_domain *d = xs_domain_get(xs, domid);
	struct xs_conn *conn;
	int err;

	if (!d)
		return ENOMEM;
	if (d->conn) {
		xs_conn_reset(d->conn);
		return call_introduce_hook(xs, d->conn, gfn, evtchn);
	}
	conn = xs_conn_new(xs, domid);
	if (!conn) {
		xs_domain_put(xs, d);
		return ENOMEM;
	}
	err = call_introduce_hook(xs, conn, gfn, evtchn);
	if (err) {
		xs_conn_free(conn);
		xs_domain_put(xs, d);
		return err;
	}
	d->conn = conn;
	d->shutdown = false;
	xs_watch_fire(xs, "@introduceDomain", true, NULL);
	return 0;
}

/* Paths of the committed nodes 'domid' owns (malloc'd array). */
static char **owned_paths(struct xs_daemon *xs, uint32_t domid, size_t *n)
{
	struct xs_domain *d = xs_domain_find(xs, domid);
	size_t max = d ? d->entries : 0;
	const struct xs_hlink *l = NULL;
	const struct xs_node *node;
	char **paths;

	*n = 0;
	paths = calloc(max ? max : 1, sizeof(*paths));
	if (!paths)
		return NULL;
	while (*n < max && (l = xs_htable_next(&xs->nodes, l))) {
		node = xs_container_of(l, const struct xs_node, link);
		if (node->perms.p[0].domid != domid)
			continue;
		paths[*n] = strdup(node->path);
		if (!paths[*n])
			break;
		(*n)++;
	}
	return paths;
}

static void remove_owned_nodes(struct xs_daemon *xs, uint32_t domid)
{
	struct xs_view v = { xs, NULL, NULL };
	size_t n, i;
	char **paths = owned_paths(xs, domid, &n);

	for (i = 0; paths && i < n; i++) {
		/* An earlier subtree may have held it; "/" stays. */
		if (strcmp(paths[i], "/") && xs_store_find(xs, paths[i]))
			xs_view_remove_tree(&v, paths[i], true);
		free(paths[i]);
	}
	free(paths);
}

static void forget_in_permissions(struct xs_daemon *xs, uint32_t domid)
{
	struct xs_hlink *l = NULL;
	struct xs_node *node;

	while ((l = xs_htable_next(&xs->nodes, l))) {
		node = xs_container_of(l, struct xs_node, link);
		if (node->perms.p[0].domid == domid &&
		    xs_store_change_owner(xs, domid, 0))
			continue;	/* no memory: keep it as it is */
		if (xs_perms_forget_domain(&node->perms, domid))
			xs_store_touch(xs, node);
	}
	xs_perms_forget_domain(&xs->introduce_perms, domid);
	xs_perms_forget_domain(&xs->release_perms, domid);
}

int xs_domain_release(struct xs_daemon *xs, uint32_t domid)
{
	struct xs_domain *d = domid ? find_introduced(xs, domid) : NULL;
	struct xs_conn *conn;

	if (!domid)
		return EINVAL;
	if (!d)
		return ENOENT;
	conn = d->conn;
	if (xs->hooks.release)
		xs->hooks.release(xs->hooks.arg, conn);
	xs_conn_reset(conn);
	remove_owned_nodes(xs, domid);
	forget_in_permissions(xs, domid);
	d->conn = NULL;
	xs_conn_free(conn);
	xs_domain_put(xs, d);
	xs_watch_fire(xs, "@releaseDomain", true, NULL);
	return 0;
}

int xs_domain_set_target(struct xs_daemon *xs, uint32_t domid,
			 uint32_t target)
{
	struct xs_domain *d = find_introduced(xs, domid);

	if (!d || !find_introduced(xs, target))
		return ENOENT;
	d->conn->target = target;
	return 0;
}

int xs_domain_resume(struct xs_daemon *xs, uint32_t domid)
{
	struct xs_domain *d = find_introduced(xs, domid);

	if (!domid)
		return EINVAL;
	if (!d)
		return ENOENT;
	d->shutdown = false;
	return 0;
}

void xs_domain_shutdown(struct xs_daemon *xs, unsigned int domid)
{
	struct xs_domain *d = find_introduced(xs, domid);

	if (!d || d->shutdown)
		return;
	d->shutdown = true;
	xs_watch_fire(xs, "@releaseDomain", true, NULL);
}

void xs_domain_destroyed(struct xs_daemon *xs, unsigned int domid)
{
	if (domid)
		xs_domain_release(xs, domid);
}
