/* The local APIC: timer, IPIs, end of interrupt. */
#ifndef XEN_CORE_APIC_H
#define XEN_CORE_APIC_H

#include <stdbool.h>
#include <xen-core/time.h>

void apic_init_boot_cpu(void);
void apic_init_secondary_cpu(void);
unsigned int apic_id(void);
void apic_eoi(void);
bool apic_interrupt_pending(void);
/* Fires LOCAL_TIMER_VECTOR at system time @deadline (0: stop). */
void apic_set_timer(s_time_t deadline);
void apic_send_ipi(unsigned int apic_id, unsigned int vector);
void apic_send_init_sipi(unsigned int apic_id, unsigned int start_page);

#endif
