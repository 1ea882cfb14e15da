/*
 * The window for mapping other domains' frames (see map_frames() in
 * mm.h): 512 MiB above the permanent mapping area, handed out first-fit
 * in page runs and given back by unmap_frames().  Its page tables are
 * made on first use and stay.
 */
#include <errno.h>
#include <minios/kernel.h>
#include <minios/mm.h>

#define WINDOW_START	MAP_AREA_END
#define WINDOW_PAGES	(512UL << (20 - PAGE_SHIFT))
#define WORD_BITS	(8 * sizeof(unsigned long))

static unsigned long in_use[WINDOW_PAGES / WORD_BITS];

static int slot_used(unsigned long i)
{
	return (in_use[i / WORD_BITS] >> (i % WORD_BITS)) & 1;
}

static void mark_slots(unsigned long first, unsigned long count, int used)
{
	for (unsigned long i = first; i < first + count; i++) {
		if (used)
			in_use[i / WORD_BITS] |= 1UL << (i % WORD_BITS);
		else
			in_use[i / WORD_BITS] &= ~(1UL << (i % WORD_BITS));
	}
}

/* First run of 'count' free slots; WINDOW_PAGES if there is none. */
static unsigned long find_free_run(unsigned long count)
{
	unsigned long run = 0;

	for (unsigned long i = 0; i < WINDOW_PAGES; i++) {
		run = slot_used(i) ? 0 : run + 1;
		if (run == count)
			return i + 1 - count;
	}
	return WINDOW_PAGES;
}

void *map_frames(const xen_pfn_t *mfns, unsigned long count, domid_t owner,
		 int writable, int *err)
{
	unsigned long first;
	unsigned long va;
	int rc;

	if (!count || count > WINDOW_PAGES ||
	    (first = find_free_run(count)) == WINDOW_PAGES) {
		*err = -ENOMEM;
		return NULL;
	}
	va = WINDOW_START + first * PAGE_SIZE;
	rc = pt_map_frames(va, mfns, count, owner, writable);
	if (rc) {
		*err = rc;
		return NULL;
	}
	mark_slots(first, count, 1);
	return (void *)va;
}

void unmap_frames(void *va, unsigned long count)
{
	unsigned long first = ((unsigned long)va - WINDOW_START) / PAGE_SIZE;

	BUG_ON((unsigned long)va < WINDOW_START || first + count > WINDOW_PAGES);
	pt_unmap_frames((unsigned long)va, count);
	mark_slots(first, count, 0);
}
