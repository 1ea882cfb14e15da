"""Judged answers of the PV test kernels and the stock Xen transcripts.

A test kernel prints each verdict as "KERNEL: WHAT rc=N ok" (or
"WRONG"; tests/pv-kernels/expect.c).  tests/tools/record-transcripts.py
records those lines once on stock Xen 4.17 into
tests/integration/transcripts/NAME.stock.txt; make test holds xen-core
to them.
"""
import os
import re

DIR = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", "integration",
                                    "transcripts"))


def path(name):
    return os.path.join(DIR, name + ".stock.txt")


def judged_answers(text, kernel):
    """The lines of a session's answers that carry a verdict.

    The hypervisor's own messages share the serial line with the guest's
    console, which reaches it later through the toolstack: one may land
    inside a guest line, and is taken out whole first.
    """
    text = re.sub(r"\(XEN\) [^\n]*\n", "", text)
    lines = (line.strip() for line in text.splitlines())
    verdict = re.compile(r"%s: .* (ok|WRONG)$" % re.escape(kernel))
    return [line for line in lines if verdict.match(line)]


def stock(name):
    with open(path(name)) as f:
        return f.read().splitlines()


def write_stock(name, lines):
    with open(path(name), "w") as f:
        f.write("\n".join(lines) + "\n")
