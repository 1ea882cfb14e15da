/*
 * The file tree from our boot module: GRUB's second module2 line, the
 * cpio archive the build makes (build/rootfs.cpio).
 */
#include <stdio.h>
#include <minios/bootmod.h>
#include "rootfs.h"

static struct rootfs root;

const struct rootfs *rootfs_root(void)
{
	return &root;
}

void rootfs_mount_boot_module(void)
{
	char err[128];
	size_t len;
	const void *archive = boot_module(&len);

	if (!archive) {
		printf("rootfs: no boot module: no configs or guest kernels\n");
		return;
	}
	if (rootfs_load(&root, archive, len, err, sizeof(err)))
		printf("rootfs: boot module is not a usable cpio archive: %s\n",
		       err);
}
