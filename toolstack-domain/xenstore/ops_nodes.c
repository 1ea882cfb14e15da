/*
 * The requests on nodes: READ, WRITE, MKDIR, RM, DIRECTORY,
 * DIRECTORY_PART, GET_PERMS, SET_PERMS (docs/misc/xenstore.txt; error
 * choices from cxenstored 4.17).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/*
 * Why a node is missing or forbidden: ENOENT only if the nearest
 * existing ancestor grants some of 'perm', else EACCES, so a guest
 * learns nothing about nodes it may not see.
 */
static int error_from_ancestors(struct xs_view *v, const char *path,
				unsigned int perm, int err)
{
	const struct xs_node *node = NULL;
	char *ancestor = strdup(path);
	int lookup = ENOENT;

	if (!ancestor)
		return ENOMEM;
	while (lookup == ENOENT && xs_path_to_parent(ancestor))
		lookup = xs_view_get(v, ancestor, &node);
	free(ancestor);
	if (lookup && lookup != ENOENT)
		return lookup;
	if (!lookup && (xs_perms_access(v->conn, &node->perms) & perm))
		return err;
	return EACCES;
}

/* The node at 'path' if the connection has all of 'perm' on it. */
static int get_checked(struct xs_view *v, const char *path,
		       unsigned int perm, const struct xs_node **node)
{
	int err = xs_view_get(v, path, node);

	if (!err) {
		if ((xs_perms_access(v->conn, &(*node)->perms) & perm) == perm)
			return 0;
		err = EACCES;
	} else if (err != ENOENT) {
		return err;
	}
	return error_from_ancestors(v, path, perm, err);
}

/* The canonical path of the request's only argument. */
static char *onearg_path(struct xs_view *v, const struct xs_request *req,
			 int *err)
{
	const char *arg = xs_request_onearg(req);

	if (!arg) {
		*err = EINVAL;
		return NULL;
	}
	return xs_path_canonical(v->conn, arg, err);
}

/* Quotas on one node, for unprivileged connections only. */
static int check_node_size(struct xs_view *v, size_t size)
{
	if (xs_conn_is_unprivileged(v->conn) &&
	    size >= v->xs->limits.node_size)
		return ENOSPC;
	return 0;
}

static int check_new_node(struct xs_view *v, const struct xs_node *parent,
			  const char *path, const struct xs_perms *perms,
			  unsigned int valuelen)
{
	size_t child_entry = strlen(xs_path_basename(path)) + 1;

	if (xs_conn_is_unprivileged(v->conn) &&
	    xs_view_entries(v, v->conn->domid) >= v->xs->limits.nodes)
		return ENOSPC;
	if (check_node_size(v, xs_node_size(parent) + child_entry))
		return ENOSPC;
	return check_node_size(v, valuelen + perms->n * 8);
}

/* Create one missing node below the existing 'parent'. */
static int create_one(struct xs_view *v, const char *path,
		      const void *value, unsigned int len)
{
	const struct xs_node *parent;
	struct xs_perms perms;
	char *parent_path = xs_path_parent(path);
	int err;

	if (!parent_path)
		return ENOMEM;
	err = xs_view_get(v, parent_path, &parent);
	free(parent_path);
	if (err)
		return err;
	err = xs_perms_copy(&perms, &parent->perms);
	if (err)
		return err;
	/* Unprivileged domains own what they create. */
	if (xs_conn_is_unprivileged(v->conn))
		perms.p[0].domid = v->conn->domid;
	err = check_new_node(v, parent, path, &perms, len);
	if (!err)
		err = xs_view_create(v, path, &perms, value, len);
	xs_perms_free(&perms);
	return err;
}

/*
 * Create 'path' with 'value' and its missing ancestors, empty, top
 * down.  On failure the nodes made so far are removed again, quietly:
 * their creation was never announced.
 */
static int create_path(struct xs_view *v, const char *path,
		       const void *value, unsigned int len)
{
	const struct xs_node *node;
	char *prefix = strdup(path), *first_new = NULL, *slash;
	int err = prefix ? 0 : ENOMEM;

	for (slash = prefix; !err && (slash = strchr(slash + 1, '/'));) {
		*slash = '\0';
		err = xs_view_get(v, prefix, &node);
		if (err == ENOENT) {
			err = create_one(v, prefix, NULL, 0);
			if (!err && !first_new && !(first_new = strdup(prefix)))
				err = ENOMEM;
		}
		*slash = '/';
	}
	if (!err)
		err = create_one(v, path, value, len);
	if (err && first_new)
		xs_view_remove_tree(v, first_new, false);
	free(first_new);
	free(prefix);
	return err;
}

