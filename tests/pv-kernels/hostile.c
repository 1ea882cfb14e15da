/*
 * A dom0 that passes hostile arguments to hypercalls: pointers into the
 * hypervisor, non-canonical and unmapped pointers, huge counts, bad
 * indices, frames it does not own, its own page tables mapped writable.
 * Every call must fail cleanly; then it dies of a fault, which the
 * hypervisor must report with the reason.  Run as a domU
 * (/etc/xen/hostile.cfg) it also reaches for what only the control
 * domain may do: other domains' frames, channels, grants and memory,
 * domctl and sysctl; and it floods XenStore until its quota stops it.
 */
#include "pvk.h"
#include "expect.h"
#include "xs_flood.h"
#include <xen/domctl.h>
#include <xen/sysctl.h>
#include <xen/event_channel.h>
#include <xen/memory.h>
#include <xen/vcpu.h>
#include <xen/grant_table.h>
#include <xen/callback.h>
#include <xen/errno.h>

#define XEN_VA		0xffff830000200000UL	/* hypervisor's image */
#define NONCANON	0x0000900000000000UL
#define UNMAPPED	0x40000000UL

static const struct start_info *si;
/* A word on one of our own data pages, for calls that name such a page. */
static unsigned long own_data;

/* (VA 0 is mapped RAM for this kernel, so NULL is not a bad pointer.) */
static const unsigned long bad_pointers[] = {
	XEN_VA, NONCANON, UNMAPPED,
	0x00007ffffffffff8UL,		/* runs off the canonical lower half */
	0xffff87fffffffff8UL,		/* last bytes of the hypervisor's range */
};

static void bad_pointers_everywhere(void)
{
	unsigned int i;

	for (i = 0; i < sizeof(bad_pointers) / sizeof(bad_pointers[0]); i++) {
		unsigned long p = bad_pointers[i];

		pvk_print("hostile: pointer %#lx\n", p);
		expect_error("console_io write",
			     hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write, 16, p));
		expect_error("set_trap_table",
			     hypercall1(__HYPERVISOR_set_trap_table, p));
		expect_error("mmu_update",
			     hypercall4(__HYPERVISOR_mmu_update, p, 1, 0, DOMID_SELF));
		expect_error("mmuext_op",
			     hypercall4(__HYPERVISOR_mmuext_op, p, 1, 0, DOMID_SELF));
		expect_error("sched_op shutdown",
			     hypercall2(__HYPERVISOR_sched_op, SCHEDOP_shutdown, p));
		expect_error("event_channel_op bind_virq",
			     hypercall2(__HYPERVISOR_event_channel_op,
					EVTCHNOP_bind_virq, p));
		expect_error("xen_version extraversion",
			     hypercall2(__HYPERVISOR_xen_version,
					XENVER_extraversion, p));
		expect_error("memory_op memory_map",
			     hypercall2(__HYPERVISOR_memory_op, XENMEM_memory_map, p));
		expect_error("vcpu_op register_vcpu_info",
			     hypercall3(__HYPERVISOR_vcpu_op,
					VCPUOP_register_vcpu_info, 0, p));
		expect_error("grant_table_op setup_table",
			     hypercall3(__HYPERVISOR_grant_table_op,
					GNTTABOP_setup_table, p, 1));
		expect_error("sysctl", hypercall1(__HYPERVISOR_sysctl, p));
		expect_error("platform_op", hypercall1(__HYPERVISOR_platform_op, p));
		expect_error("multicall",
			     hypercall2(__HYPERVISOR_multicall, p, 4));
	}
}

/*
 * Xen takes any kernel stack and kills the guest only when it bounces
 * onto it from user mode (this kernel never leaves kernel mode).
 */
static void stack_switch_into_xen(void)
{
	expect_answer("stack_switch into xen",
		      hypercall2(__HYPERVISOR_stack_switch, 0xe02b, XEN_VA), 0);
}

static void bad_numbers(void)
{
	struct evtchn_bind_virq bv = { .virq = 1000, .vcpu = 0 };
	struct evtchn_send snd = { .port = 1U << 30 };
	struct sched_shutdown ss = { .reason = 77 };
	static char buf[64];

	expect_error("hypercall 60", hypercall1(60, 0));
	expect_error("hypercall 1000", hypercall1(1000, 0));
	expect_error("hypercall -1", hypercall1(-1L, 0));
	/* xen-core logs an unimplemented sub-op once per domain. */
	expect_answer("memory_op 60",
		      hypercall2(__HYPERVISOR_memory_op, 60, 0), -XEN_ENOSYS);
	expect_answer("memory_op 60 again",
		      hypercall2(__HYPERVISOR_memory_op, 60, 0), -XEN_ENOSYS);
	expect_error("bind_virq 1000",
		     hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq, &bv));
	expect_error("evtchn send 2^30",
		     hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_send, &snd));
	expect_error("vcpu_op vcpu 4096",
		     hypercall3(__HYPERVISOR_vcpu_op, VCPUOP_is_up, 4096, 0));
	/* Xen shuts a domU down with any reason; only dom0 gets an error. */
	if (si->flags & SIF_INITDOMAIN)
		expect_error("sched_op shutdown reason 77",
			     hypercall2(__HYPERVISOR_sched_op, SCHEDOP_shutdown,
					&ss));
	/*
	 * Xen runs a multicall's entries one by one, however many: from a
	 * real buffer, 2^30 of them would execute (and write results into)
	 * whatever follows it.  From the top of the lower half they run
	 * off the canonical range, which must be refused.
	 */
	expect_error("multicall 2^30 entries",
		     hypercall2(__HYPERVISOR_multicall, 0x00007fffffff0000UL,
				1L << 30));
	expect_error("console_io huge count",
		     hypercall3(__HYPERVISOR_console_io, CONSOLEIO_write,
				1L << 40, buf));
	expect_error("grant_table_op huge count",
		     hypercall3(__HYPERVISOR_grant_table_op, GNTTABOP_setup_table,
				buf, 1L << 31));
	expect_error("set_segment_base bogus",
		     hypercall2(__HYPERVISOR_set_segment_base, 99, 0));
	stack_switch_into_xen();
}

static unsigned long p2m(unsigned long pfn)
{
	return ((const unsigned long *)si->mfn_list)[pfn];
}

/* One mmuext_op on frame @mfn of ours. */
static long mmuext_on(unsigned int cmd, unsigned long mfn)
{
	struct mmuext_op op = { .cmd = cmd, .arg1.mfn = mfn };

	return hypercall4(__HYPERVISOR_mmuext_op, &op, 1, 0, DOMID_SELF);
}

