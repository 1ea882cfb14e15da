# libext2fs, the library debugfs and fuse2fs are built on, compiled from
# Debian's e2fsprogs source package for the toolstack domain's host
# filesystem, with com_err (lib/et) which it reports errors through.
#
#   make -f toolstack-domain/hostfs/libext2fs.mk O=<dir> SRC=<dir> \
#	CC=<compiler> LIBS_CFLAGS="<flags>"
#
# fetches e2fsprogs into SRC once (mk/fetch-source.sh), generates what
# its configure and make would (ext2_types.h from its template, the error
# tables with its own awk scripts, the CRC32c table with its own
# generator, run on the host) and produces
#   <O>/libext2fs.a
#   <O>/include/   ext2fs/*.h, et/com_err.h
# Its I/O managers for files and devices are left out: the toolstack
# domain brings its own, over MiniOS's block devices.

ROOT := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/../..)
O ?= $(ROOT)/build/libext2fs
SRC ?= $(ROOT)/build/src
override O := $(abspath $(O))
override SRC := $(abspath $(SRC))
LIBS_CFLAGS ?= -O2 -g
HOSTCC ?= gcc
E2 := $(SRC)/e2fsprogs

EXT2FS_SRCS := $(addprefix lib/ext2fs/, alloc.c alloc_sb.c alloc_stats.c \
	alloc_tables.c atexit.c badblocks.c bb_inode.c bitmaps.c bitops.c \
	blkmap64_ba.c blkmap64_rb.c blknum.c block.c bmap.c check_desc.c \
	closefs.c crc16.c crc32c.c csum.c dblist.c dblist_dir.c dirblock.c \
	dirhash.c dir_iterate.c expanddir.c ext_attr.c extent.c fallocate.c \
	fileio.c freefs.c gen_bitmap.c gen_bitmap64.c get_num_dirs.c \
	get_pathname.c hashmap.c i_block.c icount.c ind_block.c \
	initialize.c inline.c inline_data.c inode.c io_manager.c link.c \
	lookup.c mkdir.c mkjournal.c mmp.c ismounted.c namei.c native.c newdir.c nls_utf8.c \
	openfs.c orphan.c progress.c punch.c read_bb.c res_gdt.c \
	rw_bitmaps.c sha512.c swapfs.c symlink.c unlink.c valid_blk.c \
	version.c rbtree.c)
ET_SRCS := $(addprefix lib/et/, error_message.c et_name.c init_et.c com_err.c)
GENERATED := $(O)/gen/ext2_err.c
OBJS := $(patsubst %.c,$(O)/%.o,$(EXT2FS_SRCS) $(ET_SRCS)) $(O)/gen/ext2_err.o
HEADERS := $(O)/include/ext2fs/ext2_types.h $(O)/include/ext2fs/ext2_err.h \
	$(O)/include/ext2fs/crc32c_table.h $(O)/include/.linked
CFLAGS := $(LIBS_CFLAGS) -I$(ROOT)/toolstack-domain/hostfs/e2fs-config \
	-I$(O)/include -I$(O)/include/ext2fs -I$(E2)/lib -DHAVE_CONFIG_H \
	-Ulinux -U__linux -U__linux__

.PHONY: all
all: $(O)/libext2fs.a

$(O)/libext2fs.a: $(OBJS)
	rm -f $@
	$(AR) rcs $@ $^

$(O)/%.o: $(E2)/.unpacked $(HEADERS)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -w -c $(E2)/$*.c -o $@

$(O)/gen/ext2_err.o: $(O)/gen/ext2_err.c $(HEADERS)
	$(CC) $(CFLAGS) -w -c $< -o $@

$(E2)/.unpacked:
	$(ROOT)/mk/fetch-source.sh e2fsprogs $(E2)

# The headers as <ext2fs/...> and <et/...> name them.
$(O)/include/.linked: $(E2)/.unpacked
	mkdir -p $(O)/include/ext2fs $(O)/include/et
	for h in $(E2)/lib/ext2fs/*.h; do ln -sf $$h $(O)/include/ext2fs/; done
	ln -sf $(E2)/lib/et/com_err.h $(O)/include/et/
	touch $@

$(O)/include/ext2fs/ext2_types.h: $(E2)/.unpacked
	@mkdir -p $(dir $@)
	sed -e 's/@ASM_TYPES_HEADER@//' -e 's/@SIZEOF_SHORT@/2/' \
		-e 's/@SIZEOF_INT@/4/' -e 's/@SIZEOF_LONG@/8/' \
		-e 's/@SIZEOF_LONG_LONG@/8/' \
		-e 's/@PUBLIC_CONFIG_HEADER@//' \
		$(E2)/lib/ext2fs/ext2_types.h.in > $@

# compile_et's work: its awk scripts turn the error table into C.
$(O)/include/ext2fs/ext2_err.h $(O)/gen/ext2_err.c: $(E2)/.unpacked
	mkdir -p $(O)/gen $(O)/include/ext2fs
	sed 's/@E2FSPROGS_VERSION@/1.47/' $(E2)/lib/ext2fs/ext2_err.et.in \
		> $(O)/gen/ext2_err.et
	cd $(O)/gen && awk -f $(E2)/lib/et/et_h.awk outfile=ext2_err.h \
		outfn=ext2_err.h ext2_err.et && \
		awk -f $(E2)/lib/et/et_c.awk outfile=ext2_err.c \
		outfn=ext2_err.c ext2_err.et
	cp $(O)/gen/ext2_err.h $(O)/include/ext2fs/ext2_err.h

$(O)/include/ext2fs/crc32c_table.h: $(E2)/.unpacked
	@mkdir -p $(O)/gen $(dir $@)
	$(HOSTCC) -I$(E2)/lib/ext2fs -o $(O)/gen/gen_crc32ctable \
		$(E2)/lib/ext2fs/gen_crc32ctable.c
	$(O)/gen/gen_crc32ctable > $@
