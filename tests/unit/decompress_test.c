/*
 * Host-side test of the payload decompressor
 * (toolstack-domain/builder/decompress.c).
 *
 *	decompress_test DIR
 *
 * DIR holds a sample and its gzip, xz, LZ4-legacy and zstd forms made at
 * test time by tests/tools/make-compressed.sh, some with Linux's length
 * trailer.  Every input sits in a buffer of exactly its size, so ASan
 * reports any read past the end; truncations, flipped bytes and random
 * bytes must fail cleanly.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "read_file.h"
#include "../../toolstack-domain/builder/decompress.h"

struct blob {
	uint8_t *data;
	size_t len;
};

static void *xmalloc(size_t len)
{
	void *p = malloc(len ? len : 1);

	if (!p) {
		perror("malloc");
		exit(2);
	}
	return p;
}

static struct blob read_blob(const char *dir, const char *name)
{
	char path[4096];
	struct blob b;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	b.data = read_whole_file(path, &b.len);
	return b;
}

/* A copy of the first 'len' bytes of 'src' (+ 'extra'), exactly sized. */
static struct blob copy_blob(const struct blob *src, size_t len,
			     const void *extra, size_t extra_len)
{
	struct blob b = { xmalloc(len + extra_len), len + extra_len };

	memcpy(b.data, src->data, len);
	if (extra_len)
		memcpy(b.data + len, extra, extra_len);
	return b;
}

/* The sink: collects the output, checks piece sizes, may refuse. */
struct collector {
	uint8_t *data;
	size_t len, cap;
	size_t max_piece;
	int refuse_after;	/* pieces accepted before -EIO; -1 never */
	int pieces;
};

static int collect(void *ctx, const void *data, size_t len)
{
	struct collector *c = ctx;

	CHECK(len > 0 && len <= c->max_piece);
	if (c->refuse_after >= 0 && c->pieces >= c->refuse_after)
		return -EIO;
	c->pieces++;
	if (c->len + len > c->cap) {
		c->cap = (c->len + len) * 2;
		c->data = realloc(c->data, c->cap);
		if (!c->data)
			exit(2);
	}
	memcpy(c->data + c->len, data, len);
	c->len += len;
	return 0;
}

static const struct decompress_limits generous = {
	.max_output = 1 << 30, .max_memory = 64 << 20,
};

static struct blob sample;

/* Decompress 'in' with 'limits'; the output is left in *c. */
static int run(const struct blob *in, const struct decompress_limits *limits,
	       struct collector *c, struct decompress_result *r)
{
	int rc;

	*c = (struct collector){ .refuse_after = -1, .max_piece = 8 << 20 };
	if (decompress_detect(in->data, in->len) != DECOMPRESS_LZ4_LEGACY)
		c->max_piece = DECOMPRESS_PIECE;
	rc = decompress(in->data, in->len, limits, collect, c, r);
	CHECK(rc <= 0);
	if (rc)
		CHECK(r->error[0] != '\0');
	else
		CHECK_EQ(r->output_len, c->len);
	return rc;
}

static int run_and_free(const struct blob *in,
			const struct decompress_limits *limits,
			struct decompress_result *r)
{
	struct collector c;
	int rc = run(in, limits, &c, r);

	free(c.data);
	return rc;
}

static void check_gives_sample(const struct blob *in,
			       enum decompress_format format)
{
	struct decompress_result r;
	struct collector c;

	CHECK_EQ(run(in, &generous, &c, &r), 0);
	CHECK_EQ(r.format, format);
	CHECK_EQ(c.len, sample.len);
	CHECK(c.len == sample.len && !memcmp(c.data, sample.data, c.len));
	free(c.data);
}

/* Every cut must fail; the first and last 300 bytes byte by byte. */
static void check_truncations(const struct blob *in, size_t valid_cut)
{
	struct decompress_result r;

	for (size_t cut = 0; cut < in->len;
	     cut += (cut < 300 || in->len - cut < 300) ? 1 : 499) {
		struct blob b = copy_blob(in, cut, NULL, 0);
		int rc = run_and_free(&b, &generous, &r);

		if (cut == valid_cut)
			CHECK_EQ(rc, 0);
		else if (rc == 0)
			fprintf(stderr, "%s cut at %zu accepted\n",
				decompress_format_name(r.format), cut);
		if (cut != valid_cut)
			CHECK(rc < 0);
		free(b.data);
	}
}

/* Flipped bytes: formats with a checksum must notice; none may crash. */
static void check_corruption(const struct blob *in, int has_checksum)
{
	struct decompress_result r;

	for (size_t i = 1; i < 16; i++) {
		struct blob b = copy_blob(in, in->len, NULL, 0);
		size_t at = 16 + (b.len - 32) * i / 16;
		int rc;

		b.data[at] ^= 0x55;
		rc = run_and_free(&b, &generous, &r);
		if (has_checksum)
			CHECK_EQ(rc, -EINVAL);
		free(b.data);
	}
}

