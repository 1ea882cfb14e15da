"""Misbehaving control domains: xen-core reports their errors, survives
hostile hypercall arguments, and honours noreboot when dom0 dies."""
import os
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from machine import BUILD, Machine, make_iso  # noqa: E402

KERNELS = os.path.join(BUILD, "pv-kernels")
CMDLINE = "console=com1 com1=115200,8n1 dom0_mem=64M"


class MisbehavingDom0Test(unittest.TestCase):
    def test_hostile_arguments_get_errors_and_the_crash_is_reported(self):
        iso = make_iso("hostile", "xen-core", CMDLINE + " noreboot",
                       [(os.path.join(KERNELS, "hostile.elf"), "")])
        with Machine("hostile", iso=iso) as m:
            m.expect(r"hostile: begin")
            start = m.pos
            m.expect(r"hostile: survived, (\d+) wrong answers")
            answers = m.text_since(start)
            self.assertNotIn("WRONG", answers)
            self.assertGreater(answers.count(" ok"), 80)
            m.expect(r"domain_crash called for domain 0: unhandled exception"
                     r" 14 at 0x40000000 .*no trap handler registered")
            m.expect(r"RIP:    e033:\[<0000000040000000>\]")
            m.expect(r"Hardware Dom0 crashed: 'noreboot' set, halting")
            m.expect(r"Manual reset required")
            time.sleep(2)
            self.assertIsNone(m.proc.poll(), "noreboot: the machine must stay")
            self.assertNotIn(b"FATAL TRAP", m.output)
            self.assertNotIn(b"Panic", m.output)

    def test_fault_without_trap_table_reboots_without_noreboot(self):
        iso = make_iso("crash", "xen-core", CMDLINE,
                       [(os.path.join(KERNELS, "crash.elf"), "")])
        with Machine("crash", iso=iso) as m:
            m.expect(r"crash: touching an unmapped address")
            m.expect(r"domain_crash called for domain 0: unhandled exception"
                     r" 14 at 0x[0-9a-f]+ .*no trap handler")
            m.expect(r"Hardware Dom0 crashed: rebooting machine")
            # QEMU runs with -no-reboot: a reset makes it exit.
            self.assertEqual(m.wait_exit(60), 0)
            self.assertNotIn(b"still alive", m.output)


if __name__ == "__main__":
    unittest.main()
