/*
 * The committed tree: every node by its full path in one hash table, and
 * per domain the number of nodes it owns (for the nodes quota).  Every
 * change stamps the node with a new generation, which is how
 * transactions detect conflicts.
 *
 * Counting is separate from linking so that a transaction's commit can
 * take all the counts it needs (the only step that can fail) first.
 */
#include "internal.h"

struct xs_node *xs_store_find(struct xs_daemon *xs, const char *path)
{
	struct xs_hlink *l = xs_htable_find(&xs->nodes, path);

	return l ? xs_container_of(l, struct xs_node, link) : NULL;
}

void xs_store_touch(struct xs_daemon *xs, struct xs_node *node)
{
	node->generation = ++xs->generation;
}

void xs_store_link(struct xs_daemon *xs, struct xs_node *node)
{
	xs_store_touch(xs, node);
	xs_htable_insert(&xs->nodes, &node->link, node->path);
}

void xs_store_unlink(struct xs_daemon *xs, struct xs_node *node)
{
	xs_htable_remove(&xs->nodes, &node->link);
}

int xs_store_count_owner(struct xs_daemon *xs, uint32_t domid)
{
	struct xs_domain *owner = xs_domain_get(xs, domid);

	if (!owner)
		return ENOMEM;
	owner->entries++;
	return 0;
}

void xs_store_uncount_owner(struct xs_daemon *xs, uint32_t domid)
{
	struct xs_domain *owner = xs_domain_find(xs, domid);

	owner->entries--;
	xs_domain_put(xs, owner);
}

/* ENOMEM only if the owner's count cannot be kept; nothing changed then. */
int xs_store_insert(struct xs_daemon *xs, struct xs_node *node)
{
	int err = xs_store_count_owner(xs, node->perms.p[0].domid);

	if (!err)
		xs_store_link(xs, node);
	return err;
}

/* Takes 'node' out of the tree; the caller frees it. */
void xs_store_remove(struct xs_daemon *xs, struct xs_node *node)
{
	xs_store_unlink(xs, node);
	xs_store_uncount_owner(xs, node->perms.p[0].domid);
}

/* A committed node changes owner; ENOMEM leaves the counts as they were. */
int xs_store_change_owner(struct xs_daemon *xs, uint32_t old_owner,
			  uint32_t new_owner)
{
	int err;

	if (old_owner == new_owner)
		return 0;
	err = xs_store_count_owner(xs, new_owner);
	if (!err)
		xs_store_uncount_owner(xs, old_owner);
	return err;
}