/* Maps @va with @pte in our own tables. */
static long remap(unsigned long va, uint64_t pte)
{
	return hypercall3(__HYPERVISOR_update_va_mapping, va, pte,
			  UVMF_INVLPG | UVMF_LOCAL);
}

/*
 * Machine address of the entry for @va in its level-@level table of the
 * bootstrap tables (which map themselves, so each is readable).
 */
static uint64_t entry_maddr(unsigned long va, int level)
{
	const uint64_t *t = (const uint64_t *)si->pt_base;
	int l;

	for (l = 4; l > level; l--) {
		uint64_t e = t[(va >> (12 + 9 * (l - 1))) & 511];

		t = (const uint64_t *)(M2P[(e & 0x000ffffffffff000UL) >> 12] << 12);
	}
	return ((uint64_t)p2m((unsigned long)t >> 12) << 12) +
	       ((va >> (12 + 9 * (level - 1))) & 511) * 8;
}

static uint64_t l1_entry_maddr(unsigned long va)
{
	return entry_maddr(va, 1);
}

static void bad_mappings(void)
{
	unsigned long spare = 0x300000;	/* a mapped, unused page of ours */
	unsigned long pt_mfn = p2m(si->pt_base >> 12);
	struct mmu_update u;

	u.ptr = l1_entry_maddr(spare);
	u.val = (0x200UL << 12) | 3;	/* xen-core's own image, writable */
	expect_error("map hypervisor frame",
		     hypercall4(__HYPERVISOR_mmu_update, &u, 1, 0, DOMID_SELF));
	u.val = ((uint64_t)pt_mfn << 12) | 3;	/* our L4, writable */
	expect_error("map own L4 writable",
		     hypercall4(__HYPERVISOR_mmu_update, &u, 1, 0, DOMID_SELF));
	u.val = (0x60000UL << 12) | 3;	/* RAM we were not given (1.5 GiB) */
	expect_error("map foreign RAM",
		     hypercall4(__HYPERVISOR_mmu_update, &u, 1, 0, DOMID_SELF));
	u.ptr = (0x200UL << 12);	/* write into the hypervisor */
	u.val = 0;
	expect_error("write hypervisor frame",
		     hypercall4(__HYPERVISOR_mmu_update, &u, 1, 0, DOMID_SELF));
	expect_error("update_va_mapping in xen",
		     hypercall3(__HYPERVISOR_update_va_mapping, XEN_VA, 0, 0));
	expect_error("unpin a table never pinned",
		     mmuext_on(MMUEXT_UNPIN_TABLE, pt_mfn + 1));
}

/*
 * A page whose entry 0 maps the page itself writable, pinned as an L1:
 * were it accepted, the guest would write its own PTEs.  Xen takes the
 * L1 type before it validates the entries, so the nested writable
 * reference fails: -EBUSY, as stock Xen 4.17 answers.
 */
static void self_mapping_l1(void)
{
	unsigned long pfn = 0x320, va = pfn << 12;	/* mapped, unused */
	uint64_t *page = (uint64_t *)va;
	uint64_t self = p2m(pfn) << 12;
	long rc;

	memset(page, 0, 4096);
	page[0] = self | 0x67;				/* P RW US A D */
	/* Our own mapping of it read-only, so it may become a table. */
	remap(va, self | 0x65);
	rc = mmuext_on(MMUEXT_PIN_L1_TABLE, p2m(pfn));
	expect_error("pin a self-mapping L1", rc);
	if (rc == 0)
		mmuext_on(MMUEXT_UNPIN_TABLE, p2m(pfn));
	remap(va, self | 0x67);
}

/* Extents done by giving frame @mfn back (a PV guest names it by MFN). */
static long balloon_out(unsigned long mfn)
{
	xen_pfn_t frame = mfn;
	struct xen_memory_reservation r = { .nr_extents = 1,
					    .domid = DOMID_SELF };

	set_xen_guest_handle(r.extent_start, &frame);
	return hypercall2(__HYPERVISOR_memory_op, XENMEM_decrease_reservation,
			  &r);
}

/*
 * The frames xen-core shares with the guest (shared_info, the grant
 * table) are written by the hypervisor for the domain's whole life: a
 * pinned page table there would have a PTE bit set by every event, and
 * a frame given back would be reused while still written.  Xen holds
 * them with a permanent writable type reference (a pin is -EINVAL) and
 * never frees them on a guest's request: giving one back is counted as
 * done (1 extent) and the frame stays Xen's.  What goes is the guest's
 * own reference: a frame still mapped somewhere can be mapped (and
 * given back) again, one mapped nowhere cannot (-EBUSY).
 */
#define GIVEN_BACK_VA	0x32b000UL	/* mapped, unused */

static void xen_shared_frames(void)
{
	unsigned long si_mfn = si->shared_info >> 12;
	xen_pfn_t gnttab_mfn = 0;
	struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1 };

	set_xen_guest_handle(st.frame_list, &gnttab_mfn);
	expect_error("pin shared_info as an L1",
		     mmuext_on(MMUEXT_PIN_L1_TABLE, si_mfn));
	expect_answer("balloon out shared_info", balloon_out(si_mfn), 1);
	/* Still mapped at SHARED_INFO_VA: a reference is left. */
	expect_answer("map shared_info given back",
		      remap(GIVEN_BACK_VA, (si_mfn << 12) | 0x67), 0);
	expect_answer("balloon it out again", balloon_out(si_mfn), 1);
	remap(GIVEN_BACK_VA, (p2m(GIVEN_BACK_VA >> 12) << 12) | 0x67);
	if (hypercall3(__HYPERVISOR_grant_table_op, GNTTABOP_setup_table,
		       &st, 1) || st.status) {
		expect_answer("grant table setup", -1, 0);
		return;
	}
	expect_error("pin a grant-table frame as an L1",
		     mmuext_on(MMUEXT_PIN_L1_TABLE, gnttab_mfn));
	expect_answer("balloon out a grant-table frame",
		      balloon_out(gnttab_mfn), 1);
	expect_answer("map the grant-table frame given back",
		      remap(GIVEN_BACK_VA, (gnttab_mfn << 12) | 0x67), -16);
}

/*
 * GNTTABOP_copy onto an entry of our own live L1 (with the value it has,
 * so an unfixed hypervisor is not hurt; a forged PTE would do the harm).
 * Xen takes a writable type reference on the destination, which a page
 * table cannot give: GNTST_general_error.
 */
