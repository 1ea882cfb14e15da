/*
 * The bootstrap page tables of a new PV guest, as libxenguest writes
 * them (xg_dom_x86.c setup_pgtables_pv): VIRT_BASE.. mapped 1:1 onto
 * pfns 0..mapped_pages-1, L4/L3/L2 entries P|RW|U|A|D, L1 entries P|RW|A
 * except that page-table pages are mapped read-only (Xen insists).
 */
#ifndef TOOLSTACK_BUILDER_PAGETABLES_H
#define TOOLSTACK_BUILDER_PAGETABLES_H

#include <stdint.h>
#include "layout.h"

/*
 * Fill the layout's page-table pages: 'tables' holds pgtables.pages
 * zeroed 512-entry pages in pfn order (the L4 first), 'p2m' the guest's
 * mfn for every pfn below mapped_pages.
 */
void pv_pagetables_fill(const struct pv_layout *l, const uint64_t *p2m,
			uint64_t *tables);

#endif
