/*
 * Event channels, 2-level ABI: a pending and a mask bit per port in the
 * guest's shared_info, a selector word per vCPU, and an upcall when a
 * newly pending port is unmasked.  Supports unbound/interdomain, VIRQ
 * and IPI channels.
 */
#include <xen-core/events.h>
#include <xen-core/console.h>
#include <xen-core/domain.h>
#include <xen-core/errno.h>
#include <xen-core/guest_access.h>
#include <xen-core/hypercall.h>
#include <xen-core/sched.h>

#define BITS_PER_WORD	64

/* One lock for all channel state: interdomain binds touch two domains. */
static spinlock_t evtchn_lock = SPIN_LOCK_UNLOCKED;

static bool test_and_set(unsigned long *word, unsigned int bit)
{
	return __atomic_fetch_or(word, 1UL << bit, __ATOMIC_SEQ_CST) &
	       (1UL << bit);
}

static bool test_bit_(const unsigned long *word, unsigned int bit)
{
	return __atomic_load_n(word, __ATOMIC_SEQ_CST) & (1UL << bit);
}

static void clear_bit_(unsigned long *word, unsigned int bit)
{
	__atomic_fetch_and(word, ~(1UL << bit), __ATOMIC_SEQ_CST);
}

/* Marks the port's selector bit and raises the upcall on @v. */
static void mark_upcall(struct vcpu *v, unsigned int port)
{
	struct vcpu_info *vi = v->vcpu_info;

	if (!test_and_set(&vi->evtchn_pending_sel, port / BITS_PER_WORD)) {
		/* A full barrier: the flag must be seen before we look at
		 * whether @v is blocked (sched_block does the mirror image). */
		__atomic_store_n(&vi->evtchn_upcall_pending, 1, __ATOMIC_SEQ_CST);
		vcpu_kick(v);
	}
}

static struct vcpu *notify_vcpu(struct domain *d, unsigned int port)
{
	unsigned int id = d->evtchn[port].notify_vcpu;

	return id < d->max_vcpus && d->vcpus[id] ? d->vcpus[id] : d->vcpus[0];
}

void evtchn_set_pending(struct vcpu *v, unsigned int port)
{
	struct domain *d = v->domain;
	struct shared_info *si = d->shared_info;
	unsigned long *pending = (unsigned long *)si->evtchn_pending;
	unsigned long *mask = (unsigned long *)si->evtchn_mask;
	unsigned int w = port / BITS_PER_WORD, b = port % BITS_PER_WORD;

	if (test_and_set(&pending[w], b))
		return;
	if (!test_bit_(&mask[w], b))
		mark_upcall(v, port);
	else if ((v->pause_flags & VPF_polling) && v->poll_port == port)
		vcpu_kick(v);
	/* A vCPU polling on several ports is woken on any of them. */
	if ((v->pause_flags & VPF_polling) && v->poll_port == 0xffff)
		vcpu_kick(v);
}

static bool port_pending(struct domain *d, unsigned int port)
{
	unsigned long *pending = (unsigned long *)d->shared_info->evtchn_pending;

	return test_bit_(&pending[port / BITS_PER_WORD], port % BITS_PER_WORD);
}

static void clear_pending(struct domain *d, unsigned int port)
{
	unsigned long *pending = (unsigned long *)d->shared_info->evtchn_pending;

	clear_bit_(&pending[port / BITS_PER_WORD], port % BITS_PER_WORD);
}

/*
 * Xen allocates a domain's channels in buckets as ports are taken, and
 * a port beyond the buckets so far is not valid (-EINVAL) to any call.
 */
static bool port_is_valid(const struct domain *d, unsigned int port)
{
	return port < d->valid_evtchns;
}

int evtchn_poll_port(struct domain *d, unsigned int port)
{
	if (!port_is_valid(d, port) || d->evtchn[port].state <= ECS_RESERVED)
		return -EINVAL;
	return port_pending(d, port);
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
	unsigned int port = v->virq_to_port[virq];

	if (port)
		evtchn_set_pending(v, port);
}

