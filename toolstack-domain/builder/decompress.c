/*
 * Stream decompression of kernel payloads with the compression
 * libraries' own decoders: each decoder writes into a small piece buffer
 * that is handed to the caller's sink when full.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZLIB_CONST
#include <lz4.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include "decompress.h"

/* LZ4 legacy frames (lz4 -l, Linux's CONFIG_KERNEL_LZ4): the magic, then
 * blocks, each a 32-bit little-endian compressed size and an LZ4 block
 * of at most 8 MiB of output.  The magic again starts a new frame. */
#define LZ4_LEGACY_MAGIC 0x184c2102u
#define LZ4_LEGACY_BLOCK (8u << 20)

/* The length Linux appends after the compressed stream. */
#define SIZE_TRAILER 4

struct job {
	const uint8_t *in;
	size_t len;
	size_t used;			/* input consumed by the decoder */
	const struct decompress_limits *limits;
	decompress_sink *sink;
	void *ctx;
	struct decompress_result *result;
};

static int fail(struct job *job, int err, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct job *job, int err, const char *fmt, ...)
{
	struct decompress_result *r = job->result;
	int n = snprintf(r->error, sizeof(r->error), "%s: ",
			 decompress_format_name(r->format));
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->error + n, sizeof(r->error) - n, fmt, ap);
	va_end(ap);
	return err;
}

