"""The probe PV kernel, booted as dom0 on xen-core and on stock Xen 4.17,
dumps what it was given at boot; the dumps must agree wherever the PV ABI
fixes the value (start_info, initial registers, bootstrap layout,
features, CPUID as a PV guest sees it)."""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from machine import BUILD, STOCK_CPU, Machine, make_iso  # noqa: E402
from probe import parse_probe_dump  # noqa: E402

PROBE = os.path.join(BUILD, "pv-kernels", "probe.elf")
HCPAGE = os.path.join(BUILD, "pv-kernels", "hcpage.elf")
INITRD = os.path.join(BUILD, "test-isos", "probe-initrd.bin")
HV_CMDLINE = "console=com1 com1=115200,8n1 dom0_mem=64M noreboot"
CMDLINE = "probe-cmdline a=b"

# What each hypervisor may choose for itself is not compared: which CPU
# power-management data it wants from dom0 (pm_flags) and whether it hands
# dom0 a VGA text console (console_info_*).  The probe prints no machine
# addresses, and skips the L4 slots that belong to the hypervisor.
NOT_FIXED_BY_ABI = {"pm_flags", "console_info_off", "console_info_size"}


def make_initrd():
    """An odd-sized module with recognisable content."""
    os.makedirs(os.path.dirname(INITRD), exist_ok=True)
    with open(INITRD, "wb") as f:
        f.write(b"INITRD!!" + bytes((i * 7) & 255 for i in range(12345)))


def probe_dump(hypervisor, cpu):
    iso = make_iso("probe-" + hypervisor, hypervisor, HV_CMDLINE,
                   [(PROBE, CMDLINE), (INITRD, "")])
    with Machine("probe-" + hypervisor, iso=iso, cpu=cpu) as m:
        m.expect(r"probe: begin")
        start = m.pos
        m.expect(r"probe: end")
        text = m.text_since(start)
    return parse_probe_dump(text)


class ProbeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        make_initrd()
        cls.ours = probe_dump("xen-core", "max")
        cls.stock = probe_dump("stock", STOCK_CPU)

    def test_boot_state_is_sane_on_xen_core(self):
        d = self.ours
        self.assertEqual(d["magic"], "xen-3.0-x86_64")
        self.assertEqual(d["nr_pages"], str(64 * 256))
        self.assertEqual(d["cmd_line"], CMDLINE)
        self.assertEqual(d["rsi_is_start_info"], "yes")
        self.assertEqual(d["other_gprs_zero"], "yes")
        self.assertEqual(d["p2m_m2p_mismatches"], "0")
        self.assertEqual(d["cpuid_hv_signature"], "XenVMMXenVMM")
        self.assertEqual(d["cpuid7_smep"], "0")
        self.assertEqual(d["cpuid7_smap"], "0")
        self.assertEqual(d["xen_version"], "4.17")
        self.assertEqual(d["mod_len"], str(8 + 12345))
        self.assertEqual(d["initrd_first"], "INITRD!!")

    def test_dumps_agree_where_the_abi_fixes_them(self):
        keys = (set(self.ours) | set(self.stock)) - NOT_FIXED_BY_ABI
        for key in sorted(keys):
            with self.subTest(key=key):
                self.assertEqual(self.ours.get(key), self.stock.get(key))


class HypercallPageTest(unittest.TestCase):
    """A kernel whose ELF notes ask for a hypercall page calls through it."""

    def run_on(self, hypervisor, cpu):
        iso = make_iso("hcpage-" + hypervisor, hypervisor, HV_CMDLINE,
                       [(HCPAGE, "")])
        with Machine("hcpage-" + hypervisor, iso=iso, cpu=cpu) as m:
            m.expect(r"hcpage: console_io through the hypercall page")
            m.expect(r"hcpage: xen_version through the page: 4\.17")
            m.expect(r"Dom0 (shutdown|halted): halting machine")
            self.assertNotIn(b"still running", m.output)

    def test_xen_core(self):
        self.run_on("xen-core", "max")

    def test_stock_xen(self):
        self.run_on("stock", STOCK_CPU)


if __name__ == "__main__":
    unittest.main()
