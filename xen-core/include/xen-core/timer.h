/* One-shot software timers, kept per CPU and driven by the LAPIC timer. */
#ifndef XEN_CORE_TIMER_H
#define XEN_CORE_TIMER_H

#include <xen-core/list.h>
#include <xen-core/time.h>

struct timer {
	struct list_head elem;
	s_time_t expires;
	void (*fn)(void *data);
	void *data;
	unsigned int cpu;
	bool active;
};

void init_timer(struct timer *t, void (*fn)(void *), void *data,
		unsigned int cpu);
void set_timer(struct timer *t, s_time_t expires);
void stop_timer(struct timer *t);
void migrate_timer(struct timer *t, unsigned int cpu);
/* Runs expired timers on this CPU and reprograms the LAPIC. */
void timer_softirq(void);
void timers_init(void);

#endif
