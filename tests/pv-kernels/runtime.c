/*
 * Console output and power-off for the tiny PV test kernels.  They run
 * as dom0, so console_io writes straight to the hypervisor's serial.
 */
#include "pvk.h"

void pvk_print(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write, n, buf);
}

void pvk_poweroff(void)
{
	struct sched_shutdown s = { .reason = SHUTDOWN_poweroff };

	for (;;)
		hypercall2(__HYPERVISOR_sched_op, SCHEDOP_shutdown, &s);
}

/* Linux's forced-emulation prefix: ud2; .ascii "xen"; cpuid. */
void cpuid_forced(uint32_t leaf, uint32_t sub, uint32_t *a, uint32_t *b,
		  uint32_t *c, uint32_t *d)
{
	asm volatile(".byte 0x0f, 0x0b, 0x78, 0x65, 0x6e; cpuid"
		     : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
		     : "0"(leaf), "2"(sub));
}
