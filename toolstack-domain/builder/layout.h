/*
 * Where a PV domain builder puts things in a new 64-bit guest's memory:
 * the same layout as libxenguest (xg_dom_core.c xc_dom_build_image,
 * xg_dom_x86.c), so guests see what they see under xl.  From VIRT_BASE,
 * with pseudo-physical page N at VIRT_BASE + N * 4 KiB:
 *
 *   padding up to the kernel's first page, kernel, [ramdisk], p2m list,
 *   start_info, xenstore ring, console ring, bootstrap page tables
 *   (L4, L3s, L2s, L1s), boot stack, then padding to the end of the
 *   bootstrap mapping: a 4 MiB boundary with at least 512 KiB free.
 *
 * A kernel with the MOD_START_PFN note (Linux) gets its ramdisk after
 * the bootstrap mapping instead, found by its pfn.
 *
 * Pure arithmetic, unit-tested.
 */
#ifndef TOOLSTACK_BUILDER_LAYOUT_H
#define TOOLSTACK_BUILDER_LAYOUT_H

#include <stdint.h>

struct pv_layout_request {
	uint64_t virt_base;		/* VIRT_BASE note */
	uint64_t kernel_start;		/* virtual extent of the image */
	uint64_t kernel_end;
	uint64_t ramdisk_bytes;		/* 0: none */
	uint64_t nr_pages;		/* the domain's memory */
	int ramdisk_by_pfn;		/* after the mapping, unmapped */
};

struct pv_segment {
	uint64_t pfn;
	uint64_t pages;
};

/* Page-table pages of one level: 'count' tables from 'pfn' on. */
struct pv_table_level {
	uint64_t pfn;
	uint64_t count;
	uint64_t first_va;	/* the first table covers first_va.. */
};

struct pv_layout {
	uint64_t virt_base;
	struct pv_segment kernel, ramdisk, p2m;
	uint64_t start_info_pfn, xenstore_pfn, console_pfn, stack_pfn;
	struct pv_segment pgtables;	/* all levels, the L4 first */
	struct pv_table_level level[5];	/* [1]..[4]: L1..L4 */
	uint64_t mapped_pages;	/* the bootstrap mapping: pfns 0.. */
};

static inline uint64_t pv_pfn_to_va(const struct pv_layout *l, uint64_t pfn)
{
	return l->virt_base + (pfn << 12);
}

/*
 * Compute the layout.  Returns 0, or -1 with *why saying what does not
 * fit (memory too small, kernel below VIRT_BASE or not page aligned...).
 */
int pv_layout_compute(const struct pv_layout_request *req,
		      struct pv_layout *l, const char **why);

#endif