static void copy_into_own_page_table(void)
{
	uint64_t entry = l1_entry_maddr((unsigned long)&own_data);
	unsigned long table_va = M2P[entry >> 12] << 12;
	uint64_t *src = (uint64_t *)0x321000UL;		/* mapped, unused */
	struct gnttab_copy op = {
		.source = { .u.gmfn = p2m(0x321), .domid = DOMID_SELF },
		.dest = { .u.gmfn = entry >> 12, .domid = DOMID_SELF,
			  .offset = entry & 0xfff },
		.len = sizeof(uint64_t),
	};
	long rc;

	src[0] = *(const uint64_t *)(table_va + (entry & 0xfff));
	rc = hypercall3(__HYPERVISOR_grant_table_op, GNTTABOP_copy, &op, 1);
	expect_answer("gnttab copy onto own L1", rc ? rc : op.status,
		      GNTST_general_error);
}

/*
 * A domU without I/O rights may not choose a mapping's cache attributes
 * (PWT, PCD, PAT): Xen refuses such an L1 entry with -EINVAL.  The
 * control domain may.
 */
static void cache_attributes(void)
{
	unsigned long va = 0x322000UL;			/* mapped, unused */
	uint64_t pte = (p2m(0x322) << 12) | 0x67;	/* P RW US A D */
	long rc = remap(va, pte | 0x10);			/* PCD */

	expect_answer("map with PCD", rc,
		      si->flags & SIF_INITDOMAIN ? 0 : -22);
	remap(va, pte);
}

/*
 * The local APIC's page (0xfee00000) is not RAM, nor a guest's to map:
 * Xen refuses it with -EPERM (I/O space without the right to it), to the
 * control domain too.
 */
static void map_local_apic(void)
{
	unsigned long va = 0x322000UL;			/* mapped, unused */
	long rc = remap(va, (0xfee00UL << 12) | 0x67);	/* P RW US A D */

	expect_answer("map the local APIC's page", rc, -1);
	remap(va, (p2m(0x322) << 12) | 0x67);
}

/*
 * The bits Xen 4.17 lets a guest set in its entries: everything but PWT,
 * PCD, bit 7 (PAT in an L1, a superpage above it) and GLOBAL, which an
 * L1 may set too; so the available bits 52-62 are the guest's at every
 * level.  An L2 entry is tried on a spare L2 slot, naming a zeroed frame
 * of ours as its L1.
 */
#define HOOK_VA		0x32000000UL	/* L2 slot 400: empty in our tables */

static long set_hook_entry(uint64_t val)
{
	struct mmu_update u = { entry_maddr(HOOK_VA, 2), val };

	return hypercall4(__HYPERVISOR_mmu_update, &u, 1, 0, DOMID_SELF);
}

static void entry_bits(void)
{
	unsigned long va = 0x322000UL, l1_va = 0x32e000UL;	/* mapped, unused */
	uint64_t pte = (p2m(0x322) << 12) | 0x67;
	uint64_t l1 = (p2m(0x32e) << 12) | 0x67;

	expect_answer("map with GLOBAL", remap(va, pte | 0x100), 0);
	expect_answer("map with bit 52", remap(va, pte | 1UL << 52), 0);
	expect_answer("map with bit 62", remap(va, pte | 1UL << 62), 0);
	remap(va, pte);
	memset((void *)l1_va, 0, 4096);
	remap(l1_va, l1 & ~2UL);			/* read-only: a table now */
	expect_answer("L2 entry with PCD", set_hook_entry(l1 | 0x10), -22);
	expect_answer("L2 entry with GLOBAL", set_hook_entry(l1 | 0x100), -22);
	expect_answer("L2 entry with bit 52", set_hook_entry(l1 | 1UL << 52), 0);
	set_hook_entry(0);
	remap(l1_va, l1);
}

/* ---- a long hypercall and our own events ---- */

#define SHARED_INFO_VA	0x324000UL
#define ALIAS_VA	0x80000000UL	/* L3 slot 2: empty in our tables */
#define ALIAS_WINDOWS	8		/* 2 MiB windows of aliased requests */
#define REQS_PER_PAGE	(4096 / sizeof(struct mmu_update))
#define ALIASED_REQS	(ALIAS_WINDOWS * 512 * REQS_PER_PAGE)

static struct shared_info *shared(void)
{
	return (struct shared_info *)SHARED_INFO_VA;
}

static volatile unsigned int mmu_done;		/* the huge call's *pdone */
static volatile unsigned int done_at_event = ~0U;
static unsigned int timer_evtchn;

static void pin_stopped(void);

/*
 * The registers the upcall saved (see hostile_event_callback): where an
 * event lands on a continued hypercall, that call's arguments.
 */
struct saved_regs {
	uint64_t rbx, r11, r10, r9, r8, rdi, rsi, rdx, rcx, rax;
};

#define MMU_UPDATE_PREEMPTED	0x80000000UL

/* Whether the event landed on our pin, continued part way. */
static bool on_continued_pin(const struct saved_regs *r);

/* Called from the event upcall: note the progress, drop every event. */
void event_reached(const struct saved_regs *r);
void event_reached(const struct saved_regs *r)
{
	struct vcpu_info *vi = &shared()->vcpu_info[0];
	bool timer = shared()->evtchn_pending[timer_evtchn / 64] &
		     (1UL << (timer_evtchn % 64));
	unsigned int i;

	vi->evtchn_upcall_pending = 0;
	vi->evtchn_pending_sel = 0;
	for (i = 0; i < sizeof(shared()->evtchn_pending) / 8; i++)
		shared()->evtchn_pending[i] = 0;
	if (timer && done_at_event == ~0U)
		done_at_event = mmu_done;
	if (on_continued_pin(r))
		pin_stopped();
}

/* The upcall may land on a re-issued SYSCALL: every register is kept. */
void hostile_event_callback(void);
asm(".globl hostile_event_callback\n"
    "hostile_event_callback:\n"
    "	pop %rcx\n"
    "	pop %r11\n"
    "	push %rax\n push %rcx\n push %rdx\n push %rsi\n push %rdi\n"
    "	push %r8\n push %r9\n push %r10\n push %r11\n push %rbx\n"
    "	mov %rsp, %rbx\n"
    "	mov %rsp, %rdi\n"
    "	and $-16, %rsp\n"
    "	call event_reached\n"
    "	mov %rbx, %rsp\n"
    "	pop %rbx\n pop %r11\n pop %r10\n pop %r9\n pop %r8\n"
    "	pop %rdi\n pop %rsi\n pop %rdx\n pop %rcx\n pop %rax\n"
    "	jmp pvk_iret\n");