/*
 * The requests on <path>|: the node, looked up with 'perm', goes to
 * 'fn' (NULL if missing and 'missing_ok'), which replies.
 */
typedef int node_fn(struct xs_view *v, struct xs_request *req,
		    const char *path, const struct xs_node *node);

static int on_node(struct xs_view *v, struct xs_request *req,
		   unsigned int perm, bool missing_ok, node_fn *fn)
{
	const struct xs_node *node;
	char *path;
	int err;

	path = onearg_path(v, req, &err);
	if (!path)
		return err;
	err = get_checked(v, path, perm, &node);
	if (err == ENOENT && missing_ok) {
		node = NULL;
		err = 0;
	}
	if (!err)
		err = fn(v, req, path, node);
	free(path);
	return err;
}

static int reply_value(struct xs_view *v, struct xs_request *req,
		       const char *path, const struct xs_node *node)
{
	(void)path;
	xs_conn_reply(v->conn, &req->hdr, XS_READ, node->value,
		      node->valuelen);
	return 0;
}

int xs_op_read(struct xs_view *v, struct xs_request *req)
{
	return on_node(v, req, XS_PERM_READ, false, reply_value);
}

/* WRITE <path>|<value|>: creates missing ancestors, always fires. */
int xs_op_write(struct xs_view *v, struct xs_request *req)
{
	const struct xs_node *node;
	const char *value;
	unsigned int len;
	char *path;
	int err;

	if (req->nstrings < 1)
		return EINVAL;
	value = req->data + strlen(req->data) + 1;
	len = req->len - (value - req->data);
	path = xs_path_canonical(v->conn, req->data, &err);
	if (!path)
		return err;
	err = get_checked(v, path, XS_PERM_WRITE, &node);
	if (!err) {
		err = check_node_size(v, xs_node_size(node) - node->valuelen +
					 len);
		if (!err)
			err = xs_view_set_value(v, path, value, len);
	} else if (err == ENOENT) {
		err = create_path(v, path, value, len);
	}
	if (!err) {
		xs_view_event(v, path, false, NULL);
		xs_reply_ok(v, req);
	}
	free(path);
	return err;
}

/* MKDIR <path>|: an existing node is left alone, without an event. */
static int make_directory(struct xs_view *v, struct xs_request *req,
			  const char *path, const struct xs_node *node)
{
	int err = 0;

	if (!node) {
		err = create_path(v, path, NULL, 0);
		if (!err)
			xs_view_event(v, path, false, NULL);
	}
	if (!err)
		xs_reply_ok(v, req);
	return err;
}

int xs_op_mkdir(struct xs_view *v, struct xs_request *req)
{
	return on_node(v, req, XS_PERM_WRITE, true, make_directory);
}

/* RM <path>|: a missing node is fine if its parent exists; "/" stays. */
static int remove_node(struct xs_view *v, struct xs_request *req,
		       const char *path, const struct xs_node *node)
{
	const struct xs_node *parent;
	char *parent_path;
	int err;

	if (node) {
		err = strcmp(path, "/") ? xs_view_remove_tree(v, path, true)
					: EINVAL;
	} else {
		parent_path = xs_path_parent(path);
		if (!parent_path)
			return ENOMEM;
		err = xs_view_get(v, parent_path, &parent);
		free(parent_path);
	}
	if (!err)
		xs_reply_ok(v, req);
	return err;
}

int xs_op_rm(struct xs_view *v, struct xs_request *req)
{
	return on_node(v, req, XS_PERM_WRITE, true, remove_node);
}

static int reply_children(struct xs_view *v, struct xs_request *req,
			  const char *path, const struct xs_node *node)
{
	(void)path;
	xs_conn_reply(v->conn, &req->hdr, XS_DIRECTORY, node->children,
		      node->childlen);
	return 0;
}

int xs_op_directory(struct xs_view *v, struct xs_request *req)
{
	return on_node(v, req, XS_PERM_READ, false, reply_children);
}

