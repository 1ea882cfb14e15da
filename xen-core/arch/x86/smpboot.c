/*
 * Secondary CPUs: started with INIT-SIPI-SIPI through the real-mode
 * trampoline, each gets a stack with its cpu_info on top, its own
 * descriptor tables and LAPIC, then joins the scheduler.  Cross-CPU
 * calls go through a per-CPU mailbox; a CPU waiting on one keeps
 * serving its own, so two CPUs calling each other cannot deadlock.
 */
#include <xen-core/smp.h>
#include <xen-core/acpi.h>
#include <xen-core/apic.h>
#include <xen-core/console.h>
#include <xen-core/cpu.h>
#include <xen-core/io.h>
#include <xen-core/mm.h>
#include <xen-core/pagetable.h>
#include <xen-core/sched.h>
#include <xen-core/traps.h>

#define TRAMPOLINE_PHYS		0x8000
#define STACK_ORDER		4	/* 64 KiB, naturally aligned */

extern char trampoline_start[], trampoline_end[], tramp_cr3[], tramp_stack[];

volatile bool cpu_online[NR_CPUS];

struct mailbox {
	void (*volatile fn)(void *);
	void *volatile arg;
	volatile bool busy;
};

static struct mailbox mailboxes[NR_CPUS];

/* Taking the call out of the box first makes a nested serve a no-op. */
void smp_serve_calls(void)
{
	struct mailbox *mb = &mailboxes[smp_processor_id()];
	void (*fn)(void *) = __atomic_exchange_n(&mb->fn, NULL,
						 __ATOMIC_ACQUIRE);

	if (!fn)
		return;
	fn(mb->arg);
	__atomic_store_n(&mb->busy, false, __ATOMIC_RELEASE);
}

void on_cpu(unsigned int cpu, void (*fn)(void *), void *arg)
{
	struct mailbox *mb = &mailboxes[cpu];

	if (cpu == smp_processor_id()) {
		fn(arg);
		return;
	}
	while (__atomic_exchange_n(&mb->busy, true, __ATOMIC_ACQUIRE))
		smp_serve_calls();
	mb->arg = arg;
	__atomic_store_n(&mb->fn, fn, __ATOMIC_RELEASE);
	apic_send_ipi(cpu_infos[cpu]->apic_id, CALL_FUNCTION_VECTOR);
	while (__atomic_load_n(&mb->busy, __ATOMIC_ACQUIRE))
		smp_serve_calls();
}

static void call_function_interrupt(struct cpu_regs *regs)
{
	apic_eoi();
	smp_serve_calls();
}

static void stop_interrupt(struct cpu_regs *regs)
{
	apic_eoi();
	cpu_online[smp_processor_id()] = false;
	for (;;)
		asm volatile("cli; hlt");
}

void smp_send_event_check(unsigned int cpu)
{
	if (cpu < nr_cpus && cpu_online[cpu])
		apic_send_ipi(cpu_infos[cpu]->apic_id, EVENT_CHECK_VECTOR);
}

void smp_stop_other_cpus(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < nr_cpus; cpu++)
		if (cpu != smp_processor_id() && cpu_online[cpu])
			apic_send_ipi(cpu_infos[cpu]->apic_id, STOP_CPU_VECTOR);
}

void ap_start(void)
{
	struct cpu_info *ci = get_cpu_info();

	cpu_init(ci);
	apic_init_secondary_cpu();
	__atomic_store_n(&cpu_online[ci->cpu], true, __ATOMIC_RELEASE);
	start_scheduling();
}

static bool start_cpu(unsigned int cpu, unsigned int apic)
{
	void *stack = alloc_xen_pages(STACK_ORDER);
	struct cpu_info *ci;
	uint64_t *stack_slot;
	s_time_t deadline;

	if (!stack)
		return false;
	ci = cpu_info_of_stack(stack);
	ci->cpu = cpu;
	ci->apic_id = apic;
	cpu_infos[cpu] = ci;
	stack_slot = __va(TRAMPOLINE_PHYS + (tramp_stack - trampoline_start));
	*stack_slot = (uint64_t)ci & ~15UL;	/* C runs below cpu_info */

	apic_send_init_sipi(apic, TRAMPOLINE_PHYS >> PAGE_SHIFT);
	deadline = NOW() + SECONDS(1);
	while (!__atomic_load_n(&cpu_online[cpu], __ATOMIC_ACQUIRE) &&
	       NOW() < deadline)
		cpu_relax();
	return cpu_online[cpu];
}

void smp_boot_cpus(unsigned int max)
{
	unsigned int i, bsp_apic = apic_id();
	uint32_t *cr3_slot;

	cpu_infos[0]->apic_id = bsp_apic;
	cpu_online[0] = true;
	set_irq_handler(CALL_FUNCTION_VECTOR, call_function_interrupt);
	set_irq_handler(STOP_CPU_VECTOR, stop_interrupt);
	memcpy(__va(TRAMPOLINE_PHYS), trampoline_start,
	       trampoline_end - trampoline_start);
	cr3_slot = __va(TRAMPOLINE_PHYS + (tramp_cr3 - trampoline_start));
	*cr3_slot = (uint32_t)__pa(idle_pg_table);

	for (i = 0; i < acpi_nr_cpus && nr_cpus < NR_CPUS; i++) {
		if (acpi_cpu_apic_ids[i] == bsp_apic)
			continue;
		if (max && nr_cpus >= max)
			break;
		if (start_cpu(nr_cpus, acpi_cpu_apic_ids[i]))
			nr_cpus++;
		else
			printk("CPU with APIC id %u did not come up\n",
			       acpi_cpu_apic_ids[i]);
	}
	printk("Brought up %u CPU%s\n", nr_cpus, nr_cpus > 1 ? "s" : "");
}
