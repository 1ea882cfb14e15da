/*
 * Host-side test of the \_S5 scanner (toolstack-domain/acpi/s5.c).
 *
 *	acpi_s5_test [DSDT-FILE...]
 *
 * Each file is a real DSDT as QEMU builds it (tests/tools/dump-dsdt.py
 * writes them at test time).  QEMU's piix4 and ich9 power management both
 * switch off on SLP_TYP 0, and both DSDTs declare Package(4){0,0,0,0}
 * (checked with iasl -d).  Synthetic tables cover each AML encoding and
 * malformed input.  Every table sits in a buffer of exactly its length,
 * so ASan reports any read past the end.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "read_file.h"
#include "../../toolstack-domain/acpi/s5.h"

#define HEADER_LEN 36
#define CHECKSUM_OFFSET 9

/* Bytes of AML */
#define AML(...) ((const uint8_t[]){ __VA_ARGS__ })
#define AML_LEN(...) sizeof((const uint8_t[]){ __VA_ARGS__ })
#define S5_NAME '_', 'S', '5', '_'

/* Recompute the checksum byte so the whole table sums to zero. */
static void fix_checksum(uint8_t *table, size_t len)
{
	uint8_t sum = 0;

	table[CHECKSUM_OFFSET] = 0;
	for (size_t i = 0; i < len; i++)
		sum += table[i];
	table[CHECKSUM_OFFSET] = (uint8_t)-sum;
}

static void set_length(uint8_t *table, uint32_t len)
{
	for (int i = 0; i < 4; i++)
		table[4 + i] = (uint8_t)(len >> (8 * i));
}

/* A DSDT of header + body in a malloc'd buffer of exactly its size. */
static uint8_t *make_dsdt(const uint8_t *body, size_t body_len)
{
	size_t len = HEADER_LEN + body_len;
	uint8_t *table = calloc(1, len);

	if (!table) {
		perror("calloc");
		exit(2);
	}
	memcpy(table, "DSDT", 4);
	set_length(table, (uint32_t)len);
	table[8] = 2;				/* revision */
	memcpy(table + 10, "OURS  ", 6);	/* OEM id */
	if (body_len)
		memcpy(table + HEADER_LEN, body, body_len);
	fix_checksum(table, len);
	return table;
}

/* acpi_find_s5 over header + body: its result, and the values if 0. */
static int scan(const uint8_t *body, size_t body_len, uint8_t *a, uint8_t *b)
{
	uint8_t *table = make_dsdt(body, body_len);
	int rc = acpi_find_s5(table, HEADER_LEN + body_len, a, b);

	free(table);
	return rc;
}

#define CHECK_S5(expect_a, expect_b, ...)				\
	do {								\
		uint8_t a_ = 0xaa, b_ = 0xbb;				\
		CHECK_EQ(scan(AML(__VA_ARGS__), AML_LEN(__VA_ARGS__),	\
			      &a_, &b_), 0);				\
		CHECK_EQ(a_, expect_a);					\
		CHECK_EQ(b_, expect_b);					\
	} while (0)

#define CHECK_S5_ERROR(err, ...)					\
	do {								\
		uint8_t a_, b_;						\
		CHECK_EQ(scan(AML(__VA_ARGS__), AML_LEN(__VA_ARGS__),	\
			      &a_, &b_), err);				\
	} while (0)

static void test_names(void)
{
	/* Name(_S5, Package(4){5, 6, 0, 0}) */
	CHECK_S5(5, 6, 0x08, S5_NAME, 0x12, 0x08, 0x04,
		 0x0a, 5, 0x0a, 6, 0x00, 0x00);
	/* Name(\_S5, ...) */
	CHECK_S5(5, 6, 0x08, '\\', S5_NAME, 0x12, 0x08, 0x04,
		 0x0a, 5, 0x0a, 6, 0x00, 0x00);
	/* Name(^^_S5, ...) */
	CHECK_S5(5, 6, 0x08, '^', '^', S5_NAME, 0x12, 0x08, 0x04,
		 0x0a, 5, 0x0a, 6, 0x00, 0x00);
	/* Scope(\) { Name(_S3, Package(){1, 1}) Name(_S5, ...) } */
	CHECK_S5(7, 7, 0x10, 0x18, '\\',
		 0x08, '_', 'S', '3', '_', 0x12, 0x04, 0x02, 0x01, 0x01,
		 0x08, S5_NAME, 0x12, 0x06, 0x02, 0x0a, 7, 0x0a, 7);
	/* Name(\_SB._S5, ...) names another object: DualNamePrefix */
	CHECK_S5_ERROR(-ENOENT, 0x08, '\\', 0x2e, '_', 'S', 'B', '_', S5_NAME,
		       0x12, 0x04, 0x02, 0x00, 0x00);
}

