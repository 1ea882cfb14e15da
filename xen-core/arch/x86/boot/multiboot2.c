/*
 * Parse the multiboot2 information structure into struct boot_info,
 * copying everything we keep so the structure itself can be reused.
 */
#include <xen-core/multiboot2.h>

#define MB2_TAG_END		0
#define MB2_TAG_CMDLINE		1
#define MB2_TAG_LOADER		2
#define MB2_TAG_MODULE		3
#define MB2_TAG_MMAP		6
#define MB2_TAG_ACPI_OLD	14
#define MB2_TAG_ACPI_NEW	15
#define E820_RAM		1

struct mb2_tag {
	uint32_t type, size;
};

struct mb2_mmap_entry {
	uint64_t base, len;
	uint32_t type, reserved;
};

static void copy_string(char *dst, size_t dst_size, const struct mb2_tag *t,
			size_t offset)
{
	size_t len = t->size > offset ? t->size - offset : 0;

	len = strnlen((const char *)t + offset, len);
	if (len >= dst_size)
		len = dst_size - 1;
	memcpy(dst, (const char *)t + offset, len);
	dst[len] = '\0';
}

static void add_ram(struct boot_info *bi, uint64_t base, uint64_t len)
{
	uint64_t start = ROUNDUP(base, 4096), end = (base + len) & ~4095ULL;

	if (end > start && bi->nr_ram < MAX_MEM_RANGES) {
		bi->ram[bi->nr_ram].start = start;
		bi->ram[bi->nr_ram].end = end;
		bi->nr_ram++;
	}
}

static bool parse_mmap(const struct mb2_tag *t, struct boot_info *bi)
{
	uint32_t entry_size = ((const uint32_t *)t)[2];
	size_t off;

	if (entry_size < sizeof(struct mb2_mmap_entry))
		return false;
	for (off = 16; off + entry_size <= t->size; off += entry_size) {
		const struct mb2_mmap_entry *e =
			(const void *)((const char *)t + off);

		if (e->type == E820_RAM)
			add_ram(bi, e->base, e->len);
		if (bi->nr_e820 < MAX_MEM_RANGES) {
			bi->e820[bi->nr_e820].addr = e->base;
			bi->e820[bi->nr_e820].size = e->len;
			bi->e820[bi->nr_e820].type = e->type;
			bi->nr_e820++;
		}
	}
	return true;
}

static void parse_module(const struct mb2_tag *t, struct boot_info *bi)
{
	const uint32_t *w = (const uint32_t *)t;
	struct boot_module *m;

	if (bi->nr_modules >= MAX_MODULES || t->size < 16)
		return;
	m = &bi->modules[bi->nr_modules++];
	m->start = w[2];
	m->end = w[3];
	copy_string(m->cmdline, sizeof(m->cmdline), t, 16);
}

static void parse_rsdp(const struct mb2_tag *t, struct boot_info *bi)
{
	size_t len = t->size - 8;

	if (len > sizeof(bi->rsdp))
		len = sizeof(bi->rsdp);
	memcpy(bi->rsdp, (const char *)t + 8, len);
	bi->rsdp_len = len;
}

bool multiboot2_parse(const void *mbi, uint64_t mbi_phys, struct boot_info *bi,
		      const char **err)
{
	uint32_t total = *(const uint32_t *)mbi;
	size_t off = 8;

	memset(bi, 0, sizeof(*bi));
	bi->mbi_start = mbi_phys;
	bi->mbi_end = mbi_phys + total;
	while (off + sizeof(struct mb2_tag) <= total) {
		const struct mb2_tag *t = (const void *)((const char *)mbi + off);

		if (t->size < 8 || off + t->size > total) {
			*err = "malformed tag";
			return false;
		}
		switch (t->type) {
		case MB2_TAG_END:
			return true;
		case MB2_TAG_CMDLINE:
			copy_string(bi->cmdline, sizeof(bi->cmdline), t, 8);
			break;
		case MB2_TAG_LOADER:
			copy_string(bi->loader, sizeof(bi->loader), t, 8);
			break;
		case MB2_TAG_MODULE:
			parse_module(t, bi);
			break;
		case MB2_TAG_MMAP:
			if (!parse_mmap(t, bi)) {
				*err = "malformed memory map";
				return false;
			}
			break;
		case MB2_TAG_ACPI_OLD:
		case MB2_TAG_ACPI_NEW:
			parse_rsdp(t, bi);
			break;
		}
		off += ROUNDUP(t->size, 8);
	}
	*err = "no end tag";
	return false;
}
