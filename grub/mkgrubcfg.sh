#!/bin/sh
# usage: mkgrubcfg.sh DEFAULT-ENTRY > grub.cfg
# The boot menu, on the serial line.  Entries (numbered from 0):
#   0  xen-core + toolstack domain (default for `make run`)
#   1  xen-core, debug logging
#   2  Debian's stock Xen 4.17 + the same toolstack domain
# Options for the control domain go on its module2 line; the second
# module is its file tree (configs, guest kernels: mk/mkrootfs.sh).
# XEN_CORE_OPTS adds options to the xen-core entries (the tests' own).
# BOOT_ARCHIVE= (empty) leaves the archive out: the host disk's menu,
# where the toolstack domain reads its files from the disk itself.
set -eu
default=${1:-0}
common="console=com1 com1=115200,8n1 dom0_mem=${DOM0_MEM:-128M}"
xc="${XEN_CORE_OPTS:+ $XEN_CORE_OPTS}"
archive=${BOOT_ARCHIVE-/boot/rootfs.cpio}
archive_line="${archive:+
	module2 $archive}"
cat <<EOC
serial --unit=0 --speed=115200 --word=8 --parity=no --stop=1
terminal_input serial
terminal_output serial
set default=$default
set timeout=1

menuentry 'xen-core + toolstack domain' {
	multiboot2 /boot/xen-core.bin $common noreboot$xc
	module2 /boot/toolstack-domain.elf$archive_line
}

menuentry 'xen-core + toolstack domain (debug: loglvl=all sync_console)' {
	multiboot2 /boot/xen-core.bin $common loglvl=all sync_console noreboot$xc
	module2 /boot/toolstack-domain.elf$archive_line
}

menuentry 'Debian Xen 4.17 + toolstack domain' {
	multiboot2 /boot/xen-4.17.gz $common noreboot
	module2 /boot/toolstack-domain.elf$archive_line
}
EOC
