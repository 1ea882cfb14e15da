/*
 * xen-core's frame reference and page-type rules (arch/x86/pv/page_type.c),
 * driven host-side on a small machine: frames mapped where the test puts
 * xen-core's direct map, two guests and xen-core's own frames.  The
 * rules are Xen's: a frame is one type at a time; a table's entries are
 * validated with its type already taken, so a table that maps itself
 * fails; every valid entry holds what it maps, and a failed validation
 * gives back all it took; the entry bits allowed are Xen's; counts refuse
 * to wrap; a frame's loss of a type is stamped and its next type waits
 * for the flush; a preemptible
 * validation stops part way, holds what it validated, and goes on for
 * whoever takes the type next.
 */
#include <xen-core/errno.h>
#include <xen-core/flushtlb.h>
#include <xen-core/pv_mm.h>
#include "xen-core/arch/x86/pv/page_type.h"
#include "check.h"
#include "xen_machine.h"

static void check_untouched(unsigned long mfn)
{
	CHECK_EQ(page(mfn)->count, 1);
	CHECK_EQ(page(mfn)->type_count, 0);
}

static void test_an_l1_that_maps_itself_writable_is_refused(void)
{
	fresh_machine();
	table(1)[0] = entry_for(1, PTE_RW);
	CHECK_EQ(take_page_and_type(1, d1, PGT_l1, false), -EBUSY);
	check_untouched(1);
	CHECK(get_page_type(page(1), PGT_writable));	/* still plain RAM */
}

static void test_an_l1_entry_holds_what_it_maps(void)
{
	fresh_machine();
	table(1)[0] = entry_for(2, PTE_RW);
	table(1)[1] = entry_for(3, PTE_RO);
	CHECK_EQ(take_page_and_type(1, d1, PGT_l1, false), 0);
	CHECK_EQ(page(1)->type, PGT_l1);
	CHECK_EQ(page(2)->count, 2);
	CHECK_EQ(page(2)->type, PGT_writable);
	CHECK_EQ(page(2)->type_count, 1);
	CHECK_EQ(page(3)->count, 2);
	CHECK_EQ(page(3)->type_count, 0);
	CHECK(table(1)[0] & _PAGE_USER);	/* ring-3 guest kernels */
	put_page_and_type(1);
	check_untouched(1);
	check_untouched(2);
	check_untouched(3);
}

static void test_a_frame_is_one_type_at_a_time(void)
{
	fresh_machine();
	CHECK(get_page_type(page(4), PGT_writable));
	CHECK_EQ(take_page_and_type(4, d1, PGT_l1, false), -EINVAL);
	put_page_type(page(4));
	CHECK_EQ(take_page_and_type(4, d1, PGT_l1, false), 0);
	CHECK(!get_page_type(page(4), PGT_writable));
	CHECK(!get_page_type(page(4), PGT_l2));
	put_page_and_type(4);
}

static void test_a_table_cannot_be_mapped_writable(void)
{
	fresh_machine();
	CHECK_EQ(take_page_and_type(5, d1, PGT_l1, false), 0);	/* a pinned L1 */
	table(6)[0] = entry_for(5, PTE_RW);
	CHECK_EQ(take_page_and_type(6, d1, PGT_l1, false), -EBUSY);
	table(6)[0] = entry_for(5, PTE_RO);			/* read-only is fine */
	CHECK_EQ(take_page_and_type(6, d1, PGT_l1, false), 0);
	CHECK_EQ(page(5)->count, 3);
	put_page_and_type(6);
	put_page_and_type(5);
	check_untouched(5);
}

static void test_tables_chain_and_release_down_the_levels(void)
{
	fresh_machine();
	table(7)[0] = entry_for(8, PTE_RW);	/* L2 -> L1 */
	table(8)[3] = entry_for(9, PTE_RW);	/* L1 -> RAM */
	CHECK_EQ(take_page_and_type(7, d1, PGT_l2, false), 0);
	CHECK_EQ(page(8)->type, PGT_l1);
	CHECK_EQ(page(8)->type_count, 1);
	CHECK_EQ(page(9)->type, PGT_writable);
	put_page_and_type(7);
	check_untouched(7);
	check_untouched(8);
	check_untouched(9);
}

