/*
 * Entering long mode from 32-bit protected mode, shared by the boot CPU
 * (head.S) and the others (trampoline.S).  %eax holds the physical
 * address of the L4 to use; paging is on when the macro ends.
 */
#ifndef XEN_CORE_LONG_MODE_H
#define XEN_CORE_LONG_MODE_H

.macro ENABLE_LONG_MODE_PAGING
	mov	%eax, %cr3
	mov	%cr4, %eax
	or	$0x20, %eax			/* PAE */
	mov	%eax, %cr4
	mov	$0xc0000080, %ecx		/* EFER: LME | NXE | SCE */
	rdmsr
	or	$0x901, %eax
	wrmsr
	mov	%cr0, %eax
	or	$0x80010001, %eax		/* PG | WP | PE */
	mov	%eax, %cr0
.endm

#endif
