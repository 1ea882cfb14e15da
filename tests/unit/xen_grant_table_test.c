/*
 * xen-core's grant-table rules (common/grant_table.c), driven host-side
 * on the small machine of xen_machine.h: d2 grants its frames, d1 maps
 * them for a device, copies, unmaps, and dies.  The rules are Xen's: a
 * mapping pins the grant (GTF_reading, GTF_writing) and holds the frame's
 * references until it goes; only the named grantee maps; a read-only
 * grant refuses a writable use; a handle never given is refused; a
 * mapper that dies gives every pin and reference back while its granter
 * lives on; a copy never writes a page table.
 *
 * The code under test runs on a stack laid out as xen-core's, so that
 * `current` finds the mapper's vCPU; cli and sti, which ring 3 cannot
 * run, are stepped over by a signal handler.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <ucontext.h>
#include <xen-core/errno.h>
#include <xen-core/hypercall.h>
#include <xen-core/percpu.h>
#include <xen-core/pv.h>
#include <xen/grant_table.h>
#include "check.h"
#include "xen-core/arch/x86/pv/page_type.h"
#include "xen_machine.h"

#define SHARED_FIRST	50		/* frames alloc_xen_shared_page() gives */
#define GRANTED_FRAME	30		/* d2's */
#define REF		8

static struct vcpu mapper_vcpu;
static unsigned long next_shared = SHARED_FIRST;

/* ---- what xen-core provides around grant_table.c ---- */

size_t copy_from_guest_va(void *dst, unsigned long src, size_t len)
{
	memcpy(dst, (const void *)src, len);
	return 0;
}

size_t copy_to_guest_va(unsigned long dst, const void *src, size_t len)
{
	memcpy((void *)dst, src, len);
	return 0;
}

void *alloc_xen_pages(unsigned int order)
{
	void *p = aligned_alloc(PAGE_SIZE, PAGE_SIZE << order);

	if (p)
		memset(p, 0, PAGE_SIZE << order);
	return p;
}

void free_xen_pages(void *va, unsigned int order)
{
	(void)order;
	free(va);
}

struct page_info *alloc_xen_shared_page(domid_t id)
{
	struct page_info *pg = page(next_shared++);

	memset(mfn_to_virt(page_to_mfn(pg)), 0, PAGE_SIZE);
	pg->owner = id;
	pg->type = PGT_writable;
	pg->type_count = 1;
	pg->flags |= PGF_validated | PGF_xen_shared;
	return pg;
}

void free_xen_shared_page(struct page_info *pg)
{
	(void)pg;
}

bool guest_range_ok(unsigned long va, size_t len)
{
	(void)va;
	(void)len;
	return true;
}

void flush_tlb_all(void)
{
}

void flush_tlb_local(void)
{
}

void smp_serve_calls(void)
{
}

long hypercall_continue(unsigned int nr, hc_arg_t a1, hc_arg_t a2,
			hc_arg_t a3, hc_arg_t a4, hc_arg_t a5)
{
	(void)a1; (void)a2; (void)a3; (void)a4; (void)a5;
	return nr;
}

long hypercall_unimplemented(unsigned long nr, unsigned long subop)
{
	(void)nr;
	(void)subop;
	return -ENOSYS;
}

int pv_map_grant(struct vcpu *v, uint64_t addr, bool is_pte, unsigned long mfn,
		 struct domain *granter, bool readonly)
{
	(void)v; (void)addr; (void)is_pte; (void)mfn; (void)granter;
	(void)readonly;
	return 0;
}

int pv_unmap_grant(struct vcpu *v, uint64_t addr, bool is_pte,
		   unsigned long mfn)
{
	(void)v; (void)addr; (void)is_pte; (void)mfn;
	return 0;
}

/* ---- running as xen-core does ---- */

static void step_over_irq_flag_change(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	const uint8_t *ip = (const uint8_t *)uc->uc_mcontext.gregs[REG_RIP];

	(void)sig;
	(void)si;
	if (*ip != 0xfa && *ip != 0xfb)		/* cli, sti */
		abort();
	uc->uc_mcontext.gregs[REG_RIP]++;
}

static ucontext_t test_ctx, main_ctx;

static void run_as_xen_core(void (*test)(void))
{
	void *stack = aligned_alloc(STACK_SIZE, STACK_SIZE);

	memset(stack, 0, STACK_SIZE);
	cpu_info_of_stack(stack)->curr_vcpu = &mapper_vcpu;
	getcontext(&test_ctx);
	test_ctx.uc_stack.ss_sp = stack;
	test_ctx.uc_stack.ss_size = STACK_SIZE - sizeof(struct cpu_info);
	test_ctx.uc_link = &main_ctx;
	makecontext(&test_ctx, test, 0);
	swapcontext(&main_ctx, &test_ctx);
	free(stack);
}

/* ---- the grants ---- */

static struct grant_entry_v1 *entry(grant_ref_t ref)
{
	return (struct grant_entry_v1 *)mfn_to_virt(d2->gnttab.frames[0]) + ref;
}

/* d2 grants @frame to @grantee under REF; each test starts here. */
static void granted(domid_t grantee, uint16_t flags)
{
	fresh_machine();
	next_shared = SHARED_FIRST;
	memset(&d1->gnttab, 0, sizeof(d1->gnttab));
	memset(&d2->gnttab, 0, sizeof(d2->gnttab));
	CHECK_EQ(gnttab_init(d1), 0);
	CHECK_EQ(gnttab_init(d2), 0);
	*entry(REF) = (struct grant_entry_v1){ flags, grantee, GRANTED_FRAME };
}

