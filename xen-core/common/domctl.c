/*
 * domctl: the toolstack's hypercall for building and managing domains
 * (control domain only; interface version 0x15 as in Xen 4.17).  Every
 * field is checked here, once, before anything changes.
 */
#include <xen-core/hypercall.h>
#include <xen-core/console.h>
#include <xen-core/cpu.h>
#include <xen-core/events.h>
#include <xen-core/guest_access.h>
#include <xen-core/pv_mm.h>
#include <xen-core/sched.h>

#define PV_CREATE_FLAGS	(XEN_DOMCTL_CDF_s3_integrity | XEN_DOMCTL_CDF_oos_off | \
			 XEN_DOMCTL_CDF_xs_domain | XEN_DOMCTL_CDF_iommu)
#define MAX_GRANT_FRAMES	64
/* Xen's TSC modes: the TSC is native for every domain here. */
#define TSC_MODE_DEFAULT	0
#define TSC_MODE_NEVER_EMULATE	2

/*
 * Xen's grant_table_init(): a version, at least one grant frame and at
 * most Xen's maxima (64 grant frames, 1024 maptrack frames); a negative
 * limit asks for the maximum.
 */
static bool grant_limits_ok(const struct xen_domctl_createdomain *c)
{
	return XEN_DOMCTL_GRANT_version(c->grant_opts) != 0 &&
	       c->max_grant_frames != 0 &&
	       c->max_grant_frames <= MAX_GRANT_FRAMES &&
	       c->max_maptrack_frames <= DEFAULT_MAX_MAPTRACK_FRAMES;
}

static long create_domain(struct xen_domctl *op)
{
	struct xen_domctl_createdomain *c = &op->u.createdomain;
	domid_t id = op->domain;
	struct domain *d;

	if (c->flags & XEN_DOMCTL_CDF_hvm)
		return -EOPNOTSUPP;	/* PV guests only */
	if (c->flags & ~PV_CREATE_FLAGS)
		return -EINVAL;
	if (c->arch.emulation_flags & ~XEN_X86_EMU_PIT)
		return -EINVAL;
	if (c->max_vcpus == 0 || c->max_vcpus > MAX_VIRT_CPUS_PER_DOMAIN)
		return -EINVAL;
	if (!grant_limits_ok(c))
		return -EINVAL;
	if (XEN_DOMCTL_GRANT_version(c->grant_opts) > 1)
		return -EOPNOTSUPP;	/* grant tables v1 only */
	if (id == 0 || id >= DOMID_FIRST_RESERVED)
		id = domain_free_id();
	else if (domain_by_id(id))
		return -EEXIST;
	if (id == DOMID_INVALID)
		return -ENOMEM;

	d = domain_create(id, c->max_vcpus, false);
	if (!d)
		return -ENOMEM;
	memcpy(d->handle, c->handle, sizeof(d->handle));
	d->gnttab.max_frames = c->max_grant_frames > 0 ? c->max_grant_frames : 0;
	d->max_evtchn_port = MIN(c->max_evtchn_port, (uint32_t)INT_MAX);
	if (c->max_maptrack_frames >= 0)
		d->gnttab.max_maptrack_frames = (unsigned int)c->max_maptrack_frames;
	d->controller_pause_count = 1;
	domain_pause(d);		/* created paused, as in Xen */
	op->domain = id;
	return 0;
}

/* As in Xen 4.17, vCPUs come with XEN_DOMCTL_max_vcpus, after creation. */
static long create_vcpus(struct domain *d, unsigned int max)
{
	unsigned int i;

	if (max == 0 || max > d->max_vcpus)
		return -EINVAL;
	for (i = 0; i < max; i++) {
		if (d->vcpus[i])
			continue;
		if (!vcpu_create(d, i, pick_cpu_for_new_vcpu()))
			return -ENOMEM;
		if (d->pause_count)
			vcpu_set_pause_flag(d->vcpus[i], VPF_paused);
	}
	return 0;
}

