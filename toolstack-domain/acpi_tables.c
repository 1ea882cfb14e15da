/*
 * RSDP/RSDT/XSDT/FADT walking.
 *
 * Firmware tables are not RAM of ours: Xen gives the control domain
 * access to them as I/O memory, mapped with mmu_update on behalf of
 * DOMID_IO (the BIOS area below 1 MiB and the E820 ACPI ranges).
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <minios/mm.h>
#include "acpi_tables.h"

#define BIOS_AREA_START 0xe0000
#define BIOS_AREA_LEN   0x20000
#define TABLE_HEADER_LEN 36
#define MAX_TABLE_LEN (1 << 20)	/* sanity bound on a table's length */

/* FADT field offsets (ACPI 6.x, 5.2.9). */
#define FADT_DSDT          40
#define FADT_PM1A_CNT_BLK  64
#define FADT_PM1B_CNT_BLK  68
#define FADT_FLAGS         112
#define FADT_X_DSDT        140
#define FADT_X_PM1A_CNT    172	/* generic address structures: */
#define FADT_X_PM1B_CNT    184	/* the address is at +4 */
#define FADT_HW_REDUCED    (1u << 20)

struct rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt_address;
	uint32_t length;	/* revision >= 2 from here on */
	uint64_t xsdt_address;
	uint8_t ext_checksum;
	uint8_t reserved[3];
} __attribute__((packed));

static int fail(char *why, size_t why_len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, why_len, fmt, ap);
	va_end(ap);
	return -1;
}

static uint8_t byte_sum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static const struct rsdp *find_rsdp(void)
{
	const uint8_t *bios = map_machine(BIOS_AREA_START, BIOS_AREA_LEN,
					  DOMID_IO, 0);

	if (!bios)
		return NULL;
	for (size_t off = 0; off + sizeof(struct rsdp) <= BIOS_AREA_LEN;
	     off += 16) {
		const struct rsdp *r = (const void *)(bios + off);

		if (memcmp(r->signature, "RSD PTR ", 8) || byte_sum(r, 20))
			continue;
		if (r->revision >= 2 &&
		    (r->length < sizeof(*r) || r->length > 64 ||
		     off + r->length > BIOS_AREA_LEN || byte_sum(r, r->length)))
			continue;
		return r;
	}
	return NULL;
}

/* Map a whole table after checking its header and checksum. */
static const uint8_t *map_table(uint64_t addr, const char *sig)
{
	const uint8_t *hdr, *t;
	uint32_t len;

	if (!addr)
		return NULL;
	hdr = map_machine(addr, TABLE_HEADER_LEN, DOMID_IO, 0);
	if (!hdr)
		return NULL;
	len = get32(hdr + 4);
	if ((sig && memcmp(hdr, sig, 4)) || len < TABLE_HEADER_LEN ||
	    len > MAX_TABLE_LEN)
		return NULL;
	t = map_machine(addr, len, DOMID_IO, 0);
	if (!t || byte_sum(t, len))
		return NULL;
	return t;
}

/* Find the table with signature 'sig' listed in the RSDT or XSDT. */
static const uint8_t *find_table(const struct rsdp *rsdp, const char *sig)
{
	int use_xsdt = rsdp->revision >= 2 && rsdp->xsdt_address;
	const uint8_t *root = use_xsdt ? map_table(rsdp->xsdt_address, "XSDT")
				       : map_table(rsdp->rsdt_address, "RSDT");
	size_t entry_len = use_xsdt ? 8 : 4, n;

	if (!root)
		return NULL;
	n = (get32(root + 4) - TABLE_HEADER_LEN) / entry_len;
	for (size_t i = 0; i < n; i++) {
		const uint8_t *e = root + TABLE_HEADER_LEN + i * entry_len;
		uint64_t addr = use_xsdt ? get64(e) : get32(e);
		const uint8_t *hdr = addr ? map_machine(addr, TABLE_HEADER_LEN,
							DOMID_IO, 0) : NULL;

		if (hdr && !memcmp(hdr, sig, 4))
			return map_table(addr, sig);
	}
	return NULL;
}

/* A 64-bit FADT field if the table is long enough and it is set. */
static uint64_t fadt_x_field(const uint8_t *fadt, size_t off, uint64_t legacy)
{
	uint64_t v = 0;

	if (get32(fadt + 4) >= off + 8)
		v = get64(fadt + off);
	return v ? v : legacy;
}

int acpi_find_sleep_regs(struct acpi_sleep_regs *regs, char *why,
			 size_t why_len)
{
	const struct rsdp *rsdp = find_rsdp();
	const uint8_t *fadt, *dsdt;
	uint64_t dsdt_addr;

	memset(regs, 0, sizeof(*regs));
	if (!rsdp)
		return fail(why, why_len, "no ACPI RSDP in the BIOS area");
	fadt = find_table(rsdp, "FACP");
	if (!fadt)
		return fail(why, why_len, "no valid FADT (FACP) table");
	if (get32(fadt + 4) < FADT_FLAGS + 4)
		return fail(why, why_len, "FADT too short (%u bytes)",
			    get32(fadt + 4));

	regs->hw_reduced = (get32(fadt + FADT_FLAGS) & FADT_HW_REDUCED) != 0;
	regs->pm1a_cnt = fadt_x_field(fadt, FADT_X_PM1A_CNT + 4,
				      get32(fadt + FADT_PM1A_CNT_BLK));
	regs->pm1b_cnt = fadt_x_field(fadt, FADT_X_PM1B_CNT + 4,
				      get32(fadt + FADT_PM1B_CNT_BLK));
	dsdt_addr = fadt_x_field(fadt, FADT_X_DSDT, get32(fadt + FADT_DSDT));

	dsdt = map_table(dsdt_addr, "DSDT");
	if (!dsdt)
		return fail(why, why_len, "no valid DSDT at %#llx",
			    (unsigned long long)dsdt_addr);
	regs->dsdt = dsdt;
	regs->dsdt_len = get32(dsdt + 4);
	return 0;
}
