/*
 * The bzImage setup header (Linux's Documentation/x86/boot.rst): the
 * real-mode setup code takes setup_sects 512-byte sectors after the boot
 * sector, and the protected-mode part follows it; payload_offset is
 * relative to that part.
 */
#include <errno.h>
#include <stdint.h>

#include "bzimage.h"

#define SETUP_SECTS	0x1f1	/* u8; 0 means 4 */
#define HEADER_MAGIC	0x202	/* "HdrS" */
#define PROTOCOL	0x206	/* u16 */
#define PAYLOAD_OFFSET	0x248	/* u32, protocol 2.08+ */
#define PAYLOAD_LENGTH	0x24c	/* u32 */
#define HEADER_END	0x250

#define SECTOR		512
#define MIN_PROTOCOL	0x0208

static uint32_t get_le(const uint8_t *p, int bytes)
{
	uint32_t v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

int bzimage_find_payload(const void *image, size_t len,
			 struct bzimage_payload *payload, const char **why)
{
	const uint8_t *hdr = image;
	size_t setup_sects, start, offset, length;

	if (len < HEADER_END || get_le(hdr + HEADER_MAGIC, 4) != 0x53726448) {
		*why = "no bzImage setup header";
		return -ENOEXEC;
	}
	payload->protocol = (uint16_t)get_le(hdr + PROTOCOL, 2);
	if (payload->protocol < MIN_PROTOCOL) {
		*why = "boot protocol older than 2.08 has no payload fields";
		return -EINVAL;
	}
	setup_sects = hdr[SETUP_SECTS] ? hdr[SETUP_SECTS] : 4;
	start = (setup_sects + 1) * SECTOR;
	offset = get_le(hdr + PAYLOAD_OFFSET, 4);
	length = get_le(hdr + PAYLOAD_LENGTH, 4);
	if (start > len || offset > len - start ||
	    length > len - start - offset || length == 0) {
		*why = "payload outside the image";
		return -EINVAL;
	}
	payload->offset = start + offset;
	payload->length = length;
	return 0;
}
