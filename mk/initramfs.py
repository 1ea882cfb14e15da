#!/usr/bin/env python3
"""A busybox initramfs: gzip'd cpio (newc) written without root or
mknod, for the Linux guests of the tests and benchmarks.

    initramfs.py OUT.gz BUSYBOX INIT [PROGRAM...]

holds /init (the INIT script), /bin/busybox, /bin/sh -> busybox, each
PROGRAM as /bin/<its name>, /dev/console and the mount points /proc,
/sys.  Also imported
(make_initrd) by tests/bench/baseline.py."""
import gzip
import os
import sys


def _newc(entries):
    """A cpio archive in the kernel's "newc" format; @entries are
    (name, mode, data, rdevmajor, rdevminor)."""
    out = bytearray()
    ino = 1
    for name, mode, data, rmaj, rmin in entries + [("TRAILER!!!", 0, b"",
                                                    0, 0)]:
        nameb = name.encode() + b"\0"
        hdr = "070701" + "".join("%08X" % v for v in (
            ino, mode, 0, 0, 1, 0, len(data), 0, 0, rmaj, rmin,
            len(nameb), 0))
        out += hdr.encode() + nameb
        out += b"\0" * (-len(out) % 4)
        out += data
        out += b"\0" * (-len(out) % 4)
        ino += 1
    return bytes(out)


def make_initrd(busybox, init, dest, programs=()):
    """Writes the initramfs to @dest from the files @busybox and @init,
    with @programs (paths) in /bin."""
    with open(busybox, "rb") as f:
        bb = f.read()
    with open(init, "rb") as f:
        init_data = f.read()
    d, x, lnk, chr_ = 0o040755, 0o100755, 0o120777, 0o020600
    entries = [
        ("bin", d, b"", 0, 0), ("dev", d, b"", 0, 0),
        ("proc", d, b"", 0, 0), ("sys", d, b"", 0, 0),
        ("dev/console", chr_, b"", 5, 1),
        ("bin/busybox", x, bb, 0, 0),
        ("bin/sh", lnk, b"busybox", 0, 0),
        ("init", x, init_data, 0, 0),
    ]
    for path in programs:
        with open(path, "rb") as f:
            entries.append(("bin/" + os.path.basename(path), x, f.read(),
                            0, 0))
    with open(dest, "wb") as f:
        f.write(gzip.compress(_newc(entries), 9, mtime=0))


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.exit("usage: initramfs.py OUT.gz BUSYBOX INIT [PROGRAM...]")
    make_initrd(sys.argv[2], sys.argv[3], sys.argv[1], sys.argv[4:])
