/*
 * A virtio split virtqueue as the driver sees it: descriptors we give the
 * device, and the used ring it answers on.  The device's answers are
 * untrusted: a used entry that names no request we gave it, or an index
 * that runs ahead of what we offered, breaks the queue (every later call
 * fails) instead of being followed.  No locking: one user at a time.
 */
#ifndef MINIOS_VIRTQUEUE_H
#define MINIOS_VIRTQUEUE_H

#include <stdint.h>
#include <linux/virtio_ring.h>
#include <minios/dma.h>

#define VIRTQ_MAX_SIZE 256	/* each ring part then fits in one page */

struct virtq {
	unsigned int size;		/* descriptors, a power of two */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	uint16_t free_head;
	unsigned int num_free;
	uint16_t avail_idx;		/* next free slot in avail->ring */
	uint16_t last_used;		/* next used entry to read */
	int broken;
	void *token[VIRTQ_MAX_SIZE];	/* by head: NULL if not in flight */
	uint16_t chain_len[VIRTQ_MAX_SIZE];
};

/* Set up @vq over three zeroed pages; @size must be a power of two. */
int virtq_init(struct virtq *vq, unsigned int size, void *desc_page,
	       void *avail_page, void *used_page);

/*
 * Offer one request: @nr_out segments the device reads, then @nr_in it
 * writes.  @token (not NULL) comes back from virtq_next_used.  Returns 0,
 * -ENOSPC without enough free descriptors, or -EIO once broken.
 */
int virtq_add(struct virtq *vq, const struct dma_seg *segs,
	      unsigned int nr_out, unsigned int nr_in, void *token);

/* Whether the device asked not to be notified of new requests. */
int virtq_wants_notify(const struct virtq *vq);

/*
 * Take the next answered request: 1 with its token and the length the
 * device says it wrote, 0 if none is ready, -EIO if the device broke the
 * ring (logged once).
 */
int virtq_next_used(struct virtq *vq, void **token, uint32_t *written);

/* Forget every request in flight (the device was reset); returns them
 * one by one through @token until it returns 0. */
int virtq_drain(struct virtq *vq, void **token);

#endif
