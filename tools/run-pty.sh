#!/bin/sh
# usage: run-pty.sh MINITERM QEMU QEMU-ARGS...
# Boots the system with its serial port on a pseudo-terminal and says how
# to attach to it with miniterm.  QEMU runs until the machine powers off.
set -eu
miniterm=$1
shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT
"$@" -display none -monitor none -serial pty >"$log" 2>&1 &
qemu=$!
pty=
for _ in $(seq 100); do
	pty=$(sed -n 's|.*char device redirected to \(/dev/pts/[0-9]*\).*|\1|p' "$log")
	[ -n "$pty" ] && break
	kill -0 $qemu 2>/dev/null || break
	sleep 0.1
done
if [ -z "$pty" ]; then
	cat "$log" >&2
	echo "run-pty: QEMU did not open a pseudo-terminal" >&2
	exit 1
fi
echo "The serial console is on $pty. Attach with:"
echo "    $miniterm $pty"
echo "(QEMU pid $qemu; it exits when the machine powers off.)"
wait $qemu
