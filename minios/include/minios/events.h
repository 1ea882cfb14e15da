/*
 * Event channels, 2-level ABI.  Handlers run in the upcall, with events
 * masked, on the interrupted thread's stack: they must be short and may
 * only wake threads, never block.
 */
#ifndef MINIOS_EVENTS_H
#define MINIOS_EVENTS_H

#include <minios/kernel.h>
#include <xen/event_channel.h>

typedef void (*evtchn_handler_t)(evtchn_port_t port, void *data);

/* Register the upcall with Xen and start taking events. */
void events_init(void);

/* Bind a virtual IRQ on vCPU 0; returns the port or a negative errno. */
int bind_virq(uint32_t virq, evtchn_handler_t handler, void *data);

/* Called by the assembly upcall entry. */
void do_hypervisor_callback(void);

/*
 * Local event delivery on/off, the PV form of cli/sti.  Enabling must
 * catch events that became pending while masked.
 */
static inline unsigned long events_save_disable(void)
{
	vcpu_info_t *v = this_vcpu();
	unsigned long was_masked = v->evtchn_upcall_mask;

	v->evtchn_upcall_mask = 1;
	barrier();
	return was_masked;
}

void events_enable(void);

static inline void events_restore(unsigned long was_masked)
{
	if (!was_masked)
		events_enable();
}

#endif
