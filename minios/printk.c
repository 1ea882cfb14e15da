/*
 * Kernel log output.  The formatter (lib/format.c, shared with xen-core)
 * needs no C library, so crash dumps work even when newlib's state (heap,
 * stdio locks) is broken.
 *
 * Everything printk prints is also kept in the log ring, with what the
 * application logs through klog_append(), for whoever writes a log file.
 */
#include <minios/kernel.h>
#include <minios/console.h>
#include <minios/events.h>
#include <lib/format.h>

#define KLOG_SIZE (16 * 1024)	/* a power of two */

static char klog[KLOG_SIZE];
static uint64_t klog_end;	/* bytes ever appended */

/*
 * Event handlers printk too, so the ring is touched with events masked;
 * but the first messages come before shared_info (where the mask is) is
 * mapped, and before any event can arrive.
 */
static unsigned long klog_lock(void)
{
	return shared_info ? events_save_disable() : 1;
}

static void klog_unlock(unsigned long flags)
{
	if (shared_info)
		events_restore(flags);
}

void klog_append(const char *s, size_t len)
{
	unsigned long flags = klog_lock();

	for (size_t i = 0; i < len; i++)
		klog[klog_end++ % KLOG_SIZE] = s[i];
	klog_unlock(flags);
}

size_t klog_read(uint64_t *pos, char *buf, size_t size, uint64_t *lost)
{
	unsigned long flags = klog_lock();
	size_t n = 0;

	*lost = 0;
	if (klog_end - *pos > KLOG_SIZE) {	/* overwritten meanwhile */
		*lost = klog_end - KLOG_SIZE - *pos;
		*pos = klog_end - KLOG_SIZE;
	}
	while (*pos < klog_end && n < size)
		buf[n++] = klog[(*pos)++ % KLOG_SIZE];
	klog_unlock(flags);
	return n;
}

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
	klog_append(buf, n);
}