static void test_integer_encodings(void)
{
	/* Zero, One */
	CHECK_S5(0, 1, 0x08, S5_NAME, 0x12, 0x04, 0x02, 0x00, 0x01);
	/* Ones: truncated to 8 bits as ACPICA does */
	CHECK_S5(0xff, 0, 0x08, S5_NAME, 0x12, 0x04, 0x02, 0xff, 0x00);
	/* WordConst, DWordConst: low byte */
	CHECK_S5(0x07, 0x34, 0x08, S5_NAME, 0x12, 0x0a, 0x02,
		 0x0b, 0x07, 0x00, 0x0c, 0x34, 0x12, 0x00, 0x00);
	/* QWordConst */
	CHECK_S5(0x05, 0x06, 0x08, S5_NAME, 0x12, 0x14, 0x02,
		 0x0e, 5, 0, 0, 0, 0, 0, 0, 0x80,
		 0x0e, 6, 0, 0, 0, 0, 0, 0, 0);
	/* One element: SLP_TYPa in byte 0, SLP_TYPb in byte 1 */
	CHECK_S5(0x05, 0x07, 0x08, S5_NAME, 0x12, 0x07, 0x01,
		 0x0c, 0x05, 0x07, 0x00, 0x00);
	/* A String is not an integer */
	CHECK_S5_ERROR(-EINVAL, 0x08, S5_NAME, 0x12, 0x06, 0x02,
		       0x0d, 'x', 0x00, 0x00);
	/* NumElements 0, though elements follow */
	CHECK_S5_ERROR(-EINVAL, 0x08, S5_NAME, 0x12, 0x06, 0x00,
		       0x0a, 5, 0x0a, 6);
	/* NumElements 2, one element encoded */
	CHECK_S5_ERROR(-EINVAL, 0x08, S5_NAME, 0x12, 0x03, 0x02, 0x00);
}

/*
 * Name(_S5, Package(2){2, 2}) followed by ZeroOps up to 'size' bytes of
 * elements, its PkgLength encoded in 'pkglen_bytes' bytes and claiming
 * 'overshoot' bytes more than there are.
 */
static int scan_pkg_length(unsigned int pkglen_bytes, uint32_t size,
			   uint32_t overshoot, uint8_t *a, uint8_t *b)
{
	size_t body_len = 1 + 4 + 1 + pkglen_bytes + 1 + size;
	uint32_t pkglen = pkglen_bytes + 1 + size + overshoot;
	uint8_t *body = calloc(1, body_len), *p = body;
	int rc;

	if (!body) {
		perror("calloc");
		exit(2);
	}
	*p++ = 0x08;
	memcpy(p, "_S5_", 4);
	p += 4;
	*p++ = 0x12;
	if (pkglen_bytes == 1) {
		*p++ = (uint8_t)pkglen;
	} else {
		*p++ = (uint8_t)((pkglen_bytes - 1) << 6 | (pkglen & 0x0f));
		for (unsigned int i = 1; i < pkglen_bytes; i++)
			*p++ = (uint8_t)(pkglen >> (4 + 8 * (i - 1)));
	}
	*p++ = 2;				/* NumElements */
	memcpy(p, AML(0x0a, 0x02, 0x0a, 0x02), 4);
	rc = scan(body, body_len, a, b);
	free(body);
	return rc;
}

static void check_pkg_length(unsigned int pkglen_bytes, uint32_t size)
{
	uint8_t a = 0, b = 0;

	CHECK_EQ(scan_pkg_length(pkglen_bytes, size, 0, &a, &b), 0);
	CHECK_EQ(a, 2);
	CHECK_EQ(b, 2);
	/* One byte more than the table holds */
	CHECK_EQ(scan_pkg_length(pkglen_bytes, size, 1, &a, &b), -EINVAL);
}

