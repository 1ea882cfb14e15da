/*
 * Emulating what a PV kernel in ring 3 cannot execute: CPUID through
 * the forced-emulation prefix (ud2; .ascii "xen"; cpuid), and, on #GP,
 * the privileged instructions PV kernels still issue (MSR access,
 * control registers, cli/sti, wbinvd, hlt; in/out are port_io.c's).
 */
#include <xen-core/pv.h>
#include <xen-core/console.h>
#include <xen-core/errno.h>
#include <xen-core/guest_access.h>
#include <xen-core/hypercall.h>
#include <xen-core/io.h>
#include <xen-core/version.h>

#define XEN_CPUID_BASE		0x40000000
#define MSR_EFER_		0xc0000080
#define MSR_MISC_ENABLE		0x000001a0
#define MSR_PAT			0x00000277
#define MSR_MCG_CAP		0x00000179
#define MSR_MCG_STATUS		0x0000017a

/* Features a PV guest must not see (Xen's 'S'/'H' markings, and more). */
#define LEAF1_ECX_HIDE	((1U << 5) | (1U << 6) | (1U << 7) | (1U << 8) | \
			 (1U << 17) | (1U << 18) | (1U << 21) | (1U << 24) | \
			 (1U << 26) | (1U << 27) | (1U << 28))
#define LEAF1_EDX_HIDE	((1U << 1) | (1U << 2) | (1U << 3) | (1U << 9) | \
			 (1U << 13) | (1U << 17) | (1U << 22) | \
			 (1U << 29) | (1U << 31))
#define LEAF7_EBX_HIDE	((1U << 0) | (1U << 7) | (1U << 10) | (1U << 20) | \
			 (1U << 5) | (1U << 16) | (1U << 14))
#define LEAF7_ECX_HIDE	((1U << 2) | (1U << 3) | (1U << 4))
#define EXT1_EDX_HIDE	(1U << 26)
#define EXT1_ECX_HIDE	(1U << 2)
#define HYPERVISOR_BIT	(1U << 31)
#define LEAF1_EDX_MTRR	(1U << 12)	/* only the control domain sees it */

static const uint8_t forced_emulation_prefix[] = { 0x0f, 0x0b, 'x', 'e', 'n' };

static void hypervisor_leaf(uint32_t leaf, uint32_t *a, uint32_t *b,
			    uint32_t *c, uint32_t *d)
{
	*a = *b = *c = *d = 0;
	switch (leaf - XEN_CPUID_BASE) {
	case 0:
		*a = XEN_CPUID_BASE + 5;
		memcpy(b, "XenV", 4);
		memcpy(c, "MMXe", 4);
		memcpy(d, "nVMM", 4);
		break;
	case 1:
		*a = (XEN_ABI_MAJOR << 16) | XEN_ABI_MINOR;
		break;
	case 2:
		*a = 1;			/* hypercall pages */
		*b = XEN_CPUID_BASE;	/* MSR that would fill one */
		break;
	}
}

void guest_cpuid(const struct vcpu *v, uint32_t leaf, uint32_t subleaf,
		 uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	if (leaf >= XEN_CPUID_BASE && leaf < XEN_CPUID_BASE + 0x100) {
		hypervisor_leaf(leaf, a, b, c, d);
		return;
	}
	cpuid_count(leaf, subleaf, a, b, c, d);
	switch (leaf) {
	case 1:
		/* No APIC here: the initial APIC ID reads 0, as Xen gives PV
		 * guests (the host CPU's would change as the vCPU moves). */
		*b &= 0x00ffffff;
		*c = (*c & ~LEAF1_ECX_HIDE) | HYPERVISOR_BIT;
		*d &= ~LEAF1_EDX_HIDE;
		if (!v->domain->is_privileged)
			*d &= ~LEAF1_EDX_MTRR;
		break;
	case 7:
		if (subleaf == 0) {
			*b &= ~LEAF7_EBX_HIDE;
			*c &= ~LEAF7_ECX_HIDE;
		}
		break;
	case 0xd:			/* XSAVE is hidden */
		*a = *b = *c = *d = 0;
		break;
	case 0x80000001:
		*d &= ~EXT1_EDX_HIDE;
		*c &= ~EXT1_ECX_HIDE;
		break;
	}
}