/* Random bytes after each magic: anything but a crash. */
static void check_random(void)
{
	static const char *magics[] = {
		"\x1f\x8b", "\xfd" "7zXZ", "\x02\x21\x4c\x18", "\x28\xb5\x2f\xfd",
	};
	struct decompress_result r;

	srand(1);
	for (int round = 0; round < 400; round++) {
		size_t len = (size_t)(rand() % 600) + 6;
		struct blob b = { xmalloc(len), len };
		const char *magic = magics[round % 4];

		for (size_t i = 0; i < len; i++)
			b.data[i] = (uint8_t)rand();
		memcpy(b.data, magic, strlen(magic) + (round % 4 == 1));
		run_and_free(&b, &generous, &r);
		free(b.data);
	}
}

static void check_trailers(const struct blob *sized)
{
	struct decompress_result r;
	struct blob b = copy_blob(sized, sized->len, NULL, 0);

	b.data[b.len - 1] ^= 1;
	CHECK_EQ(run_and_free(&b, &generous, &r), -EINVAL);
	CHECK(strstr(r.error, "appended length") != NULL);
	free(b.data);
	b = copy_blob(sized, sized->len, "x", 1);
	CHECK_EQ(run_and_free(&b, &generous, &r), -EINVAL);
	free(b.data);
}

static void check_limits(const struct blob *in, size_t small_memory)
{
	struct decompress_limits tight = generous;
	struct decompress_result r;
	struct collector c;

	tight.max_output = sample.len;
	CHECK_EQ(run_and_free(in, &tight, &r), 0);
	tight.max_output = sample.len - 1;
	CHECK_EQ(run_and_free(in, &tight, &r), -EFBIG);
	CHECK(strstr(r.error, "limit") != NULL);

	tight = generous;
	tight.max_memory = small_memory;
	if (small_memory)	/* gzip's 32 KiB window has no limit */
		CHECK_EQ(run_and_free(in, &tight, &r), -ENOMEM);

	c = (struct collector){ .refuse_after = 0, .max_piece = 8 << 20 };
	CHECK_EQ(decompress(in->data, in->len, &generous, collect, &c, &r),
		 -EIO);
	free(c.data);
}

static void check_format(const char *dir, const char *name,
			 enum decompress_format format, int has_checksum,
			 size_t small_memory)
{
	char sized_name[64];
	struct blob in = read_blob(dir, name), sized;

	snprintf(sized_name, sizeof(sized_name), "%s.sized", name);
	check_gives_sample(&in, format);
	check_truncations(&in, format == DECOMPRESS_LZ4_LEGACY ? 4 : SIZE_MAX);
	check_corruption(&in, has_checksum);
	check_limits(&in, small_memory);
	if (format != DECOMPRESS_GZIP) {
		sized = read_blob(dir, sized_name);
		check_gives_sample(&sized, format);
		check_trailers(&sized);
		free(sized.data);
	}
	free(in.data);
}

/* Two legacy frames back to back make one stream. */
static void check_lz4_concatenated(const char *dir)
{
	struct blob in = read_blob(dir, "sample.lz4");
	struct blob twice = copy_blob(&in, in.len, in.data, in.len);
	struct decompress_result r;
	struct collector c;

	CHECK_EQ(run(&twice, &generous, &c, &r), 0);
	CHECK_EQ(c.len, 2 * sample.len);
	CHECK(c.len == 2 * sample.len &&
	      !memcmp(c.data + sample.len, sample.data, sample.len));
	free(c.data);
	free(twice.data);
	free(in.data);
}

static void check_unsupported(void)
{
	struct blob b = { (uint8_t *)"BZh91AY&SY", 10 };
	struct decompress_result r;

	CHECK_EQ(run_and_free(&b, &generous, &r), -ENOTSUP);
	CHECK_EQ(r.format, DECOMPRESS_BZIP2);
	CHECK(!strcmp(r.error, "bzip2: not supported"));
	b = (struct blob){ (uint8_t *)"hello", 5 };
	CHECK_EQ(run_and_free(&b, &generous, &r), -ENOTSUP);
	CHECK_EQ(r.format, DECOMPRESS_UNKNOWN);
	b.len = 0;
	CHECK_EQ(run_and_free(&b, &generous, &r), -ENOTSUP);
	CHECK_EQ(decompress_detect("\x5d\x00\x00", 3), DECOMPRESS_LZMA);
	CHECK_EQ(decompress_detect("\x89LZO", 4), DECOMPRESS_LZO);
	CHECK_EQ(decompress_detect("\x1f", 1), DECOMPRESS_UNKNOWN);
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	sample = read_blob(argv[1], "sample");
	check_format(argv[1], "sample.gz", DECOMPRESS_GZIP, 1, 0);
	check_format(argv[1], "sample.xz", DECOMPRESS_XZ, 1, 64 << 10);
	check_format(argv[1], "sample.lz4", DECOMPRESS_LZ4_LEGACY, 0, 1 << 20);
	check_format(argv[1], "sample.zst", DECOMPRESS_ZSTD, 1, 64 << 10);
	check_lz4_concatenated(argv[1]);
	check_random();
	check_unsupported();
	free(sample.data);
	return check_summary(argv[0]);
}
