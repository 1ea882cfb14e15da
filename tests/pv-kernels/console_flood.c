/*
 * A domU that writes to its console as fast as the ring lets it, for
 * ever: whenever the backend has made room, it fills all of it with
 * whole lines in one go and notifies once, so it refills the ring far
 * faster than a backend can copy it out.  The toolstack's console
 * backend must go on serving the shell while it drains this guest's
 * ring, and an `xl console` session's detach key while it shows it.
 */
#include "pvk.h"
#include <xen/event_channel.h>
#include <xen/io/console.h>

static const char line[] = "flood: the quick brown fox jumps over the lazy dog\n";

static void notify(evtchn_port_t port)
{
	struct evtchn_send send = { .port = port };

	hypercall2(__HYPERVISOR_event_channel_op, EVTCHNOP_send, &send);
}

/* Puts as many whole lines as there is room for; false if none fit. */
static bool fill(struct xencons_interface *ring)
{
	XENCONS_RING_IDX prod = ring->out_prod;
	uint32_t room = sizeof(ring->out) - (prod - ring->out_cons);
	uint32_t lines = room / (sizeof(line) - 1);

	if (lines == 0)
		return false;
	for (uint32_t i = 0; i < lines * (sizeof(line) - 1); i++)
		ring->out[MASK_XENCONS_IDX(prod + i, ring->out)] =
			line[i % (sizeof(line) - 1)];
	__atomic_thread_fence(__ATOMIC_RELEASE);
	ring->out_prod = prod + lines * (sizeof(line) - 1);
	return true;
}

void pvk_main(const struct start_info *si)
{
	struct xencons_interface *ring = (struct xencons_interface *)
		(M2P[si->console.domU.mfn] << 12);

	for (;;) {
		if (fill(ring))
			notify(si->console.domU.evtchn);
		else
			hypercall2(__HYPERVISOR_sched_op, SCHEDOP_yield, 0);
	}
}
