#!/bin/sh
# usage: fetch-deb.sh [-d] DESTDIR PACKAGE[=VERSION] [PACKAGE...]
#        fetch-deb.sh [-d] -m PREFIX DESTDIR META-PACKAGE
# Downloads Debian binary packages with apt-get download, by the newest
# version that downloads (mk/apt-lib.sh), and unpacks them into DESTDIR
# (nothing is installed on the host); with -d the .deb files are left in
# DESTDIR instead.
#
# Packages named together must match: they come from one source and are
# fetched at one version, the first package's, falling back together.
# PACKAGE=VERSION takes exactly that version.  With -m, a meta-package
# and the package starting with PREFIX its version depends on (a
# kernel's linux-image-amd64 and linux-image-6.1.0-N-amd64) fall back
# together.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
. "$root/mk/apt-lib.sh"

unpack=1 prefix=
while getopts dm: opt; do
	case $opt in
	d) unpack= ;;
	m) prefix=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
dest=$1
shift
lead=${1%%=*}

apt_lock
mkdir -p "$(dirname "$dest")"
tmp=$(mktemp -d "$(dirname "$dest")/.fetch-$lead.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# download NAME=VERSION...: exactly those, into a fresh $tmp.
download() {
	rm -f "$tmp"/*.deb
	# shellcheck disable=SC2086
	(cd "$tmp" && apt-get $apt_opts download -q "$@") || return 1
	fetched="$*"
}

# try_group VERSION: every package named, at VERSION (or its own pin).
try_group() {
	version=$1
	set --
	for p in $packages; do
		case $p in *=*) set -- "$@" "$p" ;; *) set -- "$@" "$p=$version" ;; esac
	done
	download "$@"
}

# try_meta VERSION: the meta-package at VERSION and what it depends on.
try_meta() {
	dep=$(apt_field "$lead" "$1" Depends | tr ',' '\n' |
		sed -n "s/^ *\($prefix[^ ]*\) (= \([^)]*\)).*/\1=\2/p" | head -1)
	[ -n "$dep" ] || { echo "$lead $1 depends on no $prefix*=VERSION"; return 1; }
	download "$lead=$1" "$dep"
}

packages="$*"
case $1 in
*=*) # pinned: the lists are refreshed once if they lack it
	[ -f "$XC_APT_DIR/.updated" ] || apt_update
	download "$@" >> "$apt_log" 2>&1 ||
		{ apt_update && download "$@" >> "$apt_log" 2>&1; } ||
		{ echo "fetch: $* could not be downloaded (see $apt_log)" >&2; exit 1; } ;;
*) if [ -n "$prefix" ]; then try=try_meta; else try=try_group; fi
	apt_fetch_newest bin "$lead" "$try" ;;
esac

printf '%s\n' $fetched | sed -e 's/=/ /' | apt_record_lines binary
rm -rf "$dest"
mkdir -p "$dest"
for deb in "$tmp"/*.deb; do
	if [ -n "$unpack" ]; then dpkg-deb -x "$deb" "$dest"; else mv "$deb" "$dest"; fi
done
