/*
 * Reflecting exceptions and events into PV guests.
 *
 * A 64-bit PV kernel runs in ring 3, so the hardware cannot deliver its
 * exceptions to it; xen-core builds the frame the guest expects on the
 * guest kernel stack and redirects the vCPU to the registered handler:
 *   { RCX, R11, [ERRCODE], RIP, CS | saved_upcall_mask << 32, RFLAGS, RSP, SS }
 * CS's RPL tells the guest which mode was interrupted (0: kernel).
 */
#include <xen-core/flushtlb.h>
#include <xen-core/pv.h>
#include <xen-core/console.h>
#include <xen-core/guest_access.h>
#include <xen-core/io.h>
#include <xen-core/sched.h>
#include <xen-core/hypercall.h>
#include <xen-core/traps.h>
#include <xen-core/events.h>

#define HYPERVISOR_VIRT_START_	0xffff800000000000UL
#define HYPERVISOR_VIRT_END_	0xffff880000000000UL

void toggle_guest_mode(struct vcpu *v)
{
	if (v->in_kernel) {
		v->gs_base_kernel = rdmsr(MSR_GS_BASE);
		wrmsr(MSR_GS_BASE, v->gs_base_user);
	} else {
		v->gs_base_user = rdmsr(MSR_GS_BASE);
		wrmsr(MSR_GS_BASE, v->gs_base_kernel);
	}
	v->in_kernel = !v->in_kernel;
	load_cr3((v->in_kernel ? v->guest_table : v->guest_table_user)
		  << PAGE_SHIFT);
}

bool pv_bounce(struct vcpu *v, struct cpu_regs *regs, unsigned long handler,
	       unsigned int tbf, uint32_t error_code)
{
	struct vcpu_info *vi = v->vcpu_info;
	uint64_t frame[12];
	unsigned int n = 0, i;
	unsigned long sp, cs = regs->cs;
	uint8_t saved_mask;

	if (!handler) {
		domain_crash(v->domain, "no handler for a bounce (vector %u)",
			     regs->vector);
		return false;
	}
	if (v->in_kernel) {
		sp = regs->rsp;
		cs &= ~3UL;			/* tell the guest: kernel mode */
	} else {
		toggle_guest_mode(v);
		sp = v->kernel_sp;
	}
	sp &= ~15UL;
	saved_mask = vi->evtchn_upcall_mask;
	if (tbf & TBF_INTERRUPT)
		vi->evtchn_upcall_mask = 1;

	/* Built from the lowest address up. */
	frame[n++] = regs->rcx;
	frame[n++] = regs->r11;
	if (tbf & TBF_EXCEPTION_ERRCODE)
		frame[n++] = error_code;
	if (tbf & TBF_FAILSAFE) {	/* the selectors that failed to load */
		frame[n++] = v->sel_ds;
		frame[n++] = v->sel_es;
		frame[n++] = v->sel_fs;
		frame[n++] = v->sel_gs;
	}
	frame[n++] = regs->rip;
	frame[n++] = (cs & 0xffff) | ((uint64_t)saved_mask << 32);
	frame[n++] = (regs->rflags & ~X86_EFLAGS_IF) |
		     (saved_mask ? 0 : X86_EFLAGS_IF);
	frame[n++] = regs->rsp;
	frame[n++] = regs->ss;
	sp -= n * sizeof(uint64_t);
	if (sp >= HYPERVISOR_VIRT_START_ && sp < HYPERVISOR_VIRT_END_ + 64)
		goto bad_stack;
	for (i = 0; i < n; i++)
		if (copy_to_guest(sp + i * 8, &frame[i], 8))
			goto bad_stack;

	regs->rflags &= ~(X86_EFLAGS_AC | X86_EFLAGS_VM | X86_EFLAGS_RF |
			  X86_EFLAGS_NT | X86_EFLAGS_TF);
	regs->ss = FLAT_KERNEL_SS;
	regs->rsp = sp;
	regs->cs = FLAT_KERNEL_CS;
	regs->rip = handler;
	return true;

bad_stack:
	domain_crash(v->domain, "cannot write a bounce frame at %#lx "
		     "(rip %#lx, vector %u)", sp, regs->rip, regs->vector);
	return false;
}

