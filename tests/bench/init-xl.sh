#!/bin/sh
# /init of the stock toolstack image's dom0 (tests/bench/stock_xl.py):
# Debian's Linux on Debian's Xen 4.17 running Debian's xl, set up as
# /work/shared/reference/stock-xen-baseline.md's "Set-up that works" says.
# It loads the Xen device modules, starts oxenstored, xen-init-dom0 and
# xenconsoled, then gives the bench a root shell on hvc0 whose prompt is
# "stock-dom0# ".  Nothing runs in the background but those daemons
# (they block; nothing polls), so the timed commands have dom0 to themselves.
/bin/busybox mkdir -p /sbin /usr/bin /usr/sbin
/bin/busybox --install -s
export PATH=/usr/lib/xen-4.17/bin:/bin:/sbin:/usr/bin:/usr/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts       # xenconsoled gives each guest console a pty
mount -t devpts devpts /dev/pts
echo BENCH-XL-DOM0-INIT

# Dependencies first: stock_xl.py wrote them in load order.
for m in $(cat /lib/modules/load-order); do
	insmod "/lib/modules/$m" || echo "BENCH-XL-ERROR insmod $m"
done
mount -t xenfs xenfs /proc/xen

mkdir -p /etc/xen /var/lib/xen /var/log/xen/console /run/xen \
	/run/xenstored /var/lib/xenstored /var/lock /tmp
oxenstored
until xenstore-read -s / >/dev/null 2>&1; do sleep 0.1; done
xen-init-dom0 || echo "BENCH-XL-ERROR xen-init-dom0"
xenconsoled --log=guest || echo "BENCH-XL-ERROR xenconsoled"

# Keep the dom0 kernel's messages off the console the bench reads.
dmesg -n 1
echo BENCH-XL-READY
export PS1='stock-dom0# '
# A shell whose controlling terminal is hvc0, so `xl console` can put it
# in raw mode and CTRL-] detaches as with our toolstack.
exec setsid cttyhack sh
