"""toolstack-domain as dom0 on Debian's stock Xen 4.17, driven through the
serial console like an operator would: banner, help, every `xl info` key
in xl's layout, the whole `xl dmesg` ring, error messages, backspace and
history, `poweroff` ending QEMU through ACPI S5, and `reboot`.

Needs the top-level build (build/toolstack-domain/toolstack-domain.elf and
build/xen-4.17 from `make`); boots one short QEMU at a time.
"""
import functools
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from machine import BUILD, BOOT_TIMEOUT, STOCK_CPU, Machine, make_iso  # noqa: E402

TOOLSTACK = os.path.join(BUILD, "toolstack-domain", "toolstack-domain.elf")
XEN_CMDLINE = "console=com1 com1=115200,8n1 dom0_mem=128M noreboot"
PROMPT = "toolstack-domain# "
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


@functools.lru_cache(maxsize=None)
def stock_iso():
    return make_iso("toolstack-stock", "stock", XEN_CMDLINE,
                    [(TOOLSTACK, "")])


def boot(name):
    m = Machine(name, iso=stock_iso(), cpu=STOCK_CPU)
    m.start()
    start = m.pos
    m.expect(re.escape(PROMPT), BOOT_TIMEOUT)
    return m, m.text_since(start)


def run(m, line):
    """Output of a shell command, CR LF turned into LF."""
    out, _ = m.command(line)
    return out.replace("\r\n", "\n")


class ToolstackDomainOnStockXen(unittest.TestCase):
    def test_shell_session(self):
        m, banner = boot("toolstack-stock-session")
        self.addCleanup(m.close)
        self.assertIn("toolstack-domain 0.1", banner)
        self.assertRegex(banner, r"running on Xen 4\.17\.\d+")
        self.assertIn("xen-3.0-x86_64", banner)

        out = run(m, "help")
        for name in ("xl", "uptime", "poweroff", "reboot"):
            self.assertIn(name, out)

        info = {}
        for line in run(m, "xl info").splitlines():
            key, sep, value = line.partition(":")
            self.assertEqual(sep, ":", "not key : value: %r" % line)
            self.assertEqual(len(key), 23, "key column width: %r" % line)
            info[key.strip()] = value.strip()
        self.assertEqual(list(info), XL_INFO_KEYS)
        self.assertEqual(info["xen_major"], "4")
        self.assertEqual(info["xen_minor"], "17")
        self.assertEqual(info["xen_version"], "4.17" + info["xen_extra"])
        self.assertEqual(info["nr_cpus"], "2")
        self.assertEqual(info["xen_pagesize"], "4096")
        self.assertEqual(info["xen_commandline"], XEN_CMDLINE)
        self.assertIn("pv", info["virt_caps"].split())
        self.assertEqual(info["platform_params"],
                         "virt_start=0xffff800000000000")
        self.assertGreater(int(info["total_memory"]), 1900)
        self.assertRegex(info["build_id"], r"^[0-9a-f]{40}$")

        dmesg = run(m, "xl dmesg")
        self.assertIn("(XEN) Xen version 4.17", dmesg)
        self.assertIn("Dom0 kernel: 64-bit", dmesg)
        # The whole ring, up to Xen's last boot message.
        self.assertIn("Freed", dmesg.rstrip().splitlines()[-1])

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

        m.send("poweroff\r")
        m.expect(r"poweroff: ACPI S5 via PM1a_CNT 0x[0-9a-f]+")
        self.assertEqual(m.wait_exit(), 0)

    def test_reboot(self):
        m, _ = boot("toolstack-stock-reboot")
        self.addCleanup(m.close)
        m.send("reboot\r")
        m.expect("Hardware Dom0 shutdown: rebooting machine")
        # QEMU runs with -no-reboot, so the machine reset ends it.
        self.assertEqual(m.wait_exit(), 0)


if __name__ == "__main__":
    unittest.main()