void pv_inject_trap(struct vcpu *v, struct cpu_regs *regs, unsigned int vector,
		    bool has_error_code, uint32_t error_code)
{
	const struct trap_info *ti = &v->trap_ctxt[vector];
	unsigned int tbf = has_error_code ? TBF_EXCEPTION_ERRCODE : 0;

	if (!ti->address) {
		domain_crash(v->domain, "unhandled exception %u at %#lx "
			     "(error code %#x): no trap handler registered",
			     vector, regs->rip, error_code);
		return;
	}
	if (ti->flags & 4)	/* interrupt gate: mask events */
		tbf |= TBF_INTERRUPT;
	pv_bounce(v, regs, ti->address, tbf, error_code);
}

/*
 * entry.S: the return into the guest faulted on the frame @regs, which
 * the guest gave HYPERVISOR_iret (a null or bad selector) or an emulated
 * instruction left (a non-canonical RIP).  As in Xen 4.17, the fault is
 * the guest's: it is injected as if the guest had taken it at the frame
 * it was returning to (Xen reports a null SS as "#GP[0000]" there), and
 * a guest without a handler for it is crashed with the reason.  Never a
 * host panic.
 */
void pv_iret_faulted(struct cpu_regs *regs)
{
	struct vcpu *v = current;
	const struct cpu_regs *fault = last_fixed_fault();

	dprintk(LOG_INFO, "d%u: return to %04lx:%#lx (ss %04lx) faulted: "
		"vector %u\n", v->domain->domain_id, regs->cs, regs->rip,
		regs->ss, fault->vector);
	regs->vector = fault->vector;
	regs->error_code = fault->error_code;
	pv_inject_trap(v, regs, fault->vector, true, fault->error_code);
}

void deliver_pending_upcall(struct vcpu *v, struct cpu_regs *regs)
{
	struct vcpu_info *vi = v->vcpu_info;

	if (v->failsafe_pending) {
		v->failsafe_pending = false;
		pv_bounce(v, regs, v->failsafe_callback, TBF_FAILSAFE |
			  (v->failsafe_masks_events ? TBF_INTERRUPT : 0), 0);
		return;
	}
	if (vi->evtchn_upcall_mask || !vi->evtchn_upcall_pending)
		return;
	pv_bounce(v, regs, v->event_callback, TBF_INTERRUPT, 0);
}

/*
 * A software interrupt (int $n) through a gate the guest opened arrives
 * as #GP.  We decode the instruction rather than trust the error code,
 * which some emulators get wrong (see DESIGN.md).
 */
static bool reflect_software_interrupt(struct vcpu *v, struct cpu_regs *regs)
{
	unsigned int needed_dpl = v->in_kernel ? 1 : 3;
	const struct trap_info *ti;
	uint8_t insn[2];

	if (copy_from_guest(insn, regs->rip, 2) || insn[0] != 0xcd)
		return false;
	ti = &v->trap_ctxt[insn[1]];
	if (!ti->address || (ti->flags & 3) < needed_dpl)
		return false;
	regs->rip += 2;
	pv_bounce(v, regs, ti->address, (ti->flags & 4) ? TBF_INTERRUPT : 0, 0);
	return true;
}

/*
 * QEMU 7.2's TCG reads the stack of an IRET as a supervisor access even
 * at CPL 3, so with SMAP on, a PV kernel's own iretq (Linux's
 * sync_core) faults on its (user) stack with a supervisor error code
 * that real hardware never gives from ring 3.  We do the iretq for it,
 * allowing only the flat ring-3 selectors.
 */
static bool emulate_guest_iretq(struct vcpu *v, struct cpu_regs *regs)
{
	uint8_t insn[2];
	uint64_t frame[5];		/* rip, cs, rflags, rsp, ss */

	if ((regs->error_code & PFEC_user) ||
	    copy_from_guest(insn, regs->rip, 2) || insn[0] != 0x48 ||
	    insn[1] != 0xcf || copy_from_guest(frame, regs->rsp, sizeof(frame)))
		return false;
	if ((frame[1] != FLAT_RING3_CS64 && frame[1] != FLAT_RING3_CS32) ||
	    frame[4] != FLAT_RING3_SS64 || !guest_range_ok(frame[0], 1))
		return false;
	regs->rip = frame[0];
	regs->cs = frame[1];
	regs->rflags = (frame[2] & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM)) |
		       X86_EFLAGS_IF;
	regs->rsp = frame[3];
	regs->ss = frame[4];
	return true;
}

