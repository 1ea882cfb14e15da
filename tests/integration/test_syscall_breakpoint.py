"""XSA-260 (CVE-2018-8897): a #DB delivered at the SYSCALL entry, before
xen-core has a stack of its own, must not run on the guest's stack.  On
hardware a guest's data breakpoint on a `mov ss` operand followed by
`syscall` delivers one there; QEMU's TCG does not reproduce that quirk,
so the test checks the mechanism: xen-core's test-only boot option
test_syscall_breakpoint arms a ring-0 instruction breakpoint on the
SYSCALL entry of every CPU.  Every hypercall of the control domain and
every system call of a Linux guest then takes that #DB (on its IST
stack, dropped with RF set, as Xen drops it), and both work as usual."""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from machine import BUILD, Machine, make_iso  # noqa: E402
from xl_shell import (PROMPT, run, guest_command,  # noqa: E402
                      wait_for_guest_shell, detach)

HV_CMDLINE = ("console=com1 com1=115200,8n1 dom0_mem=128M noreboot "
              "test_syscall_breakpoint")
MODULES = [(os.path.join(BUILD, "toolstack-domain", "toolstack-domain.elf"),
            ""), (os.path.join(BUILD, "rootfs.cpio"), "")]


class SyscallEntryBreakpointTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        iso = make_iso("syscall-breakpoint", "xen-core", HV_CMDLINE, MODULES)
        r = cls.r = {}
        with Machine("syscall-breakpoint", iso=iso, cpu="max") as m:
            m.expect(re.escape(PROMPT), timeout=300)
            r["dmesg"] = run(m, "xl dmesg")
            r["info"] = run(m, "xl info")
            m.send("xl create /etc/xen/demo.cfg -c\r")
            wait_for_guest_shell(m)
            r["arith"] = guest_command(m, "echo $((6 * 7))")
            r["files"] = guest_command(m, "ls /proc/self/ | wc -l")
            r["uname"] = guest_command(m, "uname -s")
            detach(m)
            r["destroy"] = run(m, "xl destroy demo")
            r["list"] = run(m, "xl list")

    def test_the_breakpoint_fires_and_is_dropped(self):
        self.assertIn("test_syscall_breakpoint", self.r["dmesg"])
        self.assertRegex(self.r["dmesg"],
                         r"#DB at the SYSCALL entry, rsp 0x[0-9a-f]+: "
                         r"dropped")

    def test_the_control_domain_works(self):
        self.assertRegex(self.r["info"], r"(?m)^xen_version\s*: 4\.17")

    def test_linux_system_calls_work(self):
        self.assertEqual(self.r["arith"], "42")
        self.assertEqual(self.r["uname"], "Linux")
        self.assertGreater(int(self.r["files"]), 10)
        self.assertNotRegex(self.r["list"], r"(?m)^demo\s")


if __name__ == "__main__":
    unittest.main()
