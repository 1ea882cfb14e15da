/*
 * Local APIC in xAPIC mode.  The timer runs one-shot, reprogrammed by
 * the software timers for the earliest deadline on this CPU; its tick
 * rate is measured against the TSC at boot.
 */
#include <xen-core/apic.h>
#include <xen-core/acpi.h>
#include <xen-core/console.h>
#include <xen-core/io.h>
#include <xen-core/pagetable.h>
#include <xen-core/smp.h>

#define APIC_ID		0x020
#define APIC_TPR	0x080
#define APIC_EOI	0x0b0
#define APIC_SVR	0x0f0
#define APIC_IRR	0x200
#define APIC_ICR_LO	0x300
#define APIC_ICR_HI	0x310
#define APIC_LVT_TIMER	0x320
#define APIC_LVT_LINT0	0x350
#define APIC_LVT_LINT1	0x360
#define APIC_LVT_ERROR	0x370
#define APIC_TMICT	0x380
#define APIC_TMCCT	0x390
#define APIC_TDCR	0x3e0

#define SVR_ENABLE	0x100
#define LVT_MASKED	0x10000
#define ICR_BUSY	0x1000
#define ICR_INIT	0x0500
#define ICR_STARTUP	0x0600
#define ICR_ASSERT	0x4000
#define ICR_LEVEL	0x8000
#define TDCR_DIV_16	0x3

static volatile uint32_t *apic_regs;
static uint64_t ticks_per_ms;

static uint32_t apic_read(unsigned int reg)
{
	return apic_regs[reg / 4];
}

static void apic_write(unsigned int reg, uint32_t v)
{
	apic_regs[reg / 4] = v;
}

/* Whether an interrupt is waiting for this CPU (IRR: 8 words of 32). */
bool apic_interrupt_pending(void)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		if (apic_read(APIC_IRR + 0x10 * i))
			return true;
	return false;
}

unsigned int apic_id(void)
{
	return apic_read(APIC_ID) >> 24;
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

static void enable_local_apic(void)
{
	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | (1UL << 11));
	apic_write(APIC_TPR, 0);
	apic_write(APIC_SVR, SVR_ENABLE | SPURIOUS_VECTOR);
	apic_write(APIC_LVT_LINT0, LVT_MASKED);
	apic_write(APIC_LVT_LINT1, LVT_MASKED);
	apic_write(APIC_LVT_ERROR, LVT_MASKED);
	apic_write(APIC_TDCR, TDCR_DIV_16);
	apic_write(APIC_LVT_TIMER, LVT_MASKED | LOCAL_TIMER_VECTOR);
}

static void calibrate_apic_timer(void)
{
	s_time_t end;
	uint32_t left;

	apic_write(APIC_TMICT, 0xffffffff);
	end = NOW() + MILLISECS(10);
	while (NOW() < end)
		cpu_relax();
	left = apic_read(APIC_TMCCT);
	apic_write(APIC_TMICT, 0);
	ticks_per_ms = (0xffffffffULL - left) / 10;
	if (!ticks_per_ms)
		ticks_per_ms = 1;
}

static void disable_legacy_pic(void)
{
	outb(0x21, 0xff);
	outb(0xa1, 0xff);
}

/* The APIC page is MMIO: map its 2 MiB direct-map page uncached. */
static void map_apic_uncached(void)
{
	unsigned long va = (unsigned long)__va(acpi_lapic_base);
	pte_t *l3 = __va(idle_pg_table[pt_index(va, 4)] & PTE_ADDR_MASK);
	pte_t *l2 = __va(l3[pt_index(va, 3)] & PTE_ADDR_MASK);

	l2[pt_index(va, 2)] |= _PAGE_PCD | _PAGE_PWT;
	invlpg(va);
	apic_regs = (volatile uint32_t *)va;
}

void apic_init_boot_cpu(void)
{
	disable_legacy_pic();
	map_apic_uncached();
	enable_local_apic();
	calibrate_apic_timer();
	printk("LAPIC: id %u, timer %lu ticks/ms\n", apic_id(), ticks_per_ms);
}

void apic_init_secondary_cpu(void)
{
	enable_local_apic();
}

void apic_set_timer(s_time_t deadline)
{
	s_time_t delta;
	uint64_t ticks;

	if (!deadline) {
		apic_write(APIC_TMICT, 0);
		return;
	}
	delta = deadline - NOW();
	if (delta < MICROSECS(1))
		delta = MICROSECS(1);
	ticks = (uint64_t)delta * ticks_per_ms / 1000000;
	if (ticks == 0)
		ticks = 1;
	if (ticks > 0xffffffffULL)
		ticks = 0xffffffffULL;
	apic_write(APIC_LVT_TIMER, LOCAL_TIMER_VECTOR);
	apic_write(APIC_TMICT, (uint32_t)ticks);
}

static void wait_icr_idle(void)
{
	while (apic_read(APIC_ICR_LO) & ICR_BUSY)
		cpu_relax();
}

void apic_send_ipi(unsigned int dest, unsigned int vector)
{
	unsigned long flags = local_irq_save();

	wait_icr_idle();
	apic_write(APIC_ICR_HI, dest << 24);
	apic_write(APIC_ICR_LO, vector);
	local_irq_restore(flags);
}

void apic_send_init_sipi(unsigned int dest, unsigned int start_page)
{
	int i;

	wait_icr_idle();
	apic_write(APIC_ICR_HI, dest << 24);
	apic_write(APIC_ICR_LO, ICR_INIT | ICR_LEVEL | ICR_ASSERT);
	wait_icr_idle();
	apic_write(APIC_ICR_HI, dest << 24);
	apic_write(APIC_ICR_LO, ICR_INIT | ICR_LEVEL);
	mdelay(10);
	for (i = 0; i < 2; i++) {
		wait_icr_idle();
		apic_write(APIC_ICR_HI, dest << 24);
		apic_write(APIC_ICR_LO, ICR_STARTUP | start_page);
		udelay(200);
	}
	wait_icr_idle();
}
