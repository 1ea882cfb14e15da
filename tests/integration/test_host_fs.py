"""The host filesystem, as a user at the serial console meets it.

The toolstack domain boots from a copy of build/xen-core.img and mounts
its ext4 partition read-write.  Through the shell a user makes a
directory, copies, renames, links and removes files, types one with
`cat > FILE`, and starts a guest from a config on the disk.  Errors name
the file and the reason.  `sync` and `poweroff` really flush: QEMU counts
the disk's flush requests (QMP query-blockstats; -no-shutdown keeps QEMU
there to be asked after the poweroff).  On the host, e2fsck -fn then finds
the filesystem consistent and dumpe2fs says clean; a second boot sees
every file.  Filling the disk gives "No space left on device", leaves no
part of the file that did not fit, and the filesystem stays consistent.
The toolstack domain's log (its messages and MiniOS's, from the boot on)
is in /var/log/xen/toolstack.log after each boot; one found past the
rotation size at boot goes to toolstack.log.1 first.
The whole session runs on xen-core and on Debian's stock Xen 4.17."""
import os
import re
import sys
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from disk import (STOCK_ENTRY, copy_image, debugfs, drive_args,  # noqa
                  fs_state, fsck)
from machine import STOCK_CPU, Machine  # noqa: E402
from qmp import Qmp  # noqa: E402
from xl_shell import PROMPT, run, run_while_guest_runs  # noqa: E402

CTRL_D = "\x04"
KERNEL = "/var/lib/xen/images/vmlinuz-cloud"
MAX_FILL = 60           # copies of KERNEL (14 MB) before the disk is full
LOG = "/var/log/xen/toolstack.log"
OLD_LOG_LINE = "a line of an older log\n"
OLD_LOG_LINES = 12000   # 276 KB: past the rotation size (256 KB)


def boot(name, image, cpu):
    m = Machine(name, iso=None, cpu=cpu,
                extra=drive_args(image) + ["-no-shutdown", "-qmp",
                                           "unix:%s.qmp,server=on,wait=off"
                                           % image])
    m.start()
    m.expect(r"hostfs: [^\r\n]*\r?\n", timeout=300)
    m.expect(PROMPT)
    return m, Qmp(image + ".qmp")


def power_off(m, qmp, r, key):
    """poweroff, then the flushes it made, with QEMU kept to be asked."""
    before = qmp.flushes("hostdisk")
    m.send("poweroff\r")
    m.expect(r"hostfs: unmounted")
    for _ in range(600):
        if qmp.status() == "shutdown":
            break
        time.sleep(0.1)
    r[key] = qmp.flushes("hostdisk") - before
    qmp.execute("quit")
    m.wait_exit()
    qmp.close()


def type_file(m, path, lines):
    m.send("cat > %s\r" % path)
    m.expect(re.escape("cat > %s" % path) + r"\r?\n")
    for line in lines:
        m.send(line + "\r")
        m.expect(re.escape(line) + r"\r\n")
    m.send(CTRL_D)
    m.expect(PROMPT)


def first_boot(m, qmp, r):
    r["mounted"] = m.output.decode(errors="replace")
    r["df"] = run(m, "df")
    for line in ("mkdir /work", "cp /etc/xen/probe.cfg /work/probe.cfg",
                 "ln -s /work/probe.cfg /work/link.cfg",
                 "mv /work/probe.cfg /work/moved.cfg",
                 "cp /var/lib/xen/images/probe.elf /work/gone.elf",
                 "rm /work/gone.elf"):
        r[line] = run(m, line)
    type_file(m, "/work/typed.txt", ["line one", "line  two"])
    for line in ("mkdir /work/sub /work/sub/deeper", "cp /work/typed.txt "
                 "/work/sub/deeper/t", "mv /work/sub /sub-moved",
                 "mkdir /empty", "rmdir /empty"):
        r[line] = run(m, line)
    r["ls_moved"] = run(m, "ls -l /sub-moved/deeper")
    r["ls"] = run(m, "ls -l /work")
    r["errors"] = {line: run(m, line) for line in (
        "cat /work/nosuch", "rm /work", "mkdir /work",
        "cp /etc/xen/probe.cfg /nodir/x", "mv /nosuch /work/x",
        "ln -s /x /work/typed.txt", "rmdir /sub-moved",
        "mv /sub-moved /sub-moved/deeper/x", "rmdir /work/typed.txt")}
    r["create"] = run_while_guest_runs(m, "xl create /work/moved.cfg")
    m.expect(r"keeping 'probe' \(on_poweroff=preserve\)")
    r["list"] = run(m, "xl list")
    before = qmp.flushes("hostdisk")
    run(m, "sync")
    r["sync_flushes"] = qmp.flushes("hostdisk") - before


