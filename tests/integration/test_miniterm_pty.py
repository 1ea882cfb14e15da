"""miniterm on a pseudo-terminal pair, no VM: the test holds the master
side (as QEMU's -serial pty does) and runs miniterm on the slave.

Uses build/tools/miniterm, or the binary named by $MINITERM.
Timeouts here only detect hangs.
"""
import os
import select
import signal
import subprocess
import termios
import time
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
MINITERM = os.environ.get("MINITERM",
                          os.path.join(ROOT, "build", "tools", "miniterm"))
CTRL_CARET = b"\x1e"     # the default escape
TIMEOUT = 10


def read_until(fd, expected, timeout=TIMEOUT):
    """Read fd until 'expected' has been seen; return all bytes read."""
    data = b""
    deadline = time.monotonic() + timeout
    while expected not in data:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise AssertionError(f"timed out waiting for {expected!r}; "
                                 f"got {data!r}")
        chunk = os.read(fd, 4096)
        if not chunk:
            raise AssertionError(f"EOF waiting for {expected!r}; "
                                 f"got {data!r}")
        data += chunk
    return data


def run(*args):
    """Run miniterm to completion with no input: (status, stderr)."""
    proc = subprocess.run([MINITERM, *args], stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=TIMEOUT)
    return proc.returncode, proc.stderr.decode()


class MinitermTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.access(MINITERM, os.X_OK):
            raise AssertionError(f"{MINITERM} is missing: build it with "
                                 "make -C tools/miniterm O=build/tools")

    def setUp(self):
        # The slave stays open here too: with no slave open, reading the
        # master fails (EIO) instead of waiting for miniterm.
        self.master, self.slave = os.openpty()
        self.device = os.ttyname(self.slave)
        self.procs = []

    def tearDown(self):
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            for pipe in (proc.stdin, proc.stdout, proc.stderr):
                if pipe:
                    pipe.close()
        os.close(self.master)
        os.close(self.slave)

    def start(self, *args, stdin=subprocess.PIPE, stdout=subprocess.PIPE):
        proc = subprocess.Popen([MINITERM, *args, self.device], stdin=stdin,
                                stdout=stdout, stderr=subprocess.PIPE)
        self.procs.append(proc)
        return proc

    def send(self, proc, data):
        proc.stdin.write(data)
        proc.stdin.flush()

    def sync(self, proc):
        """Wait until miniterm has the line set up (raw: no echo)."""
        self.send(proc, b"sync")
        read_until(self.master, b"sync")

    def finish(self, proc):
        """Wait for miniterm to exit: (status, stderr)."""
        status = proc.wait(timeout=TIMEOUT)
        return status, proc.stderr.read().decode()

    def test_relays_both_ways_and_leaves_on_escape(self):
        proc = self.start()
        # Keyboard to device first: once that arrives, the line is raw.
        self.send(proc, b"hello\n")
        read_until(self.master, b"hello\n")
        os.write(self.master, b"world\r\n")
        read_until(proc.stdout.fileno(), b"world\r\n")
        # Bytes in the same write as the escape, before it, still go out.
        self.send(proc, b"last" + CTRL_CARET + b"never sent")
        read_until(self.master, b"last")
        self.assertEqual(self.finish(proc), (0, ""))
        self.assertNotIn(b"never", self.drain_master())

    def test_line_is_raw_and_transparent(self):
        """Every byte but the escape passes unchanged, both ways: no
        echo, no CR/LF mapping, no signals, no XON/XOFF."""
        everything = bytes(b for b in range(256) if b != CTRL_CARET[0])
        proc = self.start()
        self.sync(proc)
        self.send(proc, everything + b"end")
        got = read_until(self.master, everything + b"end")
        self.assertEqual(got, everything + b"end")
        os.write(self.master, everything + b"end")
        got = read_until(proc.stdout.fileno(), everything + b"end")
        self.assertEqual(got, everything + b"end")

    def test_escape_option(self):
        for spec, key in (("^X", b"\x18"), ("^x", b"\x18"), ("^?", b"\x7f"),
                          ("q", b"q")):
            with self.subTest(escape=spec):
                proc = self.start("-e", spec)
                self.send(proc, b"a" + CTRL_CARET + b"b" + key)
                read_until(self.master, b"a" + CTRL_CARET + b"b")
                self.assertEqual(self.finish(proc), (0, ""))

    def test_input_eof_sends_everything_then_exits(self):
        proc = self.start()
        self.sync(proc)
        self.send(proc, b"x" * 10000 + b"done")
        # Device output pending when input ends still reaches stdout.
        os.write(self.master, b"reply")
        proc.stdin.close()
        read_until(self.master, b"x" * 10000 + b"done")
        read_until(proc.stdout.fileno(), b"reply")
        self.assertEqual(self.finish(proc), (0, ""))

    def test_device_hangup(self):
        proc = self.start()
        self.send(proc, b"up")
        read_until(self.master, b"up")
        os.close(self.master)
        self.master = os.open("/dev/null", os.O_RDONLY)  # for tearDown
        status, err = self.finish(proc)
        self.assertEqual(status, 1)
        self.assertIn("connection closed", err)

    def check_user_terminal(self, leave):
        """Run miniterm on a terminal: raw during the session, restored
        after 'leave(user side, process)' ends it; returns the status."""
        user, user_tty = os.openpty()
        try:
            before = termios.tcgetattr(user_tty)
            proc = self.start(stdin=user_tty, stdout=user_tty)
            banner = read_until(proc.stderr.fileno(), b"leaves")
            self.assertIn(b"CTRL-^ leaves", banner)
            lflag = termios.tcgetattr(user_tty)[3]
            self.assertFalse(lflag & (termios.ICANON | termios.ECHO |
                                      termios.ISIG))
            os.write(user, b"typed")
            read_until(self.master, b"typed")
            leave(user, proc)
            status = proc.wait(timeout=TIMEOUT)
            self.assertEqual(termios.tcgetattr(user_tty), before)
            return status
        finally:
            os.close(user)
            os.close(user_tty)

    def test_user_terminal_restored_after_escape(self):
        status = self.check_user_terminal(
            lambda user, proc: os.write(user, CTRL_CARET))
        self.assertEqual(status, 0)

    def test_user_terminal_restored_after_signal(self):
        status = self.check_user_terminal(
            lambda user, proc: proc.send_signal(signal.SIGTERM))
        self.assertEqual(status, 128 + signal.SIGTERM)

    def test_bad_baud_rate(self):
        for baud in ("12345", "fast", "-1", ""):
            with self.subTest(baud=baud):
                status, err = run("-b", baud, self.device)
                self.assertEqual(status, 2)
                self.assertIn(f"unsupported baud rate '{baud}'", err)
                self.assertIn("115200", err)

    def test_good_baud_rates(self):
        for baud in ("9600", "115200", "4000000"):
            with self.subTest(baud=baud):
                status, err = run("-b", baud, self.device)
                self.assertEqual((status, err), (0, ""))

    def test_missing_device(self):
        status, err = run("/dev/no-such-tty")
        self.assertEqual(status, 1)
        self.assertIn("/dev/no-such-tty: No such file or directory", err)

    def test_device_not_a_terminal(self):
        status, err = run("/dev/null")
        self.assertEqual(status, 1)
        self.assertIn("/dev/null: Inappropriate ioctl for device", err)

    def test_usage_errors(self):
        for args in ((), ("-x", self.device), (self.device, "extra"),
                     ("-e", "^1", self.device), ("-e", "ab", self.device)):
            with self.subTest(args=args):
                status, err = run(*args)
                self.assertEqual(status, 2)
                self.assertTrue("usage:" in err or "bad escape" in err, err)

    def drain_master(self):
        """Whatever the device side has left to read, without waiting."""
        data = b""
        while select.select([self.master], [], [], 0.2)[0]:
            data += os.read(self.master, 4096)
        return data


if __name__ == "__main__":
    unittest.main()
