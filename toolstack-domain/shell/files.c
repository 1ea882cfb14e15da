/*
 * Files for the toolstack and the shell's file commands (see files.h).
 * The commands work on the host filesystem; before it is mounted, ls
 * and cat show the boot archive instead.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "files.h"
#include "hostfs/hostfs.h"
#include "rootfs/rootfs.h"

#define CTRL_C		0x03
#define CTRL_D		0x04
#define MAX_TYPED	(1 << 20)	/* cat > FILE */

int file_load(const char *path, struct loaded_file *f)
{
	const struct rootfs_file *rf;
	void *data;
	int rc;

	if (hostfs_mounted()) {
		rc = hostfs_read_file(path, &data, &f->size);
		f->data = data;
		f->in_archive = false;
		return rc;
	}
	rf = rootfs_lookup(rootfs_root(), path);
	if (!rf)
		return -ENOENT;
	if (rf->is_dir)
		return -EISDIR;
	f->data = rf->data;
	f->size = rf->size;
	f->in_archive = true;
	return 0;
}

void file_release(struct loaded_file *f)
{
	if (!f->in_archive)
		free((void *)f->data);
	f->data = NULL;
}

static int fail(const char *cmd, const char *path, int rc)
{
	if (rc == -ENODEV && !hostfs_mounted())
		fprintf(stderr, "%s: no host filesystem is mounted\n", cmd);
	else
		fprintf(stderr, "%s: %s: %s\n", cmd, path, strerror(-rc));
	return 1;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && slash[1] ? slash + 1 : path;
}

/* @dst, or @dst/basename(@src) if @dst is a directory (as cp and mv do). */
static void destination(const char *src, const char *dst, char *out,
			size_t size)
{
	struct hostfs_stat st;

	if (!hostfs_stat(dst, &st) && st.type == HOSTFS_DIR)
		snprintf(out, size, "%s%s%s", dst,
			 dst[strlen(dst) - 1] == '/' ? "" : "/", base_name(src));
	else
		snprintf(out, size, "%s", dst);
}

/* ---- ls ---- */

static void mode_string(const struct hostfs_stat *st, char *s)
{
	static const char rwx[] = "rwxrwxrwx";

	s[0] = st->type == HOSTFS_DIR ? 'd' :
	       st->type == HOSTFS_SYMLINK ? 'l' :
	       st->type == HOSTFS_FILE ? '-' : '?';
	for (int i = 0; i < 9; i++)
		s[1 + i] = (st->mode & (0400 >> i)) ? rwx[i] : '-';
	s[10] = 0;
}

struct ls_ctx {
	const char *dir;
	int long_form;
};

static int print_entry(const char *name, const struct hostfs_stat *st,
		       void *priv)
{
	const struct ls_ctx *ls = priv;
	char path[1024], target[256] = "", mode[11], when[20];
	struct tm tm;
	time_t t = st->mtime;

	if (st->type == HOSTFS_SYMLINK) {
		snprintf(path, sizeof(path), "%s/%s", ls->dir, name);
		hostfs_readlink(path, target, sizeof(target));
	}
	if (!ls->long_form) {
		if (st->type == HOSTFS_DIR)
			printf("%s/\n", name);
		else if (st->type == HOSTFS_SYMLINK)
			printf("%s -> %s\n", name, target);
		else
			printf("%-24s %10llu\n", name,
			       (unsigned long long)st->size);
		return 0;
	}
	mode_string(st, mode);
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	printf("%s %3u %10llu %s %s%s%s\n", mode, st->links,
	       (unsigned long long)st->size, when, name,
	       *target ? " -> " : "", target);
	return 0;
}

static void print_archive_entry(const struct rootfs_file *f, void *ctx)
{
	(void)ctx;
	if (f->is_dir)
		printf("%s/\n", rootfs_basename(f));
	else
		printf("%-24s %10lu\n", rootfs_basename(f),
		       (unsigned long)f->size);
}

static int ls_archive(const char *path)
{
	const struct rootfs_file *f = rootfs_lookup(rootfs_root(), path);

	if (!f) {
		fprintf(stderr, "ls: %s: no such file or directory\n", path);
		return 1;
	}
	if (f->is_dir)
		rootfs_list(rootfs_root(), path, print_archive_entry, NULL);
	else
		print_archive_entry(f, NULL);
	return 0;
}

static int ls_host(const char *path, int long_form)
{
	struct ls_ctx ls = { path, long_form };
	struct hostfs_stat st;
	int rc = hostfs_stat(path, &st);

	if (!rc && st.type == HOSTFS_DIR)
		rc = hostfs_list(path, print_entry, &ls);
	else if (!rc) {
		ls.dir = "";
		print_entry(path, &st, &ls);
	}
	return rc ? fail("ls", path, rc) : 0;
}

int cmd_ls(int argc, char **argv)
{
	int long_form = argc > 1 && !strcmp(argv[1], "-l");
	const char *path = argc > 1 + long_form ? argv[1 + long_form] : "/";

	if (argc > 2 + long_form) {
		fprintf(stderr, "usage: ls [-l] [directory or file]\n");
		return 2;
	}
	return hostfs_mounted() ? ls_host(path, long_form) : ls_archive(path);
}

/* ---- cat ---- */

