#!/bin/sh
# usage: host-tree.sh TREE XEN-CORE XEN-4.17 TOOLSTACK GRUB-CFG IMAGES...
# The file tree of the host disk's ext4 partition (mk/disk-image.py):
#   /boot                 GRUB's menu, both hypervisors, the toolstack domain
#                         (no boot archive: the toolstack reads the disk)
#   /etc/xen, /etc/xen/auto   guest configs (rootfs/etc/xen), autostart links
#   /var/lib/xen/images   guest kernels and images
#   /var/log/xen          logs
set -eu
tree=$1 xen_core=$2 xen_stock=$3 toolstack=$4 grub_cfg=$5
shift 5
root=$(cd "$(dirname "$0")/.." && pwd)
rm -rf "$tree"
mkdir -p "$tree/boot/grub" "$tree/etc/xen/auto" "$tree/var/lib/xen/images" \
	"$tree/var/log/xen"
cp "$xen_core" "$tree/boot/"
# GRUB reads the whole module: without its debug information (kept in
# build/) the toolstack domain is a sixth of the size.
strip --strip-debug -o "$tree/boot/$(basename "$toolstack")" "$toolstack"
cp "$xen_stock" "$tree/boot/xen-4.17.gz"
cp "$grub_cfg" "$tree/boot/grub/grub.cfg"
cp -R "$root/rootfs/etc/xen/." "$tree/etc/xen/"
for f in "$@"; do
	cp "$f" "$tree/var/lib/xen/images/"
done
