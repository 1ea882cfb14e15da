/*
 * A 4-vCPU domU that starts its own secondary vCPUs, as Linux does, with
 * VCPUOP_initialise and VCPUOP_up (/etc/xen/vcpus.cfg).  Contexts Xen
 * 4.17 refuses are refused with its answers; every new vCPU's first act
 * is an fxsave of the FPU state it was started with, which must be the
 * clean initial state (never what vCPU 0, or the CPU, last held: the
 * XSA-267 class of leak), or the state its context gave (VGCF_I387_VALID),
 * or, for a context whose MXCSR the CPU refuses, the initial state
 * again.  Each verdict on a state carries its values, so the stock
 * transcript holds them too.  Then the vCPUs go down and up, and the
 * last one down shuts the domain down, with the shutdown code it set
 * first (reboot: vcpus.cfg's on_reboot destroys it).
 */
#include "pvk.h"
#include "expect.h"
#include "smp.h"

#define NR_VCPUS	4		/* vcpus.cfg's vcpus */
#define STACK_WORDS	1024
#define MAX_YIELDS	200000		/* waiting for another vCPU */
#define QUIET_YIELDS	5000		/* a vCPU that is down stays still */
#define NONCANON	0x0000900000000000UL
#define X86_CR0_TS	(1UL << 3)

/* An fxsave image, as far as these checks read it. */
struct fpu_image {
	uint16_t fcw, fsw;
	uint8_t ftw, rsvd1;
	uint16_t fop;
	uint64_t fip, fdp;
	uint32_t mxcsr, mxcsr_mask;
	uint8_t st[8][16];
	uint8_t xmm[16][16];
	uint8_t rest[96];
} __attribute__((aligned(16)));

_Static_assert(sizeof(struct fpu_image) == 512, "fxsave image");

static const struct start_info *si;
static uint64_t stacks[NR_VCPUS][STACK_WORDS] __attribute__((aligned(16)));

/* Written by the vCPUs themselves (secondary_entry, secondary_main). */
struct fpu_image started_with[NR_VCPUS];
static volatile unsigned int reported[NR_VCPUS];
static volatile unsigned long beats[NR_VCPUS];
volatile unsigned int nm_count;		/* #NM on any secondary */

void secondary_entry(void);
void secondary_nm(void);
void secondary_main(unsigned int id);

/*
 * A secondary vCPU starts here with its id in rdi and its stack set.
 * The fxsave comes before any other instruction can touch the FPU.
 */
asm(".globl secondary_entry\n"
    "secondary_entry:\n"
    "	mov %rdi, %rax\n"
    "	shl $9, %rax\n"
    "	lea started_with(%rip), %rdx\n"
    "	fxsave64 (%rdx, %rax)\n"
    "	call secondary_main\n"
    "	ud2\n"
    /* #NM: Xen clears the vCPU's CR0.TS as it delivers it. */
    ".globl secondary_nm\n"
    "secondary_nm:\n"
    "	lock incl nm_count(%rip)\n"
    "	pop %rcx\n"
    "	pop %r11\n"
    "	jmp pvk_iret\n");

void secondary_main(unsigned int id)
{
	__atomic_store_n(&reported[id], 1, __ATOMIC_RELEASE);
	for (;;) {
		hypercall2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
		beats[id]++;
	}
}

/* What Linux gives a secondary vCPU, and our #NM handler. */
static void good_context(struct vcpu_guest_context *c, unsigned int id)
{
	pvk_vcpu_context(c, si, (unsigned long)secondary_entry,
			 (unsigned long)&stacks[id][STACK_WORDS], id);
	c->trap_ctxt[7].vector = 7;		/* indexed by vector */
	c->trap_ctxt[7].cs = FLAT_KERNEL_CS;
	c->trap_ctxt[7].address = (unsigned long)secondary_nm;
}

static bool wait_for(volatile unsigned int *flag)
{
	for (unsigned int i = 0; i < MAX_YIELDS; i++) {
		if (__atomic_load_n(flag, __ATOMIC_ACQUIRE))
			return true;
		hypercall2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
	}
	return false;
}

static bool all_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* FCW 0x37f, MXCSR 0x1f80, every register and pointer zero. */
static bool is_initial_state(const struct fpu_image *f)
{
	return f->fcw == 0x37f && f->mxcsr == 0x1f80 && !f->fsw && !f->ftw &&
	       !f->fop && !f->fip && !f->fdp &&
	       all_zero(&f->st[0][0], sizeof(f->st)) &&
	       all_zero(&f->xmm[0][0], sizeof(f->xmm));
}

/* An image's x87 control, MXCSR and xmm registers as it was given. */
static bool has_state(const struct fpu_image *f, const struct fpu_image *want)
{
	for (unsigned int i = 0; i < sizeof(f->xmm); i++)
		if (f->xmm[i / 16][i % 16] != want->xmm[i / 16][i % 16])
			return false;
	return f->fcw == want->fcw && f->mxcsr == want->mxcsr;
}

