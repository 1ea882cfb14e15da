"""A stock Debian Linux kernel as a PV domU, driven from the serial shell.

One long session per hypervisor (a Linux boot takes seconds to tens of
seconds under TCG): `xl create /etc/xen/demo.cfg -c` attaches at once
and the busybox initramfs prints its marker on hvc0; commands typed
there reach the guest's shell and their output comes back; the guest
reads and writes its own XenStore keys and is refused dom0's; CTRL-]
returns to the toolstack shell.  Then the life cycle, as an xl user
drives it: list, vcpu-list, uptime (against the guest's /proc/uptime),
pause and unpause (counted as in Xen; the guest's clock readings stall
while it is paused and go on after), `xl mem-set`
(the guest's balloon driver gives memory back), `xl reboot -w`
(on_reboot=restart: a new domain boots again), a kernel panic through
sysrq (on_crash=destroy, reported with its reason), `xl shutdown -w`
(the guest powers off cleanly through control/shutdown), `xl destroy`
of a guest still booting, and at the end `xl info`'s free_memory is
what it was before.  Stock Xen 4.17 runs the same session with the same
control domain (the differential smoke)."""
import os
import re
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from machine import ISO, STOCK_ISO, STOCK_CPU, Machine  # noqa: E402
from xl_shell import (PROMPT, GUEST_PROMPT, run,  # noqa: E402
                      run_while_guest_runs, free_memory, free_memory_settled,
                      guest_command, wait_for_guest_shell,
                      attach_and_wait_for_boot, detach)

BALLOON_KB = 128 * 1024         # xl mem-set demo 128
# The guest's clock, read into a file five times a second in the
# background; a pause shows as a gap in it, and it goes on afterwards.
# (Lines typed at the guest stay short: the tty wraps its echo.  No job
# control, so no "Terminated" notice lands in a later command's output.)
TICKER = "set +m;while :;do cut -d' ' -f1 /proc/uptime>>/t;sleep .2;done&T=$!"
# The longest gap between two readings and how many came from it on.
TICK_GAP = "awk '$1-p>g&&NR>1{g=$1-p;n=0}{n++;p=$1}END{print int(g),n}' /t"
PAUSE_S = 6
# The initramfs's XenStore client (mk/guest/xsclient.c), through the
# guest kernel's /dev/xen/xenbus: relative paths are its home.
XENSTORE_FROM_THE_GUEST = {
    "xs_name": "xsclient read name",
    "xs_write": "xsclient write data/greeting hello",
    "xs_read": "xsclient read data/greeting",
    "xs_dom0": "xsclient read /local/domain/0/name",
    "xs_overwrite_name": "xsclient write name evil",
}
DEMO_LINE = re.compile(
    r"^demo\s+(\d+)\s+(\d+)\s+(\d+)\s+([-rbpscwSd?]{6})\s+\d+\.\d$", re.M)


