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
#include "xs_flood.h"
#include <xen/domctl.h>
#include <xen/sysctl.h>
#include <xen/event_channel.h>
#include <xen/memory.h>
#include <xen/vcpu.h>
#include <xen/grant_table.h>

#define XEN_VA		0xffff830000200000UL	/* hypervisor's image */
#define NONCANON	0x0000900000000000UL
#define UNMAPPED	0x40000000UL

static const struct start_info *si;
static unsigned int failures;

/* Refused: an answer below @limit (an error code, or fewer done). */
static void expect_below(const char *what, long rc, long limit)
{
	pvk_print("hostile: %s rc=%ld %s\n", what, rc,
		  rc < limit ? "ok" : "WRONG");
	if (rc >= limit)
		failures++;
}

static void expect_error(const char *what, long rc)
{
	expect_below(what, rc, 0);
}

/* Xen's exact answer, where it is not a refusal. */
static void expect_answer(const char *what, long rc, long want)
{
	pvk_print("hostile: %s rc=%ld %s\n", what, rc,
		  rc == want ? "ok" : "WRONG");
	if (rc != want)
		failures++;
}

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
 * Xen takes any kernel stack and faults only when it bounces onto it
 * from user mode (this kernel never leaves kernel mode); xen-core
 * refuses one it could not use.  Both are safe: printed, not judged.
 */
static void stack_switch_into_xen(void)
{
	pvk_print("hostile: stack_switch into xen rc=%ld\n",
		  hypercall2(__HYPERVISOR_stack_switch, 0xe02b, XEN_VA));
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

/* Machine address of the L1 entry mapping @va in the bootstrap tables. */
static uint64_t l1_entry_maddr(unsigned long va)
{
	const uint64_t *t = (const uint64_t *)si->pt_base;
	int level;

	for (level = 4; level > 1; level--) {
		uint64_t e = t[(va >> (12 + 9 * (level - 1))) & 511];

		t = (const uint64_t *)(M2P[(e & 0x000ffffffffff000UL) >> 12] << 12);
	}
	return ((uint64_t)p2m((unsigned long)t >> 12) << 12) +
	       ((va >> 12) & 511) * 8;
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
 * done (1 extent) and the frame stays Xen's.
 */
static void xen_shared_frames(void)
{
	unsigned long si_mfn = si->shared_info >> 12;
	xen_pfn_t gnttab_mfn = 0;
	struct gnttab_setup_table st = { .dom = DOMID_SELF, .nr_frames = 1 };

	set_xen_guest_handle(st.frame_list, &gnttab_mfn);
	expect_error("pin shared_info as an L1",
		     mmuext_on(MMUEXT_PIN_L1_TABLE, si_mfn));
	expect_answer("balloon out shared_info", balloon_out(si_mfn), 1);
	if (hypercall3(__HYPERVISOR_grant_table_op, GNTTABOP_setup_table,
		       &st, 1) || st.status) {
		expect_answer("grant table setup", -1, 0);
		return;
	}
	expect_error("pin a grant-table frame as an L1",
		     mmuext_on(MMUEXT_PIN_L1_TABLE, gnttab_mfn));
	expect_answer("balloon out a grant-table frame",
		      balloon_out(gnttab_mfn), 1);
}

/*
 * GNTTABOP_copy onto an entry of our own live L1 (with the value it has,
 * so an unfixed hypervisor is not hurt; a forged PTE would do the harm).
 * Xen takes a writable type reference on the destination, which a page
 * table cannot give: GNTST_general_error.
 */
static void copy_into_own_page_table(void)
{
	uint64_t entry = l1_entry_maddr((unsigned long)&failures);
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

/* Grant map of dom0's reference 0: the call succeeds, the op fails. */
static long map_control_domain_grant(void)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = (unsigned long)&failures & ~0xfffUL,
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
		l1_entry_maddr((unsigned long)&failures), (0x100UL << 12) | 3,
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
static void __attribute__((noreturn)) iret_with_null_ss(void)
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
	pvk_print("hostile: begin\n");
	bad_pointers_everywhere();
	bad_numbers();
	bad_mappings();
	self_mapping_l1();
	xen_shared_frames();
	copy_into_own_page_table();
	cache_attributes();
	if (!(si->flags & SIF_INITDOMAIN)) {
		not_the_control_domain();
		xs_flood(si);
	}
	pvk_print("hostile: survived, %u wrong answers\n", failures);
	iret_with_null_ss();
}