/* Xen's system time now, from our vcpu_time_info. */
static uint64_t system_time_now(void)
{
	const volatile struct vcpu_time_info *t = &shared()->vcpu_info[0].time;
	uint32_t version, lo, hi;
	uint64_t stamp, base, delta;
	uint32_t mul;
	int8_t shift;

	do {
		version = t->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		stamp = t->tsc_timestamp;
		base = t->system_time;
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1) || version != t->version);
	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	delta = (((uint64_t)hi << 32) | lo) - stamp;
	delta = shift < 0 ? delta >> -shift : delta << shift;
	return base + (uint64_t)(((unsigned __int128)delta * mul) >> 32);
}

/* VIRQ_TIMER on a port of ours, unmasked, with our upcall registered. */
static unsigned int timer_port(void)
{
	struct callback_register cb = {
		.type = CALLBACKTYPE_event,
		.address = (unsigned long)hostile_event_callback,
	};
	struct evtchn_bind_virq bv = { .virq = VIRQ_TIMER, .vcpu = 0 };

	hypercall2(__HYPERVISOR_callback_op, CALLBACKOP_register, &cb);
	hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_bind_virq, &bv);
	timer_evtchn = bv.port;
	__atomic_fetch_and(&shared()->evtchn_mask[bv.port / 64],
			   ~(1UL << (bv.port % 64)), __ATOMIC_SEQ_CST);
	return bv.port;
}

/* Our timer off, and its port closed. */
static void stop_timer(unsigned int port)
{
	struct evtchn_close close = { .port = port };

	hypercall1(__HYPERVISOR_set_timer_op, 0);
	hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_close, &close);
}

/*
 * A table of mmu_update requests seen through ALIAS_WINDOWS L1 tables'
 * worth of aliases: one page of requests (each rewrites an entry of ours
 * with the value it has), mapped read-only by every entry of one L1,
 * which every entry of one L2 names, hooked into our L3.
 */
static void build_aliased_requests(void)
{
	struct mmu_update *reqs = (struct mmu_update *)0x325000UL;
	uint64_t *l1 = (uint64_t *)0x326000UL, *l2 = (uint64_t *)0x327000UL;
	uint64_t target = (p2m(0x323) << 12) | 0x67;
	struct mmu_update hook;
	unsigned int i;

	remap(0x323000UL, target);
	for (i = 0; i < REQS_PER_PAGE; i++)
		reqs[i] = (struct mmu_update){ l1_entry_maddr(0x323000UL),
					       target };
	for (i = 0; i < 512; i++)
		l1[i] = (p2m(0x325) << 12) | 0x25;		/* P US A */
	memset(l2, 0, 4096);
	for (i = 0; i < ALIAS_WINDOWS; i++)
		l2[i] = (p2m(0x326) << 12) | 0x27;		/* P RW US A */
	remap(0x326000UL, (p2m(0x326) << 12) | 0x65);	/* read-only now */
	remap(0x327000UL, (p2m(0x327) << 12) | 0x65);
	hook = (struct mmu_update){ entry_maddr(ALIAS_VA, 3),
				    (p2m(0x327) << 12) | 0x67 };
	expect_answer("hook the aliased tables",
		      hypercall4(__HYPERVISOR_mmu_update, &hook, 1, 0,
				 DOMID_SELF), 0);
}

static void unhook_aliased_requests(void)
{
	struct mmu_update unhook = { entry_maddr(ALIAS_VA, 3), 0 };

	hypercall4(__HYPERVISOR_mmu_update, &unhook, 1, 0, DOMID_SELF);
}

/*
 * @call with our events unmasked and our timer due 5 ms after it is
 * asked for.  Where the vCPU lost its CPU in between (dom0 runs beside
 * us), the event comes before the call starts and says nothing: the
 * caller tries again, up to TIMER_ATTEMPTS times.
 */
#define TIMER_ATTEMPTS	5

static long with_timer_due(long (*call)(void))
{
	long rc;

	shared()->vcpu_info[0].evtchn_upcall_mask = 0;
	hypercall1(__HYPERVISOR_set_timer_op, system_time_now() + 5000000);
	rc = call();
	shared()->vcpu_info[0].evtchn_upcall_mask = 1;
	return rc;
}

static long huge_call(void)
{
	return hypercall4(__HYPERVISOR_mmu_update, ALIAS_VA, ALIASED_REQS,
			  &mmu_done, DOMID_SELF);
}

static long huge_call_with_timer_due(void)
{
	done_at_event = ~0U;
	mmu_done = 0;
	return with_timer_due(huge_call);
}

/*
 * An mmu_update of a million requests through aliased tables (isolation
 * hole 7): Xen stops it at preemption points and continues it, so our
 * own timer event, due a few milliseconds in, is delivered part way
 * (its upcall sees *pdone between 0 and the count); a hypervisor that
 * runs the call to the end holds this CPU, and every other CPU waiting
 * for it, for as long as it takes.
 */
static void huge_aliased_mmu_update(void)
{
	unsigned int port = timer_port(), attempt;
	long rc;

	build_aliased_requests();
	for (attempt = 1;; attempt++) {
		rc = huge_call_with_timer_due();
		if (done_at_event != 0 || attempt == TIMER_ATTEMPTS)
			break;
	}
	expect_answer("huge aliased mmu_update", rc, 0);
	expect_answer("huge aliased mmu_update done", mmu_done, ALIASED_REQS);
	pvk_print("hostile: our event came after %u of %u requests "
		  "(attempt %u)\n", done_at_event, (unsigned int)ALIASED_REQS,
		  attempt);
	expect_true("our event came part way through the huge call",
		    done_at_event > 0 && done_at_event < ALIASED_REQS);
	stop_timer(port);
	unhook_aliased_requests();
}

/* ---- a pin too big for one go ---- */

/*
 * A tree whose validation takes long: an L4 -> an L3 -> TREE_L2S L2s ->
 * TREE_L1S L1s, each mapping one data page read-only 512 times; in our
 * highest frames, which nothing maps.  Xen validates it in parts,
 * continuing the pin (isolation hole 7: XSA-45, and XSA-299/310 for the
 * partial tables between the parts).
 */
#define TREE_L2S	4
#define TREE_L1S	(TREE_L2S * 512)
#define TREE_FRAMES	(TREE_L1S + TREE_L2S + 3)
#define FILL_VA		0x32c000UL	/* mapped, unused */
#define PROBE_VA	0x32d000UL	/* mapped, unused */

enum pin_plan { PIN_PROBE = 1, PIN_DIE };

static struct mmuext_op pin_op;
static volatile enum pin_plan pin_plan;	/* for the upcall; 0: nothing */
static volatile unsigned int pin_stops;

