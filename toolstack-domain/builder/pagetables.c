/*
 * Writing the bootstrap page tables (see pagetables.h).  Each level's
 * tables cover consecutive VA ranges from level[n].first_va, so the
 * table holding the entry for a VA, and the entry's index, follow from
 * the VA alone.
 */
#include "pagetables.h"

#define PAGE_SHIFT	12
#define VA_MASK		((1ULL << 48) - 1)

#define _PAGE_PRESENT	0x001ULL
#define _PAGE_RW	0x002ULL
#define _PAGE_USER	0x004ULL
#define _PAGE_ACCESSED	0x020ULL
#define _PAGE_DIRTY	0x040ULL

#define TABLE_PROT	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
			 _PAGE_ACCESSED | _PAGE_DIRTY)
#define PAGE_PROT	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)

static unsigned int level_shift(int n)
{
	return PAGE_SHIFT + 9 * (n - 1);	/* VA bits below an Ln entry */
}

/* The entry for 'va' in the level-n table that covers it. */
static uint64_t *entry_for(const struct pv_layout *l, uint64_t *tables,
			   int n, uint64_t va)
{
	const struct pv_table_level *lv = &l->level[n];
	uint64_t table = (va - lv->first_va) >> (level_shift(n) + 9);
	unsigned int index = (va >> level_shift(n)) & 511;

	return &tables[(lv->pfn - l->pgtables.pfn + table) * 512 + index];
}

static int is_table_pfn(const struct pv_layout *l, uint64_t pfn)
{
	return pfn >= l->pgtables.pfn &&
	       pfn < l->pgtables.pfn + l->pgtables.pages;
}

/* Link every level-n table (n < 4) into its parent. */
static void link_tables(const struct pv_layout *l, const uint64_t *p2m,
			uint64_t *tables, int n)
{
	const struct pv_table_level *lv = &l->level[n];

	for (uint64_t t = 0; t < lv->count; t++) {
		uint64_t va = lv->first_va + (t << (level_shift(n) + 9));

		*entry_for(l, tables, n + 1, va) =
			(p2m[lv->pfn + t] << PAGE_SHIFT) | TABLE_PROT;
	}
}

void pv_pagetables_fill(const struct pv_layout *l, const uint64_t *p2m,
			uint64_t *tables)
{
	for (int n = 3; n >= 1; n--)
		link_tables(l, p2m, tables, n);
	for (uint64_t pfn = 0; pfn < l->mapped_pages; pfn++) {
		uint64_t va = pv_pfn_to_va(l, pfn) & VA_MASK;
		uint64_t prot = is_table_pfn(l, pfn) ? PAGE_PROT & ~_PAGE_RW
						     : PAGE_PROT;

		*entry_for(l, tables, 1, va) = (p2m[pfn] << PAGE_SHIFT) | prot;
	}
}
