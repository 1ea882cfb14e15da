/*
 * Binary buddy allocator (see buddy.h).  A free block is marked on its
 * first frame (PGF_free_head, order); the other frames of a free block
 * are marked free (owner DOMID_NONE) but carry no list links.  Of a free
 * frame's flags the allocator owns PGF_free_head only: page_alloc.c
 * keeps PGF_scrubbed there.
 */
#include <xen-core/buddy.h>

#define PGF_free_head	0x80

void buddy_init(struct buddy_heap *h, struct page_info *frames,
		unsigned long nr_frames)
{
	unsigned int o;

	for (o = 0; o <= BUDDY_MAX_ORDER; o++)
		list_init(&h->free_lists[o]);
	h->frames = frames;
	h->nr_frames = nr_frames;
	h->nr_free = 0;
}

void buddy_reset_frames(struct buddy_heap *h, unsigned long mfn,
			unsigned long nr)
{
	for (; nr; nr--, mfn++) {
		struct page_info *pg = &h->frames[mfn];

		pg->owner = DOMID_NONE;
		pg->count = 0;
		pg->type_count = 0;
		pg->type = PGT_none;
		pg->flags = 0;
	}
}

/* Puts a block on its list, merging with its buddy while it is free. */
static void insert_block(struct buddy_heap *h, unsigned long mfn,
			 unsigned int order)
{
	struct page_info *pg;

	h->nr_free += 1UL << order;
	while (order < BUDDY_MAX_ORDER) {
		unsigned long buddy_mfn = mfn ^ (1UL << order);
		struct page_info *buddy = &h->frames[buddy_mfn];

		if (buddy_mfn >= h->nr_frames || !(buddy->flags & PGF_free_head) ||
		    buddy->order != order)
			break;
		list_del(&buddy->list);
		buddy->flags &= ~PGF_free_head;
		mfn &= ~(1UL << order);
		order++;
	}
	pg = &h->frames[mfn];
	pg->flags |= PGF_free_head;
	pg->order = order;
	/* At the tail: blocks free longest, most likely scrubbed, go first. */
	list_add_tail(&pg->list, &h->free_lists[order]);
}

void buddy_free(struct buddy_heap *h, unsigned long mfn, unsigned int order)
{
	insert_block(h, mfn, order);
}

void buddy_free_range(struct buddy_heap *h, unsigned long s, unsigned long e)
{
	buddy_reset_frames(h, s, e - s);
	while (s < e) {
		unsigned int order = 0;

		while (order < BUDDY_MAX_ORDER && !(s & ((2UL << order) - 1)) &&
		       s + (2UL << order) <= e)
			order++;
		insert_block(h, s, order);
		s += 1UL << order;
	}
}

struct page_info *buddy_alloc(struct buddy_heap *h, unsigned int order)
{
	unsigned int o = order;
	struct page_info *pg;

	while (o <= BUDDY_MAX_ORDER && list_empty(&h->free_lists[o]))
		o++;
	if (o > BUDDY_MAX_ORDER)
		return NULL;
	pg = list_first_entry(&h->free_lists[o], struct page_info, list);
	list_del(&pg->list);
	pg->flags &= ~PGF_free_head;
	h->nr_free -= 1UL << o;
	while (o > order) {		/* give back the upper halves */
		o--;
		insert_block(h, (unsigned long)(pg - h->frames) + (1UL << o), o);
	}
	return pg;
}

unsigned long buddy_free_blocks(const struct buddy_heap *h, unsigned int order)
{
	const struct list_head *e;
	unsigned long n = 0;

	for (e = h->free_lists[order].next; e != &h->free_lists[order]; e = e->next)
		n++;
	return n;
}
