/*
 * ELF64 parsing for PV kernels: program headers to load, and the "Xen"
 * notes (xen/elfnote.h) that describe the PV boot protocol the kernel
 * expects.  Nothing here trusts an offset or size from the image.
 */
#include <xen-core/libelf.h>
#include <xen-core/lib.h>
#include <xen/elfnote.h>

#define EI_NIDENT	16
#define ELFCLASS64	2
#define ELFDATA2LSB	1
#define ET_EXEC		2
#define EM_X86_64	62
#define PT_LOAD		1
#define PT_NOTE		4

struct elf64_ehdr {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

struct elf64_nhdr {
	uint32_t n_namesz, n_descsz, n_type;
};

static bool in_image(size_t len, uint64_t off, uint64_t size)
{
	return off <= len && size <= len - off;
}

static uint64_t note_number(const uint8_t *desc, uint32_t size)
{
	uint64_t v = 0;

	if (size == 1 || size == 2 || size == 4 || size == 8)
		memcpy(&v, desc, size);	/* little endian */
	return v;
}

static void note_string(char *dst, size_t dst_size, const uint8_t *desc,
			uint32_t size)
{
	size_t n = strnlen((const char *)desc, size);

	if (n >= dst_size)
		n = dst_size - 1;
	memcpy(dst, desc, n);
	dst[n] = '\0';
}

static void apply_note(struct xen_elf_info *info, uint32_t type,
		       const uint8_t *desc, uint32_t size)
{
	switch (type) {
	case XEN_ELFNOTE_ENTRY:
		info->entry = note_number(desc, size);
		break;
	case XEN_ELFNOTE_HYPERCALL_PAGE:
		info->hypercall_page = note_number(desc, size);
		break;
	case XEN_ELFNOTE_VIRT_BASE:
		info->virt_base = note_number(desc, size);
		break;
	case XEN_ELFNOTE_PADDR_OFFSET:
		info->paddr_offset = note_number(desc, size);
		break;
	case XEN_ELFNOTE_XEN_VERSION:
		note_string(info->xen_version, sizeof(info->xen_version), desc, size);
		break;
	case XEN_ELFNOTE_GUEST_OS:
		note_string(info->guest_os, sizeof(info->guest_os), desc, size);
		break;
	case XEN_ELFNOTE_LOADER:
		note_string(info->loader, sizeof(info->loader), desc, size);
		break;
	case XEN_ELFNOTE_FEATURES:
		note_string(info->features, sizeof(info->features), desc, size);
		break;
	case XEN_ELFNOTE_INIT_P2M:
		info->init_p2m = note_number(desc, size);
		break;
	case XEN_ELFNOTE_MOD_START_PFN:
		info->mod_start_pfn = note_number(desc, size) != 0;
		break;
	case XEN_ELFNOTE_SUPPORTED_FEATURES:
		info->supported_features = (uint32_t)note_number(desc, size);
		info->has_supported_features = true;
		break;
	}
}

static void parse_notes(const uint8_t *img, size_t len, uint64_t off,
			uint64_t size, struct xen_elf_info *info)
{
	uint64_t end = off + size;

	while (off + sizeof(struct elf64_nhdr) <= end) {
		struct elf64_nhdr nh;
		uint64_t name_off, desc_off, next;

		memcpy(&nh, img + off, sizeof(nh));
		name_off = off + sizeof(nh);
		desc_off = name_off + ROUNDUP((uint64_t)nh.n_namesz, 4);
		next = desc_off + ROUNDUP((uint64_t)nh.n_descsz, 4);
		if (next > end || !in_image(len, desc_off, nh.n_descsz))
			return;
		if (nh.n_namesz == 4 && !memcmp(img + name_off, "Xen", 4)) {
			info->has_xen_notes = true;
			apply_note(info, nh.n_type, img + desc_off, nh.n_descsz);
		}
		off = next;
	}
}

static int fail(const char **err, const char *why)
{
	*err = why;
	return -1;
}

static int read_headers(const uint8_t *img, size_t len, struct xen_elf_info *info,
			const char **err)
{
	const struct elf64_ehdr *eh = (const void *)img;
	unsigned int i;

	if (len < sizeof(*eh) || memcmp(eh->e_ident, "\177ELF", 4))
		return fail(err, "not an ELF image");
	if (eh->e_ident[4] != ELFCLASS64 || eh->e_ident[5] != ELFDATA2LSB ||
	    eh->e_machine != EM_X86_64)
		return fail(err, "not a 64-bit x86 ELF image");
	if (eh->e_type != ET_EXEC)
		return fail(err, "not an executable ELF image");
	if (eh->e_phentsize != sizeof(struct elf64_phdr) ||
	    !in_image(len, eh->e_phoff,
		      (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr)))
		return fail(err, "program headers outside the image");
	for (i = 0; i < eh->e_phnum; i++) {
		struct elf64_phdr ph;

		memcpy(&ph, img + eh->e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type == PT_NOTE && in_image(len, ph.p_offset, ph.p_filesz))
			parse_notes(img, len, ph.p_offset, ph.p_filesz, info);
		if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
			continue;
		if (info->nr_seg == ELF_MAX_SEGMENTS)
			return fail(err, "too many loadable segments");
		if (!in_image(len, ph.p_offset, ph.p_filesz) ||
		    ph.p_filesz > ph.p_memsz || ph.p_paddr + ph.p_memsz < ph.p_paddr)
			return fail(err, "loadable segment outside the image");
		info->seg[info->nr_seg].paddr = ph.p_paddr;
		info->seg[info->nr_seg].filesz = ph.p_filesz;
		info->seg[info->nr_seg].memsz = ph.p_memsz;
		info->seg[info->nr_seg].offset = ph.p_offset;
		info->nr_seg++;
	}
	if (!info->nr_seg)
		return fail(err, "no loadable segments");
	if (!info->entry)
		info->entry = eh->e_entry;
	return 0;
}

/* Load VA = paddr + (virt_base - paddr_offset), as Xen computes it. */
static int compute_extent(struct xen_elf_info *info, const char **err)
{
	uint64_t lo = ~0ULL, hi = 0, shift;
	unsigned int i;

	if (info->paddr_offset > info->virt_base)
		return fail(err, "PADDR_OFFSET above VIRT_BASE");
	shift = info->virt_base - info->paddr_offset;
	for (i = 0; i < info->nr_seg; i++) {
		lo = MIN(lo, info->seg[i].paddr);
		hi = MAX(hi, info->seg[i].paddr + info->seg[i].memsz);
	}
	if (lo + shift < lo || hi + shift < hi)
		return fail(err, "kernel extent overflows");
	info->virt_kstart = lo + shift;
	info->virt_kend = hi + shift;
	if (info->virt_kstart < info->virt_base)
		return fail(err, "kernel below VIRT_BASE");
	if (info->entry < info->virt_kstart || info->entry >= info->virt_kend)
		return fail(err, "entry point outside the kernel image");
	if (info->hypercall_page &&
	    (info->hypercall_page < info->virt_kstart ||
	     info->hypercall_page + 4096 > info->virt_kend ||
	     (info->hypercall_page & 4095)))
		return fail(err, "hypercall page outside the kernel image");
	return 0;
}

int elf_parse_pv_kernel(const void *img, size_t len, struct xen_elf_info *info,
			const char **err)
{
	memset(info, 0, sizeof(*info));
	if (read_headers(img, len, info, err))
		return -1;
	if (!info->has_xen_notes)
		return fail(err, "no Xen ELF notes: not a PV kernel");
	if (strncmp(info->xen_version, "xen-3.0", 7))
		return fail(err, "XEN_VERSION note is not xen-3.0");
	if (!info->guest_os[0] && !info->loader[0])
		return fail(err, "neither GUEST_OS nor LOADER note");
	return compute_extent(info, err);
}

bool elf_feature_required(const struct xen_elf_info *info, const char *name)
{
	const char *p = info->features;
	size_t n = strlen(name);

	while (*p) {
		const char *end = strchr(p, '|');
		size_t len = end ? (size_t)(end - p) : strlen(p);

		if (*p == '!' && len == n + 1 && !strncmp(p + 1, name, n))
			return true;
		p += len;
		if (*p == '|')
			p++;
	}
	return false;
}
