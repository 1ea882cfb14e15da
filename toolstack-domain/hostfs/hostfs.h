/*
 * The host filesystem: the ext4 partition labelled xen-host (or the one
 * named by host-disk= on our command line), read and written through
 * libext2fs on MiniOS's block devices, mounted at boot.
 *
 * Paths are absolute.  Every call returns 0 or a negative errno
 * (-ENOENT, -ENOSPC, -EROFS, ...).  libext2fs is not reentrant and its
 * I/O manager sleeps while a request is with the disk, so one lock
 * covers every call.
 *
 * While mounted read-write the filesystem is marked not clean on disk;
 * unmounting marks it clean.  One found not clean is mounted read-only
 * (fsck does not run here yet).
 */
#ifndef HOSTFS_H
#define HOSTFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define HOSTFS_LABEL "xen-host"

enum hostfs_type { HOSTFS_FILE, HOSTFS_DIR, HOSTFS_SYMLINK, HOSTFS_OTHER };

struct hostfs_stat {
	enum hostfs_type type;
	uint32_t mode;		/* permission bits */
	uint64_t size;
	time_t mtime;
	uint32_t links;
};

struct hostfs_statfs {
	uint32_t block_size;
	uint64_t blocks, free_blocks;
	uint64_t inodes, free_inodes;
};

struct blkdev;

/* The label of an ext2/3/4 filesystem on @bd ("" if it holds none): the
 * superblock is 1024 bytes in, its magic at 56, its name at 120. */
void hostfs_label(struct blkdev *bd, char *label, size_t size);

/* Mount @device ("vda1"), or with NULL the partition labelled xen-host.
 * Says what it mounted, or why not, on the console. */
int hostfs_mount(const char *device);
bool hostfs_mounted(void);
bool hostfs_read_only(void);
const char *hostfs_device(void);
/* Write everything out, mark the filesystem clean and let it go. */
int hostfs_unmount(void);
/* Write everything out and have the disk make it durable. */
int hostfs_sync(void);

int hostfs_stat(const char *path, struct hostfs_stat *st);
/* @fn for every entry of directory @path but "." and "..", in name
 * order; a nonzero return from @fn stops the walk and is returned. */
int hostfs_list(const char *path,
		int (*fn)(const char *name, const struct hostfs_stat *st,
			  void *ctx), void *ctx);
/* The whole file in a malloc'd buffer (NUL-terminated, not counted). */
int hostfs_read_file(const char *path, void **data, size_t *size);
/*
 * Create or replace @path with @data: written under a temporary name in
 * the same directory, flushed, then put in place, so a failure (a full
 * disk, a read-only filesystem) leaves the old file, or none, but never
 * a part of the new one under @path.
 */
int hostfs_write_file(const char *path, const void *data, size_t size);
/* Add @data at the end of @path (made if missing); not atomic: for logs. */
int hostfs_append(const char *path, const void *data, size_t size);
int hostfs_mkdir(const char *path);
/* Remove a file or symbolic link (not a directory). */
int hostfs_unlink(const char *path);
/* Rename a file or symbolic link, replacing one at @to; or move a
 * directory to a name not taken, never into itself. */
int hostfs_rename(const char *from, const char *to);
/* Remove an empty directory. */
int hostfs_rmdir(const char *path);
int hostfs_symlink(const char *target, const char *path);
int hostfs_readlink(const char *path, char *buf, size_t size);
int hostfs_statfs(struct hostfs_statfs *st);

#endif
