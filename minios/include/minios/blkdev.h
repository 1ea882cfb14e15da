/*
 * Block devices: the disks drivers register, named as Linux names them
 * (vda, vdb, ... for virtio; sda, ... for SATA), and the partitions of
 * their MBR (vda1 ...).  Sectors are 512 bytes; requests of any size are
 * split to what the driver takes at once, and a driver sees one request
 * at a time per disk.
 */
#ifndef MINIOS_BLKDEV_H
#define MINIOS_BLKDEV_H

#include <stddef.h>
#include <stdint.h>
#include <minios/mutex.h>

#define SECTOR_SIZE 512

struct blkdev_ops {
	/* Read or write @count sectors at @sector; 0 or a negative errno. */
	int (*io)(void *priv, int write, uint64_t sector, void *buf,
		  uint32_t count);
	int (*flush)(void *priv);	/* NULL: writes are durable at once */
};

struct blkdev {
	char name[16];		/* "vda", "vda1": at most 8 + a number */
	uint64_t start;		/* first sector on the disk */
	uint64_t sectors;
	int read_only;
	struct blkdev *disk;	/* itself for a whole disk */
	uint8_t part_type;	/* MBR type of a partition; 0 for a disk */
	/* disks only */
	const struct blkdev_ops *ops;
	void *priv;
	uint32_t max_sectors;	/* per driver request */
	const char *model;	/* "virtio-blk", "ahci" */
	struct mutex lock;	/* held while a request is with the driver */
	struct blkdev *next;
};

/*
 * A driver's new disk, named @prefix plus the next free letter; its
 * partitions are read and registered too.  NULL when out of memory.
 */
struct blkdev *blkdev_add_disk(const char *prefix, uint64_t sectors,
			       int read_only, uint32_t max_sectors,
			       const char *model, const struct blkdev_ops *ops,
			       void *priv);

struct blkdev *blkdev_list(void);
struct blkdev *blkdev_find(const char *name);

/* I/O within the device; -EINVAL past its end, -EROFS for a write to a
 * read-only one. */
int blkdev_read(struct blkdev *bd, uint64_t sector, void *buf,
		uint64_t count);
int blkdev_write(struct blkdev *bd, uint64_t sector, const void *buf,
		 uint64_t count);
int blkdev_flush(struct blkdev *bd);

#endif