static void test_same_level_entries_are_refused(void)
{
	fresh_machine();
	CHECK_EQ(take_page_and_type(10, d1, PGT_l2, false), 0);
	table(11)[0] = entry_for(10, PTE_RW);	/* an L2 naming an L2 */
	CHECK_EQ(take_page_and_type(11, d1, PGT_l2, false), -EINVAL);
	check_untouched(11);
	CHECK_EQ(page(10)->type_count, 1);
	put_page_and_type(10);
}

static void test_a_guest_maps_only_its_own_ram(void)
{
	fresh_machine();
	table(1)[0] = entry_for(GUEST_FRAMES, PTE_RO);	/* d2's */
	CHECK_EQ(take_page_and_type(1, d1, PGT_l1, false), -EBUSY);
	table(1)[0] = entry_for(XEN_FRAME, PTE_RO);
	CHECK_EQ(take_page_and_type(1, d1, PGT_l1, false), -EBUSY);
	table(1)[0] = entry_for(IO_FRAME, PTE_RO);	/* no I/O rights */
	CHECK_EQ(take_page_and_type(1, d1, PGT_l1, false), -EPERM);
	table(1)[0] = entry_for(FRAMES + 5, PTE_RO);	/* not RAM at all */
	CHECK_EQ(take_page_and_type(1, d1, PGT_l1, false), -EPERM);
	table(1)[0] = entry_for(PTE_ADDR_MASK >> PAGE_SHIFT, PTE_RO);
	CHECK_EQ(take_page_and_type(1, d1, PGT_l1, false), -EINVAL);
	/* The control domain maps I/O space, but not the APIC and MSI window. */
	d1->is_privileged = true;
	table(1)[0] = entry_for(FRAMES + 5, PTE_RO);
	CHECK_EQ(take_page_and_type(1, d1, PGT_l1, false), 0);
	put_page_and_type(1);
	table(1)[0] = entry_for(0xfee00, PTE_RO);
	CHECK_EQ(take_page_and_type(1, d1, PGT_l1, false), -EPERM);
	d1->is_privileged = false;
	check_untouched(GUEST_FRAMES);
	check_untouched(XEN_FRAME);
	check_untouched(1);
	CHECK_EQ(take_page_and_type(GUEST_FRAMES, d1, PGT_l1, false), -EINVAL);
}

static void test_only_the_control_domain_chooses_cache_attributes(void)
{
	fresh_machine();
	table(1)[0] = entry_for(2, PTE_RO | _PAGE_PCD);
	CHECK_EQ(take_page_and_type(1, d1, PGT_l1, false), -EINVAL);
	d1->is_privileged = true;
	CHECK_EQ(take_page_and_type(1, d1, PGT_l1, false), 0);
	put_page_and_type(1);
	d1->is_privileged = false;
	check_untouched(2);
}

static void test_entry_bits_are_xen_s(void)
{
	fresh_machine();
	table(1)[0] = entry_for(2, PTE_RO | _PAGE_GLOBAL | (1UL << 52) |
				   (1UL << 62));
	CHECK_EQ(take_page_and_type(1, d1, PGT_l1, false), 0);
	CHECK(!(table(1)[0] & _PAGE_GLOBAL));	/* dropped: CR3 loads flush */
	CHECK(table(1)[0] & (1UL << 62));
	put_page_and_type(1);
	table(1)[0] = entry_for(2, PTE_RO | _PAGE_PSE);	/* a superpage */
	CHECK_EQ(take_page_and_type(1, d1, PGT_l2, false), -EINVAL);
	table(1)[0] = entry_for(2, PTE_RO | _PAGE_PCD);
	CHECK_EQ(take_page_and_type(1, d1, PGT_l2, false), -EINVAL);
	table(1)[0] = entry_for(2, PTE_RO | _PAGE_GLOBAL);
	CHECK_EQ(take_page_and_type(1, d1, PGT_l2, false), -EINVAL);
	check_untouched(2);
	table(1)[0] = entry_for(2, PTE_RO | (1UL << 52));
	CHECK_EQ(take_page_and_type(1, d1, PGT_l2, false), 0);
	put_page_and_type(1);
	check_untouched(1);
	check_untouched(2);
}

static void test_a_failed_validation_gives_back_everything(void)
{
	unsigned long mfn;

	fresh_machine();
	for (mfn = 2; mfn < 12; mfn++)
		table(1)[mfn] = entry_for(mfn, PTE_RW);
	table(1)[300] = entry_for(GUEST_FRAMES, PTE_RW);	/* d2's: fails */
	CHECK_EQ(take_page_and_type(1, d1, PGT_l1, false), -EBUSY);
	for (mfn = 1; mfn < 12; mfn++)
		check_untouched(mfn);
}

