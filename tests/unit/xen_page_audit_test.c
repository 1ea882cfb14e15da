/*
 * xen-core's page audit (arch/x86/pv/page_audit.c) on the small machine
 * of xen_machine.h, with state built by the real page-type rules: a
 * guest's four-level tables, a pin, a vCPU's root and GDT, shared_info,
 * a grant's device mapping.  Such state audits clean; each kind of
 * damage the audit is there to find (a reference nobody holds, an entry
 * written behind the rules, a type nobody needs, a device mapping whose
 * references went, a free frame still counted) is found, and named.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <xen-core/console.h>
#include <xen-core/quiesce.h>
#include <xen-core/pv.h>
#include "xen-core/arch/x86/pv/page_type.h"
#include "check.h"
#include "xen_machine.h"

#define SHARED_INFO_1	23		/* xen-core's frames shared with d1, d2 */
#define SHARED_INFO_2	47
#define GRANTED		30		/* d2's, device-mapped by d1 */

struct domain *domain_list;
static struct vcpu vcpu0;
static char log_text[4096];
static bool device_map_live, device_map_writable;

void printk(const char *fmt, ...)
{
	size_t used = strlen(log_text);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(log_text + used, sizeof(log_text) - used, fmt, ap);
	va_end(ap);
}

void *alloc_xen_pages(unsigned int order)
{
	return calloc(1, PAGE_SIZE << order);
}

void free_xen_pages(void *va, unsigned int order)
{
	(void)order;
	free(va);
}

void register_debug_key(unsigned char key, debug_key_fn fn, const char *desc)
{
	(void)key;
	(void)fn;
	(void)desc;
}

void quiesce_request(void (*fn)(void))
{
	fn();
}

unsigned int desc_table_frames(unsigned int ents)
{
	return (ents + 511) / 512;
}

void gnttab_for_each_device_map(struct domain *d,
				void (*fn)(unsigned long mfn, bool writable))
{
	if (d == d1 && device_map_live)
		fn(GRANTED, device_map_writable);
}

static void give_frames(struct domain *d, unsigned long first,
			unsigned long end, unsigned long shared_info)
{
	unsigned long mfn;

	list_init(&d->page_list);
	for (mfn = first; mfn < end; mfn++)
		if (mfn != shared_info)
			list_add_tail(&page(mfn)->list, &d->page_list);
	d->shared_info_mfn = shared_info;
	page(shared_info)->type = PGT_writable;
	page(shared_info)->type_count = 1;
	page(shared_info)->flags = PGF_validated | PGF_xen_shared;
}

/*
 * d1: L4 1 -> L3 2 -> L2 3 -> L1 4, which maps 5 writable, 6 read-only
 * and the I/O frame; the L1 also pinned; vCPU 0 runs on L4 1 with a GDT
 * in 7.  d2 owns the rest of the guest frames.
 */
static void guests_running(void)
{
	fresh_machine();
	domain_list = d1;
	d1->next = d2;
	d2->next = NULL;
	give_frames(d1, 0, GUEST_FRAMES, SHARED_INFO_1);
	give_frames(d2, GUEST_FRAMES, 2 * GUEST_FRAMES, SHARED_INFO_2);
	table(1)[0] = entry_for(2, PTE_RW);
	table(2)[0] = entry_for(3, PTE_RW);
	table(3)[0] = entry_for(4, PTE_RW);
	table(4)[0] = entry_for(5, PTE_RW);
	table(4)[1] = entry_for(6, PTE_RO);
	table(4)[2] = entry_for(IO_FRAME, PTE_RW);
	d1->is_privileged = true;		/* for the I/O frame */
	CHECK_EQ(take_page_and_type(4, d1, PGT_l1, false), 0);
	page(4)->flags |= PGF_pinned;
	CHECK_EQ(take_page_and_type(1, d1, PGT_l4, false), 0);
	memset(&vcpu0, 0, sizeof(vcpu0));
	vcpu0.guest_table = 1;
	CHECK_EQ(take_page_and_type(7, d1, PGT_seg_desc, false), 0);
	vcpu0.gdt_frames[0] = 7;
	vcpu0.gdt_ents = 16;
	d1->vcpus[0] = &vcpu0;
	d1->max_vcpus = 1;
	device_map_live = false;
	log_text[0] = '\0';
}

static void check_one_mismatch(const char *what)
{
	CHECK_EQ(page_audit(), 1);
	if (!strstr(log_text, what)) {
		fprintf(stderr, "audit said:\n%s\nnot: %s\n", log_text, what);
		CHECK(false);
	}
}

