"""toolstack-domain as dom0 on Debian's stock Xen 4.17, driven through the
serial console like an operator would: banner, help, xl info, xl dmesg,
errors, history, poweroff making QEMU exit, and reboot.

Self-contained for now (tests/lib did not exist yet): it builds the dom0
ELF, fetches xen-hypervisor-4.17-amd64 with apt-get download into build/,
and makes its own GRUB rescue ISO.  Set TOOLSTACK_ISO to use a ready ISO
whose default entry boots stock Xen with toolstack-domain as dom0.
"""
import functools
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD = os.path.join(ROOT, "build")
WORK = os.path.join(BUILD, "test-stock-xen")
PROMPT = b"toolstack-domain# "
BOOT_TIMEOUT = 300      # guards against a hang; nothing asserts on time
COMMAND_TIMEOUT = 60

GRUB_CFG = """serial --unit=0 --speed=115200
terminal_input serial
terminal_output serial
set timeout=0
menuentry "stock Xen 4.17 + toolstack-domain" {
  multiboot2 /boot/xen.gz console=com1 com1=115200,8n1 dom0_mem=128M noreboot
  module2 /boot/toolstack-domain.elf
}
"""


def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, **kw)


def stock_xen():
    """Path of Debian's Xen 4.17 hypervisor image, fetched if needed."""
    found = glob.glob(os.path.join(WORK, "xen", "boot", "xen-4.17-amd64.gz"))
    if found:
        return found[0]
    debdir = os.path.join(WORK, "deb")
    os.makedirs(debdir, exist_ok=True)
    try:
        run(["apt-get", "download", "xen-hypervisor-4.17-amd64"], cwd=debdir)
    except subprocess.CalledProcessError:   # no package lists yet
        run(["apt-get", "update", "-q"])
        run(["apt-get", "download", "xen-hypervisor-4.17-amd64"], cwd=debdir)
    deb = glob.glob(os.path.join(debdir, "xen-hypervisor-4.17-amd64_*.deb"))[0]
    run(["dpkg-deb", "-x", deb, os.path.join(WORK, "xen")])
    return os.path.join(WORK, "xen", "boot", "xen-4.17-amd64.gz")


@functools.lru_cache(maxsize=None)
def build_iso():
    if os.environ.get("TOOLSTACK_ISO"):
        return os.environ["TOOLSTACK_ISO"]
    run(["make", "-C", os.path.join(ROOT, "toolstack-domain"),
         "O=" + os.path.join(BUILD, "toolstack-domain")])
    elf = os.path.join(BUILD, "toolstack-domain", "toolstack-domain.elf")
    tree = os.path.join(WORK, "iso")
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(os.path.join(tree, "boot", "grub"))
    shutil.copy(stock_xen(), os.path.join(tree, "boot", "xen.gz"))
    shutil.copy(elf, os.path.join(tree, "boot", "toolstack-domain.elf"))
    with open(os.path.join(tree, "boot", "grub", "grub.cfg"), "w") as f:
        f.write(GRUB_CFG)
    iso = os.path.join(WORK, "stock-xen-toolstack.iso")
    run(["grub-mkrescue", "-o", iso, tree], stderr=subprocess.DEVNULL)
    return iso


