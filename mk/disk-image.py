#!/usr/bin/env python3
"""Make or update build/xen-core.img, the host's disk, without root.

usage: disk-image.py IMAGE TREE [--fresh]

The disk: an MBR whose boot code is GRUB's boot.img, GRUB's core image in
the gap before the first partition, partition 1 an ext4 filesystem labelled
xen-host made from TREE (mke2fs -d), partition 2 left unformatted for `phy:`
disks.  TREE is the host's file tree: /boot (GRUB's menu, the hypervisors,
the toolstack domain), /etc/xen, /var/lib/xen/images, /var/log/xen.

An existing image is updated in place: only the files under TREE's /boot
are replaced (debugfs), so what a user put on the disk stays.  --fresh, or
an image of another layout, starts from a new one.
"""
import os
import struct
import subprocess
import sys
import tempfile

SECTOR = 512
HOST_START = 2048                 # 1 MiB: the gap GRUB's core image uses
HOST_SECTORS = 512 * 2048         # 512 MiB
SPARE_SECTORS = 64 * 2048         # 64 MiB
LABEL = "xen-host"
GRUB_DIR = "/usr/lib/grub/i386-pc"
# What GRUB needs before it can read /boot/grub/grub.cfg, and what that
# menu uses: everything is in the core image, nothing is loaded later.
GRUB_MODULES = ["biosdisk", "part_msdos", "ext2", "search", "normal",
                "configfile", "multiboot2", "gzio", "serial", "terminal",
                "echo", "test"]

# boot.img fields (GRUB's i386-pc boot.h): the LBA of the core image, the
# drive to load it from (0xff: the one the BIOS booted), and the jump over
# the hard-disk check (two nops make the check run, as grub-bios-setup does).
KERNEL_SECTOR_OFFSET = 0x5c
BOOT_DRIVE_OFFSET = 0x64
DRIVE_CHECK_OFFSET = 0x66
BOOT_CODE_SIZE = 440
# diskboot.img, the core image's first sector, ends with the list of the
# sectors it loads: start LBA, count, and the segment they go to.
BLOCKLIST_OFFSET = SECTOR - 12
CORE_SEGMENT = 0x820


def run(*cmd, **kw):
    subprocess.run(cmd, check=True, **kw)


def core_image(work):
    early = os.path.join(work, "early.cfg")
    with open(early, "w") as f:
        f.write(f"search --no-floppy --label {LABEL} --set=root\n"
                "set prefix=($root)/boot/grub\n")
    core = os.path.join(work, "core.img")
    run("grub-mkimage", "-O", "i386-pc", "-d", GRUB_DIR, "-o", core,
        "-c", early, "-p", "/boot/grub", *GRUB_MODULES)
    data = bytearray(open(core, "rb").read())
    data += bytes(-len(data) % SECTOR)
    sectors = len(data) // SECTOR
    if sectors >= HOST_START:
        sys.exit(f"disk-image: GRUB's core image ({sectors} sectors) "
                 f"does not fit before sector {HOST_START}")
    struct.pack_into("<QHH", data, BLOCKLIST_OFFSET, 2, sectors - 1,
                     CORE_SEGMENT)
    return bytes(data)


def partition_entry(boot, start, count, kind):
    # CHS fields say "use LBA" (1023/254/63), as partitioners write them.
    chs = b"\xfe\xff\xff"
    return struct.pack("<B3sB3sII", 0x80 if boot else 0, chs, kind, chs,
                       start, count)


def master_boot_record():
    boot = bytearray(open(os.path.join(GRUB_DIR, "boot.img"), "rb").read())
    struct.pack_into("<Q", boot, KERNEL_SECTOR_OFFSET, 1)
    boot[BOOT_DRIVE_OFFSET] = 0xff
    boot[DRIVE_CHECK_OFFSET:DRIVE_CHECK_OFFSET + 2] = b"\x90\x90"
    mbr = bytearray(SECTOR)
    mbr[:BOOT_CODE_SIZE] = boot[:BOOT_CODE_SIZE]
    struct.pack_into("<I", mbr, BOOT_CODE_SIZE, 0x78656e63)  # disk id
    mbr[446:462] = partition_entry(True, HOST_START, HOST_SECTORS, 0x83)
    mbr[462:478] = partition_entry(False, HOST_START + HOST_SECTORS,
                                   SPARE_SECTORS, 0x83)
    mbr[510:512] = b"\x55\xaa"
    return bytes(mbr)


def host_fs(image):
    """The host partition as e2fsprogs' tools name it inside the image."""
    return f"{image}?offset={HOST_START * SECTOR}"


def make_fresh(image, tree, work):
    os.makedirs(os.path.dirname(os.path.abspath(image)), exist_ok=True)
    tmp = image + ".tmp"
    with open(tmp, "wb") as f:
        f.truncate((HOST_START + HOST_SECTORS + SPARE_SECTORS) * SECTOR)
        f.write(master_boot_record())
        f.write(core_image(work))
    # mke2fs -d copies TREE in as root-owned files, no mount needed.
    run("mke2fs", "-q", "-F", "-t", "ext4", "-L", LABEL, "-d", tree,
        "-E", f"offset={HOST_START * SECTOR},root_owner=0:0", tmp,
        f"{HOST_SECTORS * SECTOR // 1024}k")
    os.replace(tmp, image)


def same_layout(image):
    try:
        with open(image, "rb") as f:
            mbr = f.read(SECTOR)
    except OSError:
        return False
    return mbr[446:478] == master_boot_record()[446:478]


def exists_on_disk(image, path):
    out = subprocess.run(["debugfs", "-R", f"stat {path}", host_fs(image)],
                         capture_output=True, text=True)
    return "Inode:" in out.stdout


def debugfs_commands(image, tree):
    """Replace every file of TREE/boot, making missing directories (debugfs
    would leave an unlinked inode behind for one that exists)."""
    cmds = []
    for top, dirs, files in os.walk(os.path.join(tree, "boot")):
        rel = "/" + os.path.relpath(top, tree)
        if not exists_on_disk(image, rel):
            cmds.append(f"mkdir {rel}")
        for name in sorted(files):
            cmds.append(f"rm {rel}/{name}")
            cmds.append(f"write {os.path.join(top, name)} {rel}/{name}")
        dirs.sort()
    return cmds


def update(image, tree, work):
    with open(image, "r+b") as f:
        f.write(master_boot_record()[:BOOT_CODE_SIZE])
        f.seek(SECTOR)
        f.write(core_image(work))
    script = os.path.join(work, "update.debugfs")
    with open(script, "w") as f:
        f.write("\n".join(debugfs_commands(image, tree)) + "\n")
    # debugfs reports "File not found" for the rm of a new file: expected,
    # so only the filesystem check below decides.
    run("debugfs", "-w", "-f", script, host_fs(image),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    run("e2fsck", "-fn", host_fs(image), stdout=subprocess.DEVNULL)


def main():
    args = [a for a in sys.argv[1:] if a != "--fresh"]
    if len(args) != 2:
        sys.exit(__doc__)
    image, tree = args
    with tempfile.TemporaryDirectory() as work:
        if "--fresh" in sys.argv or not same_layout(image):
            make_fresh(image, tree, work)
        else:
            update(image, tree, work)


if __name__ == "__main__":
    main()
