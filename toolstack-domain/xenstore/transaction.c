/*
 * Transactions.  The first time a transaction touches a path (read or
 * write, present or not) it copies the committed node, or notes its
 * absence, together with the node's generation; from then on the
 * transaction works on its copy.  Commit checks that every touched
 * path still has the generation it had: if anything the transaction
 * read or wrote changed meanwhile, the commit fails with EAGAIN (Xen's
 * rule; Linux retries).  Otherwise the changed copies replace the
 * committed nodes and the remembered watches fire.
 *
 * An unprivileged transaction touches at most limits.transaction_nodes
 * paths (ENOSPC), and at commit its domain may not end up owning more
 * than limits.nodes nodes (ENOSPC).
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

struct xs_tx *xs_tx_find(struct xs_conn *conn, uint32_t id)
{
	struct xs_tx *tx;

	for (tx = conn->txs; tx; tx = tx->next)
		if (tx->id == id)
			return tx;
	return NULL;
}

/* Transaction ids are never 0 (no transaction) nor one still open. */
static uint32_t next_id(struct xs_conn *conn)
{
	uint32_t id;

	do {
		id = conn->next_txid++;
	} while (id == 0 || xs_tx_find(conn, id));
	return id;
}

int xs_tx_start(struct xs_conn *conn, uint32_t *id)
{
	struct xs_tx *tx = calloc(1, sizeof(*tx));

	if (!tx)
		return ENOMEM;
	if (xs_htable_init(&tx->entries)) {
		free(tx);
		return ENOMEM;
	}
	tx->id = *id = next_id(conn);
	tx->next = conn->txs;
	conn->txs = tx;
	conn->ntxs++;
	return 0;
}

static void tx_free(struct xs_tx *tx)
{
	struct xs_tx_entry *e, *next;

	for (e = tx->first; e; e = next) {
		next = e->next;
		xs_node_free(e->node);
		free(e->path);
		free(e);
	}
	xs_htable_fini(&tx->entries);
	free(tx);
}

static struct xs_tx_entry *new_entry(struct xs_daemon *xs, const char *path)
{
	struct xs_tx_entry *e = calloc(1, sizeof(*e));
	struct xs_node *committed = xs_store_find(xs, path);

	if (!e)
		return NULL;
	e->path = strdup(path);
	e->base_generation = XS_NO_GENERATION;
	if (committed) {
		e->node = xs_node_clone(committed);
		e->base_generation = committed->generation;
	}
	if (!e->path || (committed && !e->node)) {
		xs_node_free(e->node);
		free(e->path);
		free(e);
		return NULL;
	}
	return e;
}

/* The transaction's entry for 'path', made on first access. */
int xs_tx_access(struct xs_view *v, const char *path,
		 struct xs_tx_entry **entry)
{
	struct xs_tx *tx = v->tx;
	struct xs_hlink *l = xs_htable_find(&tx->entries, path);
	struct xs_tx_entry *e;

	if (l) {
		*entry = xs_container_of(l, struct xs_tx_entry, link);
		return 0;
	}
	if (xs_conn_is_unprivileged(v->conn) &&
	    tx->naccessed >= v->xs->limits.transaction_nodes)
		return ENOSPC;
	e = new_entry(v->xs, path);
	if (!e)
		return ENOMEM;
	xs_htable_insert(&tx->entries, &e->link, e->path);
	if (tx->last)
		tx->last->next = e;
	else
		tx->first = e;
	tx->last = e;
	tx->naccessed++;
	*entry = e;
	return 0;
}

static bool unchanged_since_access(struct xs_daemon *xs,
				   const struct xs_tx *tx)
{
	const struct xs_tx_entry *e;
	const struct xs_node *now;

	for (e = tx->first; e; e = e->next) {
		now = xs_store_find(xs, e->path);
		if ((now ? now->generation : XS_NO_GENERATION) !=
		    e->base_generation)
			return false;
	}
	return true;
}

/* Count the owners of all new copies first: the only step that fails. */
static int count_new_owners(struct xs_daemon *xs, const struct xs_tx *tx)
{
	const struct xs_tx_entry *e, *undo;

	for (e = tx->first; e; e = e->next) {
		if (!e->modified || !e->node)
			continue;
		if (xs_store_count_owner(xs, e->node->perms.p[0].domid))
			goto fail;
	}
	return 0;
fail:
	for (undo = tx->first; undo != e; undo = undo->next)
		if (undo->modified && undo->node)
			xs_store_uncount_owner(xs, undo->node->perms.p[0].domid);
	return ENOMEM;
}

static void apply(struct xs_daemon *xs, struct xs_tx_entry *e)
{
	struct xs_node *old = xs_store_find(xs, e->path);

	if (old)
		xs_store_unlink(xs, old);
	if (e->node) {
		xs_store_link(xs, e->node);
		if (!old && e->event)
			xs_watch_fire(xs, e->path, e->event_exact,
				      &e->node->perms);
		e->node = NULL;		/* now the store's */
	}
	if (old) {
		if (e->event)
			xs_watch_fire(xs, e->path, e->event_exact,
				      &old->perms);
		xs_store_uncount_owner(xs, old->perms.p[0].domid);
		xs_node_free(old);
	}
}

static int commit(struct xs_conn *conn, struct xs_tx *tx)
{
	struct xs_daemon *xs = conn->xs;
	struct xs_domain *d = xs_domain_find(xs, conn->domid);
	struct xs_tx_entry *e;
	int err;

	if (!unchanged_since_access(xs, tx))
		return EAGAIN;
	if (xs_conn_is_unprivileged(conn) && tx->entry_delta > 0 &&
	    (d ? d->entries : 0) + tx->entry_delta > xs->limits.nodes)
		return ENOSPC;
	err = count_new_owners(xs, tx);
	if (err)
		return err;
	for (e = tx->first; e; e = e->next)
		if (e->modified)
			apply(xs, e);
	return 0;
}

/* Ends (commits or discards) and frees 'tx'; the commit's result. */
int xs_tx_end(struct xs_conn *conn, struct xs_tx *tx, bool do_commit)
{
	struct xs_tx **pp = &conn->txs;
	int err = 0;

	while (*pp != tx)
		pp = &(*pp)->next;
	*pp = tx->next;
	conn->ntxs--;
	if (do_commit)
		err = commit(conn, tx);
	tx_free(tx);
	return err;
}

void xs_tx_destroy_all(struct xs_conn *conn)
{
	while (conn->txs)
		xs_tx_end(conn, conn->txs, false);
}
