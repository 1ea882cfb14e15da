/* Exceptions and interrupts as seen by xen-core. */
#ifndef XEN_CORE_TRAPS_H
#define XEN_CORE_TRAPS_H

#include <xen-core/percpu.h>

#define TRAP_divide_error	0
#define TRAP_debug		1
#define TRAP_nmi		2
#define TRAP_int3		3
#define TRAP_overflow		4
#define TRAP_bounds		5
#define TRAP_invalid_op		6
#define TRAP_no_device		7
#define TRAP_double_fault	8
#define TRAP_invalid_tss	10
#define TRAP_no_segment		11
#define TRAP_stack_error	12
#define TRAP_gp_fault		13
#define TRAP_page_fault		14
#define TRAP_copro_error	16
#define TRAP_alignment_check	17
#define TRAP_machine_check	18
#define TRAP_simd_error		19

#define PFEC_present		0x01
#define PFEC_write		0x02
#define PFEC_user		0x04
#define PFEC_reserved		0x08
#define PFEC_insn		0x10

/*
 * For inline asm: a fault at label @insn resumes at label @fixup
 * (fixup_exception()), where the fixup code, if any, sits in .text.fixup.
 * Each use adds one entry to the __ex_table section.
 */
struct exception_table_entry {
	unsigned long insn, fixup;
};

#define ASM_EXTABLE(insn, fixup)				\
	".pushsection __ex_table, \"a\"\n"			\
	".balign 8\n"						\
	".quad " #insn ", " #fixup "\n"				\
	".popsection\n"

void do_trap(struct cpu_regs *regs);
void show_registers(const struct cpu_regs *regs);
/* Redirects a faulting hypervisor access to its fixup; false if none. */
bool fixup_exception(struct cpu_regs *regs);
/* What that last recovered from on this CPU (vector, error code). */
const struct cpu_regs *last_fixed_fault(void);

typedef void (*irq_handler_fn)(struct cpu_regs *regs);
void set_irq_handler(unsigned int vector, irq_handler_fn fn);

#endif
