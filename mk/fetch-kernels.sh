#!/bin/sh
# usage: fetch-kernels.sh DIR
# Puts Debian's current kernel images in DIR/vmlinuz-amd64 (xz payload)
# and DIR/vmlinuz-cloud-amd64 (LZ4 payload): each flavour's meta-package
# (linux-image-amd64, ...) and the real package its version depends on
# are fetched together (mk/fetch-deb.sh -m), and only the real package's
# /boot/vmlinuz-* is unpacked.  Images already there are kept (the cache).
set -eu
dir=$1
mk=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"

fetch() {
	flavour=$1
	out=$dir/vmlinuz-$flavour
	[ -f "$out" ] && return 0
	debs=$dir/.debs-$flavour
	"$mk/fetch-deb.sh" -d -m linux-image- "$debs" "linux-image-$flavour"
	tmp=$(mktemp -d "$dir/.fetch.XXXXXX")
	dpkg-deb --fsys-tarfile "$debs"/linux-image-[0-9]*.deb |
		tar -x -C "$tmp" --wildcards './boot/vmlinuz-*'
	mv "$tmp"/boot/vmlinuz-* "$out.tmp"
	rm -rf "$tmp" "$debs"
	mv "$out.tmp" "$out"
}

fetch amd64
fetch cloud-amd64
