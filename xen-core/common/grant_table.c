/*
 * Grant tables, version 1.  A guest writes grant entries (flags, the
 * domain allowed, the frame) into shared frames (setup_table); another
 * domain may then map the frame into its page tables or for a device
 * (map/unmap) or copy to and from it (copy).
 *
 * As in Xen, a grant in use is "pinned": its active record counts the
 * host and device mappings, readable and writable, in four byte-wide
 * counters, and while any is held the entry keeps GTF_reading (and
 * GTF_writing while a writable one is), so the granter cannot revoke it.
 * The mapper's maptrack table holds one record per mapping, named by the
 * handle the guest unmaps with.
 */
#include <xen-core/flushtlb.h>
#include <xen-core/hypercall.h>
#include <xen-core/console.h>
#include <xen-core/guest_access.h>
#include <xen-core/pv_mm.h>

#define DEFAULT_MAX_GRANT_FRAMES	64
#define ENTRIES_PER_FRAME	(PAGE_SIZE / sizeof(struct grant_entry_v1))

/* The pin counters (Xen's GNTPIN_*): a byte each, 128 at most. */
#define PIN_HOST_W	(1U << 0)
#define PIN_HOST_R	(1U << 8)
#define PIN_DEV_W	(1U << 16)
#define PIN_DEV_R	(1U << 24)
#define PIN_MASK(inc)	((inc) * 0xffU)
#define PIN_WRITERS	(PIN_MASK(PIN_HOST_W) | PIN_MASK(PIN_DEV_W))
/* Any counter @incr adds to already at 128: one more would overflow. */
#define PIN_FULL(incr)	((incr) << 7)

/* Mapping handles per maptrack frame, the unit of max_maptrack_frames. */
#define MAPTRACK_PER_FRAME	(PAGE_SIZE / sizeof(struct maptrack_entry))
#define MAPTRACK_END		(~0U)
#define MAP_FLAGS	(GNTMAP_device_map | GNTMAP_host_map | \
			 GNTMAP_readonly | GNTMAP_contains_pte)

/* Above the command: a continuation's argument (Xen's, unused here). */
#define GNTTABOP_CMD_MASK	0xfffU

/* Xen's unmap does this many before each TLB flush. */
#define UNMAP_BATCH	32

struct active_grant {
	uint32_t pin;		/* PIN_* counters */
	domid_t domid;		/* the mapper, while pinned */
	uint32_t mfn;		/* the frame, as read when first pinned */
};

/*
 * One mapping.  The granter is named by domain id and creation serial:
 * a granter that died takes its grant table with it, and a new domain
 * with the same id must not see this mapping.  A free record holds the
 * next free handle in @ref.
 */
struct maptrack_entry {
	grant_ref_t ref;
	uint32_t mfn;
	uint32_t granter_serial;
	domid_t granter;
	uint8_t flags;		/* GNTMAP_* of what is still mapped; 0: free */
	uint8_t pad;
};

/* The active records of one frame's entries. */
#define ACTIVE_ORDER	order_for_bytes(ENTRIES_PER_FRAME * sizeof(struct active_grant))

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
		void *active = alloc_xen_pages(ACTIVE_ORDER);

		if (!pg || !active) {
			if (pg)
				free_xen_shared_page(pg);
			if (active)
				free_xen_pages(active, ACTIVE_ORDER);
			return GNTST_general_error;
		}
		memset(active, 0, PAGE_SIZE << ACTIVE_ORDER);
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

/* ---- grant entries and pins ---- */

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

/* The flags and domid of a v1 entry, as one word (flags in the low half). */
static uint32_t entry_header(uint16_t flags, domid_t domid)
{
	return flags | (uint32_t)domid << 16;
}

/*
 * Sets GTF_reading (and GTF_writing) in the entry, checking first, for a
 * grant not yet pinned, that it permits @grantee; as in Xen, check and
 * set are one compare-and-exchange of the flags and domid, retried a few
 * times only, since the granter may keep changing the entry.
 */
