"""A 2-vCPU domU racing its own page-table and grant operations.

Our race test kernel (tests/pv-kernels/race.c) runs 20000 rounds on each
of its two vCPUs: both pin and unpin one L1 table, while vCPU 1 also
maps its frame writable and writes entries into it through mmu_update;
both map and unmap one grant of its own while vCPU 1 keeps ending and
renewing it.  Who wins each race is the hypervisor's choice; what is
judged is the state once both stop (every reference given back: the
frame maps writable and pins again; the grant at rest), which must
equal stock Xen 4.17's (transcripts/smp-race.stock.txt).  On xen-core
the page audit recounts every frame with the guest alive after the
races, and after it is gone; every frame comes back.
"""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from machine import Machine  # noqa: E402
from differential import FramesBack, StockAnswers, session_tests  # noqa: E402
from xl_shell import (PROMPT, free_memory, page_audit,  # noqa: E402
                      detach, release_waiting_guest, record_the_end)

TRANSCRIPT = "smp-race"
KERNEL = "race"
RACE_TIMEOUT = 600


def session(name, iso, cpu, audit=False):
    r = {}
    with Machine("smp-race-" + name, iso=iso, cpu=cpu) as m:
        m.expect(re.escape(PROMPT), timeout=300)
        r["free_before"] = free_memory(m)
        m.send("xl create /etc/xen/race.cfg -c\r")
        m.expect(r"race: begin")
        start = m.pos
        m.expect(r"race: done, \d+ wrong answers", timeout=RACE_TIMEOUT)
        r["answers"] = m.text_since(start)
        detach(m)
        if audit:
            r["audit_alive"] = page_audit(m)
        release_waiting_guest(m, "race")
        record_the_end(m, r, audit)
    return r


class SmpRaceSession(StockAnswers, FramesBack):
    TRANSCRIPT, KERNEL, ANSWERS = TRANSCRIPT, KERNEL, "answers"
    END = "done"
    GUESTS = ("race",)
    r = None

    def test_both_vcpus_raced(self):
        for cpu in (0, 1):
            self.assertRegex(self.r["answers"], r"race: vCPU %d pin: "
                             r"\d+ done, \d+ refused" % cpu)
        self.assertIn("race: vCPU 1 finished ok", self.r["answers"])

    def test_every_reference_came_back_to_the_guest(self):
        self.assert_answered("the L1 frame maps writable again rc=0",
                             "it pins again rc=0", "the grant at rest rc=1",
                             "the data frame maps writable")


answers = SmpRaceSession.answers
XenCoreTest, StockXenTest = session_tests(__name__, session, SmpRaceSession,
                                         ("audit_alive", "audit_end"))


if __name__ == "__main__":
    unittest.main()
