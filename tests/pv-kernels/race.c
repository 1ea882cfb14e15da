/*
 * A 2-vCPU domU racing its own page-table and grant operations on both
 * vCPUs (/etc/xen/race.cfg; the isolation issue's SMP hostile case).
 * vCPU 0 pins and unpins an L1 table while vCPU 1 pins it too, maps its
 * frame writable, and writes entries into it through mmu_update; both
 * map and unmap one grant of ours while vCPU 1 also keeps ending and
 * renewing it.  How each race ends is the hypervisor's to choose (the
 * counts are printed, not judged); what is judged is the state once
 * both stop: every reference given back, so the frame maps writable and
 * pins again, and the grant is at rest.  Then it waits for data/done,
 * so the test can audit it alive, and powers off.
 */
#include "pvk.h"
#include "expect.h"
#include "smp.h"
#include "xs.h"
#include <xen/grant_table.h>
#include <xen/io/xs_wire.h>

#define ROUNDS		20000
#define STACK_WORDS	1024
#define MAX_YIELDS	2000000
#define TABLE_VA	0x300000UL	/* our grant table frame */
#define TABLE_PFN	0x310UL		/* the L1 both vCPUs fight over */
#define DATA_PFN	0x311UL		/* what its entries map */
#define GRANTED_PFN	0x312UL		/* the frame of our grant */
#define WRITABLE_VA	0x313000UL	/* vCPU 1's writable view of the L1 */
#define MAP_VA(cpu)	(0x314000UL + (cpu) * 0x1000UL)
#define REF		9

enum op { PIN, UNPIN, MAP_RW, UNMAP_RW, WRITE_ENTRY, GNT_MAP, GNT_UNMAP,
	  GNT_END, NR_OPS };

static const char *const op_names[NR_OPS] = {
	"pin", "unpin", "map writable", "unmap writable", "write entry",
	"grant map", "grant unmap", "grant end",
};

static const struct start_info *si;
static uint64_t stack[STACK_WORDS] __attribute__((aligned(16)));
static unsigned long done_ok[2][NR_OPS], done_failed[2][NR_OPS];
static volatile unsigned int started, finished;
static domid_t self_id;		/* a grant to ourselves names us */

static unsigned long mfn(unsigned long pfn)
{
	return ((const unsigned long *)si->mfn_list)[pfn];
}

static void yield(void)
{
	hypercall2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
}

static void tally(unsigned int cpu, enum op op, long rc)
{
	if (rc)
		done_failed[cpu][op]++;
	else
		done_ok[cpu][op]++;
}

static long table_op(unsigned int cmd)
{
	struct mmuext_op op = { .cmd = cmd, .arg1.mfn = mfn(TABLE_PFN) };

	return hypercall4(__HYPERVISOR_mmuext_op, &op, 1, 0, DOMID_SELF);
}

static long remap(unsigned long va, uint64_t pte)
{
	return hypercall3(__HYPERVISOR_update_va_mapping, va, pte,
			  UVMF_INVLPG | UVMF_LOCAL);
}

/* Entry 5 of the contested L1: the data frame writable, or nothing. */
static long write_entry(bool present)
{
	struct mmu_update u = {
		.ptr = (mfn(TABLE_PFN) << 12) + 5 * 8,
		.val = present ? (mfn(DATA_PFN) << 12) | 0x67 : 0 };

	return hypercall4(__HYPERVISOR_mmu_update, &u, 1, 0, DOMID_SELF);
}

static volatile struct grant_entry_v1 *grant(void)
{
	return (volatile struct grant_entry_v1 *)TABLE_VA + REF;
}

static long gnttab(unsigned int cmd, void *op)
{
	return hypercall3(__HYPERVISOR_grant_table_op, cmd, op, 1);
}

/* Our grant mapped at this vCPU's VA and straight away unmapped. */
static void grant_map_unmap(unsigned int cpu)
{
	struct gnttab_map_grant_ref map = {
		.host_addr = MAP_VA(cpu), .flags = GNTMAP_host_map,
		.ref = REF, .dom = self_id };
	struct gnttab_unmap_grant_ref unmap = { .host_addr = MAP_VA(cpu) };

	gnttab(GNTTABOP_map_grant_ref, &map);
	tally(cpu, GNT_MAP, map.status);
	if (map.status != GNTST_okay)
		return;
	unmap.handle = map.handle;
	gnttab(GNTTABOP_unmap_grant_ref, &unmap);
	tally(cpu, GNT_UNMAP, unmap.status);
}

/* Ends the grant where nobody uses it, then grants it again. */
static void grant_end_renew(void)
{
	uint16_t expected = GTF_permit_access;
	bool ended = __atomic_compare_exchange_n(&grant()->flags, &expected, 0,
						 false, __ATOMIC_SEQ_CST,
						 __ATOMIC_SEQ_CST);

	tally(1, GNT_END, !ended);
	if (ended)
		__atomic_store_n(&grant()->flags, GTF_permit_access,
				 __ATOMIC_SEQ_CST);
}

