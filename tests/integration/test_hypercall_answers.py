"""Differential runs of dom0 test kernels that print what each hypercall
answered; xen-core and stock Xen 4.17 must print the same.

- toolstack_abi: creates a domain, gives it vCPUs and memory
  (populate_physmap up to max_mem), maps one of its frames, takes one
  back, pauses, unpauses and destroys it, and checks the error answers;
  xen-core must also get all the memory back.
- segments: its own GDT and LDT (set_gdt, mmuext_op SET_LDT,
  update_descriptor, loading selectors from both), and what must be
  refused (system descriptors, a writable mapping of a descriptor page,
  unaligned updates, bad LDT bases and sizes).
- grants: grants its own pages and uses them: map, copy, unmap, and the
  errors for bad references, handles and permissions.
- debugregs: hardware watchpoints through set_debugreg: a watched write
  traps into its #DB handler and shows in DR6, reads and disabled ones
  do not, the hypervisor writing a watched buffer does not reach it, bad
  registers, addresses and I/O breakpoints are refused.
- ptwr: stores straight into its read-only L1 table as Linux does (mov,
  xchg, cmpxchg, lock btr/bts, lock andb), and one the hypervisor must
  refuse, which comes back as the guest's own page fault."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from machine import BUILD, STOCK_CPU, Machine, make_iso  # noqa: E402

KERNELS = os.path.join(BUILD, "pv-kernels")
CMDLINE = "console=com1 com1=115200,8n1 dom0_mem=64M noreboot"
# Stock Xen frees some of a dead domain's memory (shared_info, vCPU
# state) after the hypercall returns, so only xen-core is held to it.
HYPERVISOR_TIMING = ("abi: free_pages_returned",)


def answers(kernel, tag, hypervisor, cpu):
    """The "<tag>: ..." lines @kernel prints as dom0 on @hypervisor."""
    name = "%s-%s" % (kernel, hypervisor)
    iso = make_iso(name, hypervisor, CMDLINE,
                   [(os.path.join(KERNELS, kernel + ".elf"), "")])
    with Machine(name, iso=iso, cpu=cpu) as m:
        m.expect(tag + r": begin")
        start = m.pos
        m.expect(tag + r": end")
        text = m.text_since(start)
    return [line.strip() for line in text.splitlines()
            if line.startswith(tag + ": ")]


class ToolstackAbiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.ours = answers("toolstack_abi", "abi", "xen-core", "max")
        cls.stock = answers("toolstack_abi", "abi", "stock", STOCK_CPU)

    def test_same_answers_as_stock_xen(self):
        def comparable(lines):
            return [l for l in lines if not l.startswith(HYPERVISOR_TIMING)]
        self.assertGreater(len(self.ours), 15)
        self.assertEqual(comparable(self.ours), comparable(self.stock))

    def test_expected_answers_on_xen_core(self):
        ours = "\n".join(self.ours)
        for line in ("abi: createdomain=0", "abi: max_vcpus_3=-22",
                     "abi: max_vcpus_2=0", "abi: populate_16=16 m2p_ok=yes",
                     "abi: populate_past_max=240", "abi: foreign_readback=ok",
                     "abi: decrease_1=1", "abi: destroy_self=-22",
                     "abi: destroy=0", "abi: destroyed getdomaininfo=-3",
                     "abi: bad_interface=-13",
                     "abi: free_pages_returned=all"):
            self.assertIn(line, ours)
        self.assertIn("tot_pages=256 max_pages=256 online=0 max_vcpu_id=1",
                      ours)


class SameAnswers:
    """A kernel whose answers must match stock Xen's, with some expected."""

    kernel = tag = None
    expected = ()

    def test_same_answers_as_stock_xen(self):
        ours = answers(self.kernel, self.tag, "xen-core", "max")
        stock = answers(self.kernel, self.tag, "stock", STOCK_CPU)
        for line in self.expected:
            self.assertIn(line, ours)
        self.assertEqual(ours, stock)


class SegmentsTest(SameAnswers, unittest.TestCase):
    kernel, tag = "segments", "seg"
    expected = ("seg: set_gdt=0", "seg: load_es_new=0x23",
                "seg: writable_map_of_gdt=-16", "seg: set_ldt=0",
                "seg: load_es_ldt=0xf", "seg: load_es_ldt_new=0x17",
                "seg: ldt_dpl_raised=yes", "seg: writable_map_of_ldt=-16",
                "seg: clear_ldt=0", "seg: ldt_writable_after_clear=0")


class DebugRegistersTest(SameAnswers, unittest.TestCase):
    kernel, tag = "debugregs", "dbg"
    expected = ("dbg: set_dr7=0", "dbg: hits_after_write=1",
                "dbg: dr6_b0=0x1", "dbg: hits_after_read=1 (read 1)",
                "dbg: set_dr0_in_xen=-1", "dbg: xen_writes_watched=0",
                "dbg: hits_after_second_write=2",
                "dbg: hits_after_disable=2")


class WritablePageTablesTest(SameAnswers, unittest.TestCase):
    kernel, tag = "ptwr", "ptwr"
    expected = ("ptwr: xchg_old_is_a=yes now_b=yes",
                "ptwr: forbidden_store_faults=1 still_a=yes")


class GrantTableTest(SameAnswers, unittest.TestCase):
    kernel, tag = "grants", "gnt"
    expected = ("gnt: map=0", "gnt: mapped_reads=yes",
                "gnt: flags_while_mapped=0x19", "gnt: copied=yes",
                "gnt: flags_after_unmap=0x1")


if __name__ == "__main__":
    unittest.main()
