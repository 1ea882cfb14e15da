/* x86-64 4-level page tables and xen-core's own mappings. */
#ifndef XEN_CORE_PAGETABLE_H
#define XEN_CORE_PAGETABLE_H

#include <xen-core/mm.h>

typedef uint64_t pte_t;

#define _PAGE_PRESENT	0x001UL
#define _PAGE_RW	0x002UL
#define _PAGE_USER	0x004UL
#define _PAGE_PWT	0x008UL
#define _PAGE_PCD	0x010UL
#define _PAGE_ACCESSED	0x020UL
#define _PAGE_DIRTY	0x040UL
#define _PAGE_PSE	0x080UL
#define _PAGE_PAT	0x080UL	/* in an L1 entry */
#define _PAGE_GLOBAL	0x100UL
#define _PAGE_AVAIL	0xe00UL
#define _PAGE_NX	(1UL << 63)
#define PTE_ADDR_MASK	0x000ffffffffff000UL

#define L1_SHIFT	12
#define L2_SHIFT	21
#define L3_SHIFT	30
#define L4_SHIFT	39
#define PT_ENTRIES	512

#define pt_index(va, level) \
	(((unsigned long)(va) >> (12 + 9 * ((level) - 1))) & 511)

static inline unsigned long pte_mfn(pte_t e)
{
	return (e & PTE_ADDR_MASK) >> PAGE_SHIFT;
}

static inline pte_t make_pte(unsigned long mfn, unsigned long flags)
{
	return ((pte_t)mfn << PAGE_SHIFT) | flags;
}

/* The page table every CPU uses when no guest runs (head.S's boot_l4). */
extern pte_t boot_l4[PT_ENTRIES];
#define idle_pg_table boot_l4

void directmap_init(const struct mem_range *ram, unsigned int nr_ram);
void map_ro_m2p(uint64_t m2p_phys, unsigned long nr_pages);
/* Drops the boot-time 1:1 mapping of low memory. */
void zap_low_mappings(void);

#endif
