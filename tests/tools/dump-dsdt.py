#!/usr/bin/env python3
"""Dump the DSDT QEMU builds for a machine type, without booting anything.

    dump-dsdt.py [--qemu BINARY] MACHINE OUTPUT

runs `qemu-system-x86_64 -machine MACHINE -qtest stdio`, reads the ACPI
tables through fw_cfg as firmware would, finds the DSDT among them by its
signature, length and checksum, and writes it (36-byte header included) to
OUTPUT.  MACHINE is e.g. q35 or pc.

fw_cfg, legacy I/O interface: write a 16-bit selector to port 0x510, then
read the item byte by byte from port 0x511.  Item 0x19 is the file
directory: a big-endian u32 count, then per file a big-endian u32 size,
u16 selector, u16 reserved and a 56-byte NUL-padded name.

QEMU answers qtest commands before it has finished starting the machine:
fw_cfg files appear and the final reset deselects the item being read.
So each file is read until two reads in a row agree.

QEMU leaves the tables' checksums zero in "etc/acpi/tables": the firmware
fills them in, obeying the ADD_CHECKSUM commands of "etc/table-loader"
(128-byte little-endian entries: u32 command, then for command 3 a 56-byte
file name, u32 checksum offset, u32 start, u32 length).  So do we.
"""

import argparse
import os
import signal
import struct
import subprocess
import sys
import time

FW_CFG_SELECTOR_PORT = 0x510
FW_CFG_DATA_PORT = 0x511
FW_CFG_FILE_DIR = 0x19
FW_CFG_FILE_ENTRY_LEN = 64
ACPI_TABLES_FILE = b"etc/acpi/tables"
TABLE_LOADER_FILE = b"etc/table-loader"
LOADER_ENTRY_LEN = 128
LOADER_ADD_CHECKSUM = 3
ACPI_HEADER_LEN = 36
# Reads are pipelined in batches; a batch's commands and replies must each
# fit in a pipe buffer (64 KiB) or the two processes would wait on each other.
READ_BATCH = 2048
STABLE_READ_ATTEMPTS = 20
STABLE_READ_PAUSE = 0.1     # seconds between attempts


class DumpError(Exception):
    pass


class QTest:
    """A QEMU process driven through the qtest protocol on its stdio."""

    def __init__(self, qemu, machine):
        # The qtest log would go to stderr, which we read only on failure.
        argv = [qemu, "-machine", machine, "-display", "none",
                "-qtest", "stdio", "-qtest-log", "/dev/null"]
        try:
            self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE,
                                         stderr=subprocess.PIPE)
        except OSError as e:
            raise DumpError(f"cannot run {qemu}: {e.strerror}") from e

    def close(self):
        # QEMU does not exit when the qtest channel closes.
        self.proc.kill()
        self.proc.wait()

    def _replies(self, commands):
        self.proc.stdin.write(b"".join(c + b"\n" for c in commands))
        self.proc.stdin.flush()
        replies = []
        for command in commands:
            line = self.proc.stdout.readline()
            if not line:
                err = self.proc.stderr.read().decode(errors="replace")
                raise DumpError(f"QEMU exited: {err.strip()}")
            if not line.startswith(b"OK"):
                raise DumpError(f"qtest '{command.decode()}': "
                                f"{line.decode(errors='replace').strip()}")
            replies.append(line.split())
        return replies

    def outw(self, port, value):
        self._replies([b"outw 0x%x 0x%x" % (port, value)])

    def inb_many(self, port, count):
        replies = self._replies([b"inb 0x%x" % port] * count)
        return bytes(int(r[1], 16) for r in replies)


