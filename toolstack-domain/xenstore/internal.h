/*
 * xenstored internals: the structures every part shares and the
 * interface of each part (one file each, named in the comments).
 */
#ifndef TOOLSTACK_XENSTORE_INTERNAL_H
#define TOOLSTACK_XENSTORE_INTERNAL_H

#include <errno.h>
#include "xenstore.h"

#define XS_NO_GENERATION UINT64_MAX
#define XS_NO_DOMID UINT32_MAX

/* hashtable.c: string-keyed, intrusive, grows as it fills. */
struct xs_hlink {
	struct xs_hlink *next;
	uint32_t hash;
	const char *key;
};

struct xs_htable {
	struct xs_hlink **buckets;
	size_t nbuckets;
	size_t count;
};

int xs_htable_init(struct xs_htable *t);
void xs_htable_fini(struct xs_htable *t);
struct xs_hlink *xs_htable_find(const struct xs_htable *t, const char *key);
void xs_htable_insert(struct xs_htable *t, struct xs_hlink *link,
		      const char *key);
void xs_htable_remove(struct xs_htable *t, struct xs_hlink *link);
/* Iteration: first with prev == NULL; no insertion or removal meanwhile. */
struct xs_hlink *xs_htable_next(const struct xs_htable *t,
				const struct xs_hlink *prev);

#define xs_container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/* perms.c: permission lists and who may do what. */
enum {
	XS_PERM_NONE = 0,
	XS_PERM_READ = 1,
	XS_PERM_WRITE = 2,
	XS_PERM_OWNER = 4,	/* computed, never stored */
};

struct xs_perm {
	uint32_t domid;
	unsigned int access;	/* XS_PERM_READ | XS_PERM_WRITE */
};

/* p[0]: owner and the access of every domain not listed after it. */
struct xs_perms {
	unsigned int n;
	struct xs_perm *p;
};

unsigned int xs_perms_access(const struct xs_conn *conn,
			     const struct xs_perms *perms);
int xs_perms_parse(struct xs_perms *out, const char *strings,
		   unsigned int count);
size_t xs_perms_format(const struct xs_perms *perms, char *buf,
		       size_t size);
int xs_perms_copy(struct xs_perms *dst, const struct xs_perms *src);
void xs_perms_free(struct xs_perms *perms);
bool xs_perms_forget_domain(struct xs_perms *perms, uint32_t domid);

/* path.c: names of nodes. */
char *xs_path_canonical(const struct xs_conn *conn, const char *path,
			int *err);
bool xs_path_is_special(const char *path);
bool xs_path_is_child(const char *child, const char *parent);
const char *xs_path_basename(const char *path);
bool xs_path_to_parent(char *path);
char *xs_path_parent(const char *path);
char *xs_path_join(const char *parent, const char *name);

/* node.c: one node's record. */
struct xs_node {
	struct xs_hlink link;	/* in the store or a transaction */
	char *path;
	uint64_t generation;
	struct xs_perms perms;
	unsigned int valuelen;
	unsigned int childlen;
	char *value;
	char *children;		/* NUL-terminated basenames, oldest first */
};

struct xs_node *xs_node_new(const char *path, const struct xs_perms *perms,
			    const void *value, unsigned int valuelen);
struct xs_node *xs_node_clone(const struct xs_node *node);
void xs_node_free(struct xs_node *node);
int xs_node_set_value(struct xs_node *node, const void *value,
		      unsigned int len);
int xs_node_add_child(struct xs_node *node, const char *name);
void xs_node_remove_child(struct xs_node *node, const char *name);
size_t xs_node_size(const struct xs_node *node);

/* store.c: the committed tree, path -> node, and who owns how many. */
struct xs_node *xs_store_find(struct xs_daemon *xs, const char *path);
void xs_store_touch(struct xs_daemon *xs, struct xs_node *node);
void xs_store_link(struct xs_daemon *xs, struct xs_node *node);
void xs_store_unlink(struct xs_daemon *xs, struct xs_node *node);
int xs_store_count_owner(struct xs_daemon *xs, uint32_t domid);
void xs_store_uncount_owner(struct xs_daemon *xs, uint32_t domid);
int xs_store_insert(struct xs_daemon *xs, struct xs_node *node);
void xs_store_remove(struct xs_daemon *xs, struct xs_node *node);
int xs_store_change_owner(struct xs_daemon *xs, uint32_t old_owner,
			  uint32_t new_owner);

/* view.c: the tree as a request sees it, directly or in a transaction. */
struct xs_tx;

struct xs_view {
	struct xs_daemon *xs;
	struct xs_conn *conn;
	struct xs_tx *tx;		/* NULL: the committed tree */
};

int xs_view_get(struct xs_view *v, const char *path,
		const struct xs_node **node);
int xs_view_set_value(struct xs_view *v, const char *path,
		      const void *value, unsigned int len);
int xs_view_set_perms(struct xs_view *v, const char *path,
		      const struct xs_perms *perms);
int xs_view_create(struct xs_view *v, const char *path,
		   const struct xs_perms *perms, const void *value,
		   unsigned int len);
int xs_view_delete(struct xs_view *v, const char *path);
void xs_view_event(struct xs_view *v, const char *path, bool exact,
		   const struct xs_perms *perms);
int xs_view_remove_tree(struct xs_view *v, const char *path, bool announce);
unsigned int xs_view_entries(struct xs_view *v, uint32_t domid);

/* transaction.c: transactions of a connection. */
struct xs_tx_entry {
	struct xs_hlink link;		/* key: path */
	struct xs_tx_entry *next;	/* in order of first access */
	char *path;
	struct xs_node *node;		/* the transaction's copy; NULL:
					   absent in the transaction */
	uint64_t base_generation;	/* committed node's, at first access */
	bool modified;
	bool event;			/* fire watches at commit */
	bool event_exact;
};

