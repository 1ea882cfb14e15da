#!/bin/sh
# /init of the demo Linux domU's initramfs (mk/guest-images.sh): mount
# the kernel's file systems, say so on the Xen console, then a shell
# with hvc0 as its controlling terminal (CTRL-C works).
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox --install -s /bin
export PATH=/bin
echo DEMO-INIT-READY > /dev/hvc0
exec setsid cttyhack sh < /dev/hvc0 > /dev/hvc0 2>&1