/* Tree frame @i: 0 the L4, 1 the L3, then the L2s, the L1s, the data. */
static unsigned long tree_mfn(unsigned int i)
{
	return p2m(si->nr_pages - TREE_FRAMES + i);
}

static void fill_tree_frame(unsigned int i, uint64_t (*entry)(unsigned int))
{
	uint64_t *t = (uint64_t *)FILL_VA;
	unsigned int j;

	remap(FILL_VA, (tree_mfn(i) << 12) | 0x67);
	for (j = 0; j < 512; j++)
		t[j] = entry(j);
}

static unsigned int filling;	/* the frame fill_tree_frame() fills */

static uint64_t l4_entry(unsigned int j)
{
	return j ? 0 : (tree_mfn(1) << 12) | 0x67;
}

static uint64_t l3_entry(unsigned int j)
{
	return j < TREE_L2S ? (tree_mfn(2 + j) << 12) | 0x67 : 0;
}

static uint64_t l2_entry(unsigned int j)
{
	return (tree_mfn(2 + TREE_L2S + (filling - 2) * 512 + j) << 12) | 0x67;
}

static uint64_t l1_entry(unsigned int j)
{
	(void)j;
	return (tree_mfn(TREE_FRAMES - 1) << 12) | 0x25;	/* P US A */
}

static void build_tree(void)
{
	unsigned int i;

	fill_tree_frame(0, l4_entry);
	fill_tree_frame(1, l3_entry);
	for (filling = 2; filling < 2 + TREE_L2S; filling++)
		fill_tree_frame(filling, l2_entry);
	for (i = 2 + TREE_L2S; i < TREE_FRAMES - 1; i++)
		fill_tree_frame(i, l1_entry);
	remap(FILL_VA, 0);
}

static bool on_continued_pin(const struct saved_regs *r)
{
	return pin_plan && r->rax == __HYPERVISOR_mmuext_op &&
	       r->rdi == (uint64_t)&pin_op &&
	       (r->rsi & MMU_UPDATE_PREEMPTED);
}

/*
 * The tables between two parts of the pin: the L4 and the L3 are partial,
 * neither pinned nor writable.  Pinning the L3, then the L4, takes each
 * over and finishes its validation; the continued pin then finds the L4
 * pinned already.
 */
static void probe_partial_tables(void)
{
	expect_answer("unpin the partial L4",
		      mmuext_on(MMUEXT_UNPIN_TABLE, tree_mfn(0)), -XEN_EINVAL);
	expect_error("map the partial L4 writable",
		     remap(PROBE_VA, (tree_mfn(0) << 12) | 0x67));
	expect_error("map the partial L3 writable",
		     remap(PROBE_VA, (tree_mfn(1) << 12) | 0x67));
	expect_answer("pin the partial L3 from the upcall",
		      mmuext_on(MMUEXT_PIN_L3_TABLE, tree_mfn(1)), 0);
	expect_answer("pin the partial L4 from the upcall",
		      mmuext_on(MMUEXT_PIN_L4_TABLE, tree_mfn(0)), 0);
}

static void __attribute__((noreturn)) iret_with_null_ss(void);

static void pin_stopped(void)
{
	enum pin_plan plan = pin_plan;

	pin_plan = 0;
	pin_stops++;
	if (plan == PIN_PROBE)
		probe_partial_tables();
	if (plan == PIN_DIE) {
		pvk_print("hostile: dying while a pin is part way\n");
		iret_with_null_ss();
	}
}

static long issue_pin(void)
{
	return hypercall4(__HYPERVISOR_mmuext_op, &pin_op, 1, 0, DOMID_SELF);
}

/* The pin of the tree, with our timer due and @plan armed. */
static long pin_tree(enum pin_plan plan)
{
	long rc;

	pin_op = (struct mmuext_op){ .cmd = MMUEXT_PIN_L4_TABLE,
				     .arg1.mfn = tree_mfn(0) };
	pin_plan = plan;
	rc = with_timer_due(issue_pin);
	pin_plan = 0;
	return rc;
}

/*
 * Pinned in parts; between two, the upcall probes the partial tables
 * and takes them over.  Where the event came before the pin started, the
 * pin ran in one part: it is undone and tried again.
 */
static void big_pin_in_parts(void)
{
	unsigned int port = timer_port(), attempt;
	long rc;

	build_tree();
	for (attempt = 1;; attempt++) {
		rc = pin_tree(PIN_PROBE);
		if (pin_stops || attempt == TIMER_ATTEMPTS)
			break;
		mmuext_on(MMUEXT_UNPIN_TABLE, tree_mfn(0));
	}
	expect_true("the pin was stopped part way", pin_stops > 0);
	expect_answer("the continued pin finds it pinned", rc, -XEN_EINVAL);
	expect_answer("unpin the L4", mmuext_on(MMUEXT_UNPIN_TABLE, tree_mfn(0)), 0);
	expect_answer("unpin the L3", mmuext_on(MMUEXT_UNPIN_TABLE, tree_mfn(1)), 0);
	stop_timer(port);
}

/*
 * The end: killed by our own fault while the pin is part way, so the
 * domain dies holding partial tables (which destroy must take apart).
 */
static void __attribute__((noreturn)) die_during_a_big_pin(void)
{
	unsigned int attempt;

	timer_port();
	for (attempt = 1; attempt <= TIMER_ATTEMPTS; attempt++) {
		pin_tree(PIN_DIE);
		mmuext_on(MMUEXT_UNPIN_TABLE, tree_mfn(0));
	}
	pvk_print("hostile: the pin was never stopped\n");
	iret_with_null_ss();
}

/* ---- grant bookkeeping ---- */

#define GNT_FRAMES	6		/* frame 0 was given back: unused */
#define FIRST_REF	512		/* of frame 1, mapped at GNT_TABLE_VA */
#define GNT_TABLE_VA	0x330000UL
#define GRANTED_PFN	0x328UL
#define BALLOON_PFN	0x329UL
#define MAP_VA		0x32a000UL
#define OPS_PER_CALL	512
#define MAPS_PER_GRANT	128		/* Xen's pin counters: a byte, 128 */
#define MAPTRACK_HANDLES (1024 * 256)	/* Xen's default limit */
#define REF_HOST	FIRST_REF
#define REF_PIN		(FIRST_REF + 1)
#define REF_MANY	(FIRST_REF + 2)

static struct grant_entry_v1 *gnt_table = (struct grant_entry_v1 *)GNT_TABLE_VA;
static union {
	struct gnttab_map_grant_ref map[OPS_PER_CALL];
	struct gnttab_unmap_grant_ref unmap[OPS_PER_CALL];
} gops;
static domid_t self_id;

