# Sourced by the fetch scripts (mk/fetch-source.sh, mk/fetch-deb.sh):
# Debian packages fetched by the newest version that really downloads.
#
# Package indexes move every day, and a version an index lists can have
# no files behind it (404) or files that do not match the index (hash
# mismatch).  So a fetch tries every version the lists hold, newest
# first by dpkg --compare-versions; before its first fallback it
# refreshes the lists once, since a stale index is the usual cause.
#
# The lists are private (XC_APT_DIR, default build/.apt): deb and deb-src
# entries derived from the machine's own sources, or the file
# XC_APT_SOURCES names (the tests' own repository); the system's sources,
# lists and caches stay untouched.  Every version used is recorded in
# XC_VERSIONS (default build/package-versions.txt), one "KIND NAME
# VERSION" line per package.
#
# The caller sets $root (the repository) before sourcing this file.

: "${XC_APT_DIR:=$root/build/.apt}"
: "${XC_VERSIONS:=$root/build/package-versions.txt}"
apt_opts="-o Dir::Etc::sourcelist=/dev/null
	-o Dir::Etc::sourceparts=$XC_APT_DIR/sources.list.d
	-o Dir::State::lists=$XC_APT_DIR/lists
	-o Dir::Cache=$XC_APT_DIR/cache
	-o APT::Sandbox::User=root"
apt_log=$XC_APT_DIR/fetch.log
apt_refreshed=

# apt_lock: one fetch at a time on the private state (parallel makes).
apt_lock() {
	mkdir -p "$XC_APT_DIR"
	exec 9>"$XC_APT_DIR/lock"
	flock 9
}

# apt_write_sources: the private sources, deb and deb-src of each entry.
apt_write_sources() {
	dir=$XC_APT_DIR/sources.list.d
	rm -rf "$dir"
	mkdir -p "$dir"
	if [ -n "${XC_APT_SOURCES:-}" ]; then
		cp "$XC_APT_SOURCES" "$dir/given.list"
		return
	fi
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		sed -e 's/^Types:.*/Types: deb deb-src/' "$f" \
			> "$dir/$(basename "$f")"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		sed -n -e '/^deb[ \t]/{p;s/^deb/deb-src/p;}' "$f" \
			> "$dir/$(basename "$f")"
	done
}

# apt_update: (re)reads the indexes into the private lists.
apt_update() {
	apt_write_sources
	mkdir -p "$XC_APT_DIR/lists/partial" "$XC_APT_DIR/cache/archives/partial"
	# shellcheck disable=SC2086
	if ! apt-get $apt_opts update -q > "$XC_APT_DIR/update.log" 2>&1; then
		echo "fetch: refreshing the package lists failed" \
			"(see $XC_APT_DIR/update.log):" >&2
		grep '^[WE]:' "$XC_APT_DIR/update.log" | tail -3 >&2
		return 1
	fi
	touch "$XC_APT_DIR/.updated"
	apt_refreshed=1
}

# apt_newest_first: the versions on stdin, unique, newest first.
apt_newest_first() {
	sorted=
	for v in $(sort -u); do
		merged= placed=
		for s in $sorted; do
			if [ -z "$placed" ] && dpkg --compare-versions "$v" gt "$s"
			then
				merged="$merged $v"
				placed=1
			fi
			merged="$merged $s"
		done
		[ -n "$placed" ] || merged="$merged $v"
		sorted=$merged
	done
	echo $sorted
}

# apt_versions KIND PKG: the versions of source (KIND src) or binary
# (KIND bin) package PKG the lists hold, newest first.
apt_versions() {
	if [ "$1" = src ]; then query=showsrc; else query=show; fi
	# shellcheck disable=SC2086
	apt-cache $apt_opts $query "$2" 2>/dev/null |
		awk -v pkg="$2" '
			/^Package:/ { this = $2 }
			/^Version:/ && this == pkg { print $2 }' |
		apt_newest_first
}

# apt_field PKG VERSION FIELD: FIELD of binary package PKG at VERSION.
apt_field() {
	# shellcheck disable=SC2086
	apt-cache $apt_opts show "$1=$2" 2>/dev/null |
		sed -n "s/^$3: //p" | head -1
}

# apt_fetch_newest KIND PKG TRY: runs "TRY VERSION" for the versions of
# PKG, newest first, until one succeeds; sets apt_version to it.  A
# version already tried is not tried again after the refresh.  Says in
# one line which version it used when it had to fall back, or which it
# tried when none worked.
apt_fetch_newest() {
	kind=$1 pkg=$2 try=$3
	[ -f "$XC_APT_DIR/.updated" ] || apt_update || return 1
	tried=
	while :; do
		for v in $(apt_versions "$kind" "$pkg"); do
			case " $tried " in *" $v "*) continue ;; esac
			echo "== $pkg $v" >> "$apt_log"
			if "$try" "$v" >> "$apt_log" 2>&1; then
				apt_version=$v
				[ -z "$tried" ] || echo "fetch: $pkg: using $v;" \
					"not downloadable:$tried"
				return 0
			fi
			tried="$tried $v"
			[ -n "$apt_refreshed" ] || break
		done
		[ -z "$apt_refreshed" ] || break
		apt_update || return 1
	done
	if [ -z "$tried" ]; then
		echo "fetch: $pkg: the package lists hold no version of it" >&2
	else
		echo "fetch: $pkg: no version could be downloaded" \
			"(tried$tried; see $apt_log)" >&2
	fi
	return 1
}

# apt_record_lines KIND: notes in XC_VERSIONS the "NAME VERSION" lines on
# stdin, replacing what it said of those packages of that KIND.
apt_record_lines() {
	mkdir -p "$(dirname "$XC_VERSIONS")"
	touch "$XC_VERSIONS"
	sed -e "s/^/$1 /" > "$XC_VERSIONS.new"
	awk 'NR == FNR { seen[$1 " " $2] = 1; print; next }
	     !(($1 " " $2) in seen)' "$XC_VERSIONS.new" "$XC_VERSIONS" |
		sort > "$XC_VERSIONS.tmp"
	rm -f "$XC_VERSIONS.new"
	mv "$XC_VERSIONS.tmp" "$XC_VERSIONS"
}

# apt_record KIND NAME VERSION: notes the version used in XC_VERSIONS.
apt_record() {
	echo "$2 $3" | apt_record_lines "$1"
}
