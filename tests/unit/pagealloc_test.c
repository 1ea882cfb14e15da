/*
 * Host-side test of MiniOS's page allocator and heap break: both share
 * one bitmap, allocations come from the top, the heap grows from the
 * bottom, and the free count stays exact.
 */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <minios/mm.h>
#include "check.h"

#define FIRST_PFN 0x100
#define END_PFN   0x200	/* 256 pages under management */
#define PAGES (END_PFN - FIRST_PFN)

start_info_t *start_info;
shared_info_t *shared_info;

static jmp_buf on_panic;


/* The allocator calls panic() (via BUG_ON) on misuse. */
void panic(const char *fmt, ...)
{
	(void)fmt;
	longjmp(on_panic, 1);
}

static unsigned long bitmap[PAGES / (8 * sizeof(unsigned long))];

static void test_alloc_free(void)
{
	void *a, *b, *c;

	pagealloc_init(bitmap, FIRST_PFN, END_PFN);
	CHECK(free_page_count() == PAGES);

	a = alloc_pages(8);
	CHECK(a == pfn_to_virt(END_PFN - 8));
	CHECK(free_page_count() == PAGES - 8);
	b = alloc_pages(1);
	CHECK(b == pfn_to_virt(END_PFN - 9));
	free_pages(a, 8);
	CHECK(free_page_count() == PAGES - 1);
	c = alloc_pages(4);		/* reuses the top of the freed run */
	CHECK(c == pfn_to_virt(END_PFN - 4));
	CHECK(alloc_pages(0) == NULL);
	CHECK(alloc_pages(PAGES) == NULL);

	if (!setjmp(on_panic)) {
		free_pages(a, 8);	/* partly free already: a bug */
		CHECK(!"double free not caught");
	}
	free_pages(c, 4);
	free_pages(b, 1);
	CHECK(free_page_count() == PAGES);
}

static void test_heap(void)
{
	char *base = pfn_to_virt(FIRST_PFN);
	void *top;

	pagealloc_init(bitmap, FIRST_PFN, END_PFN);
	CHECK(heap_sbrk(0) == base);
	CHECK(heap_sbrk(100) == base);
	CHECK(free_page_count() == PAGES - 1);
	CHECK(heap_sbrk(PAGE_SIZE) == base + 100);
	CHECK(free_page_count() == PAGES - 2);
	CHECK(heap_sbrk(-(intptr_t)(PAGE_SIZE + 100)) == base + PAGE_SIZE + 100);
	CHECK(free_page_count() == PAGES);
	CHECK(heap_sbrk(-1) == (void *)-1);	/* below the start */

	/* Heap and allocations meet in the middle, neither overlaps. */
	top = alloc_pages(PAGES / 2);
	CHECK(top == pfn_to_virt(FIRST_PFN + PAGES / 2));
	CHECK(heap_sbrk(PAGES / 2 * PAGE_SIZE) == base);
	CHECK(heap_sbrk(1) == (void *)-1);
	CHECK(free_page_count() == 0);
	CHECK(alloc_pages(1) == NULL);
	heap_sbrk(-(intptr_t)PAGE_SIZE);
	CHECK(alloc_pages(1) == pfn_to_virt(FIRST_PFN + PAGES / 2 - 1));
}

static void test_usage(void)
{
	struct page_usage u;

	pagealloc_init(bitmap, FIRST_PFN, END_PFN);
	heap_sbrk(3 * PAGE_SIZE + 1);		/* 4 pages */
	alloc_pages(8);
	alloc_pages(2);
	pagealloc_usage(&u);
	CHECK_EQ(u.boot, FIRST_PFN);
	CHECK_EQ(u.heap, 4);
	CHECK_EQ(u.allocated, 10);
	CHECK_EQ(u.free, PAGES - 14);
}

int main(int argc, char **argv)
{
	test_alloc_free();
	test_heap();
	test_usage();
	(void)argc;
	return check_summary(argv[0]);
}
