/*
 * Domain and vCPU life cycle: creation, memory ownership, pause,
 * shutdown and crash.  A crash records why, so the control domain can
 * show the reason and not only `xl dmesg`.
 */
#include <xen-core/domain.h>
#include <xen-core/console.h>
#include <xen-core/cpu.h>
#include <xen-core/errno.h>
#include <xen-core/events.h>
#include <xen-core/sched.h>
#include <xen-core/shutdown.h>
#include <xen-core/traps.h>
#include <xen-core/pv_mm.h>
#include <xen-core/smp.h>

struct domain *dom0;
struct domain *domain_list;
static spinlock_t domlist_lock = SPIN_LOCK_UNLOCKED;
static uint32_t domains_created;

struct domain *domain_by_id(domid_t id)
{
	struct domain *d;

	for (d = domain_list; d; d = d->next)
		if (d->domain_id == id && !d->is_dying)
			return d;
	return NULL;
}

/* Every legacy vcpu_info slot starts with events masked (Xen does the same). */
static void init_shared_info(struct domain *d)
{
	struct shared_info *si = d->shared_info;
	unsigned int i;

	for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		si->vcpu_info[i].evtchn_upcall_mask = 1;
	si->wc_version = 0;
	si->wc_sec = (uint32_t)boot_wallclock_sec();
	si->wc_sec_hi = (uint32_t)(boot_wallclock_sec() >> 32);
	si->wc_nsec = 0;
	si->arch.max_pfn = 0;
}

static unsigned int order_of(size_t bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

/* True if a domain, live or being torn down, has this id. */
static bool domain_id_in_use(domid_t id)
{
	struct domain *d;

	for (d = domain_list; d; d = d->next)
		if (d->domain_id == id)
			return true;
	return false;
}

struct domain *domain_create(domid_t id, unsigned int max_vcpus,
			     bool privileged)
{
	unsigned int order = order_of(sizeof(struct domain));
	struct page_info *si_pg;
	struct domain *d;
	unsigned long flags;

	if (max_vcpus == 0 || max_vcpus > MAX_VIRT_CPUS_PER_DOMAIN)
		return NULL;
	d = alloc_xen_pages(order);
	if (!d)
		return NULL;
	/* Shared with the guest, but not counted in its memory. */
	si_pg = alloc_xen_shared_page(id);
	if (!si_pg) {
		free_xen_pages(d, order);
		return NULL;
	}
	d->domain_id = id;
	d->serial = ++domains_created;
	d->is_privileged = privileged;
	d->max_vcpus = max_vcpus;
	d->shutdown_code = SHUTDOWN_CODE_INVALID;
	d->lock = (spinlock_t)SPIN_LOCK_UNLOCKED;
	d->page_alloc_lock = (spinlock_t)SPIN_LOCK_UNLOCKED;
	list_init(&d->page_list);
	d->shared_info_mfn = page_to_mfn(si_pg);
	d->shared_info = mfn_to_virt(d->shared_info_mfn);
	init_shared_info(d);
	evtchn_init(d);
	if (gnttab_init(d)) {
		free_xen_shared_page(si_pg);
		free_xen_pages(d, order);
		return NULL;
	}

	flags = spin_lock_irqsave(&domlist_lock);
	d->next = domain_list;
	domain_list = d;
	spin_unlock_irqrestore(&domlist_lock, flags);
	return d;
}

struct vcpu *vcpu_create(struct domain *d, unsigned int id,
			 unsigned int processor)
{
	struct vcpu *v;

	if (id >= d->max_vcpus || d->vcpus[id])
		return NULL;
	v = alloc_xen_pages(order_of(sizeof(*v)));
	if (!v)
		return NULL;
	v->vcpu_id = id;
	v->domain = d;
	v->processor = processor;
	v->pause_flags = VPF_down;
	v->runstate = RUNSTATE_offline;
	v->runstate_entry = NOW();
	list_init(&v->runq_elem);
	v->vcpu_info = &d->shared_info->vcpu_info[id];
	arch_vcpu_init(v);
	vcpu_timers_init(v);
	d->vcpus[id] = v;
	return v;
}

void assign_page(struct domain *d, struct page_info *pg)
{
	unsigned long flags = spin_lock_irqsave(&d->page_alloc_lock);

	pg->owner = d->domain_id;
	list_add_tail(&pg->list, &d->page_list);
	d->tot_pages++;
	spin_unlock_irqrestore(&d->page_alloc_lock, flags);
}

struct page_info *alloc_domain_page(struct domain *d)
{
	struct page_info *pg;

	if (d->max_pages && d->tot_pages >= d->max_pages)
		return NULL;
	pg = alloc_pages(0, d->domain_id);
	if (pg)
		assign_page(d, pg);
	return pg;
}

static void pause_all_vcpus(struct domain *d, unsigned int flag)
{
	unsigned int i;

	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i])
			vcpu_set_pause_flag(d->vcpus[i], flag);
}