static int16_t mark_in_use(struct grant_entry_v1 *e, domid_t grantee,
			   bool write, bool check_permission)
{
	uint16_t use = GTF_reading | (write ? GTF_writing : 0);
	uint32_t *header = (uint32_t *)e, old;
	unsigned int tries;

	old = __atomic_load_n(header, __ATOMIC_SEQ_CST);
	for (tries = 0; tries < 5; tries++) {
		uint16_t flags = (uint16_t)old;

		/* Xen answers a general error, not "permission denied". */
		if (check_permission &&
		    ((flags & (GTF_type_mask | GTF_sub_page)) !=
		     GTF_permit_access || (domid_t)(old >> 16) != grantee))
			return GNTST_general_error;
		if (write && (flags & GTF_readonly))
			return GNTST_general_error;
		if (__atomic_compare_exchange_n(header, &old,
				entry_header(flags | use, (domid_t)(old >> 16)),
				false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
			return GNTST_okay;
	}
	return GNTST_general_error;	/* "unstable" */
}

/* Clears what the pins left no longer need (Xen's reduce_status_for_pin). */
static void reduce_status(struct grant_entry_v1 *e, const struct active_grant *a,
			  bool write)
{
	uint16_t clear = a->pin ? 0 : GTF_reading;

	if (write && !(a->pin & PIN_WRITERS))
		clear |= GTF_writing;
	if (clear)
		__atomic_fetch_and(&e->flags, (uint16_t)~clear, __ATOMIC_SEQ_CST);
}

static bool pin_writes(uint32_t incr)
{
	return incr & (PIN_HOST_W | PIN_DEV_W);
}

/*
 * Pins @granter's grant @ref for @grantee by @incr (PIN_* counters) and
 * gives its frame.  The first pin reads the frame from the entry; later
 * ones, by the same mapper only, reuse it.  Undone by unpin_grant().
 */
static int16_t pin_grant(struct domain *granter, grant_ref_t ref,
			 domid_t grantee, uint32_t incr, unsigned long *mfn)
{
	struct grant_entry_v1 *e = grant_entry(granter, ref);
	bool write = pin_writes(incr);
	struct active_grant *a;
	unsigned long frame;
	int16_t st;

	if (!e)
		return GNTST_bad_gntref;
	a = active_entry(granter, ref);
	if (a->pin && (a->domid != grantee || (a->pin & PIN_FULL(incr))))
		return GNTST_general_error;
	if (!a->pin || (write && !(a->pin & PIN_WRITERS))) {
		st = mark_in_use(e, grantee, write, !a->pin);
		if (st)
			return st;
	}
	if (!a->pin) {
		frame = __atomic_load_n(&e->frame, __ATOMIC_SEQ_CST);
		if (!mfn_valid(frame) ||
		    mfn_to_page(frame)->owner != granter->domain_id) {
			reduce_status(e, a, write);
			return GNTST_bad_page;
		}
		a->domid = grantee;
		a->mfn = (uint32_t)frame;
	}
	a->pin += incr;
	*mfn = a->mfn;
	return GNTST_okay;
}

static void unpin_grant(struct domain *granter, grant_ref_t ref, uint32_t decr)
{
	struct active_grant *a = active_entry(granter, ref);

	a->pin -= decr;
	reduce_status(grant_entry(granter, ref), a, pin_writes(decr));
}

static struct domain *grant_domain(domid_t id)
{
	return id == DOMID_SELF ? current->domain : domain_by_id(id);
}

/* ---- the maptrack table ---- */

static struct maptrack_entry *maptrack_entry(struct domain *d, unsigned int h)
{
	return &d->gnttab.maptrack[h / MAPTRACK_PER_FRAME][h % MAPTRACK_PER_FRAME];
}

static unsigned int maptrack_dir_order(const struct domain *d)
{
	return order_for_bytes(d->gnttab.max_maptrack_frames *
			       sizeof(*d->gnttab.maptrack));
}

/* One more frame of free handles, as Xen grows it: on demand. */
static bool grow_maptrack(struct domain *d)
{
	unsigned int n = d->gnttab.maptrack_frames, i;
	struct maptrack_entry *frame;

	if (n >= d->gnttab.max_maptrack_frames)
		return false;
	if (!d->gnttab.maptrack) {
		d->gnttab.maptrack = alloc_xen_pages(maptrack_dir_order(d));
		if (!d->gnttab.maptrack)
			return false;
	}
	frame = alloc_xen_pages(0);
	if (!frame)
		return false;
	for (i = 0; i < MAPTRACK_PER_FRAME; i++)
		frame[i] = (struct maptrack_entry){ .ref = i + 1 < MAPTRACK_PER_FRAME ?
			n * MAPTRACK_PER_FRAME + i + 1 : d->gnttab.maptrack_free };
	d->gnttab.maptrack[n] = frame;
	d->gnttab.maptrack_free = n * MAPTRACK_PER_FRAME;
	d->gnttab.maptrack_frames = n + 1;
	return true;
}

/*
 * As in Xen for a vCPU's free list, the last free handle is the list's
 * tail and is never handed out: once the table cannot grow, that one
 * stays free.
 */
static unsigned int get_handle(struct domain *d)
{
	unsigned int h = d->gnttab.maptrack_free;

	if (h == MAPTRACK_END || maptrack_entry(d, h)->ref == MAPTRACK_END) {
		if (!grow_maptrack(d))
			return MAPTRACK_END;
		h = d->gnttab.maptrack_free;
	}
	d->gnttab.maptrack_free = maptrack_entry(d, h)->ref;
	return h;
}

static void put_handle(struct domain *d, unsigned int h)
{
	struct maptrack_entry *mt = maptrack_entry(d, h);

	mt->flags = 0;
	mt->ref = d->gnttab.maptrack_free;
	d->gnttab.maptrack_free = h;
}

static struct maptrack_entry *mapping_of(struct domain *d, grant_handle_t h)
{
	struct maptrack_entry *mt;

	if (h >= d->gnttab.maptrack_frames * MAPTRACK_PER_FRAME)
		return NULL;
	mt = maptrack_entry(d, h);
	return mt->flags ? mt : NULL;
}

/* The granter of @mt, if it is still the domain that granted. */
static struct domain *mapping_granter(const struct maptrack_entry *mt)
{
	struct domain *g = domain_by_id(mt->granter);

	return g && g->serial == mt->granter_serial ? g : NULL;
}

/* ---- map ---- */

static uint32_t pins_of(unsigned int flags)
{
	bool ro = flags & GNTMAP_readonly;
	uint32_t incr = 0;

	if (flags & GNTMAP_device_map)
		incr += ro ? PIN_DEV_R : PIN_DEV_W;
	if (flags & GNTMAP_host_map)
		incr += ro ? PIN_HOST_R : PIN_HOST_W;
	return incr;
}

/*
 * A device mapping holds a reference on the frame, and a writable type
 * reference unless read-only, as in Xen (the host mapping's references
 * are held by its page-table entry, pv_map_grant()).
 */
static bool take_device_refs(struct page_info *pg, struct domain *granter,
			     bool ro)
{
	if (!get_page(pg, granter))
		return false;
	if (!ro && !get_page_type(pg, PGT_writable)) {
		put_page(pg);
		return false;
	}
	return true;
}

static void put_device_refs(struct page_info *pg, bool ro)
{
	if (!ro)
		put_page_type(pg);
	put_page(pg);
}

/* Maps the frame as @op asks, once the grant is pinned. */
static int16_t map_frame(struct gnttab_map_grant_ref *op, struct domain *granter,
			 unsigned long mfn)
{
	struct page_info *pg = mfn_to_page(mfn);
	bool ro = op->flags & GNTMAP_readonly;

	if ((op->flags & GNTMAP_device_map) && !take_device_refs(pg, granter, ro))
		return GNTST_general_error;
	if ((op->flags & GNTMAP_host_map) &&
	    pv_map_grant(current, op->host_addr,
			 op->flags & GNTMAP_contains_pte, mfn, granter, ro)) {
		if (op->flags & GNTMAP_device_map)
			put_device_refs(pg, ro);
		return GNTST_general_error;
	}
	return GNTST_okay;
}

static int16_t map_one(struct gnttab_map_grant_ref *op)
{
	struct domain *d = current->domain, *granter;
	uint32_t incr = pins_of(op->flags);
	unsigned long mfn;
	unsigned int h;
	int16_t st;

	if (!incr)
		return GNTST_bad_gntref;
	granter = domain_by_id(op->dom);	/* no DOMID_SELF, as in Xen */
	if (!granter)
		return GNTST_bad_domain;
	h = get_handle(d);
	if (h == MAPTRACK_END)
		return GNTST_no_space;
	st = pin_grant(granter, op->ref, d->domain_id, incr, &mfn);
	if (!st) {
		st = map_frame(op, granter, mfn);
		if (st)
			unpin_grant(granter, op->ref, incr);
	}
	if (st) {
		put_handle(d, h);
		return st;
	}
	*maptrack_entry(d, h) = (struct maptrack_entry){
		op->ref, (uint32_t)mfn, granter->serial, granter->domain_id,
		(uint8_t)(op->flags & MAP_FLAGS), 0 };
	op->handle = (grant_handle_t)h;
	op->dev_bus_addr = (uint64_t)mfn << PAGE_SHIFT;
	return GNTST_okay;
}

/* ---- unmap ---- */

/* What an unmap took down, to be released after the TLB flush. */
struct unmap_done {
	grant_handle_t handle;
	uint8_t flags;		/* GNTMAP_* parts removed (with readonly) */
};

/*
 * Takes down what @op names of a mapping: the host mapping at its
 * host_addr, the device mapping for its dev_bus_addr (Xen's rules: a
 * zero address leaves that part).  The page-table entry goes now, with
 * the references it held (the flush clock keeps a stale TLB entry from
 * outliving the frame's type or ownership); the pins, which tell the
 * granter it may reuse the frame, go in release_unmapped() after the
 * flush.
 */
static int16_t unmap_one(struct gnttab_unmap_grant_ref *op,
			 struct unmap_done *done)
{
	struct domain *d = current->domain;
	struct maptrack_entry *mt = mapping_of(d, op->handle);

	done->flags = 0;
	if (!mt)
		return GNTST_bad_handle;
	if (op->dev_bus_addr && (mt->flags & GNTMAP_device_map) &&
	    op->dev_bus_addr != (uint64_t)mt->mfn << PAGE_SHIFT)
		return GNTST_bad_dev_addr;
	if (op->host_addr && (mt->flags & GNTMAP_host_map)) {
		if (pv_unmap_grant(current, op->host_addr,
				   mt->flags & GNTMAP_contains_pte, mt->mfn))
			return GNTST_general_error;
		done->flags |= GNTMAP_host_map;
	}
	if (op->dev_bus_addr && (mt->flags & GNTMAP_device_map))
		done->flags |= GNTMAP_device_map;
	if (done->flags)
		done->flags |= mt->flags & GNTMAP_readonly;
	done->handle = op->handle;
	return GNTST_okay;
}

/* @done names a handle only when something was unmapped. */
static void release_unmapped(struct domain *d, const struct unmap_done *done)
{
	struct maptrack_entry *mt;
	bool ro = done->flags & GNTMAP_readonly;
	struct domain *granter;

	if (!done->flags)
		return;
	mt = maptrack_entry(d, done->handle);
	granter = mapping_granter(mt);
	if (done->flags & GNTMAP_device_map)
		put_device_refs(mfn_to_page(mt->mfn), ro);
	if (granter)
		unpin_grant(granter, mt->ref, pins_of(done->flags));
	mt->flags &= ~(done->flags & (GNTMAP_host_map | GNTMAP_device_map));
	if (!(mt->flags & (GNTMAP_host_map | GNTMAP_device_map)))
		put_handle(d, done->handle);
}

/*
 * As Xen: batches of UNMAP_BATCH, each followed by one flush and then
 * the release of what it unmapped; a preemption point between batches.
 * Answers how many were done when preempted, else 0 or -EFAULT.
 */
static long unmap_batch(unsigned long uop, unsigned int count)
{
	struct unmap_done done[UNMAP_BATCH];
	struct gnttab_unmap_grant_ref op;
	unsigned int i, n, total = 0;
	unsigned long flags;
	long rc = 0;

	while (count && !rc) {
		n = count < UNMAP_BATCH ? count : UNMAP_BATCH;
		for (i = 0; i < n; i++, uop += sizeof(op)) {
			if (copy_from_guest(&op, uop, sizeof(op))) {
				rc = -EFAULT;
				break;
			}
			flags = spin_lock_irqsave(&grant_lock);
			op.status = unmap_one(&op, &done[i]);
			spin_unlock_irqrestore(&grant_lock, flags);
			if (copy_to_guest(uop, &op, sizeof(op))) {
				rc = -EFAULT;
				i++;
				break;
			}
		}
		flush_tlb_all();
		flags = spin_lock_irqsave(&grant_lock);
		for (n = 0; n < i; n++)
			release_unmapped(current->domain, &done[n]);
		spin_unlock_irqrestore(&grant_lock, flags);
		count -= i;
		total += i;
		if (!rc && count && hypercall_preempt_check())
			return total;
	}
	return rc;
}

/*
 * A dying domain's mappings: the page tables that held its host
 * mappings are gone already; its device references and the pins on
 * every granter still alive are released here, so their entries lose
 * GTF_reading and GTF_writing.
 */
static void release_mappings(struct domain *d)
{
	unsigned int h, n = d->gnttab.maptrack_frames * MAPTRACK_PER_FRAME;
	unsigned long flags;

	flush_tlb_all();
	flags = spin_lock_irqsave(&grant_lock);
	for (h = 0; h < n; h++) {
		struct maptrack_entry *mt = maptrack_entry(d, h);
		struct unmap_done all = { (grant_handle_t)h, mt->flags &
					  (GNTMAP_host_map | GNTMAP_device_map |
					   GNTMAP_readonly) };

		if (mt->flags)
			release_unmapped(d, &all);
	}
	spin_unlock_irqrestore(&grant_lock, flags);
}

/* A dying domain's grant-table bookkeeping (its frames go with its memory). */
void gnttab_release(struct domain *d)
{
	unsigned int i;

	release_mappings(d);
	for (i = 0; i < d->gnttab.maptrack_frames; i++)
		free_xen_pages(d->gnttab.maptrack[i], 0);
	if (d->gnttab.maptrack)
		free_xen_pages(d->gnttab.maptrack, maptrack_dir_order(d));
	for (i = 0; i < d->gnttab.nr_frames; i++)
		free_xen_pages(d->gnttab.active[i], ACTIVE_ORDER);
}

void gnttab_for_each_device_map(struct domain *d,
				void (*fn)(unsigned long mfn, bool writable))
{
	unsigned int h;

	for (h = 0; h < d->gnttab.maptrack_frames * MAPTRACK_PER_FRAME; h++) {
		const struct maptrack_entry *mt = maptrack_entry(d, h);

		if (mt->flags & GNTMAP_device_map)
			fn(mt->mfn, !(mt->flags & GNTMAP_readonly));
	}
}

/* As Xen, a domain starts with one grant frame (INITIAL_NR_GRANT_FRAMES). */
int gnttab_init(struct domain *d)
{
	d->gnttab.max_maptrack_frames = DEFAULT_MAX_MAPTRACK_FRAMES;
	d->gnttab.maptrack_free = MAPTRACK_END;
	return grow_table(d, 1) == GNTST_okay ? 0 : -ENOMEM;
}

/* ---- copy ---- */

/* One side of a copy: its frame, and what was taken to use it. */
struct copy_buf {
	struct domain *d;
	unsigned long mfn;
	bool pinned;		/* a host pin of the grant */
	bool referenced;	/* a page reference */
	bool typed;		/* a writable type reference */
};

/*
 * Takes what a copy needs of one side, as Xen does: a pin of the grant
 * (so the granter cannot revoke it mid-copy), a reference on the frame
 * (so it cannot be freed), and for the destination a writable type
 * reference (so a copy cannot forge an entry of a live page table or
 * descriptor page).  Whatever was taken is given back by
 * release_copy_side().
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
		st = pin_grant(b->d, p->u.ref, self->domain_id,
			       write ? PIN_HOST_W : PIN_HOST_R, &b->mfn);
		if (st)
			return st;
		b->pinned = true;
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
	if (b->pinned)
		unpin_grant(b->d, p->u.ref, write ? PIN_HOST_W : PIN_HOST_R);
}

static int16_t copy_one(struct gnttab_copy *op)
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

/* ---- batches ---- */

/*
 * Runs the ops of @count at @uop one by one, each with its own status,
 * stopping at a preemption point; answers how many were done then, else
 * 0 or -EFAULT.  (Xen's map and copy loops.)
 */
#define OP_BATCH(type, fn, uop, count)					\
	({								\
		type op_;						\
		unsigned int i_;					\
		unsigned long flags_;					\
		long rc_ = 0;						\
		for (i_ = 0; i_ < (count); i_++) {			\
			unsigned long at_ = (uop) + i_ * sizeof(op_);	\
			if (i_ && hypercall_preempt_check()) {		\
				rc_ = i_;				\
				break;					\
			}						\
			if (copy_from_guest(&op_, at_, sizeof(op_))) {	\
				rc_ = -EFAULT;				\
				break;					\
			}						\
			flags_ = spin_lock_irqsave(&grant_lock);	\
			op_.status = fn(&op_);				\
			spin_unlock_irqrestore(&grant_lock, flags_);	\
			if (copy_to_guest(at_, &op_, sizeof(op_))) {	\
				rc_ = -EFAULT;				\
				break;					\
			}						\
		}							\
		rc_;							\
	})

static size_t op_size(unsigned int cmd)
{
	switch (cmd) {
	case GNTTABOP_map_grant_ref:
		return sizeof(struct gnttab_map_grant_ref);
	case GNTTABOP_unmap_grant_ref:
		return sizeof(struct gnttab_unmap_grant_ref);
	case GNTTABOP_copy:
		return sizeof(struct gnttab_copy);
	}
	return 0;
}

/* The batched ops; a positive @done asks to continue after that many. */
static long run_batch(unsigned int cmd, unsigned long uop, unsigned int count)
{
	long done;

	if (!guest_range_ok(uop, (size_t)count * op_size(cmd)))
		return -EFAULT;
	switch (cmd) {
	case GNTTABOP_map_grant_ref:
		done = OP_BATCH(struct gnttab_map_grant_ref, map_one, uop, count);
		flush_tlb_local();
		break;
	case GNTTABOP_unmap_grant_ref:
		done = unmap_batch(uop, count);
		break;
	default:
		done = OP_BATCH(struct gnttab_copy, copy_one, uop, count);
	}
	if (done > 0)
		return hypercall_continue(__HYPERVISOR_grant_table_op, cmd,
					  uop + done * op_size(cmd),
					  count - done, 0, 0);
	return done;
}

long do_grant_table_op(unsigned int cmd, unsigned long uop, unsigned int count)
{
	if ((int)count < 0 || (cmd & ~GNTTABOP_CMD_MASK))
		return -EINVAL;
	switch (cmd) {
	case GNTTABOP_setup_table:
		return count == 1 ? setup_table(uop) : -EINVAL;
	case GNTTABOP_query_size:
		return count == 1 ? query_size(uop) : -EINVAL;
	case GNTTABOP_set_version:
		return set_version(uop);
	case GNTTABOP_map_grant_ref:
	case GNTTABOP_unmap_grant_ref:
	case GNTTABOP_copy:
		return run_batch(cmd, uop, count);
	}
	return hypercall_unimplemented(__HYPERVISOR_grant_table_op, cmd);
}
