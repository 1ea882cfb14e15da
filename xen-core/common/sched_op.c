/*
 * Guest-facing scheduling hypercalls: sched_op (yield, block, poll,
 * shutdown), set_timer_op, and vcpu_op (timers, vcpu_info and runstate
 * registration, bringing vCPUs up and down).
 */
#include <xen-core/hypercall.h>
#include <xen-core/console.h>
#include <xen-core/events.h>
#include <xen-core/guest_access.h>
#include <xen-core/pv_mm.h>
#include <xen-core/sched.h>
#include <xen-core/pv.h>

static void singleshot_fired(void *data)
{
	send_guest_vcpu_virq(data, VIRQ_TIMER);
}

static void poll_timed_out(void *data)
{
	struct vcpu *v = data;

	if (v->pause_flags & VPF_polling)
		vcpu_clear_pause_flag(v, VPF_polling);
}

void vcpu_timers_init(struct vcpu *v)
{
	init_timer(&v->singleshot_timer, singleshot_fired, v, v->processor);
	init_timer(&v->poll_timer, poll_timed_out, v, v->processor);
}

static bool events_need_delivery(const struct vcpu *v)
{
	return v->vcpu_info->evtchn_upcall_pending &&
	       !v->vcpu_info->evtchn_upcall_mask;
}

/*
 * Unmasks events and sleeps until one is pending.  The fence orders the
 * blocked flag before the look at the pending flag, as mark_upcall
 * orders them the other way: one of the two sides always sees the other
 * (x86 lets a load pass an older store, which lost wake-ups).
 */
static long sched_block(struct vcpu *v)
{
	v->vcpu_info->evtchn_upcall_mask = 0;
	vcpu_set_pause_flag(v, VPF_blocked);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (events_need_delivery(v))
		vcpu_clear_pause_flag(v, VPF_blocked);
	return 0;
}

#define MAX_POLL_PORTS 128	/* Xen's "fairly arbitrary limit" */

/*
 * Sleeps until one of the ports is pending.  The vCPU is marked polling
 * before the ports are looked at: an event sent meanwhile from another
 * CPU then sees the mark and wakes it (else it would sleep for ever, as
 * Linux's spinlock slow path polls without a timeout).  As in Xen, the
 * ports are read one at a time, and the first that is pending (return
 * at once), unreadable or not a port in use (an error) decides.
 */
static long sched_poll(struct vcpu *v, unsigned long arg)
{
	struct sched_poll sp;
	evtchn_port_t port = 0;
	unsigned int i;
	long rc = 0;

	if (copy_from_guest(&sp, arg, sizeof(sp)))
		return -EFAULT;
	if (sp.nr_ports > MAX_POLL_PORTS)
		return -EINVAL;
	if (!guest_range_ok((unsigned long)sp.ports.p,
			    sp.nr_ports * sizeof(port)))
		return -EFAULT;
	v->poll_port = 0xffff;		/* any event wakes it, until narrowed */
	vcpu_set_pause_flag(v, VPF_polling);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* see sched_block */
	/* With events unmasked (Linux's spinlock slow path may poll so),
	 * an upcall due ends the poll at once, as in Xen. */
	if (events_need_delivery(v))
		goto done;
	for (i = 0; i < sp.nr_ports; i++) {
		if (copy_from_guest(&port, (unsigned long)(sp.ports.p + i),
				    sizeof(port))) {
			rc = -EFAULT;
			goto done;
		}
		rc = evtchn_poll_port(v->domain, port);
		if (rc) {
			rc = MIN(rc, 0);
			goto done;
		}
	}
	if (sp.nr_ports == 1)
		v->poll_port = port;
	if (sp.timeout)
		set_timer(&v->poll_timer, sp.timeout);
	return 0;
done:
	vcpu_clear_pause_flag(v, VPF_polling);
	return rc;
}

static long remote_shutdown(unsigned long arg)
{
	struct sched_remote_shutdown rs;
	struct domain *d;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (copy_from_guest(&rs, arg, sizeof(rs)))
		return -EFAULT;
	d = domain_by_id(rs.domain_id);
	if (!d)
		return -ESRCH;
	if (rs.reason > SHUTDOWN_MAX)
		return -EINVAL;
	domain_shutdown(d, rs.reason);
	return 0;
}

long do_sched_op(int cmd, unsigned long arg)
{
	struct vcpu *v = current;
	struct sched_shutdown ss;

	switch (cmd) {
	case SCHEDOP_yield:
		raise_schedule();
		return 0;
	case SCHEDOP_block:
		return sched_block(v);
	case SCHEDOP_poll:
		return sched_poll(v, arg);
	case SCHEDOP_shutdown:
		if (copy_from_guest(&ss, arg, sizeof(ss)))
			return -EFAULT;
		if (ss.reason > SHUTDOWN_MAX)
			return -EINVAL;
		domain_shutdown(v->domain, ss.reason);
		return 0;
	case SCHEDOP_shutdown_code:
		if (copy_from_guest(&ss, arg, sizeof(ss)))
			return -EFAULT;
		set_shutdown_code(v->domain, (uint8_t)ss.reason);
		return 0;
	case SCHEDOP_remote_shutdown:
		return remote_shutdown(arg);
	}
	return hypercall_unimplemented(__HYPERVISOR_sched_op, cmd);
}

static void set_singleshot(struct vcpu *v, uint64_t deadline)
{
	if (deadline == 0) {
		stop_timer(&v->singleshot_timer);
		return;
	}
	if ((s_time_t)deadline <= NOW()) {
		stop_timer(&v->singleshot_timer);	/* it replaces the old one */
		send_guest_vcpu_virq(v, VIRQ_TIMER);
	} else
		set_timer(&v->singleshot_timer, (s_time_t)deadline);
}

