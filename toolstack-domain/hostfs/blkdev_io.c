/* libext2fs channels on block devices (see blkdev_io.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <minios/blkdev.h>
#include "blkdev_io.h"

struct channel {
	struct blkdev *bd;
	struct struct_io_stats stats;
};

static struct channel *chan(io_channel io)
{
	return io->private_data;
}

static errcode_t bd_open(const char *name, int flags, io_channel *channel)
{
	struct blkdev *bd = blkdev_find(name);
	io_channel io;
	struct channel *c;

	if (!bd)
		return ENOENT;
	if ((flags & IO_FLAG_RW) && bd->read_only)
		return EROFS;
	io = calloc(1, sizeof(*io));
	c = calloc(1, sizeof(*c));
	if (!io || !c || !(io->name = strdup(name))) {
		free(io);
		free(c);
		return ENOMEM;
	}
	c->bd = bd;
	c->stats.num_fields = 2;
	io->magic = EXT2_ET_MAGIC_IO_CHANNEL;
	io->manager = blkdev_io_manager;
	io->block_size = 1024;
	io->refcount = 1;
	io->flags = flags;
	io->private_data = c;
	*channel = io;
	return 0;
}

static errcode_t bd_close(io_channel io)
{
	if (--io->refcount > 0)
		return 0;
	free(io->private_data);
	free(io->name);
	free(io);
	return 0;
}

static errcode_t bd_set_blksize(io_channel io, int blksize)
{
	if (blksize < SECTOR_SIZE || blksize % SECTOR_SIZE)
		return EINVAL;
	io->block_size = blksize;
	return 0;
}

/*
 * Bytes [offset, offset + size) of the device.  Sector-aligned requests
 * go straight to the driver; others (never made by libext2fs on a
 * 512-byte-sector disk, but allowed by the interface) through a bounce
 * buffer, read-modify-write for writes.
 */
static errcode_t bd_rw(io_channel io, int write, uint64_t offset, size_t size,
		       void *data)
{
	struct blkdev *bd = chan(io)->bd;
	uint64_t first = offset / SECTOR_SIZE;
	uint64_t end = (offset + size + SECTOR_SIZE - 1) / SECTOR_SIZE;
	size_t skip = offset % SECTOR_SIZE;
	char *bounce;
	int rc;

	if (write)
		chan(io)->stats.bytes_written += size;
	else
		chan(io)->stats.bytes_read += size;
	if (!skip && !(size % SECTOR_SIZE)) {
		rc = write ? blkdev_write(bd, first, data, end - first) :
			     blkdev_read(bd, first, data, end - first);
		return -rc;
	}
	bounce = malloc((end - first) * SECTOR_SIZE);
	if (!bounce)
		return ENOMEM;
	rc = blkdev_read(bd, first, bounce, end - first);
	if (!rc && write) {
		memcpy(bounce + skip, data, size);
		rc = blkdev_write(bd, first, bounce, end - first);
	} else if (!rc)
		memcpy(data, bounce + skip, size);
	free(bounce);
	return -rc;
}

/* A count below zero is a byte count, as in every libext2fs manager. */
static size_t request_size(io_channel io, int count)
{
	return count < 0 ? (size_t)-count : (size_t)count * io->block_size;
}

static errcode_t bd_read_blk64(io_channel io, unsigned long long block,
			       int count, void *data)
{
	return bd_rw(io, 0, block * io->block_size, request_size(io, count),
		     data);
}

static errcode_t bd_write_blk64(io_channel io, unsigned long long block,
				int count, const void *data)
{
	return bd_rw(io, 1, block * io->block_size, request_size(io, count),
		     (void *)data);
}

static errcode_t bd_read_blk(io_channel io, unsigned long block, int count,
			     void *data)
{
	return bd_read_blk64(io, block, count, data);
}

static errcode_t bd_write_blk(io_channel io, unsigned long block, int count,
			      const void *data)
{
	return bd_write_blk64(io, block, count, data);
}

static errcode_t bd_write_byte(io_channel io, unsigned long offset, int count,
			       const void *data)
{
	return count < 0 ? EINVAL : bd_rw(io, 1, offset, count, (void *)data);
}

static errcode_t bd_flush(io_channel io)
{
	return -blkdev_flush(chan(io)->bd);
}

static errcode_t bd_set_option(io_channel io, const char *option,
			       const char *arg)
{
	return EXT2_ET_INVALID_ARGUMENT;
}

static errcode_t bd_get_stats(io_channel io, io_stats *stats)
{
	*stats = &chan(io)->stats;
	return 0;
}

static struct struct_io_manager manager = {
	.magic = EXT2_ET_MAGIC_IO_MANAGER,
	.name = "MiniOS block device I/O manager",
	.open = bd_open,
	.close = bd_close,
	.set_blksize = bd_set_blksize,
	.read_blk = bd_read_blk,
	.write_blk = bd_write_blk,
	.flush = bd_flush,
	.write_byte = bd_write_byte,
	.set_option = bd_set_option,
	.get_stats = bd_get_stats,
	.read_blk64 = bd_read_blk64,
	.write_blk64 = bd_write_blk64,
};

io_manager blkdev_io_manager = &manager;
