/*
 * Entry of the tiny PV test kernels: record the registers exactly as
 * the hypervisor left them, switch to our own stack, call pvk_main(si).
 */
#include <xen/elfnote.h>

.macro NOTE_BEGIN type
	.pushsection .note.Xen, "a", @note
	.balign 4
	.long	2f - 1f
	.long	4f - 3f
	.long	\type
1:	.asciz	"Xen"
2:	.balign 4
3:
.endm
.macro NOTE_END
4:	.balign 4
	.popsection
.endm
.macro NOTE_STR type, str
	NOTE_BEGIN \type
	.asciz	"\str"
	NOTE_END
.endm
.macro NOTE_QUAD type, value
	NOTE_BEGIN \type
	.quad	\value
	NOTE_END
.endm

	NOTE_STR XEN_ELFNOTE_GUEST_OS, pvk
	NOTE_STR XEN_ELFNOTE_GUEST_VERSION, 1
	NOTE_STR XEN_ELFNOTE_XEN_VERSION, xen-3.0
	NOTE_STR XEN_ELFNOTE_LOADER, generic
	NOTE_QUAD XEN_ELFNOTE_VIRT_BASE, 0
	NOTE_QUAD XEN_ELFNOTE_PADDR_OFFSET, 0
	NOTE_QUAD XEN_ELFNOTE_ENTRY, _start
#ifdef WITH_HYPERCALL_PAGE
	NOTE_QUAD XEN_ELFNOTE_HYPERCALL_PAGE, hypercall_page

	.text
	.balign 4096
	.globl	hypercall_page
hypercall_page:
	.fill	4096, 1, 0xcc
#endif

	.section .text.entry, "ax"
	.globl	_start
_start:
	mov	%rax, boot_regs + 0(%rip)
	mov	%rbx, boot_regs + 8(%rip)
	mov	%rcx, boot_regs + 16(%rip)
	mov	%rdx, boot_regs + 24(%rip)
	mov	%rsi, boot_regs + 32(%rip)
	mov	%rdi, boot_regs + 40(%rip)
	mov	%rbp, boot_regs + 48(%rip)
	mov	%rsp, boot_regs + 56(%rip)
	mov	%r8, boot_regs + 64(%rip)
	mov	%r9, boot_regs + 72(%rip)
	mov	%r10, boot_regs + 80(%rip)
	mov	%r11, boot_regs + 88(%rip)
	mov	%r12, boot_regs + 96(%rip)
	mov	%r13, boot_regs + 104(%rip)
	mov	%r14, boot_regs + 112(%rip)
	mov	%r15, boot_regs + 120(%rip)
	pushf
	pop	%rax
	mov	%rax, boot_regs + 128(%rip)
	mov	%cs, %ax
	mov	%ax, boot_regs + 136(%rip)
	mov	%ss, %ax
	mov	%ax, boot_regs + 138(%rip)
	mov	%ds, %ax
	mov	%ax, boot_regs + 140(%rip)
	mov	%es, %ax
	mov	%ax, boot_regs + 142(%rip)
	mov	%fs, %ax
	mov	%ax, boot_regs + 144(%rip)
	mov	%gs, %ax
	mov	%ax, boot_regs + 146(%rip)
	lea	stack_top(%rip), %rsp
	mov	%rsi, %rdi
	call	pvk_main
1:	jmp	1b

	.bss
	.balign 16
	.globl	boot_regs
boot_regs:
	.fill	19, 8, 0
	.balign 4096
stack:
	.fill	16384, 1, 0
stack_top:

	.section .note.GNU-stack, "", @progbits
