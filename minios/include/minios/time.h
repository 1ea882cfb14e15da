/*
 * Time: Xen system time (ns since the hypervisor booted, from the pvclock
 * in vcpu_time_info) and wallclock time (shared_info's boot epoch + system
 * time).
 */
#ifndef MINIOS_TIME_H
#define MINIOS_TIME_H

#include <stdint.h>

#define NSEC_PER_SEC 1000000000ULL
#define MSEC(ms) ((uint64_t)(ms) * 1000000ULL)

uint64_t monotonic_ns(void);

/* Seconds and nanoseconds since the Unix epoch. */
void wallclock(uint64_t *sec, uint32_t *nsec);

/* Ask for a VIRQ_TIMER at absolute system time 'deadline'. */
void timer_set_deadline(uint64_t deadline);

/* Stop Xen's default periodic tick and bind VIRQ_TIMER. */
void time_init(void);

#endif
