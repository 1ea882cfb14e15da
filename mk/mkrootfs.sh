#!/bin/sh
# usage: mkrootfs.sh OUTPUT.cpio PROBE.elf [IMAGES-DIR]
# The toolstack domain's file tree, a cpio (newc) archive GRUB loads as
# its boot module: rootfs/ from the repository (configs in /etc/xen)
# plus the guest kernels built elsewhere, under /boot: the probe and the
# files of IMAGES-DIR (mk/guest-images.sh; its dot-files are caches).
set -eu
out=$1
probe=$2
images=${3:-}
root=$(cd "$(dirname "$0")/.." && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$root/rootfs/." "$stage/"
mkdir -p "$stage/boot"
cp "$probe" "$stage/boot/probe.elf"
[ -z "$images" ] || cp "$images"/* "$stage/boot/"
# Sorted names and fixed owners keep the archive reproducible.
(cd "$stage" && find . | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0 --reproducible) > "$out.tmp"
mv "$out.tmp" "$out"
