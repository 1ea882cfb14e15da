/* Split virtqueues (see virtqueue.h); virtio 1.0 section 2.6. */
#include <errno.h>
#include <minios/kernel.h>
#include "virtqueue.h"

int virtq_init(struct virtq *vq, unsigned int size, void *desc_page,
	       void *avail_page, void *used_page)
{
	if (!size || size > VIRTQ_MAX_SIZE || (size & (size - 1)))
		return -EINVAL;
	*vq = (struct virtq){
		.size = size, .desc = desc_page, .avail = avail_page,
		.used = used_page, .num_free = size,
	};
	for (unsigned int i = 0; i < size; i++)
		vq->desc[i].next = (i + 1) % size;
	return 0;
}

int virtq_add(struct virtq *vq, const struct dma_seg *segs,
	      unsigned int nr_out, unsigned int nr_in, void *token)
{
	unsigned int n = nr_out + nr_in;
	uint16_t head = vq->free_head, i = head, last = head;

	if (vq->broken)
		return -EIO;
	if (!n || n > vq->num_free)
		return -ENOSPC;
	for (unsigned int k = 0; k < n; k++) {
		struct vring_desc *d = &vq->desc[i];

		d->addr = segs[k].addr;
		d->len = segs[k].len;
		d->flags = (k >= nr_out ? VRING_DESC_F_WRITE : 0) |
			   (k + 1 < n ? VRING_DESC_F_NEXT : 0);
		last = i;
		i = d->next;
	}
	vq->free_head = vq->desc[last].next;
	vq->num_free -= n;
	vq->token[head] = token;
	vq->chain_len[head] = n;
	vq->avail->ring[vq->avail_idx % vq->size] = head;
	barrier();		/* the entry before the index that shows it */
	vq->avail->idx = ++vq->avail_idx;
	return 0;
}

int virtq_wants_notify(const struct virtq *vq)
{
	__sync_synchronize();	/* our index out before the device's flag in */
	return !(vq->used->flags & VRING_USED_F_NO_NOTIFY);
}

/* Give a chain's descriptors back to the free list. */
static void free_chain(struct virtq *vq, uint16_t head)
{
	uint16_t last = head;

	for (unsigned int k = 1; k < vq->chain_len[head]; k++)
		last = vq->desc[last].next;
	vq->desc[last].next = vq->free_head;
	vq->free_head = head;
	vq->num_free += vq->chain_len[head];
	vq->token[head] = NULL;
}

static int break_queue(struct virtq *vq, const char *why, unsigned int what)
{
	if (!vq->broken)
		printk("virtio: device broke its queue: %s (%u)\n", why, what);
	vq->broken = 1;
	return -EIO;
}

int virtq_next_used(struct virtq *vq, void **token, uint32_t *written)
{
	uint16_t ready, in_flight = vq->size - vq->num_free;
	struct vring_used_elem e;

	if (vq->broken)
		return -EIO;
	ready = vq->used->idx - vq->last_used;
	if (!ready)
		return 0;
	if (ready > in_flight)
		return break_queue(vq, "used index ahead of requests", ready);
	rmb();			/* the index before the entry it covers */
	e = vq->used->ring[vq->last_used % vq->size];
	if (e.id >= vq->size || !vq->token[e.id])
		return break_queue(vq, "used entry names no request", e.id);
	vq->last_used++;
	*token = vq->token[e.id];
	*written = e.len;
	free_chain(vq, e.id);
	return 1;
}

int virtq_drain(struct virtq *vq, void **token)
{
	for (unsigned int i = 0; i < vq->size; i++)
		if (vq->token[i]) {
			*token = vq->token[i];
			free_chain(vq, i);
			return 1;
		}
	return 0;
}
