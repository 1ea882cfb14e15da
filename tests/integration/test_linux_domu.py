"""A stock Debian Linux kernel as a PV domU, driven from the serial shell.

One long session per hypervisor (a Linux boot takes tens of seconds
under TCG): `xl create /etc/xen/demo.cfg -c` attaches at once and the
busybox initramfs prints its marker on hvc0; commands typed there reach
the guest's shell and their output comes back; CTRL-] returns to the
toolstack shell; `xl list` shows the guest; `xl destroy` removes it and
`xl info`'s free_memory is what it was before.  Stock Xen 4.17 runs the
same session with the same control domain (the differential smoke)."""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from machine import ISO, STOCK_ISO, STOCK_CPU, Machine  # noqa: E402
from xl_shell import (PROMPT, DETACH, run, free_memory,  # noqa: E402
                      free_memory_settled)

MARKER = "DEMO-INIT-READY"
GUEST_PROMPT = r"/ # "
LINUX_BOOT_TIMEOUT = 400
DEMO_LINE = re.compile(
    r"^demo\s+(\d+)\s+(\d+)\s+(\d+)\s+([-rbpscwSd?]{6})\s+\d+\.\d$", re.M)


def guest_command(m, line):
    """Types @line at the guest's shell (attached); returns its output."""
    m.send(line + "\r")
    m.expect(re.escape(line) + r"\r*\n")  # the tty echoes "\r\r\n"
    start = m.pos
    m.expect(GUEST_PROMPT)
    return m.text_since(start)[:-len(GUEST_PROMPT)].replace("\r", "").strip()


def session(name, iso, cpu):
    r = {}
    with Machine("linux-domu-" + name, iso=iso, cpu=cpu) as m:
        m.expect(re.escape(PROMPT), timeout=300)
        r["free_before"] = free_memory(m)
        m.send("xl create /etc/xen/demo.cfg -c\r")
        m.expect(MARKER, timeout=LINUX_BOOT_TIMEOUT)
        m.expect(GUEST_PROMPT)
        m.wait_quiet(1.0)
        r["arith"] = guest_command(m, "echo $((6 * 7))")
        r["cpus"] = guest_command(m, "grep -c ^processor /proc/cpuinfo")
        r["uname"] = guest_command(m, "uname -sr")
        m.send(DETACH)
        m.expect(re.escape(PROMPT))
        r["list"] = run(m, "xl list")
        r["destroy"] = run(m, "xl destroy demo")
        r["list_after"] = run(m, "xl list")
        r["free_after"] = free_memory_settled(m, r["free_before"])
    return r


class LinuxDomuSession:
    r = None

    def test_guest_shell_answers_on_its_console(self):
        self.assertEqual(self.r["arith"], "42")
        self.assertEqual(self.r["cpus"], "1")
        self.assertRegex(self.r["uname"], r"^Linux 6\.1\.")

    def test_list_shows_the_running_guest(self):
        m = DEMO_LINE.search(self.r["list"])
        self.assertIsNotNone(m, self.r["list"])
        domid, mem, vcpus, state = m.groups()
        self.assertGreater(int(domid), 0)
        self.assertEqual(mem, "256")
        self.assertEqual(vcpus, "1")
        # Running, blocked, or runnable and waiting for a CPU.
        self.assertIn(state, ("r-----", "-b----", "------"))

    def test_destroy_returns_all_its_memory(self):
        self.assertNotIn("xl destroy", self.r["destroy"])
        self.assertNotIn("demo", self.r["list_after"])
        self.assertEqual(self.r["free_after"], self.r["free_before"])


class StockXenTest(LinuxDomuSession, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.r = session("stock", STOCK_ISO, STOCK_CPU)


class XenCoreTest(LinuxDomuSession, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.r = session("xen-core", ISO, "max")


if __name__ == "__main__":
    unittest.main()
