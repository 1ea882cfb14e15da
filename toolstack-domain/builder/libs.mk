# The decompression libraries of the domain builder, compiled from Debian's
# source packages: liblzma (xz-utils), liblz4 (lz4), zlib and libzstd.
#
#   make -f toolstack-domain/builder/libs.mk O=<dir> SRC=<dir> \
#	CC=<compiler> LIBS_CFLAGS="<flags>"
#
# fetches the source packages into SRC once (mk/fetch-source.sh; SRC is
# shared by every build), compiles only their decoding files with the
# caller's flags (the host's for the unit tests, MiniOS's for the
# toolstack domain) and produces
#   <O>/libdecompressors.a   the four decoders
#   <O>/include/             lzma.h (+ lzma/), lz4.h, zlib.h, zconf.h, zstd.h
# Their own build systems are not run: too slow, and they build far more.

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/../..)
O ?= $(ROOT)/build/decompressors
SRC ?= $(ROOT)/build/src
override O := $(abspath $(O))
override SRC := $(abspath $(SRC))
LIBS_CFLAGS ?= -O2 -g

XZ := $(SRC)/xz-utils
LZ4 := $(SRC)/lz4
ZLIB := $(SRC)/zlib
ZSTD := $(SRC)/libzstd
FETCHED := $(XZ) $(LZ4) $(ZLIB) $(ZSTD)

# xz: the .xz stream decoder, LZMA2 and the x86 BCJ filter (liblzma-config/)
XZ_SRCS := $(addprefix src/liblzma/, \
	common/common.c common/block_decoder.c common/block_header_decoder.c \
	common/block_util.c common/filter_common.c common/filter_decoder.c \
	common/filter_flags_decoder.c common/index_hash.c \
	common/stream_decoder.c common/stream_flags_common.c \
	common/stream_flags_decoder.c common/vli_decoder.c common/vli_size.c \
	check/check.c check/crc32_fast.c check/crc32_table.c \
	check/crc64_fast.c check/crc64_table.c check/sha256.c \
	lz/lz_decoder.c lzma/lzma_decoder.c lzma/lzma2_decoder.c \
	simple/simple_coder.c simple/simple_decoder.c simple/x86.c)
XZ_CFLAGS := -DHAVE_CONFIG_H -DNDEBUG -I$(ROOT)/toolstack-domain/builder/liblzma-config \
	-I$(XZ)/src/common $(addprefix -I$(XZ)/src/liblzma/, \
	api common check delta lz lzma rangecoder simple)

# lz4: the block decoder; the builder reads the legacy framing itself
LZ4_SRCS := lib/lz4.c
LZ4_CFLAGS :=

# zlib: inflate (gzip's framing included)
ZLIB_SRCS := inflate.c inftrees.c inffast.c adler32.c crc32.c zutil.c
ZLIB_CFLAGS :=

# zstd: the decompressor alone, in C (no assembly), no legacy formats
ZSTD_SRCS := $(addprefix lib/, common/entropy_common.c \
	common/error_private.c common/fse_decompress.c common/xxhash.c \
	common/zstd_common.c decompress/huf_decompress.c \
	decompress/zstd_ddict.c decompress/zstd_decompress.c \
	decompress/zstd_decompress_block.c)
ZSTD_CFLAGS := -DZSTD_DISABLE_ASM -DZSTD_LEGACY_SUPPORT=0 -DDEBUGLEVEL=0

# objects(name, dir): object files of $(name_SRCS) under <O>/name/
objects = $(patsubst %.c,$(O)/$(1)/%.o,$($(1)_SRCS))
OBJS := $(call objects,XZ) $(call objects,LZ4) $(call objects,ZLIB) \
	$(call objects,ZSTD)

HEADERS := $(addprefix $(O)/include/, lzma.h lz4.h zlib.h zconf.h zstd.h)

.PHONY: all
all: $(O)/libdecompressors.a $(HEADERS)

$(O)/libdecompressors.a: $(OBJS)
	rm -f $@
	$(AR) rcs $@ $^

# lib_rules(NAME): compile NAME's files from its unpacked source
define lib_rules
$(O)/$(1)/%.o: $$($(1))/.unpacked
	@mkdir -p $$(dir $$@)
	$$(CC) $$(LIBS_CFLAGS) $$($(1)_CFLAGS) -w -c $$($(1))/$$*.c -o $$@
endef
$(foreach lib,XZ LZ4 ZLIB ZSTD,$(eval $(call lib_rules,$(lib))))

$(SRC)/%/.unpacked:
	$(ROOT)/mk/fetch-source.sh $* $(SRC)/$*

$(O)/include/lzma.h: $(XZ)/.unpacked
	@mkdir -p $(dir $@)
	cp -r $(XZ)/src/liblzma/api/lzma.h $(XZ)/src/liblzma/api/lzma $(dir $@)
$(O)/include/lz4.h: $(LZ4)/.unpacked
	@mkdir -p $(dir $@)
	cp $(LZ4)/lib/lz4.h $@
$(O)/include/zlib.h $(O)/include/zconf.h: $(ZLIB)/.unpacked
	@mkdir -p $(dir $@)
	cp $(ZLIB)/$(notdir $@) $@
$(O)/include/zstd.h: $(ZSTD)/.unpacked
	@mkdir -p $(dir $@)
	cp $(ZSTD)/lib/zstd.h $(ZSTD)/lib/zstd_errors.h $(dir $@)
