/*
 * A seeded random-hypercall domU (/etc/xen/fuzz.cfg; its command line
 * says "seed=S calls=N").  Each call is drawn from a table of the ABI's
 * hypercalls with its sub-operation and arguments drawn by kind: counts
 * and ids from values that sit on limits, pointers to a page of words
 * drawn the same way (so the structures they name hold our frames, our
 * addresses, PTE-like values, domain ids and edges) or to places that
 * are not ours, addresses of our scratch pages or of nobody's.  Multicalls
 * batch such calls.  The answers are not judged: the hypervisor and the
 * control domain must survive, and the page audit must stay clean.
 *
 * Calls that would end this guest by design are not drawn: shutdown,
 * block, poll, watchdog and the compat sched_op, iret, taking vCPU 0
 * down, a debug breakpoint (%dr7), closing or resetting the console
 * and XenStore channels; nor SCHEDOP_shutdown_code, which would change
 * how its end is told (a reboot, restarting it).  Anything else may still kill it, as it would
 * on Xen; the test then goes on with the next seed.
 */
#include "pvk.h"
#include <xen/event_channel.h>
#include <xen/memory.h>
#include <xen/vcpu.h>

#define SCRATCH_PAGES	32
#define WORDS		(4096 / 8)
#define MULTICALL_MAX	16
#define MAX_ELEMENT	64		/* bytes: a multicall entry, the largest */
#define REPORT_EVERY	1000
#define XEN_VA		0xffff830000200000UL
#define NONCANON	0x0000900000000000UL
#define UNMAPPED	0x40000000UL
#define LAST_HYPERCALL	42		/* __HYPERVISOR_hypfs_op */

/* What an argument is drawn from. */
enum kind { K_INT, K_SUBOP, K_COUNT, K_PTR, K_VA, K_PTE, K_MADDR, K_DOMID };

struct hypercall {
	uint8_t nr;
	uint8_t subops;			/* K_SUBOP draws 0..subops */
	uint8_t nargs;
	uint8_t kinds[5];
};