static bool map_own_grant_table(void)
{
	xen_pfn_t frames[GNT_FRAMES];
	struct gnttab_setup_table st = { .dom = DOMID_SELF,
					 .nr_frames = GNT_FRAMES };
	unsigned int i;

	set_xen_guest_handle(st.frame_list, frames);
	if (hypercall3(__HYPERVISOR_grant_table_op, GNTTABOP_setup_table,
		       &st, 1) || st.status)
		return false;
	for (i = 1; i < GNT_FRAMES; i++)
		remap(GNT_TABLE_VA + (i - 1) * 4096, (frames[i] << 12) | 0x67);
	return true;
}

static struct grant_entry_v1 *gnt_entry(unsigned int ref)
{
	return &gnt_table[ref - FIRST_REF];
}

static void grant_to_self(unsigned int ref, unsigned long pfn, uint16_t flags)
{
	gnt_entry(ref)->frame = p2m(pfn);
	gnt_entry(ref)->domid = self_id;
	__atomic_store_n(&gnt_entry(ref)->flags, flags, __ATOMIC_SEQ_CST);
}

static long gnttab_batch(unsigned int cmd, unsigned int n)
{
	return hypercall3(__HYPERVISOR_grant_table_op, cmd, &gops, n);
}

static uint64_t bus_addr(unsigned long pfn)
{
	return (uint64_t)p2m(pfn) << 12;
}

/* A host mapping answers the frame's bus address, as Xen does. */
static void host_map_bus_address(void)
{
	struct gnttab_map_grant_ref *m = &gops.map[0];
	struct gnttab_unmap_grant_ref *u = &gops.unmap[0];
	grant_handle_t h;

	grant_to_self(REF_HOST, GRANTED_PFN, GTF_permit_access);
	*m = (struct gnttab_map_grant_ref){ .host_addr = MAP_VA,
		.flags = GNTMAP_host_map, .ref = REF_HOST, .dom = self_id };
	gnttab_batch(GNTTABOP_map_grant_ref, 1);
	expect_answer("host map of our grant", m->status, GNTST_okay);
	expect_true("host map answers the frame's bus address",
		    m->dev_bus_addr == bus_addr(GRANTED_PFN));
	h = m->handle;
	*u = (struct gnttab_unmap_grant_ref){ .host_addr = MAP_VA, .handle = h };
	gnttab_batch(GNTTABOP_unmap_grant_ref, 1);
	expect_answer("host unmap", u->status, GNTST_okay);
	expect_answer("grant flags after unmap", gnt_entry(REF_HOST)->flags,
		      GTF_permit_access);
}

/* @n device mappings (read-only) of refs @first.., MAPS_PER_GRANT each. */
static void fill_device_maps(unsigned int first_ref, unsigned int n,
			     unsigned int from)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		gops.map[i] = (struct gnttab_map_grant_ref){
			.flags = GNTMAP_device_map | GNTMAP_readonly,
			.ref = first_ref + (from + i) / MAPS_PER_GRANT,
			.dom = self_id };
}

/* Unmaps handles @first..@first+@n-1 of device mappings of GRANTED_PFN. */
static unsigned int unmap_device_handles(unsigned int first, unsigned int n)
{
	unsigned int i, ok = 0;

	for (i = 0; i < n; i++)
		gops.unmap[i] = (struct gnttab_unmap_grant_ref){
			.dev_bus_addr = bus_addr(GRANTED_PFN),
			.handle = first + i };
	gnttab_batch(GNTTABOP_unmap_grant_ref, n);
	for (i = 0; i < n; i++)
		ok += gops.unmap[i].status == GNTST_okay;
	return ok;
}

/* Xen's pin counters are a byte each: 128 mappings of one grant. */
static void pin_counter_limit(void)
{
	unsigned int i, mapped = 0;
	int16_t refused = 0;

	grant_to_self(REF_PIN, GRANTED_PFN, GTF_permit_access | GTF_readonly);
	for (i = 0; i <= MAPS_PER_GRANT; i++)
		gops.map[i] = (struct gnttab_map_grant_ref){
			.flags = GNTMAP_device_map | GNTMAP_readonly,
			.ref = REF_PIN, .dom = self_id };
	gnttab_batch(GNTTABOP_map_grant_ref, MAPS_PER_GRANT + 1);
	while (mapped <= MAPS_PER_GRANT && gops.map[mapped].status == GNTST_okay)
		mapped++;
	if (mapped <= MAPS_PER_GRANT)
		refused = gops.map[mapped].status;
	expect_answer("device maps of one grant", mapped, MAPS_PER_GRANT);
	expect_answer("the next one", refused, GNTST_general_error);
	for (i = 0; i < mapped; i++)
		gops.unmap[i] = (struct gnttab_unmap_grant_ref){
			.dev_bus_addr = bus_addr(GRANTED_PFN),
			.handle = gops.map[i].handle };
	gnttab_batch(GNTTABOP_unmap_grant_ref, mapped);
	expect_answer("grant flags after the device unmaps", gnt_entry(REF_PIN)->flags,
		      GTF_permit_access | GTF_readonly);
}

/*
 * Map until the maptrack table is full (a blkback with persistent grants
 * alone keeps 1056 mappings per ring): Xen's default limit is 1024
 * frames of 256 handles, of which a one-vCPU domain gets all but its
 * free list's tail; then GNTST_no_space.  Every handle is given back.
 */
static void maptrack_exhaustion(void)
{
	unsigned int mapped = 0, batch, i, freed = 0;
	int16_t refused = 0;

	for (i = 0; i < MAPTRACK_HANDLES / MAPS_PER_GRANT + 1; i++)
		grant_to_self(REF_MANY + i, GRANTED_PFN,
			      GTF_permit_access | GTF_readonly);
	while (!refused && mapped <= MAPTRACK_HANDLES) {
		fill_device_maps(REF_MANY, OPS_PER_CALL, mapped);
		if (gnttab_batch(GNTTABOP_map_grant_ref, OPS_PER_CALL))
			break;
		for (batch = 0; batch < OPS_PER_CALL && !refused; batch++) {
			if (gops.map[batch].status == GNTST_okay)
				mapped++;
			else
				refused = gops.map[batch].status;
		}
	}
	expect_answer("mappings until the maptrack is full", mapped,
		      MAPTRACK_HANDLES - 1);
	expect_answer("the next one", refused, GNTST_no_space);
	for (i = 0; i < MAPTRACK_HANDLES; i += OPS_PER_CALL)
		freed += unmap_device_handles(i, OPS_PER_CALL);
	expect_answer("handles given back", freed, mapped);
}

