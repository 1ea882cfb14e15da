/*
 * xenstore-read, -write, -ls, -rm (see xenstore_cmds.h).  Values are
 * printed with non-printable bytes escaped (guests write anything).
 * xenstore-ls walks the tree depth first with one directory listing on
 * the heap per level, and stops at LS_MAX_DEPTH levels: a guest may
 * build a tree far deeper than our thread's stack would follow.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "xenstore/client.h"
#include "xenstore_cmds.h"
#include "xenstored.h"

#define LS_MAX_DEPTH 64
#define PATH_BUF (XENSTORE_ABS_PATH_MAX + 1)

struct ls_walk {
	struct xs_conn *conn;
	char path[PATH_BUF];
	char value[XS_CLIENT_REPLY_MAX];
};

static struct xs_conn *connection(const char *cmd)
{
	struct xs_conn *conn = xenstored_toolstack();

	if (!conn)
		fprintf(stderr, "%s: xenstored is not running\n", cmd);
	return conn;
}

static int report(const char *cmd, const char *path, int rc)
{
	if (rc >= 0)
		return 0;
	fprintf(stderr, "%s: %s: %s\n", cmd, path, strerror(-rc));
	return 1;
}

static void print_escaped(const char *v, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = v[i];

		if (c == '\\' || c == '"')
			printf("\\%c", c);
		else if (isprint(c))
			putchar(c);
		else
			printf("\\x%02x", c);
	}
}

int cmd_xenstore_read(int argc, char **argv)
{
	struct xs_conn *conn;
	char *value;
	int failed = 0, n;

	if (argc < 2) {
		fprintf(stderr, "usage: %s <path>...\n", argv[0]);
		return 2;
	}
	conn = connection(argv[0]);
	value = malloc(XS_CLIENT_REPLY_MAX);
	if (!conn || !value) {
		free(value);
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		n = xs_client_read(conn, argv[i], value, XS_CLIENT_REPLY_MAX);
		failed |= report(argv[0], argv[i], n);
		if (n >= 0) {
			print_escaped(value, n);
			putchar('\n');
		}
	}
	free(value);
	return failed;
}

int cmd_xenstore_write(int argc, char **argv)
{
	struct xs_conn *conn = connection(argv[0]);
	int failed = 0;

	if (argc < 3 || argc % 2 == 0) {
		fprintf(stderr, "usage: %s <path> <value> [<path> <value>]...\n",
			argv[0]);
		return 2;
	}
	if (!conn)
		return 1;
	for (int i = 1; i + 1 < argc; i += 2)
		failed |= report(argv[0], argv[i],
				 xs_client_write(conn, argv[i], argv[i + 1]));
	return failed;
}

int cmd_xenstore_rm(int argc, char **argv)
{
	struct xs_conn *conn = connection(argv[0]);
	int failed = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s <path>...\n", argv[0]);
		return 2;
	}
	if (!conn)
		return 1;
	for (int i = 1; i < argc; i++)
		failed |= report(argv[0], argv[i], xs_client_rm(conn, argv[i]));
	return failed;
}

/* Print one child (w->path) at 'depth'; its value may be gone already. */
static void ls_print(struct ls_walk *w, const char *name, int depth)
{
	int n = xs_client_read(w->conn, w->path, w->value, sizeof(w->value));

	printf("%*s%s = \"", depth, "", name);
	if (n > 0)
		print_escaped(w->value, n);
	printf("\"\n");
}

/* The children of w->path (len bytes of it), depth first. */
static int ls_children(struct ls_walk *w, size_t len, int depth)
{
	char *names = malloc(XS_CLIENT_REPLY_MAX);
	const char *sep = len == 1 ? "" : "/";	/* path "/" */
	int n;

	if (!names)
		return -ENOMEM;
	n = xs_client_directory(w->conn, w->path, names, XS_CLIENT_REPLY_MAX);
	for (const char *name = names; n > 0 && name < names + n;
	     name += strlen(name) + 1) {
		if ((size_t)snprintf(w->path + len, PATH_BUF - len, "%s%s", sep,
				     name) >= PATH_BUF - len)
			continue;	/* cannot be a valid path */
		ls_print(w, name, depth);
		if (depth + 1 < LS_MAX_DEPTH)
			ls_children(w, strlen(w->path), depth + 1);
		else
			printf("%*s...\n", depth + 1, "");
	}
	w->path[len] = '\0';
	free(names);
	return n < 0 ? n : 0;
}

int cmd_xenstore_ls(int argc, char **argv)
{
	struct xs_conn *conn = connection(argv[0]);
	const char *path = argc > 1 ? argv[1] : "/";
	struct ls_walk *w;
	int rc;

	if (argc > 2) {
		fprintf(stderr, "usage: %s [path]\n", argv[0]);
		return 2;
	}
	if (!conn)
		return 1;
	if (strlen(path) >= PATH_BUF) {
		fprintf(stderr, "%s: %s: path too long\n", argv[0], path);
		return 1;
	}
	w = malloc(sizeof(*w));
	if (!w)
		return report(argv[0], path, -ENOMEM);
	w->conn = conn;
	strcpy(w->path, path);
	rc = ls_children(w, strlen(path), 0);
	free(w);
	return report(argv[0], path, rc);
}
