"""Random hypercalls from a domU: xen-core and the control domain survive.

Our fuzz kernel (tests/pv-kernels/fuzz.c) runs as a domU and makes
hypercalls drawn from the ABI's, with sub-operations and arguments drawn
by kind from a seed.  It runs seed after seed (FUZZ_SEED, default 1)
until FUZZ_CALLS calls (default 100000; `make stress` asks for more)
were made; a seed may end in the guest's death, as on Xen, and the next
goes on.  Afterwards the shell answers, every frame is back, and on
xen-core the page audit finds every reference adding up.  Stock Xen
runs the same seeds in `make test-differential`.
"""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from machine import Machine, Timeout  # noqa: E402
from differential import session_tests  # noqa: E402
from xl_shell import (PROMPT, run, run_while_guest_runs,  # noqa: E402
                      free_memory, free_memory_settled, page_audit, detach)

TOTAL_CALLS = int(os.environ.get("FUZZ_CALLS", "100000"))
FIRST_SEED = int(os.environ.get("FUZZ_SEED", "1"))
CALLS_PER_SEED = 5000
SEED_TIMEOUT = 300


def run_seed(m, seed):
    """One domU's run: (calls made, how it ended).  A guest that wrecked
    itself so far that it neither ends nor reports is destroyed."""
    m.send("xl create /etc/xen/fuzz.cfg -c 'extra=\"seed=%d calls=%d\"'\r"
           % (seed, CALLS_PER_SEED))
    start = m.pos
    try:
        end = m.expect(r"xl: domain 'fuzz' \(\d+\) ([^\r\n]*)\r?\n",
                       timeout=SEED_TIMEOUT).group(1).decode()
        out = m.text_since(start)
        m.expect(re.escape(PROMPT))
    except Timeout:
        out = m.text_since(start)
        detach(m)
        run_while_guest_runs(m, "xl destroy fuzz")
        end = "hung: destroyed"
    done = re.search(r"fuzz: seed %d: done, (\d+) calls" % seed, out)
    if done:
        return int(done.group(1)), end
    counts = re.findall(r"fuzz: seed %d: (\d+) calls" % seed, out)
    return (int(counts[-1]) if counts else 0), end


def session(name, iso, cpu, audit=False):
    r = {"seeds": []}
    with Machine("hypercall-fuzz-" + name, iso=iso, cpu=cpu) as m:
        m.expect(re.escape(PROMPT), timeout=300)
        r["free_before"] = free_memory(m)
        seed, total = FIRST_SEED, 0
        while total < TOTAL_CALLS:
            calls, end = run_seed(m, seed)
            r["seeds"].append((seed, calls, end))
            total += calls
            seed += 1
        m.wait_quiet(1.0)
        r["list"] = run(m, "xl list")
        r["info"] = run(m, "xl info")
        r["free_after"] = free_memory_settled(m, r["free_before"])
        if audit:
            r["audit"] = page_audit(m)
    return r


class HypercallFuzzSession:
    r = None

    def test_the_calls_were_made(self):
        self.assertGreaterEqual(sum(c for _, c, _ in self.r["seeds"]),
                                TOTAL_CALLS, self.r["seeds"])

    def test_the_control_domain_survives(self):
        self.assertRegex(self.r["list"], r"(?m)^Domain-0\s")
        self.assertNotRegex(self.r["list"], r"(?m)^fuzz\s")
        self.assertIn("free_memory", self.r["info"])

    def test_every_frame_comes_back(self):
        self.assertEqual(self.r["free_after"], self.r["free_before"])


XenCoreTest, StockXenTest = session_tests(__name__, session, HypercallFuzzSession)


if __name__ == "__main__":
    unittest.main()
