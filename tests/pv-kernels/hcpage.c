/*
 * A PV kernel whose ELF notes ask for a hypercall page: it makes its
 * calls through the page (Xen's layout, 32 bytes per hypercall) instead
 * of a bare syscall, then powers off through it too.
 */
#include "pvk.h"

extern char hypercall_page[];

static long page_call3(unsigned int nr, long a1, long a2, long a3)
{
	register long rdi asm("rdi") = a1;
	register long rsi asm("rsi") = a2;
	register long rdx asm("rdx") = a3;
	long ret;

	asm volatile("call *%[entry]"
		     : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx)
		     : [entry] "r"(hypercall_page + nr * 32)
		     : "rcx", "r11", "r8", "r10", "memory");
	return ret;
}

void pvk_main(const struct start_info *si __attribute__((unused)))
{
	static const char msg[] = "hcpage: console_io through the hypercall page\n";
	struct sched_shutdown s = { .reason = SHUTDOWN_poweroff };
	long v = page_call3(__HYPERVISOR_xen_version, XENVER_version, 0, 0);

	page_call3(__HYPERVISOR_console_io, CONSOLEIO_write, sizeof(msg) - 1,
		   (long)msg);
	pvk_print("hcpage: xen_version through the page: %ld.%ld\n", v >> 16,
		  v & 0xffff);
	page_call3(__HYPERVISOR_sched_op, SCHEDOP_shutdown, (long)&s, 0);
	pvk_print("hcpage: still running after shutdown?!\n");
	for (;;)
		;
}
