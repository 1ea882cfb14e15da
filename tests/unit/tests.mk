# Per-test settings for tests/unit/<name>_test.c.  Every such file is a
# test; one without settings here is built from its own file alone.
#
#   <name>_SRCS   := project sources linked into the test, relative to the
#                    repository root, e.g. toolstack-domain/shell.c
#   <name>_CFLAGS := extra compiler flags for the test and its sources;
#                    write include paths as -I$(ROOT)/...
#   <name>_DATA   := files the test reads, passed as its arguments; give the
#                    rule that makes them here, with outputs under $(O)
#
# $(ROOT) is the repository root and $(O) the output directory.

lineedit_SRCS := toolstack-domain/lineedit.c

shell_SRCS := toolstack-domain/shell.c

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
# The archive the build makes, from the same script and probe kernel.
$(O)/rootfs.cpio: $(ROOT)/mk/mkrootfs.sh $(O)/pv-kernels/probe.elf \
		$(wildcard $(ROOT)/rootfs/etc/xen/*)
	$< $@ $(O)/pv-kernels/probe.elf
