/*
 * Entry point and Xen ELF notes.
 *
 * The image is linked at virtual address 0 (VIRT_BASE = PADDR_OFFSET = 0),
 * so the domain builder's 1:1 bootstrap mapping gives virtual address ==
 * pseudo-physical address.  Xen enters at _start in guest-kernel mode with
 * rsi = start_info, events masked and a one-page boot stack; we move to our
 * own boot stack at once.
 */
#include <xen/elfnote.h>

#define ELFNOTE(type, desc_directive, desc)		\
	.pushsection .note.Xen, "a", @note;		\
	.p2align 2;					\
	.long 2f - 1f;					\
	.long 4f - 3f;					\
	.long type;					\
1:	.asciz "Xen";					\
2:	.p2align 2;					\
3:	desc_directive desc;				\
4:	.p2align 2;					\
	.popsection

ELFNOTE(XEN_ELFNOTE_GUEST_OS, .asciz, "minios")
ELFNOTE(XEN_ELFNOTE_XEN_VERSION, .asciz, "xen-3.0")
ELFNOTE(XEN_ELFNOTE_LOADER, .asciz, "generic")
ELFNOTE(XEN_ELFNOTE_VIRT_BASE, .quad, 0)
ELFNOTE(XEN_ELFNOTE_PADDR_OFFSET, .quad, 0)
ELFNOTE(XEN_ELFNOTE_ENTRY, .quad, _start)

	.section .text.boot, "ax"
	.globl _start
_start:
	cld
	lea	boot_stack_top(%rip), %rsp
	mov	%rsi, %rdi
	call	start_kernel
	ud2

	.section .bss
	.p2align 12
boot_stack:
	.skip 4 * 4096
boot_stack_top:
