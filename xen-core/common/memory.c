/*
 * memory_op: reservation sizes, memory maps and the M2P location.
 * Ballooning (increase/decrease/populate) comes with the domain builder.
 */
#include <xen-core/hypercall.h>
#include <xen-core/guest_access.h>
#include <xen-core/multiboot2.h>

/* Bits above the command carry a continuation start extent (Xen: 6). */
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
	return -ENOSYS;
}
