/*
 * pvclock reading, wallclock and the one-shot timer.
 */
#include <minios/events.h>
#include <minios/hypercall.h>
#include <minios/kernel.h>
#include <minios/time.h>

struct pvclock_snapshot {
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t mul;
	int8_t shift;
};

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* Xen makes 'version' odd while it updates the record. */
static void read_pvclock(struct pvclock_snapshot *s)
{
	volatile struct vcpu_time_info *t = &this_vcpu()->time;
	uint32_t version;

	do {
		version = t->version;
		rmb();
		s->tsc_timestamp = t->tsc_timestamp;
		s->system_time = t->system_time;
		s->mul = t->tsc_to_system_mul;
		s->shift = t->tsc_shift;
		rmb();
	} while ((version & 1) || version != t->version);
}

uint64_t monotonic_ns(void)
{
	struct pvclock_snapshot s;
	uint64_t delta;

	read_pvclock(&s);
	delta = rdtsc() - s.tsc_timestamp;
	if (s.shift < 0)
		delta >>= -s.shift;
	else
		delta <<= s.shift;
	return s.system_time +
	       (uint64_t)(((unsigned __int128)delta * s.mul) >> 32);
}

void wallclock(uint64_t *sec, uint32_t *nsec)
{
	volatile shared_info_t *si = shared_info;
	uint32_t version;
	uint64_t boot_sec, now;
	uint32_t boot_nsec;

	do {
		version = si->wc_version;
		rmb();
		boot_sec = si->wc_sec | ((uint64_t)si->wc_sec_hi << 32);
		boot_nsec = si->wc_nsec;
		rmb();
	} while ((version & 1) || version != si->wc_version);

	now = monotonic_ns() + boot_nsec;
	*sec = boot_sec + now / NSEC_PER_SEC;
	*nsec = now % NSEC_PER_SEC;
}

void timer_set_deadline(uint64_t deadline)
{
	struct vcpu_set_singleshot_timer t = {
		.timeout_abs_ns = deadline,
		.flags = 0,	/* a deadline already past fires at once */
	};

	HYPERVISOR_vcpu_op(VCPUOP_set_singleshot_timer, 0, &t);
}

/* The tick only has to wake SCHEDOP_block; the scheduler does the rest. */
static void timer_event(evtchn_port_t port, void *data)
{
	(void)port;
	(void)data;
}

void time_init(void)
{
	int port;

	HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, 0, NULL);
	port = bind_virq(VIRQ_TIMER, timer_event, NULL);
	if (port < 0)
		panic("time: cannot bind VIRQ_TIMER (%d)", port);
}