static void test_pkg_length(void)
{
	check_pkg_length(1, 61);	/* 63: largest one-byte PkgLength */
	check_pkg_length(2, 200);	/* 203 */
	check_pkg_length(3, 5000);	/* 5007 */
	check_pkg_length(4, 1100000);	/* 1100007, over 2^20 */
	check_pkg_length(2, 4);		/* not minimal, still valid */
	check_pkg_length(4, 4);
	/* Reserved bits 5-4 of a multi-byte lead byte: ignored */
	CHECK_S5(5, 6, 0x08, S5_NAME, 0x12, 0x77, 0x00, 0x02,
		 0x0a, 5, 0x0a, 6);
	/* PkgLength shorter than its own encoding */
	CHECK_S5_ERROR(-EINVAL, 0x08, S5_NAME, 0x12, 0x41, 0x00,
		       0x02, 0x00, 0x00);
	/* PkgLength too short for the elements it must hold */
	CHECK_S5_ERROR(-EINVAL, 0x08, S5_NAME, 0x12, 0x03, 0x02, 0x00, 0x00);
	/* PkgLength ending inside a DWordConst */
	CHECK_S5_ERROR(-EINVAL, 0x08, S5_NAME, 0x12, 0x05, 0x02,
		       0x0c, 0x05, 0x00, 0x00, 0x00, 0x0a, 0x06);
}

static void test_absent(void)
{
	CHECK_S5_ERROR(-ENOENT);
	/* Name(_S4, Package(){2, 2}) */
	CHECK_S5_ERROR(-ENOENT, 0x08, '_', 'S', '4', '_', 0x12, 0x06, 0x02,
		       0x0a, 0x02, 0x0a, 0x02);
	/* Store(0x08, _S5_): the bytes 08 '_S5_' without a package */
	CHECK_S5_ERROR(-ENOENT, 0x70, 0x0a, 0x08, S5_NAME, 0x00);
}

/* Data that looks like a name first, then the real one. */
static void test_false_match_skipped(void)
{
	/* Buffer(){08 '_S5_' 12 3f}, then Name(_S5, Package(){3, 4}) */
	CHECK_S5(3, 4, 0x11, 0x0a, 0x0a, 0x07, 0x08, S5_NAME, 0x12, 0x3f,
		 0x08, S5_NAME, 0x12, 0x06, 0x02, 0x0a, 3, 0x0a, 4);
}

static void test_header(void)
{
	const uint8_t body[] = { 0x08, S5_NAME, 0x12, 0x04, 0x02, 0x00, 0x00 };
	size_t len = HEADER_LEN + sizeof(body);
	uint8_t *table = make_dsdt(body, sizeof(body)), a, b;
	uint8_t mapping[HEADER_LEN + sizeof(body) + 8] = { 0 };

	CHECK_EQ(acpi_find_s5(table, len, &a, &b), 0);
	/* More readable bytes than the table is fine (the header says where
	 * it ends); fewer is not. */
	memcpy(mapping, table, len);
	CHECK_EQ(acpi_find_s5(mapping, sizeof(mapping), &a, &b), 0);
	CHECK_EQ(acpi_find_s5(table, len - 1, &a, &b), -EINVAL);
	CHECK_EQ(acpi_find_s5(table, HEADER_LEN - 1, &a, &b), -EINVAL);
	CHECK_EQ(acpi_find_s5(table, 0, &a, &b), -EINVAL);
	CHECK_EQ(acpi_find_s5(NULL, len, &a, &b), -EINVAL);
	CHECK_EQ(acpi_find_s5(table, len, NULL, &b), -EINVAL);

	table[CHECKSUM_OFFSET]++;
	CHECK_EQ(acpi_find_s5(table, len, &a, &b), -EINVAL);

	memcpy(table, "SSDT", 4);
	fix_checksum(table, len);
	CHECK_EQ(acpi_find_s5(table, len, &a, &b), 0);
	memcpy(table, "FACP", 4);
	fix_checksum(table, len);
	CHECK_EQ(acpi_find_s5(table, len, &a, &b), -EINVAL);
	memcpy(table, "DSDT", 4);

	set_length(table, HEADER_LEN - 1);
	fix_checksum(table, len);
	CHECK_EQ(acpi_find_s5(table, len, &a, &b), -EINVAL);
	set_length(table, 0xffffffff);
	fix_checksum(table, len);
	CHECK_EQ(acpi_find_s5(table, len, &a, &b), -EINVAL);
	free(table);
}

