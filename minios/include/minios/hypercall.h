/*
 * Hypercall wrappers.
 *
 * A 64-bit PV kernel runs in ring 3 and enters the hypervisor with a bare
 * `syscall` from guest-kernel mode: number in rax, arguments in rdi, rsi,
 * rdx, r10, r8, result in rax.  `syscall` itself overwrites rcx and r11,
 * so they are declared clobbered and the compiler preserves them.
 * No hypercall page is used.
 */
#ifndef MINIOS_HYPERCALL_H
#define MINIOS_HYPERCALL_H

#include <stdint.h>
#include <xen/xen.h>
#include <xen/sched.h>
#include <xen/vcpu.h>
#include <xen/callback.h>
#include <xen/event_channel.h>
#include <xen/version.h>

static inline long hypercall5(unsigned int nr, unsigned long a1,
			      unsigned long a2, unsigned long a3,
			      unsigned long a4, unsigned long a5)
{
	register unsigned long r10 asm("r10") = a4;
	register unsigned long r8 asm("r8") = a5;
	long ret;

	asm volatile("syscall"
		     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3),
		       "+r"(r10), "+r"(r8)
		     : "0"((unsigned long)nr)
		     : "rcx", "r11", "memory");
	return ret;
}

#define hypercall1(nr, a) hypercall5(nr, (unsigned long)(a), 0, 0, 0, 0)
#define hypercall2(nr, a, b) \
	hypercall5(nr, (unsigned long)(a), (unsigned long)(b), 0, 0, 0)
#define hypercall3(nr, a, b, c) \
	hypercall5(nr, (unsigned long)(a), (unsigned long)(b), \
		   (unsigned long)(c), 0, 0)
#define hypercall4(nr, a, b, c, d) \
	hypercall5(nr, (unsigned long)(a), (unsigned long)(b), \
		   (unsigned long)(c), (unsigned long)(d), 0)

static inline long HYPERVISOR_set_trap_table(const struct trap_info *table)
{
	return hypercall1(__HYPERVISOR_set_trap_table, table);
}

static inline long HYPERVISOR_mmu_update(const struct mmu_update *req,
					 unsigned int count,
					 unsigned int *done, domid_t domid)
{
	return hypercall4(__HYPERVISOR_mmu_update, req, count, done, domid);
}

static inline long HYPERVISOR_mmuext_op(struct mmuext_op *ops,
					unsigned int count,
					unsigned int *done, domid_t domid)
{
	return hypercall4(__HYPERVISOR_mmuext_op, ops, count, done, domid);
}

static inline long HYPERVISOR_update_va_mapping(unsigned long va,
						uint64_t pte,
						unsigned long flags)
{
	return hypercall3(__HYPERVISOR_update_va_mapping, va, pte, flags);
}

static inline long HYPERVISOR_platform_op(void *op)
{
	return hypercall1(__HYPERVISOR_platform_op, op);
}

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_xen_version, cmd, arg);
}

static inline long HYPERVISOR_console_io(int cmd, unsigned int count,
					 void *buf)
{
	return hypercall3(__HYPERVISOR_console_io, cmd, count, buf);
}

static inline long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpu, void *arg)
{
	return hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpu, arg);
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_sched_op, cmd, arg);
}

static inline long HYPERVISOR_callback_op(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_callback_op, cmd, arg);
}

static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_event_channel_op, cmd, arg);
}

static inline long HYPERVISOR_sysctl(void *op)
{
	return hypercall1(__HYPERVISOR_sysctl, op);
}

static inline long HYPERVISOR_domctl(void *op)
{
	return hypercall1(__HYPERVISOR_domctl, op);
}

static inline long HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_memory_op, cmd, arg);
}

static inline long HYPERVISOR_physdev_op(int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_physdev_op, cmd, arg);
}

#endif
