"""Booting the system under QEMU (TCG) and talking to its serial console
through a Unix socket, as a user at a terminal would.

Timeouts here only detect hangs; no test asserts on how long anything took.
"""
import bisect
import os
import re
import shutil
import socket
import subprocess
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(ROOT, "build")
LOGS = os.path.join(BUILD, "test-logs")
ISO = os.path.join(BUILD, "xen-core.iso")
STOCK_ISO = os.path.join(BUILD, "xen-core-stock.iso")
# Stock Xen 4.17's PV dom0 dies in create_bounce_frame under TCG with SMAP.
STOCK_CPU = "max,-smap,-smep"
PROMPT = "# "
BOOT_TIMEOUT = 300


class Timeout(AssertionError):
    pass


class Machine:
    """One QEMU run.  Output is logged to build/test-logs/<name>.log."""

    def __init__(self, name, iso=ISO, smp=2, mem="2G", cpu="max", extra=()):
        """@iso None boots from the disks in @extra instead."""
        self.name = name
        self.iso = iso
        self.args = ["qemu-system-x86_64", "-M", "q35", "-cpu", cpu,
                     "-m", mem, "-smp", str(smp), "-no-reboot",
                     "-display", "none", "-monitor", "none"]
        self.args += ["-cdrom", iso] if iso else []
        self.args += list(extra)
        self.output = b""
        self.pos = 0
        self.cond = threading.Condition()
        self.proc = None
        self.sock = None
        # For benchmarks: time.monotonic() just before QEMU was started, and
        # (end offset in self.output, time.monotonic() of its receipt) for
        # every chunk read from the serial socket.
        self.started = None
        self.arrivals = []

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.close()

    def start(self):
        os.makedirs(LOGS, exist_ok=True)
        self.tmp = tempfile.mkdtemp(prefix="xc-")
        path = os.path.join(self.tmp, "serial")
        args = self.args + [
            "-chardev", "socket,id=ser0,path=%s,server=on,wait=on" % path,
            "-serial", "chardev:ser0"]
        self.log = open(os.path.join(LOGS, self.name + ".log"), "wb")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=self.log)
        self.sock = self._connect(path)
        threading.Thread(target=self._reader, daemon=True).start()

    def _connect(self, path):
        for _ in range(200):
            if self.proc.poll() is not None:
                raise AssertionError("QEMU exited at start (see %s.log)"
                                     % self.name)
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                s.connect(path)
                return s
            except OSError:
                s.close()
                time.sleep(0.05)
        raise AssertionError("cannot connect to QEMU's serial socket")

    def _reader(self):
        while True:
            try:
                data = self.sock.recv(4096)
            except OSError:
                data = b""
            now = time.monotonic()
            with self.cond:
                if not data:
                    self.cond.notify_all()
                    return
                self.output += data
                self.arrivals.append((len(self.output), now))
                if not self.log.closed:
                    self.log.write(data)
                    self.log.flush()
                self.cond.notify_all()

    def expect(self, pattern, timeout=120):
        """Waits for regex @pattern after the last match; returns the match."""
        if isinstance(pattern, str):
            pattern = pattern.encode()
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                m = rx.search(self.output, self.pos)
                if m:
                    self.pos = m.end()
                    return m
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and
                                 not self._socket_open()):
                    tail = self.output[-2000:].decode(errors="replace")
                    raise Timeout("did not see %r; last output:\n%s"
                                  % (pattern, tail))
                self.cond.wait(min(left, 1.0))

    def arrival_time(self, offset):
        """time.monotonic() at which byte @offset - 1 of the output (the
        last byte of output[:offset]) was read from the serial socket."""
        with self.cond:
            i = bisect.bisect_left(self.arrivals, (offset, 0.0))
            return self.arrivals[i][1]

    def _socket_open(self):
        return self.sock is not None and self.sock.fileno() >= 0

    def wait_quiet(self, quiet=1.0, timeout=60):
        """Waits until no output arrived for @quiet seconds (e.g. the end
        of a debug-key dump whose last line is not fixed)."""
        deadline = time.monotonic() + timeout
        with self.cond:
            seen = len(self.output)
            while time.monotonic() < deadline:
                self.cond.wait(quiet)
                if len(self.output) == seen:
                    return
                seen = len(self.output)
        raise Timeout("output never went quiet")

    def text_since(self, start):
        return self.output[start:self.pos].decode(errors="replace")

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.sock.sendall(data)

    def command(self, line, timeout=120):
        """Types @line at the shell and returns its output (prompt excluded)."""
        start = self.pos
        self.send(line + "\r")
        self.expect(re.escape(line) + r"\r?\n", timeout)
        out_start = self.pos
        m = self.expect(r"(?m)^[^\n]*" + re.escape(PROMPT) + r"$", timeout)
        return self.output[out_start:m.start()].decode(errors="replace"), start

    def wait_exit(self, timeout=120):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise Timeout("QEMU did not exit; last output:\n%s"
                          % self.output[-2000:].decode(errors="replace"))

    def close(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self.sock:
            self.sock.close()
        if getattr(self, "log", None):
            with self.cond:     # the reader thread may still be logging
                self.log.close()
        shutil.rmtree(getattr(self, "tmp", ""), ignore_errors=True)


GRUB_HEAD = """serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
set timeout=0
"""


def make_iso(name, hypervisor, hv_cmdline, modules):
    """Builds build/test-isos/<name>.iso booting @hypervisor ('xen-core' or
    'stock') with @modules: a list of (path, cmdline)."""
    tree = os.path.join(BUILD, "test-isos", name)
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(os.path.join(tree, "boot", "grub"))
    if hypervisor == "xen-core":
        hv = os.path.join(BUILD, "xen-core", "xen-core.bin")
    else:
        hv = os.path.join(BUILD, "xen-4.17", "boot", "xen-4.17-amd64.gz")
    shutil.copy(hv, os.path.join(tree, "boot", "hv"))
    lines = ["menuentry '%s' {" % name,
             "  multiboot2 /boot/hv %s" % hv_cmdline]
    for i, (path, cmdline) in enumerate(modules):
        shutil.copy(path, os.path.join(tree, "boot", "m%d" % i))
        lines.append("  module2 /boot/m%d %s" % (i, cmdline))
    lines.append("}")
    with open(os.path.join(tree, "boot", "grub", "grub.cfg"), "w") as f:
        f.write(GRUB_HEAD + "\n".join(lines) + "\n")
    iso = os.path.join(BUILD, "test-isos", name + ".iso")
    subprocess.run(["grub-mkrescue", "-o", iso, tree], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return iso
