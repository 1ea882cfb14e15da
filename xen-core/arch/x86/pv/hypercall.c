/*
 * SYSCALL from a PV guest: in guest-kernel mode it is a hypercall
 * (number in %rax, arguments in %rdi, %rsi, %rdx, %r10, %r8, result in
 * %rax), in guest-user mode a system call bounced to the guest kernel.
 */
#include <xen-core/hypercall.h>
#include <xen-core/console.h>
#include <xen-core/guest_access.h>
#include <xen-core/io.h>
#include <xen-core/traps.h>

#define NR_HYPERCALLS	64
#define MAX_MULTICALL	512

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

static uint64_t reported_unimplemented;

long hypercall_dispatch(unsigned long nr, hc_arg_t a1, hc_arg_t a2,
			hc_arg_t a3, hc_arg_t a4, hc_arg_t a5)
{
	if (nr >= NR_HYPERCALLS || !hypercall_table[nr]) {
		if (nr < 64 && !(reported_unimplemented & (1ULL << nr))) {
			reported_unimplemented |= 1ULL << nr;
			printk("d%u: hypercall %lu not implemented (-ENOSYS)\n",
			       current->domain->domain_id, nr);
		}
		return -ENOSYS;
	}
	return hypercall_table[nr](a1, a2, a3, a4, a5);
}

static bool multicall_running[NR_CPUS];

static long hc_multicall(hc_arg_t list, hc_arg_t count, hc_arg_t c,
			 hc_arg_t d, hc_arg_t e)
{
	unsigned int cpu = smp_processor_id();
	struct multicall_entry mc;
	unsigned long i;

	if (multicall_running[cpu])
		return -EINVAL;		/* no nesting */
	if (count > MAX_MULTICALL)
		return -EINVAL;
	multicall_running[cpu] = true;
	for (i = 0; i < count; i++) {
		unsigned long ent = list + i * sizeof(mc);

		if (copy_from_guest(&mc, ent, sizeof(mc))) {
			multicall_running[cpu] = false;
			return -EFAULT;
		}
		if (mc.op == __HYPERVISOR_iret || mc.op == __HYPERVISOR_multicall)
			mc.result = -EINVAL;
		else
			mc.result = hypercall_dispatch(mc.op, mc.args[0],
						       mc.args[1], mc.args[2],
						       mc.args[3], mc.args[4]);
		if (copy_to_guest(ent + __builtin_offsetof(struct multicall_entry,
							   result),
				  &mc.result, sizeof(mc.result))) {
			multicall_running[cpu] = false;
			return -EFAULT;
		}
		if (current->pause_flags & VPF_dead)
			break;		/* an entry crashed the guest */
	}
	multicall_running[cpu] = false;
	return 0;
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
}
