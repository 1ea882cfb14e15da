/*
 * Host-side test of the bzImage payload finder
 * (toolstack-domain/builder/bzimage.c) and, on Debian's real kernels,
 * of the whole path the domain builder takes: payload, decompression,
 * an ELF vmlinux with Xen's notes.
 *
 *	bzimage_test [VMLINUZ...]
 *
 * The kernels (xz and LZ4 payloads) are fetched at test time by
 * mk/fetch-kernels.sh.  Their output is streamed through a sink
 * that keeps only the ELF header, program headers and the notes, as the
 * builder will stream into guest memory.
 */
#define _GNU_SOURCE	/* memmem */
#include <elf.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "read_file.h"
#include "../../toolstack-domain/builder/bzimage.h"
#include "../../toolstack-domain/builder/decompress.h"
#include "../../toolstack-domain/builder/kernel.h"

#define IMAGE_LEN 0x3000

static void put_le(uint8_t *p, uint32_t v, int bytes)
{
	for (int i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

/* A bzImage header: 2 setup sectors, payload at 0x600 + 0x100. */
static uint8_t *make_image(size_t len)
{
	uint8_t *img = calloc(1, len);

	if (!img)
		exit(2);
	img[0x1f1] = 2;
	memcpy(img + 0x202, "HdrS", 4);
	put_le(img + 0x206, 0x020f, 2);
	put_le(img + 0x248, 0x100, 4);
	put_le(img + 0x24c, 0x800, 4);
	return img;
}

static int find(const uint8_t *img, size_t len, struct bzimage_payload *p)
{
	const char *why = NULL;
	int rc = bzimage_find_payload(img, len, p, &why);

	if (rc)
		CHECK(why != NULL);
	return rc;
}

static void check_headers(void)
{
	struct bzimage_payload p;
	uint8_t *img = make_image(IMAGE_LEN);

	CHECK_EQ(find(img, IMAGE_LEN, &p), 0);
	CHECK_EQ(p.offset, 0x700);
	CHECK_EQ(p.length, 0x800);
	CHECK_EQ(p.protocol, 0x020f);

	img[0x1f1] = 0;			/* 0 setup sectors means 4 */
	CHECK_EQ(find(img, IMAGE_LEN, &p), 0);
	CHECK_EQ(p.offset, 0xb00);
	img[0x1f1] = 2;

	put_le(img + 0x24c, IMAGE_LEN - 0x700, 4);	/* to the very end */
	CHECK_EQ(find(img, IMAGE_LEN, &p), 0);
	put_le(img + 0x24c, IMAGE_LEN - 0x6ff, 4);	/* one byte past */
	CHECK_EQ(find(img, IMAGE_LEN, &p), -EINVAL);
	put_le(img + 0x248, 0xffffffff, 4);
	put_le(img + 0x24c, 0xffffffff, 4);
	CHECK_EQ(find(img, IMAGE_LEN, &p), -EINVAL);
	put_le(img + 0x248, 0x100, 4);
	put_le(img + 0x24c, 0, 4);
	CHECK_EQ(find(img, IMAGE_LEN, &p), -EINVAL);
	put_le(img + 0x24c, 0x800, 4);

	put_le(img + 0x206, 0x0207, 2);
	CHECK_EQ(find(img, IMAGE_LEN, &p), -EINVAL);
	put_le(img + 0x206, 0x020f, 2);

	memcpy(img + 0x202, "HdrZ", 4);
	CHECK_EQ(find(img, IMAGE_LEN, &p), -ENOEXEC);
	free(img);

	/* Every truncation, each in a buffer of exactly its size. */
	for (size_t len = 0; len < IMAGE_LEN; len++) {
		uint8_t *full = make_image(IMAGE_LEN);
		uint8_t *cut = malloc(len ? len : 1);

		memcpy(cut, full, len);
		CHECK(find(cut, len, &p) == (len < 0x250 ? -ENOEXEC : -EINVAL) ||
		      len >= 0xf00);
		free(cut);
		free(full);
	}
}

/* The sink: keeps the first page (ELF and program headers) and the
 * first PT_NOTE segment's bytes as they stream by. */
struct elf_probe {
	uint64_t pos;
	uint8_t head[4096];
	int parsed;
	uint64_t note_off, note_len;	/* note_len 0: none found */
	uint8_t notes[65536];
};

static void copy_overlap(uint8_t *dst, uint64_t dst_off, uint64_t dst_len,
			 const uint8_t *src, uint64_t src_off, uint64_t src_len)
{
	uint64_t start = dst_off > src_off ? dst_off : src_off;
	uint64_t end_d = dst_off + dst_len, end_s = src_off + src_len;
	uint64_t end = end_d < end_s ? end_d : end_s;

	if (start < end)
		memcpy(dst + (start - dst_off), src + (start - src_off),
		       end - start);
}

static void find_note_segment(struct elf_probe *e)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)e->head;

	e->parsed = 1;
	CHECK(!memcmp(eh->e_ident, ELFMAG, SELFMAG));
	CHECK_EQ(eh->e_ident[EI_CLASS], ELFCLASS64);
	CHECK_EQ(eh->e_machine, EM_X86_64);
	CHECK_EQ(eh->e_phentsize, sizeof(Elf64_Phdr));
	if (eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr) >
	    sizeof(e->head))
		return;
	for (int i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = (const Elf64_Phdr *)
			(e->head + eh->e_phoff) + i;

		if (ph->p_type == PT_NOTE && ph->p_filesz <= sizeof(e->notes)) {
			e->note_off = ph->p_offset;
			e->note_len = ph->p_filesz;
			return;
		}
	}
}

