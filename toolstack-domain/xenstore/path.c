/*
 * Node names (docs/misc/xenstore.txt): absolute paths of [A-Za-z0-9-/_@],
 * no empty component, no trailing slash except for "/" itself, at most
 * XENSTORE_ABS_PATH_MAX bytes and, below /local/domain/<domid>/, at most
 * XENSTORE_REL_PATH_MAX bytes after that prefix (cxenstored's rule).
 * A relative path is relative to the connection's home,
 * /local/domain/<domid>.  Paths beginning with '@' name special watches.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

static bool valid_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '/' || c == '_' ||
	       c == '@';
}

/* Length of a "/local/domain/<1-5 digits>/" prefix of 'path', or 0. */
static size_t domain_prefix_len(const char *path)
{
	static const char prefix[] = "/local/domain/";
	size_t len = sizeof(prefix) - 1, digits = 0;

	if (strncmp(path, prefix, len))
		return 0;
	while (path[len + digits] >= '0' && path[len + digits] <= '9')
		digits++;
	if (digits == 0 || digits > 5 || path[len + digits] != '/')
		return 0;
	return len + digits + 1;
}

static bool valid_absolute(const char *path)
{
	size_t len = strlen(path), i;

	if (path[0] != '/' || len > XENSTORE_ABS_PATH_MAX)
		return false;
	if (len > 1 && path[len - 1] == '/')
		return false;
	if (len > domain_prefix_len(path) + XENSTORE_REL_PATH_MAX)
		return false;
	for (i = 0; i < len; i++) {
		if (!valid_char(path[i]))
			return false;
		if (path[i] == '/' && path[i + 1] == '/')
			return false;
	}
	return true;
}

/* A valid absolute copy of 'path' (malloc'd), or NULL with *err set. */
char *xs_path_canonical(const struct xs_conn *conn, const char *path,
			int *err)
{
	size_t len = strlen(path);
	char *abs;

	*err = EINVAL;
	if (len == 0 || len > XENSTORE_ABS_PATH_MAX)
		return NULL;
	abs = malloc(strlen(conn->home) + 1 + len + 1);
	if (!abs) {
		*err = ENOMEM;
		return NULL;
	}
	if (path[0] == '/')
		strcpy(abs, path);
	else
		sprintf(abs, "%s/%s", conn->home, path);
	if (!valid_absolute(abs)) {
		free(abs);
		return NULL;
	}
	return abs;
}

bool xs_path_is_special(const char *path)
{
	return path[0] == '@';
}

/* Is 'child' at or below 'parent'? */
bool xs_path_is_child(const char *child, const char *parent)
{
	size_t len = strlen(parent);

	if (!strcmp(parent, "/"))
		return child[0] == '/';
	return !strncmp(child, parent, len) &&
	       (child[len] == '/' || child[len] == '\0');
}

const char *xs_path_basename(const char *path)
{
	return strrchr(path, '/') + 1;
}

/* Cut 'path' to its parent in place; false for "/". */
bool xs_path_to_parent(char *path)
{
	char *slash = strrchr(path, '/');

	if (!strcmp(path, "/"))
		return false;
	if (slash == path)
		slash++;
	*slash = '\0';
	return true;
}

/* A malloc'd copy of the parent of 'path' (not "/"); NULL without memory. */
char *xs_path_parent(const char *path)
{
	char *parent = strdup(path);

	if (parent)
		xs_path_to_parent(parent);
	return parent;
}

char *xs_path_join(const char *parent, const char *name)
{
	char *path = malloc(strlen(parent) + 1 + strlen(name) + 1);

	if (path)
		sprintf(path, "%s/%s", strcmp(parent, "/") ? parent : "", name);
	return path;
}
