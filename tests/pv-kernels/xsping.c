/*
 * XenStore round trips from a domU, for the hunt for a lost reply (the
 * isolation issue's hang: a small guest created after a dozen others
 * waited for ever at its first XenStore read).  It reads its own "name"
 * node `rounds` times (its command line) and counts the replies that
 * never came (xs.c gives up after a bounded wait, then the ring is out of
 * step, so it stops there).  With stay=1 it then waits for data/done,
 * reading it now and then, as a guest that keeps xenstored busy.
 */
#include "pvk.h"
#include "xs.h"
#include <xen/io/xs_wire.h>

#define POLL_YIELDS	2000

static const struct start_info *si;

static void yield_a_while(void)
{
	for (unsigned int i = 0; i < POLL_YIELDS; i++)
		hypercall2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
}

static bool read_node(const char *path, uint32_t id)
{
	char reply[64];

	return xs_request(si, XS_READ, id, path, NULL, reply,
			  sizeof(reply)) == XS_READ;
}

void pvk_main(const struct start_info *start_info)
{
	unsigned long rounds, i, replies = 0;
	char reply[8];

	si = start_info;
	rounds = pvk_option("rounds", 100);
	pvk_print("xsping: begin, %lu rounds\n", rounds);
	for (i = 0; i < rounds; i++) {
		if (!read_node("name", (uint32_t)i))
			break;
		replies++;
	}
	pvk_print("xsping: done, %lu replies, %lu lost\n", replies,
		  rounds - replies);
	if (pvk_option("stay", 0))
		while (xs_request(si, XS_READ, 0, "data/done", NULL, reply,
				  sizeof(reply)) != XS_READ)
			yield_a_while();
	pvk_poweroff();
}
