"""`make run-pty` boots the system with its serial port on a pseudo-
terminal and prints the miniterm command to attach; driving the shell
through that command works as at a real serial line."""
import os
import re
import subprocess
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from machine import ROOT  # noqa: E402

TIMEOUT = 120


class Reader:
    """Collects a pipe's output in a thread; wait_for() polls it."""

    def __init__(self, pipe):
        self.data = b""
        self.lock = threading.Lock()
        threading.Thread(target=self._run, args=(pipe,), daemon=True).start()

    def _run(self, pipe):
        with pipe:
            for chunk in iter(lambda: os.read(pipe.fileno(), 4096), b""):
                with self.lock:
                    self.data += chunk

    def wait_for(self, pattern, start=0):
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            with self.lock:
                m = re.compile(pattern).search(self.data, start)
            if m:
                return m
            time.sleep(0.05)
        raise AssertionError("did not see %r in:\n%s" %
                             (pattern, self.data[-2000:].decode(errors="replace")))


class MiniTermOnRunPty(unittest.TestCase):
    def test_shell_through_miniterm(self):
        # A disk of its own: the user's build/xen-core.img stays as it is.
        run = subprocess.Popen(["make", "-s", "run-pty", "QEMU_SMP=1",
                                "IMAGE=" + os.path.join(
                                    ROOT, "build", "test-disks",
                                    "miniterm.img")],
                               cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT,
                               stdin=subprocess.DEVNULL,
                               start_new_session=True)
        self.addCleanup(self._stop, run)
        out = Reader(run.stdout)
        cmd = out.wait_for(rb"\n\s+(\S+/miniterm) (/dev/pts/\d+)\n")
        term = subprocess.Popen([cmd.group(1).decode(), cmd.group(2).decode()],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        self.addCleanup(self._stop, term)
        screen = Reader(term.stdout)
        screen.wait_for(rb"toolstack-domain# ")
        term.stdin.write(b"uptime\r")
        term.stdin.flush()
        m = screen.wait_for(rb"up \d+ min, \d+ sec")
        m = screen.wait_for(rb"toolstack-domain# ", m.end())
        term.stdin.write(b"poweroff\r")
        term.stdin.flush()
        screen.wait_for(rb"ACPI S5", m.end())
        # The machine powers off: QEMU, then make run-pty, exit, and
        # miniterm says the line went away.
        self.assertEqual(run.wait(TIMEOUT), 0)
        self.assertEqual(term.wait(TIMEOUT), 1)
        screen.wait_for(rb"miniterm: /dev/pts/\d+: connection closed")

    @staticmethod
    def _stop(proc):
        if proc.stdin:
            proc.stdin.close()
        if proc.poll() is None:
            try:
                os.killpg(proc.pid, 9)
            except (PermissionError, ProcessLookupError):
                proc.kill()
            proc.wait()


if __name__ == "__main__":
    unittest.main()