static void test_state_the_rules_built_audits_clean(void)
{
	guests_running();
	CHECK_EQ(page_audit(), 0);
	CHECK(strstr(log_text, "64 frames, 4 page tables, 0 mismatches"));
}

static void test_a_reference_nobody_holds_is_found(void)
{
	guests_running();
	CHECK(get_page(page(6), d1));
	check_one_mismatch("mfn 0x6 of d1: counts differ: count 3 type none/0, "
			   "holders 2");
}

static void test_an_entry_written_behind_the_rules_is_found(void)
{
	guests_running();
	table(4)[9] = entry_for(8, PTE_RW);	/* no references taken */
	check_one_mismatch("mfn 0x8 of d1: counts differ: count 1 type none/0, "
			   "holders 2 type writable/1");
}

static void test_a_table_also_mapped_writable_is_found(void)
{
	guests_running();
	table(4)[9] = entry_for(3, PTE_RW);	/* the L2, behind the rules */
	check_one_mismatch("mfn 0x3 of d1: held as two types");
}

static void test_a_type_nobody_needs_is_found(void)
{
	guests_running();
	CHECK(get_page_type(page(9), PGT_writable));
	check_one_mismatch("mfn 0x9 of d1: counts differ");
}

static void test_a_device_mapping_holds_its_references(void)
{
	guests_running();
	CHECK(get_page(page(GRANTED), d2));
	CHECK(get_page_type(page(GRANTED), PGT_writable));
	device_map_live = device_map_writable = true;
	CHECK_EQ(page_audit(), 0);
	put_page_type(page(GRANTED));
	put_page(page(GRANTED));		/* released, still recorded */
	check_one_mismatch("mfn 0x1e of d2: counts differ");
}

static void test_a_shared_frame_given_back_is_counted(void)
{
	guests_running();
	page(SHARED_INFO_2)->flags |= PGF_given_back;
	page(SHARED_INFO_2)->count--;
	CHECK_EQ(page_audit(), 0);
	page(SHARED_INFO_2)->count++;		/* given back, still counted */
	check_one_mismatch("mfn 0x2f of d2: counts differ");
}

static void test_a_free_frame_still_counted_is_found(void)
{
	guests_running();
	list_del(&page(10)->list);
	page(10)->owner = DOMID_NONE;		/* freed, count left at 1 */
	check_one_mismatch("mfn 0xa of nobody (free): counts differ");
}

static void test_a_guest_holding_xen_s_frame_is_found(void)
{
	guests_running();
	table(4)[9] = entry_for(XEN_FRAME, PTE_RO);
	check_one_mismatch("mfn 0x30 of xen-core: held, but not a guest's");
}

/* An L3 (9) -> L2 (10) -> L1s 11, 12 stopped after the first L1. */
static void partial_tree(void)
{
	table(9)[0] = entry_for(10, PTE_RW);
	table(10)[0] = entry_for(11, PTE_RW);
	table(10)[1] = entry_for(12, PTE_RW);
	table(11)[0] = entry_for(13, PTE_RW);
	table(12)[0] = entry_for(13, PTE_RO);
	preempt_every = 1;
	CHECK_EQ(take_page_and_type(9, d1, PGT_l3, true), -ERESTART);
	CHECK(page(10)->flags & PGF_partial);
}

static void test_partial_tables_hold_what_they_validated(void)
{
	guests_running();
	partial_tree();
	CHECK_EQ(page_audit(), 0);
	pv_drop_partial_table(page(9));
	pv_drop_partial_table(page(10));
	CHECK_EQ(page_audit(), 0);
}

static void test_a_partial_table_s_lost_reference_is_found(void)
{
	guests_running();
	partial_tree();
	page(11)->count--;
	check_one_mismatch("mfn 0xb of d1: counts differ");
}

int main(int argc, char **argv)
{
	(void)argc;
	machine_init();
	test_state_the_rules_built_audits_clean();
	test_a_reference_nobody_holds_is_found();
	test_an_entry_written_behind_the_rules_is_found();
	test_a_table_also_mapped_writable_is_found();
	test_a_type_nobody_needs_is_found();
	test_a_device_mapping_holds_its_references();
	test_a_shared_frame_given_back_is_counted();
	test_a_free_frame_still_counted_is_found();
	test_a_guest_holding_xen_s_frame_is_found();
	test_partial_tables_hold_what_they_validated();
	test_a_partial_table_s_lost_reference_is_found();
	return check_summary(argv[0]);
}
