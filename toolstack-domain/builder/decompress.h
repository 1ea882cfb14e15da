/*
 * Decompressing a kernel payload (gzip, xz, LZ4 legacy, zstd) as a
 * stream: the output goes to a caller's sink piece by piece, so a 50 MB
 * kernel is never held in the toolstack's heap.  The decoders are the
 * libraries of Debian's zlib, xz-utils, lz4 and libzstd source packages
 * (toolstack-domain/builder/libs.mk).
 */
#ifndef TOOLSTACK_BUILDER_DECOMPRESS_H
#define TOOLSTACK_BUILDER_DECOMPRESS_H

#include <stddef.h>
#include <stdint.h>

enum decompress_format {
	DECOMPRESS_UNKNOWN,
	DECOMPRESS_GZIP,
	DECOMPRESS_XZ,
	DECOMPRESS_LZ4_LEGACY,
	DECOMPRESS_ZSTD,
	/* Recognised by their magic, so the error can name them: */
	DECOMPRESS_BZIP2,
	DECOMPRESS_LZMA,
	DECOMPRESS_LZO,
};

/*
 * Receives the output in order, 'len' (> 0) bytes at a time, at most
 * DECOMPRESS_PIECE bytes (LZ4: one block, at most 8 MiB).  Returns 0 to
 * go on, or a negative errno that stops decompression and is returned.
 */
typedef int decompress_sink(void *ctx, const void *data, size_t len);

#define DECOMPRESS_PIECE (64 * 1024)

struct decompress_limits {
	uint64_t max_output;	/* bytes; more output fails with -EFBIG */
	/*
	 * The decoder's own working memory, which streaming cannot avoid:
	 * xz's dictionary (32 MiB for Linux kernels), zstd's window, LZ4's
	 * 8 MiB block buffer.  More fails with -ENOMEM.
	 */
	size_t max_memory;
};

struct decompress_result {
	enum decompress_format format;
	uint64_t output_len;	/* bytes given to the sink */
	char error[128];	/* what went wrong, when the call failed */
};

/* The format 'data' starts with, by its magic bytes. */
enum decompress_format decompress_detect(const void *data, size_t len);

/* "gzip", "xz", "lz4 legacy", ... */
const char *decompress_format_name(enum decompress_format format);

/*
 * Decompress the one stream in in[0..len), detected by its magic, into
 * 'sink'.  After the stream's end only a 4-byte little-endian copy of
 * the output length (mod 2^32) may follow, as Linux appends to its
 * compressed images.  Fills *result; returns 0, or a negative errno with
 * result->error saying why: -ENOTSUP (unknown or unsupported format),
 * -EINVAL (corrupt, truncated or trailing data), -EFBIG (output limit),
 * -ENOMEM (memory limit or allocation), or the sink's own error.
 * Never reads outside in[0..len).
 */
int decompress(const void *in, size_t len,
	       const struct decompress_limits *limits,
	       decompress_sink *sink, void *ctx,
	       struct decompress_result *result);

#endif