#define CALL(name, subops, n, ...) \
	{ __HYPERVISOR_##name, subops, n, { __VA_ARGS__ } }

static const struct hypercall table[] = {
	CALL(set_trap_table, 0, 1, K_PTR),
	CALL(mmu_update, 0, 4, K_PTR, K_COUNT, K_PTR, K_DOMID),
	CALL(set_gdt, 0, 2, K_PTR, K_COUNT),
	CALL(stack_switch, 0, 2, K_INT, K_VA),
	CALL(set_callbacks, 0, 3, K_VA, K_VA, K_VA),
	CALL(fpu_taskswitch, 0, 1, K_INT),
	CALL(platform_op, 0, 1, K_PTR),
	CALL(set_debugreg, 7, 2, K_SUBOP, K_VA),
	CALL(get_debugreg, 8, 1, K_SUBOP),
	CALL(update_descriptor, 0, 2, K_MADDR, K_INT),
	CALL(memory_op, 30, 2, K_SUBOP, K_PTR),
	CALL(multicall, 0, 2, K_PTR, K_COUNT),
	CALL(update_va_mapping, 0, 3, K_VA, K_PTE, K_INT),
	CALL(set_timer_op, 0, 1, K_INT),
	CALL(xen_version, 13, 2, K_SUBOP, K_PTR),
	CALL(console_io, 2, 3, K_SUBOP, K_COUNT, K_PTR),
	CALL(physdev_op_compat, 0, 1, K_PTR),
	CALL(grant_table_op, 14, 3, K_SUBOP, K_PTR, K_COUNT),
	CALL(vm_assist, 2, 2, K_SUBOP, K_INT),
	CALL(update_va_mapping_otherdomain, 0, 4, K_VA, K_PTE, K_INT, K_DOMID),
	CALL(vcpu_op, 16, 3, K_SUBOP, K_INT, K_PTR),
	CALL(set_segment_base, 4, 2, K_SUBOP, K_VA),
	CALL(mmuext_op, 0, 4, K_PTR, K_COUNT, K_PTR, K_DOMID),
	CALL(xsm_op, 0, 1, K_PTR),
	CALL(nmi_op, 2, 2, K_SUBOP, K_PTR),
	CALL(sched_op, 7, 2, K_SUBOP, K_PTR),
	CALL(callback_op, 4, 2, K_SUBOP, K_PTR),
	CALL(xenoprof_op, 20, 2, K_SUBOP, K_PTR),
	CALL(event_channel_op, 14, 2, K_SUBOP, K_PTR),
	CALL(physdev_op, 30, 2, K_SUBOP, K_PTR),
	CALL(hvm_op, 25, 2, K_SUBOP, K_PTR),
	CALL(sysctl, 0, 1, K_PTR),
	CALL(domctl, 0, 1, K_PTR),
	CALL(kexec_op, 5, 2, K_SUBOP, K_PTR),
	CALL(xenpmu_op, 8, 2, K_SUBOP, K_PTR),
	CALL(dm_op, 0, 3, K_DOMID, K_COUNT, K_PTR),
	CALL(hypfs_op, 4, 5, K_SUBOP, K_PTR, K_COUNT, K_PTR, K_COUNT),
};

struct call {
	unsigned long nr, args[5];
};

static const struct start_info *si;
static uint64_t rng_state;
/*
 * The pages calls may write: scratch frames and the word page, each
 * followed by a page that takes what a write runs on past them, so
 * that the fuzzer's own state stays out of reach.
 */
static struct {
	uint8_t scratch[SCRATCH_PAGES][4096];
	uint8_t scratch_spill[4096];
	uint64_t words[WORDS];
	uint8_t words_spill[4096];
} area __attribute__((aligned(4096)));

#define scratch	area.scratch
#define words	area.words
static struct multicall_entry batch[MULTICALL_MAX];

/* xorshift64*: the same calls for the same seed, on any hypervisor. */
static uint64_t rnd(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545f4914f6cdd1dULL;
}

static uint64_t below(uint64_t n)
{
	return rnd() % n;
}

static uint64_t pick(const uint64_t *values, size_t n)
{
	return values[below(n)];
}

#define PICK(values) pick(values, sizeof(values) / sizeof(values[0]))

static uint64_t scratch_mfn(void)
{
	const unsigned long *p2m = (const unsigned long *)si->mfn_list;

	return p2m[(unsigned long)scratch[below(SCRATCH_PAGES)] >> 12];
}

static uint64_t draw_int(void)
{
	static const uint64_t edges[] = {
		0, 1, 2, 3, 7, 8, 16, 255, 256, 511, 512, 4095, 4096,
		0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ULL,
		0x7fffffffffffffffULL, 0x8000000000000000ULL, ~0ULL, ~0ULL - 1,
	};

	return below(4) ? PICK(edges) : rnd();
}

static uint64_t draw_count(void)
{
	static const uint64_t counts[] = {
		0, 1, 2, 3, 4, 8, 16, 64, 255, 256, 512, 513, 1024, 4096,
		1 << 20, 0x7fffffff, 0xffffffff, ~0ULL,
	};

	return PICK(counts);
}

static uint64_t draw_domid(void)
{
	static const uint64_t domids[] = {
		DOMID_SELF, 0, 1, 2, 3, 0x7fef, DOMID_IO, DOMID_XEN, 0xffff,
		0x10000,
	};

	return PICK(domids);
}

static uint64_t draw_va(void)
{
	static const uint64_t elsewhere[] = {
		0, XEN_VA, NONCANON, UNMAPPED, 0x00007ffffffff000ULL,
		0xffff800000000000ULL, 0xffff87fffffff000ULL, ~0xfffULL,
	};

	if (below(2))
		return (unsigned long)scratch[below(SCRATCH_PAGES)] +
		       (below(4) ? 0 : below(4096));
	return PICK(elsewhere);
}

static uint64_t draw_pte(void)
{
	static const uint64_t flags[] = {
		0, 1, 3, 5, 7, 0x63, 0x67, 0x80, 0x100, 0x18,
		0x8000000000000067ULL, 0x0010000000000067ULL,
	};

	return below(8) ? (scratch_mfn() << 12) | PICK(flags) : rnd();
}

static uint64_t draw_maddr(void)
{
	return below(4) ? (scratch_mfn() << 12) | (below(512) << 3) : rnd();
}

/* A pointer to the word page, or to somewhere that is not ours. */
static uint64_t draw_ptr(void)
{
	return below(4) ? (unsigned long)words + (below(8) ? 0 : below(4096))
			: draw_va();
}

static uint64_t draw_word(void)
{
	switch (below(7)) {
	case 0: return scratch_mfn();
	case 1: return draw_pte();
	case 2: return draw_maddr();
	case 3: return draw_va();
	case 4: return draw_domid();
	case 5: return draw_count();
	default: return draw_int();
	}
}

static void fill_words(void)
{
	for (unsigned int i = 0; i < WORDS; i++)
		words[i] = draw_word();
}

static uint64_t draw(enum kind k, unsigned int subops)
{
	switch (k) {
	case K_SUBOP:
		return below(16) ? below(subops + 2) : draw_int();
	case K_COUNT:	return draw_count();
	case K_PTR:	return draw_ptr();
	case K_VA:	return draw_va();
	case K_PTE:	return draw_pte();
	case K_MADDR:	return draw_maddr();
	case K_DOMID:	return draw_domid();
	default:	return draw_int();
	}
}

/* EVTCHNOP_close of the console or XenStore channel, or of a port we
 * cannot know yet (in a multicall, earlier entries may rewrite it). */
static bool closes_our_channel(const struct call *c, bool in_multicall)
{
	unsigned long at = c->args[1], page = (unsigned long)words;
	uint32_t port;

	if ((unsigned int)c->args[0] != EVTCHNOP_close)
		return false;
	if (in_multicall)
		return true;
	if (at < page || at > page + sizeof(words) - sizeof(port))
		return false;
	memcpy(&port, (const void *)at, sizeof(port));
	return port == si->console.domU.evtchn || port == si->store_evtchn;
}

/* False for the calls that end this guest by design (see the top). */
static bool survivable(const struct call *c, bool in_multicall)
{
	unsigned int cmd = (unsigned int)c->args[0];

	switch (c->nr) {
	case __HYPERVISOR_sched_op:
		return cmd == SCHEDOP_yield || cmd == SCHEDOP_pin_override ||
		       cmd > SCHEDOP_pin_override;
	case __HYPERVISOR_vcpu_op:
		return cmd != VCPUOP_down;
	case __HYPERVISOR_set_debugreg:
		return cmd != 7;
	case __HYPERVISOR_event_channel_op:
		return cmd != EVTCHNOP_reset &&
		       !closes_our_channel(c, in_multicall);
	}
	return true;
}

/*
 * A count with a pointer into our pages names an array there, each
 * element of which the call may write back (a status, a result): a long
 * one would run on through this kernel's own memory and only wreck it.
 * It stops at the spill page after the one the pointer is in.
 */
static void keep_arrays_in_reach(const struct hypercall *h, struct call *c)
{
	unsigned long start = (unsigned long)&area, end = start + sizeof(area);
	unsigned long room = ~0UL;

	for (unsigned int i = 0; i < h->nargs; i++)
		if (h->kinds[i] == K_PTR && c->args[i] >= start &&
		    c->args[i] < end)
			room = (2 * 4096 - (c->args[i] & 4095)) / MAX_ELEMENT;
	for (unsigned int i = 0; i < h->nargs; i++)
		if (h->kinds[i] == K_COUNT && c->args[i] > room)
			c->args[i] = room;
}

static void draw_call(struct call *c, bool in_multicall)
{
	do {
		const struct hypercall *h;

		if (!below(32)) {	/* a number that is no hypercall */
			c->nr = LAST_HYPERCALL + 1 + below(64);
			for (unsigned int i = 0; i < 5; i++)
				c->args[i] = draw_int();
			return;
		}
		h = &table[below(sizeof(table) / sizeof(table[0]))];
		if (in_multicall && h->nr == __HYPERVISOR_multicall)
			continue;
		c->nr = h->nr;
		for (unsigned int i = 0; i < 5; i++)
			c->args[i] = i < h->nargs ? draw(h->kinds[i], h->subops) : 0;
		keep_arrays_in_reach(h, c);
	} while (!survivable(c, in_multicall));
}

/* A multicall's entries are drawn calls, sharing the word page. */
static void fill_batch(unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		struct call c;

		draw_call(&c, true);
		batch[i].op = c.nr;
		batch[i].result = 0;
		for (unsigned int j = 0; j < 5; j++)
			batch[i].args[j] = c.args[j];
		batch[i].args[5] = 0;
	}
}

