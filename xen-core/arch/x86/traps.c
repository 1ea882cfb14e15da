/*
 * Trap dispatch.  Exceptions raised by guests go to the PV layer to be
 * emulated or reflected; exceptions in xen-core itself are either fixed
 * up (guest-memory accessors) or fatal, with a register dump.
 */
#include <xen-core/traps.h>
#include <xen-core/console.h>
#include <xen-core/io.h>
#include <xen-core/pv.h>

extern const struct exception_table_entry __start_ex_table[], __stop_ex_table[];

static const char *const trap_names[32] = {
	"divide error", "debug", "NMI", "int3", "overflow", "bounds",
	"invalid opcode", "device not available", "double fault",
	"coprocessor segment overrun", "invalid TSS", "segment not present",
	"stack error", "general protection fault", "page fault", "reserved",
	"coprocessor error", "alignment check", "machine check", "SIMD error",
	"virtualisation exception", "control protection",
};

static irq_handler_fn irq_handlers[256];

_Static_assert(__builtin_offsetof(struct cpu_info, syscall_scratch) ==
	       CPUINFO_syscall_scratch, "entry.S offsets");
_Static_assert(__builtin_offsetof(struct cpu_info, guest_frame_top) ==
	       CPUINFO_guest_frame_top, "entry.S offsets");
_Static_assert(__builtin_offsetof(struct cpu_regs, cs) == REGS_cs, "entry.S");
_Static_assert(sizeof(struct cpu_regs) == REGS_SIZE, "entry.S offsets");
_Static_assert(sizeof(struct cpu_info) == CPUINFO_SIZE, "head.S offsets");

void set_irq_handler(unsigned int vector, irq_handler_fn fn)
{
	irq_handlers[vector] = fn;
}

void show_registers(const struct cpu_regs *r)
{
	printk("----[ xen-core x86_64 ]----\n");
	printk("CPU:    %u\n", smp_processor_id());
	printk("RIP:    %04lx:[<%016lx>]\n", r->cs, r->rip);
	printk("RFLAGS: %016lx   %s\n", r->rflags,
	       regs_from_guest(r) ? "GUEST" : "HYPERVISOR");
	printk("rax: %016lx   rbx: %016lx   rcx: %016lx\n", r->rax, r->rbx, r->rcx);
	printk("rdx: %016lx   rsi: %016lx   rdi: %016lx\n", r->rdx, r->rsi, r->rdi);
	printk("rbp: %016lx   rsp: %016lx   r8:  %016lx\n", r->rbp, r->rsp, r->r8);
	printk("r9:  %016lx   r10: %016lx   r11: %016lx\n", r->r9, r->r10, r->r11);
	printk("r12: %016lx   r13: %016lx   r14: %016lx\n", r->r12, r->r13, r->r14);
	printk("r15: %016lx   cr0: %016lx   cr4: %016lx\n", r->r15, read_cr0(),
	       read_cr4());
	printk("cr3: %016lx   cr2: %016lx\n", read_cr3(), read_cr2());
	printk("ss: %04lx   cs: %04lx   error code: %04x   vector: %u\n", r->ss,
	       r->cs, r->error_code, r->vector);
}

static void show_stack(const struct cpu_regs *r)
{
	const unsigned long *sp = (const unsigned long *)r->rsp;
	unsigned int i;

	printk("Xen stack trace from rsp=%016lx:\n", r->rsp);
	for (i = 0; i < 24 && ((unsigned long)(sp + i) & (STACK_SIZE - 1)); i++)
		printk("   %016lx%s", sp[i], (i % 3) == 2 ? "\n" : "");
	printk("\n");
}

/* entry.S: where an IST exception's frame is handled (see there). */
struct cpu_regs *move_ist_frame(struct cpu_regs *regs)
{
	if (!regs_from_guest(regs))
		return regs;
	*guest_cpu_regs() = *regs;
	return guest_cpu_regs();
}

/* Per CPU, the last fault fixup_exception() recovered from. */
static struct cpu_regs last_fixed[NR_CPUS];

const struct cpu_regs *last_fixed_fault(void)
{
	return &last_fixed[smp_processor_id()];
}

bool fixup_exception(struct cpu_regs *regs)
{
	const struct exception_table_entry *e;

	for (e = __start_ex_table; e < __stop_ex_table; e++) {
		if (e->insn == regs->rip) {
			last_fixed[smp_processor_id()] = *regs;
			regs->rip = e->fixup;
			return true;
		}
	}
	return false;
}

static void __attribute__((noreturn)) fatal_trap(struct cpu_regs *regs)
{
	console_force_unlock();
	show_registers(regs);
	show_stack(regs);
	panic("FATAL TRAP: vector = %u (%s)%s", regs->vector,
	      regs->vector < 32 && trap_names[regs->vector] ?
	      trap_names[regs->vector] : "?",
	      regs->vector == TRAP_page_fault ?
	      ((regs->error_code & PFEC_write) ? " [write]" : " [read]") : "");
}

static void do_irq(struct cpu_regs *regs)
{
	irq_handler_fn fn = irq_handlers[regs->vector];

	if (fn)
		fn(regs);
	else
		dprintk(LOG_DEBUG, "spurious interrupt vector %u\n", regs->vector);
}

void do_trap(struct cpu_regs *regs)
{
	if (regs->vector >= 32) {
		do_irq(regs);
		return;
	}
	if (regs->vector == TRAP_nmi) {
		printk("NMI received on CPU%u\n", smp_processor_id());
		return;
	}
	if (regs_from_guest(regs) && regs->vector != TRAP_double_fault &&
	    regs->vector != TRAP_machine_check) {
		pv_handle_exception(regs);
		return;
	}
	if (regs->vector == TRAP_debug) {
		debug_trap_in_hypervisor(regs);
		return;
	}
	if (fixup_exception(regs))
		return;
	fatal_trap(regs);
}
