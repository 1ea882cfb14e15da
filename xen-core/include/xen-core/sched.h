/*
 * The scheduler: one run queue per CPU, round robin with a time slice.
 * Switching happens only on the way back to a guest (exit_to_guest),
 * so xen-core itself is never preempted and needs no per-vCPU stacks.
 */
#ifndef XEN_CORE_SCHED_H
#define XEN_CORE_SCHED_H

#include <xen-core/domain.h>

void scheduler_init(void);
/* Per CPU: enters the scheduler for good (boot CPU and APs). */
void start_scheduling(void) __attribute__((noreturn));

void vcpu_set_pause_flag(struct vcpu *v, unsigned int flag);
void vcpu_clear_pause_flag(struct vcpu *v, unsigned int flag);
/* An event arrived for @v: unblock it, or make it look at its events. */
void vcpu_kick(struct vcpu *v);
/* Forces the calling CPU through the scheduler before re-entering a guest. */
void raise_schedule(void);
unsigned int pick_cpu_for_new_vcpu(void);
void dump_runqueues(unsigned char key);

/* arch hooks used by the scheduler */
void arch_save_vcpu(struct vcpu *v, struct cpu_regs *frame);
void arch_load_vcpu(struct vcpu *v, struct cpu_regs *frame);
void arch_load_idle(void);
void update_vcpu_time(struct vcpu *v);
void deliver_pending_upcall(struct vcpu *v, struct cpu_regs *frame);

#endif
