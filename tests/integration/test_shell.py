"""The administration shell on the serial console, as a user meets it.

One session runs on xen-core and on Debian's stock Xen 4.17 (the ISO's
third entry): GRUB, the hypervisor's boot log, the banner and prompt,
`help`, every `xl info` key in xl's layout, the whole `xl dmesg` ring,
error messages, backspace and history, CTRL-a three times to the
hypervisor's debug keys and back, and `poweroff` ending QEMU through ACPI
S5.  `reboot` resets the machine on both.  xen-core is also booted with
1 and 4 CPUs, 1 and 4 GB."""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from machine import ISO, STOCK_ISO, STOCK_CPU, Machine  # noqa: E402
from xl_shell import PROMPT, CTRL_A  # noqa: E402

GRUB_LINE = "console=com1 com1=115200,8n1 dom0_mem=128M noreboot"
UP = "\x1b[A"

XL_INFO_KEYS = [
    "host", "release", "version", "machine", "nr_cpus", "max_cpu_id",
    "nr_nodes", "cores_per_socket", "threads_per_core", "cpu_mhz", "hw_caps",
    "virt_caps", "total_memory", "free_memory", "sharing_freed_memory",
    "sharing_used_memory", "outstanding_claims", "free_cpus", "xen_major",
    "xen_minor", "xen_extra", "xen_version", "xen_caps", "xen_scheduler",
    "xen_pagesize", "platform_params", "xen_changeset", "xen_commandline",
    "cc_compiler", "cc_compile_by", "cc_compile_domain", "cc_compile_date",
    "build_id", "xend_config_format",
]


def run(m, line):
    """Output of a shell command, CR LF turned into LF."""
    out, _ = m.command(line)
    return out.replace("\r\n", "\n")


def xl_info(test, m):
    """xl info's keys and values; a line the hypervisor logs meanwhile
    (it shares the serial line) is not the command's."""
    info = {}
    text = re.sub(r"\(XEN\) [^\n]*\n", "", run(m, "xl info"))
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        test.assertEqual(sep, ":", "not key : value: %r" % line)
        test.assertEqual(len(key), 23, "key column width: %r" % line)
        info[key.strip()] = value.strip()
    return info