long do_set_timer_op(uint64_t timeout)
{
	set_singleshot(current, timeout);
	return 0;
}

static struct vcpu *vcpu_of(unsigned int vcpuid)
{
	struct domain *d = current->domain;

	return vcpuid < d->max_vcpus ? d->vcpus[vcpuid] : NULL;
}

static long register_vcpu_info(struct vcpu *v, unsigned long arg)
{
	struct vcpu_register_vcpu_info info;
	struct vcpu_info *new;

	if (copy_from_guest(&info, arg, sizeof(info)))
		return -EFAULT;
	if (v->vcpu_info_mfn)
		return -EINVAL;		/* only once, as in Xen */
	if (info.offset > PAGE_SIZE - sizeof(struct vcpu_info) ||
	    (info.offset & 7))
		return -EINVAL;
	if (!get_page_and_type(info.mfn, v->domain, PGT_writable))
		return -EINVAL;
	new = (struct vcpu_info *)((char *)mfn_to_virt(info.mfn) + info.offset);
	memcpy(new, v->vcpu_info, sizeof(*new));
	v->vcpu_info = new;
	v->vcpu_info_mfn = info.mfn;
	/* Pending events may have been set in the old copy: re-raise. */
	new->evtchn_upcall_pending = 1;
	new->evtchn_pending_sel = ~0UL;
	return 0;
}

static void fill_runstate(struct vcpu *v, struct vcpu_runstate_info *ri)
{
	unsigned int i;

	memset(ri, 0, sizeof(*ri));
	ri->state = v->runstate;
	ri->state_entry_time = v->runstate_entry;
	for (i = 0; i < 4; i++)
		ri->time[i] = v->runstate_time[i];
	ri->time[v->runstate] += NOW() - v->runstate_entry;
}

/* Called with @v's page tables loaded; a bad area is simply dropped. */
void vcpu_update_runstate_area(struct vcpu *v)
{
	struct vcpu_runstate_info ri;

	if (!v->runstate_guest)
		return;
	fill_runstate(v, &ri);
	if (copy_to_guest(v->runstate_guest, &ri, sizeof(ri)))
		v->runstate_guest = NULL;
}

/* A vCPU has page tables from its first context until its domain dies. */
static bool vcpu_initialised(const struct vcpu *v)
{
	return v->guest_table != 0;
}

static bool another_vcpu_up(const struct vcpu *v)
{
	const struct domain *d = v->domain;
	unsigned int i;

	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i] && d->vcpus[i] != v &&
		    !(d->vcpus[i]->pause_flags & VPF_down))
			return true;
	return false;
}

/* The last vCPU going down powers the domain off, as in Xen. */
static long vcpu_down(struct vcpu *v)
{
	if (!another_vcpu_up(v))
		domain_shutdown(v->domain, SHUTDOWN_poweroff);
	else
		vcpu_set_pause_flag(v, VPF_down);
	return 0;
}

long do_vcpu_op(int cmd, unsigned int vcpuid, unsigned long arg)
{
	struct vcpu *v = vcpu_of(vcpuid);
	struct vcpu_set_singleshot_timer sst;
	struct vcpu_register_runstate_memory_area rma;

	if (!v)
		return -ENOENT;
	switch (cmd) {
	case VCPUOP_initialise: {
		struct vcpu_guest_context ctx;

		if (copy_from_guest(&ctx, arg, sizeof(ctx)))
			return -EFAULT;
		if (vcpu_initialised(v))
			return -EEXIST;
		return pv_set_vcpu_context(v, &ctx);
	}
	case VCPUOP_is_up:
		return !(v->pause_flags & VPF_down);
	case VCPUOP_up:
		if (!vcpu_initialised(v))
			return -EINVAL;
		vcpu_clear_pause_flag(v, VPF_down);
		return 0;
	case VCPUOP_down:
		return vcpu_down(v);
	case VCPUOP_set_singleshot_timer:
		if (v != current)
			return -EINVAL;
		if (copy_from_guest(&sst, arg, sizeof(sst)))
			return -EFAULT;
		if ((sst.flags & VCPU_SSHOTTMR_future) &&
		    (s_time_t)sst.timeout_abs_ns < NOW())
			return -ETIME;
		set_singleshot(v, sst.timeout_abs_ns);
		return 0;
	case VCPUOP_stop_singleshot_timer:
		if (v != current)
			return -EINVAL;
		stop_timer(&v->singleshot_timer);
		return 0;
	case VCPUOP_stop_periodic_timer:
		return 0;		/* there is no periodic timer */
	case VCPUOP_register_vcpu_info:
		return register_vcpu_info(v, arg);
	case VCPUOP_get_runstate_info: {
		struct vcpu_runstate_info ri;

		fill_runstate(v, &ri);
		return copy_to_guest(arg, &ri, sizeof(ri)) ? -EFAULT : 0;
	}
	case VCPUOP_register_runstate_memory_area:
		if (copy_from_guest(&rma, arg, sizeof(rma)))
			return -EFAULT;
		if (!guest_range_ok((unsigned long)rma.addr.v,
				    sizeof(struct vcpu_runstate_info)))
			return -EINVAL;
		v->runstate_guest = rma.addr.v;
		if (v == current)
			vcpu_update_runstate_area(v);
		return 0;
	}
	return hypercall_unimplemented(__HYPERVISOR_vcpu_op, cmd);
}