/*
 * A frame we mapped through a grant, given back while mapped: Xen counts
 * it done and frees it when the mapping goes.
 */
static void balloon_a_mapped_frame(void)
{
	struct gnttab_map_grant_ref *m = &gops.map[0];
	struct gnttab_unmap_grant_ref *u = &gops.unmap[0];

	grant_to_self(REF_HOST, BALLOON_PFN, GTF_permit_access);
	*m = (struct gnttab_map_grant_ref){ .host_addr = MAP_VA,
		.flags = GNTMAP_host_map, .ref = REF_HOST, .dom = self_id };
	gnttab_batch(GNTTABOP_map_grant_ref, 1);
	expect_answer("map a frame to balloon", m->status, GNTST_okay);
	expect_answer("balloon out the mapped frame", balloon_out(p2m(BALLOON_PFN)),
		      1);
	*(volatile uint64_t *)MAP_VA = 0x5a5a;
	*u = (struct gnttab_unmap_grant_ref){ .host_addr = MAP_VA,
					      .handle = m->handle };
	gnttab_batch(GNTTABOP_unmap_grant_ref, 1);
	expect_answer("unmap the ballooned frame", u->status, GNTST_okay);
}

static void grant_bookkeeping(void)
{
	self_id = pvk_domid();
	if (!map_own_grant_table()) {
		expect_answer("grant table of 6 frames", -1, 0);
		return;
	}
	host_map_bus_address();
	pin_counter_limit();
	maptrack_exhaustion();
	balloon_a_mapped_frame();
}

/*
 * An unmap of a handle never handed out, before this domain has mapped
 * any grant: GNTST_bad_handle.  xen-core went on to release the handle
 * it had not looked up, through a maptrack that did not exist yet, and
 * took a page fault in the hypervisor (found by the fuzz guest).
 */
static void unmap_never_mapped(void)
{
	struct gnttab_unmap_grant_ref op = {
		.host_addr = MAP_VA, .handle = 1234,
	};
	long rc = hypercall3(__HYPERVISOR_grant_table_op,
			     GNTTABOP_unmap_grant_ref, &op, 1);

	expect_answer("unmap of a handle never given", rc ? rc : op.status,
		      GNTST_bad_handle);
}

/* Grant map of dom0's reference 0: the call succeeds, the op fails. */
static long map_control_domain_grant(void)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = (unsigned long)&own_data & ~0xfffUL,
		.flags = GNTMAP_host_map, .ref = 0, .dom = 0,
	};
	long rc = hypercall3(__HYPERVISOR_grant_table_op,
			     GNTTABOP_map_grant_ref, &op, 1);

	return rc < 0 ? rc : op.status;
}

static void not_the_control_domain(void)
{
	static struct xen_domctl dc = {
		.cmd = XEN_DOMCTL_pausedomain,
		.interface_version = XEN_DOMCTL_INTERFACE_VERSION,
	};
	static struct xen_sysctl sc = {
		.cmd = XEN_SYSCTL_physinfo,
		.interface_version = XEN_SYSCTL_INTERFACE_VERSION,
	};
	struct mmu_update u = {
		l1_entry_maddr((unsigned long)&own_data), (0x100UL << 12) | 3,
	};
	struct evtchn_alloc_unbound au = { .dom = 0, .remote_dom = DOMID_SELF };
	struct sched_remote_shutdown rs = { .domain_id = 0,
					    .reason = SHUTDOWN_poweroff };
	xen_pfn_t pfn = 0x1000;
	struct xen_memory_reservation r = { .nr_extents = 1, .domid = 0 };

	set_xen_guest_handle(r.extent_start, &pfn);
	expect_error("domctl pausedomain 0",
		     hypercall1(__HYPERVISOR_domctl, &dc));
	expect_error("sysctl physinfo", hypercall1(__HYPERVISOR_sysctl, &sc));
	expect_error("mmu_update mapping dom0's frame",
		     hypercall4(__HYPERVISOR_mmu_update, &u, 1, 0, 0));
	expect_error("alloc_unbound in dom0",
		     hypercall2(__HYPERVISOR_event_channel_op,
				EVTCHNOP_alloc_unbound, &au));
	expect_error("remote_shutdown of dom0",
		     hypercall2(__HYPERVISOR_sched_op, SCHEDOP_remote_shutdown,
				&rs));
	/* Xen refuses a reservation change by doing none of its extents. */
	expect_below("populate_physmap for dom0",
		     hypercall2(__HYPERVISOR_memory_op, XENMEM_populate_physmap,
				&r), 1);
	expect_error("map dom0's grant 0", map_control_domain_grant());
}

/* ---- event channel limits ---- */

#define MAX_EVTCHN_PORT	1023	/* what our toolstack (and libxl) asks for */
#define POLL_LIMIT	128	/* Xen's, for SCHEDOP_poll */
#define FIRST_BUCKET	64	/* ports Xen has room for before any growth */

static long evtchn_op(unsigned int cmd, void *arg)
{
	return hypercall2(__HYPERVISOR_event_channel_op, cmd, arg);
}

static long close_port(evtchn_port_t port)
{
	struct evtchn_close c = { .port = port };

	return evtchn_op(EVTCHNOP_close, &c);
}

static long poll_ports(evtchn_port_t *ports, unsigned int n, uint64_t timeout)
{
	struct sched_poll sp = { .nr_ports = n, .timeout = timeout };

	set_xen_guest_handle(sp.ports, ports);
	return hypercall2(__HYPERVISOR_sched_op, SCHEDOP_poll, &sp);
}

static bool port_pending(evtchn_port_t port)
{
	return shared()->evtchn_pending[port / 64] & (1UL << (port % 64));
}

/* An IPI port to ourselves, masked, so no upcall comes of it. */
static evtchn_port_t masked_ipi_port(void)
{
	struct evtchn_bind_ipi bi = { .vcpu = 0 };

	evtchn_op(EVTCHNOP_bind_ipi, &bi);
	__atomic_fetch_or(&shared()->evtchn_mask[bi.port / 64],
			  1UL << (bi.port % 64), __ATOMIC_SEQ_CST);
	return bi.port;
}

