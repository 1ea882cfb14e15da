/*
 * The binary buddy allocator over a frame table: free blocks of 2^order
 * frames, naturally aligned, kept on one list per order and merged with
 * their buddy when both are free.  No locking and no knowledge of what
 * the frames hold: page_alloc.c adds those.
 */
#ifndef XEN_CORE_BUDDY_H
#define XEN_CORE_BUDDY_H

#include <xen-core/mm.h>

#define BUDDY_MAX_ORDER	18		/* 1 GiB blocks */

struct buddy_heap {
	struct list_head free_lists[BUDDY_MAX_ORDER + 1];
	struct page_info *frames;
	unsigned long nr_frames;
	unsigned long nr_free;
};

void buddy_init(struct buddy_heap *h, struct page_info *frames,
		unsigned long nr_frames);
/* Frees frames [s, e), which must be in use, in the largest blocks. */
void buddy_free_range(struct buddy_heap *h, unsigned long s, unsigned long e);
/* Marks frames free (no owner, no references, no type, no flags). */
void buddy_reset_frames(struct buddy_heap *h, unsigned long mfn,
			unsigned long nr);
/* Frees the block of 2^order frames at @mfn, whose frames are reset. */
void buddy_free(struct buddy_heap *h, unsigned long mfn, unsigned int order);
/* The first frame of a free block of 2^order frames, or NULL. */
struct page_info *buddy_alloc(struct buddy_heap *h, unsigned int order);
unsigned long buddy_free_blocks(const struct buddy_heap *h, unsigned int order);

#endif
