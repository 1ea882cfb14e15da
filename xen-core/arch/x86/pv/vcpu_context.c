/*
 * Setting a vCPU's whole PV state before it first runs: from the domain
 * builder (XEN_DOMCTL_setvcpucontext) or from the guest itself for its
 * secondary vCPUs (VCPUOP_initialise).  Everything is checked before
 * anything is applied.
 */
#include <xen-core/pv.h>
#include <xen-core/fpu.h>
#include <xen-core/guest_access.h>
#include <xen-core/io.h>
#include <xen-core/pv_mm.h>
#include <xen-core/sched.h>

/*
 * Entry points must lie in guest space (xen-core's rule: Xen asks only
 * that they be canonical); stacks and segment bases must be canonical,
 * as in Xen, since xen-core loads them into the CPU as they are.
 */
static bool addresses_ok(const struct vcpu_guest_context *c)
{
	unsigned int i;

	if (!guest_range_ok(c->user_regs.rip, 1) ||
	    !guest_range_ok(c->event_callback_eip, 1) ||
	    !guest_range_ok(c->failsafe_callback_eip, 1) ||
	    !guest_range_ok(c->syscall_callback_eip, 1))
		return false;
	for (i = 0; i < 256; i++)
		if (c->trap_ctxt[i].address &&
		    !guest_range_ok(c->trap_ctxt[i].address, 1))
			return false;
	return is_canonical(c->user_regs.rsp) &&
	       is_canonical(c->kernel_sp) &&
	       (!c->ldt_ents || is_canonical(c->ldt_base)) &&
	       is_canonical(c->fs_base) &&
	       is_canonical(c->gs_base_kernel) &&
	       is_canonical(c->gs_base_user);
}

/*
 * Xen 4.17's checks of the rest, in its order, before anything is taken
 * (pv_set_ldt() and pv_set_gdt() check the descriptor tables' bounds).
 */
static int context_ok(const struct vcpu *v, const struct vcpu_guest_context *c)
{
	if (!addresses_ok(c))
		return -EINVAL;
	/* Only vCPU 0's context sets the domain's VM assists. */
	if (v->vcpu_id == 0 && (c->vm_assist & ~PV_VM_ASSIST_MASK))
		return -EINVAL;
	/* Started in user mode, it needs a user page table. */
	if (!(c->flags & VGCF_in_kernel) && !c->ctrlreg[1])
		return -EINVAL;
	return 0;
}

static void apply_registers(struct vcpu *v, const struct vcpu_guest_context *c)
{
	const struct cpu_user_regs *u = &c->user_regs;
	struct cpu_regs *r = &v->regs;

	memset(r, 0, sizeof(*r));
	r->rax = u->rax; r->rbx = u->rbx; r->rcx = u->rcx; r->rdx = u->rdx;
	r->rsi = u->rsi; r->rdi = u->rdi; r->rbp = u->rbp; r->rsp = u->rsp;
	r->r8 = u->r8; r->r9 = u->r9; r->r10 = u->r10; r->r11 = u->r11;
	r->r12 = u->r12; r->r13 = u->r13; r->r14 = u->r14; r->r15 = u->r15;
	r->rip = u->rip;
	r->rflags = (u->rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM)) |
		    X86_EFLAGS_IF;
	/* The context's IOPL is the vCPU's virtual one, as set_iopl would
	 * make it (Linux starts secondary vCPUs with IOPL 1). */
	v->iopl = (u->rflags & X86_EFLAGS_IOPL) >> 12;
	r->cs = FLAT_KERNEL_CS;
	r->ss = FLAT_KERNEL_SS;
}

static void apply_callbacks(struct vcpu *v, const struct vcpu_guest_context *c)
{
	memcpy(v->trap_ctxt, c->trap_ctxt, sizeof(v->trap_ctxt));
	v->kernel_ss = c->kernel_ss;
	v->kernel_sp = c->kernel_sp;
	v->event_callback = c->event_callback_eip;
	v->failsafe_callback = c->failsafe_callback_eip;
	v->syscall_callback = c->syscall_callback_eip;
	v->failsafe_masks_events = c->flags & VGCF_failsafe_disables_events;
	v->syscall_masks_events = c->flags & VGCF_syscall_disables_events;
	v->fs_base = c->fs_base;
	v->gs_base_kernel = c->gs_base_kernel;
	v->gs_base_user = c->gs_base_user;
	v->in_kernel = c->flags & VGCF_in_kernel;
}

/* Without VGCF_I387_VALID a vCPU starts clean; CR0.TS is the guest's. */
static void apply_fpu(struct vcpu *v, const struct vcpu_guest_context *c)
{
	if (c->flags & VGCF_I387_VALID)
		memcpy(v->fpu, &c->fpu_ctxt, FPU_IMAGE_SIZE);
	else
		fpu_init_state(v->fpu);
	v->fpu_taskswitched = c->ctrlreg[0] & X86_CR0_TS;
}

int pv_set_vcpu_context(struct vcpu *v, const struct vcpu_guest_context *c)
{
	unsigned long l4_mfn = c->ctrlreg[3] >> PAGE_SHIFT;
	unsigned long user_l4 = c->ctrlreg[1] >> PAGE_SHIFT;
	int rc;

	if (!(v->pause_flags & VPF_down) || v->guest_table)
		return -EBUSY;		/* only before the vCPU first runs */
	rc = context_ok(v, c);
	if (rc)
		return rc;
	/* The builder (or the guest) pinned the tables; we take references. */
	pv_mm_lock();
	rc = get_page_and_type(l4_mfn, v->domain, PGT_l4) ? 0 : -EINVAL;
	if (!rc) {
		v->guest_table = l4_mfn;
		if (user_l4 && !get_page_and_type(user_l4, v->domain, PGT_l4))
			rc = -EINVAL;
		else
			v->guest_table_user = user_l4;
	}
	if (!rc)
		rc = pv_set_gdt(v, c->gdt_frames, c->gdt_ents);
	if (!rc)
		rc = pv_set_ldt(v, c->ldt_base, c->ldt_ents);
	pv_mm_unlock();
	if (rc) {
		pv_drop_page_tables(v);
		return rc;
	}
	apply_registers(v, c);
	apply_callbacks(v, c);
	apply_fpu(v, c);
	if (v->vcpu_id == 0)
		v->domain->vm_assist = c->vm_assist;
	if (c->flags & VGCF_online)
		vcpu_clear_pause_flag(v, VPF_down);
	return 0;
}
