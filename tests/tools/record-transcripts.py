#!/usr/bin/env python3
"""Records stock Xen 4.17's answers to our hostile test kernels.

usage: record-transcripts.py [TEST-MODULE...]

Boots build/xen-core-stock.iso (make iso), runs the session of each
named integration test (default: all of SESSIONS) on stock Xen and
writes its judged answers to tests/integration/transcripts/NAME.stock.txt,
which `make test` holds xen-core to.  Run it again when a kernel gains
or changes a case, and commit the transcript with the change.  Each
test module has TRANSCRIPT, session(name, iso, cpu) and answers(r).
"""
import importlib
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from machine import STOCK_CPU, STOCK_ISO  # noqa: E402
import transcripts  # noqa: E402

SESSIONS = ("test_hostile_domu", "test_vcpu_start", "test_dead_mapper",
            "test_smp_race")


def record(module_name):
    test = importlib.import_module(module_name)
    lines = test.answers(test.session("stock", STOCK_ISO, STOCK_CPU))
    if not lines or any(line.endswith(" WRONG") for line in lines):
        sys.exit("%s: stock Xen's answers are not all as the kernel "
                 "expects:\n%s" % (module_name, "\n".join(lines)))
    transcripts.write_stock(test.TRANSCRIPT, lines)
    print("%d answers written to %s" % (len(lines),
                                         transcripts.path(test.TRANSCRIPT)))


def main():
    for name in sys.argv[1:] or SESSIONS:
        record(name)


if __name__ == "__main__":
    main()