static void fill_xmm(struct fpu_image *f, uint8_t seed)
{
	for (unsigned int i = 0; i < sizeof(f->xmm); i++)
		f->xmm[i / 16][i % 16] = (uint8_t)(seed + i);
}

/* A verdict on vCPU @id's first fxsave, with what it found. */
static void judge_image(unsigned int id, const char *what, bool ok)
{
	const struct fpu_image *f = &started_with[id];
	char line[200];

	snprintf(line, sizeof(line), "vCPU %u started with fcw %#x fsw %#x "
		 "ftw %#x mxcsr %#x xmm0 %02x%02x st0 %02x%02x: %s", id, f->fcw,
		 f->fsw, f->ftw, f->mxcsr, f->xmm[0][1], f->xmm[0][0],
		 f->st[0][1], f->st[0][0], what);
	expect_true(line, ok);
}

/* vCPU 0's own registers, full of values no new vCPU may see. */
static void dirty_own_fpu(void)
{
	static struct fpu_image dirty;
	uint16_t fcw = 0x27f;
	uint32_t mxcsr = 0x3f80;

	fill_xmm(&dirty, 0xa0);
	asm volatile("fxsave64 %0" : "=m"(dirty));
	fill_xmm(&dirty, 0xa0);
	dirty.fcw = fcw;
	dirty.mxcsr = mxcsr;
	asm volatile("fxrstor64 %0\n\t"
		     "fldpi\n\t"
		     "fld1" : : "m"(dirty));
}

static void boot_vcpu_state(void)
{
	asm volatile("fxsave64 %0" : "=m"(started_with[0]));
	judge_image(0, "the initial state",
		    is_initial_state(&started_with[0]));
	dirty_own_fpu();
}

/* A context for vCPU 1 with one thing wrong: -EINVAL; @c is reset. */
static void refused(const char *what, struct vcpu_guest_context *c)
{
	expect_answer(what, pvk_vcpu_op(VCPUOP_initialise, 1, c), -22);
	good_context(c, 1);
}

