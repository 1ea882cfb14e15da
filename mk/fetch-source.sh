#!/bin/sh
# usage: fetch-source.sh SOURCE-PACKAGE DESTDIR
# Unpacks a Debian source package, Debian's patches applied, into DESTDIR
# with apt-get source, by the newest version that downloads (mk/apt-lib.sh);
# nothing is installed on the host.  An existing DESTDIR/.unpacked means
# it is there already (the cache).
set -eu
pkg=$1
dest=$2
[ -f "$dest/.unpacked" ] && exit 0
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/mk/apt-lib.sh"

apt_lock
[ -f "$dest/.unpacked" ] && exit 0

mkdir -p "$(dirname "$dest")"
tmp=$(mktemp -d "$(dirname "$dest")/.fetch-$pkg.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# try_version VERSION: download and unpack that version into $tmp.
try_version() {
	rm -rf "$tmp"
	mkdir "$tmp"
	# shellcheck disable=SC2086
	(cd "$tmp" && apt-get $apt_opts source -q --only-source "$pkg=$1")
}

apt_fetch_newest src "$pkg" try_version
rm -rf "$dest"
mv "$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -1)" "$dest"
apt_record source "$pkg" "$apt_version"
touch "$dest/.unpacked"