bool pv_emulate_forced_cpuid(struct cpu_regs *regs)
{
	uint8_t insn[sizeof(forced_emulation_prefix) + 2];
	uint32_t a, b, c, d;

	if (copy_from_guest(insn, regs->rip, sizeof(insn)) ||
	    memcmp(insn, forced_emulation_prefix, sizeof(forced_emulation_prefix)) ||
	    insn[5] != 0x0f || insn[6] != 0xa2)
		return false;
	guest_cpuid(current, (uint32_t)regs->rax, (uint32_t)regs->rcx,
		    &a, &b, &c, &d);
	regs->rax = a;
	regs->rbx = b;
	regs->rcx = c;
	regs->rdx = d;
	regs->rip += sizeof(insn);
	return true;
}

/* ---- privileged instructions ---- */

static bool read_msr(struct vcpu *v, uint32_t msr, uint64_t *val)
{
	switch (msr) {
	case MSR_FS_BASE:
		*val = rdmsr(MSR_FS_BASE);
		return true;
	case MSR_GS_BASE:
		*val = v->in_kernel ? rdmsr(MSR_GS_BASE) : v->gs_base_kernel;
		return true;
	case MSR_SHADOW_GS_BASE:
		*val = v->in_kernel ? v->gs_base_user : rdmsr(MSR_GS_BASE);
		return true;
	case MSR_EFER_:
		*val = rdmsr(MSR_EFER_) & ~(1UL << 0);	/* hide SCE */
		return true;
	case MSR_MISC_ENABLE:
	/* Machine checks: CPUID says MCE/MCA, but there are no banks and
	 * nothing ever pending (Linux polls these at boot). */
	case MSR_MCG_CAP:
	case MSR_MCG_STATUS:
		*val = 0;
		return true;
	case MSR_PAT:
		*val = rdmsr(MSR_PAT);
		return true;
	}
	return false;
}

static bool write_msr(struct vcpu *v, uint32_t msr, uint64_t val)
{
	switch (msr) {
	case MSR_FS_BASE:
		return do_set_segment_base(SEGBASE_FS, val) == 0;
	case MSR_GS_BASE:
		return do_set_segment_base(SEGBASE_GS_KERNEL, val) == 0;
	case MSR_SHADOW_GS_BASE:
		return do_set_segment_base(SEGBASE_GS_USER, val) == 0;
	case MSR_MCG_STATUS:
		return true;	/* clearing what was never set */
	}
	return false;
}

static uint64_t *gpr(struct cpu_regs *regs, unsigned int n)
{
	static const uint8_t off[16] = {
		offsetof(struct cpu_regs, rax), offsetof(struct cpu_regs, rcx),
		offsetof(struct cpu_regs, rdx), offsetof(struct cpu_regs, rbx),
		offsetof(struct cpu_regs, rsp), offsetof(struct cpu_regs, rbp),
		offsetof(struct cpu_regs, rsi), offsetof(struct cpu_regs, rdi),
		offsetof(struct cpu_regs, r8), offsetof(struct cpu_regs, r9),
		offsetof(struct cpu_regs, r10), offsetof(struct cpu_regs, r11),
		offsetof(struct cpu_regs, r12), offsetof(struct cpu_regs, r13),
		offsetof(struct cpu_regs, r14), offsetof(struct cpu_regs, r15),
	};

	return (uint64_t *)((char *)regs + off[n & 15]);
}