static int16_t device_map(uint32_t flags, grant_handle_t *h)
{
	struct gnttab_map_grant_ref op = {
		.flags = GNTMAP_device_map | flags, .ref = REF, .dom = 2 };

	CHECK_EQ(do_grant_table_op(GNTTABOP_map_grant_ref, (unsigned long)&op, 1), 0);
	if (h)
		*h = op.handle;
	if (op.status == GNTST_okay)
		CHECK_EQ(op.dev_bus_addr, (uint64_t)GRANTED_FRAME << PAGE_SHIFT);
	return op.status;
}

static int16_t device_unmap(grant_handle_t h)
{
	struct gnttab_unmap_grant_ref op = {
		.dev_bus_addr = (uint64_t)GRANTED_FRAME << PAGE_SHIFT,
		.handle = h };

	CHECK_EQ(do_grant_table_op(GNTTABOP_unmap_grant_ref, (unsigned long)&op, 1), 0);
	return op.status;
}

static void check_frame_released(void)
{
	CHECK_EQ(page(GRANTED_FRAME)->count, 1);
	CHECK_EQ(page(GRANTED_FRAME)->type_count, 0);
}

static void test_a_mapping_pins_the_grant_until_unmapped(void)
{
	grant_handle_t h;

	granted(1, GTF_permit_access);
	CHECK_EQ(device_map(0, &h), GNTST_okay);
	CHECK_EQ(entry(REF)->flags, GTF_permit_access | GTF_reading | GTF_writing);
	CHECK_EQ(page(GRANTED_FRAME)->count, 2);
	CHECK_EQ(page(GRANTED_FRAME)->type, PGT_writable);
	CHECK_EQ(device_unmap(h), GNTST_okay);
	CHECK_EQ(entry(REF)->flags, GTF_permit_access);
	check_frame_released();
}

static void test_only_the_grantee_maps(void)
{
	granted(3, GTF_permit_access);
	CHECK_EQ(device_map(0, NULL), GNTST_general_error);
	CHECK_EQ(entry(REF)->flags, GTF_permit_access);
	check_frame_released();
}

static void test_a_read_only_grant_refuses_a_writable_map(void)
{
	grant_handle_t h;

	granted(1, GTF_permit_access | GTF_readonly);
	CHECK_EQ(device_map(0, NULL), GNTST_general_error);
	CHECK_EQ(device_map(GNTMAP_readonly, &h), GNTST_okay);
	CHECK_EQ(entry(REF)->flags, GTF_permit_access | GTF_readonly | GTF_reading);
	CHECK_EQ(page(GRANTED_FRAME)->type_count, 0);
	CHECK_EQ(device_unmap(h), GNTST_okay);
	check_frame_released();
}

static void test_a_handle_never_given_is_refused(void)
{
	granted(1, GTF_permit_access);
	CHECK_EQ(device_unmap(0), GNTST_bad_handle);
	CHECK_EQ(device_unmap(0xffff), GNTST_bad_handle);
}

static void test_a_dead_mapper_gives_back_what_it_held(void)
{
	unsigned int i;

	granted(1, GTF_permit_access);
	for (i = 0; i < 3; i++)
		CHECK_EQ(device_map(0, NULL), GNTST_okay);
	CHECK_EQ(page(GRANTED_FRAME)->count, 4);
	gnttab_release(d1);			/* d1 dies; d2 lives on */
	CHECK_EQ(entry(REF)->flags, GTF_permit_access);
	check_frame_released();
	/* Nothing holds it now: the granter may end the grant, and then a
	 * new domain with the mapper's id cannot map it. */
	__atomic_store_n(&entry(REF)->flags, 0, __ATOMIC_SEQ_CST);
	memset(&d1->gnttab, 0, sizeof(d1->gnttab));
	d1->serial = 3;
	CHECK_EQ(gnttab_init(d1), 0);
	CHECK_EQ(device_map(0, NULL), GNTST_general_error);
	check_frame_released();
}

static void test_a_copy_never_writes_a_page_table(void)
{
	struct gnttab_copy op = {
		.source.u.gmfn = 5, .source.domid = DOMID_SELF,
		.dest.u.ref = REF, .dest.domid = 2,
		.len = 8, .flags = GNTCOPY_dest_gref };

	granted(1, GTF_permit_access);
	CHECK_EQ(take_page_and_type(GRANTED_FRAME, d2, PGT_l1, false), 0);
	CHECK_EQ(do_grant_table_op(GNTTABOP_copy, (unsigned long)&op, 1), 0);
	CHECK(op.status != GNTST_okay);
	CHECK_EQ(entry(REF)->flags, GTF_permit_access);
	put_page_and_type(GRANTED_FRAME);
	check_frame_released();
}

static void all_tests(void)
{
	test_a_mapping_pins_the_grant_until_unmapped();
	test_only_the_grantee_maps();
	test_a_read_only_grant_refuses_a_writable_map();
	test_a_handle_never_given_is_refused();
	test_a_dead_mapper_gives_back_what_it_held();
	test_a_copy_never_writes_a_page_table();
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_sigaction = step_over_irq_flag_change,
				.sa_flags = SA_SIGINFO };

	(void)argc;
	sigaction(SIGSEGV, &sa, NULL);
	machine_init();
	mapper_vcpu.domain = d1;
	d1->serial = 1;
	d2->serial = 2;
	run_as_xen_core(all_tests);
	return check_summary(argv[0]);
}
