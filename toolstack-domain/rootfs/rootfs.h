/*
 * The toolstack domain's read-only file tree: the cpio archive GRUB
 * loads as our boot module (configs in /etc/xen, guest kernels), indexed
 * in memory.  File data is never copied: it stays in the archive.
 */
#ifndef TOOLSTACK_ROOTFS_H
#define TOOLSTACK_ROOTFS_H

#include <stdbool.h>
#include <stddef.h>

struct rootfs_file {
	char *path;		/* absolute and normalised: "/etc/xen/a.cfg" */
	const void *data;	/* in the archive; NULL for a directory */
	size_t size;
	bool is_dir;
};

struct rootfs {
	struct rootfs_file *files;	/* sorted by path */
	size_t count;
};

/*
 * Index archive[0..len), which must outlive 'fs'.  Returns 0, or -1 with
 * the reason in err (nothing is left allocated).  Entries that are
 * neither files nor directories (links, devices) are skipped; a later
 * entry with the same path replaces an earlier one, as cpio extracts.
 * Parent directories missing from the archive are implied.
 */
int rootfs_load(struct rootfs *fs, const void *archive, size_t len,
		char *err, size_t errlen);
void rootfs_free(struct rootfs *fs);

/* The entry at 'path' (absolute; "." and repeated '/' allowed), or NULL. */
const struct rootfs_file *rootfs_lookup(const struct rootfs *fs,
					const char *path);

/* The final component of an entry's path ("/" for the root). */
const char *rootfs_basename(const struct rootfs_file *f);

/*
 * Call fn for every entry directly inside directory 'dir', in name
 * order.  Returns the number of entries, or -1 if 'dir' is not a
 * directory.
 */
int rootfs_list(const struct rootfs *fs, const char *dir,
		void (*fn)(const struct rootfs_file *f, void *ctx), void *ctx);

/* The tree read from our boot module at start-up (empty if none). */
const struct rootfs *rootfs_root(void);
void rootfs_mount_boot_module(void);

#endif