static uint32_t domain_flags(const struct domain *d, bool *running)
{
	uint32_t flags = 0;
	bool blocked = true;
	unsigned int i;

	*running = false;
	for (i = 0; i < d->max_vcpus; i++) {
		const struct vcpu *v = d->vcpus[i];

		if (!v || (v->pause_flags & VPF_down))
			continue;
		*running |= v->running;
		blocked &= !!(v->pause_flags & VPF_blocked);
	}
	if (d->is_dying)
		flags |= XEN_DOMINF_dying;
	if (d->is_shut_down)
		flags |= XEN_DOMINF_shutdown |
			 ((d->shutdown_code & XEN_DOMINF_shutdownmask)
			  << XEN_DOMINF_shutdownshift);
	if (d->controller_pause_count)
		flags |= XEN_DOMINF_paused;
	if (blocked)
		flags |= XEN_DOMINF_blocked;
	if (*running)
		flags |= XEN_DOMINF_running;
	return flags;
}

void getdomaininfo(const struct domain *d, struct xen_domctl_getdomaininfo *info)
{
	uint64_t cpu_time = 0;
	unsigned int i, online = 0, max_id = XEN_INVALID_MAX_VCPU_ID;
	bool running;

	memset(info, 0, sizeof(*info));
	for (i = 0; i < d->max_vcpus; i++) {
		const struct vcpu *v = d->vcpus[i];

		if (!v)
			continue;
		max_id = i;
		if (!(v->pause_flags & VPF_down))
			online++;
		cpu_time += v->runstate_time[RUNSTATE_running];
		if (v->runstate == RUNSTATE_running)
			cpu_time += NOW() - v->runstate_entry;
	}
	info->domain = d->domain_id;
	info->flags = domain_flags(d, &running);
	info->tot_pages = d->tot_pages;
	info->max_pages = d->max_pages;
	info->shared_info_frame = d->shared_info_mfn;
	info->cpu_time = cpu_time;
	info->nr_online_vcpus = online;
	info->max_vcpu_id = max_id;
	memcpy(info->handle, d->handle, sizeof(info->handle));
	info->gpaddr_bits = 52;
}

/* The first domain whose id is at least @id, as Xen's getdomaininfo. */
struct domain *first_domain_from(domid_t id)
{
	struct domain *d, *best = NULL;

	for (d = domain_list; d; d = d->next)
		if (!d->is_dying && d->domain_id >= id &&
		    (!best || d->domain_id < best->domain_id))
			best = d;
	return best;
}

static long set_max_mem(struct domain *d, uint64_t max_memkb)
{
	uint64_t pages = max_memkb >> 2;

	if (pages > total_pages)
		return -EINVAL;
	d->max_pages = pages;
	return 0;
}

static long set_vcpu_context(struct domain *d, struct xen_domctl_vcpucontext *vc)
{
	struct vcpu_guest_context ctx;
	struct vcpu *v;

	if (vc->vcpu >= d->max_vcpus || !(v = d->vcpus[vc->vcpu]) || !vc->ctxt.p)
		return -EINVAL;
	if (copy_from_guest(&ctx, (unsigned long)vc->ctxt.p, sizeof(ctx)))
		return -EFAULT;
	return pv_set_vcpu_context(v, &ctx);
}

/* Fills the frame a builder names with hypercall stubs. */
static long hypercall_init(struct domain *d, uint64_t gmfn)
{
	struct page_info *pg = mfn_valid(gmfn) ? mfn_to_page(gmfn) : NULL;

	/* Any frame of the domain's that is not a table or a GDT. */
	if (!pg || pg->owner != d->domain_id ||
	    (pg->type_count && pg->type != PGT_writable))
		return -EINVAL;
	pv_write_hypercall_page(mfn_to_virt(gmfn));
	return 0;
}

static long get_vcpu_info(struct domain *d, struct xen_domctl_getvcpuinfo *vi)
{
	struct vcpu *v;

	if (vi->vcpu >= d->max_vcpus || !(v = d->vcpus[vi->vcpu]))
		return -ESRCH;
	vi->online = !(v->pause_flags & VPF_down);
	vi->blocked = !!(v->pause_flags & VPF_blocked);
	vi->running = v->running;
	vi->cpu_time = v->runstate_time[RUNSTATE_running] +
		       (v->runstate == RUNSTATE_running ? NOW() - v->runstate_entry : 0);
	vi->cpu = v->processor;
	return 0;
}