void send_guest_global_virq(struct domain *d, unsigned int virq)
{
	unsigned int port;

	if (!d || !d->vcpus[0])
		return;
	port = d->vcpus[0]->virq_to_port[virq];
	if (port)
		evtchn_set_pending(notify_vcpu(d, port), port);
}

void send_dom0_virq(unsigned int virq)
{
	send_guest_global_virq(dom0, virq);
}

void evtchn_init(struct domain *d)
{
	d->valid_evtchns = EVTCHNS_PER_BUCKET;
	d->max_evtchn_port = INT_MAX;	/* dom0's; createdomain sets a domU's */
	d->evtchn[0].state = ECS_RESERVED;
}

/* The lowest free port up to max_evtchn_port, growing the buckets. */
static int alloc_port(struct domain *d)
{
	unsigned int p, last = MIN(d->max_evtchn_port, NR_EVTCHN_PORTS - 1);

	if (d->is_dying)
		return -EINVAL;
	for (p = 1; p <= last; p++) {
		if (!port_is_valid(d, p)) {
			d->valid_evtchns += EVTCHNS_PER_BUCKET;
			return (int)p;
		}
		if (d->evtchn[p].state == ECS_FREE)
			return (int)p;
	}
	return -ENOSPC;
}

static bool virq_is_global(unsigned int virq)
{
	return virq != VIRQ_TIMER && virq != VIRQ_DEBUG && virq != VIRQ_XENOPROF;
}

static long bind_virq(struct evtchn_bind_virq *op)
{
	struct domain *d = current->domain;
	struct vcpu *v;
	int port;

	if (op->virq >= NR_VIRQS)
		return -EINVAL;
	if (virq_is_global(op->virq) && op->vcpu != 0)
		return -EINVAL;
	if (op->vcpu >= d->max_vcpus || !(v = d->vcpus[op->vcpu]))
		return -ENOENT;
	if (v->virq_to_port[op->virq])
		return -EEXIST;
	port = alloc_port(d);
	if (port < 0)
		return port;
	d->evtchn[port].state = ECS_VIRQ;
	d->evtchn[port].notify_vcpu = op->vcpu;
	d->evtchn[port].u.virq = op->virq;
	v->virq_to_port[op->virq] = port;
	op->port = port;
	return 0;
}

static long bind_ipi(struct evtchn_bind_ipi *op)
{
	struct domain *d = current->domain;
	int port;

	if (op->vcpu >= d->max_vcpus || !d->vcpus[op->vcpu])
		return -ENOENT;
	port = alloc_port(d);
	if (port < 0)
		return port;
	d->evtchn[port].state = ECS_IPI;
	d->evtchn[port].notify_vcpu = op->vcpu;
	op->port = port;
	return 0;
}

static struct domain *named_domain(domid_t id)
{
	return id == DOMID_SELF ? current->domain : domain_by_id(id);
}

/* Only the control domain acts on another domain's channels. */
static bool may_act_on(const struct domain *d)
{
	return d == current->domain || current->domain->is_privileged;
}

/* In Xen's order: no such domain, no free port, then not allowed. */
static long alloc_unbound(struct evtchn_alloc_unbound *op)
{
	struct domain *d = named_domain(op->dom);
	int port;

	if (!d)
		return -ESRCH;
	port = alloc_port(d);
	if (port < 0)
		return port;
	if (!may_act_on(d))
		return -EPERM;
	d->evtchn[port].state = ECS_UNBOUND;
	d->evtchn[port].notify_vcpu = 0;
	d->evtchn[port].u.remote_domid = op->remote_dom == DOMID_SELF ?
		current->domain->domain_id : op->remote_dom;
	op->port = port;
	return 0;
}

