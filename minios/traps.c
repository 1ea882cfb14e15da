/*
 * Exception table and crash dumps.
 */
#include <minios/hypercall.h>
#include <minios/kernel.h>
#include <minios/mm.h>
#include <minios/traps.h>

#define TRAP_INTERRUPT_GATE 4	/* trap_info.flags: mask events on entry */

#define TRAP_ENTRY(vec) void trap_##vec(void);
#define TRAP_LIST(X) X(0) X(1) X(2) X(3) X(4) X(5) X(6) X(7) X(8) X(9) \
	X(10) X(11) X(12) X(13) X(14) X(16) X(17) X(18) X(19)
TRAP_LIST(TRAP_ENTRY)

#define TRAP_INFO(vec) \
	{ vec, TRAP_INTERRUPT_GATE, FLAT_KERNEL_CS, (unsigned long)trap_##vec },

static const struct trap_info trap_table[] = {
	TRAP_LIST(TRAP_INFO)
	{ 0, 0, 0, 0 }		/* terminator: address 0 */
};

static const char *const trap_names[] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range", "invalid opcode", "device not available",
	"double fault", "coprocessor overrun", "invalid TSS",
	"segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 FPU error", "alignment check",
	"machine check", "SIMD FP exception",
};

void traps_init(void)
{
	if (HYPERVISOR_set_trap_table(trap_table))
		panic("traps: set_trap_table failed");
}

/* Print the top stack words if the stack lies in our 1:1 RAM mapping. */
static void dump_stack(uint64_t rsp)
{
	const uint64_t *sp = (const uint64_t *)rsp;
	uint64_t ram_end = (uint64_t)start_info->nr_pages * PAGE_SIZE;

	if (rsp < PAGE_SIZE || rsp + 16 * sizeof(*sp) > ram_end) {
		printk("Stack pointer %lx outside RAM, no dump\n",
		       (unsigned long)rsp);
		return;
	}
	printk("Stack:\n");
	for (int i = 0; i < 16; i++)
		printk(" %016lx%s", (unsigned long)sp[i],
		       (i % 4 == 3) ? "\n" : "");
}

void do_trap(struct trap_frame *f)
{
	const char *name = f->vector < ARRAY_SIZE(trap_names)
				   ? trap_names[f->vector]
				   : "unknown";

	printk("\n*** MiniOS fatal exception %lu (%s), error code %lx\n",
	       (unsigned long)f->vector, name, (unsigned long)f->error_code);
	if (f->vector == 14)
		printk("page fault address (cr2): %lx\n",
		       (unsigned long)this_vcpu()->arch.cr2);
	printk("rip %016lx cs %04lx rflags %08lx rsp %016lx ss %04lx\n",
	       (unsigned long)f->rip, (unsigned long)(f->cs & 0xffff),
	       (unsigned long)f->rflags, (unsigned long)f->rsp,
	       (unsigned long)(f->ss & 0xffff));
	printk("rax %016lx rbx %016lx rcx %016lx rdx %016lx\n",
	       (unsigned long)f->rax, (unsigned long)f->rbx,
	       (unsigned long)f->rcx, (unsigned long)f->rdx);
	printk("rsi %016lx rdi %016lx rbp %016lx r8  %016lx\n",
	       (unsigned long)f->rsi, (unsigned long)f->rdi,
	       (unsigned long)f->rbp, (unsigned long)f->r8);
	printk("r9  %016lx r10 %016lx r11 %016lx r12 %016lx\n",
	       (unsigned long)f->r9, (unsigned long)f->r10,
	       (unsigned long)f->r11, (unsigned long)f->r12);
	printk("r13 %016lx r14 %016lx r15 %016lx\n",
	       (unsigned long)f->r13, (unsigned long)f->r14,
	       (unsigned long)f->r15);
	dump_stack(f->rsp);
	minios_shutdown(SHUTDOWN_crash);
}
