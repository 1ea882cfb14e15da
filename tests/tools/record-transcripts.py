#!/usr/bin/env python3
"""Records stock Xen 4.17's answers to the hostile domU.

Boots build/xen-core-stock.iso (make iso), runs the hostile session of
tests/integration/test_hostile_domu.py on stock Xen and writes its judged
answers to tests/integration/transcripts/hostile-domu.stock.txt, which
`make test` holds xen-core to.  Run it again when the hostile kernel
gains or changes a case, and commit the transcript with the change.
"""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "integration"))
sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from machine import STOCK_CPU, STOCK_ISO  # noqa: E402
import test_hostile_domu as hostile  # noqa: E402


def main():
    r = hostile.session("stock", STOCK_ISO, STOCK_CPU)
    lines = hostile.judged_answers(r["answers"] + r["crash"])
    if not lines or any(line.endswith(" WRONG") for line in lines):
        sys.exit("stock Xen's answers are not all as the kernel expects:\n"
                 + "\n".join(lines))
    with open(hostile.TRANSCRIPT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("%d answers written to %s" % (len(lines), hostile.TRANSCRIPT))


if __name__ == "__main__":
    main()
