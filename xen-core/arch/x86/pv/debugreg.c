/*
 * Guest debug registers.  A PV guest sets DR0-3 (addresses in its own
 * half of the address space), DR6 and DR7 with set_debugreg.  They are
 * in the CPU while one of its vCPUs runs with a breakpoint enabled, and
 * DR7 is cleared when a vCPU without one (or the idle loop) follows.
 *
 * With CR4.DE clear (always, for our guests) DR4 and DR5 are DR6 and
 * DR7, as on the hardware and in Xen.
 *
 * A #DB the guest takes adds the hardware's DR6 status bits to the
 * guest's DR6 (its handler reads it with get_debugreg) and is bounced to
 * it.  A #DB xen-core takes itself can only be a guest's watchpoint on
 * a buffer a hypercall writes, or (CVE-2018-8897, XSA-260) a guest's
 * data breakpoint on a `mov ss` operand delivered right after the
 * `syscall` that follows, at the SYSCALL entry, before xen-core has a
 * stack of its own: #DB runs on an IST stack for that, and it is
 * dropped, as Xen does.
 *
 * The test-only boot option test_syscall_breakpoint arms a ring-0
 * instruction breakpoint on the SYSCALL entry in DR0 of every CPU,
 * whenever no guest breakpoint is loaded, so that every hypercall and
 * guest system call takes that #DB: QEMU's TCG does not reproduce the
 * `mov ss` quirk, so the tests check the mechanism this way.
 */
#include <xen-core/console.h>
#include <xen-core/hypercall.h>
#include <xen-core/guest_access.h>
#include <xen-core/pv.h>
#include <xen-core/sched.h>
#include <xen-core/smp.h>

#define DR6_DEFAULT	0xffff0ff0UL	/* reserved bits as they read */
#define DR6_STATUS	0xe00fUL	/* B0-B3, BD, BS, BT */
#define DR7_DEFAULT	0x400UL
#define DR7_ENABLES	0xffUL		/* L0/G0 .. L3/G3 */
#define DR7_GD		(1UL << 13)	/* general detect: would trap us */
#define DR7_WRITABLE	0xffff23ffUL	/* enables, LE/GE, GD, RW/LEN */
#define DR7_RW_IO	2UL		/* needs CR4.DE, which we never set */

static bool loaded_on[NR_CPUS];
bool opt_test_syscall_breakpoint;
extern char syscall_entry[];
static unsigned long syscall_entry_hits;

#define read_dr(n) ({ unsigned long v_; \
	asm volatile("mov %%db" #n ", %0" : "=r"(v_)); v_; })
#define write_dr(n, v) asm volatile("mov %0, %%db" #n : : "r"(v))

static bool io_breakpoint_enabled(unsigned long dr7)
{
	for (unsigned int i = 0; i < 4; i++)
		if ((dr7 >> (2 * i)) & 3 &&
		    ((dr7 >> (16 + 4 * i)) & 3) == DR7_RW_IO)
			return true;
	return false;
}

/* xen-core's own DR0/DR7: nothing, or the test breakpoint. */
void load_host_debugregs(void)
{
	if (opt_test_syscall_breakpoint) {
		write_dr(0, (unsigned long)syscall_entry);
		write_dr(7, DR7_DEFAULT | 1UL);	/* L0, execute, 1 byte */
	} else {
		write_dr(7, DR7_DEFAULT);
	}
}

/* Puts @v's breakpoints in this CPU, or takes a previous vCPU's out. */
void load_guest_debugregs(struct vcpu *v)
{
	unsigned int cpu = smp_processor_id();

	if (v && (v->debugreg[7] & DR7_ENABLES)) {
		write_dr(0, v->debugreg[0]);
		write_dr(1, v->debugreg[1]);
		write_dr(2, v->debugreg[2]);
		write_dr(3, v->debugreg[3]);
		write_dr(6, v->debugreg[6]);
		write_dr(7, v->debugreg[7]);
		loaded_on[cpu] = true;
	} else if (loaded_on[cpu]) {
		load_host_debugregs();
		loaded_on[cpu] = false;
	}
}

/* DR4/DR5 name DR6/DR7 while CR4.DE is clear; -1 for no register. */
static int debug_register(int reg)
{
	if (reg == 4 || reg == 5)
		return reg + 2;
	return reg >= 0 && reg <= 7 ? reg : -1;
}

long do_set_debugreg(int reg, unsigned long value)
{
	struct vcpu *v = current;

	switch (reg = debug_register(reg)) {
	case 0: case 1: case 2: case 3:
		if (!guest_range_ok(value, 1))
			return -EPERM;
		break;
	case 6:
		value = (value & DR6_STATUS) | DR6_DEFAULT;
		break;
	case 7:
		if ((value & ~DR7_WRITABLE) >> 32 || (value & DR7_GD) ||
		    io_breakpoint_enabled(value))
			return -EPERM;
		value = (value & DR7_WRITABLE) | DR7_DEFAULT;
		break;
	default:
		return -ENODEV;		/* as Xen: no such register */
	}
	v->debugreg[reg] = value;
	load_guest_debugregs(v);
	return 0;
}

long do_get_debugreg(int reg)
{
	reg = debug_register(reg);
	return reg < 0 ? -ENODEV : (long)current->debugreg[reg];
}

/* A guest's #DB: keep what the hardware says for its handler. */
void pv_note_debug_trap(struct vcpu *v)
{
	v->debugreg[6] |= read_dr(6) & DR6_STATUS;
	write_dr(6, DR6_DEFAULT);
}

/* A #DB in xen-core: a guest watchpoint hit by a hypercall's copy. */
void debug_trap_in_hypervisor(struct cpu_regs *regs)
{
	write_dr(6, DR6_DEFAULT);
	/* RF: an instruction breakpoint must not fire again on return. */
	regs->rflags = (regs->rflags & ~X86_EFLAGS_TF) | X86_EFLAGS_RF;
	if (regs->rip == (unsigned long)syscall_entry &&
	    __atomic_fetch_add(&syscall_entry_hits, 1, __ATOMIC_RELAXED) == 0)
		printk("#DB at the SYSCALL entry, rsp %#lx: dropped\n",
		       regs->rsp);
}
