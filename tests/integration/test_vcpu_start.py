"""A PV domU that starts its own secondary vCPUs.

Our test kernel tests/pv-kernels/vcpus.c runs as a 4-vCPU domU
(/etc/xen/vcpus.cfg) and starts vCPUs 1-3 with VCPUOP_initialise and
VCPUOP_up, as Linux does: bad contexts are refused, each new vCPU's
first instruction saves the FPU state it was started with (clean, never
vCPU 0's: the XSA-267 class of leak; or the image its context gave; or,
for an MXCSR the CPU refuses, clean again), #NM comes from a context's
CR0.TS, vCPUs go down and up, and the last vCPU down shuts the domain
down, reporting the shutdown code the guest set first.  Every judged answer must equal stock Xen 4.17's, as recorded in
transcripts/vcpu-start.stock.txt by tests/tools/record-transcripts.py;
`make test-differential` runs the same session on stock Xen.
"""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from machine import Machine  # noqa: E402
from differential import session_tests  # noqa: E402
import transcripts  # noqa: E402
from xl_shell import (PROMPT, run, free_memory,  # noqa: E402
                      free_memory_settled, page_audit)

TRANSCRIPT = "vcpu-start"
KERNEL = "vcpus"


def answers(r):
    return transcripts.judged_answers(r["answers"], KERNEL)


def session(name, iso, cpu, audit=False):
    """@audit: xen-core's page audit once the domain is gone."""
    r = {}
    with Machine("vcpu-start-" + name, iso=iso, cpu=cpu) as m:
        m.expect(re.escape(PROMPT), timeout=300)
        r["free_before"] = free_memory(m)
        m.send("xl create /etc/xen/vcpus.cfg -c\r")
        m.expect(r"vcpus: begin")
        start = m.pos
        m.expect(r"vcpus: survived, \d+ wrong answers")
        m.expect(r"xl: domain 'vcpus' \(\d+\) [^\r\n]*\r?\n")
        r["answers"] = m.text_since(start)
        m.expect(re.escape(PROMPT))
        m.wait_quiet(1.0)
        r["list"] = run(m, "xl list")
        r["free_after"] = free_memory_settled(m, r["free_before"])
        if audit:
            r["audit"] = page_audit(m)
    return r


class VcpuStartSession:
    r = None

    def test_every_answer_is_right(self):
        self.assertIn("survived, 0 wrong answers", self.r["answers"])
        self.assertNotIn("WRONG", self.r["answers"])

    def test_the_answers_are_stock_xen_s(self):
        self.assertEqual(answers(self.r), transcripts.stock(TRANSCRIPT))

    def test_new_vcpus_start_with_the_state_they_are_given(self):
        clean = "fcw 0x37f fsw 0x0 ftw 0x0 mxcsr 0x1f80 xmm0 0000 st0 0000"
        given = "fcw 0x27f fsw 0x0 ftw 0x0 mxcsr 0x3f80 xmm0 3130 st0 0000"
        for line in ("vCPU 0 started with %s: the initial state" % clean,
                     "vCPU 1 started with %s: the initial state, not "
                     "vCPU 0's" % clean,
                     "vCPU 2 started with %s: the state it was given" % given,
                     "#NM on vCPU 3's first FPU use rc=1"):
            self.assertIn("vcpus: %s ok" % line, self.r["answers"])

    def test_bad_contexts_are_refused_as_in_xen(self):
        for line in ("initialise vCPU 0 (running) rc=-17",
                     "initialise with a non-canonical fs_base rc=-22",
                     "initialise with a non-canonical kernel_sp rc=-22",
                     "initialise in user mode without a user table rc=-22",
                     "initialise vCPU 1 (vm_assist ignored) rc=0",
                     "initialise vCPU 1 again rc=-17"):
            self.assertIn("vcpus: %s ok" % line, self.r["answers"])

    def test_the_last_vcpu_down_shuts_the_domain_down(self):
        """With the reason the guest's first SCHEDOP_shutdown_code gave:
        reboot, not the poweroff a last VCPUOP_down means."""
        self.assertRegex(self.r["answers"],
                         r"xl: domain 'vcpus' \(\d+\) rebooted")
        self.assertNotIn("still running after", self.r["answers"])
        self.assertNotRegex(self.r["list"], r"(?m)^vcpus\s")

    def test_everything_comes_back(self):
        self.assertEqual(self.r["free_after"], self.r["free_before"])


XenCoreTest, StockXenTest = session_tests(__name__, session, VcpuStartSession)


if __name__ == "__main__":
    unittest.main()
