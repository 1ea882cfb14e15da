"""The administration shell on the serial console, as a user meets it:
GRUB, the hypervisor's boot log, the banner and prompt, `xl info` and
`xl dmesg`, the CTRL-a switch to the hypervisor's debug keys and back, a
bad command, and `poweroff` ending QEMU.  The same session runs on
xen-core and on Debian's stock Xen 4.17 (the ISO's third entry), and on
xen-core with 1 to 4 CPUs and 1 to 4 GB."""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from machine import ISO, STOCK_ISO, STOCK_CPU, Machine  # noqa: E402

GRUB_LINE = "console=com1 com1=115200,8n1 dom0_mem=128M noreboot"
CTRL_A = "\x01"


def xl_info(m):
    out, _ = m.command("xl info")
    info = {}
    for line in out.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            info[key.strip()] = value.strip()
    return info


class ShellSession:
    """Checks shared by every hypervisor and machine size."""

    hypervisor_log = None

    def boot(self, m):
        m.expect(r"GNU GRUB|Booting `")
        m.expect(self.hypervisor_log)
        m.expect(r"toolstack-domain [0-9.]+ \(MiniOS\)")
        m.expect(r"running on Xen 4\.17")
        m.expect(r"toolstack-domain# $")

    def check_xl_info(self, m, cpus, mem_mib):
        info = xl_info(m)
        self.assertEqual(info["nr_cpus"], str(cpus))
        total = int(info["total_memory"])
        # Firmware keeps a little RAM for itself.
        self.assertLessEqual(total, mem_mib)
        self.assertGreater(total, mem_mib - 64)
        self.assertLess(int(info["free_memory"]), total)
        self.assertEqual(info["xen_major"], "4")
        self.assertEqual(info["xen_minor"], "17")
        self.assertEqual(info["xen_commandline"], GRUB_LINE)
        self.assertIn("xen-3.0-x86_64", info["xen_caps"])
        return info

    def check_poweroff(self, m):
        m.send("poweroff\r")
        self.assertEqual(m.wait_exit(120), 0)


class XenCoreShellTest(ShellSession, unittest.TestCase):
    hypervisor_log = r"\(XEN\) xen-core [0-9.]+ \(Xen 4\.17 ABI\) booting"

    def test_session(self):
        with Machine("shell-xen-core", iso=ISO, smp=2, mem="2G") as m:
            self.boot(m)
            info = self.check_xl_info(m, 2, 2048)
            self.assertEqual(info["xen_extra"], ".0-xen-core")

            out, _ = m.command("xl dmesg")
            self.assertIn("(XEN) xen-core", out)
            self.assertIn("(XEN) Brought up 2 CPUs", out)
            self.assertIn("(XEN) Command line: " + GRUB_LINE, out)

            out, _ = m.command("frobnicate")
            self.assertRegex(out, r"(?i)unknown command")
            out, _ = m.command("xl info --bogus")
            self.assertRegex(out, r"(?i)unexpected argument")

            m.send(CTRL_A * 3)
            m.expect(r"Serial input to Xen")
            m.send("h")
            # Listed in key order.
            m.expect(r"key 'R'.*reboot")
            m.expect(r"key 'h'.*show this message")
            m.expect(r"key 'q'.*dump domain")
            m.send("q")
            m.expect(r"General information for domain 0:")
            m.send(CTRL_A * 3)
            m.expect(r"Serial input to DOM0")
            out, _ = m.command("help")
            self.assertIn("poweroff", out)
            self.check_poweroff(m)

    def test_one_cpu_one_gigabyte(self):
        with Machine("shell-1cpu-1g", iso=ISO, smp=1, mem="1G") as m:
            self.boot(m)
            self.check_xl_info(m, 1, 1024)
            self.check_poweroff(m)

    def test_four_cpus_four_gigabytes(self):
        with Machine("shell-4cpu-4g", iso=ISO, smp=4, mem="4G") as m:
            self.boot(m)
            self.check_xl_info(m, 4, 4096)
            out, _ = m.command("xl dmesg")
            self.assertIn("Brought up 4 CPUs", out)
            self.check_poweroff(m)


class StockXenShellTest(ShellSession, unittest.TestCase):
    hypervisor_log = r"\(XEN\) Xen version 4\.17"

    def test_session(self):
        with Machine("shell-stock", iso=STOCK_ISO, smp=2, mem="2G",
                     cpu=STOCK_CPU) as m:
            self.boot(m)
            self.check_xl_info(m, 2, 2048)
            out, _ = m.command("xl dmesg")
            self.assertIn("(XEN) Xen version 4.17", out)
            out, _ = m.command("frobnicate")
            self.assertRegex(out, r"(?i)unknown command")
            m.send(CTRL_A * 3)
            m.expect(r"Serial input to Xen")
            m.send("h")
            m.expect(r"key 'q'")
            m.send(CTRL_A * 3)
            m.expect(r"Serial input to DOM0")
            out, _ = m.command("help")
            self.assertIn("poweroff", out)
            self.check_poweroff(m)


if __name__ == "__main__":
    unittest.main()
