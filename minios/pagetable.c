/*
 * Page-table updates.  Our tables are mapped read-only (Xen insists), so
 * every change goes through mmu_update or update_va_mapping.  New tables
 * are zeroed while still writable, made read-only, then linked into their
 * parent; Xen validates them at that moment.
 */
#include <string.h>
#include <minios/hypercall.h>
#include <minios/mm.h>

typedef uint64_t pte_t;

#define PTE_PRESENT  0x001ULL
#define PTE_RW       0x002ULL
#define PTE_USER     0x004ULL
#define PTE_PWT      0x008ULL
#define PTE_PCD      0x010ULL
#define PTE_ACCESSED 0x020ULL
#define PTE_DIRTY    0x040ULL
#define PTE_ADDR     0x000ffffffffff000ULL

#define PAGE_PROT_RW (PTE_PRESENT | PTE_RW | PTE_ACCESSED | PTE_DIRTY)
#define PAGE_PROT_RO (PTE_PRESENT | PTE_ACCESSED)
#define TABLE_PROT   (PTE_PRESENT | PTE_RW | PTE_USER | PTE_ACCESSED | \
		      PTE_DIRTY)

#define QUEUE_LEN 512

static struct mmu_update queue[QUEUE_LEN];
static unsigned int queued;

static unsigned int table_index(unsigned long va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * (level - 1))) & 511;
}

static pte_t *entry_target(pte_t entry)
{
	return pfn_to_virt(mfn_to_pfn((entry & PTE_ADDR) >> PAGE_SHIFT));
}

static uint64_t entry_maddr(const pte_t *table, unsigned int index)
{
	return ((uint64_t)pfn_to_mfn(virt_to_pfn(table)) << PAGE_SHIFT) +
	       index * sizeof(pte_t);
}

static void flush_queue(void)
{
	if (queued && HYPERVISOR_mmu_update(queue, queued, NULL, DOMID_SELF))
		panic("mm: mmu_update of %u entries failed", queued);
	queued = 0;
}

static void set_entry(const pte_t *table, unsigned int index, pte_t val)
{
	struct mmu_update u = { entry_maddr(table, index), val };

	if (HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF))
		panic("mm: cannot set entry %u of table %p", index, table);
}

static pte_t *new_table(void)
{
	unsigned long pfn = mm_alloc_table_pfn();
	pte_t *t = pfn_to_virt(pfn);

	memset(t, 0, PAGE_SIZE);
	if (HYPERVISOR_update_va_mapping((unsigned long)t,
					 ((uint64_t)pfn_to_mfn(pfn) << PAGE_SHIFT) |
						 PAGE_PROT_RO,
					 UVMF_INVLPG))
		panic("mm: cannot write-protect new table %p", t);
	return t;
}

/* The L1 table covering va, creating missing L3/L2/L1 tables. */
static pte_t *l1_table_for(unsigned long va)
{
	pte_t *t = (pte_t *)start_info->pt_base;

	for (int level = 4; level > 1; level--) {
		unsigned int i = table_index(va, level);

		if (!(t[i] & PTE_PRESENT)) {
			pte_t *n;

			/* The allocator may hand out a page still queued. */
			flush_queue();
			n = new_table();
			set_entry(t, i, ((uint64_t)pfn_to_mfn(virt_to_pfn(n))
					 << PAGE_SHIFT) | TABLE_PROT);
		}
		t = entry_target(t[i]);
	}
	return t;
}

void pt_map_ram(unsigned long first_pfn, unsigned long end_pfn)
{
	for (unsigned long pfn = first_pfn; pfn < end_pfn; pfn++) {
		unsigned long va = (unsigned long)pfn_to_virt(pfn);
		pte_t *l1 = l1_table_for(va);
		unsigned int i = table_index(va, 1);

		if (l1[i] & PTE_PRESENT)
			continue;	/* mapped by the domain builder */
		queue[queued].ptr = entry_maddr(l1, i);
		queue[queued].val = ((uint64_t)pfn_to_mfn(pfn) << PAGE_SHIFT) |
				    PAGE_PROT_RW;
		if (++queued == QUEUE_LEN)
			flush_queue();
	}
	flush_queue();
}

int pt_map_frame(unsigned long va, unsigned long mfn, domid_t owner,
		 int flags)
{
	pte_t *l1 = l1_table_for(va);
	struct mmu_update u = {
		entry_maddr(l1, table_index(va, 1)),
		((uint64_t)mfn << PAGE_SHIFT) |
			((flags & MAP_RW) ? PAGE_PROT_RW : PAGE_PROT_RO) |
			((flags & MAP_UNCACHED) ? PTE_PCD | PTE_PWT : 0),
	};

	return HYPERVISOR_mmu_update(&u, 1, NULL, owner);
}

/* Entry updates for one batch of a range: at most BATCH per hypercall. */
#define BATCH 64

static void fill_batch(struct mmu_update *batch, unsigned long va,
		       const xen_pfn_t *mfns, unsigned long n, pte_t prot)
{
	for (unsigned long i = 0; i < n; i++) {
		unsigned long page = va + i * PAGE_SIZE;
		pte_t *l1 = l1_table_for(page);

		batch[i].ptr = entry_maddr(l1, table_index(page, 1));
		batch[i].val = mfns ? ((uint64_t)mfns[i] << PAGE_SHIFT) | prot : 0;
	}
}

void pt_unmap_frames(unsigned long va, unsigned long count)
{
	struct mmu_update batch[BATCH];
	struct mmuext_op flush = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };

	for (unsigned long done = 0; done < count; done += BATCH) {
		unsigned long n = count - done < BATCH ? count - done : BATCH;

		fill_batch(batch, va + done * PAGE_SIZE, NULL, n, 0);
		if (HYPERVISOR_mmu_update(batch, n, NULL, DOMID_SELF))
			panic("mm: cannot unmap %lu pages at %lx", n,
			      va + done * PAGE_SIZE);
	}
	if (HYPERVISOR_mmuext_op(&flush, 1, NULL, DOMID_SELF))
		panic("mm: TLB flush failed");
}

int pt_map_frames(unsigned long va, const xen_pfn_t *mfns,
		  unsigned long count, domid_t owner, int writable)
{
	struct mmu_update batch[BATCH];
	pte_t prot = writable ? PAGE_PROT_RW : PAGE_PROT_RO;

	for (unsigned long done = 0; done < count; done += BATCH) {
		unsigned long n = count - done < BATCH ? count - done : BATCH;
		unsigned int ok = 0;
		int rc;

		fill_batch(batch, va + done * PAGE_SIZE, mfns + done, n, prot);
		rc = HYPERVISOR_mmu_update(batch, n, &ok, owner);
		if (rc) {
			pt_unmap_frames(va, done + ok);
			return rc;
		}
	}
	return 0;
}

void pt_unmap(unsigned long va)
{
	if (HYPERVISOR_update_va_mapping(va, 0, UVMF_INVLPG))
		panic("mm: cannot unmap %lx", va);
}
