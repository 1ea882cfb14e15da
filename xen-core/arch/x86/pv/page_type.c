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
 */
#include <xen-core/flushtlb.h>
#include <xen-core/console.h>
#include <xen-core/errno.h>
#include <xen-core/pv.h>
#include "page_type.h"

#define L1_DISALLOW	(_PAGE_GLOBAL | 0x7ff0000000000000UL)
#define LN_DISALLOW	(_PAGE_PSE | _PAGE_GLOBAL | 0x7ff0000000000000UL)
#define L1_CACHE_ATTRS	(_PAGE_PWT | _PAGE_PCD | _PAGE_PAT)
#define FIRST_XEN_SLOT	HYPERVISOR_FIRST_SLOT
#define LAST_XEN_SLOT	HYPERVISOR_LAST_SLOT

static int validate_table(struct page_info *pg, enum page_type type);
static void release_table(struct page_info *pg, enum page_type type);

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

/* 0, or why the frame's contents cannot have @type (as in Xen). */
static int validate_type(struct page_info *pg, enum page_type type)
{
	if (is_page_table_type(type))
		return validate_table(pg, type);
	if (type == PGT_seg_desc && !validate_descriptor_page(page_to_mfn(pg)))
		return -EINVAL;
	return 0;
}

/*
 * As in Xen, the new type is taken (count 1, not yet validated) before
 * the frame's contents are validated: an entry inside a would-be table
 * that maps the same frame again, writable or as another table, then
 * finds the frame busy and fails, instead of re-typing it under the
 * outer validation (an L1 that maps itself writable).  Answers 0, or
 * -EINVAL for a frame in use as something else, or the error of the
 * entry that failed validation.
 */
static int take_page_type(struct page_info *pg, enum page_type type)
{
	int rc;

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
		rc = validate_type(pg, type);
		if (rc) {
			pg->type_count = 0;
			pg->type = PGT_none;
			return rc;
		}
		pg->flags |= PGF_validated;
		return 0;
	}
	pg->type_count = 1;
	return 0;
}

bool get_page_type(struct page_info *pg, enum page_type type)
{
	return take_page_type(pg, type) == 0;
}

void put_page_type(struct page_info *pg)
{
	BUG_ON(pg->type_count == 0);
	if (--pg->type_count > 0)
		return;
	pg->tlbflush_stamp = tlb_clock_tick();
	if (is_page_table_type(pg->type)) {
		release_table(pg, pg->type);
		pg->flags &= ~PGF_validated;
	}
}

/* 0, -EINVAL for a frame @d does not own, or take_page_type()'s error. */
int take_page_and_type(unsigned long mfn, struct domain *d,
		       enum page_type type)
{
	struct page_info *pg;
	int rc;

	if (!mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (!get_page(pg, d))
		return -EINVAL;
	rc = take_page_type(pg, type);
	if (rc)
		put_page(pg);
	return rc;
}

bool get_page_and_type(unsigned long mfn, struct domain *d,
		       enum page_type type)
{
	return take_page_and_type(mfn, d, type) == 0;
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
	return table_owner && table_owner->is_privileged ? L1_DISALLOW :
	       L1_DISALLOW | L1_CACHE_ATTRS;
}

pte_t entry_disallowed(enum page_type type, const struct domain *table_owner)
{
	return type == PGT_l1 ? l1_disallowed(table_owner) : LN_DISALLOW;
}

/*
 * Takes the references an L1 entry of @table_owner's table needs;
 * @pg_owner owns the target.  As in Xen: -EINVAL for bits or an I/O frame
 * the table may not have, -EBUSY for RAM the owner holds no reference to
 * (another's, xen-core's, one given back) or for a writable mapping of a
 * frame in use as something else.
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
		return pg_owner->is_privileged ? 0 : -EINVAL;
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
static int get_ln_e(pte_t e, enum page_type level, struct domain *d)
{
	if (!(e & _PAGE_PRESENT))
		return 0;
	if (e & LN_DISALLOW)
		return -EINVAL;
	return take_page_and_type(pte_mfn(e), d, level - 1);
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

pte_t adjust_guest_entry(pte_t e)
{
	return (e & _PAGE_PRESENT) ? (e | _PAGE_USER) : e;
}

void init_xen_l4_slots(pte_t *l4)
{
	unsigned int i;

	for (i = FIRST_XEN_SLOT; i <= LAST_XEN_SLOT; i++)
		l4[i] = idle_pg_table[i];
}

int get_entry(pte_t e, enum page_type type, struct domain *d,
	      const struct domain *table_owner)
{
	return type == PGT_l1 ? get_l1e(e, d, table_owner) :
	       get_ln_e(e, type, d);
}

void put_entry(pte_t e, enum page_type type)
{
	if (type == PGT_l1)
		put_l1e(e);
	else
		put_ln_e(e);
}

static int validate_table(struct page_info *pg, enum page_type type)
{
	pte_t *t = mfn_to_virt(page_to_mfn(pg));
	struct domain *d = page_owner(pg);
	unsigned int i;
	int rc;

	if (!d)
		return -EINVAL;
	for (i = 0; i < PT_ENTRIES; i++) {
		if (is_xen_slot(type, i))
			continue;
		rc = get_entry(t[i], type, d, d);
		if (rc) {
			dprintk(LOG_INFO, "d%u: bad L%d entry %u of mfn %#lx: %#lx\n",
				d->domain_id, type - PGT_l1 + 1, i,
				page_to_mfn(pg), t[i]);
			while (i-- > 0)
				if (!is_xen_slot(type, i))
					put_entry(t[i], type);
			return rc;
		}
		t[i] = adjust_guest_entry(t[i]);
	}
	if (type == PGT_l4)
		init_xen_l4_slots(t);
	return 0;
}

static void release_table(struct page_info *pg, enum page_type type)
{
	pte_t *t = mfn_to_virt(page_to_mfn(pg));
	unsigned int i;

	for (i = 0; i < PT_ENTRIES; i++)
		if (!is_xen_slot(type, i))
			put_entry(t[i], type);
}
