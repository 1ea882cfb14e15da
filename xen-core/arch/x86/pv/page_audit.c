/*
 * The page audit (debug key 'A'): every frame's general and type
 * references recomputed from what holds them, and compared with its
 * counts (page_type.c's rules).  The holders:
 *
 *   - its owner's allocation (the frame is on the owner's page list);
 *   - each present entry of a validated page table, of any domain: an
 *     L1 entry a reference (and a writable type reference if RW), an Ln
 *     entry a reference and a type reference of level n-1; of a partial
 *     table, its validated entries, and the partial state itself holds a
 *     reference and a type reference of its frame;
 *   - a pin, a vCPU's kernel or user page-table root, a vCPU's GDT and
 *     LDT frames, a registered vcpu_info frame;
 *   - a device mapping of a grant (a host mapping is an L1 entry);
 *   - for shared_info and grant-table frames (xen-core's, shared with
 *     the owner), the permanent writable type, and the owner's reference
 *     until it is given back.
 *
 * A frame whose counts differ, whose holders need two types at once, or
 * whose table type is taken but not validated is a mismatch.  The audit
 * runs with every CPU at a quiet point (quiesce.h), where no hypercall
 * is half done, so no temporary reference is in flight.
 */
#include <xen-core/console.h>
#include <xen-core/pv.h>
#include <xen-core/quiesce.h>
#include "page_type.h"

#define MISMATCHES_SHOWN	8

/* What the holders found for one frame. */
struct expected {
	uint32_t count;
	uint32_t type_count;
	uint8_t type;		/* enum page_type of the type references */
	bool conflict;		/* holders needing two types */
};

struct audit {
	struct expected *frames;	/* max_page entries */
	unsigned long tables, mismatches;
};

static struct audit audit;

static void holds_type(struct expected *e, enum page_type type)
{
	if (e->type_count && e->type != type)
		e->conflict = true;
	e->type = type;
	e->type_count++;
}

/* One holder of @mfn: a general reference, and one of @type unless none. */
static void holds(unsigned long mfn, enum page_type type)
{
	struct expected *e;

	if (!mfn_valid(mfn) || mfn_to_page(mfn)->owner == DOMID_IO_OWNER)
		return;		/* I/O frames are not counted */
	e = &audit.frames[mfn];
	e->count++;
	if (type != PGT_none)
		holds_type(e, type);
}

static void holds_device_map(unsigned long mfn, bool writable)
{
	holds(mfn, writable ? PGT_writable : PGT_none);
}

static void count_table_entries(unsigned long mfn, enum page_type type,
				unsigned int n)
{
	const pte_t *t = mfn_to_virt(mfn);
	unsigned int i;

	audit.tables++;
	for (i = 0; i < n; i++) {
		if (is_xen_slot(type, i) || !(t[i] & _PAGE_PRESENT))
			continue;
		if (type == PGT_l1)
			holds(pte_mfn(t[i]), t[i] & _PAGE_RW ? PGT_writable :
							       PGT_none);
		else
			holds(pte_mfn(t[i]), type - 1);
	}
}

static void count_vcpu_holds(const struct vcpu *v)
{
	unsigned int i;

	if (v->guest_table)
		holds(v->guest_table, PGT_l4);
	if (v->guest_table_user)
		holds(v->guest_table_user, PGT_l4);
	for (i = 0; i < desc_table_frames(v->gdt_ents); i++)
		holds(v->gdt_frames[i], PGT_seg_desc);
	for (i = 0; i < desc_table_frames(v->ldt_ents); i++)
		holds(v->ldt_frames[i], PGT_seg_desc);
	if (v->vcpu_info_mfn)
		holds(v->vcpu_info_mfn, PGT_writable);
}

static void count_xen_shared(unsigned long mfn)
{
	struct expected *e = &audit.frames[mfn];

	if (!(mfn_to_page(mfn)->flags & PGF_given_back))
		e->count++;
	holds_type(e, PGT_writable);
}

