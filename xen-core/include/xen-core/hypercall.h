/* Hypercall entry and the handlers the dispatcher calls. */
#ifndef XEN_CORE_HYPERCALL_H
#define XEN_CORE_HYPERCALL_H

#include <xen-core/pv.h>
#include <xen-core/errno.h>

typedef unsigned long hc_arg_t;

void do_syscall(struct cpu_regs *regs);
long hypercall_dispatch(unsigned long nr, hc_arg_t a1, hc_arg_t a2,
			hc_arg_t a3, hc_arg_t a4, hc_arg_t a5);

/*
 * Continuations, as in Xen.  A long call polls hypercall_preempt_check()
 * between units of work (never before the first, so every issue makes
 * progress); when it says stop, the call records with
 * hypercall_continue() the arguments that resume it and returns.  The
 * guest then re-executes its SYSCALL with those arguments, so interrupts,
 * other vCPUs and the guest's own events run in between; inside a
 * multicall, the entry is rewritten and the multicall continues.
 */
bool hypercall_preempt_check(void);

/*
 * -ENOSYS for hypercall @nr's sub-operation @subop (or the whole call:
 * HYPERCALL_WHOLE), logged the first time each domain asks for it, so
 * the next gap shows up in the log; at most UNIMPLEMENTED_LOGGED a domain.
 */
#define HYPERCALL_WHOLE	0xffffU
long hypercall_unimplemented(unsigned long nr, unsigned long subop);
long hypercall_continue(unsigned int nr, hc_arg_t a1, hc_arg_t a2,
			hc_arg_t a3, hc_arg_t a4, hc_arg_t a5);

long do_console_io(int cmd, unsigned long count, unsigned long buffer);
long do_sched_op(int cmd, unsigned long arg);
long do_set_timer_op(uint64_t timeout);
long do_xen_version(int cmd, unsigned long arg);
long do_vcpu_op(int cmd, unsigned int vcpuid, unsigned long arg);
long do_event_channel_op(int cmd, unsigned long arg);
long do_memory_op(unsigned long cmd, unsigned long arg);
long do_mmu_update(unsigned long ureqs, unsigned int count,
		   unsigned long pdone, unsigned int foreigndom);
long do_mmuext_op(unsigned long uops, unsigned int count,
		  unsigned long pdone, unsigned int foreigndom);
long do_update_va_mapping(unsigned long va, uint64_t val, unsigned long flags);
long do_physdev_op(int cmd, unsigned long arg);
long do_grant_table_op(unsigned int cmd, unsigned long uop, unsigned int count);
long do_sysctl(unsigned long u_sysctl);
long do_domctl(unsigned long u_domctl);
long do_platform_op(unsigned long u_op);
long do_vm_assist(unsigned int cmd, unsigned int type);
long do_set_debugreg(int reg, unsigned long value);
long do_get_debugreg(int reg);

#endif