/* Xen looks at the ports in order: the first pending or invalid decides. */
static void poll_bounds(void)
{
	static evtchn_port_t ports[POLL_LIMIT + 1];
	evtchn_port_t p = masked_ipi_port(), beyond = FIRST_BUCKET;
	unsigned int i;

	evtchn_op(EVTCHNOP_send, &p);

	expect_true("the IPI port is pending", port_pending(p));
	for (i = 0; i <= POLL_LIMIT; i++)
		ports[i] = p;
	expect_answer("poll of 129 ports", poll_ports(ports, POLL_LIMIT + 1, 0),
		      -XEN_EINVAL);
	expect_answer("poll of 128 ports", poll_ports(ports, POLL_LIMIT, 0), 0);
	expect_answer("poll with ports in xen",
		      poll_ports((evtchn_port_t *)XEN_VA, 1, 0), -XEN_EFAULT);
	ports[1] = beyond;
	expect_answer("poll of pending then invalid port",
		      poll_ports(ports, 2, 0), 0);
	ports[0] = beyond;
	ports[1] = p;
	expect_answer("poll of invalid then pending port",
		      poll_ports(ports, 2, 0), -XEN_EINVAL);
	ports[0] = EVTCHN_2L_NR_CHANNELS;
	expect_answer("poll of port 4096", poll_ports(ports, 1, 0), -XEN_EINVAL);
	expect_answer("unmask of a port beyond the first bucket",
		      evtchn_op(EVTCHNOP_unmask, &beyond), -XEN_EINVAL);
	expect_answer("send on a port beyond the first bucket",
		      evtchn_op(EVTCHNOP_send, &beyond), -XEN_EINVAL);
	expect_answer("close of a port beyond the first bucket",
		      close_port(beyond), -XEN_EINVAL);
	expect_answer("status of a port beyond the first bucket",
		      evtchn_op(EVTCHNOP_status, &(struct evtchn_status){
				.dom = DOMID_SELF, .port = beyond }), -XEN_EINVAL);
	expect_answer("bind_vcpu to a vCPU we lack",
		      evtchn_op(EVTCHNOP_bind_vcpu, &(struct evtchn_bind_vcpu){
				.port = p, .vcpu = 7 }), -XEN_ENOENT);
	expect_answer("close of the pending IPI port", close_port(p), 0);
	expect_true("a re-bound port is the same one", masked_ipi_port() == p);
	expect_true("a re-bound port starts with no event", !port_pending(p));
	expect_answer("poll of a quiet port, timed out",
		      poll_ports(&p, 1, system_time_now() + 1000000), 0);
	close_port(p);
	expect_answer("poll of a free port", poll_ports(&p, 1, 0), -XEN_EINVAL);
}

/* Ports up to max_evtchn_port, then -ENOSPC; Xen's room grows by 64. */
static void port_exhaustion(void)
{
	static evtchn_port_t taken[EVTCHN_2L_NR_CHANNELS];
	struct evtchn_alloc_unbound au = { .dom = DOMID_SELF,
					   .remote_dom = DOMID_SELF };
	unsigned int n = 0, closed = 0, i;
	long rc;

	while ((rc = evtchn_op(EVTCHNOP_alloc_unbound, &au)) == 0 &&
	       n < EVTCHN_2L_NR_CHANNELS)
		taken[n++] = au.port;
	expect_answer("alloc_unbound past max_evtchn_port", rc, -XEN_ENOSPC);
	expect_answer("the last port allocated", n ? taken[n - 1] : 0,
		      MAX_EVTCHN_PORT);
	expect_answer("status of port max_evtchn_port + 1",
		      evtchn_op(EVTCHNOP_status, &(struct evtchn_status){
				.dom = DOMID_SELF, .port = MAX_EVTCHN_PORT + 1 }),
		      -XEN_EINVAL);
	for (i = 0; i < n; i++)
		closed += close_port(taken[i]) == 0;
	expect_true("every port taken closes", closed == n);
}

static void event_channel_limits(void)
{
	poll_bounds();
	port_exhaustion();
}

/* #GP handler: where the return into iret_with_null_ss() ends. */
void hostile_gp_handler(void);
void gp_reached(void);
asm(".globl hostile_gp_handler\n"
    "hostile_gp_handler:\n"
    "	and $-16, %rsp\n"
    "	call gp_reached\n");

void gp_reached(void)
{
	pvk_print("hostile: iret with a null SS came back as our #GP ok\n");
	pvk_print("hostile: now jumping to an unmapped address\n");
	((void (*)(void))UNMAPPED)();
}

/*
 * HYPERVISOR_iret to kernel mode with a null SS: the hypervisor makes it
 * RPL 3 (ss 3), which the CPU's iretq into the guest refuses with a #GP.
 * That fault is the host's, on the way back to us: Xen 4.17 gives it to
 * the guest, as a #GP at the frame it was returning to; it must never be
 * a host panic.  Events stay masked, so no upcall comes first.
 */
static void iret_with_null_ss(void)
{
	static uint64_t stack[512] __attribute__((aligned(16)));

	pvk_set_trap_handler(13, hostile_gp_handler);
	/* HYPERVISOR_iret's frame: rax r11 rcx flags rip cs rflags rsp ss. */
	asm volatile("pushq $0\n"			/* ss: null */
		     "pushq %0\n"			/* rsp */
		     "pushq $0x2\n"			/* rflags: events masked */
		     "pushq $0xe030\n"			/* cs: kernel mode */
		     "leaq 1f(%%rip), %%rax\n"
		     "pushq %%rax\n"			/* rip */
		     "pushq $0\n"			/* flags */
		     "pushq $0\n"			/* rcx */
		     "pushq $0\n"			/* r11 */
		     "pushq $0\n"			/* rax */
		     "mov $23, %%eax\n"		/* __HYPERVISOR_iret */
		     "syscall\n"
		     "1: ud2\n"
		     : : "r"(&stack[512]) : "rax", "memory");
	__builtin_unreachable();
}

void pvk_main(const struct start_info *start_info)
{
	si = start_info;
	expect_begin("hostile");
	/* Before it is given back (xen_shared_frames): our events need it. */
	remap(SHARED_INFO_VA, (si->shared_info & ~0xfffUL) | 0x67);
	bad_pointers_everywhere();
	bad_numbers();
	bad_mappings();
	self_mapping_l1();
	xen_shared_frames();
	copy_into_own_page_table();
	cache_attributes();
	map_local_apic();
	entry_bits();
	if (!(si->flags & SIF_INITDOMAIN)) {
		unmap_never_mapped();
		not_the_control_domain();
		event_channel_limits();
		huge_aliased_mmu_update();
		big_pin_in_parts();
		grant_bookkeeping();
		xs_flood(si);
	}
	pvk_print("hostile: survived, %u wrong answers\n", expect_failures());
	if (!(si->flags & SIF_INITDOMAIN))
		die_during_a_big_pin();
	iret_with_null_ss();
}