/* Half of the multicalls run a batch of drawn calls. */
static void maybe_batch(struct call *c)
{
	unsigned int n;

	if (below(2))
		return;
	n = 1 + below(MULTICALL_MAX);
	fill_batch(n);
	c->args[0] = (unsigned long)batch;
	c->args[1] = n;
}

static void make_call(void)
{
	struct call c;

	fill_words();
	draw_call(&c, false);
	if (c.nr == __HYPERVISOR_multicall)
		maybe_batch(&c);
	hypercall5(c.nr, c.args[0], c.args[1], c.args[2], c.args[3],
		   c.args[4]);
}

void pvk_main(const struct start_info *start_info)
{
	unsigned long seed, calls, i;

	si = start_info;
	seed = pvk_option("seed", 1);
	calls = pvk_option("calls", 10000);
	rng_state = seed * 0x9e3779b97f4a7c15ULL + 1;
	pvk_print("fuzz: seed %lu, %lu calls\n", seed, calls);
	for (i = 1; i <= calls; i++) {
		make_call();
		if (i % REPORT_EVERY == 0)
			pvk_print("fuzz: seed %lu: %lu calls\n", seed, i);
	}
	pvk_print("fuzz: seed %lu: done, %lu calls\n", seed, calls);
	pvk_poweroff();
}
