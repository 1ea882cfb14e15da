/*
 * A guest kernel image as the PV builder takes it: an ELF file with Xen
 * notes (parsed by xen-core's libelf, shared with the hypervisor).
 */
#ifndef TOOLSTACK_BUILDER_KERNEL_H
#define TOOLSTACK_BUILDER_KERNEL_H

#include <stddef.h>
#include <xen-core/libelf.h>

struct pv_kernel {
	const unsigned char *elf;	/* the ELF image */
	size_t len;
	struct xen_elf_info info;
};

/*
 * Check image[0..len) is a 64-bit PV kernel we can boot and describe it.
 * Returns 0, or -1 with the reason in err.
 */
int pv_kernel_parse(const void *image, size_t len, struct pv_kernel *k,
		    char *err, size_t errlen);

/* Copy the loadable segments into 'dst', the kernel's first page on. */
void pv_kernel_load(const struct pv_kernel *k, unsigned char *dst);

#endif