static void handle_page_fault(struct vcpu *v, struct cpu_regs *regs)
{
	unsigned long cr2 = read_cr2();

	if (pv_ptwr_emulate(v, regs, cr2) || emulate_guest_iretq(v, regs))
		return;
	v->vcpu_info->arch.cr2 = cr2;
	v->crashed_cr2 = cr2;
	pv_inject_trap(v, regs, TRAP_page_fault, true, regs->error_code);
}

void pv_handle_exception(struct cpu_regs *regs)
{
	struct vcpu *v = current;
	unsigned int vector = regs->vector;

	switch (vector) {
	case TRAP_page_fault:
		handle_page_fault(v, regs);
		return;
	case TRAP_gp_fault:
		if (regs->error_code == 0 && v->in_kernel &&
		    pv_emulate_privileged_op(regs))
			return;
		if (reflect_software_interrupt(v, regs))
			return;
		break;
	case TRAP_invalid_op:
		if (pv_emulate_forced_cpuid(regs))
			return;
		break;
	case TRAP_debug:
		pv_note_debug_trap(v);
		break;
	case TRAP_no_device:
		/* CR0.TS was set for the guest (fpu_taskswitch). */
		asm volatile("clts");
		if (v->fpu_taskswitched) {
			v->fpu_taskswitched = false;
			break;
		}
		return;
	}
	pv_inject_trap(v, regs, vector,
		       vector == TRAP_double_fault ||
		       (vector >= TRAP_invalid_tss && vector <= TRAP_page_fault) ||
		       vector == TRAP_alignment_check, regs->error_code);
}

/* ---- hypercalls ---- */

long do_set_trap_table(const struct trap_info *traps)
{
	struct vcpu *v = current;
	struct trap_info ti;
	unsigned int n;

	if (!traps) {
		memset(v->trap_ctxt, 0, sizeof(v->trap_ctxt));
		return 0;
	}
	for (n = 0; n < 256; n++, traps++) {
		if (copy_from_guest(&ti, traps, sizeof(ti)))
			return -EFAULT;
		if (ti.address == 0)
			break;
		if (!guest_range_ok(ti.address, 1))
			return -EINVAL;
		v->trap_ctxt[ti.vector] = ti;
	}
	return 0;
}

static long register_callback(struct vcpu *v, unsigned int type,
			      unsigned long address, unsigned int flags)
{
	if (address && !guest_range_ok(address, 1))
		return -EINVAL;
	switch (type) {
	case CALLBACKTYPE_event:
		v->event_callback = address;
		return 0;
	case CALLBACKTYPE_failsafe:
		v->failsafe_callback = address;
		v->failsafe_masks_events = flags & CALLBACKF_mask_events;
		return 0;
	case CALLBACKTYPE_syscall:
		v->syscall_callback = address;
		v->syscall_masks_events = flags & CALLBACKF_mask_events;
		return 0;
	case CALLBACKTYPE_syscall32:
	case CALLBACKTYPE_sysenter:
	case CALLBACKTYPE_nmi:
		/* Accepted and unused: no 32-bit PV, no guest NMIs yet. */
		return 0;
	}
	return -EINVAL;
}

long do_set_callbacks(unsigned long event, unsigned long failsafe,
		      unsigned long syscall)
{
	struct vcpu *v = current;
	long rc;

	rc = register_callback(v, CALLBACKTYPE_event, event, 0);
	if (!rc)
		rc = register_callback(v, CALLBACKTYPE_failsafe, failsafe, 0);
	if (!rc)
		rc = register_callback(v, CALLBACKTYPE_syscall, syscall, 0);
	return rc;
}