void domain_pause(struct domain *d)
{
	if (__atomic_fetch_add(&d->pause_count, 1, __ATOMIC_SEQ_CST) == 0)
		pause_all_vcpus(d, VPF_paused);
}

void domain_unpause(struct domain *d)
{
	unsigned int i;

	if (__atomic_sub_fetch(&d->pause_count, 1, __ATOMIC_SEQ_CST) != 0)
		return;
	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i])
			vcpu_clear_pause_flag(d->vcpus[i], VPF_paused);
}

static const char *shutdown_reason_name(unsigned int reason)
{
	switch (reason) {
	case SHUTDOWN_poweroff: return "poweroff";
	case SHUTDOWN_reboot: return "reboot";
	case SHUTDOWN_suspend: return "suspend";
	case SHUTDOWN_crash: return "crash";
	case SHUTDOWN_watchdog: return "watchdog";
	}
	return "unknown";
}

/* The control domain going down takes the machine with it. */
static void __attribute__((noreturn)) hardware_domain_shutdown(unsigned int reason)
{
	printk("Hardware Dom0 %s: %s\n",
	       reason == SHUTDOWN_crash ? "crashed" : "shutdown",
	       reason == SHUTDOWN_reboot ? "rebooting machine" :
	       reason == SHUTDOWN_crash ? (opt_noreboot ? "'noreboot' set, halting" :
					   "rebooting machine") :
	       "halting machine");
	switch (reason) {
	case SHUTDOWN_reboot:
		machine_restart();
	case SHUTDOWN_crash:
		machine_halt_or_reboot();
	default:
		machine_halt();
	}
}

/* As Xen: the first code a domain sets (SCHEDOP_shutdown_code) stays. */
void set_shutdown_code(struct domain *d, unsigned int code)
{
	unsigned int none = SHUTDOWN_CODE_INVALID;

	__atomic_compare_exchange_n(&d->shutdown_code, &none, code, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
}

/* @reason, unless the domain set a code of its own before. */
void domain_shutdown(struct domain *d, unsigned int reason)
{
	set_shutdown_code(d, reason);
	reason = d->shutdown_code;
	if (d == dom0)
		hardware_domain_shutdown(reason);
	if (d->is_shutting_down)
		return;
	d->is_shutting_down = true;
	printk("Domain %u shutdown: %s\n", d->domain_id,
	       shutdown_reason_name(reason));
	pause_all_vcpus(d, VPF_dead);
	d->is_shut_down = true;
	send_dom0_virq(VIRQ_DOM_EXC);
}

void domain_crash(struct domain *d, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->crash_reason, sizeof(d->crash_reason), fmt, ap);
	va_end(ap);
	printk("domain_crash called for domain %u: %s\n", d->domain_id,
	       d->crash_reason);
	if (current && current->domain == d)
		show_registers(guest_cpu_regs());
	domain_shutdown(d, SHUTDOWN_crash);
}

domid_t domain_free_id(void)
{
	static domid_t rover = 1;
	unsigned int tries;

	for (tries = 0; tries < DOMID_FIRST_RESERVED - 1; tries++) {
		domid_t id = rover;

		rover = rover + 1U >= DOMID_FIRST_RESERVED ? 1 : rover + 1;
		if (!domain_id_in_use(id))
			return id;
	}
	return DOMID_INVALID;
}

/*
 * A frame the domain gave up: freed now, or, while something else (dom0's
 * foreign mappings) still holds a reference, when that goes.
 */
static void release_page(struct page_info *pg)
{
	if (pg->count == 1 && !pg->type_count) {
		pg->count = 0;
		free_pages(pg, 0);
		return;
	}
	pg->owner = DOMID_ORPHAN;
	pg->count--;
}

/*
 * Owned by the guest, so that it can map it; a permanent writable type
 * reference, so that it never becomes a page table or a descriptor page
 * (xen-core's writes would then edit live PTEs); off the domain's page
 * list, so that giving it back frees nothing (memory.c).
 */
struct page_info *alloc_xen_shared_page(domid_t id)
{
	struct page_info *pg = alloc_pages(0, id);

	if (!pg)
		return NULL;
	pg->type = PGT_writable;
	pg->type_count = 1;
	pg->flags |= PGF_validated | PGF_xen_shared;
	return pg;
}

/*
 * As Xen: what goes is the owner's allocation reference (once); the frame
 * stays xen-core's (it is still written) and existing mappings keep
 * theirs.  While any reference is left the give-back counts as done and
 * the frame can still be mapped; once none is, neither.
 */
bool give_back_xen_shared_page(struct page_info *pg)
{
	if (pg->count == 0)
		return false;
	if (!(pg->flags & PGF_given_back)) {
		pg->flags |= PGF_given_back;
		pg->count--;
	}
	return true;
}

