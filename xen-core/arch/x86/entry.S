/*
 * Entry points from the IDT and SYSCALL, and the single exit path.
 * xen-core runs with interrupts off except in the idle loop, so every
 * entry saves the interrupted context as a struct cpu_regs on the stack,
 * calls C, and leaves through restore_all.  Returning to a guest first
 * calls exit_to_guest(), which may switch vCPUs (rewriting the frame)
 * and deliver pending events.
 */
#include <xen-core/percpu.h>

.macro SAVE_ALL
	push	%rdi
	push	%rsi
	push	%rdx
	push	%rcx
	push	%rax
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
.endm

.macro RESTORE_ALL
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rax
	pop	%rcx
	pop	%rdx
	pop	%rsi
	pop	%rdi
.endm

	.text
/* Vector stubs: 16 bytes apart so the IDT can be filled by arithmetic. */
	.balign 16
	.globl	vector_stubs
vector_stubs:
	vec = 0
	.rept	256
	.balign 16
	.if (vec == 8) || (vec >= 10 && vec <= 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	movl	$vec, 4(%rsp)		/* CPU pushed an error code */
	.else
	push	$0
	movl	$vec, 4(%rsp)
	.endif
	.if (vec == 1) || (vec == 2) || (vec == 18)
	jmp	ist_interrupt
	.else
	jmp	common_interrupt
	.endif
	vec = vec + 1
	.endr

common_interrupt:
	SAVE_ALL
	cld
	mov	%rsp, %rdi
	call	do_trap
	jmp	restore_all

/*
 * #DB, NMI and #MC arrive on IST stacks (cpu.c).  From guest mode the
 * frame moves to guest_regs, where every other entry from a guest puts
 * it, so the exit path (which may switch vCPUs or idle) never runs on
 * an IST stack, as in Xen.  #DF is fatal and stays where it is.
 */
ist_interrupt:
	SAVE_ALL
	cld
	mov	%rsp, %rdi
	call	move_ist_frame
	mov	%rax, %rsp
	mov	%rsp, %rdi
	call	do_trap
	jmp	restore_all

/*
 * SYSCALL from ring 3: a hypercall from guest-kernel mode, a system call
 * from guest-user mode.  Hardware leaves RIP in %rcx and RFLAGS in %r11
 * and does not switch stacks; KERNEL_GS_BASE always holds this CPU's
 * cpu_info, so two swapgs give us our stack without touching the
 * guest's GS base.
 */
.macro SYSCALL_FRAME vector
	swapgs
	mov	%rsp, %gs:CPUINFO_syscall_scratch
	mov	%gs:CPUINFO_guest_frame_top, %rsp
	push	$0xe02b			/* FLAT_RING3_SS64 */
	push	%gs:CPUINFO_syscall_scratch
	swapgs
	push	%r11			/* rflags */
	push	$0xe033			/* FLAT_RING3_CS64 */
	push	%rcx			/* rip */
	push	$0
	movl	$\vector, 4(%rsp)
	SAVE_ALL
	cld
	mov	%rsp, %rdi
.endm

	.globl	cstar_entry
cstar_entry:				/* SYSCALL from 32-bit code */
	SYSCALL_FRAME 0x101
	call	do_syscall
	jmp	restore_all

	.globl	syscall_entry
syscall_entry:
	SYSCALL_FRAME 0x100
	call	do_syscall
	/* fall through */

	.globl	restore_all
restore_all:
	testb	$3, REGS_cs(%rsp)
	jz	restore_xen
	mov	%rsp, %rdi
	call	exit_to_guest
	RESTORE_ALL
	add	$8, %rsp		/* error code and vector */
iret_to_guest:
	iretq
	.pushsection __ex_table, "a"
	.balign 8
	.quad	iret_to_guest, iret_to_guest_faulted
	.popsection

restore_xen:
	RESTORE_ALL
	add	$8, %rsp
	iretq

/*
 * The iretq into the guest faulted (a selector or RIP the CPU refuses in
 * the frame).  The fault's handler came back here through the exception
 * table with %rsp at the guest's iret frame and the guest's registers
 * loaded: rebuild the whole frame where it was, and let C give the
 * fault to the guest (pv_iret_faulted), then exit again.
 */
iret_to_guest_faulted:
	sub	$8, %rsp		/* error code and vector */
	SAVE_ALL
	cld
	mov	%rsp, %rdi
	call	pv_iret_faulted
	jmp	restore_all

/* Starts running whatever vCPU exit_to_guest() picks, from the frame at top. */
	.globl	reset_stack_and_enter_guest
reset_stack_and_enter_guest:
	mov	%rdi, %rsp
	jmp	restore_all


	.section .note.GNU-stack, "", @progbits
