/*
 * The daemon: its limits, hooks and initial tree.  Like cxenstored it
 * starts with "/", "/tool" and "/tool/xenstored", owned by dom0 with no
 * access for others; the toolstack makes /local/domain and the rest.
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

const struct xs_limits xs_default_limits = {
	.nodes = 1000,
	.watches = 128,
	.transactions = 10,
	.transaction_nodes = 1024,
	.node_size = 2048,
	.permissions = 5,
	.outstanding = 20,
	.event_bytes = 64 * 1024,
};

static struct xs_perm dom0_only = { 0, XS_PERM_NONE };
static const struct xs_perms dom0_only_perms = { 1, &dom0_only };

static int add_initial_node(struct xs_daemon *xs, const char *path)
{
	struct xs_view v = { xs, NULL, NULL };

	if (!strcmp(path, "/")) {
		struct xs_node *root = xs_node_new("/", &dom0_only_perms,
						   NULL, 0);

		if (!root)
			return ENOMEM;
		if (xs_store_insert(xs, root)) {
			xs_node_free(root);
			return ENOMEM;
		}
		return 0;
	}
	return xs_view_create(&v, path, &dom0_only_perms, NULL, 0);
}

struct xs_daemon *xs_daemon_create(const struct xs_limits *limits,
				   const struct xs_hooks *hooks)
{
	static const char *const initial[] = {
		"/", "/tool", "/tool/xenstored",
	};
	struct xs_daemon *xs = calloc(1, sizeof(*xs));
	size_t i;

	if (!xs)
		return NULL;
	xs->limits = limits ? *limits : xs_default_limits;
	if (hooks)
		xs->hooks = *hooks;
	if (xs_htable_init(&xs->nodes) ||
	    xs_perms_copy(&xs->introduce_perms, &dom0_only_perms) ||
	    xs_perms_copy(&xs->release_perms, &dom0_only_perms))
		goto fail;
	for (i = 0; i < sizeof(initial) / sizeof(initial[0]); i++)
		if (add_initial_node(xs, initial[i]))
			goto fail;
	return xs;
fail:
	xs_daemon_destroy(xs);
	return NULL;
}

void xs_daemon_destroy(struct xs_daemon *xs)
{
	struct xs_hlink *l;

	while (xs->conns)
		xs_conn_free(xs->conns);
	if (xs->nodes.buckets) {
		while ((l = xs_htable_next(&xs->nodes, NULL))) {
			xs_htable_remove(&xs->nodes, l);
			xs_node_free(xs_container_of(l, struct xs_node, link));
		}
	}
	xs_htable_fini(&xs->nodes);
	xs_domains_free(xs);
	xs_perms_free(&xs->introduce_perms);
	xs_perms_free(&xs->release_perms);
	free(xs);
}
