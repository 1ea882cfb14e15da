"""`xl create` from the serial shell: the probe PV kernel as a domU.

On stock Xen 4.17 (the golden run) and on xen-core, one session each:
`ls /etc/xen`, `xl create /etc/xen/probe.cfg`, `xl list` shows the
guest, `xl console probe` shows the probe's dump (written by the guest
into its console ring, drained by our console backend) and CTRL-]
comes back to the shell, `xenstore-ls /local/domain/<id>` shows the
keys xl writes (served by our in-process xenstored), `xl destroy probe`
removes the guest and its keys and `xl info`'s free_memory is what it
was before.  The domU dumps must agree wherever
the PV ABI and the domain builder fix them; error cases get messages."""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from machine import ISO, STOCK_ISO, STOCK_CPU, Machine  # noqa: E402
from probe import parse_probe_dump  # noqa: E402
from xl_shell import (PROMPT, DETACH, run, run_while_guest_runs,  # noqa: E402
                      free_memory, free_memory_settled)

PROBE_LINE = re.compile(
    r"^probe\s+(\d+)\s+(\d+)\s+(\d+)\s+([-rbpscwSd?]{6})\s+\d+\.\d$", re.M)


def session(name, iso, cpu):
    """Runs the whole session; returns what the checks look at."""
    r = {}
    with Machine("xl-create-" + name, iso=iso, cpu=cpu) as m:
        m.expect(re.escape(PROMPT), timeout=300)
        r["ls"] = run(m, "ls /etc/xen")
        r["free_before"] = free_memory(m)
        r["create"] = run_while_guest_runs(m, "xl create /etc/xen/probe.cfg")
        m.send("xl console probe\r")
        m.expect(r"probe: begin")
        start = m.pos
        m.expect(r"probe: end")
        r["dump"] = parse_probe_dump(m.text_since(start))
        # The probe powers off after its dump; the hypervisor may log
        # that: let it pass while still attached, before using the shell.
        m.wait_quiet(2.0)
        m.send(DETACH)
        m.expect(re.escape(PROMPT))
        r["list"] = run(m, "xl list")
        r["list_by_name"] = run(m, "xl list probe")
        domid = PROBE_LINE.search(r["list"]).group(1)
        home = "/local/domain/" + domid
        r["domid"] = domid
        r["xs_ls"] = run(m, "xenstore-ls " + home)
        vm = run(m, "xenstore-read %s/vm" % home).strip()
        r["xs_vm"] = run(m, "xenstore-ls " + vm)
        r["xs_write"] = run(m, "xenstore-write /tool/test 'a b'")
        r["xs_read"] = run(m, "xenstore-read /tool/test")
        r["xs_rm"] = run(m, "xenstore-rm /tool/test")
        r["xs_gone"] = run(m, "xenstore-read /tool/test")
        r["xs_bench"] = run(m, "xenstore-bench 200")
        r["xs_bench_gone"] = run(m, "xenstore-ls /tool/xenstore-bench")
        r["xs_bench_bad"] = run(m, "xenstore-bench lots")
        r["again"] = run(m, "xl create /etc/xen/probe.cfg")
        # Quoted for the shell, as with xl: the value keeps its quotes.
        r["overridden"] = run_while_guest_runs(
            m, "xl create /etc/xen/probe.cfg 'name=\"probe-b\"' memory=48")
        m.wait_quiet(1.0)
        r["list_overridden"] = run(m, "xl list probe-b")
        r["destroy_overridden"] = run(m, "xl destroy probe-b")
        r["bad_override"] = run(m, "xl create /etc/xen/probe.cfg memory=lots")
        r["not_an_override"] = run(m, "xl create /etc/xen/probe.cfg extra")
        r["destroy"] = run(m, "xl destroy probe")
        r["list_after"] = run(m, "xl list")
        r["xs_after"] = run(m, "xenstore-ls /local/domain")
        r["free_after"] = free_memory_settled(m, r["free_before"])
        r["errors"] = {
            line: run(m, line) for line in (
                "xl create /etc/xen/missing.cfg", "xl create",
                "xl console nosuch", "xl destroy nosuch", "xl destroy 0",
                "xl list nosuch", "cat /etc/xen")}
    return r


