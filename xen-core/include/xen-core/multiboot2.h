/* What xen-core takes from GRUB's multiboot2 boot information. */
#ifndef XEN_CORE_MULTIBOOT2_H
#define XEN_CORE_MULTIBOOT2_H

#include <xen-core/lib.h>

#define MAX_MEM_RANGES	64
#define MAX_MODULES	8

struct mem_range {
	uint64_t start, end;		/* [start, end) */
};

struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
} __attribute__((packed));

struct boot_module {
	uint64_t start, end;
	char cmdline[1024];
};

struct boot_info {
	char cmdline[1024];
	char loader[64];
	struct mem_range ram[MAX_MEM_RANGES];
	struct e820_entry e820[MAX_MEM_RANGES];	/* the firmware map, all types */
	unsigned int nr_e820;
	unsigned int nr_ram;
	struct boot_module modules[MAX_MODULES];
	unsigned int nr_modules;
	uint64_t rsdp_phys;		/* 0 when GRUB gave no RSDP */
	uint8_t rsdp[36];		/* GRUB's copy of the RSDP */
	unsigned int rsdp_len;
	uint64_t mbi_start, mbi_end;
};

/* Returns false (and says why in @err) if the information is malformed. */
bool multiboot2_parse(const void *mbi, uint64_t mbi_phys, struct boot_info *bi,
		      const char **err);

#endif