/*
 * The toolstack's pauses are counted, as in Xen 4.17: each pausedomain
 * needs its unpausedomain (a domain is created with one), at most 255
 * are outstanding, and unpausing a domain nobody paused is an error.
 */
#define MAX_CONTROLLER_PAUSES	255

static long change_controller_pauses(struct domain *d, int delta)
{
	unsigned int old = __atomic_load_n(&d->controller_pause_count,
					   __ATOMIC_RELAXED), new;

	if (d == current->domain)
		return -EINVAL;
	do {
		new = old + delta;
		if (delta < 0 && old == 0)
			return -EINVAL;
		if (new > MAX_CONTROLLER_PAUSES)
			return -EOVERFLOW;
	} while (!__atomic_compare_exchange_n(&d->controller_pause_count, &old,
					      new, false, __ATOMIC_SEQ_CST,
					      __ATOMIC_RELAXED));
	if (delta > 0)
		domain_pause(d);
	else
		domain_unpause(d);
	return 0;
}

/* Commands that act on an existing domain other than the caller. */
static long domain_command(struct xen_domctl *op, struct domain *d)
{
	switch (op->cmd) {
	case XEN_DOMCTL_destroydomain:
		if (d == current->domain || d == dom0)
			return -EINVAL;
		domain_destroy(d);
		return 0;
	case XEN_DOMCTL_pausedomain:
		return change_controller_pauses(d, 1);
	case XEN_DOMCTL_unpausedomain:
		return change_controller_pauses(d, -1);
	case XEN_DOMCTL_max_mem:
		return set_max_mem(d, op->u.max_mem.max_memkb);
	case XEN_DOMCTL_max_vcpus:
		return create_vcpus(d, op->u.max_vcpus.max);
	case XEN_DOMCTL_setvcpucontext:
		return set_vcpu_context(d, &op->u.vcpucontext);
	case XEN_DOMCTL_getvcpuinfo:
		return get_vcpu_info(d, &op->u.getvcpuinfo);
	case XEN_DOMCTL_hypercall_init:
		return hypercall_init(d, op->u.hypercall_init.gmfn);
	case XEN_DOMCTL_setdomainhandle:
		memcpy(d->handle, op->u.setdomainhandle.handle, sizeof(d->handle));
		return 0;
	case XEN_DOMCTL_settscinfo:
		return op->u.tsc_info.tsc_mode == TSC_MODE_DEFAULT ||
		       op->u.tsc_info.tsc_mode == TSC_MODE_NEVER_EMULATE ?
		       0 : -EOPNOTSUPP;
	case XEN_DOMCTL_set_virq_handler:
		/* Global VIRQs go to the control domain, which runs xenstored. */
		return op->u.set_virq_handler.virq < NR_VIRQS ? 0 : -EINVAL;
	}
	return hypercall_unimplemented(__HYPERVISOR_domctl, op->cmd);
}

long do_domctl(unsigned long u_domctl)
{
	struct xen_domctl op;
	struct domain *d;
	long rc;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (copy_from_guest(&op, u_domctl, sizeof(op)))
		return -EFAULT;
	if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
		return -EACCES;
	switch (op.cmd) {
	case XEN_DOMCTL_createdomain:
		rc = create_domain(&op);
		break;
	case XEN_DOMCTL_getdomaininfo:
		d = first_domain_from(op.domain);
		if (!d)
			return -ESRCH;
		getdomaininfo(d, &op.u.getdomaininfo);
		op.domain = d->domain_id;
		rc = 0;
		break;
	default:
		d = domain_by_id(op.domain);
		if (!d)
			return -ESRCH;
		rc = domain_command(&op, d);
	}
	if (rc == 0 && copy_to_guest(u_domctl, &op, sizeof(op)))
		return -EFAULT;
	return rc;
}
