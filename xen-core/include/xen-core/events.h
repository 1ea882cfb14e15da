/* Event channels (2-level ABI) and virtual IRQs. */
#ifndef XEN_CORE_EVENTS_H
#define XEN_CORE_EVENTS_H

#include <xen-core/public.h>
#include <xen-core/lib.h>

struct domain;
struct vcpu;

void evtchn_set_pending(struct vcpu *v, unsigned int port);
/* Per-vCPU VIRQs (timer, debug) go to the vCPU they were bound on. */
void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq);
/* Global VIRQs go to the vCPU the guest bound them on. */
void send_guest_global_virq(struct domain *d, unsigned int virq);
void send_dom0_virq(unsigned int virq);
void evtchn_init(struct domain *d);
void evtchn_destroy(struct domain *d);
/* For SCHEDOP_poll: 1 if pending, 0 if not, -EINVAL if not a port in use. */
int evtchn_poll_port(struct domain *d, unsigned int port);

#endif