def second_boot(m, r):
    r["ls_again"] = run(m, "ls -l /work")
    r["typed_again"] = run(m, "cat /work/typed.txt")
    run(m, "mkdir /fill")
    r["df_before_fill"] = run(m, "df")
    for i in range(MAX_FILL):
        out = run(m, "cp %s /fill/k%d" % (KERNEL, i))
        if out.strip():
            r["full"] = out
            r["full_name"] = "k%d" % i
            break
    r["ls_full"] = run(m, "ls /fill")
    r["df_full"] = run(m, "df")
    copies = ["/fill/k%d" % i for i in range(int(r["full_name"][1:]))]
    r["rm_fill"] = "".join(run(m, "rm " + " ".join(copies[i:i + 8]))
                           for i in range(0, len(copies), 8))
    r["df_emptied"] = run(m, "df")


def one_boot(name, image, cpu, r, work, flushes_key):
    m, qmp = boot(name, image, cpu)
    try:
        work(m, qmp, r)
        power_off(m, qmp, r, flushes_key)
    finally:
        m.close()


def old_log(image):
    """A log past the rotation size, put on the disk from the host."""
    path = image + ".old-log"
    with open(path, "w") as f:
        f.write(OLD_LOG_LINE * OLD_LOG_LINES)
    debugfs(image, "rm " + LOG)         # the disk's own, if it has one
    debugfs(image, "write %s %s" % (path, LOG))


def host_file(image, path):
    return debugfs(image, "cat " + path)


def session(name, cpu, entry):
    image = copy_image("hostfs-" + name, entry)
    old_log(image)
    r = {}
    one_boot("hostfs-%s-1" % name, image, cpu, r, first_boot,
             "poweroff_flushes")
    r["fsck"], r["state"] = fsck(image), fs_state(image)
    r["log"], r["old_log"] = host_file(image, LOG), host_file(image, LOG + ".1")
    one_boot("hostfs-%s-2" % name, image, cpu, r,
             lambda m, qmp, r: second_boot(m, r), "poweroff_flushes_2")
    r["fsck_2"], r["state_2"] = fsck(image), fs_state(image)
    r["log_2"] = host_file(image, LOG)
    return r


