/*
 * Finding the \_S5 (soft-off) sleep type values in ACPI definition
 * blocks, without an AML interpreter.
 */
#ifndef TOOLSTACK_ACPI_S5_H
#define TOOLSTACK_ACPI_S5_H

#include <stddef.h>
#include <stdint.h>

/*
 * Scan the definition block 'aml' (a DSDT or SSDT, 36-byte header
 * included, 'len' bytes readable) for Name(\_S5, Package() {a, b, ...})
 * and store its first two elements, truncated to 8 bits as ACPICA does,
 * in *slp_typa and *slp_typb.  A one-element package holds SLP_TYPa in
 * its low byte and SLP_TYPb in the next, an older form ACPICA accepts.
 *
 * Returns 0; -EINVAL if the table header is bad (length, checksum,
 * signature) or every _S5 found is malformed; -ENOENT if there is none.
 * Never reads outside aml[0..len).
 */
int acpi_find_s5(const void *aml, size_t len, uint8_t *slp_typa,
		 uint8_t *slp_typb);

#endif
