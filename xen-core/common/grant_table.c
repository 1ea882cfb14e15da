/*
 * Grant tables, version 1.  A guest writes grant entries (flags, the
 * domain allowed, the frame) into shared frames (setup_table); another
 * domain may then map the frame into its page tables (map/unmap) or copy
 * to and from it (copy).  While a grant is mapped, xen-core keeps the
 * entry's GTF_reading/GTF_writing bits set and counts the mappings in
 * an "active" record, so the granter can tell when it may reuse it.
 */
#include <xen-core/flushtlb.h>
#include <xen-core/hypercall.h>
#include <xen-core/console.h>
#include <xen-core/guest_access.h>
#include <xen-core/pv_mm.h>

#define DEFAULT_MAX_GRANT_FRAMES	64
#define ENTRIES_PER_FRAME	(PAGE_SIZE / sizeof(struct grant_entry_v1))
#define MAPTRACK_ENTRIES	(PAGE_SIZE / sizeof(struct maptrack_entry))

struct active_grant {
	uint16_t readers, writers;
	uint32_t mfn;
};

struct maptrack_entry {
	uint64_t host_addr;
	uint32_t mfn;
	grant_ref_t ref;
	domid_t granter;
	uint8_t in_use, readonly, is_pte;
};

static spinlock_t grant_lock = SPIN_LOCK_UNLOCKED;

static struct domain *gnttab_target(domid_t id)
{
	if (id == DOMID_SELF || id == current->domain->domain_id)
		return current->domain;
	return current->domain->is_privileged ? domain_by_id(id) : NULL;
}

static unsigned int max_frames(const struct domain *d)
{
	return d->gnttab.max_frames ? d->gnttab.max_frames :
	       DEFAULT_MAX_GRANT_FRAMES;
}

/* Grows the table to @nr frames; frames are shared with (owned by) @d. */
static int16_t grow_table(struct domain *d, unsigned int nr)
{
	while (d->gnttab.nr_frames < nr) {
		struct page_info *pg = alloc_xen_shared_page(d->domain_id);
		void *active = alloc_xen_pages(0);

		if (!pg || !active) {
			if (pg)
				free_xen_shared_page(pg);
			if (active)
				free_xen_pages(active, 0);
			return GNTST_general_error;
		}
		d->gnttab.active[d->gnttab.nr_frames] = active;
		d->gnttab.frames[d->gnttab.nr_frames++] = page_to_mfn(pg);
	}
	return GNTST_okay;
}