/*
 * cat > FILE: what is typed until CTRL-D, echoed as typed (backspace
 * rubs out within the line), written to FILE at once; CTRL-C gives up.
 */
static int cat_typed(const char *path)
{
	char *text = malloc(MAX_TYPED), c;
	size_t len = 0, line_start = 0;
	int rc;

	if (!text)
		return fail("cat", path, -ENOMEM);
	fflush(stdout);
	while (read(STDIN_FILENO, &c, 1) == 1 && c != CTRL_D) {
		if (c == CTRL_C) {
			printf("^C\n");
			free(text);
			return 1;
		}
		if ((c == 0x7f || c == '\b') && len > line_start) {
			len--;
			write(STDOUT_FILENO, "\b \b", 3);
		} else if (c == '\r' || c == '\n') {
			text[len++] = '\n';
			line_start = len;
			write(STDOUT_FILENO, "\n", 1);
		} else if ((unsigned char)c >= ' ' || c == '\t') {
			text[len++] = c;
			write(STDOUT_FILENO, &c, 1);
		}
		if (len == MAX_TYPED) {
			fprintf(stderr, "\ncat: more than %d bytes typed\n",
				MAX_TYPED);
			free(text);
			return 1;
		}
	}
	if (len > line_start)
		write(STDOUT_FILENO, "\n", 1);
	rc = hostfs_write_file(path, text, len);
	free(text);
	return rc ? fail("cat", path, rc) : 0;
}

int cmd_cat(int argc, char **argv)
{
	struct loaded_file f;
	int status = 0, rc;

	if (argc == 3 && !strcmp(argv[1], ">"))
		return cat_typed(argv[2]);
	if (argc < 2) {
		fprintf(stderr, "usage: cat <file>... | cat > <file>\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		if ((rc = file_load(argv[i], &f))) {
			status = fail("cat", argv[i], rc);
			continue;
		}
		fflush(stdout);
		write(STDOUT_FILENO, f.data, f.size);
		file_release(&f);
	}
	return status;
}

/* ---- changing the host filesystem ---- */

int cmd_cp(int argc, char **argv)
{
	struct loaded_file f;
	char dst[1024];
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: cp <source> <destination>\n");
		return 2;
	}
	if ((rc = file_load(argv[1], &f)))
		return fail("cp", argv[1], rc);
	destination(argv[1], argv[2], dst, sizeof(dst));
	rc = hostfs_write_file(dst, f.data, f.size);
	file_release(&f);
	return rc ? fail("cp", dst, rc) : 0;
}

int cmd_mv(int argc, char **argv)
{
	struct hostfs_stat st;
	char dst[1024];
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: mv <source> <destination>\n");
		return 2;
	}
	if ((rc = hostfs_stat(argv[1], &st)))
		return fail("mv", argv[1], rc);
	destination(argv[1], argv[2], dst, sizeof(dst));
	rc = hostfs_rename(argv[1], dst);
	return rc ? fail("mv", dst, rc) : 0;
}

/* Apply @op to every path argument; the status says whether all worked. */
static int each_path(int argc, char **argv, const char *usage,
		     int (*op)(const char *path))
{
	int status = 0, rc;

	if (argc < 2) {
		fprintf(stderr, "usage: %s %s\n", argv[0], usage);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		if ((rc = op(argv[i])))
			status = fail(argv[0], argv[i], rc);
	return status;
}

int cmd_rm(int argc, char **argv)
{
	return each_path(argc, argv, "<file>...", hostfs_unlink);
}

int cmd_mkdir(int argc, char **argv)
{
	return each_path(argc, argv, "<directory>...", hostfs_mkdir);
}

int cmd_rmdir(int argc, char **argv)
{
	return each_path(argc, argv, "<directory>...", hostfs_rmdir);
}

int cmd_ln(int argc, char **argv)
{
	char link[1024];
	int rc;

	if (argc != 4 || strcmp(argv[1], "-s")) {
		fprintf(stderr, "usage: ln -s <target> <link>\n");
		return 2;
	}
	destination(argv[2], argv[3], link, sizeof(link));
	rc = hostfs_symlink(argv[2], link);
	return rc ? fail("ln", link, rc) : 0;
}

int cmd_df(int argc, char **argv)
{
	struct hostfs_statfs st;
	uint64_t kb, used, avail;
	int rc;

	if (argc > 1) {
		fprintf(stderr, "usage: df\n");
		return 2;
	}
	if ((rc = hostfs_statfs(&st)))
		return fail("df", "/", rc);
	kb = st.blocks * (st.block_size / 1024);
	avail = st.free_blocks * (st.block_size / 1024);
	used = kb - avail;
	printf("Filesystem     1K-blocks      Used Available Use%% Mounted on\n");
	printf("/dev/%-9s %10llu %9llu %9llu %3llu%% /%s\n", hostfs_device(),
	       (unsigned long long)kb, (unsigned long long)used,
	       (unsigned long long)avail,
	       (unsigned long long)(kb ? (used * 100 + kb - 1) / kb : 0),
	       hostfs_read_only() ? " (read-only)" : "");
	return 0;
}

int cmd_sync(int argc, char **argv)
{
	int rc;

	if (argc > 1) {
		fprintf(stderr, "usage: sync\n");
		return 2;
	}
	rc = hostfs_sync();
	return rc ? fail("sync", "/", rc) : 0;
}
