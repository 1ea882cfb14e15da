/*
 * A guest kernel image as the PV builder takes it: an ELF file with Xen
 * notes (parsed by xen-core's libelf, shared with the hypervisor), or a
 * Linux bzImage whose payload is such an ELF file compressed.  The
 * decompressed ELF is never held in memory: its headers are read from
 * the start of the stream (kernel_headers.c), and the stream is then
 * decompressed again straight into the guest's memory.
 */
#ifndef TOOLSTACK_BUILDER_KERNEL_H
#define TOOLSTACK_BUILDER_KERNEL_H

#include <stddef.h>
#include <xen-core/libelf.h>
#include "decompress.h"

struct pv_kernel {
	const unsigned char *elf;	/* a plain ELF image, or NULL */
	size_t len;
	const unsigned char *payload;	/* a bzImage's compressed ELF */
	size_t payload_len;
	struct xen_elf_info info;
};

/*
 * Check image[0..len) is a 64-bit PV kernel we can boot and describe it.
 * Returns 0, or -1 with the reason in err.
 */
int pv_kernel_parse(const void *image, size_t len, struct pv_kernel *k,
		    char *err, size_t errlen);
/*
 * The same, for an image that never changes: the last one described is
 * remembered, and describing it again costs nothing (a bzImage's
 * description decompresses ~20 MB of it).
 */
int pv_kernel_parse_immutable(const void *image, size_t len,
			      struct pv_kernel *k, char *err, size_t errlen);

/*
 * Copy the loadable segments into 'dst', the kernel's first page on,
 * already zeroed (virt_kend - virt_kstart bytes).  Returns 0, or -1 with
 * the reason in err (a compressed image that turns out corrupt).
 */
int pv_kernel_load(const struct pv_kernel *k, unsigned char *dst,
		   char *err, size_t errlen);

/*
 * kernel_headers.c: parse the ELF at the start of a compressed stream
 * (headers and notes only, decompressing no further than the notes).
 */
int pv_kernel_parse_stream(const void *payload, size_t len,
			   struct xen_elf_info *info, char *err,
			   size_t errlen);

/* The decoders' limits for kernel payloads (Linux's xz uses 32 MiB). */
extern const struct decompress_limits pv_kernel_limits;

#endif