static long setup_table(unsigned long uop)
{
	struct gnttab_setup_table op;
	struct domain *d;
	unsigned int i;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	d = gnttab_target(op.dom);
	if (!d)
		op.status = GNTST_bad_domain;
	else if (op.nr_frames > max_frames(d))
		op.status = GNTST_general_error;
	else
		op.status = grow_table(d, op.nr_frames);
	for (i = 0; op.status == GNTST_okay && i < op.nr_frames; i++) {
		xen_pfn_t mfn = d->gnttab.frames[i];

		if (copy_to_guest((unsigned long)op.frame_list.p + i * sizeof(mfn),
				  &mfn, sizeof(mfn)))
			return -EFAULT;
	}
	return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

static long query_size(unsigned long uop)
{
	struct gnttab_query_size op;
	struct domain *d;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	d = gnttab_target(op.dom);
	if (!d) {
		op.status = GNTST_bad_domain;
	} else {
		op.nr_frames = d->gnttab.nr_frames;
		op.max_nr_frames = max_frames(d);
		op.status = GNTST_okay;
	}
	return copy_to_guest(uop, &op, sizeof(op)) ? -EFAULT : 0;
}

static long set_version(unsigned long uop)
{
	struct gnttab_set_version op;

	if (copy_from_guest(&op, uop, sizeof(op)))
		return -EFAULT;
	if (op.version != 1)
		return -EINVAL;
	return 0;
}

/* A dying domain's grant-table bookkeeping (its frames go with its memory). */
void gnttab_release(struct domain *d)
{
	unsigned int i;

	for (i = 0; i < d->gnttab.nr_frames; i++)
		free_xen_pages(d->gnttab.active[i], 0);
	if (d->gnttab.maptrack)
		free_xen_pages(d->gnttab.maptrack, 0);
}

/* ---- grant entries ---- */

static struct grant_entry_v1 *grant_entry(struct domain *d, grant_ref_t ref)
{
	if (ref >= d->gnttab.nr_frames * ENTRIES_PER_FRAME)
		return NULL;
	return (struct grant_entry_v1 *)mfn_to_virt(
		d->gnttab.frames[ref / ENTRIES_PER_FRAME]) + ref % ENTRIES_PER_FRAME;
}

static struct active_grant *active_entry(struct domain *d, grant_ref_t ref)
{
	return &d->gnttab.active[ref / ENTRIES_PER_FRAME][ref % ENTRIES_PER_FRAME];
}

/*
 * Checks that @granter's entry @ref lets @grantee read (or write) its
 * frame, and returns the frame.  The flags and domid are read together,
 * once, so a granter changing them concurrently cannot split the check.
 */
static int16_t check_grant(struct domain *granter, grant_ref_t ref,
			   domid_t grantee, bool write, unsigned long *mfn)
{
	struct grant_entry_v1 *e = grant_entry(granter, ref), snap;
	struct page_info *pg;

	if (!e)
		return GNTST_bad_gntref;
	__atomic_load(e, &snap, __ATOMIC_SEQ_CST);
	/* Xen answers a general error, not "permission denied", here. */
	if ((snap.flags & GTF_type_mask) != GTF_permit_access ||
	    snap.domid != grantee || (write && (snap.flags & GTF_readonly)))
		return GNTST_general_error;
	if (!mfn_valid(snap.frame))
		return GNTST_bad_page;
	pg = mfn_to_page(snap.frame);
	if (pg->owner != granter->domain_id)
		return GNTST_bad_page;
	*mfn = snap.frame;
	return GNTST_okay;
}

static void set_status_bits(struct domain *granter, grant_ref_t ref)
{
	struct active_grant *a = active_entry(granter, ref);
	uint16_t *flags = &grant_entry(granter, ref)->flags;
	uint16_t bits = (a->readers || a->writers ? GTF_reading : 0) |
			(a->writers ? GTF_writing : 0);

	__atomic_fetch_and(flags, (uint16_t)~(GTF_reading | GTF_writing),
			   __ATOMIC_SEQ_CST);
	__atomic_fetch_or(flags, bits, __ATOMIC_SEQ_CST);
}

static struct domain *grant_domain(domid_t id)
{
	return id == DOMID_SELF ? current->domain : domain_by_id(id);
}

/* ---- map and unmap ---- */

static int alloc_handle(struct domain *d)
{
	unsigned int h;

	if (!d->gnttab.maptrack) {
		d->gnttab.maptrack = alloc_xen_pages(0);
		if (!d->gnttab.maptrack)
			return -1;
	}
	for (h = 0; h < MAPTRACK_ENTRIES; h++)
		if (!d->gnttab.maptrack[h].in_use)
			return (int)h;
	return -1;
}

static int16_t map_one(struct gnttab_map_grant_ref *op)
{
	struct vcpu *v = current;
	bool ro = op->flags & GNTMAP_readonly;
	bool is_pte = op->flags & GNTMAP_contains_pte;
	struct domain *granter = domain_by_id(op->dom);	/* no DOMID_SELF */
	struct maptrack_entry *mt;
	unsigned long mfn;
	int16_t st;
	int handle;

	if (!(op->flags & GNTMAP_host_map) || (op->flags & GNTMAP_device_map))
		return GNTST_general_error;	/* PV host mappings only */
	if (!granter)
		return GNTST_bad_domain;
	st = check_grant(granter, op->ref, v->domain->domain_id, !ro, &mfn);
	if (st)
		return st;
	handle = alloc_handle(v->domain);
	if (handle < 0)
		return GNTST_no_space;
	if (pv_map_grant(v, op->host_addr, is_pte, mfn, granter, ro))
		return GNTST_general_error;
	mt = &v->domain->gnttab.maptrack[handle];
	*mt = (struct maptrack_entry){ op->host_addr, (uint32_t)mfn, op->ref,
				       granter->domain_id, 1, ro, is_pte };
	if (ro)
		active_entry(granter, op->ref)->readers++;
	else
		active_entry(granter, op->ref)->writers++;
	set_status_bits(granter, op->ref);
	op->handle = (grant_handle_t)handle;
	op->dev_bus_addr = 0;
	return GNTST_okay;
}

static int16_t unmap_one(struct gnttab_unmap_grant_ref *op)
{
	struct vcpu *v = current;
	struct maptrack_entry *mt;
	struct domain *granter;

	if (!v->domain->gnttab.maptrack || op->handle >= MAPTRACK_ENTRIES ||
	    !v->domain->gnttab.maptrack[op->handle].in_use)
		return GNTST_bad_handle;
	mt = &v->domain->gnttab.maptrack[op->handle];
	if (op->host_addr && op->host_addr != mt->host_addr)
		return GNTST_bad_virt_addr;
	if (pv_unmap_grant(v, mt->host_addr, mt->is_pte, mt->mfn))
		return GNTST_general_error;
	granter = domain_by_id(mt->granter);
	if (granter) {
		struct active_grant *a = active_entry(granter, mt->ref);

		if (mt->readonly)
			a->readers--;
		else
			a->writers--;
		set_status_bits(granter, mt->ref);
	}
	mt->in_use = 0;
	return GNTST_okay;
}

/* ---- copy ---- */

/* Resolves one side of a copy to a frame the caller may use that way. */
static int16_t copy_side(const struct gnttab_copy_ptr *p, bool is_gref,
			 bool write, uint16_t len, unsigned long *mfn)
{
	struct domain *d = grant_domain(p->domid), *self = current->domain;

	if (!d)
		return GNTST_bad_domain;
	if ((unsigned int)p->offset + len > PAGE_SIZE)
		return GNTST_bad_copy_arg;
	if (is_gref)
		return check_grant(d, p->u.ref, self->domain_id, write, mfn);
	if (d != self && !self->is_privileged)
		return GNTST_permission_denied;
	if (!mfn_valid(p->u.gmfn) || mfn_to_page(p->u.gmfn)->owner != d->domain_id)
		return GNTST_bad_page;
	*mfn = p->u.gmfn;
	return GNTST_okay;
}

static int16_t copy_one(const struct gnttab_copy *op)
{
	unsigned long src, dst;
	int16_t st;

	st = copy_side(&op->source, op->flags & GNTCOPY_source_gref, false,
		       op->len, &src);
	if (!st)
		st = copy_side(&op->dest, op->flags & GNTCOPY_dest_gref, true,
			       op->len, &dst);
	if (!st)
		memmove((char *)mfn_to_virt(dst) + op->dest.offset,
			(char *)mfn_to_virt(src) + op->source.offset, op->len);
	return st;
}

/* Runs @count copies of the op at @uop, each with its own status. */
#define GRANT_BATCH(type, fn, uop, count, changed)			\
	do {								\
		type op_;						\
		unsigned int i_;					\
		unsigned long flags_;					\
		for (i_ = 0; i_ < (count); i_++) {			\
			unsigned long at_ = (uop) + i_ * sizeof(op_);	\
			if (copy_from_guest(&op_, at_, sizeof(op_)))	\
				return -EFAULT;				\
			flags_ = spin_lock_irqsave(&grant_lock);	\
			op_.status = fn(&op_);				\
			spin_unlock_irqrestore(&grant_lock, flags_);	\
			if (copy_to_guest(at_, &op_, sizeof(op_)))	\
				return -EFAULT;				\
		}							\
		changed;						\
		return 0;						\
	} while (0)

#define MAX_GRANT_BATCH	512

long do_grant_table_op(unsigned int cmd, unsigned long uop, unsigned int count)
{
	if (count > MAX_GRANT_BATCH)
		return -EINVAL;
	if (count != 1 && (cmd == GNTTABOP_setup_table ||
			   cmd == GNTTABOP_query_size))
		return -EINVAL;
	switch (cmd) {
	case GNTTABOP_setup_table:
		return setup_table(uop);
	case GNTTABOP_query_size:
		return query_size(uop);
	case GNTTABOP_set_version:
		return set_version(uop);
	case GNTTABOP_map_grant_ref:
		GRANT_BATCH(struct gnttab_map_grant_ref, map_one, uop, count,
			    flush_tlb_local());
	case GNTTABOP_unmap_grant_ref:
		GRANT_BATCH(struct gnttab_unmap_grant_ref, unmap_one, uop, count,
			    flush_tlb_all());
	case GNTTABOP_copy:
		GRANT_BATCH(struct gnttab_copy, copy_one, uop, count, (void)0);
	}
	return -ENOSYS;
}
