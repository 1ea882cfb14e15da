/*
 * Leaving: orderly shutdown requests and panics.
 */

#include <minios/hypercall.h>
#include <minios/kernel.h>

void minios_shutdown(unsigned int reason)
{
	struct sched_shutdown s = { .reason = reason };

	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &s);
}

void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk("\n*** MiniOS panic: %s\n", msg);
	minios_shutdown(SHUTDOWN_crash);
}