static long bind_interdomain(struct evtchn_bind_interdomain *op)
{
	struct domain *ld = current->domain, *rd;
	struct evtchn *rchn;
	int lport;

	rd = named_domain(op->remote_dom);
	if (!rd)
		return -ESRCH;
	lport = alloc_port(ld);		/* first, as in Xen */
	if (lport < 0)
		return lport;
	if (!port_is_valid(rd, op->remote_port))
		return -EINVAL;
	rchn = &rd->evtchn[op->remote_port];
	if (rchn->state != ECS_UNBOUND || rchn->u.remote_domid != ld->domain_id)
		return -EINVAL;
	ld->evtchn[lport].state = ECS_INTERDOMAIN;
	ld->evtchn[lport].notify_vcpu = 0;
	ld->evtchn[lport].u.interdomain.dom = rd->domain_id;
	ld->evtchn[lport].u.interdomain.port = op->remote_port;
	rchn->state = ECS_INTERDOMAIN;
	rchn->u.interdomain.dom = ld->domain_id;
	rchn->u.interdomain.port = lport;
	op->local_port = lport;
	/* The remote end may have signalled before we bound: pass it on. */
	evtchn_set_pending(current, lport);
	return 0;
}

static void close_port(struct domain *d, unsigned int port)
{
	struct evtchn *chn = &d->evtchn[port];

	switch (chn->state) {
	case ECS_VIRQ:
		if (d->vcpus[chn->notify_vcpu])
			d->vcpus[chn->notify_vcpu]->virq_to_port[chn->u.virq] = 0;
		if (virq_is_global(chn->u.virq) && d->vcpus[0])
			d->vcpus[0]->virq_to_port[chn->u.virq] = 0;
		break;
	case ECS_INTERDOMAIN: {
		struct domain *rd = domain_by_id(chn->u.interdomain.dom);

		if (rd) {
			struct evtchn *r = &rd->evtchn[chn->u.interdomain.port];

			if (r->state == ECS_INTERDOMAIN &&
			    r->u.interdomain.dom == d->domain_id) {
				r->state = ECS_UNBOUND;
				r->u.remote_domid = d->domain_id;
			}
		}
		break;
	}
	}
	memset(chn, 0, sizeof(*chn));
	clear_pending(d, port);		/* a re-bound port starts quiet */
}

static long evtchn_close(struct evtchn_close *op)
{
	struct domain *d = current->domain;
	unsigned long flags;

	if (!port_is_valid(d, op->port))
		return -EINVAL;
	flags = spin_lock_irqsave(&evtchn_lock);
	if (d->evtchn[op->port].state <= ECS_RESERVED) {
		spin_unlock_irqrestore(&evtchn_lock, flags);
		return -EINVAL;
	}
	close_port(d, op->port);
	spin_unlock_irqrestore(&evtchn_lock, flags);
	return 0;
}

static long evtchn_send(unsigned int port)
{
	struct domain *d = current->domain, *rd;
	struct evtchn *chn;

	if (!port_is_valid(d, port))
		return -EINVAL;
	chn = &d->evtchn[port];
	switch (chn->state) {
	case ECS_INTERDOMAIN:
		rd = domain_by_id(chn->u.interdomain.dom);
		if (rd)
			evtchn_set_pending(notify_vcpu(rd, chn->u.interdomain.port),
					   chn->u.interdomain.port);
		return 0;
	case ECS_IPI:
		evtchn_set_pending(notify_vcpu(d, port), port);
		return 0;
	case ECS_UNBOUND:
		return 0;	/* dropped, as in Xen */
	}
	return -EINVAL;
}

static long evtchn_status(struct evtchn_status *op)
{
	struct domain *d = named_domain(op->dom);
	struct evtchn *chn;

	if (!d)
		return -ESRCH;
	if (!port_is_valid(d, op->port))
		return -EINVAL;
	if (!may_act_on(d))
		return -EPERM;
	chn = &d->evtchn[op->port];
	op->vcpu = chn->notify_vcpu;
	switch (chn->state) {
	case ECS_FREE:
		op->status = EVTCHNSTAT_closed;
		break;
	case ECS_UNBOUND:
		op->status = EVTCHNSTAT_unbound;
		op->u.unbound.dom = chn->u.remote_domid;
		break;
	case ECS_INTERDOMAIN:
		op->status = EVTCHNSTAT_interdomain;
		op->u.interdomain.dom = chn->u.interdomain.dom;
		op->u.interdomain.port = chn->u.interdomain.port;
		break;
	case ECS_VIRQ:
		op->status = EVTCHNSTAT_virq;
		op->u.virq = chn->u.virq;
		break;
	case ECS_IPI:
		op->status = EVTCHNSTAT_ipi;
		break;
	default:
		op->status = EVTCHNSTAT_closed;
	}
	return 0;
}

