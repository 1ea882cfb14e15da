"""The stock baseline image for `make bench`: Debian's Xen 4.17
(xen-hypervisor-4.17-amd64, fetched by the top-level Makefile into
build/xen-4.17), Debian's Linux dom0 kernel (linux-image-amd64 and the package
it depends on) and an initramfs holding busybox-static and tests/bench/init.sh
as /init.  See /work/shared/reference/stock-xen-baseline.md for the set-up.

Packages are unpacked with mk/fetch-deb.sh (apt-get download + dpkg-deb -x)
into build/bench/; nothing is installed on the host.  The ISO is cached as
build/bench/stock-baseline.iso together with a stamp naming every input;
it is rebuilt only when an input changes.  stock_xl.py builds the second
stock image, whose dom0 runs Debian's xl for the guest figures, with the
same Xen, kernel and GRUB entry (write_iso).
"""
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
BUILD = os.path.join(ROOT, "build")
BENCH = os.path.join(BUILD, "bench")
ISO = os.path.join(BENCH, "stock-baseline.iso")
STAMP = ISO + ".stamp"
STOCK_XEN = os.path.join(BUILD, "xen-4.17", "boot", "xen-4.17-amd64.gz")
INIT = os.path.join(HERE, "init.sh")

sys.path.insert(0, os.path.join(ROOT, "mk"))
from initramfs import make_initrd  # noqa: E402

# As in the reference set-up.  `set timeout=1` is the same GRUB menu delay
# as build/xen-core.iso's (grub/mkgrubcfg.sh), so both figures include it.
XEN_CMDLINE = "dom0_mem=512M console=com1 com1=115200,8n1 noreboot"
DOM0_CMDLINE = "console=hvc0"
GRUB_CFG = """serial --unit=0 --speed=115200 --word=8 --parity=no --stop=1
terminal_input serial
terminal_output serial
set default=0
set timeout=1

menuentry 'Debian Xen 4.17 + Debian Linux dom0 (bench baseline)' {
	multiboot2 /boot/xen.gz %s
	module2 /boot/vmlinuz %s
	module2 /boot/initrd.gz
}
""" % (XEN_CMDLINE, DOM0_CMDLINE)


def log(msg):
    print("bench: " + msg, flush=True)


def _apt_cache(*args):
    return subprocess.run(["apt-cache"] + list(args), check=True,
                          capture_output=True, text=True).stdout


def candidate(pkg):
    """Version apt-get download would fetch."""
    for line in _apt_cache("policy", pkg).splitlines():
        line = line.strip()
        if line.startswith("Candidate:"):
            version = line.split(None, 1)[1]
            if version != "(none)":
                return version
    raise RuntimeError("apt knows no candidate for %s (apt-get update?)" % pkg)


KERNEL_META = "linux-image-amd64"
VERSIONS = os.path.join(BUILD, "package-versions.txt")


def recorded_version(pkg):
    """The version of binary package @pkg the build fetched (mk/apt-lib.sh
    records every one in build/package-versions.txt)."""
    with open(VERSIONS) as f:
        for line in f:
            kind, name, version = line.split()
            if kind == "binary" and name == pkg:
                return version
    raise RuntimeError("%s names no binary %s: run `make` first"
                       % (VERSIONS, pkg))


def fetch(pkg, version, pin=False, meta_prefix=None):
    """build/bench/<pkg>_<version>/, unpacked once by mk/fetch-deb.sh.
    @version names the cache; the fetch takes the newest version that
    downloads, exactly @version if @pin, and with @meta_prefix also the
    package starting with it that the meta-package @pkg depends on."""
    dest = os.path.join(BENCH, "%s_%s" % (pkg, version.replace(":", "%")))
    done = dest + ".unpacked"
    if not os.path.exists(done):
        log("fetching %s %s" % (pkg, version))
        cmd = [os.path.join(ROOT, "mk", "fetch-deb.sh")]
        if meta_prefix:
            cmd += ["-m", meta_prefix]
        cmd += [dest, pkg + ("=" + version if pin else "")]
        subprocess.run(cmd, check=True)
        open(done, "w").close()
    return dest


def fetch_kernel(version):
    """The dom0 kernel: linux-image-amd64 and the image it depends on."""
    return fetch(KERNEL_META, version, meta_prefix="linux-image-")


def _sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def is_cached(iso, stamp, inputs, what):
    """Whether @iso exists and was built from exactly @inputs."""
    try:
        with open(stamp) as f:
            if json.load(f) == inputs and os.path.exists(iso):
                log("%s ISO cached: %s" % (what, iso))
                return True
    except (OSError, ValueError):
        pass
    return False


def build():
    """Returns the path of the baseline ISO, building it if needed."""
    os.makedirs(BENCH, exist_ok=True)
    if not os.path.exists(STOCK_XEN):
        raise RuntimeError("%s missing: run `make` first" % STOCK_XEN)
    inputs = {
        "xen": _sha(STOCK_XEN),
        "kernel": "%s %s" % (KERNEL_META, candidate(KERNEL_META)),
        "busybox": "busybox-static " + candidate("busybox-static"),
        "init": _sha(INIT),
        "grub": hashlib.sha256(GRUB_CFG.encode()).hexdigest(),
    }
    if is_cached(ISO, STAMP, inputs, "stock baseline"):
        return ISO
    log("building the stock baseline ISO (%s, %s)"
        % (inputs["kernel"], inputs["busybox"]))
    kdir = fetch_kernel(candidate(KERNEL_META))
    bdir = fetch("busybox-static", candidate("busybox-static"))
    if os.path.exists(STAMP):
        os.unlink(STAMP)
    write_iso(ISO, kdir, "iso-tree", lambda dest: make_initrd(
        os.path.join(bdir, "bin", "busybox"), INIT, dest))
    with open(STAMP, "w") as f:
        json.dump(inputs, f, indent=1)
    return ISO


def write_iso(iso, kdir, tree_name, write_initrd):
    """Writes @iso booting stock Xen with GRUB_CFG: the dom0 kernel from
    the unpacked kernel package @kdir, the initramfs that
    @write_initrd(path) writes; staged in build/bench/@tree_name.  Also
    used by stock_xl.py."""
    vmlinuz = [n for n in os.listdir(os.path.join(kdir, "boot"))
               if n.startswith("vmlinuz-")]
    if len(vmlinuz) != 1:
        raise RuntimeError("expected one vmlinuz in %s/boot" % kdir)
    tree = os.path.join(BENCH, tree_name)
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(os.path.join(tree, "boot", "grub"))
    shutil.copy(STOCK_XEN, os.path.join(tree, "boot", "xen.gz"))
    shutil.copy(os.path.join(kdir, "boot", vmlinuz[0]),
                os.path.join(tree, "boot", "vmlinuz"))
    write_initrd(os.path.join(tree, "boot", "initrd.gz"))
    with open(os.path.join(tree, "boot", "grub", "grub.cfg"), "w") as f:
        f.write(GRUB_CFG)
    subprocess.run(["grub-mkrescue", "-o", iso, tree], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def write_gzip(data, dest):
    """@data gzip'd into @dest, reproducibly (as mk/initramfs.py does)."""
    with open(dest, "wb") as f:
        f.write(gzip.compress(data, 9, mtime=0))


if __name__ == "__main__":
    print(build())
