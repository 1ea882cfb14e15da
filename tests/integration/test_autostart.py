"""Guests that start and stop with the machine, as xendomains does.

A copy of the host disk gets three links in /etc/xen/auto (made on the
host with debugfs): a broken one, one with an absolute target (demo, the
cloud kernel) and one with a relative target (demo-smp, Debian's standard
kernel).  At boot, before the shell prompt, the broken link is logged and
skipped and both Linux guests start without a command; their shells
answer.  `poweroff` asks both to power off, each Linux shuts itself down
(the toolstack reports the guest's own poweroff, not a destroy), nothing
is left to destroy by force, the host filesystem is unmounted clean and
QEMU exits.  On xen-core and on Debian's stock Xen 4.17."""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from disk import STOCK_ENTRY, copy_image, debugfs, drive_args, fs_state  # noqa
from machine import STOCK_CPU, Machine  # noqa: E402
from xl_shell import (PROMPT, run, attach_and_wait_for_boot,  # noqa: E402
                      detach, guest_command)

LINKS = (("/etc/xen/auto/0-broken.cfg", "/etc/xen/nosuch.cfg"),
         ("/etc/xen/auto/1-demo.cfg", "/etc/xen/demo.cfg"),
         ("/etc/xen/auto/2-smp.cfg", "../demo-smp.cfg"))


def session(name, cpu, entry):
    image = copy_image("autostart-" + name, entry)
    for link, target in LINKS:
        debugfs(image, "symlink %s %s" % (link, target))
    r = {}
    with Machine("autostart-" + name, iso=None, cpu=cpu,
                 extra=drive_args(image)) as m:
        m.expect(re.escape(PROMPT), timeout=300)
        r["boot"] = m.output.decode(errors="replace").replace("\r\n", "\n")
        r["list"] = run(m, "xl list")
        for guest in ("demo", "demo-smp"):
            attach_and_wait_for_boot(m, guest)
            r["answer_" + guest] = guest_command(m, "echo $((6 * 7))")
            detach(m)
        start = len(m.output)
        m.send("poweroff\r")
        r["exit"] = m.wait_exit(300)
        r["poweroff"] = m.output[start:].decode(errors="replace").replace(
            "\r\n", "\n")
    r["state"] = fs_state(image)
    return r


class AutostartChecks:
    def test_broken_link_logged_and_skipped(self):
        boot = self.r["boot"]
        self.assertIn("autostart: starting /etc/xen/auto/0-broken.cfg\n"
                      "xl create: config file /etc/xen/auto/0-broken.cfg: "
                      "No such file or directory\n"
                      "autostart: /etc/xen/auto/0-broken.cfg: not started, "
                      "skipped\n", boot)

    def test_linked_guests_start_at_boot(self):
        boot = self.r["boot"]
        self.assertIn("autostart: starting /etc/xen/auto/1-demo.cfg\n", boot)
        self.assertIn("autostart: starting /etc/xen/auto/2-smp.cfg\n", boot)
        self.assertLess(boot.index("2-smp.cfg"), boot.rindex(PROMPT))
        self.assertRegex(self.r["list"], r"(?m)^demo +1 +256 +1 ")
        # (its second vCPU may still be coming up)
        self.assertRegex(self.r["list"], r"(?m)^demo-smp +2 +256 +[12] ")
        self.assertEqual(self.r["answer_demo"], "42")
        self.assertEqual(self.r["answer_demo-smp"], "42")

    def test_poweroff_shuts_the_guests_down_first(self):
        out = self.r["poweroff"]
        asked = [out.index("shutdown: asking '%s' (%d) to power off"
                           % (g, i)) for g, i in (("demo", 1),
                                                  ("demo-smp", 2))]
        down = [out.index("xl: domain '%s' (%d) powered off" % (g, i))
                for g, i in (("demo", 1), ("demo-smp", 2))]
        unmounted = out.index("hostfs: unmounted")
        self.assertLess(max(asked), min(down))
        self.assertLess(max(down), unmounted)
        self.assertNotIn("did not shut down in time", out)
        self.assertIn("poweroff: ACPI S5", out)
        self.assertEqual(self.r["exit"], 0)
        self.assertEqual(self.r["state"], "clean")


class XenCoreAutostart(AutostartChecks, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.r = session("xen-core", "max", 0)


class StockXenAutostart(AutostartChecks, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.r = session("stock", STOCK_CPU, STOCK_ENTRY)


if __name__ == "__main__":
    unittest.main()