static uint32_t get_le32(const uint8_t *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Hand 'n' bytes of output to the sink, within the output limit. */
static int emit(struct job *job, const void *data, size_t n)
{
	struct decompress_result *r = job->result;
	int rc;

	if (!n)
		return 0;
	if (n > job->limits->max_output - r->output_len)
		return fail(job, -EFBIG, "output exceeds the limit of %" PRIu64
			    " bytes", job->limits->max_output);
	rc = job->sink(job->ctx, data, n);
	if (rc)
		return fail(job, rc < 0 ? rc : -EIO,
			    "output refused after %" PRIu64 " bytes",
			    r->output_len);
	r->output_len += n;
	return 0;
}

/* What may follow the stream: nothing, or Linux's copy of the length. */
static int check_trailer(struct job *job)
{
	size_t left = job->len - job->used;

	if (left == 0)
		return 0;
	if (left == SIZE_TRAILER &&
	    get_le32(job->in + job->used) == (uint32_t)job->result->output_len)
		return 0;
	if (left == SIZE_TRAILER)
		return fail(job, -EINVAL, "the appended length %" PRIu32
			    " is not the output's %" PRIu64,
			    get_le32(job->in + job->used),
			    job->result->output_len);
	return fail(job, -EINVAL, "%zu bytes of trailing data", left);
}

static int gunzip(struct job *job, uint8_t *piece)
{
	z_stream z = { .next_in = job->in, .avail_in = (uInt)job->len };
	int rc, zrc;

	if (job->len > UINT_MAX)
		return fail(job, -EFBIG, "input over 4 GiB");
	/* 16 + 15: a gzip wrapper, windows up to 32 KiB */
	zrc = inflateInit2(&z, 16 + MAX_WBITS);
	if (zrc != Z_OK)
		return fail(job, -ENOMEM, "cannot set up the decoder");
	do {
		z.next_out = piece;
		z.avail_out = DECOMPRESS_PIECE;
		zrc = inflate(&z, Z_NO_FLUSH);
		rc = emit(job, piece, DECOMPRESS_PIECE - z.avail_out);
		if (rc)
			break;
		if (zrc == Z_BUF_ERROR && z.avail_in == 0)
			rc = fail(job, -EINVAL, "truncated");
		else if (zrc == Z_MEM_ERROR)
			rc = fail(job, -ENOMEM, "out of memory");
		else if (zrc != Z_OK && zrc != Z_STREAM_END)
			rc = fail(job, -EINVAL, "corrupt data (%s)",
				  z.msg ? z.msg : "no detail");
	} while (!rc && zrc != Z_STREAM_END);
	job->used = job->len - z.avail_in;
	inflateEnd(&z);
	return rc;
}

static int xz_error(struct job *job, lzma_ret lrc, const lzma_stream *s)
{
	switch (lrc) {
	case LZMA_MEMLIMIT_ERROR:
		return fail(job, -ENOMEM, "needs %" PRIu64 " bytes of memory,"
			    " over the limit of %zu", lzma_memusage(s),
			    job->limits->max_memory);
	case LZMA_MEM_ERROR:
		return fail(job, -ENOMEM, "out of memory");
	case LZMA_BUF_ERROR:
		return fail(job, -EINVAL, "truncated");
	case LZMA_OPTIONS_ERROR:
		return fail(job, -EINVAL, "unsupported options or filters");
	default:
		return fail(job, -EINVAL, "corrupt data (liblzma error %d)",
			    (int)lrc);
	}
}

static int unxz(struct job *job, uint8_t *piece)
{
	lzma_stream s = LZMA_STREAM_INIT;
	lzma_ret lrc;
	int rc = 0;

	/* One stream: what follows it is checked by check_trailer(). */
	lrc = lzma_stream_decoder(&s, job->limits->max_memory, 0);
	if (lrc != LZMA_OK)
		return xz_error(job, lrc, &s);
	s.next_in = job->in;
	s.avail_in = job->len;
	do {
		s.next_out = piece;
		s.avail_out = DECOMPRESS_PIECE;
		lrc = lzma_code(&s, LZMA_FINISH);
		rc = emit(job, piece, DECOMPRESS_PIECE - s.avail_out);
		if (!rc && lrc != LZMA_OK && lrc != LZMA_STREAM_END)
			rc = xz_error(job, lrc, &s);
	} while (!rc && lrc != LZMA_STREAM_END);
	job->used = job->len - s.avail_in;
	lzma_end(&s);
	return rc;
}

/* The largest window log zstd accepts whose window fits in 'bytes'. */
static int window_log_within(size_t bytes)
{
	ZSTD_bounds range = ZSTD_dParam_getBounds(ZSTD_d_windowLogMax);
	int log = range.lowerBound;

	while (log < range.upperBound && ((size_t)2 << log) <= bytes)
		log++;
	return log;
}

static int zstd_error(struct job *job, size_t zrc)
{
	if (ZSTD_getErrorCode(zrc) == ZSTD_error_frameParameter_windowTooLarge)
		return fail(job, -ENOMEM, "window over the memory limit of %zu"
			    " bytes", job->limits->max_memory);
	if (ZSTD_getErrorCode(zrc) == ZSTD_error_memory_allocation)
		return fail(job, -ENOMEM, "out of memory");
	return fail(job, -EINVAL, "corrupt data (%s)", ZSTD_getErrorName(zrc));
}

static int unzstd(struct job *job, uint8_t *piece)
{
	ZSTD_DCtx *dctx = ZSTD_createDCtx();
	ZSTD_inBuffer in = { job->in, job->len, 0 };
	ZSTD_outBuffer out = { piece, DECOMPRESS_PIECE, 0 };
	size_t zrc;
	int rc = 0;

	if (!dctx)
		return fail(job, -ENOMEM, "out of memory");
	zrc = ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax,
				     window_log_within(job->limits->max_memory));
	if (ZSTD_isError(zrc))
		rc = zstd_error(job, zrc);
	while (!rc) {
		out.pos = 0;
		zrc = ZSTD_decompressStream(dctx, &out, &in);
		if (ZSTD_isError(zrc)) {
			rc = zstd_error(job, zrc);
			break;
		}
		rc = emit(job, piece, out.pos);
		if (zrc == 0)
			break;		/* the frame is complete */
		/* All output flushed and all input taken: it wants more. */
		if (!rc && in.pos == in.size && out.pos < out.size)
			rc = fail(job, -EINVAL, "truncated");
	}
	job->used = in.pos;
	ZSTD_freeDCtx(dctx);
	return rc;
}

/* One block at in[pos..pos+4+size), into 'block'. */
static int unlz4_block(struct job *job, size_t pos, uint8_t *block)
{
	uint32_t size = get_le32(job->in + pos);
	int n;

	if (size > (uint32_t)LZ4_compressBound(LZ4_LEGACY_BLOCK))
		return fail(job, -EINVAL, "block of %" PRIu32 " bytes at"
			    " offset %zu is too large", size, pos);
	if (size > job->len - pos - 4)
		return fail(job, -EINVAL, "truncated");
	n = LZ4_decompress_safe((const char *)job->in + pos + 4,
				(char *)block, (int)size, LZ4_LEGACY_BLOCK);
	if (n < 0)
		return fail(job, -EINVAL, "corrupt block at offset %zu", pos);
	job->used = pos + 4 + size;
	return emit(job, block, (size_t)n);
}

