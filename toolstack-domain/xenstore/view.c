/*
 * The tree as one request sees it: the committed tree, or a
 * transaction's copy-on-access overlay of it.  Every change to nodes
 * goes through here, so direct requests and transactions share one
 * implementation of each operation.
 *
 * Outside a transaction a change is committed at once and its watches
 * fire at once; inside, the transaction's copies change and the watches
 * are remembered for the commit.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

int xs_view_get(struct xs_view *v, const char *path,
		const struct xs_node **node)
{
	struct xs_tx_entry *e;
	int err;

	if (!v->tx) {
		*node = xs_store_find(v->xs, path);
		return *node ? 0 : ENOENT;
	}
	err = xs_tx_access(v, path, &e);
	if (err)
		return err;
	*node = e->node;
	return e->node ? 0 : ENOENT;
}

/* The node to change: committed (stamped now), or the transaction's. */
static int writable(struct xs_view *v, const char *path,
		    struct xs_node **node, struct xs_tx_entry **entry)
{
	struct xs_tx_entry *e;
	int err;

	if (!v->tx) {
		*node = xs_store_find(v->xs, path);
		if (!*node)
			return ENOENT;
		xs_store_touch(v->xs, *node);
		return 0;
	}
	err = xs_tx_access(v, path, &e);
	if (err)
		return err;
	if (!e->node)
		return ENOENT;
	e->modified = true;
	e->node->generation = ++v->xs->generation;
	*node = e->node;
	if (entry)
		*entry = e;
	return 0;
}

static int writable_parent(struct xs_view *v, const char *path,
			   struct xs_node **parent)
{
	char *parent_path = xs_path_parent(path);
	int err;

	if (!parent_path)
		return ENOMEM;
	err = writable(v, parent_path, parent, NULL);
	free(parent_path);
	return err;
}

/* A transaction keeps count of the nodes its connection's domain gains. */
static void tx_count(struct xs_view *v, uint32_t owner, int delta)
{
	if (owner == v->conn->domid)
		v->tx->entry_delta += delta;
}

int xs_view_set_value(struct xs_view *v, const char *path,
		      const void *value, unsigned int len)
{
	struct xs_node *node;
	int err = writable(v, path, &node, NULL);

	return err ? err : xs_node_set_value(node, value, len);
}

int xs_view_set_perms(struct xs_view *v, const char *path,
		      const struct xs_perms *perms)
{
	struct xs_node *node;
	struct xs_perms copy;
	uint32_t old_owner;
	int err;

	err = writable(v, path, &node, NULL);
	if (err)
		return err;
	err = xs_perms_copy(&copy, perms);
	if (err)
		return err;
	old_owner = node->perms.p[0].domid;
	if (v->tx) {
		tx_count(v, old_owner, -1);
		tx_count(v, copy.p[0].domid, 1);
	} else {
		err = xs_store_change_owner(v->xs, old_owner, copy.p[0].domid);
		if (err) {
			xs_perms_free(&copy);
			return err;
		}
	}
	xs_perms_free(&node->perms);
	node->perms = copy;
	return 0;
}

/* 'path' must not exist and its parent must. */
int xs_view_create(struct xs_view *v, const char *path,
		   const struct xs_perms *perms, const void *value,
		   unsigned int len)
{
	struct xs_tx_entry *e = NULL;
	struct xs_node *parent, *node;
	int err;

	err = writable_parent(v, path, &parent);
	if (!err && v->tx)
		err = xs_tx_access(v, path, &e);
	if (err)
		return err;

	node = xs_node_new(path, perms, value, len);
	if (!node)
		return ENOMEM;
	err = xs_node_add_child(parent, xs_path_basename(path));
	if (!err && !v->tx) {
		err = xs_store_insert(v->xs, node);
		if (err)
			xs_node_remove_child(parent, xs_path_basename(path));
	}
	if (err) {
		xs_node_free(node);
		return err;
	}
	if (e) {
		node->generation = ++v->xs->generation;
		e->node = node;
		e->modified = true;
		tx_count(v, node->perms.p[0].domid, 1);
	}
	return 0;
}

