#!/bin/sh
# Install the Debian packages named in mk/debian-packages.txt that are
# missing, and record the installed versions (mk/apt-lib.sh's XC_VERSIONS):
# the build uses some of them as third-party input (newlib-source,
# libxen-dev's headers, GRUB).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
list=$root/mk/debian-packages.txt
packages=$(sed -e 's/#.*//' "$list")
missing=""
for pkg in $packages; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $pkg"
done
if [ -n "$missing" ]; then
	echo "installing:$missing"
	if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
	$SUDO apt-get update -q
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q \
		--no-install-recommends $missing
fi

. "$root/mk/apt-lib.sh"
apt_lock
# shellcheck disable=SC2086
dpkg-query -W -f='${Package} ${Version}\n' $packages |
	apt_record_lines installed