class XlCreateSession:
    """Checks every hypervisor must pass; subclasses say which one."""

    r = None

    def test_config_is_in_the_boot_archive(self):
        self.assertIn("probe.cfg", self.r["ls"])

    def test_create_lists_the_guest(self):
        self.assertIn("Parsing config from /etc/xen/probe.cfg",
                      self.r["create"])
        self.assertIn("domain 'probe' already exists", self.r["again"])
        m = PROBE_LINE.search(self.r["list"])
        self.assertIsNotNone(m, self.r["list"])
        domid, mem, vcpus, state = m.groups()
        self.assertGreater(int(domid), 0)
        self.assertEqual(mem, "64")
        self.assertEqual(vcpus, "1")
        # After its dump the probe powers off: shut down, reason poweroff.
        self.assertEqual(state, "---s--")
        self.assertIn("Domain-0", self.r["list"])
        self.assertRegex(self.r["list_by_name"], PROBE_LINE)
        self.assertNotIn("Domain-0", self.r["list_by_name"])

    def test_console_shows_the_probe_dump(self):
        d = self.r["dump"]
        self.assertEqual(d["magic"], "xen-3.0-x86_64")
        self.assertEqual(d["nr_pages"], str(64 * 256))
        self.assertEqual(d["flags"], "0x0")     # a domU: not privileged
        self.assertEqual(d["rsi_is_start_info"], "yes")
        self.assertEqual(d["other_gprs_zero"], "yes")
        self.assertEqual(d["p2m_m2p_mismatches"], "0")
        self.assertEqual(d["cs"], "0xe033")
        self.assertEqual(d["mod_len"], "0")
        # Page tables mapped read-only, everything else writable, 4 MiB.
        self.assertEqual(d["layout"][-1].split()[1].split("-")[1],
                         "0x400000")
        self.assertIn("flags=0x5", " ".join(d["layout"]))

    def test_xenstore_has_the_keys_xl_writes(self):
        ls = self.r["xs_ls"]
        for line in ('name = "probe"', 'domid = "%s"' % self.r["domid"],
                     'static-max = "65536"', 'target = "65536"',
                     'shutdown = ""', 'data = ""', 'device = ""',
                     'type = "xenconsoled"', 'limit = "1048576"',
                     'availability = "online"'):
            self.assertIn(line, ls)
        self.assertRegex(ls, r'(?m)^vm = "/vm/[0-9a-f-]{36}"$')
        self.assertRegex(ls, r'(?m)^store = ""\n ring-ref = "\d+"\n'
                             r' port = "\d+"$')
        self.assertRegex(ls, r'(?m)^console = ""$')
        self.assertRegex(ls, r'(?m)^cpu = ""\n 0 = ""\n'
                             r'  availability = "online"$')
        self.assertIn('name = "probe"', self.r["xs_vm"])
        self.assertIn('ostype = "linux"', self.r["xs_vm"])

    def test_xenstore_commands(self):
        self.assertEqual(self.r["xs_write"].strip(), "")
        self.assertEqual(self.r["xs_read"].strip(), "a b")
        self.assertEqual(self.r["xs_rm"].strip(), "")
        self.assertIn("No such file", self.r["xs_gone"])

    def test_xenstore_bench_measures_and_cleans_up(self):
        rates = re.findall(r"(?m)^xenstore (\w+)\s+(\d+) requests/s$",
                           self.r["xs_bench"])
        self.assertEqual([op for op, _ in rates],
                         ["write", "read", "directory"], self.r["xs_bench"])
        for _, rate in rates:
            self.assertGreater(int(rate), 0)
        self.assertIn("No such file", self.r["xs_bench_gone"])
        self.assertIn("usage: xenstore-bench", self.r["xs_bench_bad"])

    def test_destroy_removes_it_and_frees_its_memory(self):
        self.assertNotIn("xl destroy", self.r["destroy"])
        self.assertNotIn("probe", self.r["list_after"])
        self.assertIn('0 = ""', self.r["xs_after"])
        self.assertNotIn('%s = ""' % self.r["domid"], self.r["xs_after"])
        self.assertEqual(self.r["free_after"], self.r["free_before"])

    def test_key_value_arguments_override_the_file(self):
        self.assertRegex(self.r["list_overridden"],
                         r"(?m)^probe-b\s+\d+\s+48\s+1\s")
        self.assertNotIn("xl destroy", self.r["destroy_overridden"])
        # Read as the lines after the file's eleven.
        self.assertIn("/etc/xen/probe.cfg:12: syntax error",
                      self.r["bad_override"])
        self.assertIn("usage: xl create", self.r["not_an_override"])

    def test_errors_are_reported(self):
        e = self.r["errors"]
        self.assertIn("No such file or directory",
                      e["xl create /etc/xen/missing.cfg"])
        self.assertIn("usage: xl create", e["xl create"])
        self.assertIn("no domain 'nosuch'", e["xl console nosuch"])
        self.assertIn("no domain named 'nosuch'", e["xl destroy nosuch"])
        self.assertIn("cannot destroy privileged domain 0",
                      e["xl destroy 0"])
        self.assertIn("not found", e["xl list nosuch"])
        self.assertIn("Is a directory", e["cat /etc/xen"])


class StockXenTest(XlCreateSession, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.r = session("stock", STOCK_ISO, STOCK_CPU)


# What a hypervisor may choose for itself, not fixed by the ABI: the
# event channel numbers it hands out.
NOT_FIXED_BY_ABI = {"store_evtchn", "console_evtchn"}


class XenCoreTest(XlCreateSession, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.golden = session("stock", STOCK_ISO, STOCK_CPU) \
            if StockXenTest.r is None else StockXenTest.r
        cls.r = session("xen-core", ISO, "max")

    def test_domu_dump_agrees_with_stock_xen(self):
        ours, stock = self.r["dump"], self.golden["dump"]
        self.assertGreater(len(ours), 20)
        for key in sorted((set(ours) | set(stock)) - NOT_FIXED_BY_ABI):
            with self.subTest(key=key):
                self.assertEqual(ours.get(key), stock.get(key))


if __name__ == "__main__":
    unittest.main()
