/*
 * TLB flushes and the flush clock (see flushtlb.h).  The clock is 64
 * bits wide, so comparisons never meet a wrap.
 */
#include <xen-core/flushtlb.h>
#include <xen-core/io.h>
#include <xen-core/cpu.h>
#include <xen-core/smp.h>

static uint64_t flush_clock;
static uint64_t last_flush[NR_CPUS];

uint64_t tlb_clock_tick(void)
{
	return __atomic_add_fetch(&flush_clock, 1, __ATOMIC_SEQ_CST);
}

/*
 * The clock is read before the flush: every stamp up to that reading
 * belongs to a mapping already gone from the page tables, so the flush
 * removes whatever the TLB still held of it.
 */
void load_cr3(unsigned long cr3)
{
	uint64_t now = __atomic_load_n(&flush_clock, __ATOMIC_SEQ_CST);

	write_cr3(cr3);
	__atomic_store_n(&last_flush[smp_processor_id()], now,
			 __ATOMIC_RELEASE);
}

void flush_tlb_local(void)
{
	load_cr3(read_cr3());
}

static void flush_tlb_cb(void *arg)
{
	flush_tlb_local();
}

static bool cpu_flushed_since(unsigned int cpu, uint64_t stamp)
{
	return !cpu_online[cpu] ||
	       __atomic_load_n(&last_flush[cpu], __ATOMIC_ACQUIRE) >= stamp;
}

bool tlbs_flushed_since(uint64_t stamp)
{
	unsigned int cpu;

	for (cpu = 0; cpu < nr_cpus; cpu++)
		if (!cpu_flushed_since(cpu, stamp))
			return false;
	return true;
}

void flush_tlbs_since(uint64_t stamp)
{
	unsigned int cpu;

	for (cpu = 0; cpu < nr_cpus; cpu++)
		if (!cpu_flushed_since(cpu, stamp))
			on_cpu(cpu, flush_tlb_cb, NULL);
}

void flush_tlb_all(void)
{
	flush_tlbs_since(tlb_clock_tick());
}
