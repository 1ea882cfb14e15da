/*
 * The PV start-of-day layout (see layout.h).  Allocation is a bump
 * pointer over pfns, as in libxenguest; the page-table count depends on
 * how much gets mapped, which depends on the page-table count, so it is
 * found by iterating until the mapping (rounded to 4 MiB) holds them.
 */
#include <stddef.h>
#include "layout.h"

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1ULL << PAGE_SHIFT)
#define VA_MASK		((1ULL << 48) - 1)	/* 4-level paging */
#define MAP_ALIGN	(4ULL << 20)
#define SLACK_PAGES	((512ULL << 10) / PAGE_SIZE)

struct bump {
	uint64_t next_pfn;
	uint64_t nr_pages;
};

static int take(struct bump *b, uint64_t pages, struct pv_segment *seg)
{
	if (pages > b->nr_pages || b->next_pfn > b->nr_pages - pages)
		return -1;
	if (seg) {
		seg->pfn = b->next_pfn;
		seg->pages = pages;
	}
	b->next_pfn += pages;
	return 0;
}

static uint64_t pages_for(uint64_t bytes)
{
	return (bytes + PAGE_SIZE - 1) >> PAGE_SHIFT;
}

/* Bits of VA one table of level n (1 = L1) covers. */
static unsigned int level_shift(int n)
{
	return PAGE_SHIFT + 9 * n;
}

/*
 * Tables needed at each level to map [virt_base, end) and where the
 * first of each level starts covering; returns the total.
 */
static uint64_t count_tables(struct pv_layout *l, uint64_t end)
{
	uint64_t from = l->virt_base & VA_MASK, last = (end - 1) & VA_MASK;
	uint64_t total = 1;

	l->level[4].count = 1;
	l->level[4].first_va = 0;
	for (int n = 3; n >= 1; n--) {
		uint64_t mask = (1ULL << level_shift(n)) - 1;

		l->level[n].first_va = from & ~mask;
		l->level[n].count = (((last | mask) - (from & ~mask)) >>
				     level_shift(n)) + 1;
		total += l->level[n].count;
	}
	return total;
}

/* The bootstrap mapping's end, and the page tables it needs. */
static uint64_t size_mapping(struct pv_layout *l, uint64_t alloc_end_va,
			     uint64_t *tables)
{
	uint64_t extra = 1 + SLACK_PAGES;	/* boot stack + slack */
	uint64_t pages = extra, end;

	for (;;) {
		/* As libxenguest rounds: an aligned end gets 4 MiB more. */
		end = ((alloc_end_va + pages * PAGE_SIZE) | (MAP_ALIGN - 1)) + 1;
		*tables = count_tables(l, end);
		pages = *tables + extra;
		if (alloc_end_va + pages * PAGE_SIZE <= end)
			return end;
	}
}

static void place_tables(struct pv_layout *l, uint64_t first_pfn)
{
	uint64_t pfn = first_pfn;

	for (int n = 4; n >= 1; n--) {
		l->level[n].pfn = pfn;
		pfn += l->level[n].count;
	}
}

int pv_layout_compute(const struct pv_layout_request *req,
		      struct pv_layout *l, const char **why)
{
	struct bump b = { 0, req->nr_pages };
	uint64_t kernel_pad, tables, end_va;

	*l = (struct pv_layout){ .virt_base = req->virt_base };
	if ((req->virt_base | req->kernel_start) & (PAGE_SIZE - 1) ||
	    req->kernel_start < req->virt_base ||
	    req->kernel_end <= req->kernel_start) {
		*why = "kernel image extent is not page aligned above VIRT_BASE";
		return -1;
	}
	*why = "not enough memory for the kernel and boot data";
	kernel_pad = (req->kernel_start - req->virt_base) >> PAGE_SHIFT;
	if (take(&b, kernel_pad, NULL) ||
	    take(&b, pages_for(req->kernel_end - req->kernel_start), &l->kernel) ||
	    (req->ramdisk_bytes && !req->ramdisk_by_pfn &&
	     take(&b, pages_for(req->ramdisk_bytes), &l->ramdisk)) ||
	    take(&b, pages_for(req->nr_pages * 8), &l->p2m))
		return -1;
	l->start_info_pfn = b.next_pfn;
	l->xenstore_pfn = b.next_pfn + 1;
	l->console_pfn = b.next_pfn + 2;
	if (take(&b, 3, NULL))
		return -1;

	end_va = size_mapping(l, pv_pfn_to_va(l, b.next_pfn), &tables);
	l->mapped_pages = (end_va - req->virt_base) >> PAGE_SHIFT;
	if (l->mapped_pages > req->nr_pages) {
		*why = "not enough memory for the initial mapping";
		return -1;
	}
	if (take(&b, tables, &l->pgtables))
		return -1;
	place_tables(l, l->pgtables.pfn);
	l->stack_pfn = b.next_pfn;
	if (take(&b, 1, NULL))
		return -1;
	if (!req->ramdisk_bytes || !req->ramdisk_by_pfn)
		return 0;
	*why = "not enough memory for the ramdisk";
	b.next_pfn = l->mapped_pages;
	return take(&b, pages_for(req->ramdisk_bytes), &l->ramdisk);
}
