#!/bin/sh
# /init of the demo Linux domU's initramfs (mk/guest-images.sh): mount
# the kernel's file systems, put busybox's applets where Linux looks for
# them (/sbin/poweroff and /sbin/reboot answer xl shutdown and xl
# reboot), then busybox init: it says DEMO-INIT-READY on the console,
# keeps a shell on hvc0 (its controlling terminal: CTRL-C works) and
# powers off or reboots cleanly when asked.
/bin/busybox mkdir -p /sbin /usr/bin /usr/sbin /etc
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox --install -s
export PATH=/bin:/sbin:/usr/bin:/usr/sbin
cat > /etc/inittab <<'TAB'
::sysinit:/bin/echo DEMO-INIT-READY
hvc0::respawn:/bin/sh
TAB
exec /sbin/init
