/*
 * Reading a cpio archive in the "newc" format (what `cpio -H newc` and
 * Linux initramfs use): a 110-byte ASCII header per entry, the name, the
 * data, each padded to 4 bytes, ended by an entry named "TRAILER!!!".
 * Pure parsing: every size and offset from the archive is checked, so a
 * hostile archive gives an error, never a read outside it.
 */
#ifndef TOOLSTACK_ROOTFS_CPIO_H
#define TOOLSTACK_ROOTFS_CPIO_H

#include <stddef.h>
#include <stdint.h>

#define CPIO_MODE_TYPE	0170000
#define CPIO_MODE_DIR	0040000
#define CPIO_MODE_FILE	0100000

struct cpio_entry {
	const char *name;	/* NUL-terminated, inside the archive */
	size_t name_len;	/* without the NUL */
	uint32_t mode;
	const void *data;	/* inside the archive */
	size_t size;
};

/*
 * Read the entry at *offset of archive[0..len) and advance *offset past
 * it.  Returns 1 with *e filled, 0 at the trailer, or -1 with *why
 * saying what is wrong (truncated header, bad magic, bad number, name
 * not NUL-terminated, data past the end).
 */
int cpio_next(const void *archive, size_t len, size_t *offset,
	      struct cpio_entry *e, const char **why);

#endif