class ShellSession:
    """The checks every hypervisor must pass; subclasses say which one."""

    iso = cpu = name = None
    first_log_line = None       # the hypervisor's first (XEN) line
    dmesg_lines = ()            # lines `xl dmesg` must contain

    def boot(self, suffix, smp=2, mem="2G"):
        m = Machine("shell-%s-%s" % (self.name, suffix), iso=self.iso,
                    smp=smp, mem=mem, cpu=self.cpu)
        m.start()
        self.addCleanup(m.close)
        m.expect(r"Booting `")
        m.expect(self.first_log_line)
        start = m.pos
        m.expect(re.escape(PROMPT))
        return m, m.text_since(start)

    def check_xl_info(self, m, cpus, mem_mib):
        info = xl_info(self, m)
        self.assertEqual(list(info), XL_INFO_KEYS)
        self.assertEqual(info["nr_cpus"], str(cpus))
        self.assertEqual(info["max_cpu_id"], str(cpus - 1))
        total = int(info["total_memory"])
        self.assertLessEqual(total, mem_mib)      # firmware keeps a little
        self.assertGreater(total, mem_mib - 64)
        self.assertLess(int(info["free_memory"]), total)
        self.assertEqual(info["xen_major"], "4")
        self.assertEqual(info["xen_minor"], "17")
        self.assertEqual(info["xen_version"], "4.17" + info["xen_extra"])
        self.assertEqual(info["xen_pagesize"], "4096")
        self.assertEqual(info["xen_commandline"], GRUB_LINE)
        self.assertIn("xen-3.0-x86_64", info["xen_caps"])
        self.assertIn("pv", info["virt_caps"].split())
        self.assertEqual(info["platform_params"],
                         "virt_start=0xffff800000000000")
        self.assertRegex(info["build_id"], r"^[0-9a-f]{40}$")
        return info

    def check_debug_keys(self, m):
        m.send(CTRL_A * 3)
        m.expect(r"Serial input to Xen")
        m.send("h")
        m.expect(r"key 'R'.*reboot")          # listed in key order
        m.expect(r"key 'h'")
        m.expect(r"key 'q'.*dump domain")
        # What both hypervisors print for each key.
        for key, answer in (("q", r"General information for domain 0:"),
                            ("m", r"Physical memory"),
                            ("r", r"run queues|runq="),
                            ("d", r"\*\*\* Dumping CPU0")):
            m.send(key)
            m.expect(answer)
            m.wait_quiet()
        m.send(CTRL_A * 3)
        m.expect(r"Serial input to DOM0")

    def test_session(self):
        m, banner = self.boot("session")
        self.assertIn("toolstack-domain 0.1", banner)
        self.assertRegex(banner, r"running on Xen 4\.17\.\d+")
        self.assertIn("xen-3.0-x86_64", banner)

        out = run(m, "help")
        for name in ("xl", "uptime", "poweroff", "reboot"):
            self.assertIn(name, out)
        self.check_xl_info(m, 2, 2048)

        dmesg = run(m, "xl dmesg")
        for line in self.dmesg_lines:
            self.assertIn(line, dmesg)
        self.assertIn("(XEN) Command line: " + GRUB_LINE, dmesg)

        self.assertIn("bogus: unknown command", run(m, "bogus arg"))
        self.assertIn("xl info: unexpected argument 'x'", run(m, "xl info x"))
        self.assertIn("xl frob: unknown command", run(m, "xl frob"))
        self.assertIn("unterminated quote", run(m, "xl 'info"))
        self.assertIn("takes no arguments", run(m, "poweroff now"))

        # Backspace (DEL) fixes a typo before Enter.
        m.send("uptimx\x7fe\r")
        m.expect(r"\n \d\d:\d\d:\d\d up ")
        m.expect(re.escape(PROMPT))
        # Four lines back in history is "xl frob"; Enter runs it again.
        m.send(UP * 4)
        m.expect(re.escape(PROMPT + "xl frob\x1b[K"))
        m.send("\r")
        m.expect("xl frob: unknown command")
        m.expect(re.escape(PROMPT))

        mem = run(m, "meminfo")
        total = int(re.search(r"^total\s*:\s*(\d+) pages", mem, re.M).group(1))
        used = int(re.search(r"^used\s*:\s*(\d+) pages", mem, re.M).group(1))
        archive = int(re.search(r"^\s*boot archive\s*:\s*(\d+) pages", mem,
                                re.M).group(1))
        self.assertEqual(total, 128 * 256)          # dom0_mem=128M
        self.assertGreater(archive, 0)              # guest kernels, configs
        self.assertLess(used - archive, total // 8)

        self.check_debug_keys(m)
        self.assertIn("poweroff", run(m, "help"))

        m.send("poweroff\r")
        m.expect(r"poweroff: ACPI S5 via PM1a_CNT 0x[0-9a-f]+")
        self.assertEqual(m.wait_exit(), 0)

    def test_reboot(self):
        m, _ = self.boot("reboot")
        m.send("reboot\r")
        m.expect("Hardware Dom0 shutdown: rebooting machine")
        # QEMU runs with -no-reboot, so the machine reset ends it.
        self.assertEqual(m.wait_exit(), 0)


class XenCoreShellTest(ShellSession, unittest.TestCase):
    iso, cpu, name = ISO, "max", "xen-core"
    first_log_line = r"\(XEN\) xen-core [0-9.]+ \(Xen 4\.17 ABI\) booting"
    dmesg_lines = ("(XEN) xen-core", "(XEN) Brought up 2 CPUs")

    def test_one_cpu_one_gigabyte(self):
        m, _ = self.boot("1cpu-1g", smp=1, mem="1G")
        self.check_xl_info(m, 1, 1024)
        m.send("poweroff\r")
        self.assertEqual(m.wait_exit(), 0)

    def test_four_cpus_four_gigabytes(self):
        m, _ = self.boot("4cpu-4g", smp=4, mem="4G")
        self.check_xl_info(m, 4, 4096)
        self.assertIn("Brought up 4 CPUs", run(m, "xl dmesg"))
        m.send("poweroff\r")
        self.assertEqual(m.wait_exit(), 0)


class StockXenShellTest(ShellSession, unittest.TestCase):
    iso, cpu, name = STOCK_ISO, STOCK_CPU, "stock"
    first_log_line = r"\(XEN\) Xen version 4\.17"
    dmesg_lines = ("(XEN) Xen version 4.17", "Dom0 kernel: 64-bit")


if __name__ == "__main__":
    unittest.main()
