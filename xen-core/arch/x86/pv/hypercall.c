/*
 * SYSCALL from a PV guest: in guest-kernel mode it is a hypercall
 * (number in %rax, arguments in %rdi, %rsi, %rdx, %r10, %r8, result in
 * %rax), in guest-user mode a system call bounced to the guest kernel.
 */
#include <xen-core/hypercall.h>
#include <xen-core/apic.h>
#include <xen-core/console.h>
#include <xen-core/guest_access.h>
#include <xen-core/io.h>
#include <xen-core/traps.h>

#define NR_HYPERCALLS	64
#define SYSCALL_INSN_LEN	2

typedef long (*hypercall_fn)(hc_arg_t, hc_arg_t, hc_arg_t, hc_arg_t, hc_arg_t);

static long hc_set_trap_table(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
			      hc_arg_t e)
{
	return do_set_trap_table((const struct trap_info *)a);
}

static long hc_mmu_update(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
			  hc_arg_t e)
{
	return do_mmu_update(a, (unsigned int)b, c, (unsigned int)d);
}

static long hc_set_gdt(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
		       hc_arg_t e)
{
	return do_set_gdt(a, (unsigned int)b);
}

static long hc_update_descriptor(hc_arg_t a, hc_arg_t b, hc_arg_t c,
				 hc_arg_t d, hc_arg_t e)
{
	return do_update_descriptor(a, b);
}

static long hc_stack_switch(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
			    hc_arg_t e)
{
	return do_stack_switch(a, b);
}

static long hc_set_callbacks(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
			     hc_arg_t e)
{
	return do_set_callbacks(a, b, c);
}

static long hc_fpu_taskswitch(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
			      hc_arg_t e)
{
	return do_fpu_taskswitch((int)a);
}

static long hc_platform_op(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
			   hc_arg_t e)
{
	return do_platform_op(a);
}

static long hc_set_debugreg(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
			    hc_arg_t e)
{
	return do_set_debugreg((int)a, b);
}

static long hc_get_debugreg(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
			    hc_arg_t e)
{
	return do_get_debugreg((int)a);
}

static long hc_memory_op(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
			 hc_arg_t e)
{
	return do_memory_op(a, b);
}

static long hc_multicall(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
			 hc_arg_t e);

static long hc_update_va_mapping(hc_arg_t a, hc_arg_t b, hc_arg_t c,
				 hc_arg_t d, hc_arg_t e)
{
	return do_update_va_mapping(a, b, c);
}

static long hc_set_timer_op(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
			    hc_arg_t e)
{
	return do_set_timer_op(a);
}

static long hc_xen_version(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
			   hc_arg_t e)
{
	return do_xen_version((int)a, b);
}

static long hc_console_io(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
			  hc_arg_t e)
{
	return do_console_io((int)a, b, c);
}

static long hc_grant_table_op(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
			      hc_arg_t e)
{
	return do_grant_table_op((unsigned int)a, b, (unsigned int)c);
}

static long hc_vm_assist(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
			 hc_arg_t e)
{
	return do_vm_assist((unsigned int)a, (unsigned int)b);
}

static long hc_vcpu_op(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
		       hc_arg_t e)
{
	return do_vcpu_op((int)a, (unsigned int)b, c);
}

static long hc_set_segment_base(hc_arg_t a, hc_arg_t b, hc_arg_t c,
				hc_arg_t d, hc_arg_t e)
{
	return do_set_segment_base((unsigned int)a, b);
}

static long hc_mmuext_op(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
			 hc_arg_t e)
{
	return do_mmuext_op(a, (unsigned int)b, c, (unsigned int)d);
}

static long hc_sched_op(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
			hc_arg_t e)
{
	return do_sched_op((int)a, b);
}

static long hc_callback_op(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
			   hc_arg_t e)
{
	return do_callback_op((int)a, b);
}

static long hc_event_channel_op(hc_arg_t a, hc_arg_t b, hc_arg_t c,
				hc_arg_t d, hc_arg_t e)
{
	return do_event_channel_op((int)a, b);
}

static long hc_physdev_op(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
			  hc_arg_t e)
{
	return do_physdev_op((int)a, b);
}

static long hc_sysctl(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
		      hc_arg_t e)
{
	return do_sysctl(a);
}

static long hc_domctl(hc_arg_t a, hc_arg_t b, hc_arg_t c, hc_arg_t d,
		      hc_arg_t e)
{
	return do_domctl(a);
}