/* mov %crN, reg (0f 20) and mov reg, %crN (0f 22), as the guest sees CRs. */
static bool emulate_mov_cr(struct vcpu *v, struct cpu_regs *regs,
			   const uint8_t *op, uint8_t rex)
{
	unsigned int cr = ((op[2] >> 3) & 7) | ((rex & 4) ? 8 : 0);
	uint64_t *reg = gpr(regs, (op[2] & 7) | ((rex & 1) ? 8 : 0));

	if ((op[2] & 0xc0) != 0xc0)
		return false;
	if (op[1] == 0x20) {
		switch (cr) {
		case 0:
			*reg = (read_cr0() & ~X86_CR0_TS) |
			       (v->fpu_taskswitched ? X86_CR0_TS : 0);
			return true;
		case 2:
			*reg = v->vcpu_info->arch.cr2;
			return true;
		case 3:
			*reg = (v->in_kernel ? v->guest_table : v->guest_table_user)
			       << PAGE_SHIFT;
			return true;
		case 4:
			*reg = read_cr4() & ~(X86_CR4_SMEP | X86_CR4_SMAP |
					      X86_CR4_PGE);
			return true;
		}
		return false;
	}
	switch (cr) {
	case 0:
		return do_fpu_taskswitch(!!(*reg & X86_CR0_TS)) == 0;
	case 2:
		v->vcpu_info->arch.cr2 = *reg;
		return true;
	case 4:
		return true;	/* Linux rewrites CR4 it read; we keep ours */
	}
	return false;
}

bool pv_emulate_privileged_op(struct cpu_regs *regs)
{
	struct vcpu *v = current;
	uint8_t insn[16], rex = 0;
	unsigned int i = 0, len = 0;
	bool opsize16 = false;
	uint64_t val;

	if (copy_from_guest(insn, regs->rip, sizeof(insn)))
		return false;
	for (; i < 4; i++) {		/* legacy prefixes, then REX */
		if (insn[i] == 0x66)
			opsize16 = true;
		else if (insn[i] != 0x67 && insn[i] != 0xf3 && insn[i] != 0x2e)
			break;
	}
	if ((insn[i] & 0xf0) == 0x40)
		rex = insn[i++];
	if (pv_emulate_port_io(v, regs, &insn[i], opsize16, &len))
		goto done;
	if ((insn[i] == 0xfa || insn[i] == 0xfb) && pv_iopl_allows(v)) {
		/*
		 * cli/sti act on the event mask, as on Xen.  A later popf
		 * cannot restore it (ring 3 popf ignores IF); Linux only
		 * relies on this before its paravirt ops are patched in.
		 */
		v->vcpu_info->evtchn_upcall_mask = insn[i] == 0xfa;
		len = 1;
		goto done;
	}
	if (insn[i] == 0xf4) {			/* hlt: wait for an event */
		len = 1;
		do_sched_op(SCHEDOP_block, 0);
		goto done;
	}
	if (insn[i] != 0x0f)
		return false;
	switch (insn[i + 1]) {
	case 0x30:				/* wrmsr */
		if (!write_msr(v, (uint32_t)regs->rcx,
			       ((regs->rdx & 0xffffffff) << 32) |
			       (regs->rax & 0xffffffff)))
			return false;
		len = 2;
		break;
	case 0x32:				/* rdmsr */
		if (!read_msr(v, (uint32_t)regs->rcx, &val))
			return false;
		regs->rax = (uint32_t)val;
		regs->rdx = val >> 32;
		len = 2;
		break;
	case 0x09:				/* wbinvd: nothing to write back */
		len = 2;
		break;
	case 0x06:				/* clts */
		v->fpu_taskswitched = false;
		asm volatile("clts");
		len = 2;
		break;
	case 0x20:
	case 0x22:
		if (!emulate_mov_cr(v, regs, &insn[i], rex))
			return false;
		len = 3;
		break;
	default:
		return false;
	}
done:
	regs->rip += i + len;
	return true;
}
