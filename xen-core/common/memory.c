/*
 * memory_op: giving domains memory and taking it back (the builder's
 * populate_physmap, ballooning), reservation sizes, memory maps and the
 * M2P location.
 */
#include <xen-core/hypercall.h>
#include <xen-core/guest_access.h>
#include <xen-core/multiboot2.h>
#include <xen-core/pv_mm.h>

/* Bits above the command carry a continuation's start extent. */
#define MEMOP_CMD_MASK	0x3fUL

extern struct boot_info boot_info;

static long copy_memory_map(unsigned long arg, const struct e820_entry *map,
			    unsigned int n)
{
	struct xen_memory_map mm;

	if (copy_from_guest(&mm, arg, sizeof(mm)))
		return -EFAULT;
	if (mm.nr_entries < n)
		return -EINVAL;
	if (copy_to_guest((unsigned long)mm.buffer.p, map, n * sizeof(*map)))
		return -EFAULT;
	mm.nr_entries = n;
	return copy_to_guest(arg, &mm, sizeof(mm)) ? -EFAULT : 0;
}

/* A PV guest's pseudo-physical map: one RAM range covering its pages. */
static long guest_memory_map(struct domain *d, unsigned long arg)
{
	struct e820_entry ram = {
		.addr = 0,
		.size = (uint64_t)(d->max_pages ? d->max_pages : d->tot_pages)
			<< PAGE_SHIFT,
		.type = 1,
	};

	return copy_memory_map(arg, &ram, 1);
}

static long machphys_mapping(unsigned long arg)
{
	struct xen_machphys_mapping m = {
		.v_start = RO_MPT_VIRT_START,
		.v_end = RO_MPT_VIRT_START + max_page * sizeof(uint64_t),
		.max_mfn = max_page - 1,
	};

	return copy_to_guest(arg, &m, sizeof(m)) ? -EFAULT : 0;
}

/* domU's limit (Xen: CONFIG_DOMU_MAX_ORDER); larger orders do nothing. */
#define MAX_EXTENT_ORDER	9
#define MEMOP_EXTENT_SHIFT	6

enum reservation_op { INCREASE, POPULATE, DECREASE };

static struct domain *reservation_domain(domid_t id)
{
	if (id == DOMID_SELF || id == current->domain->domain_id)
		return current->domain;
	return current->domain->is_privileged ? domain_by_id(id) : NULL;
}

/*
 * Gives @d 2^order fresh zeroed frames; for populate_physmap the M2P
 * says which pfn they back.  Returns the first MFN, or 0 when @d is at
 * its limit or memory is out.
 */
static unsigned long grow_domain(struct domain *d, unsigned int order,
				 unsigned long gpfn, bool set_m2p)
{
	struct page_info *pg;
	unsigned long i;

	if (d->tot_pages + (1UL << order) > d->max_pages)
		return 0;
	pg = alloc_pages(order, d->domain_id);
	if (!pg)
		return 0;
	for (i = 0; i < (1UL << order); i++) {
		assign_page(d, pg + i);
		machine_to_phys[page_to_mfn(pg) + i] =
			set_m2p ? gpfn + i : INVALID_M2P_ENTRY;
	}
	return page_to_mfn(pg);
}

/* Takes back @d's frame @mfn (a PV guest names frames by MFN). */
static bool shrink_domain(struct domain *d, unsigned long mfn)
{
	struct page_info *pg;

	if (!mfn_valid(mfn))
		return false;
	pg = mfn_to_page(mfn);
	if (pg->owner != d->domain_id || pg->flags & PGF_pinned)
		return false;
	/* Xen counts a frame it shares with the guest as given back, and
	 * keeps it: xen-core goes on writing it. */
	if (pg->flags & PGF_xen_shared)
		return give_back_xen_shared_page(pg);
	pv_mm_lock();
	pv_drop_partial_table(pg);	/* nobody could take it over */
	pv_mm_unlock();
	domain_release_page(d, pg);
	return true;
}

