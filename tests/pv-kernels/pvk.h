/* Runtime of the tiny PV test kernels: hypercalls and console output. */
#ifndef PVK_H
#define PVK_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>
#include <xen/xen.h>
#include <xen/sched.h>
#include <xen/version.h>
#include <xen/features.h>

struct boot_regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rflags;
	uint16_t cs, ss, ds, es, fs, gs;
};

extern struct boot_regs boot_regs;

/* Hypercalls the way current Linux makes them: a bare syscall. */
static inline long hypercall5(long nr, long a1, long a2, long a3, long a4,
			      long a5)
{
	register long r10 asm("r10") = a4;
	register long r8 asm("r8") = a5;
	long ret;

	asm volatile("syscall"
		     : "=a"(ret), "+D"(a1), "+S"(a2), "+d"(a3), "+r"(r10),
		       "+r"(r8)
		     : "0"(nr)
		     : "rcx", "r11", "memory");
	return ret;
}

#define hypercall1(nr, a)		hypercall5(nr, (long)(a), 0, 0, 0, 0)
#define hypercall2(nr, a, b)		hypercall5(nr, (long)(a), (long)(b), 0, 0, 0)
#define hypercall3(nr, a, b, c)		hypercall5(nr, (long)(a), (long)(b), \
						   (long)(c), 0, 0)
#define hypercall4(nr, a, b, c, d)	hypercall5(nr, (long)(a), (long)(b), \
						   (long)(c), (long)(d), 0)

/* The read-only machine-to-phys table Xen maps for 64-bit PV guests. */
#define M2P ((const unsigned long *)0xffff800000000000UL)

void pvk_print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void pvk_poweroff(void) __attribute__((noreturn));
/*
 * The only trap handler (set_trap_table).  A handler starts with the
 * bounce frame's rcx and r11 on its stack (and an error code if the
 * vector has one); it pops them and ends with "jmp pvk_iret".
 */
void pvk_set_trap_handler(unsigned int vector, void (*handler)(void));
/* Our domain id. */
domid_t pvk_domid(void);
/* The number after "@name=" on our command line, or @fallback. */
unsigned long pvk_option(const char *name, unsigned long fallback);
void cpuid_forced(uint32_t leaf, uint32_t sub, uint32_t *a, uint32_t *b,
		  uint32_t *c, uint32_t *d);

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
size_t strlen(const char *s);
int memcmp(const void *a, const void *b, size_t n);

#endif