long do_callback_op(int cmd, unsigned long arg)
{
	struct callback_register reg;
	struct callback_unregister unreg;

	switch (cmd) {
	case CALLBACKOP_register:
		if (copy_from_guest(&reg, arg, sizeof(reg)))
			return -EFAULT;
		return register_callback(current, reg.type, reg.address,
					 reg.flags);
	case CALLBACKOP_unregister:
		if (copy_from_guest(&unreg, arg, sizeof(unreg)))
			return -EFAULT;
		if (unreg.type == CALLBACKTYPE_event)
			return -EINVAL;
		return register_callback(current, unreg.type, 0, 0);
	}
	return hypercall_unimplemented(__HYPERVISOR_callback_op, cmd);
}

long do_iret(struct cpu_regs *regs)
{
	struct vcpu *v = current;
	struct iret_context ic;

	if (copy_from_guest(&ic, regs->rsp, sizeof(ic))) {
		domain_crash(v->domain, "iret: bad frame at %#lx", regs->rsp);
		return 0;
	}
	if ((ic.cs & 3) == 3) {
		if (!v->guest_table_user) {
			domain_crash(v->domain, "iret to user mode without "
				     "user page tables");
			return 0;
		}
		toggle_guest_mode(v);
	}
	if (!guest_range_ok(ic.rip, 1)) {
		domain_crash(v->domain, "iret to %#lx", ic.rip);
		return 0;
	}
	regs->rip = ic.rip;
	regs->cs = ic.cs | 3;
	regs->rflags = (ic.rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_VM)) |
		       X86_EFLAGS_IF;
	regs->rsp = ic.rsp;
	regs->ss = ic.ss | 3;
	if (!(ic.flags & VGCF_in_syscall)) {
		regs->r11 = ic.r11;
		regs->rcx = ic.rcx;
	}
	v->vcpu_info->evtchn_upcall_mask = !(ic.rflags & X86_EFLAGS_IF);
	return ic.rax;
}

/*
 * As Xen, any stack is taken: a bounce onto one the guest may not write
 * (pv_bounce) kills the domain with the reason, as it does there.
 */
long do_stack_switch(unsigned long ss, unsigned long esp)
{
	current->kernel_ss = ss;
	current->kernel_sp = esp;
	return 0;
}

/*
 * Loading a selector into %gs also loads its base: do it on the user
 * side, keeping the kernel's GS base, and record the base it gave.
 */
static long load_user_gs_selector(struct vcpu *v, uint16_t sel)
{
	unsigned long kernel_base = rdmsr(MSR_GS_BASE);
	long rc = 0;

	if ((sel & 3) != 3 && sel != 0)
		return -EINVAL;
	asm volatile("1: mov %w1, %%gs\n"
		     "2:\n"
		     ".pushsection .text.fixup, \"ax\"\n"
		     "3: mov $%c2, %0\n"
		     "   jmp 2b\n"
		     ".popsection\n"
		     ASM_EXTABLE(1b, 3b)
		     : "+r"(rc) : "r"(sel), "i"(-EFAULT));
	v->gs_base_user = rdmsr(MSR_GS_BASE);
	wrmsr(MSR_GS_BASE, kernel_base);
	return rc;
}

long do_set_segment_base(unsigned int which, unsigned long base)
{
	struct vcpu *v = current;

	if (which != SEGBASE_GS_USER_SEL && !guest_range_ok(base, 0))
		return -EINVAL;
	if (!is_canonical(base))
		return -EINVAL;
	switch (which) {
	case SEGBASE_FS:
		v->fs_base = base;
		wrmsr(MSR_FS_BASE, base);
		return 0;
	case SEGBASE_GS_USER:
		v->gs_base_user = base;
		if (!v->in_kernel)
			wrmsr(MSR_GS_BASE, base);
		return 0;
	case SEGBASE_GS_KERNEL:
		v->gs_base_kernel = base;
		if (v->in_kernel)
			wrmsr(MSR_GS_BASE, base);
		return 0;
	case SEGBASE_GS_USER_SEL:
		return load_user_gs_selector(v, (uint16_t)base);
	}
	return -EINVAL;
}

long do_fpu_taskswitch(int set)
{
	current->fpu_taskswitched = set != 0;
	if (set)
		asm volatile("mov %%cr0, %%rax; or $8, %%rax; mov %%rax, %%cr0"
			     : : : "rax");
	else
		asm volatile("clts");
	return 0;
}
