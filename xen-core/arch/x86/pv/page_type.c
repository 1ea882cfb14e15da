/*
 * Frame references and page types, as in Xen: the rules every page
 * table, pin, grant mapping and writable mapping goes through.
 *
 * A frame has general references (its owner's allocation is one; every
 * mapping and in-hypervisor use takes another) and, while it is used as
 * something that depends on its contents, a type with its own count: a
 * page table of one level, a descriptor page, or writable.  A frame is
 * one of these at a time.  A new table type is taken (count 1, not yet
 * validated) before its entries are, so an entry that maps the table
 * itself fails; each valid entry holds the references of what it maps.
 * Counts never wrap: a reference past the maximum is refused, as in Xen.
 *
 * Validating a tree is preemptible where the caller can continue its
 * hypercall (Xen's rules since XSA-45): L2-L4 tables stop between entries
 * when hypercall_preempt_check() says so, never before their first.  A
 * stopped table is left partial (PGF_partial): its first nr_validated
 * entries hold their references, and the partial state itself holds the
 * frame's one type reference and a general reference, so it outlives the
 * caller.  The next caller taking that type, the continued call or any
 * other, takes the partial state over and goes on from there.  (In Xen a
 * parent's partial entry owns the partial state below it; here the parent
 * holds nothing for that entry and takes it again when it goes on, which
 * takes the state over.  Every partial state is then its frame's own, and
 * can be dropped alone: pv_drop_partial_table().)
 */
#include <xen-core/flushtlb.h>
#include <xen-core/console.h>
#include <xen-core/errno.h>
#include <xen-core/hypercall.h>
#include <xen-core/pv.h>
#include "page_type.h"

/*
 * The entry bits a guest may not set, as Xen 4.17's base_disallow_mask:
 * all but P, RW, US, A, D, the available bits (9-11, 52-62) and NX, which
 * leaves PWT, PCD, bit 7 (a superpage above an L1) and GLOBAL.  An L1 may
 * set GLOBAL too (adjust_guest_entry() drops it), and, in a domain with
 * I/O rights, its cache attributes.
 */
#define LN_DISALLOW	(_PAGE_PWT | _PAGE_PCD | _PAGE_PSE | _PAGE_GLOBAL)
#define L1_CACHE_ATTRS	(_PAGE_PWT | _PAGE_PCD | _PAGE_PAT)
#define FIRST_XEN_SLOT	HYPERVISOR_FIRST_SLOT
#define LAST_XEN_SLOT	HYPERVISOR_LAST_SLOT

static int validate_table(struct page_info *pg, enum page_type type,
			  bool preemptible);
static void release_entries(struct page_info *pg, enum page_type type,
			    unsigned int n);

static struct domain *page_owner(const struct page_info *pg)
{
	return domain_by_id(pg->owner);
}

bool get_page(struct page_info *pg, struct domain *d)
{
	if (pg->owner != d->domain_id || pg->count == 0 ||
	    pg->count == UINT32_MAX)
		return false;
	pg->count++;
	return true;
}

void put_page(struct page_info *pg)
{
	BUG_ON(pg->count == 0);
	if (--pg->count == 0 && pg->owner == DOMID_ORPHAN)
		free_pages(pg, 0);
}

/* 0, -ERESTART (left partial), or why the contents cannot have @type. */
static int validate_type(struct page_info *pg, enum page_type type,
			 bool preemptible)
{
	if (is_page_table_type(type))
		return validate_table(pg, type, preemptible);
	if (type == PGT_seg_desc && !validate_descriptor_page(page_to_mfn(pg)))
		return -EINVAL;
	return 0;
}

/*
 * The end of a validation: the type is valid, or the frame is left
 * partial (holding a general reference of its own), or it has no type.
 * @resumed: the frame came in partial, so it holds that reference already.
 */
static void drop_type(struct page_info *pg)
{
	pg->type_count = 0;
	pg->type = PGT_none;
}

static int settle_validation(struct page_info *pg, int rc, bool resumed)
{
	/* A partial state needs a reference of its own; none is left. */
	if (rc == -ERESTART && !resumed && pg->count == UINT32_MAX) {
		release_entries(pg, pg->type, pg->nr_validated);
		rc = -EINVAL;
	}
	if (rc == -ERESTART) {
		if (!resumed)
			pg->count++;
		pg->flags |= PGF_partial;
		return rc;
	}
	if (resumed)
		put_page(pg);	/* the caller holds its own */
	if (rc)
		drop_type(pg);
	else
		pg->flags |= PGF_validated;
	return rc;
}

/*
 * As in Xen, the new type is taken (count 1, not yet validated) before
 * the frame's contents are validated: an entry inside a would-be table
 * that maps the same frame again, writable or as another table, then
 * finds the frame busy and fails, instead of re-typing it under the
 * outer validation (an L1 that maps itself writable).  Answers 0, or
 * -ERESTART where a @preemptible validation stopped part way, or -EINVAL
 * for a frame in use as something else, or the error of the entry that
 * failed validation.
 */
