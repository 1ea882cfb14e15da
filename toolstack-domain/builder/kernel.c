/*
 * Guest kernel images (see kernel.h).
 */
#include <stdio.h>
#include <string.h>
#include "kernel.h"

#define BZIMAGE_MAGIC_OFFSET 0x202	/* "HdrS" in the setup header */

static int is_bzimage(const unsigned char *image, size_t len)
{
	return len >= BZIMAGE_MAGIC_OFFSET + 4 &&
	       !memcmp(image + BZIMAGE_MAGIC_OFFSET, "HdrS", 4);
}

int pv_kernel_parse(const void *image, size_t len, struct pv_kernel *k,
		    char *err, size_t errlen)
{
	const char *why;

	/*
	 * Hook for compressed kernels: a bzImage's payload is decompressed
	 * (builder/bzimage.c, decompress.c) into a buffer holding the ELF,
	 * which is then parsed below as if it had been given directly.
	 */
	if (is_bzimage(image, len)) {
		snprintf(err, errlen, "bzImage kernels are not supported yet "
			 "(give an uncompressed ELF vmlinux)");
		return -1;
	}
	if (elf_parse_pv_kernel(image, len, &k->info, &why)) {
		snprintf(err, errlen, "not a PV kernel: %s", why);
		return -1;
	}
	k->elf = image;
	k->len = len;
	return 0;
}

void pv_kernel_load(const struct pv_kernel *k, unsigned char *dst)
{
	/* Xen loads at paddr + VIRT_BASE - PADDR_OFFSET, never at p_vaddr. */
	uint64_t shift = k->info.virt_base - k->info.paddr_offset;

	for (unsigned int i = 0; i < k->info.nr_seg; i++) {
		const struct elf_segment *s = &k->info.seg[i];
		unsigned char *to = dst + (s->paddr + shift - k->info.virt_kstart);

		memcpy(to, k->elf + s->offset, s->filesz);
		memset(to + s->filesz, 0, s->memsz - s->filesz);
	}
}
