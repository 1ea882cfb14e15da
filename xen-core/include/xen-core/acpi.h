/* The ACPI tables xen-core reads itself: the MADT, for the CPU list. */
#ifndef XEN_CORE_ACPI_H
#define XEN_CORE_ACPI_H

#include <xen-core/multiboot2.h>

extern unsigned int acpi_nr_cpus;
extern uint32_t acpi_cpu_apic_ids[64];
extern uint64_t acpi_lapic_base;
extern uint64_t acpi_rsdp_phys;
extern uint16_t acpi_pm1a_cnt_port, acpi_pm1b_cnt_port;

void acpi_init(const struct boot_info *bi);

#endif
