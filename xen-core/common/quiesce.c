/*
 * A request sets the function and kicks every CPU; each CPU that reaches
 * its quiet point (the top of exit_to_guest()'s loop, which idling goes
 * round too) counts itself in and waits, and the last to arrive runs the
 * function, then lets them all go.  Waiting CPUs take interrupts: one
 * still on its way may need them for a TLB flush or a cross-CPU call.
 */
#include <xen-core/quiesce.h>
#include <xen-core/cpu.h>
#include <xen-core/io.h>
#include <xen-core/smp.h>

static void (*pending)(void);
static unsigned int arrived;
static unsigned long generation;

static unsigned int online_cpus(void)
{
	unsigned int cpu, n = 0;

	for (cpu = 0; cpu < nr_cpus; cpu++)
		n += cpu_online[cpu];
	return n;
}

void quiesce_request(void (*fn)(void))
{
	void (*none)(void) = NULL;
	unsigned int cpu;

	if (!__atomic_compare_exchange_n(&pending, &none, fn, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		return;
	for (cpu = 0; cpu < nr_cpus; cpu++)
		if (cpu_online[cpu])
			smp_send_event_check(cpu);
}

void quiesce_point(void)
{
	void (*fn)(void) = __atomic_load_n(&pending, __ATOMIC_ACQUIRE);
	unsigned long gen;

	if (!fn)
		return;
	gen = __atomic_load_n(&generation, __ATOMIC_ACQUIRE);
	if (__atomic_add_fetch(&arrived, 1, __ATOMIC_ACQ_REL) == online_cpus()) {
		fn();
		arrived = 0;
		__atomic_store_n(&pending, NULL, __ATOMIC_RELEASE);
		__atomic_store_n(&generation, gen + 1, __ATOMIC_RELEASE);
		return;
	}
	local_irq_enable();
	while (__atomic_load_n(&generation, __ATOMIC_ACQUIRE) == gen)
		cpu_relax();
	local_irq_disable();
}
