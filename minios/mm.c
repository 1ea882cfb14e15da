/*
 * Memory bring-up: map all of our RAM, start the page allocator, map
 * shared_info, and the window for other machine frames.
 */
#include <minios/hypercall.h>
#include <minios/kernel.h>
#include <minios/mm.h>

shared_info_t *shared_info;

static unsigned long early_next_pfn;	/* bump allocator before pagealloc */
static int pagealloc_ready;
static unsigned long map_area_next = MAP_AREA_START;

unsigned long mm_alloc_table_pfn(void)
{
	void *page;

	if (!pagealloc_ready) {
		BUG_ON(early_next_pfn >= start_info->nr_pages);
		return early_next_pfn++;
	}
	page = alloc_pages(1);
	if (!page)
		panic("mm: out of memory for page tables");
	return virt_to_pfn(page);
}

/* The domain builder puts page tables, then one stack page, last. */
static unsigned long first_free_pfn(void)
{
	return PFN_UP(start_info->pt_base) + start_info->nr_pt_frames + 1;
}

void *map_machine(uint64_t maddr, size_t len, domid_t owner, int flags)
{
	unsigned long first = PFN_DOWN(maddr);
	unsigned long count = PFN_UP(maddr + len) - first;
	unsigned long va = map_area_next;

	if (!len || count > (MAP_AREA_END - va) / PAGE_SIZE) {
		printk("mm: cannot map %lu bytes at %lx: window full\n",
		       (unsigned long)len, (unsigned long)maddr);
		return NULL;
	}
	for (unsigned long i = 0; i < count; i++) {
		int rc = pt_map_frame(va + i * PAGE_SIZE, first + i, owner,
				      flags);

		if (rc) {
			printk("mm: mapping machine frame %lx failed (%d)\n",
			       first + i, rc);
			while (i--)
				pt_unmap(va + i * PAGE_SIZE);
			return NULL;
		}
	}
	map_area_next += count * PAGE_SIZE;
	return (char *)va + (maddr & (PAGE_SIZE - 1));
}

void mm_init(void)
{
	unsigned long nr_pages = start_info->nr_pages;
	unsigned long bitmap_pages;
	unsigned long *bitmap;

	early_next_pfn = first_free_pfn();
	pt_map_ram(early_next_pfn, nr_pages);

	bitmap_pages = PFN_UP((nr_pages + 7) / 8);
	bitmap = pfn_to_virt(early_next_pfn);
	early_next_pfn += bitmap_pages;
	pagealloc_init(bitmap, early_next_pfn, nr_pages);
	pagealloc_ready = 1;

	shared_info = map_machine(start_info->shared_info, PAGE_SIZE,
				  DOMID_SELF, 1);
	if (!shared_info)
		panic("mm: cannot map shared_info");

	pt_unmap(0);	/* NULL guard */
}
