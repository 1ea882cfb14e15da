/*
 * Host-side test of MiniOS's block devices (minios/blkdev.c) on a disk
 * played here: Linux's names, the MBR's primary partitions (an entry
 * reaching past the disk is refused, a GPT table is not read), requests
 * checked against the device's end and split to the driver's largest,
 * read-only devices refusing writes, and the lock given back each time.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <minios/blkdev.h>
#include "check.h"
#include "minios_stubs.h"


#define DISK_SECTORS 4096

struct fake_disk {
	uint8_t data[DISK_SECTORS * SECTOR_SIZE];
	unsigned int requests, largest, flushes;
	int fail;
};

static int fake_io(void *priv, int write, uint64_t sector, void *buf,
		   uint32_t count)
{
	struct fake_disk *d = priv;

	CHECK(sector + count <= DISK_SECTORS);
	d->requests++;
	if (count > d->largest)
		d->largest = count;
	if (d->fail)
		return -EIO;
	if (write)
		memcpy(d->data + sector * SECTOR_SIZE, buf, count * SECTOR_SIZE);
	else
		memcpy(buf, d->data + sector * SECTOR_SIZE, count * SECTOR_SIZE);
	return 0;
}

static int fake_flush(void *priv)
{
	((struct fake_disk *)priv)->flushes++;
	return 0;
}

static const struct blkdev_ops ops = { .io = fake_io, .flush = fake_flush };

static void put_entry(struct fake_disk *d, int i, uint8_t type,
		      uint32_t start, uint32_t count)
{
	uint8_t *e = d->data + 446 + 16 * i;

	e[4] = type;
	memcpy(e + 8, &start, 4);
	memcpy(e + 12, &count, 4);
	d->data[510] = 0x55;
	d->data[511] = 0xaa;
}

static struct fake_disk *new_disk(void)
{
	return calloc(1, sizeof(struct fake_disk));
}

static void test_names_and_partitions(void)
{
	struct fake_disk *a = new_disk(), *b = new_disk();
	struct blkdev *vda, *vdb, *p;

	put_entry(a, 0, 0x83, 2048, 1024);
	put_entry(a, 1, 0x83, 3072, 1024);		/* to the last sector */
	put_entry(a, 2, 0x83, 3500, 1000);		/* past the end */
	put_entry(a, 3, 0x83, 0, 10);			/* over the MBR */
	messages = 0;
	vda = blkdev_add_disk("vd", DISK_SECTORS, 0, 8, "fake", &ops, a);
	CHECK(vda && !strcmp(vda->name, "vda"));
	p = blkdev_find("vda1");
	CHECK(p && p->start == 2048 && p->sectors == 1024 && p->disk == vda);
	p = blkdev_find("vda2");
	CHECK(p && p->start == 3072 && p->sectors == 1024);
	CHECK(!blkdev_find("vda3"));
	CHECK(!blkdev_find("vda4"));
	CHECK_EQ(messages, 2);
	/* Without a signature there is no table. */
	vdb = blkdev_add_disk("vd", DISK_SECTORS, 1, 8, "fake", &ops, b);
	CHECK(vdb && !strcmp(vdb->name, "vdb"));
	CHECK(!blkdev_find("vdb1"));
}

static void test_gpt_is_not_read(void)
{
	struct fake_disk *d = new_disk();

	put_entry(d, 0, 0xee, 1, DISK_SECTORS - 1);
	messages = 0;
	CHECK(blkdev_add_disk("sd", DISK_SECTORS, 0, 8, "fake", &ops, d));
	CHECK(!blkdev_find("sda1"));
	CHECK_EQ(messages, 1);
}

static void test_requests(void)
{
	struct blkdev *part = blkdev_find("vda1"), *disk = blkdev_find("vda");
	struct fake_disk *d = disk->priv;
	static uint8_t buf[100 * SECTOR_SIZE];

	memset(buf, 0x5a, sizeof(buf));
	d->requests = d->largest = 0;
	CHECK_EQ(blkdev_write(part, 0, buf, 100), 0);
	CHECK_EQ(d->requests, 13);	/* 100 sectors in eights */
	CHECK_EQ(d->largest, 8);
	CHECK_EQ(d->data[2048 * SECTOR_SIZE], 0x5a);	/* partition-relative */
	CHECK_EQ(d->data[2048 * SECTOR_SIZE - 1], 0);
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(blkdev_read(part, 0, buf, 100), 0);
	CHECK_EQ(buf[100 * SECTOR_SIZE - 1], 0x5a);
	/* The device's end, and arithmetic that would wrap. */
	CHECK_EQ(blkdev_read(part, 1024, buf, 1), -EINVAL);
	CHECK_EQ(blkdev_read(part, 1000, buf, 25), -EINVAL);
	CHECK_EQ(blkdev_read(part, 1000, buf, 24), 0);
	CHECK_EQ(blkdev_read(part, ~0ULL, buf, 2), -EINVAL);
	CHECK_EQ(blkdev_read(part, 1, buf, ~0ULL), -EINVAL);
	/* A driver's error comes back; the lock is given back anyway. */
	d->fail = 1;
	CHECK_EQ(blkdev_read(part, 0, buf, 1), -EIO);
	d->fail = 0;
	CHECK_EQ(disk->lock.locked, 0);
	CHECK_EQ(blkdev_flush(part), 0);
	CHECK_EQ(d->flushes, 1);
}

static void test_read_only(void)
{
	struct blkdev *vdb = blkdev_find("vdb");
	static uint8_t buf[SECTOR_SIZE];

	CHECK_EQ(blkdev_write(vdb, 0, buf, 1), -EROFS);
	CHECK_EQ(blkdev_read(vdb, 0, buf, 1), 0);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_names_and_partitions();
	test_gpt_is_not_read();
	test_requests();
	test_read_only();
	return check_summary(argv[0]);
}
