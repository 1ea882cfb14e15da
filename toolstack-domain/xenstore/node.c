/*
 * One node: its path, value, permissions and the names of its children
 * (a NUL-separated list in creation order, which is what XS_DIRECTORY
 * returns).
 */
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* Bytes a permission entry counts for in the node-size quota (Xen's). */
#define PERM_ENTRY_SIZE 8

struct xs_node *xs_node_new(const char *path, const struct xs_perms *perms,
			    const void *value, unsigned int valuelen)
{
	struct xs_node *node = calloc(1, sizeof(*node));

	if (!node)
		return NULL;
	node->path = strdup(path);
	if (!node->path || xs_perms_copy(&node->perms, perms) ||
	    xs_node_set_value(node, value, valuelen)) {
		xs_node_free(node);
		return NULL;
	}
	return node;
}

struct xs_node *xs_node_clone(const struct xs_node *node)
{
	struct xs_node *copy;

	copy = xs_node_new(node->path, &node->perms, node->value,
			   node->valuelen);
	if (!copy)
		return NULL;
	copy->generation = node->generation;
	if (node->childlen) {
		copy->children = malloc(node->childlen);
		if (!copy->children) {
			xs_node_free(copy);
			return NULL;
		}
		memcpy(copy->children, node->children, node->childlen);
		copy->childlen = node->childlen;
	}
	return copy;
}

void xs_node_free(struct xs_node *node)
{
	if (!node)
		return;
	free(node->path);
	xs_perms_free(&node->perms);
	free(node->value);
	free(node->children);
	free(node);
}

int xs_node_set_value(struct xs_node *node, const void *value,
		      unsigned int len)
{
	char *copy = NULL;

	if (len) {
		copy = malloc(len);
		if (!copy)
			return ENOMEM;
		memcpy(copy, value, len);
	}
	free(node->value);
	node->value = copy;
	node->valuelen = len;
	return 0;
}

int xs_node_add_child(struct xs_node *node, const char *name)
{
	size_t len = strlen(name) + 1;
	char *children = realloc(node->children, node->childlen + len);

	if (!children)
		return ENOMEM;
	memcpy(children + node->childlen, name, len);
	node->children = children;
	node->childlen += len;
	return 0;
}

void xs_node_remove_child(struct xs_node *node, const char *name)
{
	unsigned int off = 0, len;

	while (off < node->childlen) {
		len = strlen(node->children + off) + 1;
		if (!strcmp(node->children + off, name)) {
			memmove(node->children + off,
				node->children + off + len,
				node->childlen - off - len);
			node->childlen -= len;
			return;
		}
		off += len;
	}
}

/* What the node-size quota measures. */
size_t xs_node_size(const struct xs_node *node)
{
	return node->valuelen + node->childlen +
	       node->perms.n * PERM_ENTRY_SIZE;
}
