/*
 * sysctl (control domain only): the console ring and host information.
 * The interface version must be Xen 4.17's (0x15), as libxc checks.
 */
#include <xen-core/hypercall.h>
#include <xen-core/console.h>
#include <xen-core/cpu.h>
#include <xen-core/guest_access.h>
#include <xen-core/time.h>
#include <xen-core/domain.h>

static long readconsole(struct xen_sysctl_readconsole *rc)
{
	char chunk[256];
	uint32_t index = rc->incremental ? rc->index : console_ring_start();
	uint32_t done = 0;

	while (done < rc->count) {
		size_t n = console_ring_read(chunk, MIN(sizeof(chunk),
							 rc->count - done), &index);

		if (!n)
			break;
		if (copy_to_guest((unsigned long)rc->buffer.p + done, chunk, n))
			return -EFAULT;
		done += n;
	}
	rc->count = done;
	rc->index = index;
	if (rc->clear)
		console_ring_clear();
	return 0;
}

static void physinfo(struct xen_sysctl_physinfo *pi)
{
	uint32_t a, b, c, d;

	memset(pi, 0, sizeof(*pi));
	pi->threads_per_core = 1;
	pi->cores_per_socket = nr_cpus;
	pi->nr_cpus = nr_cpus;
	pi->max_cpu_id = nr_cpus - 1;
	pi->nr_nodes = 1;
	pi->max_node_id = 0;
	pi->cpu_khz = cpu_khz;
	pi->capabilities = XEN_SYSCTL_PHYSCAP_pv;	/* no HVM, no IOMMU */
	pi->total_pages = total_pages;
	pi->free_pages = free_page_count();
	pi->scrub_pages = 0;
	pi->outstanding_pages = 0;
	pi->max_mfn = max_page - 1;
	cpuid_count(1, 0, &a, &b, &c, &d);
	pi->hw_cap[0] = d;
	pi->hw_cap[1] = c;
	cpuid_count(0x80000001, 0, &a, &b, &c, &d);
	pi->hw_cap[2] = d;
	pi->hw_cap[3] = c;
	cpuid_count(7, 0, &a, &b, &c, &d);
	pi->hw_cap[4] = b;
}

/*
 * All CPUs belong to the one pool (Pool-0), so the free map is empty;
 * pools themselves are not implemented.
 */
static long cpupool_op(struct xen_sysctl_cpupool_op *op)
{
	uint8_t zero[64] = { 0 };
	uint32_t bytes = (op->cpumap.nr_bits + 7) / 8;

	if (op->op != XEN_SYSCTL_CPUPOOL_OP_FREEINFO)
		return hypercall_unimplemented(__HYPERVISOR_sysctl,
					       XEN_SYSCTL_cpupool_op);
	if (bytes > sizeof(zero))
		bytes = sizeof(zero);
	if (copy_to_guest((unsigned long)op->cpumap.bitmap.p, zero, bytes))
		return -EFAULT;
	return 0;
}

static long getdomaininfolist(struct xen_sysctl_getdomaininfolist *l)
{
	struct xen_domctl_getdomaininfo info;
	uint32_t n = 0;
	struct domain *d = first_domain_from(l->first_domain);

	for (; d && n < l->max_domains;
	     d = d->domain_id < DOMID_FIRST_RESERVED - 1 ?
		 first_domain_from(d->domain_id + 1) : NULL) {
		getdomaininfo(d, &info);
		if (copy_to_guest((unsigned long)l->buffer.p + n * sizeof(info),
				  &info, sizeof(info)))
			return -EFAULT;
		n++;
	}
	l->num_domains = n;
	return 0;
}

long do_sysctl(unsigned long u_sysctl)
{
	struct xen_sysctl op;
	long rc;

	if (copy_from_guest(&op, u_sysctl, sizeof(op)))
		return -EFAULT;		/* before the privilege check, as Xen */
	if (!current->domain->is_privileged)
		return -EPERM;
	if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
		return -EACCES;
	switch (op.cmd) {
	case XEN_SYSCTL_readconsole:
		rc = readconsole(&op.u.readconsole);
		break;
	case XEN_SYSCTL_physinfo:
		physinfo(&op.u.physinfo);
		rc = 0;
		break;
	case XEN_SYSCTL_getdomaininfolist:
		rc = getdomaininfolist(&op.u.getdomaininfolist);
		break;
	case XEN_SYSCTL_cpupool_op:
		rc = cpupool_op(&op.u.cpupool_op);
		break;
	default:
		return hypercall_unimplemented(__HYPERVISOR_sysctl, op.cmd);
	}
	if (rc == 0 && copy_to_guest(u_sysctl, &op, sizeof(op)))
		return -EFAULT;
	return rc;
}
