/*
 * xen-core's own address space: the direct map of all RAM and the
 * read-only M2P that PV guests see at RO_MPT_VIRT_START.
 */
#include <xen-core/flushtlb.h>
#include <xen-core/pagetable.h>
#include <xen-core/console.h>
#include <xen-core/io.h>

#define XEN_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)

static pte_t *new_table(void)
{
	return boot_alloc_pages(1, 1);
}

static pte_t *table_at(pte_t *parent, unsigned int idx, unsigned long flags)
{
	if (!(parent[idx] & _PAGE_PRESENT))
		parent[idx] = make_pte(virt_to_mfn(new_table()), flags);
	return __va(parent[idx] & PTE_ADDR_MASK);
}

/* head.S mapped 4 GiB; add 2 MiB mappings for RAM above that. */
void directmap_init(const struct mem_range *ram, unsigned int nr_ram)
{
	unsigned int i;

	for (i = 0; i < nr_ram; i++) {
		uint64_t pa = ram[i].start & ~(L2_PAGE_SIZE - 1);

		if (ram[i].end > DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START)
			panic("RAM above %#lx is not supported",
			      DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START);
		for (; pa < ram[i].end; pa += L2_PAGE_SIZE) {
			unsigned long va = (unsigned long)__va(pa);
			pte_t *l3, *l2;

			if (pa < (4ULL << 30))
				continue;
			l3 = table_at(boot_l4, pt_index(va, 4), XEN_TABLE);
			l2 = table_at(l3, pt_index(va, 3), XEN_TABLE);
			l2[pt_index(va, 2)] = pa | XEN_TABLE | _PAGE_DIRTY |
					      _PAGE_PSE | _PAGE_NX;
		}
	}
}

/*
 * The guest view of the M2P: read-only, user-accessible (64-bit PV
 * kernels run in ring 3), never executable.
 */
void map_ro_m2p(uint64_t m2p_phys, unsigned long nr_pages)
{
	unsigned long off;

	for (off = 0; off < (nr_pages << PAGE_SHIFT); off += L2_PAGE_SIZE) {
		unsigned long va = RO_MPT_VIRT_START + off;
		pte_t *l3 = table_at(boot_l4, pt_index(va, 4),
				     XEN_TABLE | _PAGE_USER);
		pte_t *l2 = table_at(l3, pt_index(va, 3), XEN_TABLE | _PAGE_USER);

		l2[pt_index(va, 2)] = (m2p_phys + off) | _PAGE_PRESENT |
				      _PAGE_USER | _PAGE_ACCESSED | _PAGE_PSE |
				      _PAGE_NX;
	}
}

void zap_low_mappings(void)
{
	boot_l4[0] = 0;
	flush_tlb_local();
}
