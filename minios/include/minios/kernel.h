/*
 * Kernel-wide basics: the boot information Xen handed us, logging,
 * fatal errors and memory barriers.
 */
#ifndef MINIOS_KERNEL_H
#define MINIOS_KERNEL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <xen/xen.h>

extern start_info_t *start_info;	/* as passed in rsi at entry */
extern shared_info_t *shared_info;	/* mapped by mm_init() */

static inline vcpu_info_t *this_vcpu(void)
{
	return &shared_info->vcpu_info[0];
}

static inline int is_initial_domain(void)
{
	return (start_info->flags & SIF_INITDOMAIN) != 0;
}

#define barrier() asm volatile("" ::: "memory")
#define rmb() barrier()	/* x86 keeps loads ordered */

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* printk.c: a small formatter that needs no C library and no heap. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/*
 * The log ring: printk's output and what klog_append() adds.  klog_read
 * copies what came after *pos (advancing it); *lost says how many bytes
 * were overwritten before they could be read.
 */
void klog_append(const char *s, size_t len);
size_t klog_read(uint64_t *pos, char *buf, size_t size, uint64_t *lost);

/* shutdown.c */
void __attribute__((noreturn)) panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
void __attribute__((noreturn)) minios_shutdown(unsigned int reason);

#define BUG_ON(cond)							\
	do {								\
		if (cond)						\
			panic("BUG at %s:%d: %s", __FILE__, __LINE__,	\
			      #cond);					\
	} while (0)

#endif