static const hypercall_fn hypercall_table[NR_HYPERCALLS] = {
	[__HYPERVISOR_set_trap_table] = hc_set_trap_table,
	[__HYPERVISOR_mmu_update] = hc_mmu_update,
	[__HYPERVISOR_set_gdt] = hc_set_gdt,
	[__HYPERVISOR_stack_switch] = hc_stack_switch,
	[__HYPERVISOR_update_descriptor] = hc_update_descriptor,
	[__HYPERVISOR_set_callbacks] = hc_set_callbacks,
	[__HYPERVISOR_fpu_taskswitch] = hc_fpu_taskswitch,
	[__HYPERVISOR_platform_op] = hc_platform_op,
	[__HYPERVISOR_set_debugreg] = hc_set_debugreg,
	[__HYPERVISOR_get_debugreg] = hc_get_debugreg,
	[__HYPERVISOR_memory_op] = hc_memory_op,
	[__HYPERVISOR_multicall] = hc_multicall,
	[__HYPERVISOR_update_va_mapping] = hc_update_va_mapping,
	[__HYPERVISOR_set_timer_op] = hc_set_timer_op,
	[__HYPERVISOR_xen_version] = hc_xen_version,
	[__HYPERVISOR_console_io] = hc_console_io,
	[__HYPERVISOR_grant_table_op] = hc_grant_table_op,
	[__HYPERVISOR_vm_assist] = hc_vm_assist,
	[__HYPERVISOR_vcpu_op] = hc_vcpu_op,
	[__HYPERVISOR_set_segment_base] = hc_set_segment_base,
	[__HYPERVISOR_mmuext_op] = hc_mmuext_op,
	[__HYPERVISOR_sched_op] = hc_sched_op,
	[__HYPERVISOR_callback_op] = hc_callback_op,
	[__HYPERVISOR_event_channel_op] = hc_event_channel_op,
	[__HYPERVISOR_physdev_op] = hc_physdev_op,
	[__HYPERVISOR_sysctl] = hc_sysctl,
	[__HYPERVISOR_domctl] = hc_domctl,
};

static bool already_logged(struct domain *d, uint32_t key)
{
	unsigned int i;

	for (i = 0; i < MIN(d->nr_unimplemented_logged,
			    (unsigned int)UNIMPLEMENTED_LOGGED); i++)
		if (d->unimplemented_logged[i] == key)
			return true;
	return false;
}

long hypercall_unimplemented(unsigned long nr, unsigned long subop)
{
	struct domain *d = current->domain;
	uint32_t key = (uint32_t)(nr & 0xffff) << 16 | (subop & 0xffff);
	unsigned int n = d->nr_unimplemented_logged;

	if (already_logged(d, key) || n > UNIMPLEMENTED_LOGGED)
		return -ENOSYS;
	d->nr_unimplemented_logged = n + 1;
	if (n == UNIMPLEMENTED_LOGGED) {
		printk("d%u: more unimplemented hypercalls, not logged\n",
		       d->domain_id);
		return -ENOSYS;
	}
	d->unimplemented_logged[n] = key;
	if (subop == HYPERCALL_WHOLE)
		printk("d%u: hypercall %lu not implemented (-ENOSYS)\n",
		       d->domain_id, nr);
	else
		printk("d%u: hypercall %lu sub-op %lu not implemented "
		       "(-ENOSYS)\n", d->domain_id, nr, subop);
	return -ENOSYS;
}

long hypercall_dispatch(unsigned long nr, hc_arg_t a1, hc_arg_t a2,
			hc_arg_t a3, hc_arg_t a4, hc_arg_t a5)
{
	if (nr >= NR_HYPERCALLS || !hypercall_table[nr])
		return hypercall_unimplemented(nr, HYPERCALL_WHOLE);
	return hypercall_table[nr](a1, a2, a3, a4, a5);
}

struct continuation {
	bool pending;
	unsigned int nr;
	hc_arg_t args[5];
};

/* Hypercalls run with interrupts off, so one record per CPU suffices. */
static struct continuation continuations[NR_CPUS];

/* Preemption checks between looks at the local APIC (MMIO is slow). */
#define APIC_POLL_INTERVAL	32
static unsigned int checks_until_apic_poll[NR_CPUS];

/*
 * Xen stops a call when an interrupt or the guest's own event waits.
 * xen-core runs with interrupts off, so it asks the local APIC whether
 * one is waiting; and it answers other CPUs' calls here in any case,
 * since one of them may be waiting for this CPU to flush its TLB.
 */
bool hypercall_preempt_check(void)
{
	unsigned int cpu = smp_processor_id();
	const struct vcpu_info *vi = current->vcpu_info;

	smp_serve_calls();
	if (vi->evtchn_upcall_pending && !vi->evtchn_upcall_mask)
		return true;
	if (checks_until_apic_poll[cpu]--)
		return false;
	checks_until_apic_poll[cpu] = APIC_POLL_INTERVAL - 1;
	return apic_interrupt_pending();
}

long hypercall_continue(unsigned int nr, hc_arg_t a1, hc_arg_t a2,
			hc_arg_t a3, hc_arg_t a4, hc_arg_t a5)
{
	continuations[smp_processor_id()] = (struct continuation){
		true, nr, { a1, a2, a3, a4, a5 } };
	return nr;		/* Xen's value; the guest never sees it */
}

/* The continuation the call just made, if any, taken off this CPU. */
static bool take_continuation(struct continuation *c)
{
	struct continuation *mine = &continuations[smp_processor_id()];

	if (!mine->pending)
		return false;
	*c = *mine;
	mine->pending = false;
	return true;
}