static long evtchn_unmask(unsigned int port)
{
	struct domain *d = current->domain;
	struct shared_info *si = d->shared_info;
	unsigned long *mask = (unsigned long *)si->evtchn_mask;

	if (!port_is_valid(d, port))
		return -EINVAL;
	clear_bit_(&mask[port / BITS_PER_WORD], port % BITS_PER_WORD);
	if (port_pending(d, port))
		mark_upcall(notify_vcpu(d, port), port);
	return 0;
}

static long bind_vcpu(struct evtchn_bind_vcpu *op)
{
	struct domain *d = current->domain;

	if (op->vcpu >= d->max_vcpus || !d->vcpus[op->vcpu])
		return -ENOENT;
	if (!port_is_valid(d, op->port))
		return -EINVAL;
	switch (d->evtchn[op->port].state) {
	case ECS_UNBOUND:
	case ECS_INTERDOMAIN:
		d->evtchn[op->port].notify_vcpu = op->vcpu;
		return 0;
	case ECS_VIRQ:
		if (virq_is_global(d->evtchn[op->port].u.virq)) {
			d->evtchn[op->port].notify_vcpu = op->vcpu;
			return 0;
		}
	}
	return -EINVAL;
}

void evtchn_destroy(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&evtchn_lock);
	unsigned int p;

	for (p = 1; p < d->valid_evtchns; p++)
		if (d->evtchn[p].state != ECS_FREE)
			close_port(d, p);
	spin_unlock_irqrestore(&evtchn_lock, flags);
}

/* Copies the argument in, runs @fn under the channel lock, copies it out. */
#define EVTCHN_OP(type, fn, arg, out)					\
	do {								\
		type op_;						\
		unsigned long flags_;					\
		long rc_;						\
		if (copy_from_guest(&op_, (arg), sizeof(op_)))		\
			return -EFAULT;					\
		flags_ = spin_lock_irqsave(&evtchn_lock);		\
		rc_ = fn(&op_);						\
		spin_unlock_irqrestore(&evtchn_lock, flags_);		\
		if (rc_ == 0 && (out) &&				\
		    copy_to_guest((arg), &op_, sizeof(op_)))		\
			return -EFAULT;					\
		return rc_;						\
	} while (0)

long do_event_channel_op(int cmd, unsigned long arg)
{
	uint32_t port;

	switch (cmd) {
	case EVTCHNOP_alloc_unbound:
		EVTCHN_OP(struct evtchn_alloc_unbound, alloc_unbound, arg, true);
	case EVTCHNOP_bind_interdomain:
		EVTCHN_OP(struct evtchn_bind_interdomain, bind_interdomain, arg,
			  true);
	case EVTCHNOP_bind_virq:
		EVTCHN_OP(struct evtchn_bind_virq, bind_virq, arg, true);
	case EVTCHNOP_bind_ipi:
		EVTCHN_OP(struct evtchn_bind_ipi, bind_ipi, arg, true);
	case EVTCHNOP_status:
		EVTCHN_OP(struct evtchn_status, evtchn_status, arg, true);
	case EVTCHNOP_bind_vcpu:
		EVTCHN_OP(struct evtchn_bind_vcpu, bind_vcpu, arg, false);
	case EVTCHNOP_close:
		if (copy_from_guest(&port, arg, sizeof(port)))
			return -EFAULT;
		return evtchn_close(&(struct evtchn_close){ .port = port });
	case EVTCHNOP_send:
		if (copy_from_guest(&port, arg, sizeof(port)))
			return -EFAULT;
		return evtchn_send(port);
	case EVTCHNOP_unmask:
		if (copy_from_guest(&port, arg, sizeof(port)))
			return -EFAULT;
		return evtchn_unmask(port);
	}
	/* The FIFO ABI among them: guests fall back to 2-level. */
	return hypercall_unimplemented(__HYPERVISOR_event_channel_op, cmd);
}