static int take_page_type(struct page_info *pg, enum page_type type,
			  bool preemptible)
{
	if (pg->flags & PGF_partial) {
		if (pg->type != type)
			return -EINVAL;
		pg->flags &= ~PGF_partial;	/* its type reference is ours */
		return settle_validation(pg, validate_type(pg, type,
							   preemptible), true);
	}
	if (pg->type_count > 0) {
		if (pg->type != type || !(pg->flags & PGF_validated) ||
		    pg->type_count == UINT32_MAX)
			return -EINVAL;
		pg->type_count++;
		return 0;
	}
	if (pg->type != type || !(pg->flags & PGF_validated)) {
		/*
		 * As Xen: a CPU may still hold what the old type allowed, a
		 * writable TLB entry (Linux drops the last writable mapping of
		 * a new page table without a flush) or, for a table, cached
		 * paging-structure entries that walk through it.
		 */
		flush_tlbs_since(pg->tlbflush_stamp);
		pg->type = type;
		pg->flags &= ~PGF_validated;
		pg->type_count = 1;
		pg->nr_validated = 0;
		return settle_validation(pg, validate_type(pg, type,
							   preemptible), false);
	}
	pg->type_count = 1;
	return 0;
}

bool get_page_type(struct page_info *pg, enum page_type type)
{
	return take_page_type(pg, type, false) == 0;
}

void put_page_type(struct page_info *pg)
{
	BUG_ON(pg->type_count == 0);
	if (--pg->type_count > 0)
		return;
	pg->tlbflush_stamp = tlb_clock_tick();
	if (is_page_table_type(pg->type)) {
		release_entries(pg, pg->type, PT_ENTRIES);
		pg->flags &= ~PGF_validated;
	}
}

void pv_drop_partial_table(struct page_info *pg)
{
	if (!(pg->flags & PGF_partial))
		return;
	pg->flags &= ~PGF_partial;
	release_entries(pg, pg->type, pg->nr_validated);
	drop_type(pg);
	pg->tlbflush_stamp = tlb_clock_tick();
	put_page(pg);
}

/* 0, -EINVAL for a frame @d does not own, or take_page_type()'s answer;
 * only a full success keeps the general reference. */
int take_page_and_type(unsigned long mfn, struct domain *d,
		       enum page_type type, bool preemptible)
{
	struct page_info *pg;
	int rc;

