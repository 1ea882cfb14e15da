"""A mapper dies holding a grant; its granter lives on.

Our peers test kernel (tests/pv-kernels/peers.c) runs twice: the granter
(/etc/xen/granter.cfg) grants a frame to the mapper (/etc/xen/mapper.cfg,
told the granter's id on its command line; the granter learns the
mapper's from data/peer, written here), which maps it writable, writes
into it and dies of a fault without unmapping (isolation issue hole 8).
The granter sees the pin go, as on Xen: GTF_reading and GTF_writing
clear, the mapper's write is there, and the grant can be ended.  On
xen-core the page audit recounts every frame while the granter still
runs and after it is gone; every frame comes back.

The granter's judged answers must equal stock Xen 4.17's
(transcripts/dead-mapper.stock.txt, by tests/tools/record-transcripts.py).
"""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from machine import Machine  # noqa: E402
from differential import FramesBack, StockAnswers, session_tests  # noqa: E402
from xl_shell import (PROMPT, run, run_while_guest_runs,  # noqa: E402
                      free_memory, page_audit, detach, domid,
                      release_waiting_guest, record_the_end)

TRANSCRIPT = "dead-mapper"
KERNEL = "peers"
PEER_TIMEOUT = 180


def session(name, iso, cpu, audit=False):
    r = {}
    with Machine("dead-mapper-" + name, iso=iso, cpu=cpu) as m:
        m.expect(re.escape(PROMPT), timeout=300)
        r["free_before"] = free_memory(m)
        run(m, "xl create /etc/xen/granter.cfg")
        granter = domid(m, "granter")
        run(m, "xl create /etc/xen/mapper.cfg 'extra=\"mapper=1 peer=%d\"'"
            % granter)
        mapper = domid(m, "mapper")
        before = m.pos
        run_while_guest_runs(m, "xenstore-write /local/domain/%d/data/peer %d"
                             % (granter, mapper))
        m.pos = before  # the mapper may die before the prompt is back
        death = m.expect(r"xl: domain 'mapper' \(\d+\) ([^\r\n]*)\r?\n",
                         timeout=PEER_TIMEOUT)
        r["death"] = death.group(1).decode()
        m.wait_quiet(1.0)
        m.send("xl console granter\r")
        start = m.pos
        m.expect(r"peers: granter done, \d+ wrong answers",
                 timeout=PEER_TIMEOUT)
        r["granter"] = m.text_since(start)
        detach(m)
        if audit:
            r["audit_granter_alive"] = page_audit(m)
        release_waiting_guest(m, "granter", timeout=PEER_TIMEOUT)
        record_the_end(m, r, audit)
    return r


class DeadMapperSession(StockAnswers, FramesBack):
    TRANSCRIPT, KERNEL, ANSWERS = TRANSCRIPT, KERNEL, "granter"
    END = "granter done"
    GUESTS = ("granter", "mapper")
    r = None

    def test_the_mapper_died_of_its_fault(self):
        self.assertRegex(self.r["death"], r"^crashed")

    def test_the_granter_sees_the_mapping_go(self):
        self.assert_answered("the mapper mapped our grant",
                             "the mapping went with the mapper",
                             "grant flags after the mapper died rc=1",
                             "the mapper's write came through",
                             "the grant can be ended")


answers = DeadMapperSession.answers
XenCoreTest, StockXenTest = session_tests(__name__, session, DeadMapperSession,
                                         ("audit_granter_alive", "audit_end"))


if __name__ == "__main__":
    unittest.main()
