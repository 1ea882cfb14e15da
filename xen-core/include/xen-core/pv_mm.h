/*
 * PV guest page tables: typed, reference-counted frames.  A frame used
 * as an Ln table holds one type reference per place that relies on it
 * (a higher-level entry, a pin, a CR3); while it has any, it can never be
 * mapped writable, and every entry in it was validated.
 */
#ifndef XEN_CORE_PV_MM_H
#define XEN_CORE_PV_MM_H

#include <xen-core/domain.h>
#include <xen-core/pagetable.h>

bool get_page(struct page_info *pg, struct domain *d);
void put_page(struct page_info *pg);
bool get_page_type(struct page_info *pg, enum page_type type);
void put_page_type(struct page_info *pg);
bool get_page_and_type(unsigned long mfn, struct domain *d,
		       enum page_type type);
void put_page_and_type(unsigned long mfn);

/* The lock covering page types and page-table contents. */
void pv_mm_lock(void);
void pv_mm_unlock(void);

/* Installs xen-core's slots (256-271) into a guest L4 being validated. */
void init_xen_l4_slots(pte_t *l4);

/* Drops what a partially validated table holds (its frame leaves the
 * domain, or the domain dies); nothing for any other frame. */
void pv_drop_partial_table(struct page_info *pg);
/* Drops the page-table references of a dying domain's vCPUs and pins,
 * and its partial tables. */
void pv_relinquish_page_tables(struct domain *d);

/* The L1 table holding the entry that maps @va in @v's kernel tables. */
int pv_find_l1_table(struct vcpu *v, unsigned long va, unsigned long *l1mfn);
/* An emulated guest store of @val into entry @idx of L1 table @l1mfn. */
int pv_write_l1_entry(struct vcpu *v, unsigned long l1mfn, unsigned int idx,
		      pte_t val, pte_t *old);

/* Grant mappings in a PV domain's page tables (grant_table.c). */
int pv_map_grant(struct vcpu *v, uint64_t addr, bool is_pte, unsigned long mfn,
		 struct domain *granter, bool readonly);
int pv_unmap_grant(struct vcpu *v, uint64_t addr, bool is_pte, unsigned long mfn);

/* Drops a vCPU's page-table roots and GDT (a failed context set-up). */
void pv_drop_page_tables(struct vcpu *v);

/* For the dom0 builder: pins @l4_mfn as the kernel page table of @v. */
int pv_set_initial_page_table(struct vcpu *v, unsigned long l4_mfn);

/* Recounts every frame's references (page_audit.c): the mismatches.
 * Only where no CPU is in a hypercall (quiesce.h). */
unsigned long page_audit(void);
/* Debug key 'A': a page audit at the next quiet point. */
void page_audit_init(void);

#endif
