/*
 * virtio-blk (virtio 1.0 section 5.2) over the modern PCI transport:
 * QEMU's transitional device (1af4:1001) and its modern-only one
 * (1af4:1042).  One request queue; blkdev gives us one request at a
 * time.
 *
 * Completion is polled: the driver checks the used ring with short
 * sleeps between looks (the interrupt path, a pirq bound to an event
 * channel, comes with the hypervisor's MSI-X support).  A device that
 * does not answer within REQUEST_TIMEOUT_NS, or answers outside the
 * ring's rules, is failed and reset, and every later request gets -EIO.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <linux/virtio_blk.h>
#include <minios/blkdev.h>
#include <minios/kernel.h>
#include <minios/mm.h>
#include <minios/sched.h>
#include <minios/time.h>
#include "virtio_pci.h"

#define QUEUE_SIZE		128
#define MAX_DATA_SEGS		(QUEUE_SIZE - 2)	/* + header + status */
#define REQUEST_TIMEOUT_NS	(30ULL * 1000 * 1000 * 1000)
#define POLL_FIRST_NS		20000ULL
#define POLL_MAX_NS		1000000ULL

#define WANTED_FEATURES ((1ULL << VIRTIO_BLK_F_SEG_MAX) | \
			 (1ULL << VIRTIO_BLK_F_RO) | \
			 (1ULL << VIRTIO_BLK_F_BLK_SIZE) | \
			 (1ULL << VIRTIO_BLK_F_FLUSH))

/* The device reads the header and writes the status: one DMA page. */
struct request_page {
	struct virtio_blk_outhdr hdr;
	uint8_t status;
};

struct vblk {
	struct virtio_pci vp;
	struct virtq vq;
	struct request_page *req;
	unsigned int max_data_segs;
	int broken;
	char name[16];
};

static void fail_device(struct vblk *b, const char *why)
{
	void *token;

	printk("virtio-blk %s: %s; device failed\n", b->name, why);
	b->broken = 1;
	virtio_fail(&b->vp);
	while (virtq_drain(&b->vq, &token))
		;
}

/* Poll for the answer to the one request in flight. */
static int wait_answer(struct vblk *b)
{
	uint64_t start = monotonic_ns(), pause = POLL_FIRST_NS;
	uint32_t written;
	void *token;
	int rc;

	while (!(rc = virtq_next_used(&b->vq, &token, &written))) {
		if (monotonic_ns() - start > REQUEST_TIMEOUT_NS) {
			fail_device(b, "request timed out");
			return -EIO;
		}
		sleep_until(monotonic_ns() + pause);
		if (pause < POLL_MAX_NS)
			pause *= 2;
	}
	if (rc < 0 || token != b->req) {
		fail_device(b, "ring broken");
		return -EIO;
	}
	return 0;
}

static int status_errno(struct vblk *b, uint8_t status)
{
	switch (status) {
	case VIRTIO_BLK_S_OK:
		return 0;
	case VIRTIO_BLK_S_UNSUPP:
		return -EOPNOTSUPP;
	case VIRTIO_BLK_S_IOERR:
		return -EIO;
	}
	printk("virtio-blk %s: unknown status %u\n", b->name, status);
	return -EIO;
}

static int do_request(struct vblk *b, uint32_t type, uint64_t sector,
		      void *buf, uint32_t bytes)
{
	struct dma_seg segs[MAX_DATA_SEGS + 2];
	unsigned int data = 0;
	int write = type == VIRTIO_BLK_T_OUT, rc;

	segs[0] = (struct dma_seg){ dma_addr(&b->req->hdr), sizeof(b->req->hdr) };
	if (bytes && !(data = dma_segments(buf, bytes, segs + 1,
					   b->max_data_segs)))
		return -EINVAL;
	segs[1 + data] = (struct dma_seg){ dma_addr(&b->req->status), 1 };
	b->req->hdr = (struct virtio_blk_outhdr){ .type = type,
						  .sector = sector };
	b->req->status = 0xff;
	rc = virtq_add(&b->vq, segs, 1 + (write ? data : 0),
		       (write ? 0 : data) + 1, b->req);
	if (rc)
		return rc == -ENOSPC ? -EIO : rc;
	if (virtq_wants_notify(&b->vq))
		virtio_notify(&b->vp, 0);
	rc = wait_answer(b);
	return rc ? rc : status_errno(b, b->req->status);
}

