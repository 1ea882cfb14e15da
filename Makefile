# xen-core and its unikernel control domain.
#
#   make          install missing Debian packages, build build/xen-core.iso
#   make run      ... and boot it in QEMU with the serial console here
#   make run-pty  ... with the serial console on a pseudo-terminal (miniterm)
#   make test     ... and run the unit and integration tests
#   make test-differential  ... every integration test on stock Xen 4.17
#   make bench    ... and print the benchmarks
#   make stress   ... and run the guest tests STRESS_ROUNDS (30) times
#   make deps     only install the Debian packages
#   make clean    remove build/

BUILD := $(CURDIR)/build
QEMU := qemu-system-x86_64
QEMU_MEM ?= 2G
QEMU_SMP ?= 2
QEMU_CPU ?= max
# QEMU's escape key moves off CTRL-a (xen-core's console switch) and off
# CTRL-] (which detaches `xl console`): CTRL-\ then x quits QEMU.
QEMU_ECHR := 0x1c
# The host disk: virtio-blk, or QEMU_DISK=ahci for SATA (q35's AHCI).
QEMU_DISK ?= virtio
QEMU_DRIVE_IF_virtio := virtio
QEMU_DRIVE_IF_ahci := ide
QEMU_ARGS = -M q35 -cpu $(QEMU_CPU) -m $(QEMU_MEM) -smp $(QEMU_SMP) \
	-no-reboot -drive file=$(IMAGE),format=raw,if=$(QEMU_DRIVE_IF_$(QEMU_DISK))

ISO := $(BUILD)/xen-core.iso
IMAGE := $(BUILD)/xen-core.img
HOST_TREE := $(BUILD)/host-tree
XEN_CORE := $(BUILD)/xen-core/xen-core.bin
TOOLSTACK := $(BUILD)/toolstack-domain/toolstack-domain.elf
STOCK_XEN := $(BUILD)/xen-4.17/boot/xen-4.17-amd64.gz
ROOTFS := $(BUILD)/rootfs.cpio
GUEST_IMAGES := $(BUILD)/guest-images
MINITERM := $(BUILD)/tools/miniterm

.PHONY: all deps iso image run run-fresh run-pty test unit integration test-differential \
	bench stress clean \
	xen-core toolstack-domain miniterm pv-kernels guest-images

all: deps iso image

deps:
	@mk/install-deps.sh

iso: $(ISO) $(BUILD)/xen-core-stock.iso

xen-core:
	$(MAKE) -C xen-core O=$(BUILD)/xen-core

toolstack-domain:
	$(MAKE) -C toolstack-domain O=$(BUILD)/toolstack-domain \
		MINIOS_O=$(BUILD)/minios

miniterm:
	$(MAKE) -C tools/miniterm O=$(BUILD)/tools

pv-kernels:
	$(MAKE) -C tests/pv-kernels O=$(BUILD)/pv-kernels


$(STOCK_XEN):
	mk/fetch-deb.sh $(BUILD)/xen-4.17 xen-hypervisor-4.17-amd64

# The toolstack domain's files (/etc/xen, guest kernels): its boot module.
$(ROOTFS): pv-kernels mk/mkrootfs.sh guest-images
	mk/mkrootfs.sh $@ $(BUILD)/pv-kernels $(GUEST_IMAGES)

# Linux guest images from Debian packages (downloads cached).
guest-images:
	mk/guest-images.sh $(GUEST_IMAGES)

# The -stock variant differs only in its default entry (for the tests).
# Remade every time: the sub-makes decide whether their outputs changed.
$(BUILD)/%.iso: xen-core toolstack-domain $(STOCK_XEN) $(ROOTFS) grub/mkgrubcfg.sh
	rm -rf $(BUILD)/iso-$*
	mkdir -p $(BUILD)/iso-$*/boot/grub
	cp $(XEN_CORE) $(TOOLSTACK) $(ROOTFS) $(BUILD)/iso-$*/boot/
	cp $(STOCK_XEN) $(BUILD)/iso-$*/boot/xen-4.17.gz
	grub/mkgrubcfg.sh $(if $(findstring stock,$*),2,0) \
		> $(BUILD)/iso-$*/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(BUILD)/iso-$* 2>/dev/null

# The host disk (mk/disk-image.py): made once, then only its /boot is
# refreshed, so what a user keeps on it survives rebuilds.
image: xen-core toolstack-domain $(STOCK_XEN) pv-kernels guest-images \
		grub/mkgrubcfg.sh
	BOOT_ARCHIVE= grub/mkgrubcfg.sh 0 > $(BUILD)/grub-disk.cfg
	mk/host-tree.sh $(HOST_TREE) $(XEN_CORE) $(STOCK_XEN) $(TOOLSTACK) \
		$(BUILD)/grub-disk.cfg $(BUILD)/pv-kernels/*.elf \
		$(GUEST_IMAGES)/*
	mk/disk-image.py $(IMAGE) $(HOST_TREE) $(if $(FRESH),--fresh)

run: all
	$(QEMU) $(QEMU_ARGS) -nographic -echr $(QEMU_ECHR)

run-fresh:
	$(MAKE) run FRESH=1

run-pty: all miniterm
	tools/run-pty.sh $(MINITERM) $(QEMU) $(QEMU_ARGS)

unit: deps
	$(MAKE) -C tests/unit O=$(BUILD)/tests/unit

integration: all miniterm pv-kernels
	python3 -m unittest discover -s tests/integration -p 'test_*.py' -v

test: unit integration

# The same control domain on Debian's Xen 4.17: every test class that
# runs it, including those `make test` leaves out for time.
test-differential: all miniterm pv-kernels
	XC_DIFFERENTIAL=1 python3 -m unittest discover -s tests/integration \
		-p 'test_*.py' -k StockXen -v

# Every test that creates guests, round after round, stopping at the first
# failure (its logs stay in build/test-logs/).  Not in `make test`.  Each
# round fuzzes STRESS_FUZZ_CALLS hypercalls from seeds of its own.
STRESS_ROUNDS ?= 30
STRESS_FUZZ_CALLS ?= 1000000
STRESS_TESTS := test_xl_create test_linux_domu test_linux_guests \
	test_hostile_domu test_console_flood test_hypercall_answers \
	test_vcpu_start test_hypercall_fuzz test_dead_mapper test_smp_race \
	test_xenstore_crowd
stress: all miniterm pv-kernels
	@for round in $$(seq $(STRESS_ROUNDS)); do \
		echo "stress: round $$round of $(STRESS_ROUNDS)"; \
		for t in $(STRESS_TESTS); do \
			FUZZ_CALLS=$(STRESS_FUZZ_CALLS) \
			FUZZ_SEED=$$((round * 1000)) \
			python3 -m unittest discover -s tests/integration \
				-p "$$t.py" || exit 1; \
		done; \
	done; echo "stress: $(STRESS_ROUNDS) rounds passed"

bench: all
	python3 tests/bench/bench.py
	python3 tests/bench/guests.py
	$(MAKE) -C tests/bench xenstore-bench O=$(BUILD)/tests/bench
	@echo "built from (build/package-versions.txt):"
	@sed 's/^/  /' $(BUILD)/package-versions.txt

clean:
	rm -rf $(BUILD)
