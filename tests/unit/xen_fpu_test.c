/*
 * xen-core's FPU images (arch/x86/fpu.c) on the host's own CPU, which,
 * unlike QEMU's TCG, refuses an fxrstor image with reserved MXCSR bits.
 * A new vCPU's state is the initial one; a good image loads as given; a
 * refused one is recovered as Xen recovers it (x87 and SSE registers in
 * their initial state, the MXCSR bits the CPU accepts kept), through the
 * exception table as in xen-core: here the #GP arrives as SIGSEGV, and
 * the handler resumes at the entry's fixup as fixup_exception() would.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <xen-core/fpu.h>
#include <xen-core/traps.h>
#include "check.h"

#define IMAGE_FCW	0
#define IMAGE_MXCSR	24
#define IMAGE_MXCSR_MASK 28
#define IMAGE_XMM0	160
#define BAD_MXCSR	(0xffff0000 | 0x3f80)	/* reserved bits set */

extern const struct exception_table_entry __start___ex_table[];
extern const struct exception_table_entry __stop___ex_table[];
static unsigned int faults_fixed;

void do_panic(const char *file, int line, const char *fmt, ...)
{
	fprintf(stderr, "xen-core panic at %s:%d: %s\n", file, line, fmt);
	abort();
}

static void resume_at_fixup(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	unsigned long rip = uc->uc_mcontext.gregs[REG_RIP];
	const struct exception_table_entry *e;

	(void)sig;
	(void)si;
	for (e = __start___ex_table; e < __stop___ex_table; e++)
		if (e->insn == rip) {
			uc->uc_mcontext.gregs[REG_RIP] = e->fixup;
			faults_fixed++;
			return;
		}
	abort();
}

static uint8_t image[FPU_IMAGE_SIZE] __attribute__((aligned(16)));
static uint8_t seen[FPU_IMAGE_SIZE] __attribute__((aligned(16)));

static uint32_t word(const uint8_t *img, unsigned int at)
{
	uint32_t v;

	memcpy(&v, img + at, sizeof(v));
	return v;
}

static void set_word(uint8_t *img, unsigned int at, uint32_t v)
{
	memcpy(img + at, &v, sizeof(v));
}

/* @img loaded, then what the CPU holds saved into seen[]. */
static void load_and_look(uint8_t *img)
{
	fpu_load(img);
	fpu_save(seen);
}

static void test_a_new_vcpu_starts_in_the_initial_state(void)
{
	fpu_init_state(image);
	load_and_look(image);
	CHECK_EQ(faults_fixed, 0);
	CHECK_EQ(word(seen, IMAGE_FCW) & 0xffff, 0x37f);
	CHECK_EQ(word(seen, IMAGE_MXCSR), 0x1f80);
	CHECK_EQ(word(seen, IMAGE_XMM0), 0);
}

static void test_a_good_image_loads_as_given(void)
{
	fpu_init_state(image);
	set_word(image, IMAGE_FCW, 0x27f);
	set_word(image, IMAGE_MXCSR, 0x3f80);
	set_word(image, IMAGE_XMM0, 0x12345678);
	load_and_look(image);
	CHECK_EQ(faults_fixed, 0);
	CHECK_EQ(word(seen, IMAGE_FCW) & 0xffff, 0x27f);
	CHECK_EQ(word(seen, IMAGE_MXCSR), 0x3f80);
	CHECK_EQ(word(seen, IMAGE_XMM0), 0x12345678);
}

/* The MXCSR bits this CPU accepts (a zero mask means 0xffbf). */
static uint32_t accepted_mxcsr(void)
{
	uint32_t mask;

	fpu_save(seen);
	mask = word(seen, IMAGE_MXCSR_MASK);
	return mask ? mask : 0xffbf;
}

static void test_a_refused_image_is_recovered_as_xen_does(void)
{
	uint32_t kept = BAD_MXCSR & accepted_mxcsr();

	fpu_init_state(image);
	set_word(image, IMAGE_FCW, 0x27f);
	set_word(image, IMAGE_MXCSR, BAD_MXCSR);
	set_word(image, IMAGE_XMM0, 0x12345678);
	load_and_look(image);
	CHECK_EQ(faults_fixed, 1);
	CHECK_EQ(word(seen, IMAGE_FCW) & 0xffff, 0x37f);
	CHECK_EQ(word(seen, IMAGE_MXCSR), kept);
	CHECK_EQ(word(seen, IMAGE_XMM0), 0);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_sigaction = resume_at_fixup,
				.sa_flags = SA_SIGINFO };

	(void)argc;
	sigaction(SIGSEGV, &sa, NULL);
	fpu_probe();
	test_a_new_vcpu_starts_in_the_initial_state();
	test_a_good_image_loads_as_given();
	test_a_refused_image_is_recovered_as_xen_does();
	fpu_init_state(image);		/* the process's own state again */
	fpu_load(image);
	return check_summary(argv[0]);
}
