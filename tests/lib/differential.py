"""The two test classes of a session test that runs on both hypervisors.

A test module has session(name, iso, cpu, audit=False), which boots one
machine and returns what the checks read, and a mixin of checks reading
self.r.  session_tests() makes its XenCoreTest (with the page audits the
session stored under @audits, each of which must be clean) and its
StockXenTest (only in `make test-differential`).  Checks that mix in
StockAnswers also hold the session's judged answers to stock Xen 4.17's
transcript; with FramesBack, every frame its guests had comes back.
"""
import os
import unittest

from machine import ISO, STOCK_ISO, STOCK_CPU  # noqa: E402
import transcripts  # noqa: E402
from xl_shell import CleanAudits  # noqa: E402


class StockAnswers:
    """The judged answers of kernel KERNEL in self.r[ANSWERS] equal
    transcripts/TRANSCRIPT.stock.txt, and the kernel's own count of wrong
    ones, on its line "KERNEL: END, N wrong answers", is 0."""
    TRANSCRIPT = KERNEL = ANSWERS = END = None

    @classmethod
    def answers(cls, r):
        """What tests/tools/record-transcripts.py records."""
        return transcripts.judged_answers(r[cls.ANSWERS], cls.KERNEL)

    def assert_answered(self, *whats):
        """Each of @whats was judged "ok" by the kernel."""
        for what in whats:
            self.assertIn("%s: %s ok" % (self.KERNEL, what),
                          self.r[self.ANSWERS])

    def test_no_answer_is_wrong(self):
        self.assertIn("%s: %s, 0 wrong answers" % (self.KERNEL, self.END),
                      self.r[self.ANSWERS])

    def test_the_answers_are_stock_xen_s(self):
        self.assertEqual(self.answers(self.r),
                         transcripts.stock(self.TRANSCRIPT))


class FramesBack:
    """GUESTS are gone from self.r["list"], and free memory (xl info, in
    pages' worth of MiB) is back where it was before them."""
    GUESTS = ()

    def test_every_frame_comes_back(self):
        for guest in self.GUESTS:
            self.assertNotRegex(self.r["list"], r"(?m)^%s\s" % guest)
        self.assertEqual(self.r["free_after"], self.r["free_before"])


def session_tests(module, session, checks, audits=("audit",)):
    def named(cls, name):
        cls.__module__, cls.__name__, cls.__qualname__ = module, name, name
        return cls

    class XenCoreTest(CleanAudits, checks, unittest.TestCase):
        AUDITS = audits

        @classmethod
        def setUpClass(cls):
            cls.r = session("xen-core", ISO, "max", audit=True)

    @unittest.skipUnless(os.environ.get("XC_DIFFERENTIAL"),
                         "stock Xen runs in make test-differential")
    class StockXenTest(checks, unittest.TestCase):
        @classmethod
        def setUpClass(cls):
            cls.r = session("stock", STOCK_ISO, STOCK_CPU)

    return named(XenCoreTest, "XenCoreTest"), named(StockXenTest,
                                                    "StockXenTest")
