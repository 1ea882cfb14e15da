#!/bin/sh
# Install the Debian packages named in mk/debian-packages.txt that are missing.
set -eu
list="$(dirname "$0")/debian-packages.txt"
missing=""
for pkg in $(sed -e 's/#.*//' "$list"); do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
