/*
 * Finding the firmware's ACPI tables from a PV control domain: scan the
 * BIOS area for the RSDP, walk the RSDT/XSDT, and map tables read-only
 * through DOMID_IO mappings of their machine frames.
 */
#ifndef TOOLSTACK_ACPI_TABLES_H
#define TOOLSTACK_ACPI_TABLES_H

#include <stddef.h>
#include <stdint.h>

struct acpi_sleep_regs {
	uint64_t pm1a_cnt;	/* PM1a control block (I/O port or address) */
	uint64_t pm1b_cnt;	/* 0 when there is no PM1b block */
	int hw_reduced;		/* HW_REDUCED_ACPI: no PM1 blocks at all */
	const void *dsdt;	/* mapped DSDT, header included */
	size_t dsdt_len;
};

/*
 * Locate the FADT and DSDT.  Returns 0, or -1 with a reason (for the
 * operator) in 'why'.
 */
int acpi_find_sleep_regs(struct acpi_sleep_regs *regs, char *why,
			 size_t why_len);

#endif
