/*
 * CPU exceptions.  Every exception is fatal: MiniOS prints the registers
 * and a short stack dump, then asks Xen to crash the domain.
 */
#ifndef MINIOS_TRAPS_H
#define MINIOS_TRAPS_H

#include <stdint.h>

/* Layout built by entry.S, lowest address first. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error_code;
	uint64_t rip, cs, rflags, rsp, ss;	/* as Xen delivered them */
};

void traps_init(void);
void __attribute__((noreturn)) do_trap(struct trap_frame *f);

#endif