/*
 * Cut 'table' (header length and checksum fixed up) at every length from
 * the bare header to its full size, in a buffer of exactly that size.
 * Each cut must fail cleanly or yield the full table's values, and once a
 * cut succeeds every longer one must.  Returns the shortest length that
 * succeeds.
 */
static size_t check_every_cut(const char *what, const uint8_t *full,
			      size_t full_len)
{
	size_t first_found = 0;
	uint8_t a0, b0, a, b;

	CHECK_EQ(acpi_find_s5(full, full_len, &a0, &b0), 0);
	for (size_t len = HEADER_LEN; len <= full_len; len++) {
		uint8_t *cut = malloc(len);
		int rc;

		if (!cut) {
			perror("malloc");
			exit(2);
		}
		memcpy(cut, full, len);
		set_length(cut, (uint32_t)len);
		fix_checksum(cut, len);
		rc = acpi_find_s5(cut, len, &a, &b);
		free(cut);
		if (rc == 0 && (a != a0 || b != b0)) {
			fprintf(stderr, "%s cut at %zu: values %u/%u\n",
				what, len, a, b);
			check_failures++;
		} else if (rc != 0 && rc != -ENOENT && rc != -EINVAL) {
			fprintf(stderr, "%s cut at %zu: rc %d\n", what, len, rc);
			check_failures++;
		} else if (first_found && rc) {
			fprintf(stderr, "%s cut at %zu: lost _S5 (rc %d)\n",
				what, len, rc);
			check_failures++;
		}
		if (!rc && !first_found)
			first_found = len;
	}
	return first_found;
}

/* Every cut inside the package must fail; the whole table succeeds. */
static void test_truncation(void)
{
	const uint8_t body[] = { 0x08, S5_NAME, 0x12, 0x0c, 0x04,
				 0x0c, 0x05, 0x00, 0x00, 0x00,
				 0x0b, 0x06, 0x00, 0x00, 0x00 };
	uint8_t *full = make_dsdt(body, sizeof(body)), a, b;
	size_t full_len = HEADER_LEN + sizeof(body);

	CHECK_EQ(check_every_cut("synthetic", full, full_len), full_len);
	CHECK_EQ(acpi_find_s5(full, full_len, &a, &b), 0);
	CHECK_EQ(a, 5);
	CHECK_EQ(b, 6);
	free(full);
}

/* Flip bytes at pseudo-random places (checksum fixed up): no crash. */
static void fuzz(const uint8_t *table, size_t len)
{
	uint8_t *copy = malloc(len), a, b;
	uint32_t seed = 1;

	if (!copy) {
		perror("malloc");
		exit(2);
	}
	for (int round = 0; round < 2000; round++) {
		memcpy(copy, table, len);
		for (int i = 0; i < 8; i++) {
			seed = seed * 1103515245 + 12345;
			copy[HEADER_LEN + (seed >> 8) % (len - HEADER_LEN)] ^=
				(uint8_t)(seed >> 24 | 1);
		}
		fix_checksum(copy, len);
		acpi_find_s5(copy, len, &a, &b);
	}
	free(copy);
}

static void test_real_dsdt(const char *path)
{
	size_t len;
	uint8_t *table = read_whole_file(path, &len), a = 0xaa, b = 0xbb;

	CHECK_EQ(acpi_find_s5(table, len, &a, &b), 0);
	CHECK_EQ(a, 0);
	CHECK_EQ(b, 0);
	printf("%s: %zu bytes, \\_S5 SLP_TYPa=%u SLP_TYPb=%u\n", path, len,
	       a, b);
	if (len > HEADER_LEN) {
		CHECK(check_every_cut(path, table, len) != 0);
		fuzz(table, len);
	}
	free(table);
}

int main(int argc, char **argv)
{
	test_names();
	test_integer_encodings();
	test_pkg_length();
	test_absent();
	test_false_match_skipped();
	test_header();
	test_truncation();
	for (int i = 1; i < argc; i++)
		test_real_dsdt(argv[i]);
	return check_summary(argv[0]);
}
