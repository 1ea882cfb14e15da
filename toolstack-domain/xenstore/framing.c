/*
 * Framing: cut a byte stream (a ring delivers bytes, a message may wrap
 * or arrive in pieces) into whole messages.  The header says how long
 * the payload is; a header announcing more than XENSTORE_PAYLOAD_MAX is
 * a protocol violation (Xen then stops serving the ring).
 */
#include <string.h>
#include "internal.h"

#define HDR_LEN sizeof(struct xsd_sockmsg)

void xs_framer_reset(struct xs_framer *f)
{
	f->used = 0;
}

static size_t payload_len(const struct xs_framer *f)
{
	struct xsd_sockmsg hdr;

	memcpy(&hdr, f->buf, HDR_LEN);
	return hdr.len;
}

/* Bytes still missing: of the header, or of header and payload. */
static size_t wanted(const struct xs_framer *f)
{
	if (f->used < HDR_LEN)
		return HDR_LEN - f->used;
	return HDR_LEN + payload_len(f) - f->used;
}

enum xs_frame_status xs_framer_feed(struct xs_framer *f, const void *data,
				    size_t len, size_t *consumed)
{
	size_t n;

	*consumed = 0;
	for (;;) {
		if (f->used >= HDR_LEN && payload_len(f) > XENSTORE_PAYLOAD_MAX)
			return XS_FRAME_BAD;
		n = wanted(f);
		if (n == 0)
			return XS_FRAME_READY;
		if (len == 0)
			return XS_FRAME_MORE;
		if (n > len)
			n = len;
		memcpy(f->buf + f->used, (const char *)data + *consumed, n);
		f->used += n;
		*consumed += n;
		len -= n;
	}
}

const void *xs_framer_msg(const struct xs_framer *f)
{
	return f->buf;
}

size_t xs_framer_msg_len(const struct xs_framer *f)
{
	return f->used;
}
