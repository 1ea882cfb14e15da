/*
 * Finding the compressed kernel inside a Linux bzImage, as Xen's PV
 * domain builder does: the setup header's payload fields (boot protocol
 * 2.08 and later) point at it.
 */
#ifndef TOOLSTACK_BUILDER_BZIMAGE_H
#define TOOLSTACK_BUILDER_BZIMAGE_H

#include <stddef.h>
#include <stdint.h>

struct bzimage_payload {
	size_t offset;		/* from the start of the image */
	size_t length;		/* compressed stream + Linux's length trailer */
	uint16_t protocol;	/* boot protocol version, e.g. 0x020f */
};

/*
 * Find the payload of the bzImage image[0..len).  Returns 0; -ENOEXEC if
 * the image has no setup header (not a bzImage: try it as an ELF file);
 * -EINVAL if the header is too old (protocol < 2.08) or its payload lies
 * outside the image, with *why saying which.  Never reads outside
 * image[0..len).
 */
int bzimage_find_payload(const void *image, size_t len,
			 struct bzimage_payload *payload, const char **why);

#endif