class SerialConsole:
    """QEMU with its serial port on a Unix socket we talk to."""

    def __init__(self, iso):
        self.dir = tempfile.mkdtemp()
        path = os.path.join(self.dir, "serial")
        self.qemu = subprocess.Popen(
            ["qemu-system-x86_64", "-M", "q35", "-cpu", "max,-smap,-smep",
             "-m", "2G", "-smp", "2", "-display", "none", "-no-reboot",
             "-monitor", "none", "-cdrom", iso,
             "-serial", "unix:%s,server=on,wait=on" % path],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.sock = socket.socket(socket.AF_UNIX)
        for _ in range(200):
            try:
                self.sock.connect(path)
                break
            except OSError:
                time.sleep(0.05)
        self.sock.settimeout(0.2)
        self.pending = b""
        self.log = b""

    def expect(self, marker, timeout):
        """Read until 'marker'; return everything before it."""
        deadline = time.monotonic() + timeout
        while marker not in self.pending:
            if time.monotonic() > deadline or self.qemu.poll() is not None:
                raise AssertionError("no %r on the console; got:\n%s" % (
                    marker, self.pending[-3000:].decode(errors="replace")))
            try:
                data = self.sock.recv(4096)
            except socket.timeout:
                continue
            if not data:
                continue
            self.pending += data
            self.log += data
        before, _, self.pending = self.pending.partition(marker)
        return before

    def type(self, keys):
        for b in keys:     # one byte at a time, as a person types
            self.sock.sendall(bytes([b]))
            time.sleep(0.005)

    def command(self, line):
        """Run a shell command; return its output as text."""
        self.type(line.encode() + b"\r")
        out = self.expect(PROMPT, COMMAND_TIMEOUT).decode(errors="replace")
        out = out.replace("\r\n", "\n")
        first, _, rest = out.partition("\n")     # the echoed command line
        return rest

    def wait_exit(self, timeout):
        try:
            return self.qemu.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def close(self):
        if self.qemu.poll() is None:
            self.qemu.kill()
            self.qemu.wait()
        self.sock.close()
        shutil.rmtree(self.dir, ignore_errors=True)


XL_INFO_KEYS = [
    "host", "release", "version", "machine", "nr_cpus", "max_cpu_id",
    "nr_nodes", "cores_per_socket", "threads_per_core", "cpu_mhz", "hw_caps",
    "virt_caps", "total_memory", "free_memory", "sharing_freed_memory",
    "sharing_used_memory", "outstanding_claims", "free_cpus", "xen_major",
    "xen_minor", "xen_extra", "xen_version", "xen_caps", "xen_scheduler",
    "xen_pagesize", "platform_params", "xen_changeset", "xen_commandline",
    "cc_compiler", "cc_compile_by", "cc_compile_domain", "cc_compile_date",
    "build_id", "xend_config_format",
]


class ToolstackDomainOnStockXen(unittest.TestCase):
    def test_shell_session(self):
        con = SerialConsole(build_iso())
        self.addCleanup(con.close)

        banner = con.expect(PROMPT, BOOT_TIMEOUT).decode(errors="replace")
        self.assertIn("toolstack-domain 0.1", banner)
        self.assertRegex(banner, r"running on Xen 4\.17\.\d+")
        self.assertIn("xen-3.0-x86_64", banner)

        out = con.command("help")
        for name in ("xl", "uptime", "poweroff", "reboot"):
            self.assertIn(name, out)

        info = {}
        for line in con.command("xl info").splitlines():
            key, sep, value = line.partition(":")
            self.assertEqual(sep, ":", "not key : value: %r" % line)
            self.assertEqual(len(key), 23, "key column width: %r" % line)
            info[key.strip()] = value.strip()
        self.assertEqual(list(info), XL_INFO_KEYS)
        self.assertEqual(info["xen_major"], "4")
        self.assertEqual(info["xen_minor"], "17")
        self.assertEqual(info["xen_version"], "4.17" + info["xen_extra"])
        self.assertEqual(info["nr_cpus"], "2")
        self.assertEqual(info["xen_pagesize"], "4096")
        self.assertIn("dom0_mem=128M", info["xen_commandline"])
        self.assertIn("pv", info["virt_caps"].split())
        self.assertEqual(info["platform_params"],
                         "virt_start=0xffff800000000000")
        self.assertGreater(int(info["total_memory"]), 1900)
        self.assertRegex(info["build_id"], r"^[0-9a-f]{40}$")

        dmesg = con.command("xl dmesg")
        self.assertIn("(XEN) Xen version 4.17", dmesg)
        self.assertIn("Dom0 kernel: 64-bit", dmesg)
        # The whole ring, up to Xen's last boot message.
        self.assertIn("Freed", dmesg.rstrip().splitlines()[-1])

        self.assertIn("bogus: unknown command", con.command("bogus arg"))
        self.assertIn("xl info: unexpected argument 'x'",
                      con.command("xl info x"))
        self.assertIn("xl frob: unknown command", con.command("xl frob"))
        self.assertIn("unterminated quote", con.command("xl 'info"))
        self.assertIn("takes no arguments", con.command("poweroff now"))

        # Line editing: backspace, then history (4 back = "xl frob").
        self.assertIn(" up ", con.command("uptimx\x7fe"))
        con.type(b"\x1b[A" * 4)
        con.expect(PROMPT + b"xl frob\x1b[K", COMMAND_TIMEOUT)
        self.assertIn("xl frob: unknown command", con.command(""))

        con.type(b"poweroff\r")
        con.expect(b"poweroff: ACPI S5", COMMAND_TIMEOUT)
        self.assertEqual(con.wait_exit(COMMAND_TIMEOUT), 0,
                         "QEMU did not exit after poweroff")

    def test_reboot(self):
        con = SerialConsole(build_iso())
        self.addCleanup(con.close)
        con.expect(PROMPT, BOOT_TIMEOUT)
        con.type(b"reboot\r")
        con.expect(b"Hardware Dom0 shutdown: rebooting machine",
                   COMMAND_TIMEOUT)
        # QEMU runs with -no-reboot, so a machine reset ends it.
        self.assertEqual(con.wait_exit(COMMAND_TIMEOUT), 0,
                         "QEMU did not exit on the machine reboot")


if __name__ == "__main__":
    unittest.main()