class FwCfg:
    def __init__(self, qtest):
        self.qtest = qtest

    def select(self, key):
        self.qtest.outw(FW_CFG_SELECTOR_PORT, key)

    def read(self, count):
        data = bytearray()
        while len(data) < count:
            n = min(READ_BATCH, count - len(data))
            data += self.qtest.inb_many(FW_CFG_DATA_PORT, n)
        return bytes(data)

    def find_file(self, name):
        """(selector, size) of the named fw_cfg file, None if absent."""
        self.select(FW_CFG_FILE_DIR)
        (count,) = struct.unpack(">I", self.read(4))
        entries = self.read(count * FW_CFG_FILE_ENTRY_LEN)
        names = []
        for i in range(count):
            entry = entries[i * FW_CFG_FILE_ENTRY_LEN:
                            (i + 1) * FW_CFG_FILE_ENTRY_LEN]
            size, select, _ = struct.unpack(">IHH", entry[:8])
            names.append(entry[8:].rstrip(b"\0"))
            if names[-1] == name:
                return select, size
        return None

    def read_file(self, name):
        """The named file's contents, None if absent."""
        found = self.find_file(name)
        if not found:
            return None
        select, size = found
        self.select(select)
        return self.read(size)

    def read_file_stable(self, name):
        """The named file, once two reads in a row agree (see above)."""
        previous = None
        for _ in range(STABLE_READ_ATTEMPTS):
            data = self.read_file(name)
            if data is not None and data == previous:
                return data
            previous = data
            time.sleep(STABLE_READ_PAUSE)
        if previous is None:
            raise DumpError(f"fw_cfg has no file {name.decode()}")
        raise DumpError(f"fw_cfg file {name.decode()} keeps changing")


def fill_checksums(blob, name, loader):
    """Apply the table loader's ADD_CHECKSUM commands for file name."""
    for pos in range(0, len(loader) - LOADER_ENTRY_LEN + 1, LOADER_ENTRY_LEN):
        command, = struct.unpack_from("<I", loader, pos)
        if command != LOADER_ADD_CHECKSUM:
            continue
        file = loader[pos + 4:pos + 60].rstrip(b"\0")
        offset, start, length = struct.unpack_from("<III", loader, pos + 60)
        if file != name:
            continue
        if offset >= len(blob) or start + length > len(blob):
            raise DumpError(f"table loader checksum outside {name.decode()}")
        blob[offset] = (blob[offset] - sum(blob[start:start + length])) & 0xff


def find_table(blob, signature):
    """The first well-formed ACPI table with this signature in blob."""
    start = blob.find(signature)
    while start >= 0:
        if start + ACPI_HEADER_LEN <= len(blob):
            (length,) = struct.unpack_from("<I", blob, start + 4)
            table = blob[start:start + length]
            if (length >= ACPI_HEADER_LEN and len(table) == length
                    and sum(table) % 256 == 0):
                return table
        start = blob.find(signature, start + 1)
    raise DumpError(f"no valid {signature.decode()} in the ACPI tables")


def dump_dsdt(qemu, machine):
    qtest = QTest(qemu, machine)
    try:
        fw_cfg = FwCfg(qtest)
        blob = bytearray(fw_cfg.read_file_stable(ACPI_TABLES_FILE))
        loader = fw_cfg.read_file_stable(TABLE_LOADER_FILE)
    finally:
        qtest.close()
    fill_checksums(blob, ACPI_TABLES_FILE, loader)
    return find_table(blob, b"DSDT")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--qemu", default="qemu-system-x86_64",
                        help="QEMU binary (default: %(default)s)")
    parser.add_argument("machine", help="QEMU machine type, e.g. q35 or pc")
    parser.add_argument("output", help="file to write the DSDT to")
    args = parser.parse_args()
    # Terminated (make interrupted, a timeout): still kill QEMU on the way.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    signal.signal(signal.SIGHUP, lambda *_: sys.exit(1))
    try:
        dsdt = dump_dsdt(args.qemu, args.machine)
    except DumpError as e:
        sys.exit(f"dump-dsdt: {args.machine}: {e}")
    # Write then rename, so make never sees a partial file as up to date.
    partial = args.output + ".partial"
    with open(partial, "wb") as f:
        f.write(dsdt)
    os.replace(partial, args.output)


if __name__ == "__main__":
    main()
