"""Booting from the host disk, build/xen-core.img, as `make run` does.

SeaBIOS runs GRUB's boot code from the MBR, which loads GRUB's core image
from the gap before the first partition; GRUB finds the ext4 partition
labelled xen-host and boots from its /boot.  The toolstack domain then
enumerates PCI itself (configuration space through the hypervisor's
0xCF8/0xCFC mediation) and drives the same disk: with virtio-blk, as QEMU's
transitional device and as its modern-only one, and with q35's AHCI.
`lspci` shows the controller and the driver bound to it; `lsblk` the disk,
its two partitions and the host filesystem's label, all read from the disk
through that driver; the demo guest, its kernel and initramfs read from
the disk, reaches its shell.  The same boot on Debian's stock Xen 4.17
(the disk's third GRUB entry) gives the same lists, and the same again on
xen-core with test_dom0_pfn_shuffle, which deals the control domain's
frames out to its pfns in random order: a driver that took a pfn for a
bus address, or contiguous pfns for contiguous memory, would fail."""
import os
import re
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from disk import IMAGE, STOCK_ENTRY, copy_image, drive_args  # noqa: E402
from machine import STOCK_CPU, Machine  # noqa: E402
from xl_shell import (PROMPT, attach_and_wait_for_boot, detach,  # noqa
                      guest_command, run_while_guest_runs)

CONTROLLERS = {
    "virtio": r"00:0[0-9a-f]\.0 SCSI storage controller \[0100\]: 1af4:1001 .*driver "
              r"virtio-blk",
    "virtio-modern": r"00:0[0-9a-f]\.0 SCSI storage controller \[0100\]: 1af4:1042 .*driver "
                     r"virtio-blk",
    "ahci": r"00:1f\.2 SATA controller \[0106\]: 8086:2922 .*driver ahci",
}

# Devices q35 always has, whatever the disk.
Q35_DEVICES = [
    r"00:00\.0 Host bridge \[0600\]: 8086:29c0 .*driver none",
    r"00:1f\.0 ISA bridge \[0601\]: 8086:2918 .*driver none",
    r"00:1f\.3 SMBus \[0c05\]: 8086:2930 .*driver none",
]


def run(m, line):
    out, _ = m.command(line)
    return out.replace("\r\n", "\n")


class DiskBoot:
    """Boot from the disk attached as @model; subclasses name the
    hypervisor."""

    cpu = "max"
    hypervisor_line = None

    def image(self):
        return IMAGE

    def boot(self, model):
        m = Machine("disk-%s-%s" % (self.name, model), iso=None,
                    cpu=self.cpu,
                    extra=drive_args(self.image(), model, snapshot=True))
        m.start()
        self.addCleanup(m.close)
        m.expect(self.hypervisor_line)
        m.expect(PROMPT)
        return m

    def start_demo_guest(self, m):
        out = run_while_guest_runs(m, "xl create /etc/xen/demo.cfg")
        self.assertNotIn("xl create:", out)
        attach_and_wait_for_boot(m, "demo")
        self.assertEqual(guest_command(m, "echo $((6 * 7))"), "42")
        detach(m)

    def check_disk(self, model, disk, guest=True):
        m = self.boot(model)
        boot_log = m.output.decode(errors="replace")
        pci_log = "\n".join(re.findall(r"pci: [^\r\n]*", boot_log))
        self.assertRegex(pci_log, r"pci: " + CONTROLLERS[model])
        lspci = run(m, "lspci")
        self.assertRegex(lspci, CONTROLLERS[model])
        for device in Q35_DEVICES:
            self.assertRegex(lspci, device)
        lsblk = run(m, "lsblk")
        self.assertRegex(lsblk, r"\n%s +577M +0 disk +%s\n" % (
            disk, "ahci" if model == "ahci" else "virtio-blk"))
        self.assertRegex(lsblk, r"\n`-%s1 +512M +0 part xen-host *\n" % disk)
        self.assertRegex(lsblk, r"\n`-%s2 +64M +0 part *\n" % disk)
        self.assertNotRegex(boot_log, r"device failed|port stopped|"
                            r"broke its queue|timed out")
        # Mounted: the guest's files come from the disk, not the archive.
        self.assertIn("hostfs: %s1 mounted read-write" % disk, boot_log)
        if guest:
            self.start_demo_guest(m)
        return boot_log

    def test_virtio_blk(self):
        self.check_disk("virtio", "vda")


class XenCoreDiskBoot(DiskBoot, unittest.TestCase):
    name = "xen-core"
    hypervisor_line = r"\(XEN\) xen-core"

    def test_virtio_blk_modern_only(self):
        self.check_disk("virtio-modern", "vda")

    def test_ahci(self):
        self.check_disk("ahci", "sda")


class ShuffledXenCoreDiskBoot(DiskBoot, unittest.TestCase):
    name = "shuffled"
    hypervisor_line = r"\(XEN\) xen-core"

    def image(self):
        return copy_image("shuffled", 0, "test_dom0_pfn_shuffle")

    def check_disk(self, model, disk, guest=True):
        boot_log = super().check_disk(model, disk, guest)
        self.assertIn("Dom0: pseudo-physical frames shuffled", boot_log)

    def test_ahci(self):
        self.check_disk("ahci", "sda")


class StockXenDiskBoot(DiskBoot, unittest.TestCase):
    name = "stock"
    cpu = STOCK_CPU
    hypervisor_line = r"Xen version 4\.17"

    def image(self):
        return copy_image("stock", STOCK_ENTRY)

    def test_ahci(self):
        self.check_disk("ahci", "sda", guest=False)


if __name__ == "__main__":
    unittest.main()
