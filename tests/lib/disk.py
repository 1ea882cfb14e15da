"""The host disk in tests: copies of build/xen-core.img a test may write,
their GRUB default entry, and the host's view of their ext4 partition."""
import os
import subprocess

from machine import BUILD, ROOT

IMAGE = os.path.join(BUILD, "xen-core.img")
TEST_DISKS = os.path.join(BUILD, "test-disks")
HOST_PARTITION_OFFSET = 1024 * 1024
STOCK_ENTRY = 2


def host_fs(path):
    """The host partition as e2fsprogs' tools name it inside an image."""
    return "%s?offset=%d" % (path, HOST_PARTITION_OFFSET)


def copy_image(name, default_entry=0, xen_core_opts=""):
    """A fresh copy of the disk, booting GRUB entry @default_entry, with
    @xen_core_opts added to xen-core's command line."""
    os.makedirs(TEST_DISKS, exist_ok=True)
    path = os.path.join(TEST_DISKS, name + ".img")
    subprocess.run(["cp", "--sparse=always", IMAGE, path], check=True)
    if default_entry or xen_core_opts:
        cfg = os.path.join(TEST_DISKS, name + "-grub.cfg")
        with open(cfg, "w") as f:
            subprocess.run([os.path.join(ROOT, "grub", "mkgrubcfg.sh"),
                            str(default_entry)], stdout=f, check=True,
                           env=dict(os.environ, BOOT_ARCHIVE="",
                                    XEN_CORE_OPTS=xen_core_opts))
        debugfs(path, "rm /boot/grub/grub.cfg")
        debugfs(path, "write %s /boot/grub/grub.cfg" % cfg)
    return path


def debugfs(path, request):
    return subprocess.run(["debugfs", "-w", "-R", request, host_fs(path)],
                          check=True, capture_output=True, text=True).stdout


def fsck(path):
    """e2fsck -fn's exit status and report."""
    r = subprocess.run(["e2fsck", "-fn", host_fs(path)],
                       capture_output=True, text=True)
    return r.returncode, r.stdout + r.stderr


def fs_state(path):
    """dumpe2fs -h's "Filesystem state" ("clean", "not clean", ...)."""
    out = subprocess.run(["dumpe2fs", "-h", host_fs(path)],
                         capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Filesystem state:"):
            return line.split(":", 1)[1].strip()
    return None


def drive_args(path, model="virtio", snapshot=False):
    device = {
        "virtio": "virtio-blk-pci,drive=hostdisk",
        "virtio-modern": "virtio-blk-pci,drive=hostdisk,disable-legacy=on",
        "ahci": "ide-hd,drive=hostdisk,bus=ide.0",
    }[model]
    return ["-drive", "file=%s,format=raw,if=none,id=hostdisk%s"
            % (path, ",snapshot=on" if snapshot else ""),
            "-device", device]
