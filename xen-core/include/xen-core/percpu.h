/*
 * Per-CPU state lives at the top of each CPU's stack (struct cpu_info),
 * so hypervisor code finds it from %rsp.  The first member is the frame
 * of whatever guest context this CPU runs: exception and interrupt
 * entries from ring 3 land on it (TSS.RSP0 points just past it) and the
 * SYSCALL entry builds the same frame by hand.  C code called from an
 * entry runs below the frame, so the other fields sit above it.
 */
#ifndef XEN_CORE_PERCPU_H
#define XEN_CORE_PERCPU_H

#include <xen-core/layout.h>

#define NR_CPUS		64

#ifndef __ASSEMBLY__
#include <xen-core/lib.h>

/* Same order as Xen's public struct cpu_user_regs (x86-64). */
struct cpu_regs {
	uint64_t r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	uint64_t rax, rcx, rdx, rsi, rdi;
	uint32_t error_code, vector;
	uint64_t rip, cs, rflags, rsp, ss;
};

struct vcpu;

struct cpu_info {
	struct cpu_regs guest_regs;
	unsigned int cpu;		/* logical CPU number */
	unsigned int apic_id;
	struct vcpu *curr_vcpu;		/* vCPU whose state is in guest_regs */
	uint64_t syscall_scratch;	/* guest %rsp during SYSCALL entry */
	uint64_t guest_frame_top;	/* &guest_regs + 1, for SYSCALL */
};

static inline struct cpu_info *get_cpu_info(void)
{
	unsigned long sp;

	asm volatile("mov %%rsp, %0" : "=r"(sp));
	return (struct cpu_info *)((sp | (STACK_SIZE - 1)) + 1 -
				   sizeof(struct cpu_info));
}

static inline struct cpu_info *cpu_info_of_stack(void *stack_base)
{
	return (struct cpu_info *)((char *)stack_base + STACK_SIZE -
				   sizeof(struct cpu_info));
}

#define smp_processor_id()	(get_cpu_info()->cpu)
#define current			(get_cpu_info()->curr_vcpu)
#define guest_cpu_regs()	(&get_cpu_info()->guest_regs)

static inline bool regs_from_guest(const struct cpu_regs *r)
{
	return (r->cs & 3) != 0;
}

#endif

/* Offsets for entry.S (checked by a static assertion in traps.c). */
#define CPUINFO_syscall_scratch	184
#define CPUINFO_guest_frame_top	192
#define CPUINFO_SIZE		200	/* C code runs below this */
#define REGS_rax		80
#define REGS_rcx		88
#define REGS_error_code		120
#define REGS_cs			136
#define REGS_SIZE		168

#endif
