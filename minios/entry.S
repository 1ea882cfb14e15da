/*
 * Low-level entry points: exceptions, the event upcall, the failsafe
 * callback and the thread switch.
 *
 * Xen delivers exceptions and events on the current (kernel) stack as
 *   rcx, r11, [error code], rip, cs, rflags, rsp, ss    (rcx lowest)
 * and expects a return through HYPERVISOR_iret with the frame
 *   rax, r11, rcx, flags, rip, cs, rflags, rsp, ss      (rax lowest)
 * which also restores the event mask from rflags.IF atomically.
 */
#include <xen/xen.h>

.macro SAVE_GPRS
	push	%rax
	push	%rbx
	push	%rcx
	push	%rdx
	push	%rsi
	push	%rdi
	push	%rbp
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%r12
	push	%r13
	push	%r14
	push	%r15
.endm

.macro RESTORE_GPRS
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rbp
	pop	%rdi
	pop	%rsi
	pop	%rdx
	pop	%rcx
	pop	%rbx
	pop	%rax
.endm

	.text

/* Exceptions are fatal: build a struct trap_frame and never return. */
.macro TRAP vec, has_error_code
	.globl trap_\vec
trap_\vec:
	pop	%rcx
	pop	%r11
	.if !\has_error_code
	push	$0
	.endif
	push	$\vec
	jmp	trap_common
.endm

TRAP 0, 0
TRAP 1, 0
TRAP 2, 0
TRAP 3, 0
TRAP 4, 0
TRAP 5, 0
TRAP 6, 0
TRAP 7, 0
TRAP 8, 1
TRAP 9, 0
TRAP 10, 1
TRAP 11, 1
TRAP 12, 1
TRAP 13, 1
TRAP 14, 1
TRAP 16, 0
TRAP 17, 1
TRAP 18, 0
TRAP 19, 0

trap_common:
	SAVE_GPRS
	mov	%rsp, %rdi
	and	$-16, %rsp
	call	do_trap
	ud2

/*
 * Event upcall.  Handlers are C code that may touch SSE registers, so the
 * interrupted thread's FPU/SSE state is saved around them.
 */
	.globl hypervisor_callback
hypervisor_callback:
	pop	%rcx
	pop	%r11
	SAVE_GPRS
	mov	%rsp, %rbp
	sub	$512, %rsp
	and	$-16, %rsp
	fxsave64 (%rsp)
	call	do_hypervisor_callback
	fxrstor64 (%rsp)
	mov	%rbp, %rsp
	RESTORE_GPRS
	push	$0			/* iret flags: not in a syscall */
	push	%rcx
	push	%r11
	push	%rax
	mov	$__HYPERVISOR_iret, %eax
	syscall
	ud2

/* Xen could not load our segment state: nothing sane to return to. */
	.globl failsafe_callback
failsafe_callback:
	lea	failsafe_msg(%rip), %rdi
	and	$-16, %rsp
	call	panic
	ud2

/* switch_context(unsigned long *save_sp, unsigned long new_sp) */
	.globl switch_context
switch_context:
	push	%rbp
	push	%rbx
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, (%rdi)
	mov	%rsi, %rsp
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbx
	pop	%rbp
	ret

/* First "return" of a new thread: rbx = function, r12 = argument. */
	.globl thread_start
thread_start:
	mov	%r12, %rdi
	call	*%rbx
	call	thread_exit
	ud2

	.section .rodata
failsafe_msg:
	.asciz "failsafe callback: Xen could not restore segment state"