/* 'path' (not "/") must exist, its children already deleted. */
int xs_view_delete(struct xs_view *v, const char *path)
{
	struct xs_tx_entry *e = NULL;
	struct xs_node *parent, *node;
	int err;

	err = writable(v, path, &node, &e);
	if (!err)
		err = writable_parent(v, path, &parent);
	if (err)
		return err;

	xs_node_remove_child(parent, xs_path_basename(path));
	if (e) {
		tx_count(v, node->perms.p[0].domid, -1);
		e->node = NULL;
	} else {
		xs_store_remove(v->xs, node);
	}
	xs_node_free(node);
	return 0;
}

/*
 * Watches for a change at 'path' ('exact': only watches on 'path'
 * itself).  'perms' are the node's before the change, so a domain that
 * loses access still hears of it.
 */
void xs_view_event(struct xs_view *v, const char *path, bool exact,
		   const struct xs_perms *perms)
{
	struct xs_hlink *l;
	struct xs_tx_entry *e;

	if (!v->tx) {
		xs_watch_fire(v->xs, path, exact, perms);
		return;
	}
	/* Only paths the transaction changed, so already accessed. */
	l = xs_htable_find(&v->tx->entries, path);
	e = xs_container_of(l, struct xs_tx_entry, link);
	e->event_exact = e->event ? e->event_exact && exact : exact;
	e->event = true;
}

unsigned int xs_view_entries(struct xs_view *v, uint32_t domid)
{
	struct xs_domain *d = xs_domain_find(v->xs, domid);
	int n = d ? (int)d->entries : 0;

	if (v->tx && domid == v->conn->domid)
		n += v->tx->entry_delta;
	return n > 0 ? n : 0;
}

/* The paths of the subtree at 'root', each parent before its children. */
static int collect_subtree(struct xs_view *v, const char *root,
			   char ***paths, size_t *count)
{
	const struct xs_node *node;
	size_t n = 0, cap = 16, i;
	unsigned int off;
	char **list, **bigger;
	int err = ENOMEM;

	list = malloc(cap * sizeof(*list));
	if (!list || !(list[n++] = strdup(root)))
		goto fail;
	for (i = 0; i < n; i++) {
		err = xs_view_get(v, list[i], &node);
		if (err)
			goto fail;
		err = ENOMEM;
		for (off = 0; off < node->childlen;
		     off += strlen(node->children + off) + 1) {
			if (n == cap) {
				bigger = realloc(list, 2 * cap * sizeof(*list));
				if (!bigger)
					goto fail;
				list = bigger;
				cap *= 2;
			}
			list[n] = xs_path_join(list[i], node->children + off);
			if (!list[n++])
				goto fail;
		}
	}
	*paths = list;
	*count = n;
	return 0;
fail:
	while (list && n--)
		free(list[n]);
	free(list);
	return err;
}

/*
 * Remove 'path' and everything below it, deepest first.  If 'announce',
 * as in Xen, the removal fires watches on 'path' and above it, and each
 * node below fires only the watches set exactly on it.  Nothing is
 * removed if the subtree cannot be read completely.
 */
int xs_view_remove_tree(struct xs_view *v, const char *path, bool announce)
{
	const struct xs_node *node;
	char **paths = NULL;
	size_t n = 0, i;
	int err;

	err = collect_subtree(v, path, &paths, &n);
	if (err)
		return err;
	for (i = n; i-- > 0;) {
		if (!err)
			err = xs_view_get(v, paths[i], &node);
		if (!err) {
			if (announce)
				xs_view_event(v, paths[i], i != 0,
					      &node->perms);
			err = xs_view_delete(v, paths[i]);
		}
		free(paths[i]);
	}
	free(paths);
	return err;
}