struct xs_tx {
	struct xs_tx *next;		/* on the connection */
	uint32_t id;
	unsigned int naccessed;
	int entry_delta;		/* nodes gained by the connection's
					   domain */
	struct xs_htable entries;
	struct xs_tx_entry *first, *last;
};

int xs_tx_start(struct xs_conn *conn, uint32_t *id);
struct xs_tx *xs_tx_find(struct xs_conn *conn, uint32_t id);
int xs_tx_end(struct xs_conn *conn, struct xs_tx *tx, bool commit);
void xs_tx_destroy_all(struct xs_conn *conn);
int xs_tx_access(struct xs_view *v, const char *path,
		 struct xs_tx_entry **entry);

/* watch.c: watches and their events. */
struct xs_watch {
	struct xs_watch *next;
	char *path;		/* absolute, or @special */
	char *token;
	bool relative;		/* events name paths relative to home */
};

int xs_watch_add(struct xs_conn *conn, const char *path, const char *token,
		 bool relative);
int xs_watch_remove(struct xs_conn *conn, const char *path,
		    const char *token);
void xs_watch_remove_all(struct xs_conn *conn);
void xs_watch_fire(struct xs_daemon *xs, const char *path, bool exact,
		   const struct xs_perms *old_perms);

/* domain.c: domains, their connections and their node counts. */
struct xs_domain {
	struct xs_domain *next;		/* hash chain */
	uint32_t domid;
	unsigned int entries;		/* nodes it owns */
	struct xs_conn *conn;		/* introduced: its ring connection */
	bool shutdown;			/* @releaseDomain already fired */
};

struct xs_domain *xs_domain_find(struct xs_daemon *xs, uint32_t domid);
struct xs_domain *xs_domain_get(struct xs_daemon *xs, uint32_t domid);
void xs_domain_put(struct xs_daemon *xs, struct xs_domain *d);
void xs_domains_free(struct xs_daemon *xs);
int xs_domain_introduce(struct xs_daemon *xs, uint32_t domid, uint64_t gfn,
			uint32_t evtchn);
int xs_domain_release(struct xs_daemon *xs, uint32_t domid);
bool xs_domain_is_introduced(struct xs_daemon *xs, uint32_t domid);
int xs_domain_set_target(struct xs_daemon *xs, uint32_t domid,
			 uint32_t target);
int xs_domain_resume(struct xs_daemon *xs, uint32_t domid);

/* connection.c: connections and their queued output. */
struct xs_outmsg {
	struct xs_outmsg *next;
	size_t len;		/* header + payload */
	size_t sent;
	bool event;
	unsigned char data[];
};

struct xs_conn {
	struct xs_daemon *xs;
	struct xs_conn *next;		/* on the daemon */
	uint32_t domid;
	uint32_t target;		/* SET_TARGET, or XS_NO_DOMID */
	bool privileged;
	char home[24];			/* /local/domain/<domid> */
	void *priv;
	struct xs_watch *watches;
	unsigned int nwatches;
	struct xs_tx *txs;
	unsigned int ntxs;
	uint32_t next_txid;
	struct xs_outmsg *out_head, *out_tail;
	unsigned int replies;		/* queued replies */
	size_t event_bytes;		/* queued event bytes */
};

struct xs_conn *xs_conn_new(struct xs_daemon *xs, uint32_t domid);
void xs_conn_free(struct xs_conn *conn);
void xs_conn_reset(struct xs_conn *conn);
void xs_conn_reply(struct xs_conn *conn, const struct xsd_sockmsg *req,
		   uint32_t type, const void *data, size_t len);
void xs_conn_reply_string(struct xs_conn *conn,
			  const struct xsd_sockmsg *req, const char *s);
void xs_conn_error(struct xs_conn *conn, const struct xsd_sockmsg *req,
		   int err);
void xs_conn_event(struct xs_conn *conn, const char *path,
		   const char *token);
bool xs_conn_is_unprivileged(const struct xs_conn *conn);

/* request.c and ops_*.c: the requests. */
struct xs_request {
	struct xsd_sockmsg hdr;
	char *data;		/* payload, NUL appended */
	unsigned int len;	/* payload bytes, without that NUL */
	unsigned int nstrings;	/* NULs in the payload */
};

typedef int xs_op_fn(struct xs_view *v, struct xs_request *req);

xs_op_fn xs_op_read, xs_op_write, xs_op_mkdir, xs_op_rm, xs_op_directory,
	xs_op_directory_part, xs_op_get_perms, xs_op_set_perms;
xs_op_fn xs_op_watch, xs_op_unwatch, xs_op_reset_watches,
	xs_op_transaction_start, xs_op_transaction_end;
xs_op_fn xs_op_introduce, xs_op_release, xs_op_get_domain_path,
	xs_op_is_domain_introduced, xs_op_resume, xs_op_set_target;
xs_op_fn xs_op_control;

const char *xs_request_arg(const struct xs_request *req, unsigned int n);
const char *xs_request_onearg(const struct xs_request *req);
int xs_parse_uint(const char *s, uint64_t max, uint64_t *val);
int xs_parse_domid(const char *s, uint32_t *domid);
void xs_reply_ok(struct xs_view *v, const struct xs_request *req);

/* The daemon. */
struct xs_daemon {
	struct xs_limits limits;
	struct xs_hooks hooks;
	struct xs_htable nodes;
	uint64_t generation;
	struct xs_conn *conns;
	struct xs_domain *domains[64];
	struct xs_perms introduce_perms;	/* of @introduceDomain */
	struct xs_perms release_perms;		/* of @releaseDomain */
};

#endif
