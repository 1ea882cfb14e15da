/*
 * Loading and saving a PV vCPU's machine state: the guest frame, page
 * table root for its current mode, FS/GS bases and the FPU/SSE state.
 * xen-core is built without SSE, so the guest's registers stay intact
 * between fxrstor on the way in and fxsave on the way out.
 */
#include <xen-core/flushtlb.h>
#include <xen-core/domain.h>
#include <xen-core/fpu.h>
#include <xen-core/io.h>
#include <xen-core/pagetable.h>
#include <xen-core/sched.h>
#include <xen-core/traps.h>
#include <xen-core/pv.h>

void arch_vcpu_init(struct vcpu *v)
{
	fpu_init_state(v->fpu);
	v->in_kernel = true;
}

static void set_cr0_ts(bool ts)
{
	unsigned long cr0 = read_cr0();

	if (ts != !!(cr0 & X86_CR0_TS)) {
		cr0 = ts ? (cr0 | X86_CR0_TS) : (cr0 & ~X86_CR0_TS);
		asm volatile("mov %0, %%cr0" : : "r"(cr0));
	}
}

/* Loads a data segment selector; false (and a null selector) if it faults. */
#define LOAD_SELECTOR(seg, sel) ({					\
	bool ok_ = true;						\
	asm volatile("1: mov %w1, %%" #seg "\n"				\
		     "2:\n"						\
		     ".pushsection .text.fixup, \"ax\"\n"		\
		     "3: xor %k1, %k1\n"				\
		     "   mov %w1, %%" #seg "\n"				\
		     "   movb $0, %0\n"					\
		     "   jmp 2b\n"					\
		     ".popsection\n"					\
		     ASM_EXTABLE(1b, 3b)				\
		     : "+m"(ok_) : "r"((unsigned int)(sel)));		\
	ok_; })

#define SAVE_SELECTOR(seg, dst) \
	asm volatile("mov %%" #seg ", %w0" : "=r"(dst))

static void save_selectors(struct vcpu *v)
{
	SAVE_SELECTOR(ds, v->sel_ds);
	SAVE_SELECTOR(es, v->sel_es);
	SAVE_SELECTOR(fs, v->sel_fs);
	SAVE_SELECTOR(gs, v->sel_gs);
}

/*
 * The guest's data selectors, then its FS/GS bases (loading a selector
 * loads a base too).  A selector the guest's GDT no longer allows is
 * replaced by null and the guest told through its failsafe callback,
 * as Xen does.
 */
static void load_selectors(struct vcpu *v)
{
	bool ok = LOAD_SELECTOR(ds, v->sel_ds);

	ok &= LOAD_SELECTOR(es, v->sel_es);
	ok &= LOAD_SELECTOR(fs, v->sel_fs);
	ok &= LOAD_SELECTOR(gs, v->sel_gs);
	if (!ok)
		v->failsafe_pending = true;
	wrmsr(MSR_FS_BASE, v->fs_base);
	wrmsr(MSR_GS_BASE, v->in_kernel ? v->gs_base_kernel : v->gs_base_user);
}

void arch_save_vcpu(struct vcpu *v, struct cpu_regs *frame)
{
	v->regs = *frame;
	save_selectors(v);
	set_cr0_ts(false);
	fpu_save(v->fpu);
	v->fs_base = rdmsr(MSR_FS_BASE);
	if (v->in_kernel)
		v->gs_base_kernel = rdmsr(MSR_GS_BASE);
	else
		v->gs_base_user = rdmsr(MSR_GS_BASE);
}

/*
 * An idle CPU leaves the last guest's page tables: that domain may be
 * destroyed and its L4 freed and reused while the CPU sleeps, and the
 * next interrupt or TLB-flush call would run on whatever is there.
 */
void arch_load_idle(void)
{
	load_cr3(__pa(idle_pg_table));
	load_guest_debugregs(NULL);
}

void arch_load_vcpu(struct vcpu *v, struct cpu_regs *frame)
{
	*frame = v->regs;
	load_cr3((v->in_kernel ? v->guest_table : v->guest_table_user)
		  << PAGE_SHIFT);
	load_guest_gdt(v);
	load_guest_ldt(v);
	load_guest_debugregs(v);
	load_selectors(v);
	set_cr0_ts(false);
	fpu_load(v->fpu);
	set_cr0_ts(v->fpu_taskswitched);
	update_vcpu_time(v);
}

/* Xen's pvclock protocol: odd version while the record is being written. */
void update_vcpu_time(struct vcpu *v)
{
	struct vcpu_time_info *t = &v->vcpu_info->time;
	uint64_t tsc = rdtsc();
	uint32_t mul;
	int8_t shift;

	time_scale(&mul, &shift);
	t->version++;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t->tsc_timestamp = tsc;
	t->system_time = tsc_to_system_time(tsc);
	t->tsc_to_system_mul = mul;
	t->tsc_shift = shift;
	t->flags = XEN_PVCLOCK_TSC_STABLE_BIT;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	t->version++;
}
