#!/bin/sh
# usage: mkrootfs.sh OUTPUT.cpio PV-KERNELS-DIR [IMAGES-DIR]
# The toolstack domain's file tree, a cpio (newc) archive GRUB loads as
# its boot module: rootfs/ from the repository (configs in /etc/xen)
# plus the guest kernels built elsewhere, under /var/lib/xen/images: our test kernels
# run as domUs (probe, hostile, console_flood, vcpus, fuzz, peers, race,
# xsping) and the files of IMAGES-DIR (mk/guest-images.sh; its dot-files are
# caches).
set -eu
out=$1
pv_kernels=$2
images=${3:-}
root=$(cd "$(dirname "$0")/.." && pwd)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -R "$root/rootfs/." "$stage/"
images_dir="$stage/var/lib/xen/images"
mkdir -p "$images_dir"
cp "$pv_kernels/probe.elf" "$pv_kernels/hostile.elf" \
	"$pv_kernels/console_flood.elf" "$pv_kernels/vcpus.elf" \
	"$pv_kernels/fuzz.elf" "$pv_kernels/peers.elf" "$pv_kernels/race.elf" \
	"$pv_kernels/xsping.elf" "$images_dir/"
[ -z "$images" ] || cp "$images"/* "$images_dir/"
# Sorted names and fixed owners keep the archive reproducible.
(cd "$stage" && find . | LC_ALL=C sort |
	cpio --quiet -o -H newc -R 0:0 --reproducible) > "$out.tmp"
mv "$out.tmp" "$out"