static int probe_elf(void *ctx, const void *data, size_t len)
{
	struct elf_probe *e = ctx;

	copy_overlap(e->head, 0, sizeof(e->head), data, e->pos, len);
	e->pos += len;
	if (!e->parsed && e->pos >= sizeof(e->head))
		find_note_segment(e);
	if (e->note_len)
		copy_overlap(e->notes, e->note_off, e->note_len, data,
			     e->pos - len, len);
	return 0;
}

/* How many notes named "Xen"; *entry gets XEN_ELFNOTE_ENTRY (1). */
static int count_xen_notes(const struct elf_probe *e, uint64_t *entry)
{
	uint64_t off = 0;
	int found = 0;

	while (off + 12 <= e->note_len) {
		const uint32_t *n = (const uint32_t *)(e->notes + off);
		uint64_t name = (n[0] + 3) & ~3u, desc = (n[1] + 3) & ~3u;

		if (n[0] == 4 && !memcmp(e->notes + off + 12, "Xen", 4)) {
			found++;
			if (n[2] == 1 && n[1] == 8)
				memcpy(entry, e->notes + off + 12 + name, 8);
		}
		off += 12 + name + desc;
	}
	return found;
}

static void check_same_description(const struct pv_kernel *k,
				   const struct pv_kernel *fresh)
{
	CHECK(k->payload == fresh->payload);
	CHECK_EQ(k->payload_len, fresh->payload_len);
	CHECK_EQ(k->info.entry, fresh->info.entry);
	CHECK_EQ(k->info.virt_kend, fresh->info.virt_kend);
	CHECK_EQ(k->info.nr_seg, fresh->info.nr_seg);
	CHECK(memcmp(k->info.seg, fresh->info.seg, sizeof(k->info.seg)) == 0);
}

/* Described twice as an immutable image: the same, the second time free. */
static void check_remembered_description(uint8_t *img, size_t len,
					 const struct pv_kernel *fresh)
{
	struct pv_kernel k;
	char err[160] = "";

	CHECK_EQ(pv_kernel_parse_immutable(img, len, &k, err, sizeof(err)), 0);
	check_same_description(&k, fresh);
	CHECK_EQ(pv_kernel_parse_immutable(img, len, &k, err, sizeof(err)), 0);
	check_same_description(&k, fresh);
	/* Another length is another image: described afresh, refused. */
	CHECK_EQ(pv_kernel_parse_immutable(img, 100, &k, err, sizeof(err)), -1);
}

