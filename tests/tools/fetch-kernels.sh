#!/bin/sh
# usage: fetch-kernels.sh DIR
# Puts Debian's current kernel images in DIR/vmlinuz-amd64 (xz payload)
# and DIR/vmlinuz-cloud-amd64 (LZ4 payload): each flavour's meta-package
# (linux-image-amd64, ...) names the real package through its
# dependency; that one is downloaded and only its /boot/vmlinuz-* is
# unpacked.  Images already there are kept (the cache).
set -eu
dir=$1
mkdir -p "$dir"

real_package() {
	apt-cache depends "linux-image-$1" 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9].*\)/\1/p' | head -1
}

fetch() {
	flavour=$1
	out=$dir/vmlinuz-$flavour
	[ -f "$out" ] && return 0
	pkg=$(real_package "$flavour")
	if [ -z "$pkg" ]; then
		if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
		$SUDO apt-get update -q >/dev/null
		pkg=$(real_package "$flavour")
	fi
	[ -n "$pkg" ] || { echo "no package for linux-image-$flavour" >&2; exit 1; }
	tmp=$(mktemp -d "$dir/.fetch.XXXXXX")
	(cd "$tmp" && apt-get download -q "$pkg" >/dev/null 2>&1)
	dpkg-deb --fsys-tarfile "$tmp"/*.deb |
		tar -x -C "$tmp" --wildcards './boot/vmlinuz-*'
	mv "$tmp"/boot/vmlinuz-* "$out.tmp"
	rm -rf "$tmp"
	mv "$out.tmp" "$out"
}

fetch amd64
fetch cloud-amd64