static void count_domain_holds(struct domain *d)
{
	struct page_info *pg;
	unsigned int i;

	list_for_each_entry(pg, &d->page_list, list) {
		if (pg->owner != d->domain_id && ++audit.mismatches <=
						 MISMATCHES_SHOWN)
			printk("page audit: mfn %#lx of d%u on d%u's page list\n",
			       page_to_mfn(pg), pg->owner, d->domain_id);
		holds(page_to_mfn(pg), PGT_none);
		if (pg->flags & PGF_pinned)
			holds(page_to_mfn(pg), pg->type);
	}
	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i])
			count_vcpu_holds(d->vcpus[i]);
	count_xen_shared(d->shared_info_mfn);
	for (i = 0; i < d->gnttab.nr_frames; i++)
		count_xen_shared(d->gnttab.frames[i]);
	gnttab_for_each_device_map(d, holds_device_map);
}

/* Frames whose counts are kept: guests', orphans' and free ones. */
static bool counted_owner(domid_t owner)
{
	return owner == DOMID_NONE || owner == DOMID_ORPHAN ||
	       domain_by_id(owner);
}

static const char *const type_names[] = {
	[PGT_none] = "none", [PGT_writable] = "writable", [PGT_l1] = "l1",
	[PGT_l2] = "l2", [PGT_l3] = "l3", [PGT_l4] = "l4",
	[PGT_seg_desc] = "seg_desc",
};

static const char *owner_name(domid_t owner, char *buf, size_t size)
{
	switch (owner) {
	case DOMID_NONE:	return "nobody (free)";
	case DOMID_ORPHAN:	return "a destroyed domain";
	case DOMID_XEN_OWNER:	return "xen-core";
	}
	snprintf(buf, size, "d%u", owner);
	return buf;
}

static void report(unsigned long mfn, const struct page_info *pg,
		   const struct expected *e, const char *why)
{
	char owner[16];

	if (++audit.mismatches > MISMATCHES_SHOWN)
		return;
	printk("page audit: mfn %#lx of %s: %s: count %u type %s/%u, "
	       "holders %u type %s/%u\n", mfn,
	       owner_name(pg->owner, owner, sizeof(owner)), why, pg->count,
	       type_names[pg->type], pg->type_count, e->count,
	       type_names[e->type], e->type_count);
}

static void compare(unsigned long mfn)
{
	const struct page_info *pg = mfn_to_page(mfn);
	const struct expected *e = &audit.frames[mfn];

	if (!counted_owner(pg->owner)) {
		/* xen-core's own and I/O frames: no guest may hold them. */
		if (e->count && pg->owner != DOMID_IO_OWNER)
			report(mfn, pg, e, "held, but not a guest's");
		return;
	}
	if (e->conflict)
		report(mfn, pg, e, "held as two types");
	else if (pg->count != e->count || pg->type_count != e->type_count)
		report(mfn, pg, e, "counts differ");
	else if (e->type_count && pg->type != e->type)
		report(mfn, pg, e, "type differs");
	else if (pg->type_count && is_page_table_type(pg->type) &&
		 !(pg->flags & (PGF_validated | PGF_partial)))
		report(mfn, pg, e, "table not validated");
}

/* Recounts every frame; answers the number of mismatches. */
unsigned long page_audit(void)
{
	unsigned int order = order_for_bytes(max_page * sizeof(struct expected));
	struct domain *d;
	unsigned long mfn;

	audit = (struct audit){ .frames = alloc_xen_pages(order) };
	if (!audit.frames) {
		printk("page audit: no memory for %lu frames\n", max_page);
		return 0;
	}
	for (mfn = 0; mfn < max_page; mfn++) {
		const struct page_info *pg = mfn_to_page(mfn);

		if (!counted_owner(pg->owner))
			continue;
		if (is_live_page_table(pg))
			count_table_entries(mfn, pg->type, PT_ENTRIES);
		if (pg->flags & PGF_partial) {
			count_table_entries(mfn, pg->type, pg->nr_validated);
			holds(mfn, pg->type);
		}
	}
	for (d = domain_list; d; d = d->next)
		count_domain_holds(d);
	for (mfn = 0; mfn < max_page; mfn++)
		compare(mfn);
	printk("page audit: %lu frames, %lu page tables, %lu mismatches\n",
	       max_page, audit.tables, audit.mismatches);
	free_xen_pages(audit.frames, order);
	return audit.mismatches;
}

static void audit_at_quiet_point(void)
{
	page_audit();
}

static void audit_key(unsigned char key)
{
	printk("'%c' pressed -> auditing page references\n", key);
	quiesce_request(audit_at_quiet_point);
}

void page_audit_init(void)
{
	register_debug_key('A', audit_key, "audit page references");
}
