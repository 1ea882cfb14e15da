#!/bin/sh
# usage: fetch-source.sh SOURCE-PACKAGE DESTDIR
# Unpacks a Debian source package, Debian's patches applied, into DESTDIR
# with apt-get source; nothing is installed on the host.  An existing
# DESTDIR/.unpacked means it is there already (the cache).
#
# The deb-src entries are derived from the machine's own deb sources, in
# a private copy with private package lists kept beside DESTDIR (in
# $(dirname DESTDIR)/.apt): the system's sources and lists stay untouched.
set -eu
pkg=$1
dest=$2
[ -f "$dest/.unpacked" ] && exit 0

mkdir -p "$(dirname "$dest")"
top=$(cd "$(dirname "$dest")" && pwd)
apt_dir=$top/.apt
mkdir -p "$apt_dir/sources.list.d" "$apt_dir/lists/partial"

# One fetch at a time: the host and MiniOS builds may ask together.
exec 9>"$top/.fetch.lock"
flock 9
[ -f "$dest/.unpacked" ] && exit 0

apt_opts="-o Dir::Etc::sourcelist=/dev/null
	-o Dir::Etc::sourceparts=$apt_dir/sources.list.d
	-o Dir::State::lists=$apt_dir/lists"
if [ ! -f "$apt_dir/.updated" ]; then
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		sed -e 's/^Types:.*/Types: deb-src/' "$f" \
			> "$apt_dir/sources.list.d/$(basename "$f")"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed -n -e 's/^deb[ \t]/deb-src /p' "$f" \
			> "$apt_dir/sources.list.d/$(basename "$f")"
	done
	# shellcheck disable=SC2086
	apt-get $apt_opts update -q > "$apt_dir/update.log" 2>&1 ||
		{ tail -5 "$apt_dir/update.log"; exit 1; }
	touch "$apt_dir/.updated"
fi

tmp=$(mktemp -d "$top/.fetch-$pkg.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086
(cd "$tmp" && apt-get $apt_opts source -q "$pkg" > source.log 2>&1) ||
	{ tail -5 "$tmp/source.log"; exit 1; }
rm -rf "$dest"
mv "$(find "$tmp" -mindepth 1 -maxdepth 1 -type d | head -1)" "$dest"
touch "$dest/.unpacked"
