/*
 * Block devices and their MBR partitions (see blkdev.h).  A partition
 * table is data on the disk, not to be trusted: an entry that reaches
 * past the disk's end is logged and left out.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <minios/blkdev.h>
#include <minios/kernel.h>

#define MBR_SIGNATURE_OFFSET	510
#define MBR_TABLE_OFFSET	446
#define MBR_ENTRIES		4
#define MBR_TYPE_GPT		0xee

static struct blkdev *devices;
static struct blkdev **devices_tail = &devices;

struct blkdev *blkdev_list(void)
{
	return devices;
}

struct blkdev *blkdev_find(const char *name)
{
	for (struct blkdev *bd = devices; bd; bd = bd->next)
		if (!strcmp(bd->name, name))
			return bd;
	return NULL;
}

static void append(struct blkdev *bd)
{
	*devices_tail = bd;
	devices_tail = &bd->next;
}

/* The first of "vda".."vdz" not yet taken. */
static int free_disk_name(const char *prefix, char *name, size_t size)
{
	for (char c = 'a'; c <= 'z'; c++) {
		snprintf(name, size, "%.6s%c", prefix, c);
		if (!blkdev_find(name))
			return 0;
	}
	return -ENOSPC;
}

static int disk_io(struct blkdev *disk, int write, uint64_t sector,
		   void *buf, uint64_t count)
{
	char *p = buf;

	while (count) {
		uint32_t n = count < disk->max_sectors ? count : disk->max_sectors;
		int rc;

		/* One request at a time goes to a disk's driver. */
		mutex_lock(&disk->lock);
		rc = disk->ops->io(disk->priv, write, sector, p, n);
		mutex_unlock(&disk->lock);
		if (rc)
			return rc;
		sector += n;
		p += (size_t)n * SECTOR_SIZE;
		count -= n;
	}
	return 0;
}

static int check_range(const struct blkdev *bd, uint64_t sector,
		       uint64_t count)
{
	return sector > bd->sectors || count > bd->sectors - sector ?
	       -EINVAL : 0;
}

int blkdev_read(struct blkdev *bd, uint64_t sector, void *buf, uint64_t count)
{
	int rc = check_range(bd, sector, count);

	return rc ? rc : disk_io(bd->disk, 0, bd->start + sector, buf, count);
}

int blkdev_write(struct blkdev *bd, uint64_t sector, const void *buf,
		 uint64_t count)
{
	int rc = check_range(bd, sector, count);

	if (rc)
		return rc;
	if (bd->read_only)
		return -EROFS;
	return disk_io(bd->disk, 1, bd->start + sector, (void *)buf, count);
}

int blkdev_flush(struct blkdev *bd)
{
	struct blkdev *disk = bd->disk;
	int rc;

	if (!disk->ops->flush)
		return 0;
	mutex_lock(&disk->lock);
	rc = disk->ops->flush(disk->priv);
	mutex_unlock(&disk->lock);
	return rc;
}

static void add_partition(struct blkdev *disk, unsigned int nr, uint8_t type,
			  uint32_t start, uint32_t sectors)
{
	struct blkdev *part;

	if (!start || start >= disk->sectors ||
	    sectors > disk->sectors - start) {
		printk("blk: %s: partition %u (%u+%u) lies outside the disk; "
		       "ignored\n", disk->name, nr, start, sectors);
		return;
	}
	part = calloc(1, sizeof(*part));
	if (!part) {
		printk("blk: %s: no memory for partition %u\n", disk->name, nr);
		return;
	}
	snprintf(part->name, sizeof(part->name), "%.8s%u", disk->name, nr);
	part->start = start;
	part->sectors = sectors;
	part->read_only = disk->read_only;
	part->disk = disk;
	part->part_type = type;
	append(part);
}

/* The primary partitions of an MBR; extended and GPT tables not yet. */
static void read_partitions(struct blkdev *disk)
{
	static uint8_t mbr[SECTOR_SIZE] __attribute__((aligned(SECTOR_SIZE)));
	int rc = blkdev_read(disk, 0, mbr, 1);

	if (rc) {
		printk("blk: %s: cannot read its partition table (%d)\n",
		       disk->name, rc);
		return;
	}
	if (mbr[MBR_SIGNATURE_OFFSET] != 0x55 ||
	    mbr[MBR_SIGNATURE_OFFSET + 1] != 0xaa)
		return;
	for (unsigned int i = 0; i < MBR_ENTRIES; i++) {
		const uint8_t *e = mbr + MBR_TABLE_OFFSET + 16 * i;
		uint32_t start, sectors;

		memcpy(&start, e + 8, 4);
		memcpy(&sectors, e + 12, 4);
		if (!e[4] || !sectors)
			continue;
		if (e[4] == MBR_TYPE_GPT) {
			printk("blk: %s: GPT partition tables are not read "
			       "yet\n", disk->name);
			return;
		}
		add_partition(disk, i + 1, e[4], start, sectors);
	}
}

struct blkdev *blkdev_add_disk(const char *prefix, uint64_t sectors,
			       int read_only, uint32_t max_sectors,
			       const char *model, const struct blkdev_ops *ops,
			       void *priv)
{
	struct blkdev *disk = calloc(1, sizeof(*disk));

	if (!disk)
		return NULL;
	if (free_disk_name(prefix, disk->name, sizeof(disk->name))) {
		free(disk);
		return NULL;
	}
	disk->sectors = sectors;
	disk->read_only = read_only;
	disk->disk = disk;
	disk->ops = ops;
	disk->priv = priv;
	disk->max_sectors = max_sectors ? max_sectors : 1;
	disk->model = model;
	append(disk);
	read_partitions(disk);
	return disk;
}
