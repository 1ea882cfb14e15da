/*
 * xen-core's frame allocator rules: blocks are naturally aligned, never
 * overlap, split and merge back, the free count is exact, holes in the
 * memory map are never handed out, and a free frame's other flags (the
 * scrubber's) survive splits and merges.
 */
#include <stdlib.h>
#include <string.h>
#include <xen-core/buddy.h>
#include "check.h"

#define FRAMES	4096

static struct page_info frames[FRAMES];
static struct buddy_heap heap;
static unsigned char taken[FRAMES];

static void fresh_heap(void)
{
	memset(frames, 0, sizeof(frames));
	memset(taken, 0, sizeof(taken));
	buddy_init(&heap, frames, FRAMES);
}

/* Records a block as taken; fails on overlap or misalignment. */
static void take(struct page_info *pg, unsigned int order)
{
	unsigned long mfn = pg - frames, i;

	CHECK_EQ(mfn & ((1UL << order) - 1), 0);
	for (i = 0; i < (1UL << order); i++) {
		CHECK(!taken[mfn + i]);
		taken[mfn + i] = 1;
	}
}

static void test_whole_range_comes_back_as_one_block(void)
{
	fresh_heap();
	buddy_free_range(&heap, 0, FRAMES);
	CHECK_EQ(heap.nr_free, FRAMES);
	CHECK_EQ(buddy_free_blocks(&heap, 12), 1);	/* 4096 = 2^12 */
}

static void test_split_and_merge(void)
{
	struct page_info *a, *b, *c;

	fresh_heap();
	buddy_free_range(&heap, 0, FRAMES);
	a = buddy_alloc(&heap, 0);
	b = buddy_alloc(&heap, 3);
	c = buddy_alloc(&heap, 10);
	CHECK(a && b && c);
	take(a, 0);
	take(b, 3);
	take(c, 10);
	CHECK_EQ(heap.nr_free, FRAMES - 1 - 8 - 1024);
	buddy_free(&heap, b - frames, 3);
	buddy_free(&heap, a - frames, 0);
	buddy_free(&heap, c - frames, 10);
	CHECK_EQ(heap.nr_free, FRAMES);
	CHECK_EQ(buddy_free_blocks(&heap, 12), 1);	/* all merged again */
}

/* Free ranges with holes, as a memory map has: holes are never given. */
static void test_holes_are_never_allocated(void)
{
	struct page_info *pg;
	unsigned long n = 0, i;

	fresh_heap();
	buddy_free_range(&heap, 1, 159);	/* odd edges */
	buddy_free_range(&heap, 256, 2000);
	buddy_free_range(&heap, 2001, FRAMES);
	CHECK_EQ(heap.nr_free, 158 + 1744 + 2095);
	while ((pg = buddy_alloc(&heap, 0)) != NULL) {
		take(pg, 0);
		n++;
	}
	CHECK_EQ(n, 158 + 1744 + 2095);
	CHECK_EQ(heap.nr_free, 0);
	CHECK(!taken[0]);
	for (i = 159; i < 256; i++)
		CHECK(!taken[i]);
	CHECK(!taken[2000]);
}

static void test_exhaustion_and_large_orders(void)
{
	struct page_info *pg;
	unsigned int allocated = 0;

	fresh_heap();
	buddy_free_range(&heap, 0, FRAMES);
	CHECK(buddy_alloc(&heap, 13) == NULL);		/* bigger than all */
	while ((pg = buddy_alloc(&heap, 9)) != NULL) {
		take(pg, 9);
		allocated++;
	}
	CHECK_EQ(allocated, FRAMES / 512);
	CHECK(buddy_alloc(&heap, 0) == NULL);
	CHECK(buddy_alloc(&heap, BUDDY_MAX_ORDER) == NULL);
}

/* Random alloc/free keeps every invariant. */
static void test_random_churn(void)
{
	struct { struct page_info *pg; unsigned int order; } live[512];
	unsigned int nlive = 0, step;
	unsigned long in_use = 0;

	fresh_heap();
	buddy_free_range(&heap, 0, FRAMES);
	srand(1);
	for (step = 0; step < 20000; step++) {
		if (nlive && (rand() % 2 || nlive == 512)) {
			unsigned int k = rand() % nlive, i;
			unsigned long mfn = live[k].pg - frames;

			for (i = 0; i < (1U << live[k].order); i++)
				taken[mfn + i] = 0;
			buddy_free(&heap, mfn, live[k].order);
			in_use -= 1UL << live[k].order;
			live[k] = live[--nlive];
		} else {
			unsigned int order = rand() % 6;
			struct page_info *pg = buddy_alloc(&heap, order);

			if (!pg)
				continue;
			take(pg, order);
			live[nlive].pg = pg;
			live[nlive++].order = order;
			in_use += 1UL << order;
		}
		CHECK_EQ(heap.nr_free + in_use, FRAMES);
	}
	while (nlive) {
		nlive--;
		buddy_free(&heap, live[nlive].pg - frames, live[nlive].order);
	}
	CHECK_EQ(buddy_free_blocks(&heap, 12), 1);
}

/* The allocator owns only its own flag of a free frame. */
static void test_scrubbed_flags_survive_split_and_merge(void)
{
	struct page_info *a, *b;
	unsigned long i;

	fresh_heap();
	buddy_free_range(&heap, 0, FRAMES);
	for (i = 0; i < FRAMES; i++)
		frames[i].flags |= PGF_scrubbed;
	a = buddy_alloc(&heap, 0);		/* splits the 4096 block */
	b = buddy_alloc(&heap, 5);
	CHECK(a && b);
	for (i = 0; i < FRAMES; i++)
		CHECK(frames[i].flags & PGF_scrubbed);
	buddy_reset_frames(&heap, a - frames, 1);	/* freed: dirty again */
	buddy_free(&heap, a - frames, 0);
	buddy_free(&heap, b - frames, 5);
	CHECK_EQ(buddy_free_blocks(&heap, 12), 1);
	CHECK(!(a->flags & PGF_scrubbed));
	for (i = 0; i < FRAMES; i++)
		if (frames + i != a)
			CHECK(frames[i].flags & PGF_scrubbed);
}

int main(int argc, char **argv)
{
	(void)argc;
	test_whole_range_comes_back_as_one_block();
	test_split_and_merge();
	test_holes_are_never_allocated();
	test_exhaustion_and_large_orders();
	test_random_churn();
	test_scrubbed_flags_survive_split_and_merge();
	return check_summary(argv[0]);
}