static bool multicall_running[NR_CPUS];

/*
 * Entry @ent of a multicall stopped part way: it is rewritten in the
 * guest's list with the arguments that resume it (Xen does the same),
 * so that the multicall's own continuation issues it again.
 */
static bool rewrite_entry(unsigned long ent, struct multicall_entry *mc,
			  const struct continuation *c)
{
	unsigned int i;

	mc->op = c->nr;
	for (i = 0; i < 5; i++)
		mc->args[i] = c->args[i];
	return !copy_to_guest(ent, mc, sizeof(*mc));
}

static long run_multicall(unsigned long list, unsigned long count)
{
	struct multicall_entry mc;
	struct continuation c;
	unsigned long i;

	for (i = 0; i < count; i++) {
		unsigned long ent = list + i * sizeof(mc);

		if (i && hypercall_preempt_check())
			break;
		if (copy_from_guest(&mc, ent, sizeof(mc)))
			return -EFAULT;
		if (mc.op == __HYPERVISOR_iret || mc.op == __HYPERVISOR_multicall)
			mc.result = -EINVAL;
		else
			mc.result = hypercall_dispatch(mc.op, mc.args[0],
						       mc.args[1], mc.args[2],
						       mc.args[3], mc.args[4]);
		if (copy_to_guest(ent + __builtin_offsetof(struct multicall_entry,
							   result),
				  &mc.result, sizeof(mc.result))) {
			take_continuation(&c);
			return -EFAULT;
		}
		if (take_continuation(&c)) {
			if (!rewrite_entry(ent, &mc, &c))
				return -EFAULT;
			break;
		}
		if (current->pause_flags & VPF_dead)
			return 0;	/* an entry crashed the guest */
	}
	if (i < count)
		hypercall_continue(__HYPERVISOR_multicall, list + i * sizeof(mc),
				   count - i, 0, 0, 0);
	return 0;
}

/* Xen runs any number of entries, stopping and resuming as it must. */
static long hc_multicall(hc_arg_t list, hc_arg_t count, hc_arg_t c,
			 hc_arg_t d, hc_arg_t e)
{
	unsigned int cpu = smp_processor_id();
	long rc;

	if (multicall_running[cpu])
		return -EINVAL;		/* no nesting */
	multicall_running[cpu] = true;
	rc = run_multicall(list, (unsigned int)count);
	multicall_running[cpu] = false;
	return rc;
}

/* Xen's layout: 32 bytes per hypercall, `syscall` from kernel mode. */
void pv_write_hypercall_page(uint8_t *page)
{
	unsigned int nr;
	uint8_t *p;

	memset(page, 0xcc, PAGE_SIZE);		/* int3 */
	for (nr = 0; nr < PAGE_SIZE / 32; nr++) {
		p = page + nr * 32;
		*p++ = 0x51;				/* push %rcx */
		*p++ = 0x41; *p++ = 0x53;		/* push %r11 */
		if (nr == __HYPERVISOR_iret)
			*p++ = 0x50;			/* push %rax */
		*p++ = 0xb8;				/* mov $nr, %eax */
		memcpy(p, &nr, 4);
		p += 4;
		*p++ = 0x0f; *p++ = 0x05;		/* syscall */
		if (nr == __HYPERVISOR_iret)
			continue;			/* does not return */
		*p++ = 0x41; *p++ = 0x5b;		/* pop %r11 */
		*p++ = 0x59;				/* pop %rcx */
		*p++ = 0xc3;				/* ret */
	}
}

static void guest_system_call(struct vcpu *v, struct cpu_regs *regs)
{
	unsigned int tbf = v->syscall_masks_events ? TBF_INTERRUPT : 0;

	if (pv_bounce(v, regs, v->syscall_callback, tbf, 0))
		regs->rflags &= ~X86_EFLAGS_DF;
}

/* A call that stopped part way is issued again by the guest's SYSCALL. */
static void resume_later(struct cpu_regs *regs)
{
	struct continuation c;

	if (!take_continuation(&c))
		return;
	regs->rip -= SYSCALL_INSN_LEN;
	regs->rax = c.nr;
	regs->rdi = c.args[0];
	regs->rsi = c.args[1];
	regs->rdx = c.args[2];
	regs->r10 = c.args[3];
	regs->r8 = c.args[4];
}

void do_syscall(struct cpu_regs *regs)
{
	struct vcpu *v = current;

	if (regs->vector == 0x101) {	/* SYSCALL from 32-bit code */
		regs->vector = TRAP_invalid_op;
		pv_inject_trap(v, regs, TRAP_invalid_op, false, 0);
		return;
	}
	if (!v->in_kernel) {
		guest_system_call(v, regs);
		return;
	}
	if (regs->rax == __HYPERVISOR_iret) {
		regs->rax = do_iret(regs);
		return;
	}
	regs->rax = hypercall_dispatch(regs->rax, regs->rdi, regs->rsi,
				       regs->rdx, regs->r10, regs->r8);
	resume_later(regs);
}