static void test_counts_never_wrap(void)
{
	fresh_machine();
	page(2)->count = UINT32_MAX - 1;
	CHECK(get_page(page(2), d1));
	CHECK(!get_page(page(2), d1));
	CHECK_EQ(page(2)->count, UINT32_MAX);
	CHECK(get_page_type(page(3), PGT_writable));
	page(3)->type_count = UINT32_MAX;
	CHECK(!get_page_type(page(3), PGT_writable));
	CHECK_EQ(page(3)->type_count, UINT32_MAX);
	table(1)[0] = entry_for(2, PTE_RO);	/* an entry is a reference too */
	CHECK_EQ(take_page_and_type(1, d1, PGT_l1, false), -EBUSY);
	check_untouched(1);
}

static void test_a_dead_owner_s_frame_goes_with_its_last_reference(void)
{
	fresh_machine();
	CHECK(get_page(page(2), d1));		/* a mapping elsewhere */
	page(2)->owner = DOMID_ORPHAN;		/* d1 destroyed meanwhile */
	put_page(page(2));
	CHECK_EQ(frames_freed, 0);
	put_page(page(2));
	CHECK_EQ(frames_freed, 1);
}

static void test_a_new_type_waits_for_the_flush(void)
{
	uint64_t stamp;

	fresh_machine();
	CHECK(get_page_type(page(2), PGT_writable));
	put_page_type(page(2));
	stamp = page(2)->tlbflush_stamp;
	CHECK(stamp != 0);
	CHECK_EQ(take_page_and_type(2, d1, PGT_l1, false), 0);
	CHECK_EQ(flushed_since, stamp);
	put_page_and_type(2);
	CHECK(page(2)->tlbflush_stamp > stamp);
}

static void test_an_l4_gets_xen_s_slots_whatever_the_guest_wrote(void)
{
	unsigned int i;

	fresh_machine();
	for (i = HYPERVISOR_FIRST_SLOT; i <= HYPERVISOR_LAST_SLOT; i++) {
		boot_l4[i] = 0x1000 * i + 0x63;
		table(12)[i] = entry_for(XEN_FRAME, PTE_RW);	/* ignored */
	}
	CHECK_EQ(take_page_and_type(12, d1, PGT_l4, false), 0);
	for (i = HYPERVISOR_FIRST_SLOT; i <= HYPERVISOR_LAST_SLOT; i++)
		CHECK_EQ(table(12)[i], boot_l4[i]);
	check_untouched(XEN_FRAME);
	put_page_and_type(12);
	check_untouched(12);
}

/* ---- preemptible validation ---- */

#define TREE_L1S	4
#define TREE_DATA	8

/* L4 1 -> L3 2 -> L2 3 -> L1s 4-7, each mapping frame 8 512 times. */
static void build_tree(void)
{
	unsigned int i, j;

	fresh_machine();
	table(1)[0] = entry_for(2, PTE_RW);
	table(2)[0] = entry_for(3, PTE_RW);
	for (i = 0; i < TREE_L1S; i++) {
		table(3)[i] = entry_for(4 + i, PTE_RW);
		for (j = 0; j < PT_ENTRIES; j++)
			table(4 + i)[j] = entry_for(TREE_DATA, PTE_RO);
	}
}

static void check_tree_held(unsigned int roots)
{
	unsigned long mfn;

	CHECK_EQ(page(1)->type_count, roots);
	CHECK_EQ(page(1)->count, 1 + roots);
	for (mfn = 1; mfn < TREE_DATA; mfn++)
		CHECK(!(page(mfn)->flags & PGF_partial));
	for (mfn = 2; mfn < TREE_DATA; mfn++) {
		CHECK_EQ(page(mfn)->type_count, 1);
		CHECK_EQ(page(mfn)->count, 2);
	}
	CHECK_EQ(page(TREE_DATA)->count, 1 + TREE_L1S * PT_ENTRIES);
}

static void check_tree_released(void)
{
	unsigned long mfn;

	for (mfn = 1; mfn <= TREE_DATA; mfn++) {
		check_untouched(mfn);
		CHECK(!(page(mfn)->flags & PGF_partial));
	}
}

