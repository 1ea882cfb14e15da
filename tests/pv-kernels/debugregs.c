/*
 * A dom0 that sets hardware watchpoints through set_debugreg and takes
 * the #DB they raise: a write to a watched word traps into its handler
 * and shows in DR6, a read does not, a disabled one does not; the
 * hypervisor writing a watched buffer for a hypercall does not reach
 * it; DR4 is DR6; bad registers, addresses and I/O breakpoints are
 * refused.
 * Prints "dbg: key=value" lines for a differential run.
 */
#include "pvk.h"

#define DR7_L0		0x1UL
#define DR7_L1		0x4UL
#define DR7_WRITE8(n)	((1UL | (3UL << 2)) << (16 + 4 * (n)))	/* RW=01, LEN=11 */
#define DR7_IO(n)	(2UL << (16 + 4 * (n)))

static volatile unsigned long watched __attribute__((aligned(8)));
static char version_buf[16] __attribute__((aligned(16)));
volatile unsigned long db_hits;

/* #DB handler: count it; data breakpoints trap after the access. */
void debug_handler(void);
asm(".globl debug_handler\n"
    "debug_handler:\n"
    "	pop %rcx\n"
    "	pop %r11\n"
    "	incq db_hits(%rip)\n"
    "	jmp pvk_iret\n");

static long set_dr(int reg, unsigned long value)
{
	return hypercall2(__HYPERVISOR_set_debugreg, reg, value);
}

static long get_dr(int reg)
{
	return hypercall1(__HYPERVISOR_get_debugreg, reg);
}

void pvk_main(const struct start_info *start_info)
{
	unsigned long seen;

	(void)start_info;
	pvk_set_trap_handler(1, debug_handler);
	pvk_print("dbg: begin\n");
	pvk_print("dbg: set_dr0=%ld\n", set_dr(0, (unsigned long)&watched));
	pvk_print("dbg: set_dr7=%ld\n", set_dr(7, DR7_L0 | DR7_WRITE8(0)));
	pvk_print("dbg: dr7=%#lx\n", get_dr(7));
	watched = 1;
	pvk_print("dbg: hits_after_write=%lu\n", db_hits);
	pvk_print("dbg: dr6_b0=%#lx\n", get_dr(6) & 0xf);
	pvk_print("dbg: clear_dr6=%ld\n", set_dr(6, 0));
	seen = watched;
	pvk_print("dbg: hits_after_read=%lu (read %lu)\n", db_hits, seen);
	pvk_print("dbg: set_dr0_in_xen=%ld\n", set_dr(0, 0xffff830000000000UL));
	pvk_print("dbg: set_dr4_is_dr6=%ld dr6=%#lx\n", set_dr(4, 0),
		  get_dr(6) & 0xf);
	pvk_print("dbg: set_dr8=%ld get_dr8=%ld\n", set_dr(8, 0), get_dr(8));
	pvk_print("dbg: set_dr7_io=%ld\n", set_dr(7, DR7_L0 | DR7_IO(0)));
	pvk_print("dbg: set_dr1=%ld\n", set_dr(1, (unsigned long)version_buf));
	pvk_print("dbg: set_dr7_both=%ld\n", set_dr(7, DR7_L0 | DR7_WRITE8(0) |
						   DR7_L1 | DR7_WRITE8(1)));
	pvk_print("dbg: xen_writes_watched=%ld\n",
		  hypercall2(__HYPERVISOR_xen_version, XENVER_extraversion,
			     version_buf));
	pvk_print("dbg: hits_after_xen_write=%lu\n", db_hits);
	watched = 2;
	pvk_print("dbg: hits_after_second_write=%lu\n", db_hits);
	pvk_print("dbg: disable=%ld\n", set_dr(7, 0));
	watched = 3;
	pvk_print("dbg: hits_after_disable=%lu\n", db_hits);
	pvk_print("dbg: end\n");
	pvk_poweroff();
}
