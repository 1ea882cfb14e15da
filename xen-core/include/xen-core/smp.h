/* Bringing up and signalling the other CPUs. */
#ifndef XEN_CORE_SMP_H
#define XEN_CORE_SMP_H

#include <xen-core/percpu.h>

#define EVENT_CHECK_VECTOR	0xf1	/* "look at your run queue" */
#define STOP_CPU_VECTOR		0xf2
#define CALL_FUNCTION_VECTOR	0xf3
#define LOCAL_TIMER_VECTOR	0xf0
#define SPURIOUS_VECTOR		0xff

/* Starts every CPU the MADT lists (at most @max, 0 = all). */
void smp_boot_cpus(unsigned int max);
void smp_send_event_check(unsigned int cpu);
void smp_stop_other_cpus(void);
/* Runs @fn(@arg) on @cpu and waits for it to finish. */
void on_cpu(unsigned int cpu, void (*fn)(void *), void *arg);
/* Runs a call another CPU left for this one, if any. */
void smp_serve_calls(void);
extern volatile bool cpu_online[NR_CPUS];

#endif