class HostFsChecks:
    def test_mounted_read_write(self):
        self.assertIn("hostfs: vda1 mounted read-write", self.r["mounted"])
        self.assertRegex(self.r["df"], r"/dev/vda1 +524288 +\d+ +\d+ +\d+% /\n")

    def test_file_commands(self):
        for line in ("mkdir /work", "cp /etc/xen/probe.cfg /work/probe.cfg",
                     "ln -s /work/probe.cfg /work/link.cfg",
                     "mv /work/probe.cfg /work/moved.cfg",
                     "cp /var/lib/xen/images/probe.elf /work/gone.elf",
                     "rm /work/gone.elf"):
            self.assertEqual(self.r[line], "", line)
        ls = self.r["ls"]
        self.assertRegex(ls, r"(?m)^lrwxrwxrwx +1 +15 .* link\.cfg -> "
                             r"/work/probe\.cfg$")
        self.assertRegex(ls, r"(?m)^-rw-r--r-- +1 +\d+ .* moved\.cfg$")
        self.assertRegex(ls, r"(?m)^-rw-r--r-- +1 +19 .* typed\.txt$")
        self.assertNotIn("gone.elf", ls)
        for line in ("mkdir /work/sub /work/sub/deeper", "cp /work/typed.txt "
                     "/work/sub/deeper/t", "mv /work/sub /sub-moved",
                     "mkdir /empty", "rmdir /empty"):
            self.assertEqual(self.r[line], "", line)
        self.assertRegex(self.r["ls_moved"], r"(?m)^-rw-r--r-- +1 +19 .* t$")
        self.assertNotIn("sub", ls)
        self.assertNotRegex(ls, r"(?m) probe\.cfg$")

    def test_errors_name_the_file_and_reason(self):
        e = self.r["errors"]
        self.assertEqual(e["cat /work/nosuch"],
                         "cat: /work/nosuch: No such file or directory\n")
        self.assertEqual(e["rm /work"], "rm: /work: Is a directory\n")
        self.assertEqual(e["mkdir /work"], "mkdir: /work: File exists\n")
        self.assertEqual(e["cp /etc/xen/probe.cfg /nodir/x"],
                         "cp: /nodir/x: No such file or directory\n")
        self.assertEqual(e["mv /nosuch /work/x"],
                         "mv: /nosuch: No such file or directory\n")
        self.assertEqual(e["ln -s /x /work/typed.txt"],
                         "ln: /work/typed.txt: File exists\n")
        self.assertEqual(e["rmdir /sub-moved"],
                         "rmdir: /sub-moved: Directory not empty\n")
        self.assertEqual(e["mv /sub-moved /sub-moved/deeper/x"],
                         "mv: /sub-moved/deeper/x: Invalid argument\n")
        self.assertEqual(e["rmdir /work/typed.txt"],
                         "rmdir: /work/typed.txt: Not a directory\n")

    def test_guest_from_the_disk(self):
        self.assertIn("Parsing config from /work/moved.cfg\n",
                      self.r["create"])
        self.assertNotIn("xl create:", self.r["create"])
        self.assertRegex(self.r["list"], r"(?m)^probe +\d+ +64 +1 ")

    def test_sync_and_poweroff_flush_the_disk(self):
        self.assertGreater(self.r["sync_flushes"], 0)
        self.assertGreater(self.r["poweroff_flushes"], 0)
        self.assertGreater(self.r["poweroff_flushes_2"], 0)

    def test_clean_and_consistent_after_poweroff(self):
        for fsck_key, state_key in (("fsck", "state"), ("fsck_2", "state_2")):
            rc, report = self.r[fsck_key]
            self.assertEqual(rc, 0, report)
            self.assertEqual(self.r[state_key], "clean")

    def test_files_survive_a_reboot(self):
        self.assertEqual(self.r["ls_again"], self.r["ls"])
        self.assertEqual(self.r["typed_again"], "line one\nline  two\n")

    def test_full_disk(self):
        self.assertEqual(self.r["full"], "cp: /fill/%s: No space left on "
                         "device\n" % self.r["full_name"])
        names = self.r["ls_full"].split()[::2]     # name, size, ...
        self.assertNotIn(self.r["full_name"], names)
        self.assertFalse([n for n in names if n.startswith(".")], names)
        self.assertRegex(self.r["df_full"], r" (9\d|100)% /")
        self.assertEqual(self.r["rm_fill"], "")
        # Removing the copies gave their blocks back.
        self.assertEqual(self.r["df_emptied"], self.r["df_before_fill"])


    def test_the_log_file(self):
        log = self.r["log"]
        self.assertIn("hostfs: vda1 mounted read-write\n", log)
        self.assertRegex(log, r"pci: 00:0[0-9a-f]\.0 SCSI storage controller")
        self.assertIn("shutdown: destroying 'probe' (1)\n", log)
        self.assertNotIn(OLD_LOG_LINE, log)
        self.assertEqual(self.r["old_log"], OLD_LOG_LINE * OLD_LOG_LINES)
        # The second boot's messages follow the first's.
        self.assertTrue(self.r["log_2"].startswith(log))
        self.assertEqual(self.r["log_2"].count("mounted read-write"), 2)


class XenCoreHostFs(HostFsChecks, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.r = session("xen-core", "max", 0)


class StockXenHostFs(HostFsChecks, unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.r = session("stock", STOCK_CPU, STOCK_ENTRY)


if __name__ == "__main__":
    unittest.main()
