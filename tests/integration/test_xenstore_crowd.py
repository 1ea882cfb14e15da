"""XenStore answers a small guest created after a dozen others.

The isolation issue's hang: a small PV guest created right after a dozen
others stopped at its first XenStore read, its reply never coming.  Here,
in one boot, twelve xsping domUs (tests/pv-kernels/xsping.c) stay alive,
each reading XenStore now and then, while ten more, one after another,
each make 200 round trips with their console attached; every reply must
come.  Then the twelve are told data/done and power off; every frame
comes back; on xen-core the page audit is clean.  Stock Xen runs the
same in `make test-differential`.
"""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from machine import Machine  # noqa: E402
from differential import FramesBack, session_tests  # noqa: E402
from xl_shell import (PROMPT, run, free_memory,  # noqa: E402
                      release_waiting_guest, record_the_end)

STAYERS = 12
PROBES = 10
ROUNDS = 200
PROBE_TIMEOUT = 180


def start_stayers(m):
    for i in range(STAYERS):
        run(m, "xl create /etc/xen/xsping.cfg 'name=\"stay%d\"' "
            "'extra=\"rounds=20 stay=1\"'" % i)


def probe(m, i):
    """(replies, lost) of one attached probe's round trips."""
    m.send("xl create /etc/xen/xsping.cfg -c 'name=\"probe%d\"' "
           "'extra=\"rounds=%d\"'\r" % (i, ROUNDS))
    found = m.expect(r"xsping: done, (\d+) replies, (\d+) lost",
                     timeout=PROBE_TIMEOUT)
    m.expect(r"xl: domain 'probe%d' \(\d+\) powered off" % i)
    m.expect(re.escape(PROMPT))
    return int(found.group(1)), int(found.group(2))


def session(name, iso, cpu, audit=False):
    r = {"probes": []}
    with Machine("xenstore-crowd-" + name, iso=iso, cpu=cpu) as m:
        m.expect(re.escape(PROMPT), timeout=300)
        r["free_before"] = free_memory(m)
        start_stayers(m)
        r["crowd"] = run(m, "xl list")
        for i in range(PROBES):
            r["probes"].append(probe(m, i))
        for i in range(STAYERS):
            release_waiting_guest(m, "stay%d" % i)
        record_the_end(m, r, audit)
    return r


class XenStoreCrowdSession(FramesBack):
    GUESTS = (r"stay\d+", r"probe\d+")
    r = None

    def test_the_crowd_was_there(self):
        self.assertEqual(len(re.findall(r"(?m)^stay\d+\s", self.r["crowd"])),
                         STAYERS)

    def test_every_reply_came(self):
        self.assertEqual(self.r["probes"], [(ROUNDS, 0)] * PROBES)


XenCoreTest, StockXenTest = session_tests(__name__, session,
                                          XenStoreCrowdSession, ("audit_end",))


if __name__ == "__main__":
    unittest.main()
