/*
 * Application processors start here in real mode (SIPI vector 0x08, so
 * at physical 0x8000, where smpboot.c copies this code) and climb to
 * long mode on the boot page tables, then call ap_start() on the stack
 * the boot CPU left in tramp_stack.
 */
#include <xen-core/long_mode.h>

#define TRAMPOLINE_PHYS	0x8000
#define REL(x)		(TRAMPOLINE_PHYS + (x) - trampoline_start)

	.section .rodata
	.code16
	.globl	trampoline_start, trampoline_end, tramp_cr3, tramp_stack
trampoline_start:
	cli
	cld
	mov	%cs, %ax
	mov	%ax, %ds
	lgdtl	tramp_gdtr - trampoline_start
	mov	%cr0, %eax
	or	$1, %eax
	mov	%eax, %cr0
	ljmpl	$0x08, $REL(tramp32)

	.code32
tramp32:
	mov	$0x10, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	mov	REL(tramp_cr3), %eax
	ENABLE_LONG_MODE_PAGING
	ljmp	$0x18, $REL(tramp64)

	.code64
tramp64:
	mov	$0x10, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	mov	REL(tramp_stack), %rsp
	movabs	$ap_start, %rax
	call	*%rax
1:	hlt
	jmp	1b

	.balign 8
tramp_gdt:
	.quad	0
	.quad	0x00cf9b000000ffff		/* 0x08: 32-bit code */
	.quad	0x00cf93000000ffff		/* 0x10: data */
	.quad	0x00af9b000000ffff		/* 0x18: 64-bit code */
tramp_gdtr:
	.short	tramp_gdtr - tramp_gdt - 1
	.long	REL(tramp_gdt)
	.balign 8
tramp_cr3:
	.long	0
	.balign 8
tramp_stack:
	.quad	0
trampoline_end:

	.section .note.GNU-stack, "", @progbits
