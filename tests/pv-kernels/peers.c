/*
 * Two domUs and a grant between them, for the death of a mapper whose
 * granter lives on (isolation hole 8).  The granter (/etc/xen/granter.cfg)
 * learns the mapper's id from data/peer, which the test writes, and
 * grants it a frame; the mapper (/etc/xen/mapper.cfg, with peer=<the
 * granter's id> on its command line) maps it writable, writes into it
 * and dies without unmapping.  As in Xen, the mapper's death gives back
 * the mapping: the granter sees GTF_reading and GTF_writing go and can
 * end the grant.  It reports, then waits for data/done to power off, so
 * the test can read its console first.
 */
#include "pvk.h"
#include "expect.h"
#include "xs.h"
#include <xen/grant_table.h>
#include <xen/io/xs_wire.h>

#define TABLE_VA	0x300000UL	/* the granter's grant table frame */
#define MAP_VA		0x301000UL	/* where the mapper maps the grant */
#define GRANTED_PFN	0x310UL		/* the granter's frame it grants */
#define UNMAPPED	0x40000000UL
#define REF		8
#define PATTERN		0x72657070616dUL	/* "mapper" */
#define WAIT_YIELDS	50000000UL	/* far longer than a peer takes */
#define XS_POLL_YIELDS	2000		/* between two XenStore reads */

static const struct start_info *si;

static long gnttab(unsigned int cmd, void *op)
{
	return hypercall3(__HYPERVISOR_grant_table_op, cmd, op, 1);
}

static void yield(void)
{
	hypercall2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
}

/* Whether @done() came true within a bounded wait. */
static bool wait_for(bool (*done)(void), unsigned long yields)
{
	unsigned long i;

	for (i = 0; i < yields; i++) {
		if (done())
			return true;
		yield();
	}
	return done();
}

/* The number in our XenStore node @path, once the test has written it. */
static unsigned long xs_number(const char *path)
{
	char reply[32];
	unsigned long v = 0;
	const char *p;

	for (;;) {
		if (xs_request(si, XS_READ, 1, path, NULL, reply,
			       sizeof(reply)) == XS_READ)
			break;
		for (unsigned int i = 0; i < XS_POLL_YIELDS; i++)
			yield();
	}
	for (p = reply; *p >= '0' && *p <= '9'; p++)
		v = v * 10 + (unsigned long)(*p - '0');
	return v;
}

/* ---- the granter ---- */

static volatile struct grant_entry_v1 *granted(void)
{
	return (volatile struct grant_entry_v1 *)TABLE_VA + REF;
}

static volatile uint64_t *granted_page(void)
{
	return (volatile uint64_t *)(GRANTED_PFN << 12);
}

static bool in_use(void)
{
	return (granted()->flags & (GTF_reading | GTF_writing)) ==
	       (GTF_reading | GTF_writing);
}

static bool not_in_use(void)
{
	return !(granted()->flags & (GTF_reading | GTF_writing));
}

static int16_t setup_table(void)
{
	xen_pfn_t frame = 0;
	struct gnttab_setup_table op = { .dom = DOMID_SELF, .nr_frames = 1 };

	set_xen_guest_handle(op.frame_list, &frame);
	gnttab(GNTTABOP_setup_table, &op);
	hypercall3(__HYPERVISOR_update_va_mapping, TABLE_VA,
		   (frame << 12) | 0x67, UVMF_INVLPG);
	return op.status;
}

static void grant_to(domid_t mapper)
{
	granted()->frame = ((const unsigned long *)si->mfn_list)[GRANTED_PFN];
	granted()->domid = mapper;
	__atomic_store_n(&granted()->flags, GTF_permit_access, __ATOMIC_SEQ_CST);
}

/* Xen's rule for ending a grant: only while no one uses it. */
static bool end_grant(void)
{
	uint16_t expected = GTF_permit_access;

	return __atomic_compare_exchange_n(&granted()->flags, &expected, 0,
					   false, __ATOMIC_SEQ_CST,
					   __ATOMIC_SEQ_CST);
}

static void __attribute__((noreturn)) granter(void)
{
	domid_t mapper;

	expect_answer("setup_table", setup_table(), GNTST_okay);
	granted_page()[0] = 0;
	mapper = (domid_t)xs_number("data/peer");
	grant_to(mapper);
	expect_true("the mapper mapped our grant", wait_for(in_use, WAIT_YIELDS));
	expect_true("the mapping went with the mapper",
		    wait_for(not_in_use, WAIT_YIELDS));
	expect_answer("grant flags after the mapper died", granted()->flags,
		      GTF_permit_access);
	expect_true("the mapper's write came through",
		    granted_page()[0] == PATTERN);
	expect_true("the grant can be ended", end_grant());
	pvk_print("peers: granter done, %u wrong answers\n", expect_failures());
	xs_number("data/done");
	pvk_poweroff();
}

/* ---- the mapper ---- */

static domid_t granter_id;

static int16_t map_grant(void)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = MAP_VA, .flags = GNTMAP_host_map,
		.ref = REF, .dom = granter_id };

	gnttab(GNTTABOP_map_grant_ref, &op);
	return op.status;
}

static bool mapped(void)
{
	return map_grant() == GNTST_okay;
}

static void __attribute__((noreturn)) mapper(void)
{
	granter_id = (domid_t)pvk_option("peer", DOMID_INVALID);
	if (!wait_for(mapped, WAIT_YIELDS))
		pvk_print("peers: the grant never came WRONG\n");
	*(volatile uint64_t *)MAP_VA = PATTERN;
	pvk_print("peers: dying with the grant mapped\n");
	((void (*)(void))UNMAPPED)();
	__builtin_unreachable();
}

void pvk_main(const struct start_info *start_info)
{
	si = start_info;
	expect_begin("peers");
	if (pvk_option("mapper", 0))
		mapper();
	granter();
}
