/*
 * ls and cat: look at the configs and kernels in the boot archive.
 */
#include <stdio.h>
#include <unistd.h>
#include "files.h"
#include "rootfs/rootfs.h"

static void print_entry(const struct rootfs_file *f, void *ctx)
{
	(void)ctx;
	if (f->is_dir)
		printf("%s/\n", rootfs_basename(f));
	else
		printf("%-24s %10lu\n", rootfs_basename(f),
		       (unsigned long)f->size);
}

int cmd_ls(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/";
	const struct rootfs_file *f;

	if (argc > 2) {
		fprintf(stderr, "usage: ls [directory or file]\n");
		return 2;
	}
	f = rootfs_lookup(rootfs_root(), path);
	if (!f) {
		fprintf(stderr, "ls: %s: no such file or directory\n", path);
		return 1;
	}
	if (f->is_dir)
		rootfs_list(rootfs_root(), path, print_entry, NULL);
	else
		print_entry(f, NULL);
	return 0;
}

int cmd_cat(int argc, char **argv)
{
	const struct rootfs_file *f;

	if (argc != 2) {
		fprintf(stderr, "usage: cat <file>\n");
		return 2;
	}
	f = rootfs_lookup(rootfs_root(), argv[1]);
	if (!f || f->is_dir) {
		fprintf(stderr, "cat: %s: %s\n", argv[1],
			f ? "is a directory" : "no such file");
		return 1;
	}
	fflush(stdout);
	write(STDOUT_FILENO, f->data, f->size);
	return 0;
}