/*
 * The builder's path: headers from the start of the stream, then the
 * segments streamed into a buffer standing for the guest's memory; the
 * notes segment must land where its paddr says.
 */
static void check_builder_load(uint8_t *img, size_t len,
			       const struct elf_probe *probe, uint64_t entry)
{
	struct pv_kernel k;
	char err[160] = "";
	uint8_t *mem;
	uint64_t size;

	CHECK_EQ(pv_kernel_parse(img, len, &k, err, sizeof(err)), 0);
	if (err[0])
		fprintf(stderr, "pv_kernel_parse: %s\n", err);
	check_remembered_description(img, len, &k);
	CHECK_EQ(k.info.entry, entry);
	CHECK_EQ(k.info.virt_base, 0xffffffff80000000ULL);
	CHECK(k.info.mod_start_pfn);
	CHECK(k.info.nr_seg >= 4);
	size = k.info.virt_kend - k.info.virt_kstart;
	CHECK(size < (256 << 20));
	mem = calloc(1, size);
	CHECK_EQ(pv_kernel_load(&k, mem, err, sizeof(err)), 0);
	CHECK(memmem(mem, size, probe->notes, probe->note_len) != NULL);
	/* A payload cut after its notes parses, then fails to load. */
	k.payload_len = k.payload_len * 3 / 4;
	CHECK_EQ(pv_kernel_load(&k, mem, err, sizeof(err)), -1);
	CHECK(strstr(err, "decompressing the kernel") != NULL);
	free(mem);
}

static void check_kernel(const char *path)
{
	static const struct decompress_limits limits = {
		.max_output = 256 << 20, .max_memory = 64 << 20,
	};
	static struct elf_probe probe, scratch;
	struct decompress_result r;
	struct bzimage_payload p;
	uint64_t entry = 0;
	size_t len;
	uint8_t *img = read_whole_file(path, &len);

	memset(&probe, 0, sizeof(probe));
	memset(&scratch, 0, sizeof(scratch));

	CHECK_EQ(find(img, len, &p), 0);
	CHECK(p.protocol >= 0x0208);
	CHECK_EQ(decompress(img + p.offset, p.length, &limits, probe_elf,
			    &probe, &r), 0);
	if (r.error[0])
		fprintf(stderr, "%s: %s\n", path, r.error);
	CHECK(r.format == DECOMPRESS_XZ || r.format == DECOMPRESS_LZ4_LEGACY);
	CHECK(probe.note_len > 0);
	CHECK(count_xen_notes(&probe, &entry) >= 10);
	CHECK((entry >> 32) == 0xffffffff);	/* startup_xen's VA */
	printf("%s: %s payload of %zu bytes -> %llu bytes of ELF,"
	       " PV entry %#llx\n", path, decompress_format_name(r.format),
	       p.length, (unsigned long long)r.output_len,
	       (unsigned long long)entry);

	check_builder_load(img, (size_t)len, &probe, entry);
	/* A truncated and a corrupted payload fail cleanly. */
	CHECK_EQ(decompress(img + p.offset, p.length / 2, &limits, probe_elf,
			    &scratch, &r), -EINVAL);
	img[p.offset + p.length / 3] ^= 0xff;
	img[p.offset + p.length / 3 + 1] ^= 0xff;
	CHECK(decompress(img + p.offset, p.length, &limits, probe_elf,
			 &scratch, &r) < 0 ||
	      r.format == DECOMPRESS_LZ4_LEGACY);	/* no checksum */
	free(img);
}

int main(int argc, char **argv)
{
	check_headers();
	for (int i = 1; i < argc; i++)
		check_kernel(argv[i]);
	return check_summary(argv[0]);
}