/* Extent @i of @r for @d; false when it cannot be done (Xen stops there). */
static bool change_extent(struct domain *d, const struct xen_memory_reservation *r,
			  enum reservation_op op, unsigned long i)
{
	unsigned long slot = (unsigned long)r->extent_start.p +
			     i * sizeof(xen_pfn_t);
	xen_pfn_t frame = 0;
	unsigned long j;

	if (op != INCREASE && copy_from_guest(&frame, slot, sizeof(frame)))
		return false;
	if (op == DECREASE) {
		for (j = 0; j < (1UL << r->extent_order); j++)
			if (!shrink_domain(d, frame + j))
				return false;
		return true;
	}
	frame = grow_domain(d, r->extent_order, frame, op == POPULATE);
	return frame && (!r->extent_start.p ||
			 !copy_to_guest(slot, &frame, sizeof(frame)));
}

/*
 * Answers the number of extents done, counting those of earlier issues
 * (@start, from the command's high bits), never an error code: Xen's
 * answer to anything it refuses is "none done".  A long request stops
 * at a preemption point and continues with its start in the command.
 */
static long change_reservation(unsigned long cmd, unsigned long arg,
			       enum reservation_op op)
{
	unsigned long start = cmd >> MEMOP_EXTENT_SHIFT, i;
	struct xen_memory_reservation r;
	struct domain *d;

	if (copy_from_guest(&r, arg, sizeof(r)) ||
	    r.nr_extents > (UINT32_MAX >> MEMOP_EXTENT_SHIFT) ||
	    start >= r.nr_extents || r.extent_order > MAX_EXTENT_ORDER)
		return (long)start;
	d = reservation_domain(r.domid);
	if (!d)
		return (long)start;
	if ((op != INCREASE || r.extent_start.p) && !guest_range_ok((unsigned long)r.extent_start.p +
					      start * sizeof(xen_pfn_t),
					      (r.nr_extents - start) *
					      sizeof(xen_pfn_t)))
		return (long)start;
	for (i = start; i < r.nr_extents; i++) {
		if (i != start && hypercall_preempt_check())
			return hypercall_continue(__HYPERVISOR_memory_op,
				(cmd & MEMOP_CMD_MASK) | i << MEMOP_EXTENT_SHIFT,
				arg, 0, 0, 0);
		if (!change_extent(d, &r, op, i))
			break;
	}
	return (long)i;
}

static struct domain *reservation_target(unsigned long arg)
{
	domid_t id;

	if (copy_from_guest(&id, arg, sizeof(id)))
		return NULL;
	if (id == DOMID_SELF || id == current->domain->domain_id)
		return current->domain;
	return current->domain->is_privileged ? domain_by_id(id) : NULL;
}

long do_memory_op(unsigned long cmd, unsigned long arg)
{
	struct domain *d = current->domain, *t;

	switch (cmd & MEMOP_CMD_MASK) {
	case XENMEM_increase_reservation:
		return change_reservation(cmd, arg, INCREASE);
	case XENMEM_populate_physmap:
		return change_reservation(cmd, arg, POPULATE);
	case XENMEM_decrease_reservation:
		return change_reservation(cmd, arg, DECREASE);
	case XENMEM_memory_map:
		return guest_memory_map(d, arg);
	case XENMEM_machine_memory_map:
		if (!d->is_privileged)
			return -EPERM;
		return copy_memory_map(arg, boot_info.e820, boot_info.nr_e820);
	case XENMEM_machphys_mapping:
		return machphys_mapping(arg);
	case XENMEM_get_vnumainfo:
		return -EOPNOTSUPP;	/* no virtual NUMA topology, as Xen says */
	case XENMEM_maximum_ram_page:
		return max_page - 1;
	case XENMEM_current_reservation:
		t = reservation_target(arg);
		return t ? (long)t->tot_pages : -ESRCH;
	case XENMEM_maximum_reservation:
		t = reservation_target(arg);
		return t ? (long)t->max_pages : -ESRCH;
	}
	return hypercall_unimplemented(__HYPERVISOR_memory_op,
				       cmd & MEMOP_CMD_MASK);
}
