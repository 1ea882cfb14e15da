#!/bin/sh
# usage: guest-images.sh DIR
# The Linux guest images the toolstack domain's archive carries under
# /boot (mk/mkrootfs.sh), made from Debian packages at build time:
#   vmlinuz-cloud   linux-image-cloud-amd64's kernel (LZ4 bzImage)
#   vmlinuz-amd64   linux-image-amd64's kernel (XZ bzImage)
#   initrd-demo.gz  busybox-static + mk/guest/demo-init.sh as /init, and
#                   mk/guest/xsclient.c (a XenStore client) built static
# Downloads are cached: the kernel with the unit tests' copy
# (mk/fetch-kernels.sh), busybox-static in DIR/.busybox.
set -eu
dir=$1
root=$(cd "$(dirname "$0")/.." && pwd)
kernels=$root/build/tests/unit/kernels
mkdir -p "$dir"
"$root/mk/fetch-kernels.sh" "$kernels"
cp "$kernels/vmlinuz-cloud-amd64" "$dir/vmlinuz-cloud"
cp "$kernels/vmlinuz-amd64" "$dir/vmlinuz-amd64"
[ -x "$dir/.busybox/bin/busybox" ] ||
	"$root/mk/fetch-deb.sh" "$dir/.busybox" busybox-static
mkdir -p "$dir/.bin"
gcc -static -Os -Wall -Wextra -Werror -s -o "$dir/.bin/xsclient" \
	"$root/mk/guest/xsclient.c"
python3 "$root/mk/initramfs.py" "$dir/initrd-demo.gz" \
	"$dir/.busybox/bin/busybox" "$root/mk/guest/demo-init.sh" \
	"$dir/.bin/xsclient"
