/*
 * Multiboot2 entry: GRUB leaves us in 32-bit protected mode with paging
 * off, EAX = magic, EBX = physical address of the boot information.
 * We map the first 4 GiB both 1:1 and at DIRECTMAP_VIRT_START with 2 MiB
 * pages, enter long mode and continue in C at __start_xen() on the
 * direct map.  The image is loaded as a flat binary (address tag), so
 * nothing here depends on GRUB's ELF loader.
 */
#include <xen-core/layout.h>
#include <xen-core/percpu.h>
#include <xen-core/long_mode.h>

#define MB2_MAGIC		0xe85250d6
#define MB2_BOOTLOADER_MAGIC	0x36d76289
#define MB2_ARCH_I386		0
#define MB2_TAG_END		0
#define MB2_TAG_ADDRESS		2
#define MB2_TAG_ENTRY		3
#define MB2_TAG_MODULE_ALIGN	6

#define PTE_P		0x001
#define PTE_RW		0x002
#define PTE_PSE		0x080

#define COM1		0x3f8

	.section .text.head, "ax"
	.code32
	.balign 8
mb2_header:
	.long	MB2_MAGIC
	.long	MB2_ARCH_I386
	.long	mb2_header_end - mb2_header
	.long	-(MB2_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	.balign 8
	.short	MB2_TAG_ADDRESS, 0
	.long	24
	.long	__pa(mb2_header)
	.long	__pa(_start)
	.long	__pa(_edata)
	.long	__pa(_end)
	.balign 8
	.short	MB2_TAG_ENTRY, 0
	.long	12
	.long	__pa(start32)
	.balign 8
	.short	MB2_TAG_MODULE_ALIGN, 0
	.long	8
	.balign 8
	.short	MB2_TAG_END, 0
	.long	8
mb2_header_end:

	.globl	start32
start32:
	cli
	cld
	mov	$__pa(boot_stack_top), %esp
	mov	%ebx, %esi			/* keep the boot information */
	cmp	$MB2_BOOTLOADER_MAGIC, %eax
	jne	not_multiboot2

	/* Long mode and NX are mandatory. */
	mov	$0x80000001, %eax
	cpuid
	bt	$29, %edx
	jnc	no_long_mode
	bt	$20, %edx
	jnc	no_long_mode

	/* 2048 2 MiB pages: the first 4 GiB. */
	mov	$__pa(boot_l2), %edi
	xor	%ecx, %ecx
1:	mov	%ecx, %eax
	shl	$21, %eax
	or	$(PTE_P | PTE_RW | PTE_PSE), %eax
	mov	%eax, (%edi, %ecx, 8)
	movl	$0, 4(%edi, %ecx, 8)
	inc	%ecx
	cmp	$2048, %ecx
	jb	1b

	mov	$__pa(boot_l4), %eax
	ENABLE_LONG_MODE_PAGING
	lgdt	__pa(boot_gdtr)
	ljmp	$0x08, $__pa(start64)

not_multiboot2:
	mov	$__pa(msg_not_mb2), %ebx
	jmp	early_fail
no_long_mode:
	mov	$__pa(msg_no_lm), %ebx
early_fail:
	mov	$COM1 + 5, %dx			/* wait for THR empty */
2:	in	%dx, %al
	test	$0x20, %al
	jz	2b
	mov	$COM1, %dx
	mov	(%ebx), %al
	test	%al, %al
	jz	3f
	out	%al, %dx
	inc	%ebx
	jmp	early_fail
3:	hlt
	jmp	3b

	.code64
start64:
	mov	$0x10, %eax
	mov	%eax, %ds
	mov	%eax, %es
	mov	%eax, %ss
	xor	%eax, %eax
	mov	%eax, %fs
	mov	%eax, %gs
	movabs	$high64, %rax
	jmp	*%rax
high64:
	movabs	$boot_stack_top - ((CPUINFO_SIZE + 15) & ~15), %rsp
	mov	%esi, %edi
	call	__start_xen
4:	hlt
	jmp	4b

	.section .rodata
msg_not_mb2:	.asciz "xen-core: not booted by a multiboot2 loader\r\n"
msg_no_lm:	.asciz "xen-core: this CPU lacks long mode or NX\r\n"

	.data
	.balign 8
boot_gdt:
	.quad	0
	.quad	0x00af9b000000ffff		/* 0x08: 64-bit code */
	.quad	0x00cf93000000ffff		/* 0x10: data */
boot_gdt_end:
boot_gdtr:
	.short	boot_gdt_end - boot_gdt - 1
	.long	__pa(boot_gdt)

	.balign 4096
	.globl	boot_l4
boot_l4:
	.quad	__pa(boot_l3) + (PTE_P | PTE_RW)
	.fill	261, 8, 0
	.quad	__pa(boot_l3) + (PTE_P | PTE_RW)	/* slot 262: direct map */
	.fill	249, 8, 0
boot_l3:
	.quad	__pa(boot_l2) + 0x0000 + (PTE_P | PTE_RW)
	.quad	__pa(boot_l2) + 0x1000 + (PTE_P | PTE_RW)
	.quad	__pa(boot_l2) + 0x2000 + (PTE_P | PTE_RW)
	.quad	__pa(boot_l2) + 0x3000 + (PTE_P | PTE_RW)
	.fill	508, 8, 0

	.bss
	.balign 4096
boot_l2:
	.fill	4 * 512, 8, 0
	.balign	STACK_SIZE			/* cpu_info is found from %rsp */
	.globl	boot_stack
boot_stack:
	.fill	STACK_SIZE, 1, 0
boot_stack_top:

	.section .note.GNU-stack, "", @progbits
