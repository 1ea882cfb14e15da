/* Secondary vCPUs for the PV test kernels (smp.h). */
#include "pvk.h"
#include "smp.h"

#define EFLAGS_IOPL1	0x1000		/* as Linux starts its vCPUs */

asm(".globl pvk_drop_event\n"
    "pvk_drop_event:\n"
    "	pop %rcx\n"
    "	pop %r11\n"
    "	jmp pvk_iret\n");

unsigned long pvk_cr3_of(const struct start_info *si, unsigned long va)
{
	const unsigned long *p2m = (const unsigned long *)si->mfn_list;

	return p2m[va >> 12] << 12;
}

void pvk_vcpu_context(struct vcpu_guest_context *c,
		      const struct start_info *si, unsigned long rip,
		      unsigned long stack_top, unsigned long arg)
{
	memset(c, 0, sizeof(*c));
	c->flags = VGCF_in_kernel;
	c->user_regs.rip = rip;
	c->user_regs.rsp = stack_top;
	c->user_regs.rdi = arg;
	c->user_regs.cs = FLAT_KERNEL_CS;
	c->user_regs.ss = FLAT_KERNEL_SS;
	c->user_regs.rflags = EFLAGS_IOPL1;
	c->kernel_ss = FLAT_KERNEL_SS;
	c->kernel_sp = stack_top;
	c->ctrlreg[3] = pvk_cr3_of(si, si->pt_base);
	c->event_callback_eip = (unsigned long)pvk_drop_event;
	c->failsafe_callback_eip = (unsigned long)pvk_drop_event;
}

long pvk_vcpu_op(unsigned int cmd, unsigned int id, void *arg)
{
	return hypercall3(__HYPERVISOR_vcpu_op, cmd, id, arg);
}