static int request(struct vblk *b, uint32_t type, uint64_t sector, void *buf,
		   uint32_t bytes)
{
	return b->broken ? -EIO : do_request(b, type, sector, buf, bytes);
}

static int vblk_io(void *priv, int write, uint64_t sector, void *buf,
		   uint32_t count)
{
	return request(priv, write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN,
		       sector, buf, count * SECTOR_SIZE);
}

static int vblk_flush(void *priv)
{
	struct vblk *b = priv;

	if (!(b->vp.features & (1ULL << VIRTIO_BLK_F_FLUSH)))
		return 0;	/* no write cache to flush */
	return request(b, VIRTIO_BLK_T_FLUSH, 0, NULL, 0);
}

static const struct blkdev_ops vblk_ops = {
	.io = vblk_io,
	.flush = vblk_flush,
};

static unsigned int data_segments(const struct vblk *b)
{
	uint32_t seg_max = MAX_DATA_SEGS;

	if (b->vp.features & (1ULL << VIRTIO_BLK_F_SEG_MAX)) {
		seg_max = virtio_device_read32(&b->vp,
			offsetof(struct virtio_blk_config, seg_max));
		if (seg_max > MAX_DATA_SEGS)
			seg_max = MAX_DATA_SEGS;
	}
	return seg_max < b->vq.size - 2 ? seg_max : b->vq.size - 2;
}

static int start_device(struct vblk *b, struct pci_dev *dev)
{
	int rc;

	if ((rc = virtio_pci_init(&b->vp, dev)) ||
	    (rc = virtio_negotiate(&b->vp, WANTED_FEATURES)) ||
	    (rc = virtio_setup_queue(&b->vp, 0, &b->vq, QUEUE_SIZE)))
		return rc;
	b->req = dma_alloc_page();
	if (!b->req)
		return -ENOMEM;
	b->max_data_segs = data_segments(b);
	if (b->max_data_segs < 2)
		return -ENODEV;
	virtio_driver_ok(&b->vp);
	return 0;
}

static int vblk_probe(struct pci_dev *dev)
{
	struct vblk *b = calloc(1, sizeof(*b));
	struct blkdev *disk;
	uint64_t sectors;
	int rc;

	if (!b)
		return -ENOMEM;
	snprintf(b->name, sizeof(b->name), "%02x:%02x.%x", dev->bus,
		 PCI_SLOT(dev->devfn), PCI_FUNC(dev->devfn));
	rc = start_device(b, dev);
	if (rc) {
		printk("virtio-blk %s: cannot start (%d)\n", b->name, rc);
		if (b->vp.common)
			virtio_fail(&b->vp);
		free(b);
		return rc;
	}
	sectors = virtio_device_read64(&b->vp,
		offsetof(struct virtio_blk_config, capacity));
	/* A buffer may start mid-page: one segment less than pages. */
	disk = blkdev_add_disk("vd", sectors,
			       !!(b->vp.features & (1ULL << VIRTIO_BLK_F_RO)),
			       (b->max_data_segs - 1) * (PAGE_SIZE / SECTOR_SIZE),
			       "virtio-blk", &vblk_ops, b);
	if (!disk)
		return -ENOMEM;
	dev->driver_data = disk;
	printk("virtio-blk %s: %s, %llu sectors%s\n", b->name, disk->name,
	       (unsigned long long)sectors, disk->read_only ? ", read-only" : "");
	return 0;
}

static const struct pci_id vblk_ids[] = {
	{ 0x1af4, 0x1001 },	/* transitional */
	{ 0x1af4, 0x1042 },	/* modern only */
	{ 0, 0 },
};

const struct pci_driver virtio_blk_driver = {
	.name = "virtio-blk",
	.ids = vblk_ids,
	.probe = vblk_probe,
};