/*
 * DIRECTORY_PART <path>|<offset>|: <generation>|<names from offset>|*,
 * as many whole names as fit; an empty name (a second NUL) ends the
 * list on its last part.  The generation tells the caller whether the
 * list changed between parts.
 */
static void reply_directory_part(struct xs_view *v, struct xs_request *req,
				 const struct xs_node *node,
				 unsigned int off)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	size_t len, name;

	len = snprintf(buf, sizeof(buf), "%llu",
		       (unsigned long long)node->generation) + 1;
	while (off < node->childlen) {
		name = strlen(node->children + off) + 1;
		if (len + name >= sizeof(buf))
			break;
		memcpy(buf + len, node->children + off, name);
		len += name;
		off += name;
	}
	if (off >= node->childlen)
		buf[len++] = '\0';
	xs_conn_reply(v->conn, &req->hdr, XS_DIRECTORY_PART, buf, len);
}

int xs_op_directory_part(struct xs_view *v, struct xs_request *req)
{
	const struct xs_node *node;
	uint64_t off;
	char *path;
	int err;

	if (req->nstrings != 2 ||
	    xs_parse_uint(xs_request_arg(req, 1), UINT32_MAX, &off))
		return EINVAL;
	path = xs_path_canonical(v->conn, req->data, &err);
	if (!path)
		return err;
	err = get_checked(v, path, XS_PERM_READ, &node);
	if (!err)
		reply_directory_part(v, req, node, off);
	free(path);
	return err;
}

static int reply_perms(struct xs_view *v, struct xs_request *req,
		       const char *path, const struct xs_node *node)
{
	char buf[XENSTORE_PAYLOAD_MAX + 1];

	(void)path;
	xs_conn_reply(v->conn, &req->hdr, XS_GET_PERMS, buf,
		      xs_perms_format(&node->perms, buf, sizeof(buf)));
	return 0;
}

int xs_op_get_perms(struct xs_view *v, struct xs_request *req)
{
	return on_node(v, req, XS_PERM_READ, false, reply_perms);
}

/* SET_PERMS on @introduceDomain / @releaseDomain: who hears them. */
static int set_special_perms(struct xs_view *v, const char *name,
			     struct xs_perms *perms)
{
	struct xs_perms *target;

	if (!strcmp(name, "@introduceDomain"))
		target = &v->xs->introduce_perms;
	else if (!strcmp(name, "@releaseDomain"))
		target = &v->xs->release_perms;
	else
		return EINVAL;
	if ((xs_perms_access(v->conn, target) &
	     (XS_PERM_WRITE | XS_PERM_OWNER)) !=
	    (XS_PERM_WRITE | XS_PERM_OWNER))
		return EACCES;
	xs_perms_free(target);
	*target = *perms;
	perms->p = NULL;
	perms->n = 0;
	return 0;
}

static int set_node_perms(struct xs_view *v, const char *name,
			  const struct xs_perms *perms)
{
	const struct xs_node *node;
	struct xs_perms old;
	char *path;
	int err;

	path = xs_path_canonical(v->conn, name, &err);
	if (!path)
		return err;
	err = get_checked(v, path, XS_PERM_WRITE | XS_PERM_OWNER, &node);
	if (!err && xs_conn_is_unprivileged(v->conn) &&
	    perms->p[0].domid != node->perms.p[0].domid)
		err = EPERM;
	if (!err)
		err = xs_perms_copy(&old, &node->perms);
	if (!err) {
		err = xs_view_set_perms(v, path, perms);
		if (!err)
			xs_view_event(v, path, false, &old);
		xs_perms_free(&old);
	}
	free(path);
	return err;
}

/* SET_PERMS <path>|<perm>|+: owner or privileged; the owner stays. */
int xs_op_set_perms(struct xs_view *v, struct xs_request *req)
{
	struct xs_perms perms;
	unsigned int n;
	int err;

	if (req->nstrings < 2)
		return EINVAL;
	n = req->nstrings - 1;
	if (xs_conn_is_unprivileged(v->conn) &&
	    n > v->xs->limits.permissions)
		return ENOSPC;
	err = xs_perms_parse(&perms, xs_request_arg(req, 1), n);
	if (err)
		return err;
	if (xs_path_is_special(req->data))
		err = set_special_perms(v, req->data, &perms);
	else
		err = set_node_perms(v, req->data, &perms);
	xs_perms_free(&perms);
	if (!err)
		xs_reply_ok(v, req);
	return err;
}
