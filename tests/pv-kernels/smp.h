/* Secondary vCPUs of the PV test kernels, started as Linux starts its
 * own (smp.c). */
#ifndef PVK_SMP_H
#define PVK_SMP_H

#include <xen/vcpu.h>

struct start_info;

/* An event or failsafe callback that drops the event (asm, smp.c). */
void pvk_drop_event(void);

/*
 * What Linux gives a secondary vCPU, on our own page tables: kernel mode
 * at @rip on @stack_top with @arg in rdi, virtual IOPL 1, events dropped
 * by pvk_drop_event.
 */
void pvk_vcpu_context(struct vcpu_guest_context *c,
		      const struct start_info *si, unsigned long rip,
		      unsigned long stack_top, unsigned long arg);

/* A cr3 value naming the frame that holds @va (VIRT_BASE is 0). */
unsigned long pvk_cr3_of(const struct start_info *si, unsigned long va);

long pvk_vcpu_op(unsigned int cmd, unsigned int id, void *arg);

#endif
