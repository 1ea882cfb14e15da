/*
 * ELF64 kernel images and their Xen ELF notes, as the PV boot protocol
 * uses them.  Pure parsing with every offset bounds-checked, so it can
 * take hostile input (and is unit-tested host-side).
 */
#ifndef XEN_CORE_LIBELF_H
#define XEN_CORE_LIBELF_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define ELF_MAX_SEGMENTS	16

struct elf_segment {
	uint64_t paddr;		/* load address: paddr + virt_base - paddr_offset */
	uint64_t filesz, memsz;
	uint64_t offset;	/* in the image */
};

struct xen_elf_info {
	/* from the notes */
	bool has_xen_notes;
	char guest_os[32];
	char xen_version[32];
	char loader[32];
	uint64_t virt_base;
	uint64_t paddr_offset;
	uint64_t entry;
	uint64_t hypercall_page;	/* 0: none */
	uint64_t init_p2m;		/* 0: none */
	bool mod_start_pfn;
	uint32_t supported_features;	/* XENFEAT_* bitmap, if the note exists */
	bool has_supported_features;
	char features[256];
	/* derived */
	uint64_t virt_kstart, virt_kend;	/* kernel image extent (VAs) */
	struct elf_segment seg[ELF_MAX_SEGMENTS];
	unsigned int nr_seg;
};

/*
 * Parses @img; returns 0, or -1 with a message in @err.  Applies the
 * rules Xen's libelf applies to PV kernels (XEN_VERSION "xen-3.0",
 * an entry inside the image, segments inside the file).
 */
int elf_parse_pv_kernel(const void *img, size_t len, struct xen_elf_info *info,
			const char **err);

/* True if the FEATURES note requires (with '!') feature @name. */
bool elf_feature_required(const struct xen_elf_info *info, const char *name);

#endif
