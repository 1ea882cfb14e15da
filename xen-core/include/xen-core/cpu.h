/* Per-CPU descriptor tables and control-register setup. */
#ifndef XEN_CORE_CPU_H
#define XEN_CORE_CPU_H

#include <xen-core/percpu.h>
#include <xen-core/io.h>

struct tss64 {
	uint32_t reserved0;
	uint64_t rsp0, rsp1, rsp2;
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

extern unsigned int nr_cpus;
extern struct cpu_info *cpu_infos[NR_CPUS];
extern bool cpu_has_smep, cpu_has_smap;
extern unsigned long cpu_khz;

/* Loads GDT, TSS, IDT, SYSCALL MSRs and CR4 on the calling CPU. */
void cpu_init(struct cpu_info *ci);
void idt_init(void);
uint64_t *cpu_gdt(unsigned int cpu);

/* SMAP: hypervisor access to guest (user) pages must be bracketed. */
static inline void stac(void)
{
	if (cpu_has_smap)
		asm volatile("stac" : : : "memory");
}

static inline void clac(void)
{
	if (cpu_has_smap)
		asm volatile("clac" : : : "memory");
}

#endif