/* The pin as a continued hypercall issues it; answers the issues. */
static unsigned int pin_tree_until_done(void)
{
	unsigned int issues = 0;
	int rc;

	do {
		rc = take_page_and_type(1, d1, PGT_l4, true);
		issues++;
	} while (rc == -ERESTART && issues < 10 * PT_ENTRIES);
	CHECK_EQ(rc, 0);
	return issues;
}

static void test_a_preempted_validation_goes_on_where_it_stopped(void)
{
	build_tree();
	preempt_every = 1;
	CHECK(pin_tree_until_done() > TREE_L1S);
	check_tree_held(1);
	put_page_and_type(1);
	check_tree_released();
}

static void test_a_stopped_validation_holds_what_it_validated(void)
{
	build_tree();
	preempt_every = 1;
	CHECK_EQ(take_page_and_type(1, d1, PGT_l4, true), -ERESTART);
	CHECK(page(1)->flags & PGF_partial);
	CHECK_EQ(page(1)->type_count, 1);	/* the partial state's own */
	CHECK_EQ(page(1)->count, 2);
	CHECK(page(3)->flags & PGF_partial);
	CHECK_EQ(page(3)->nr_validated, 1);	/* stopped before the 2nd L1 */
	CHECK_EQ(page(4)->type_count, 1);
	CHECK_EQ(page(4)->count, 2);
	check_untouched(5);
	CHECK_EQ(page(TREE_DATA)->count, 1 + PT_ENTRIES);
	CHECK(!get_page_type(page(3), PGT_writable));	/* still a table */
	CHECK(!get_page_type(page(2), PGT_l2));
}

static void test_any_caller_takes_a_partial_table_over(void)
{
	build_tree();
	preempt_every = 1;
	CHECK_EQ(take_page_and_type(1, d1, PGT_l4, true), -ERESTART);
	preempt_every = 0;
	CHECK(get_page_and_type(1, d1, PGT_l4));	/* a CR3 load, say */
	check_tree_held(1);
	CHECK_EQ(take_page_and_type(1, d1, PGT_l4, true), 0);	/* the pin */
	check_tree_held(2);
	put_page_and_type(1);
	put_page_and_type(1);
	check_tree_released();
}

static void test_a_dropped_partial_table_gives_back_everything(void)
{
	unsigned long mfn;
	unsigned int i;

	build_tree();
	preempt_every = 1;
	for (i = 0; i < 3; i++)
		CHECK_EQ(take_page_and_type(1, d1, PGT_l4, true), -ERESTART);
	for (mfn = 1; mfn <= TREE_DATA; mfn++)	/* a dying domain's frames */
		pv_drop_partial_table(page(mfn));
	check_tree_released();
}

static void test_a_failure_after_a_stop_gives_back_everything(void)
{
	int rc;

	build_tree();
	table(6)[100] = entry_for(GUEST_FRAMES, PTE_RO);	/* d2's */
	preempt_every = 1;
	do
		rc = take_page_and_type(1, d1, PGT_l4, true);
	while (rc == -ERESTART);
	CHECK_EQ(rc, -EBUSY);
	check_tree_released();
}

int main(int argc, char **argv)
{
	(void)argc;
	machine_init();
	test_an_l1_that_maps_itself_writable_is_refused();
	test_an_l1_entry_holds_what_it_maps();
	test_a_frame_is_one_type_at_a_time();
	test_a_table_cannot_be_mapped_writable();
	test_tables_chain_and_release_down_the_levels();
	test_same_level_entries_are_refused();
	test_a_guest_maps_only_its_own_ram();
	test_only_the_control_domain_chooses_cache_attributes();
	test_entry_bits_are_xen_s();
	test_a_failed_validation_gives_back_everything();
	test_counts_never_wrap();
	test_a_dead_owner_s_frame_goes_with_its_last_reference();
	test_a_new_type_waits_for_the_flush();
	test_an_l4_gets_xen_s_slots_whatever_the_guest_wrote();
	test_a_preempted_validation_goes_on_where_it_stopped();
	test_a_stopped_validation_holds_what_it_validated();
	test_any_caller_takes_a_partial_table_over();
	test_a_dropped_partial_table_gives_back_everything();
	test_a_failure_after_a_stop_gives_back_everything();
	return check_summary(argv[0]);
}
