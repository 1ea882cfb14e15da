/*
 * Memory: the 1:1 map of our RAM, the page allocator, the heap break and
 * a window for mapping other machine frames (shared_info, firmware tables).
 *
 * Virtual layout (VIRT_BASE = 0):
 *   0                     unmapped (NULL guard)
 *   0x1000 ...            kernel image, then everything the builder set up
 *   ... nr_pages * 4K     rest of RAM, mapped by mm_init(); heap grows up
 *                         from the first free page, allocated pages come
 *                         from the top down
 *   MAP_AREA_START        mappings of arbitrary machine frames
 *   0xffff800000000000    Xen (read-only M2P table at its start)
 */
#ifndef MINIOS_MM_H
#define MINIOS_MM_H

#include <stddef.h>
#include <stdint.h>
#include <minios/kernel.h>

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PFN_UP(x) (((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
#define PFN_DOWN(x) ((x) >> PAGE_SHIFT)

#define MAP_AREA_START 0x100000000000UL	/* 16 TiB */
#define MAP_AREA_END   0x100040000000UL	/* 1 GiB of mappings */

static inline void *pfn_to_virt(unsigned long pfn)
{
	return (void *)(pfn << PAGE_SHIFT);
}

static inline unsigned long virt_to_pfn(const void *va)
{
	return (unsigned long)va >> PAGE_SHIFT;
}

static inline unsigned long pfn_to_mfn(unsigned long pfn)
{
	return ((const unsigned long *)start_info->mfn_list)[pfn];
}

static inline unsigned long mfn_to_pfn(unsigned long mfn)
{
	return machine_to_phys_mapping[mfn];
}

/* mm.c */
void mm_init(void);
unsigned long mm_alloc_table_pfn(void);

/* Mapping flags (a true 'writable' is MAP_RW). */
#define MAP_RW		1
#define MAP_UNCACHED	2	/* device registers */

/*
 * Map 'len' bytes of machine memory at 'maddr', owned by 'owner'
 * (DOMID_SELF for our own frames, DOMID_IO for firmware/MMIO), with
 * MAP_* 'flags'.  Returns the address of maddr's byte, or NULL with a
 * message.
 */
void *map_machine(uint64_t maddr, size_t len, domid_t owner, int flags);

/*
 * framemap.c: map machine frames of any domain (the toolstack maps a
 * new guest's pages to build it, and its console ring) at consecutive
 * addresses of a reusable window.  'owner' is the frames' domain (or
 * DOMID_SELF).  Returns the address of the first, or NULL with *err
 * set to Xen's negative errno (-ENOMEM: window full).  Nothing stays
 * mapped on failure.
 */
void *map_frames(const xen_pfn_t *mfns, unsigned long count, domid_t owner,
		 int writable, int *err);
void unmap_frames(void *va, unsigned long count);

/* pagealloc.c */
void pagealloc_init(unsigned long *bitmap, unsigned long first_pfn,
		    unsigned long end_pfn);
void *alloc_pages(unsigned int count);
void free_pages(void *va, unsigned int count);
unsigned long free_page_count(void);
void *heap_sbrk(intptr_t increment);	/* (void *)-1 when out of memory */

/* Where this domain's pages are, for `meminfo`. */
struct page_usage {
	unsigned long boot;	/* below the allocator: image, builder's data,
				   initial page tables, the bitmap */
	unsigned long heap;	/* owned by the heap break (malloc) */
	unsigned long allocated;	/* alloc_pages(): stacks, page tables */
	unsigned long free;
};
void pagealloc_usage(struct page_usage *u);

/* pagetable.c */
void pt_map_ram(unsigned long first_pfn, unsigned long end_pfn);
int pt_map_frame(unsigned long va, unsigned long mfn, domid_t owner,
		 int flags);
void pt_unmap(unsigned long va);
/* Map mfns[0..count) at va..; on failure nothing stays mapped. */
int pt_map_frames(unsigned long va, const xen_pfn_t *mfns,
		  unsigned long count, domid_t owner, int writable);
/* Clear 'count' entries from va and flush them from the TLB. */
void pt_unmap_frames(unsigned long va, unsigned long count);

#endif
