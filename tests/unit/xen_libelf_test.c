/*
 * xen-core's PV kernel ELF parser: the real probe kernel when its path
 * is given, plus images built here, including hostile ones (every
 * truncation, notes and segments pointing outside the file).
 */
#include <stdlib.h>
#include <string.h>
#include <xen-core/libelf.h>
#include <xen/elfnote.h>
#include "check.h"
#include "read_file.h"

#define IMG_SIZE	8192
#define PHOFF		64
#define NOTE_OFF	1024
#define TEXT_OFF	4096

struct image {
	uint8_t b[IMG_SIZE];
	size_t note_len;
};

static void put16(uint8_t *p, uint16_t v) { memcpy(p, &v, 2); }
static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static void add_note(struct image *img, uint32_t type, const void *desc,
		     uint32_t len)
{
	uint8_t *n = img->b + NOTE_OFF + img->note_len;

	put32(n, 4);
	put32(n + 4, len);
	put32(n + 8, type);
	memcpy(n + 12, "Xen", 4);
	memcpy(n + 16, desc, len);
	img->note_len += 16 + ((len + 3) & ~3u);
}

static void add_note64(struct image *img, uint32_t type, uint64_t v)
{
	add_note(img, type, &v, 8);
}

static void add_note_str(struct image *img, uint32_t type, const char *s)
{
	add_note(img, type, s, strlen(s) + 1);
}

