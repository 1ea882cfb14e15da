"""Several Linux domUs at once, one of them SMP.

One session per hypervisor: `xl create` of demo-smp (Debian's standard
kernel, XZ, two vCPUs), demo (the cloud kernel, LZ4) and the probe, so
three domUs run at the same time; demo-smp's /proc/cpuinfo shows two
CPUs and its shell answers after a sleep (timers and IPIs on both
vCPUs), demo's shell answers too; `xl list` shows all three; destroying
them gives back every frame.  Stock Xen 4.17 runs the same session; on
xen-core the page audit (debug key 'A') recounts every frame's
references while the three run and after they are gone."""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from machine import ISO, STOCK_ISO, STOCK_CPU, Machine  # noqa: E402
from xl_shell import (PROMPT, run, run_while_guest_runs,  # noqa: E402
                      free_memory, free_memory_settled, guest_command,
                      attach_and_wait_for_boot, detach, page_audit,
                      CleanAudits)

GUESTS = ("demo-smp", "demo", "probe")


def session(name, iso, cpu, audit=False):
    r = {}
    with Machine("linux-guests-" + name, iso=iso, cpu=cpu) as m:
        m.expect(re.escape(PROMPT), timeout=300)
        r["free_before"] = free_memory(m)
        for guest in GUESTS:
            r["create_" + guest] = run_while_guest_runs(
                m, "xl create /etc/xen/%s.cfg" % guest)
        attach_and_wait_for_boot(m, "demo-smp")
        r["smp_cpus"] = guest_command(m, "grep -c ^processor /proc/cpuinfo")
        r["smp_online"] = guest_command(m, "cat /sys/devices/system/cpu/online")
        r["smp_slept"] = guest_command(m, "sleep 2; echo slept")
        detach(m)
        attach_and_wait_for_boot(m, "demo")
        r["demo_answer"] = guest_command(m, "echo $((6 * 7))")
        detach(m)
        m.wait_quiet(1.0)
        r["list"] = run(m, "xl list")
        r["vcpu_list"] = run(m, "xl vcpu-list demo-smp")
        if audit:
            r["audit_running"] = page_audit(m)
        for guest in GUESTS:
            r["destroy_" + guest] = run(m, "xl destroy " + guest)
        r["list_after"] = run(m, "xl list")
        r["free_after"] = free_memory_settled(m, r["free_before"])
        if audit:
            r["audit_end"] = page_audit(m)
    return r


class LinuxGuestsSession:
    r = None

    def test_smp_guest_has_two_working_cpus(self):
        self.assertEqual(self.r["smp_cpus"], "2")
        self.assertEqual(self.r["smp_online"], "0-1")
        self.assertEqual(self.r["smp_slept"], "slept")

    def test_three_guests_run_at_once(self):
        self.assertEqual(self.r["demo_answer"], "42")
        for guest, vcpus in (("demo-smp", 2), ("demo", 1), ("probe", 1)):
            self.assertRegex(self.r["list"],
                             r"(?m)^%s\s+\d+\s+\d+\s+%d\s" % (guest, vcpus))
        self.assertEqual(len(re.findall(r"(?m)^demo-smp\s",
                                        self.r["vcpu_list"])), 2)

    def test_destroying_them_returns_all_memory(self):
        for guest in GUESTS:
            self.assertNotIn("xl destroy", self.r["destroy_" + guest])
            self.assertNotIn(guest, self.r["list_after"])
        self.assertEqual(self.r["free_after"], self.r["free_before"])


class StockXenTest(LinuxGuestsSession, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.r = session("stock", STOCK_ISO, STOCK_CPU)


class XenCoreTest(CleanAudits, LinuxGuestsSession, unittest.TestCase):
    AUDITS = ("audit_running", "audit_end")

    @classmethod
    def setUpClass(cls):
        cls.r = session("xen-core", ISO, "max", audit=True)


if __name__ == "__main__":
    unittest.main()