void free_xen_shared_page(struct page_info *pg)
{
	if (pg->flags & PGF_given_back)
		pg->count++;	/* release_page() drops the allocation's */
	pg->flags &= ~(PGF_xen_shared | PGF_given_back);
	put_page_type(pg);
	release_page(pg);
}

void domain_release_page(struct domain *d, struct page_info *pg)
{
	unsigned long flags = spin_lock_irqsave(&d->page_alloc_lock);

	list_del(&pg->list);
	d->tot_pages--;
	spin_unlock_irqrestore(&d->page_alloc_lock, flags);
	release_page(pg);
}

/* The references VCPUOP_register_vcpu_info took on the vCPUs' frames. */
static void release_vcpu_info_frames(struct domain *d)
{
	unsigned int i;

	for (i = 0; i < d->max_vcpus; i++) {
		struct vcpu *v = d->vcpus[i];

		if (!v || !v->vcpu_info_mfn)
			continue;
		v->vcpu_info = &d->shared_info->vcpu_info[i];
		put_page_and_type(v->vcpu_info_mfn);
		v->vcpu_info_mfn = 0;
	}
}

static void release_memory(struct domain *d)
{
	unsigned int i;

	release_vcpu_info_frames(d);
	pv_relinquish_page_tables(d);
	while (!list_empty(&d->page_list)) {
		struct page_info *pg = list_first_entry(&d->page_list,
							struct page_info, list);

		list_del(&pg->list);
		release_page(pg);
	}
	d->tot_pages = 0;
	for (i = 0; i < d->gnttab.nr_frames; i++)
		free_xen_shared_page(mfn_to_page(d->gnttab.frames[i]));
	gnttab_release(d);
	free_xen_shared_page(mfn_to_page(d->shared_info_mfn));
}

static void nothing(void *arg)
{
}

/*
 * After this, no other CPU runs a vCPU of @d or one of its timer
 * handlers: each has taken an interrupt since, and those only run
 * between such work.
 */
static void wait_for_other_cpus(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < nr_cpus; cpu++)
		if (cpu != smp_processor_id() && cpu_online[cpu])
			on_cpu(cpu, nothing, NULL);
}

static void unlink_domain(struct domain *d)
{
	unsigned long flags = spin_lock_irqsave(&domlist_lock);
	struct domain **pp;

	for (pp = &domain_list; *pp; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	}
	spin_unlock_irqrestore(&domlist_lock, flags);
}

static void free_domain_structs(struct domain *d)
{
	unsigned int i;

	for (i = 0; i < d->max_vcpus; i++)
		if (d->vcpus[i])
			free_xen_pages(d->vcpus[i], order_of(sizeof(struct vcpu)));
	free_xen_pages(d, order_of(sizeof(*d)));
}

void domain_destroy(struct domain *d)
{
	unsigned int i;

	d->is_dying = true;
	pause_all_vcpus(d, VPF_dead);
	for (i = 0; i < d->max_vcpus; i++) {
		if (!d->vcpus[i])
			continue;
		stop_timer(&d->vcpus[i]->singleshot_timer);
		stop_timer(&d->vcpus[i]->poll_timer);
	}
	wait_for_other_cpus();
	evtchn_destroy(d);
	release_memory(d);
	unlink_domain(d);
	printk("Domain %u destroyed\n", d->domain_id);
	free_domain_structs(d);
	send_dom0_virq(VIRQ_DOM_EXC);
}

static void dump_domains(unsigned char key)
{
	struct domain *d;
	unsigned int i;

	printk("'%c' pressed -> dumping domain info (now %ld ns)\n", key, NOW());
	for (d = domain_list; d; d = d->next) {
		printk("General information for domain %u:\n", d->domain_id);
		printk("    pages=%lu max_pages=%lu privileged=%d %s%s\n",
		       d->tot_pages, d->max_pages, d->is_privileged,
		       d->is_shut_down ? "shut down " : "",
		       d->is_dying ? "dying" : "");
		if (d->crash_reason[0])
			printk("    crashed: %s\n", d->crash_reason);
		for (i = 0; i < d->max_vcpus; i++) {
			struct vcpu *v = d->vcpus[i];

			if (!v)
				continue;
			printk("    VCPU%u: CPU%u pause_flags=%#x %s upcall_pend=%02x "
			       "upcall_mask=%02x rip=%#lx\n", i, v->processor,
			       v->pause_flags, v->running ? "running" : "",
			       v->vcpu_info->evtchn_upcall_pending,
			       v->vcpu_info->evtchn_upcall_mask,
			       v->running ? 0UL : v->regs.rip);
			if (v->singleshot_timer.active)
				printk("           timer on CPU%u in %ld ns\n",
				       v->singleshot_timer.cpu,
				       v->singleshot_timer.expires - NOW());
		}
	}
}

void domain_keyhandlers_init(void)
{
	register_debug_key('q', dump_domains, "dump domain (and guest debug) info");
}
