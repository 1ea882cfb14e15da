#!/bin/sh
# /init of the stock baseline's dom0 (Debian Linux on Debian Xen 4.17):
# a bare busybox init.  The marker comes first so the harness times the
# moment init runs; then the memory a Linux dom0 holds with nothing but
# this shell running, and power off (ACPI S5, QEMU exits).
echo BENCH-DOM0-INIT
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
read up idle < /proc/uptime
echo "BENCH-DOM0-UPTIME $up"
echo BENCH-FREE-BEGIN
/bin/busybox free -k
echo BENCH-FREE-END
/bin/busybox poweroff -f