/* A kernel like our probe: one segment at 2 MiB, VIRT_BASE 0. */
static void build(struct image *img)
{
	uint8_t *e = img->b, *ph;

	memset(img, 0, sizeof(*img));
	memcpy(e, "\177ELF", 4);
	e[4] = 2;			/* ELFCLASS64 */
	e[5] = 1;			/* little endian */
	e[6] = 1;
	put16(e + 16, 2);		/* ET_EXEC */
	put16(e + 18, 62);		/* EM_X86_64 */
	put64(e + 24, 0x200000);	/* e_entry */
	put64(e + 32, PHOFF);
	put16(e + 54, 56);		/* e_phentsize */
	put16(e + 56, 2);		/* e_phnum */

	ph = e + PHOFF;			/* PT_LOAD */
	put32(ph, 1);
	put64(ph + 8, TEXT_OFF);
	put64(ph + 16, 0x200000);
	put64(ph + 24, 0x200000);
	put64(ph + 32, 4096);
	put64(ph + 40, 0x10000);

	add_note_str(img, XEN_ELFNOTE_GUEST_OS, "test");
	add_note_str(img, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	add_note64(img, XEN_ELFNOTE_VIRT_BASE, 0);
	add_note64(img, XEN_ELFNOTE_ENTRY, 0x200040);
	add_note_str(img, XEN_ELFNOTE_FEATURES,
		     "!writable_page_tables|pae_pgdir_above_4gb");

	ph = e + PHOFF + 56;		/* PT_NOTE */
	put32(ph, 4);
	put64(ph + 8, NOTE_OFF);
	put64(ph + 32, img->note_len);
}

static void set_note_len(struct image *img)
{
	put64(img->b + PHOFF + 56 + 32, img->note_len);
}

static void test_good_image(void)
{
	struct image img;
	struct xen_elf_info info;
	const char *err = NULL;

	build(&img);
	CHECK_EQ(elf_parse_pv_kernel(img.b, sizeof(img.b), &info, &err), 0);
	CHECK_EQ(info.entry, 0x200040);
	CHECK_EQ(info.virt_kstart, 0x200000);
	CHECK_EQ(info.virt_kend, 0x210000);
	CHECK_EQ(info.nr_seg, 1);
	CHECK(!strcmp(info.guest_os, "test"));
	CHECK(elf_feature_required(&info, "writable_page_tables"));
	CHECK(!elf_feature_required(&info, "pae_pgdir_above_4gb"));
	CHECK(!elf_feature_required(&info, "writable"));
	CHECK(!info.hypercall_page);
}

/* The loader uses paddr + VIRT_BASE - PADDR_OFFSET, never p_vaddr. */
static void test_linux_style_addresses(void)
{
	struct image img;
	struct xen_elf_info info;
	const char *err;

	build(&img);
	img.note_len = 0;
	add_note_str(&img, XEN_ELFNOTE_GUEST_OS, "linux");
	add_note_str(&img, XEN_ELFNOTE_XEN_VERSION, "xen-3.0");
	add_note64(&img, XEN_ELFNOTE_VIRT_BASE, 0xffffffff80000000ULL);
	add_note64(&img, XEN_ELFNOTE_PADDR_OFFSET, 0);
	add_note64(&img, XEN_ELFNOTE_ENTRY, 0xffffffff80200040ULL);
	add_note64(&img, XEN_ELFNOTE_HYPERCALL_PAGE, 0xffffffff80201000ULL);
	add_note64(&img, XEN_ELFNOTE_MOD_START_PFN, 1);
	set_note_len(&img);
	put64(img.b + PHOFF + 16, 0);	/* p_vaddr 0, as Debian's percpu */
	CHECK_EQ(elf_parse_pv_kernel(img.b, sizeof(img.b), &info, &err), 0);
	CHECK_EQ(info.virt_kstart, 0xffffffff80200000ULL);
	CHECK_EQ(info.hypercall_page, 0xffffffff80201000ULL);
	CHECK(info.mod_start_pfn);
}

static void expect_error(struct image *img, size_t len, const char *why)
{
	struct xen_elf_info info;
	const char *err = NULL;

	CHECK_EQ(elf_parse_pv_kernel(img->b, len, &info, &err), -1);
	CHECK(err && strstr(err, why));
	if (!err || !strstr(err, why))
		fprintf(stderr, "  expected '%s', got '%s'\n", why, err);
}

static void test_rejections(void)
{
	struct image img;

	build(&img);
	img.b[4] = 1;
	expect_error(&img, sizeof(img.b), "64-bit");

	build(&img);
	put64(img.b + PHOFF + 8, IMG_SIZE - 100);	/* segment past the end */
	expect_error(&img, sizeof(img.b), "outside the image");

	build(&img);
	put64(img.b + 32, IMG_SIZE);			/* phdrs past the end */
	expect_error(&img, sizeof(img.b), "program headers");

	build(&img);
	img.note_len = 0;
	add_note_str(&img, XEN_ELFNOTE_GUEST_OS, "test");
	add_note_str(&img, XEN_ELFNOTE_XEN_VERSION, "xen-4.0");
	set_note_len(&img);
	expect_error(&img, sizeof(img.b), "xen-3.0");

	build(&img);
	add_note64(&img, XEN_ELFNOTE_ENTRY, 0x100);	/* later note wins */
	set_note_len(&img);
	expect_error(&img, sizeof(img.b), "entry point");

	build(&img);
	put64(img.b + PHOFF + 56, 0);			/* drop PT_NOTE */
	expect_error(&img, sizeof(img.b), "no Xen ELF notes");

	build(&img);
	add_note64(&img, XEN_ELFNOTE_PADDR_OFFSET, 1);
	set_note_len(&img);
	expect_error(&img, sizeof(img.b), "PADDR_OFFSET");
}

/* A note whose size runs past the note segment or the file is ignored. */
static void test_hostile_notes(void)
{
	struct image img;
	struct xen_elf_info info;
	const char *err;

	build(&img);
	put32(img.b + NOTE_OFF + 4, 0xfffffff0);	/* huge descsz */
	CHECK_EQ(elf_parse_pv_kernel(img.b, sizeof(img.b), &info, &err), -1);
	build(&img);
	put64(img.b + PHOFF + 56 + 32, ~0ULL);		/* huge PT_NOTE */
	CHECK_EQ(elf_parse_pv_kernel(img.b, sizeof(img.b), &info, &err), -1);
}

/* Every prefix of a valid image parses or fails cleanly (ASan watches). */
static void test_every_truncation(void)
{
	struct image img;
	struct xen_elf_info info;
	const char *err;
	size_t len;

	build(&img);
	for (len = 0; len < sizeof(img.b); len++) {
		uint8_t *copy = malloc(len ? len : 1);

		memcpy(copy, img.b, len);
		if (elf_parse_pv_kernel(copy, len, &info, &err) == 0)
			CHECK(len >= TEXT_OFF + 4096);
		free(copy);
	}
}

static void test_real_probe(const char *path)
{
	struct xen_elf_info info;
	const char *err = NULL;
	size_t len;
	uint8_t *buf = read_whole_file(path, &len);

	CHECK_EQ(elf_parse_pv_kernel(buf, len, &info, &err), 0);
	if (err)
		fprintf(stderr, "  %s: %s\n", path, err);
	CHECK(!strcmp(info.guest_os, "pvk"));
	CHECK_EQ(info.virt_base, 0);
	CHECK_EQ(info.entry, 0x200000);
	free(buf);
}

int main(int argc, char **argv)
{
	test_good_image();
	test_linux_style_addresses();
	test_rejections();
	test_hostile_notes();
	test_every_truncation();
	if (argc > 1)
		test_real_probe(argv[1]);
	return check_summary(argv[0]);
}
