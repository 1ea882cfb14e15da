/*
 * libext2fs's I/O manager over MiniOS's block devices: a channel's name
 * is the device's ("vda1").  Requests go to the driver as they come,
 * several blocks at once where libext2fs asks for several; writes are
 * passed on at once (no cache here), flush asks the disk to make them
 * durable.
 */
#ifndef HOSTFS_BLKDEV_IO_H
#define HOSTFS_BLKDEV_IO_H

#include <ext2fs/ext2fs.h>

extern io_manager blkdev_io_manager;

#endif
