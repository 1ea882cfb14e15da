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

/*
 * Allocate an unbound port in domain 'dom' that 'remote' may bind (the
 * toolstack does this for a new guest's console and xenstore).  Returns
 * the port or a negative errno.
 */
int evtchn_alloc_unbound(domid_t dom, domid_t remote);

/*
 * Connect a local port to port 'remote_port' of domain 'remote', which
 * must be unbound for us; 'handler' runs when the other end notifies.
 * Returns the local port or a negative errno.
 */
int bind_interdomain(domid_t remote, evtchn_port_t remote_port,
		     evtchn_handler_t handler, void *data);

/* Raise the event at the other end of a bound port. */
void evtchn_notify(evtchn_port_t port);

/* Forget a port's handler and close it. */
void unbind_evtchn(evtchn_port_t port);

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
