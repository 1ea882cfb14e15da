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

static void release_grant(struct domain *granter, grant_ref_t ref, bool write)
{
	struct active_grant *a = active_entry(granter, ref);

	if (write)
		a->writers--;
	else
		a->readers--;
	set_status_bits(granter, ref);
}

/* The flags and domid of a v1 entry, as one word (flags in the low half). */
static uint32_t entry_header(uint16_t flags, domid_t domid)
{
	return flags | (uint32_t)domid << 16;
}

/*
 * Takes a use of @granter's entry @ref for @grantee, reading (or writing)
 * its frame, and returns the frame.  As in Xen, the check and the setting
 * of GTF_reading (GTF_writing) are one compare-and-exchange of the flags
 * and domid, so the granter cannot revoke the grant in between; while
 * the bits are set, its revocation fails.  Undone by release_grant().
 */
static int16_t claim_grant(struct domain *granter, grant_ref_t ref,
			   domid_t grantee, bool write, unsigned long *mfn)
{
	struct grant_entry_v1 *e = grant_entry(granter, ref);
	uint16_t use = GTF_reading | (write ? GTF_writing : 0);
	uint32_t *header, old;
	struct active_grant *a;
	unsigned long frame;

	if (!e)
		return GNTST_bad_gntref;
	header = (uint32_t *)e;
	old = __atomic_load_n(header, __ATOMIC_SEQ_CST);
	do {
		uint16_t flags = (uint16_t)old;

		/* Xen answers a general error, not "permission denied". */
		if ((flags & GTF_type_mask) != GTF_permit_access ||
		    (domid_t)(old >> 16) != grantee ||
		    (write && (flags & GTF_readonly)))
			return GNTST_general_error;
	} while (!__atomic_compare_exchange_n(header, &old,
			entry_header((uint16_t)old | use, (domid_t)(old >> 16)),
			false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
	a = active_entry(granter, ref);
	if (write)
		a->writers++;
	else
		a->readers++;
	frame = __atomic_load_n(&e->frame, __ATOMIC_SEQ_CST);
	if (!mfn_valid(frame) || mfn_to_page(frame)->owner != granter->domain_id) {
		release_grant(granter, ref, write);
		return GNTST_bad_page;
	}
	*mfn = frame;
	return GNTST_okay;
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
	handle = alloc_handle(v->domain);
	if (handle < 0)
		return GNTST_no_space;
	st = claim_grant(granter, op->ref, v->domain->domain_id, !ro, &mfn);
	if (st)
		return st;
	if (pv_map_grant(v, op->host_addr, is_pte, mfn, granter, ro)) {
		release_grant(granter, op->ref, !ro);
		return GNTST_general_error;
	}
	mt = &v->domain->gnttab.maptrack[handle];
	*mt = (struct maptrack_entry){ op->host_addr, (uint32_t)mfn, op->ref,
				       granter->domain_id, 1, ro, is_pte };
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
	if (granter)
		release_grant(granter, mt->ref, !mt->readonly);
	mt->in_use = 0;
	return GNTST_okay;
}

/* ---- copy ---- */

/* One side of a copy: its frame, and what was taken to use it. */
struct copy_buf {
	struct domain *d;
	unsigned long mfn;
	bool claimed;		/* a grant use (claim_grant) */
	bool referenced;	/* a page reference */
	bool typed;		/* a writable type reference */
};

/*
 * Takes what a copy needs of one side, as Xen does: the grant's use (so
 * the granter cannot revoke it mid-copy), a reference on the frame (so
 * it cannot be freed), and for the destination a writable type reference
 * (so a copy cannot forge an entry of a live page table or descriptor
 * page).  Whatever was taken is given back by release_copy_side().
 */
static int16_t claim_copy_side(const struct gnttab_copy_ptr *p, bool is_gref,
			       bool write, uint16_t len, struct copy_buf *b)
{
	struct domain *self = current->domain;
	struct page_info *pg;
	int16_t st;

	b->d = grant_domain(p->domid);
	if (!b->d)
		return GNTST_bad_domain;
	if ((unsigned int)p->offset + len > PAGE_SIZE)
		return GNTST_bad_copy_arg;
	if (is_gref) {
		st = claim_grant(b->d, p->u.ref, self->domain_id, write, &b->mfn);
		if (st)
			return st;
		b->claimed = true;
	} else if (b->d != self && !self->is_privileged) {
		return GNTST_permission_denied;
	} else {
		b->mfn = p->u.gmfn;
	}
	if (!mfn_valid(b->mfn) || !get_page(mfn_to_page(b->mfn), b->d))
		return GNTST_bad_page;
	b->referenced = true;
	pg = mfn_to_page(b->mfn);
	if (write && !get_page_type(pg, PGT_writable))
		return GNTST_general_error;
	b->typed = write;
	return GNTST_okay;
}

static void release_copy_side(const struct gnttab_copy_ptr *p, bool write,
			      const struct copy_buf *b)
{
	if (b->typed)
		put_page_type(mfn_to_page(b->mfn));
	if (b->referenced)
		put_page(mfn_to_page(b->mfn));
	if (b->claimed)
		release_grant(b->d, p->u.ref, write);
}

static int16_t copy_one(const struct gnttab_copy *op)
{
	struct copy_buf src = { 0 }, dst = { 0 };
	int16_t st;

	st = claim_copy_side(&op->source, op->flags & GNTCOPY_source_gref,
			     false, op->len, &src);
	if (!st)
		st = claim_copy_side(&op->dest, op->flags & GNTCOPY_dest_gref,
				     true, op->len, &dst);
	if (!st)
		memmove((char *)mfn_to_virt(dst.mfn) + op->dest.offset,
			(char *)mfn_to_virt(src.mfn) + op->source.offset,
			op->len);
	release_copy_side(&op->dest, true, &dst);
	release_copy_side(&op->source, false, &src);
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
