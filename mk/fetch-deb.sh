#!/bin/sh
# usage: fetch-deb.sh PACKAGE DESTDIR
# Downloads a Debian binary package with apt-get download and unpacks it
# into DESTDIR (nothing is installed on the host).  Refreshes the package
# lists once if the download finds none.
set -eu
pkg=$1
dest=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! (cd "$tmp" && apt-get download -q "$pkg" >/dev/null 2>&1); then
	if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
	$SUDO apt-get update -q >/dev/null
	(cd "$tmp" && apt-get download -q "$pkg" >/dev/null)
fi
rm -rf "$dest"
mkdir -p "$dest"
dpkg-deb -x "$tmp"/*.deb "$dest"
