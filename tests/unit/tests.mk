# Per-test settings for tests/unit/<name>_test.c.  Every such file is a
# test; one without settings here is built from its own file alone.
#
#   <name>_SRCS   := project sources linked into the test, relative to the
#                    repository root, e.g. toolstack-domain/shell/shell.c
#   <name>_CFLAGS := extra compiler flags for the test and its sources;
#                    write include paths as -I$(ROOT)/...
#   <name>_DATA   := files the test reads, passed as its arguments; give the
#                    rule that makes them here, with outputs under $(O)
#   <name>_LIBS   := static libraries linked into the test, made before its
#                    sources compile (for their headers); give their rule
#   <name>_LDFLAGS := extra linker flags for the test
#
# $(ROOT) is the repository root and $(O) the output directory.

lineedit_SRCS := toolstack-domain/shell/lineedit.c

shell_SRCS := toolstack-domain/shell/shell.c

pagealloc_SRCS := minios/pagealloc.c
pagealloc_CFLAGS := -I$(ROOT)/minios/include

xen_cmdline_SRCS := xen-core/common/cmdline.c xen-core/common/strtoull.c
xen_cmdline_CFLAGS := -I$(ROOT)/xen-core/include

xen_libelf_SRCS := xen-core/common/libelf.c
xen_libelf_CFLAGS := -I$(ROOT)/xen-core/include

acpi_s5_SRCS := toolstack-domain/acpi/s5.c
acpi_s5_DATA := $(O)/dsdt/q35.aml $(O)/dsdt/pc.aml

# QEMU's own DSDTs, dumped at test time: $(O)/dsdt/<machine type>.aml
$(O)/dsdt/%.aml: $(ROOT)/tests/tools/dump-dsdt.py
	@mkdir -p $(dir $@)
	$(PYTHON) $< --qemu $(QEMU) $* $@

# The probe PV kernel, a real image for the ELF-note parser.
xen_libelf_DATA := $(O)/pv-kernels/probe.elf
$(O)/pv-kernels/probe.elf: FORCE
	$(MAKE) -C $(ROOT)/tests/pv-kernels O=$(O)/pv-kernels
.PHONY: FORCE

format_SRCS := lib/format.c
format_CFLAGS := -I$(ROOT)

xen_buddy_SRCS := xen-core/common/buddy.c
xen_buddy_CFLAGS := -I$(ROOT)/xen-core/include