def session(name, iso, cpu):
    r = {}
    with Machine("linux-domu-" + name, iso=iso, cpu=cpu) as m:
        m.expect(re.escape(PROMPT), timeout=300)
        r["free_before"] = free_memory(m)
        created = time.monotonic()
        m.send("xl create /etc/xen/demo.cfg -c\r")
        wait_for_guest_shell(m)
        r["arith"] = guest_command(m, "echo $((6 * 7))")
        r["cpus"] = guest_command(m, "grep -c ^processor /proc/cpuinfo")
        r["uname"] = guest_command(m, "uname -sr")
        for key, line in XENSTORE_FROM_THE_GUEST.items():
            r[key] = guest_command(m, line)
        guest_command(m, TICKER)
        r["guest_uptime"] = guest_command(m, "cut -d' ' -f1 /proc/uptime")
        detach(m)
        r["uptime"] = run(m, "xl uptime demo")
        r["domain_age"] = time.monotonic() - created
        r["list"] = run(m, "xl list")
        r["vcpu_list"] = run(m, "xl vcpu-list demo")
        run(m, "xl pause demo")
        run(m, "xl pause demo")
        r["list_paused"] = run(m, "xl list demo")
        time.sleep(PAUSE_S)
        r["unpause_once"] = run(m, "xl unpause demo")
        r["list_still_paused"] = run(m, "xl list demo")
        r["unpause_twice"] = run(m, "xl unpause demo")
        r["list_unpaused"] = run(m, "xl list demo")
        r["unpause_running"] = run(m, "xl unpause demo")
        m.send("xl console demo\r")
        m.expect(GUEST_PROMPT)
        r["alive"] = guest_command(m, "echo alive")
        guest_command(m, "sleep 2; kill $T")
        r["ticks"] = guest_command(m, TICK_GAP)
        detach(m)
        r["mem_set"] = run(m, "xl mem-set demo 128")
        m.send("xl console demo\r")
        m.expect(GUEST_PROMPT)
        guest_command(m, "B=/sys/devices/system/xen_memory/xen_memory0")
        guest_command(m, "until [ $(cat $B/info/current_kb) -le %d ]; "
                         "do sleep 1; done" % BALLOON_KB)
        r["balloon_kb"] = guest_command(m, "cat $B/info/current_kb")
        detach(m)
        r["reboot"] = run_while_guest_runs(m, "xl reboot -w demo")
        r["list_rebooted"] = run(m, "xl list demo")
        attach_and_wait_for_boot(m, "demo")
        m.send("echo c > /proc/sysrq-trigger\r")
        start = m.pos
        m.expect(r"crashed: [^\r\n]*\r?\n")
        r["crash"] = m.text_since(start)
        m.expect(re.escape(PROMPT))
        m.wait_quiet(1.0)
        r["list_crashed"] = run(m, "xl list")
        run_while_guest_runs(m, "xl create /etc/xen/demo.cfg")
        attach_and_wait_for_boot(m, "demo")
        detach(m)
        r["shutdown"] = run_while_guest_runs(m, "xl shutdown -w demo")
        r["list_shut_down"] = run(m, "xl list")
        run_while_guest_runs(m, "xl create /etc/xen/demo.cfg")
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

    def test_guest_uses_xenstore_within_its_permissions(self):
        self.assertEqual(self.r["xs_name"], "demo")
        self.assertEqual(self.r["xs_write"], "")
        self.assertEqual(self.r["xs_read"], "hello")
        self.assertEqual(self.r["xs_dom0"], "xsclient: EACCES")
        self.assertEqual(self.r["xs_overwrite_name"], "xsclient: EACCES")

    def test_list_shows_the_running_guest(self):
        m = DEMO_LINE.search(self.r["list"])
        self.assertIsNotNone(m, self.r["list"])
        domid, mem, vcpus, state = m.groups()
        self.assertGreater(int(domid), 0)
        self.assertEqual(mem, "256")
        self.assertEqual(vcpus, "1")
        # Running, blocked, or runnable and waiting for a CPU.
        self.assertIn(state, ("r-----", "-b----", "------"))

    def test_vcpu_list_and_uptime(self):
        self.assertRegex(self.r["vcpu_list"],
                         r"(?m)^demo\s+\d+\s+0\s+\d+\s+[-r][-b]-\s+"
                         r"\d+\.\d\s+all / all$")
        self.assertEqual(len(self.r["vcpu_list"].strip().split("\n")), 2)

    def test_uptime_matches_the_guests_own(self):
        """xl uptime (whole seconds) lies between the guest's /proc/uptime
        read just before and the time since `xl create` was typed.  The
        domain is older than the guest kernel's clock by its build, so
        xl's count may exceed the guest's by more than the second between
        the two readings."""
        m = re.search(r"(?m)^demo\s+\d+\s+(\d+):(\d\d):(\d\d)$",
                      self.r["uptime"])
        self.assertIsNotNone(m, self.r["uptime"])
        h, mins, secs = map(int, m.groups())
        xl_uptime = h * 3600 + mins * 60 + secs
        guest = float(self.r["guest_uptime"])
        self.assertGreaterEqual(xl_uptime, guest - 1)
        self.assertLessEqual(xl_uptime, self.r["domain_age"] + 1)

    def test_pause_stops_the_guest_and_unpause_resumes_it(self):
        state = DEMO_LINE.search(self.r["list_paused"]).group(4)
        self.assertEqual(state[2], "p")
        # Pauses are counted as in Xen: two need two unpauses.
        self.assertEqual(self.r["unpause_once"].strip(), "")
        state = DEMO_LINE.search(self.r["list_still_paused"]).group(4)
        self.assertEqual(state[2], "p")
        self.assertEqual(self.r["unpause_twice"].strip(), "")
        state = DEMO_LINE.search(self.r["list_unpaused"]).group(4)
        self.assertEqual(state[2], "-")
        self.assertIn("EINVAL", self.r["unpause_running"])
        self.assertEqual(self.r["alive"], "alive")
        # The guest's clock readings stalled for the pause, then went on.
        gap, after = map(int, self.r["ticks"].split())
        self.assertGreaterEqual(gap, PAUSE_S - 1, self.r["ticks"])
        self.assertGreaterEqual(after, 3, self.r["ticks"])

    def test_mem_set_reaches_the_balloon_driver(self):
        self.assertEqual(self.r["mem_set"].strip(), "")
        self.assertEqual(int(self.r["balloon_kb"]), BALLOON_KB)

    def test_reboot_restarts_the_guest(self):
        self.assertIn("rebooted", self.r["reboot"])
        old = DEMO_LINE.search(self.r["list"]).group(1)
        new = DEMO_LINE.search(self.r["list_rebooted"]).group(1)
        self.assertNotEqual(old, new)

    def test_crash_is_reported_and_destroys(self):
        self.assertRegex(self.r["crash"],
                         r"xl: domain 'demo' \(\d+\) crashed: "
                         r"the guest reported a crash")
        self.assertNotIn("demo", self.r["list_crashed"])

    def test_shutdown_powers_the_guest_off(self):
        self.assertIn("powered off", self.r["shutdown"])
        self.assertNotIn("demo", self.r["list_shut_down"])

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