	if (!mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (!get_page(pg, d))
		return -EINVAL;
	rc = take_page_type(pg, type, preemptible);
	if (rc)
		put_page(pg);
	return rc;
}

bool get_page_and_type(unsigned long mfn, struct domain *d,
		       enum page_type type)
{
	return take_page_and_type(mfn, d, type, false) == 0;
}

void put_page_and_type(unsigned long mfn)
{
	struct page_info *pg = mfn_to_page(mfn);

	put_page_type(pg);
	put_page(pg);
}

/* ---- entries ---- */

static bool is_io_frame(unsigned long mfn)
{
	return !mfn_valid(mfn) || mfn_to_page(mfn)->owner == DOMID_IO_OWNER;
}

/*
 * The L1 bits a table of @table_owner's may not set.  As in Xen, only a
 * domain with I/O rights chooses cache attributes (in xen-core, only the
 * control domain has any).
 */
static pte_t l1_disallowed(const struct domain *table_owner)
{
	return table_owner && table_owner->is_privileged ? 0 : L1_CACHE_ATTRS;
}

pte_t entry_disallowed(enum page_type type, const struct domain *table_owner)
{
	return type == PGT_l1 ? l1_disallowed(table_owner) : LN_DISALLOW;
}

/*
 * The frames that are not RAM a domain may map, as Xen's iomem
 * permissions: the control domain's are all but the local APIC and MSI
 * window (Xen keeps those, and its IO-APICs, to itself); other domains
 * have none (no passthrough yet).
 */
#define INTERRUPT_WINDOW_FIRST	0xfee00UL
#define INTERRUPT_WINDOW_LAST	0xfeeffUL
#define NO_SUCH_MFN		(PTE_ADDR_MASK >> PAGE_SHIFT)	/* Xen: PADDR_MASK >> PAGE_SHIFT */

static bool iomem_permitted(const struct domain *d, unsigned long mfn)
{
	return d && d->is_privileged &&
	       !(mfn >= INTERRUPT_WINDOW_FIRST && mfn <= INTERRUPT_WINDOW_LAST);
}

/* As in Xen: -EPERM for I/O space the frame's owner or the table's may
 * not map; -EINVAL for the all-ones frame number Xen takes as invalid. */
static int get_io_l1e(unsigned long mfn, const struct domain *pg_owner,
		      const struct domain *table_owner)
{
	if (!iomem_permitted(pg_owner, mfn) ||
	    (table_owner != pg_owner && !iomem_permitted(table_owner, mfn)))
		return mfn == NO_SUCH_MFN ? -EINVAL : -EPERM;
	return 0;
}

/*
 * Takes the references an L1 entry of @table_owner's table needs;
 * @pg_owner owns the target.  As in Xen: -EINVAL for bits the table may
 * not have, -EPERM for I/O space it may not map, -EBUSY for RAM the owner
 * holds no reference to (another's, xen-core's, one given back) or for a
 * writable mapping of a frame in use as something else.
 */
static int get_l1e(pte_t e, struct domain *pg_owner,
		   const struct domain *table_owner)
{
	unsigned long mfn = pte_mfn(e);
	struct page_info *pg;

	if (!(e & _PAGE_PRESENT))
		return 0;
	if (e & l1_disallowed(table_owner))
		return -EINVAL;
	if (is_io_frame(mfn))
		return get_io_l1e(mfn, pg_owner, table_owner);
	pg = mfn_to_page(mfn);
	if (!get_page(pg, pg_owner))
		return -EBUSY;	/* Xen's "could not pin": not the owner's */
	if ((e & _PAGE_RW) && !get_page_type(pg, PGT_writable)) {
		put_page(pg);
		return -EBUSY;
	}
	return 0;
}

void put_l1e(pte_t e)
{
	unsigned long mfn = pte_mfn(e);

	if (!(e & _PAGE_PRESENT) || is_io_frame(mfn))
		return;
	if (e & _PAGE_RW)
		put_page_and_type(mfn);
	else
		put_page(mfn_to_page(mfn));
}

/* An Ln entry (n > 1) points to a table of level n-1 owned by @d. */
static int get_ln_e(pte_t e, enum page_type level, struct domain *d,
		    bool preemptible)
{
	if (!(e & _PAGE_PRESENT))
		return 0;
	if (e & LN_DISALLOW)
		return -EINVAL;
	return take_page_and_type(pte_mfn(e), d, level - 1, preemptible);
}

static void put_ln_e(pte_t e)
{
	if (e & _PAGE_PRESENT)
		put_page_and_type(pte_mfn(e));
}

bool is_xen_slot(enum page_type type, unsigned int i)
{
	return type == PGT_l4 && i >= FIRST_XEN_SLOT && i <= LAST_XEN_SLOT;
}

/*
 * Present entries get _PAGE_USER (the guest kernel runs in ring 3) and
 * lose _PAGE_GLOBAL: xen-core's flushes are CR3 loads, which keep global
 * TLB entries (Xen itself makes user pages global and flushes with PGE).
 */
pte_t adjust_guest_entry(pte_t e)
{
	return (e & _PAGE_PRESENT) ? ((e | _PAGE_USER) & ~_PAGE_GLOBAL) : e;
}

void init_xen_l4_slots(pte_t *l4)
{
	unsigned int i;

	for (i = FIRST_XEN_SLOT; i <= LAST_XEN_SLOT; i++)
		l4[i] = idle_pg_table[i];
}

int get_entry(pte_t e, enum page_type type, struct domain *d,
	      const struct domain *table_owner, bool preemptible)
{
	return type == PGT_l1 ? get_l1e(e, d, table_owner) :
	       get_ln_e(e, type, d, preemptible);
}

void put_entry(pte_t e, enum page_type type)
{
	if (type == PGT_l1)
		put_l1e(e);
	else
		put_ln_e(e);
}

/* Whether a validation may stop before entry @i (never its first). */
static bool stop_before(const struct page_info *pg, enum page_type type,
			unsigned int i, bool preemptible)
{
	return preemptible && type != PGT_l1 && i > pg->nr_validated &&
	       hypercall_preempt_check();
}

/* Validates @pg's entries from nr_validated on (0 where it is new). */
static int validate_table(struct page_info *pg, enum page_type type,
			  bool preemptible)
{
	pte_t *t = mfn_to_virt(page_to_mfn(pg));
	struct domain *d = page_owner(pg);
	unsigned int i;
	int rc;

	if (!d)
		return -EINVAL;
	for (i = pg->nr_validated; i < PT_ENTRIES; i++) {
		if (is_xen_slot(type, i))
			continue;
		rc = stop_before(pg, type, i, preemptible) ? -ERESTART :
		     get_entry(t[i], type, d, d, preemptible);
		if (rc == -ERESTART) {
			pg->nr_validated = i;
			return rc;
		}
		if (rc) {
			dprintk(LOG_INFO, "d%u: bad L%d entry %u of mfn %#lx: %#lx\n",
				d->domain_id, type - PGT_l1 + 1, i,
				page_to_mfn(pg), t[i]);
			release_entries(pg, type, i);
			return rc;
		}
		t[i] = adjust_guest_entry(t[i]);
	}
	if (type == PGT_l4)
		init_xen_l4_slots(t);
	return 0;
}

/* Drops the references of @pg's first @n entries. */
static void release_entries(struct page_info *pg, enum page_type type,
			    unsigned int n)
{
	pte_t *t = mfn_to_virt(page_to_mfn(pg));
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!is_xen_slot(type, i))
			put_entry(t[i], type);
}
