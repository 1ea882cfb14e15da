/*
 * Our configuration of liblzma (Debian's xz-utils source), in place of the
 * config.h its configure script would write: only the .xz stream decoder
 * with the filters Linux's kernel images use (LZMA2 and the x86 BCJ
 * filter), all three integrity checks, no threads.  See
 * toolstack-domain/builder/libs.mk for the files compiled.
 */
#define HAVE_CHECK_CRC32 1
#define HAVE_CHECK_CRC64 1
#define HAVE_CHECK_SHA256 1
#define HAVE_INTERNAL_SHA256 1

#define HAVE_DECODER_LZMA1 1
#define HAVE_DECODER_LZMA2 1
#define HAVE_DECODER_X86 1

#define HAVE_STDBOOL_H 1
#define HAVE__BOOL 1
#define HAVE_STDINT_H 1
#define HAVE_INTTYPES_H 1
#define SIZEOF_SIZE_T 8

/* x86-64 reads unaligned integers cheaply. */
#define TUKLIB_FAST_UNALIGNED_ACCESS 1
#define TUKLIB_SYMBOL_PREFIX lzma_