rootfs_SRCS := toolstack-domain/rootfs/cpio.c toolstack-domain/rootfs/rootfs.c
rootfs_CFLAGS := -I$(ROOT)
rootfs_DATA := $(O)/rootfs.cpio
# The archive the build makes, from the same script and test kernels
# (the probe's rule builds them all).
$(O)/rootfs.cpio: $(ROOT)/mk/mkrootfs.sh $(O)/pv-kernels/probe.elf \
		$(wildcard $(ROOT)/rootfs/etc/xen/*)
	$< $@ $(O)/pv-kernels

# The decompression libraries, compiled from Debian's source packages
# (fetched once into build/src) for the host, without sanitizers: they
# are not our code, and the real kernels decompress fast enough.
DECOMPRESSORS := $(O)/decompressors
$(DECOMPRESSORS)/libdecompressors.a: FORCE
	$(MAKE) -f $(ROOT)/toolstack-domain/builder/libs.mk \
		O=$(DECOMPRESSORS) SRC=$(ROOT)/build/src CC=$(HOSTCC)

decompress_SRCS := toolstack-domain/builder/decompress.c
decompress_CFLAGS := -I$(DECOMPRESSORS)/include
decompress_LIBS := $(DECOMPRESSORS)/libdecompressors.a
decompress_DATA := $(O)/compressed

# A sample and its compressed forms, made by the four tools.
$(O)/compressed: $(ROOT)/tests/tools/make-compressed.sh
	$< $@.tmp && rm -rf $@ && mv $@.tmp $@

bzimage_SRCS := toolstack-domain/builder/bzimage.c \
	toolstack-domain/builder/decompress.c \
	toolstack-domain/builder/kernel.c \
	toolstack-domain/builder/kernel_headers.c xen-core/common/libelf.c
bzimage_CFLAGS := -I$(DECOMPRESSORS)/include -I$(ROOT)/xen-core/include
bzimage_LIBS := $(DECOMPRESSORS)/libdecompressors.a
bzimage_DATA := $(O)/kernels/vmlinuz-amd64 $(O)/kernels/vmlinuz-cloud-amd64

# Debian's kernels: xz (amd64) and LZ4 (cloud-amd64) payloads; kept.
$(O)/kernels/vmlinuz-%: $(ROOT)/mk/fetch-kernels.sh
	$< $(dir $@)

xlcfg_SRCS := $(patsubst $(ROOT)/%,%,$(wildcard $(ROOT)/toolstack-domain/xlcfg/*.c))
xlcfg_DATA := $(O)/xen-utils-common/etc/xen
# Debian's example configs (/etc/xen/xlexample.*), unpacked once.
$(O)/xen-utils-common/etc/xen:
	$(ROOT)/mk/fetch-deb.sh $(O)/xen-utils-common xen-utils-common

# xenstored: every test links the whole library.
XENSTORE_SRCS := $(patsubst $(ROOT)/%,%,\
	$(wildcard $(ROOT)/toolstack-domain/xenstore/*.c))
XENSTORE_CFLAGS := -I$(ROOT)/toolstack-domain/xenstore
$(foreach t,xenstore_nodes xenstore_watch xenstore_tx xenstore_framing \
	xenstore_ring,\
	$(eval $(t)_SRCS := $(XENSTORE_SRCS))\
	$(eval $(t)_CFLAGS := $(XENSTORE_CFLAGS)))

builder_layout_SRCS := toolstack-domain/builder/layout.c \
	toolstack-domain/builder/pagetables.c
builder_layout_CFLAGS := -I$(ROOT)

console_ring_SRCS := toolstack-domain/console/ring.c
console_ring_CFLAGS := -I$(ROOT)

# The page-type rules, with xen-core's direct map moved to where a host
# process can map the test's frames.
xen_page_type_SRCS := xen-core/arch/x86/pv/page_type.c tests/unit/xen_machine.c
xen_page_type_CFLAGS := -I$(ROOT)/xen-core/include -I$(ROOT) \
	-DDIRECTMAP_VIRT_START=0x500000000000UL -D__XEN_TOOLS__

# The grant-table rules on the same machine, against the real page-type
# rules.
xen_grant_table_SRCS := xen-core/common/grant_table.c \
	xen-core/arch/x86/pv/page_type.c tests/unit/xen_machine.c
xen_grant_table_CFLAGS := $(xen_page_type_CFLAGS)

# FPU images on the host's CPU, which refuses what TCG accepts; linked at
# a fixed address, since the exception table holds absolute addresses.
xen_fpu_SRCS := xen-core/arch/x86/fpu.c
xen_fpu_CFLAGS := -I$(ROOT)/xen-core/include -I$(ROOT) -D__XEN_TOOLS__
xen_fpu_LDFLAGS := -no-pie

# The page audit on the same machine, against the real page-type rules.
xen_page_audit_SRCS := xen-core/arch/x86/pv/page_audit.c \
	xen-core/arch/x86/pv/page_type.c tests/unit/xen_machine.c
xen_page_audit_CFLAGS := $(xen_page_type_CFLAGS)

virtqueue_SRCS := minios/drivers/virtqueue.c
virtqueue_CFLAGS := -I$(ROOT)/minios/include -I$(ROOT)/minios/drivers

# blkdev.c with a single-threaded stand-in for MiniOS's mutex.
blkdev_SRCS := minios/blkdev.c
blkdev_CFLAGS := -I$(ROOT)/tests/unit/fake -I$(ROOT)/minios/include

ahci_cmd_SRCS := minios/drivers/ahci_cmd.c
ahci_cmd_CFLAGS := -I$(ROOT)/minios/include -I$(ROOT)/minios/drivers
