/*
 * Guest kernel images (see kernel.h).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "bzimage.h"
#include "kernel.h"

const struct decompress_limits pv_kernel_limits = {
	.max_output = 512ULL << 20,	/* Debian's vmlinux: 53-66 MB */
	.max_memory = 48 << 20,
};

/* Where the stream's bytes go: segment by segment, at their load VA. */
struct loader {
	const struct xen_elf_info *info;
	unsigned char *dst;	/* virt_kstart */
	uint64_t pos;		/* stream offset of the next byte */
};

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* A sink (decompress.h): the parts of data[] inside a segment's file bytes. */
static int load_piece(void *ctx, const void *data, size_t len)
{
	struct loader *l = ctx;
	const struct xen_elf_info *ki = l->info;
	/* Xen loads at paddr + VIRT_BASE - PADDR_OFFSET, never at p_vaddr. */
	uint64_t shift = ki->virt_base - ki->paddr_offset;
	uint64_t from = l->pos, to = l->pos + len;

	for (unsigned int i = 0; i < ki->nr_seg; i++) {
		const struct elf_segment *s = &ki->seg[i];
		uint64_t start = from > s->offset ? from : s->offset;
		uint64_t end = min64(to, s->offset + s->filesz);

		if (start < end)
			memcpy(l->dst + (s->paddr + shift - ki->virt_kstart) +
			       (start - s->offset),
			       (const unsigned char *)data + (start - from),
			       end - start);
	}
	l->pos = to;
	return 0;
}

/* The stream ended before a segment's last file byte? */
static const char *missing_bytes(const struct loader *l)
{
	for (unsigned int i = 0; i < l->info->nr_seg; i++)
		if (l->info->seg[i].offset + l->info->seg[i].filesz > l->pos)
			return "the decompressed kernel ends inside a segment";
	return NULL;
}

int pv_kernel_load(const struct pv_kernel *k, unsigned char *dst,
		   char *err, size_t errlen)
{
	struct loader l = { .info = &k->info, .dst = dst };
	struct decompress_result r;
	const char *why;
	int rc;

	if (k->elf) {
		/* libelf checked every segment lies inside the file. */
		load_piece(&l, k->elf, k->len);
		return 0;
	}
	rc = decompress(k->payload, k->payload_len, &pv_kernel_limits,
			load_piece, &l, &r);
	if (rc) {
		snprintf(err, errlen, "decompressing the kernel: %s", r.error);
		return -1;
	}
	why = missing_bytes(&l);
	if (why) {
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	return 0;
}

int pv_kernel_parse(const void *image, size_t len, struct pv_kernel *k,
		    char *err, size_t errlen)
{
	struct bzimage_payload p;
	const char *why;

	int rc;

	memset(k, 0, sizeof(*k));
	rc = bzimage_find_payload(image, len, &p, &why);
	if (rc == 0) {
		k->payload = (const unsigned char *)image + p.offset;
		k->payload_len = p.length;
		return pv_kernel_parse_stream(k->payload, k->payload_len,
					      &k->info, err, errlen);
	}
	if (rc != -ENOEXEC) {
		snprintf(err, errlen, "bad bzImage: %s", why);
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

static struct {
	const void *image;
	size_t len;
	struct pv_kernel kernel;
} last_described;

int pv_kernel_parse_immutable(const void *image, size_t len,
			      struct pv_kernel *k, char *err, size_t errlen)
{
	if (last_described.image == image && last_described.len == len) {
		*k = last_described.kernel;
		return 0;
	}
	if (pv_kernel_parse(image, len, k, err, errlen))
		return -1;
	last_described.image = image;
	last_described.len = len;
	last_described.kernel = *k;
	return 0;
}
