/*
 * ACPI table discovery: the RSDP comes from GRUB's multiboot2 tag (or
 * the BIOS area), then the XSDT/RSDT leads to the MADT, whose local-APIC
 * entries tell how many CPUs there are.  Every table is checksummed and
 * bounded before use; a bad table is skipped with a message.
 */
#include <xen-core/acpi.h>
#include <xen-core/console.h>
#include <xen-core/layout.h>

#define MADT_LAPIC		0
#define MADT_X2APIC		9
#define MADT_LAPIC_ENABLED	1
#define MADT_LAPIC_ONLINE_CAPABLE 2

struct acpi_header {
	char signature[4];
	uint32_t length;
	uint8_t revision, checksum;
	char oem_id[6], oem_table_id[8];
	uint32_t oem_revision, creator_id, creator_revision;
} __attribute__((packed));

struct rsdp {
	char signature[8];
	uint8_t checksum;
	char oem_id[6];
	uint8_t revision;
	uint32_t rsdt;
	uint32_t length;
	uint64_t xsdt;
	uint8_t ext_checksum, reserved[3];
} __attribute__((packed));

unsigned int acpi_nr_cpus;
uint32_t acpi_cpu_apic_ids[64];
uint64_t acpi_lapic_base = 0xfee00000;
uint64_t acpi_rsdp_phys;
uint16_t acpi_pm1a_cnt_port, acpi_pm1b_cnt_port;

static bool checksum_ok(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

/* Tables below 4 GiB are reachable through the direct map. */
static const struct acpi_header *map_table(uint64_t pa)
{
	const struct acpi_header *h;

	if (!pa || pa >= (4ULL << 30) - sizeof(*h))
		return NULL;
	h = __va(pa);
	if (h->length < sizeof(*h) || pa + h->length > (4ULL << 30) ||
	    !checksum_ok(h, h->length))
		return NULL;
	return h;
}

static uint64_t scan_bios_for_rsdp(void)
{
	uint64_t pa;

	for (pa = 0xe0000; pa < 0x100000; pa += 16)
		if (!memcmp(__va(pa), "RSD PTR ", 8) && checksum_ok(__va(pa), 20))
			return pa;
	return 0;
}

static const struct acpi_header *find_table(const struct rsdp *r, const char *sig)
{
	const struct acpi_header *root;
	bool wide = r->revision >= 2 && r->xsdt;
	size_t i, n, entry = wide ? 8 : 4;

	root = map_table(wide ? r->xsdt : r->rsdt);
	if (!root)
		return NULL;
	n = (root->length - sizeof(*root)) / entry;
	for (i = 0; i < n; i++) {
		const uint8_t *e = (const uint8_t *)(root + 1) + i * entry;
		uint64_t pa = 0;
		const struct acpi_header *t;

		memcpy(&pa, e, entry);
		t = map_table(pa);
		if (t && !memcmp(t->signature, sig, 4))
			return t;
	}
	return NULL;
}

static void add_cpu(uint32_t apic_id, uint32_t flags)
{
	if (!(flags & (MADT_LAPIC_ENABLED | MADT_LAPIC_ONLINE_CAPABLE)))
		return;
	if (!(flags & MADT_LAPIC_ENABLED))
		return;		/* hot-pluggable later: not brought up now */
	if (acpi_nr_cpus < ARRAY_SIZE(acpi_cpu_apic_ids))
		acpi_cpu_apic_ids[acpi_nr_cpus++] = apic_id;
}

static void parse_madt(const struct acpi_header *madt)
{
	const uint8_t *p = (const uint8_t *)madt + sizeof(*madt) + 8;
	const uint8_t *end = (const uint8_t *)madt + madt->length;
	uint32_t lapic_addr;

	memcpy(&lapic_addr, (const uint8_t *)madt + sizeof(*madt), 4);
	acpi_lapic_base = lapic_addr;
	while (p + 2 <= end && p[1] >= 2 && p + p[1] <= end) {
		uint32_t id, flags;

		if (p[0] == MADT_LAPIC && p[1] >= 8) {
			memcpy(&flags, p + 4, 4);
			add_cpu(p[3], flags);
		} else if (p[0] == MADT_X2APIC && p[1] >= 16) {
			memcpy(&id, p + 4, 4);
			memcpy(&flags, p + 8, 4);
			add_cpu(id, flags);
		}
		p += p[1];
	}
}

/* The FADT's PM1 control blocks, where sleep types are written. */
static void parse_fadt(const struct acpi_header *fadt)
{
	const uint8_t *f = (const uint8_t *)fadt;
	uint32_t a = 0, b = 0;

	if (fadt->length >= 72) {
		memcpy(&a, f + 64, 4);
		memcpy(&b, f + 68, 4);
	}
	acpi_pm1a_cnt_port = a <= 0xffff ? (uint16_t)a : 0;
	acpi_pm1b_cnt_port = b <= 0xffff ? (uint16_t)b : 0;
}

void acpi_init(const struct boot_info *bi)
{
	const struct rsdp *r;
	const struct acpi_header *madt;

	acpi_rsdp_phys = scan_bios_for_rsdp();
	if (acpi_rsdp_phys)
		r = __va(acpi_rsdp_phys);
	else if (bi->rsdp_len >= 20 && checksum_ok(bi->rsdp, 20))
		r = (const struct rsdp *)bi->rsdp;
	else {
		printk("ACPI: no RSDP; running on one CPU\n");
		return;
	}
	{
		const struct acpi_header *fadt = find_table(r, "FACP");

		if (fadt)
			parse_fadt(fadt);
	}
	madt = find_table(r, "APIC");
	if (!madt) {
		printk("ACPI: no valid MADT; running on one CPU\n");
		return;
	}
	parse_madt(madt);
	printk("ACPI: RSDP %#lx, MADT lists %u CPU(s), LAPIC at %#lx, "
	       "PM1a_CNT %#x\n", acpi_rsdp_phys, acpi_nr_cpus, acpi_lapic_base,
	       acpi_pm1a_cnt_port);
}