static void race_round(unsigned int cpu)
{
	tally(cpu, PIN, table_op(MMUEXT_PIN_L1_TABLE));
	if (cpu == 1) {
		tally(1, MAP_RW, remap(WRITABLE_VA, (mfn(TABLE_PFN) << 12) | 0x67));
		tally(1, WRITE_ENTRY, write_entry(true));
		tally(1, UNMAP_RW, remap(WRITABLE_VA, 0));
		grant_end_renew();
	}
	grant_map_unmap(cpu);
	tally(cpu, UNPIN, table_op(MMUEXT_UNPIN_TABLE));
}

void racer_entry(void);
void racer_main(void);
asm(".globl racer_entry\n"
    "racer_entry:\n"
    "	call racer_main\n"
    "	ud2\n");

void racer_main(void)
{
	unsigned int i;

	__atomic_store_n(&started, 1, __ATOMIC_RELEASE);
	for (i = 0; i < ROUNDS; i++)
		race_round(1);
	__atomic_store_n(&finished, 1, __ATOMIC_RELEASE);
	pvk_vcpu_op(VCPUOP_down, 1, NULL);
	for (;;)
		yield();
}

static bool wait_for(volatile unsigned int *flag)
{
	for (unsigned int i = 0; i < MAX_YIELDS; i++) {
		if (__atomic_load_n(flag, __ATOMIC_ACQUIRE))
			return true;
		yield();
	}
	return false;
}

static int16_t setup_table(void)
{
	xen_pfn_t frame = 0;
	struct gnttab_setup_table op = { .dom = DOMID_SELF, .nr_frames = 1 };

	set_xen_guest_handle(op.frame_list, &frame);
	gnttab(GNTTABOP_setup_table, &op);
	remap(TABLE_VA, (frame << 12) | 0x67);
	return op.status;
}

/* The contested L1: our own frame, mapped nowhere, entry 5 its only one. */
static void prepare(void)
{
	struct vcpu_guest_context c;

	self_id = pvk_domid();
	expect_answer("setup_table", setup_table(), GNTST_okay);
	grant()->frame = mfn(GRANTED_PFN);
	grant()->domid = self_id;
	__atomic_store_n(&grant()->flags, GTF_permit_access, __ATOMIC_SEQ_CST);
	memset((void *)(TABLE_PFN << 12), 0, 4096);
	expect_answer("unmap the contested frame", remap(TABLE_PFN << 12, 0), 0);
	pvk_vcpu_context(&c, si, (unsigned long)racer_entry,
			 (unsigned long)&stack[STACK_WORDS], 0);
	expect_answer("initialise vCPU 1", pvk_vcpu_op(VCPUOP_initialise, 1, &c), 0);
	expect_answer("up vCPU 1", pvk_vcpu_op(VCPUOP_up, 1, NULL), 0);
	expect_true("vCPU 1 runs", wait_for(&started));
}

static void report(void)
{
	for (unsigned int cpu = 0; cpu < 2; cpu++)
		for (unsigned int op = 0; op < NR_OPS; op++)
			if (done_ok[cpu][op] || done_failed[cpu][op])
				pvk_print("race: vCPU %u %s: %lu done, %lu "
					  "refused\n", cpu, op_names[op],
					  done_ok[cpu][op], done_failed[cpu][op]);
}

/* What must hold once both stop, whoever won each race. */
static void judge_the_rest(void)
{
	table_op(MMUEXT_UNPIN_TABLE);	/* whichever vCPU pinned last */
	expect_answer("clear the entry", write_entry(false), 0);
	expect_answer("the L1 frame maps writable again",
		      remap(WRITABLE_VA, (mfn(TABLE_PFN) << 12) | 0x67), 0);
	expect_answer("and read-only", remap(WRITABLE_VA, 0), 0);
	expect_answer("it pins again", table_op(MMUEXT_PIN_L1_TABLE), 0);
	expect_answer("and unpins", table_op(MMUEXT_UNPIN_TABLE), 0);
	expect_answer("the grant at rest", grant()->flags, GTF_permit_access);
	expect_true("the data frame maps writable",
		    remap(WRITABLE_VA, (mfn(DATA_PFN) << 12) | 0x67) == 0 &&
		    remap(WRITABLE_VA, 0) == 0);
}

void pvk_main(const struct start_info *start_info)
{
	char reply[8];
	unsigned int i;

	si = start_info;
	expect_begin("race");
	prepare();
	for (i = 0; i < ROUNDS; i++)
		race_round(0);
	expect_true("vCPU 1 finished", wait_for(&finished));
	report();
	judge_the_rest();
	pvk_print("race: done, %u wrong answers\n", expect_failures());
	while (xs_request(si, XS_READ, 1, "data/done", NULL, reply,
			  sizeof(reply)) != XS_READ)
		for (i = 0; i < 2000; i++)
			yield();
	pvk_poweroff();
}