static int unlz4_legacy(struct job *job)
{
	uint8_t *block;
	int rc = 0;

	if (job->limits->max_memory < LZ4_LEGACY_BLOCK)
		return fail(job, -ENOMEM, "needs %u bytes for a block, over"
			    " the memory limit", LZ4_LEGACY_BLOCK);
	block = malloc(LZ4_LEGACY_BLOCK);
	if (!block)
		return fail(job, -ENOMEM, "out of memory");
	job->used = 4;
	/* Exactly 4 bytes left are the end: the length Linux appends. */
	while (!rc && job->len - job->used > SIZE_TRAILER) {
		if (get_le32(job->in + job->used) == LZ4_LEGACY_MAGIC)
			job->used += 4;
		else
			rc = unlz4_block(job, job->used, block);
	}
	free(block);
	if (!rc && job->len - job->used < SIZE_TRAILER && job->used < job->len)
		rc = fail(job, -EINVAL, "truncated");
	return rc;
}

static const struct format {
	enum decompress_format format;
	const char *name;
	const char *magic;
	size_t magic_len;
} formats[] = {
	{ DECOMPRESS_GZIP, "gzip", "\x1f\x8b", 2 },
	{ DECOMPRESS_XZ, "xz", "\xfd" "7zXZ\0", 6 },
	{ DECOMPRESS_LZ4_LEGACY, "lz4 legacy", "\x02\x21\x4c\x18", 4 },
	{ DECOMPRESS_ZSTD, "zstd", "\x28\xb5\x2f\xfd", 4 },
	{ DECOMPRESS_BZIP2, "bzip2", "BZh", 3 },
	{ DECOMPRESS_LZMA, "lzma", "\x5d\x00", 2 },
	{ DECOMPRESS_LZO, "lzo", "\x89LZO", 4 },
};

#define NR_FORMATS (sizeof(formats) / sizeof(formats[0]))

enum decompress_format decompress_detect(const void *data, size_t len)
{
	for (size_t i = 0; i < NR_FORMATS; i++)
		if (len >= formats[i].magic_len &&
		    !memcmp(data, formats[i].magic, formats[i].magic_len))
			return formats[i].format;
	return DECOMPRESS_UNKNOWN;
}

const char *decompress_format_name(enum decompress_format format)
{
	for (size_t i = 0; i < NR_FORMATS; i++)
		if (formats[i].format == format)
			return formats[i].name;
	return "unknown format";
}

/* Run the format's decoder; those with a stream end leave job->used. */
static int run_decoder(struct job *job)
{
	uint8_t *piece;
	int rc;

	switch (job->result->format) {
	case DECOMPRESS_LZ4_LEGACY:
		return unlz4_legacy(job);
	case DECOMPRESS_GZIP:
	case DECOMPRESS_XZ:
	case DECOMPRESS_ZSTD:
		break;
	default:
		return fail(job, -ENOTSUP, "not supported");
	}
	piece = malloc(DECOMPRESS_PIECE);
	if (!piece)
		return fail(job, -ENOMEM, "out of memory");
	if (job->result->format == DECOMPRESS_GZIP)
		rc = gunzip(job, piece);
	else if (job->result->format == DECOMPRESS_XZ)
		rc = unxz(job, piece);
	else
		rc = unzstd(job, piece);
	free(piece);
	return rc;
}

int decompress(const void *in, size_t len,
	       const struct decompress_limits *limits,
	       decompress_sink *sink, void *ctx,
	       struct decompress_result *result)
{
	struct job job = {
		.in = in, .len = len, .limits = limits,
		.sink = sink, .ctx = ctx, .result = result,
	};
	int rc;

	memset(result, 0, sizeof(*result));
	result->format = decompress_detect(in, len);
	rc = run_decoder(&job);
	if (!rc)
		rc = check_trailer(&job);
	return rc;
}
