/*
 * Page allocator and heap break over the RAM left after boot.
 *
 * One bitmap covers [first_pfn, end_pfn).  alloc_pages() takes runs from
 * the top down; the heap (newlib's sbrk) grows up from first_pfn.  They
 * meet in the middle, so neither needs a fixed share of memory.
 */
#include <errno.h>
#include <string.h>
#include <minios/kernel.h>
#include <minios/mm.h>

#define BITS_PER_LONG (8 * sizeof(unsigned long))

static unsigned long *used;	/* bit set = page allocated */
static unsigned long base_pfn, end_pfn;
static unsigned long free_pages_left;
static unsigned long heap_brk;	/* current break, a virtual address */

static int page_used(unsigned long pfn)
{
	unsigned long bit = pfn - base_pfn;

	return (used[bit / BITS_PER_LONG] >> (bit % BITS_PER_LONG)) & 1;
}

static void mark_pages(unsigned long pfn, unsigned long count, int in_use)
{
	for (unsigned long i = 0; i < count; i++) {
		unsigned long bit = pfn - base_pfn + i;
		unsigned long mask = 1UL << (bit % BITS_PER_LONG);

		if (in_use)
			used[bit / BITS_PER_LONG] |= mask;
		else
			used[bit / BITS_PER_LONG] &= ~mask;
	}
	if (in_use)
		free_pages_left -= count;
	else
		free_pages_left += count;
}

void pagealloc_init(unsigned long *bitmap, unsigned long first_pfn,
		    unsigned long last_pfn)
{
	used = bitmap;
	base_pfn = first_pfn;
	end_pfn = last_pfn;
	memset(used, 0, (end_pfn - base_pfn + 7) / 8);
	free_pages_left = end_pfn - base_pfn;
	heap_brk = (unsigned long)pfn_to_virt(base_pfn);
}

/* First pfn the heap does not own. */
static unsigned long heap_end_pfn(void)
{
	return PFN_UP(heap_brk);
}

void *alloc_pages(unsigned int count)
{
	unsigned long run = 0;

	if (!count)
		return NULL;
	for (unsigned long pfn = end_pfn; pfn-- > heap_end_pfn();) {
		if (page_used(pfn)) {
			run = 0;
		} else if (++run == count) {
			mark_pages(pfn, count, 1);
			return pfn_to_virt(pfn);
		}
	}
	return NULL;
}

void free_pages(void *va, unsigned int count)
{
	unsigned long pfn = virt_to_pfn(va);

	BUG_ON(pfn < heap_end_pfn() || pfn + count > end_pfn);
	for (unsigned long i = 0; i < count; i++)
		BUG_ON(!page_used(pfn + i));
	mark_pages(pfn, count, 0);
}

unsigned long free_page_count(void)
{
	return free_pages_left;
}

void pagealloc_usage(struct page_usage *u)
{
	u->boot = base_pfn;
	u->heap = heap_end_pfn() - base_pfn;
	u->free = free_pages_left;
	u->allocated = end_pfn - base_pfn - u->heap - u->free;
}

void *heap_sbrk(intptr_t increment)
{
	unsigned long old = heap_brk, new = old + increment;
	unsigned long old_top = heap_end_pfn(), new_top = PFN_UP(new);

	if (new < (unsigned long)pfn_to_virt(base_pfn) || new_top > end_pfn) {
		errno = ENOMEM;
		return (void *)-1;
	}
	for (unsigned long pfn = old_top; pfn < new_top; pfn++) {
		if (page_used(pfn)) {
			errno = ENOMEM;
			return (void *)-1;
		}
	}
	if (new_top > old_top)
		mark_pages(old_top, new_top - old_top, 1);
	else if (new_top < old_top)
		mark_pages(new_top, old_top - new_top, 0);
	heap_brk = new;
	return (void *)old;
}
