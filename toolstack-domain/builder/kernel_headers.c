/*
 * The ELF headers and Xen notes of a compressed kernel, read from the
 * start of its decompressed stream (see kernel.h).  The sink keeps the
 * first page (ELF header and program headers) and the PT_NOTE
 * segment's bytes, and stops the decoder once it has them: Linux's
 * notes lie ~20 MB into its 53-66 MB vmlinux.
 *
 * libelf then parses a view made of these bytes only: the notes moved
 * right after the first page, and the loadable segments without file
 * bytes (their extents in memory are what the layout needs).  Their
 * real file extents are put back from the original headers afterwards;
 * pv_kernel_load() checks the stream really holds them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "kernel.h"

#define HEAD_BYTES	4096
#define MAX_NOTES	(64 * 1024)
#define PT_LOAD		1
#define PT_NOTE		4
#define HEADERS_DONE	(-ECANCELED)	/* our sink's "stop", not an error */

struct phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

struct headers {
	uint64_t pos;			/* stream offset of the next byte */
	unsigned char view[HEAD_BYTES + MAX_NOTES];
	uint16_t phnum;
	struct phdr *ph;		/* inside view, once the head is in */
	struct phdr orig[HEAD_BYTES / sizeof(struct phdr)];
	int note;			/* index of the PT_NOTE kept, or -1 */
	uint64_t note_off, note_len;	/* in the stream */
	const char *why;		/* headers we cannot use */
};

/* Copy the part of data (at stream offset 'from') in [off, off + len). */
static void keep(unsigned char *dst, uint64_t off, uint64_t len,
		 const unsigned char *data, uint64_t from, uint64_t n)
{
	uint64_t start = from > off ? from : off;
	uint64_t end = from + n < off + len ? from + n : off + len;

	if (start < end)
		memcpy(dst + (start - off), data + (start - from), end - start);
}

/* The head is in: find the program headers and the notes. */
static int read_program_headers(struct headers *h)
{
	uint64_t phoff, size;

	if (memcmp(h->view, "\177ELF", 4) || h->view[4] != 2) {
		h->why = "the payload is not a 64-bit ELF image";
		return -EINVAL;
	}
	memcpy(&phoff, h->view + 32, sizeof(phoff));	/* e_phoff */
	memcpy(&h->phnum, h->view + 56, sizeof(h->phnum));	/* e_phnum */
	size = (uint64_t)h->phnum * sizeof(struct phdr);
	if (phoff > HEAD_BYTES || size > HEAD_BYTES - phoff || phoff % 8) {
		h->why = "program headers beyond the first page";
		return -EINVAL;
	}
	h->ph = (struct phdr *)(h->view + phoff);
	for (unsigned int i = 0; i < h->phnum && h->note < 0; i++) {
		if (h->ph[i].p_type != PT_NOTE)
			continue;
		if (h->ph[i].p_filesz > MAX_NOTES) {
			h->why = "the notes segment is too large";
			return -EINVAL;
		}
		h->note = i;
		h->note_off = h->ph[i].p_offset;
		h->note_len = h->ph[i].p_filesz;
	}
	return 0;
}

static int keep_headers(void *ctx, const void *data, size_t len)
{
	struct headers *h = ctx;
	uint64_t from = h->pos;
	int rc;

	h->pos += len;
	if (!h->ph) {
		keep(h->view, 0, HEAD_BYTES, data, from, len);
		if (h->pos < HEAD_BYTES)
			return 0;
		rc = read_program_headers(h);
		if (rc)
			return rc;
	}
	keep(h->view + HEAD_BYTES, h->note_off, h->note_len, data, from, len);
	return h->pos >= h->note_off + h->note_len ? HEADERS_DONE : 0;
}

/*
 * Point the kept notes at their copy (other note segments are dropped)
 * and strip the loadable segments of file bytes; returns the real file
 * extents' problem, if any.
 */
static const char *make_view(struct headers *h)
{
	for (unsigned int i = 0; i < h->phnum; i++) {
		struct phdr *p = &h->ph[i];

		h->orig[i] = *p;
		if (p->p_type == PT_NOTE) {
			p->p_offset = HEAD_BYTES;
			p->p_filesz = (int)i == h->note ? h->note_len : 0;
		} else if (p->p_type == PT_LOAD) {
			if (p->p_filesz > p->p_memsz ||
			    p->p_offset + p->p_filesz < p->p_offset)
				return "loadable segment with bad file extent";
			p->p_offset = 0;
			p->p_filesz = 0;
		}
	}
	return NULL;
}

/* libelf listed the PT_LOADs with memory, in order: give back their bytes. */
static void restore_file_extents(const struct phdr *orig, unsigned int phnum,
				 struct xen_elf_info *info)
{
	unsigned int seg = 0;

	for (unsigned int i = 0; i < phnum && seg < info->nr_seg; i++) {
		if (orig[i].p_type != PT_LOAD || !orig[i].p_memsz)
			continue;
		info->seg[seg].offset = orig[i].p_offset;
		info->seg[seg].filesz = orig[i].p_filesz;
		seg++;
	}
}

static int parse_view(struct headers *h, struct xen_elf_info *info,
		      char *err, size_t errlen)
{
	const char *why = make_view(h);

	if (!why && elf_parse_pv_kernel(h->view, HEAD_BYTES + h->note_len,
					info, &why) == 0) {
		restore_file_extents(h->orig, h->phnum, info);
		return 0;
	}
	snprintf(err, errlen, "not a PV kernel: %s", why);
	return -1;
}

int pv_kernel_parse_stream(const void *payload, size_t len,
			   struct xen_elf_info *info, char *err,
			   size_t errlen)
{
	struct headers *h = calloc(1, sizeof(*h));
	struct decompress_result r;
	int rc;

	if (!h) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	h->note = -1;
	rc = decompress(payload, len, &pv_kernel_limits, keep_headers, h, &r);
	if (rc == HEADERS_DONE)
		rc = parse_view(h, info, err, errlen);
	else if (rc == 0 || h->why)
		snprintf(err, errlen, "compressed kernel: %s",
			 h->why ? h->why : "the ELF image ends before its notes");
	else
		snprintf(err, errlen, "decompressing the kernel: %s", r.error);
	free(h);
	return rc ? -1 : 0;
}
