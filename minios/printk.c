/*
 * Kernel log output.  The formatter (lib/format.c, shared with xen-core)
 * needs no C library, so crash dumps work even when newlib's state (heap,
 * stdio locks) is broken.
 */
#include <minios/kernel.h>
#include <minios/console.h>
#include <lib/format.h>

int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return format_vsnprintf(buf, size, fmt, ap);
}

void printk(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	console_write(buf, n);
}
