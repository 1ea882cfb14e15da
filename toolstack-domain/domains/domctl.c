/*
 * domctl and the builder's memory calls (see domctl.h).
 */
#include <errno.h>
#include <string.h>
#include <minios/hypercall.h>
#include <xen/memory.h>
#include "domctl.h"
#include "hypervisor.h"

#define POPULATE_BATCH 512	/* extents per memory_op: bounded work */

int do_domctl(uint32_t cmd, domid_t dom, struct xen_domctl *op)
{
	op->cmd = cmd;
	op->domain = dom;
	op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	return HYPERVISOR_domctl(op);
}

int domain_create(unsigned int max_vcpus, domid_t *dom)
{
	struct xen_domctl op;
	int rc;

	memset(&op, 0, sizeof(op));
	/* What xl passes for a PV guest with default limits. */
	op.u.createdomain.max_vcpus = max_vcpus;
	op.u.createdomain.max_evtchn_port = 1023;
	op.u.createdomain.max_grant_frames = -1;
	op.u.createdomain.max_maptrack_frames = -1;
	op.u.createdomain.grant_opts = XEN_DOMCTL_GRANT_version(1);
	rc = do_domctl(XEN_DOMCTL_createdomain, 0, &op);
	if (!rc)
		*dom = op.domain;
	return rc;
}

int domain_destroy(domid_t dom)
{
	struct xen_domctl op;
	int rc;

	memset(&op, 0, sizeof(op));
	do
		rc = do_domctl(XEN_DOMCTL_destroydomain, dom, &op);
	while (rc == -EAGAIN);	/* still tearing down: ask again */
	return rc;
}

static int simple_domctl(uint32_t cmd, domid_t dom)
{
	struct xen_domctl op;

	memset(&op, 0, sizeof(op));
	return do_domctl(cmd, dom, &op);
}

int domain_pause(domid_t dom)
{
	return simple_domctl(XEN_DOMCTL_pausedomain, dom);
}

int domain_unpause(domid_t dom)
{
	return simple_domctl(XEN_DOMCTL_unpausedomain, dom);
}

int domain_vcpu_info(domid_t dom, uint32_t vcpu,
		     struct xen_domctl_getvcpuinfo *info)
{
	struct xen_domctl op;
	int rc;

	memset(&op, 0, sizeof(op));
	op.u.getvcpuinfo.vcpu = vcpu;
	rc = do_domctl(XEN_DOMCTL_getvcpuinfo, dom, &op);
	if (!rc)
		*info = op.u.getvcpuinfo;
	return rc;
}

int domain_set_max_mem(domid_t dom, uint64_t max_kb)
{
	struct xen_domctl op;

	memset(&op, 0, sizeof(op));
	op.u.max_mem.max_memkb = max_kb;
	return do_domctl(XEN_DOMCTL_max_mem, dom, &op);
}

int domain_list(struct xen_domctl_getdomaininfo *info, unsigned int max)
{
	unsigned int got = 0;
	domid_t next = 0;
	struct xen_sysctl op;
	int rc;

	do {
		memset(&op, 0, sizeof(op));
		op.cmd = XEN_SYSCTL_getdomaininfolist;
		op.u.getdomaininfolist.first_domain = next;
		op.u.getdomaininfolist.max_domains = max - got;
		set_xen_guest_handle(op.u.getdomaininfolist.buffer, info + got);
		rc = do_sysctl(&op);
		if (rc)
			return rc;
		got += op.u.getdomaininfolist.num_domains;
		if (got)
			next = info[got - 1].domain + 1;
	} while (op.u.getdomaininfolist.num_domains && got < max);
	return got;
}

int domain_getinfo(domid_t dom, struct xen_domctl_getdomaininfo *info)
{
	struct xen_domctl op;
	int rc;

	memset(&op, 0, sizeof(op));
	rc = do_domctl(XEN_DOMCTL_getdomaininfo, dom, &op);
	if (rc)
		return rc;
	if (op.domain != dom)
		return -ESRCH;	/* Xen answered for the next domain up */
	*info = op.u.getdomaininfo;
	return 0;
}

int domain_populate(domid_t dom, xen_pfn_t *pfns, unsigned long count)
{
	for (unsigned long done = 0; done < count;) {
		unsigned long n = count - done < POPULATE_BATCH ?
				  count - done : POPULATE_BATCH;
		struct xen_memory_reservation r = {
			.nr_extents = n, .extent_order = 0, .domid = dom,
		};
		long rc;

		set_xen_guest_handle(r.extent_start, pfns + done);
		rc = HYPERVISOR_memory_op(XENMEM_populate_physmap, &r);
		if (rc < 0)
			return rc;
		if (rc == 0)
			return -ENOMEM;
		done += rc;
	}
	return 0;
}

int domain_pin_l4(domid_t dom, xen_pfn_t mfn)
{
	struct mmuext_op op = { .cmd = MMUEXT_PIN_L4_TABLE };

	op.arg1.mfn = mfn;
	return HYPERVISOR_mmuext_op(&op, 1, NULL, dom);
}