static void refused_contexts(void)
{
	static struct vcpu_guest_context c;

	expect_answer("is_up of vCPU 1 before it starts",
		      pvk_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
	expect_answer("up of vCPU 1 before its context",
		      pvk_vcpu_op(VCPUOP_up, 1, NULL), -22);
	good_context(&c, 0);
	expect_answer("initialise vCPU 0 (running)",
		      pvk_vcpu_op(VCPUOP_initialise, 0, &c), -17);
	good_context(&c, 1);
	expect_answer("initialise vCPU 4 (there is none)",
		      pvk_vcpu_op(VCPUOP_initialise, NR_VCPUS, &c), -2);
	c.user_regs.rip = NONCANON;
	refused("initialise with a non-canonical rip", &c);
	c.fs_base = NONCANON;
	refused("initialise with a non-canonical fs_base", &c);
	c.gs_base_user = NONCANON;
	refused("initialise with a non-canonical gs_base_user", &c);
	c.kernel_sp = NONCANON;
	refused("initialise with a non-canonical kernel_sp", &c);
	c.ldt_base = 0x1008;
	c.ldt_ents = 1;
	refused("initialise with an unaligned LDT", &c);
	c.ldt_ents = 8193;
	refused("initialise with 8193 LDT entries", &c);
	c.gdt_ents = 7169;
	refused("initialise with 7169 GDT entries", &c);
	c.flags = 0;
	refused("initialise in user mode without a user table", &c);
	c.ctrlreg[3] = pvk_cr3_of(si, (unsigned long)started_with);
	refused("initialise with a data page as cr3", &c);
	expect_answer("is_up of vCPU 1 after the refusals",
		      pvk_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
}

static bool start_vcpu(unsigned int id, struct vcpu_guest_context *c,
		       const char *what)
{
	expect_answer(what, pvk_vcpu_op(VCPUOP_initialise, id, c), 0);
	expect_answer("up", pvk_vcpu_op(VCPUOP_up, id, NULL), 0);
	return wait_for(&reported[id]);
}

/* vCPU 1 as Linux starts one; vm_assist is only vCPU 0's to set. */
static void clean_start(void)
{
	static struct vcpu_guest_context c;

	good_context(&c, 1);
	c.vm_assist = ~0UL;
	expect_true("vCPU 1 runs", start_vcpu(1, &c,
		    "initialise vCPU 1 (vm_assist ignored)"));
	judge_image(1, "the initial state, not vCPU 0's",
		    is_initial_state(&started_with[1]));
	expect_answer("initialise vCPU 1 again",
		      pvk_vcpu_op(VCPUOP_initialise, 1, &c), -17);
	expect_answer("up of vCPU 1 while it runs",
		      pvk_vcpu_op(VCPUOP_up, 1, NULL), 0);
	expect_answer("is_up of vCPU 1", pvk_vcpu_op(VCPUOP_is_up, 1, NULL), 1);
}

/* VGCF_I387_VALID: the given image, whose MXCSR the CPU may refuse. */
static void given_fpu_state(void)
{
	static struct vcpu_guest_context c;
	struct fpu_image *given = (struct fpu_image *)&c.fpu_ctxt;

	good_context(&c, 2);
	c.flags |= VGCF_I387_VALID;
	given->fcw = 0x27f;
	given->mxcsr = 0x3f80;
	fill_xmm(given, 0x30);
	expect_true("vCPU 2 runs", start_vcpu(2, &c,
		    "initialise vCPU 2 with an FPU image"));
	judge_image(2, "the state it was given",
		    has_state(&started_with[2], given));

	good_context(&c, 3);
	c.flags |= VGCF_I387_VALID;
	c.ctrlreg[0] = X86_CR0_TS;
	given->fcw = 0x27f;
	given->mxcsr = 0x80001f80;	/* bit 31: reserved on every CPU */
	fill_xmm(given, 0x50);
	expect_true("vCPU 3 runs", start_vcpu(3, &c,
		    "initialise vCPU 3 with CR0.TS and a bad MXCSR"));
	expect_answer("#NM on vCPU 3's first FPU use", nm_count, 1);
	/* A CPU that refuses the MXCSR faults in the hypervisor's fxrstor
	 * (or xrstor), which starts us clean; QEMU's TCG takes it. */
	judge_image(3, "the state it was given or, where the CPU refuses "
		    "that MXCSR, the initial one",
		    has_state(&started_with[3], given) ||
		    is_initial_state(&started_with[3]));
}

static bool beating(unsigned int id)
{
	unsigned long before = beats[id];

	for (unsigned int i = 0; i < MAX_YIELDS; i++) {
		if (beats[id] != before)
			return true;
		hypercall2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
	}
	return false;
}

static bool goes_offline(unsigned int id)
{
	struct vcpu_runstate_info ri;

	for (unsigned int i = 0; i < MAX_YIELDS; i++) {
		if (pvk_vcpu_op(VCPUOP_get_runstate_info, id, &ri) == 0 &&
		    ri.state == RUNSTATE_offline)
			return true;
		hypercall2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
	}
	return false;
}

static bool stays_still(unsigned int id)
{
	unsigned long before = beats[id];

	for (unsigned int i = 0; i < QUIET_YIELDS; i++)
		hypercall2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
	return beats[id] == before;
}

/* vCPU 0 takes vCPU 1 down and brings it back. */
static void down_and_up(void)
{
	expect_true("vCPU 1 is running", beating(1));
	expect_answer("down of vCPU 1", pvk_vcpu_op(VCPUOP_down, 1, NULL), 0);
	expect_answer("is_up of vCPU 1 after down",
		      pvk_vcpu_op(VCPUOP_is_up, 1, NULL), 0);
	expect_true("vCPU 1 goes offline", goes_offline(1));
	expect_true("vCPU 1 stays still while down", stays_still(1));
	expect_answer("up of vCPU 1 again", pvk_vcpu_op(VCPUOP_up, 1, NULL), 0);
	expect_true("vCPU 1 runs on where it stopped", beating(1));
}

static long shutdown_code(unsigned int reason)
{
	struct sched_shutdown s = { .reason = reason };

	return hypercall2(__HYPERVISOR_sched_op, SCHEDOP_shutdown_code, &s);
}

/*
 * The last vCPU to go down takes the domain with it: a poweroff, told as
 * the reason the domain set first with SCHEDOP_shutdown_code (reboot;
 * the second code is ignored), as Xen tells it.
 */
static void __attribute__((noreturn)) all_down(void)
{
	expect_answer("down of vCPU 1", pvk_vcpu_op(VCPUOP_down, 1, NULL), 0);
	expect_answer("down of vCPU 2", pvk_vcpu_op(VCPUOP_down, 2, NULL), 0);
	expect_answer("down of vCPU 3", pvk_vcpu_op(VCPUOP_down, 3, NULL), 0);
	expect_answer("shutdown_code reboot", shutdown_code(SHUTDOWN_reboot), 0);
	expect_answer("shutdown_code poweroff", shutdown_code(SHUTDOWN_poweroff),
		      0);
	pvk_print("vcpus: survived, %u wrong answers\n", expect_failures());
	pvk_print("vcpus: now down with the last vCPU\n");
	hypercall2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
	pvk_vcpu_op(VCPUOP_down, 0, NULL);
	pvk_print("vcpus: still running after the last vCPU went down WRONG\n");
	pvk_poweroff();
}

void pvk_main(const struct start_info *start_info)
{
	si = start_info;
	expect_begin("vcpus");
	boot_vcpu_state();
	refused_contexts();
	clean_start();
	given_fpu_state();
	down_and_up();
	all_down();
}
