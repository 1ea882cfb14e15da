"""The stock toolstack image for the guest figures of `make bench`
(guests.py): the stock baseline's Xen 4.17 and Linux dom0 kernel
(baseline.py), with a dom0 initramfs that runs Debian's own xl toolstack
instead of printing boot figures, as /work/shared/reference/
stock-xen-baseline.md's "Set-up that works" describes:

  - from xen-utils-4.17: xl, oxenstored, xenconsoled, xen-init-dom0 and
    libxl-save-helper, at their packaged paths, and xenconsole, the
    console client `xl console` and `xl create -c` exec; from xen-utils-common the
    configuration they read (/etc/xen/xl.conf, oxenstored.conf);
    xenstore-utils' xenstore and its xenstore-* names;
  - every shared library those programs need (their DT_NEEDED closure)
    plus libgcc_s.so.1 (xl aborts in pthread_cancel without it), taken
    from the library packages (Debian section "libs") the two toolstack
    packages depend on, transitively;
  - the dom0 kernel's xen-privcmd, xenfs, xen-evtchn, xen-gntdev and
    xen-gntalloc modules and what they depend on (their .modinfo
    "depends=", as the kernel package carries no modules.dep);
  - busybox-static, tests/bench/init-xl.sh as /init;
  - the demo guest, as our toolstack domain has it:
    /var/lib/xen/images/vmlinuz-cloud and .../initrd-demo.gz from build/guest-images and /etc/xen/demo.cfg
    from rootfs/ (same name, memory, vCPUs, kernel command line).

Packages are unpacked with mk/fetch-deb.sh into build/bench/ (baseline.py's
fetch); nothing is installed on the host.  The ISO is cached as
build/bench/stock-xl.iso with a stamp naming every input.
"""
import hashlib
import json
import os
import stat
import struct
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import baseline  # noqa: E402
from baseline import BENCH, ROOT, fetch, log, _sha  # noqa: E402
from initramfs import _newc  # noqa: E402  (mk/, on baseline's path)

ISO = os.path.join(BENCH, "stock-xl.iso")
STAMP = ISO + ".stamp"
INIT = os.path.join(HERE, "init-xl.sh")
IMAGES = os.path.join(ROOT, "build", "guest-images")
GUEST_FILES = ("vmlinuz-cloud", "initrd-demo.gz")
DEMO_CFG = os.path.join(ROOT, "rootfs", "etc", "xen", "demo.cfg")

TOOLSTACK_PACKAGES = ("xen-utils-4.17", "xenstore-utils", "xen-utils-common")
XEN_BIN = "usr/lib/xen-4.17/bin"
# (package, path in it): the programs the reference set-up runs.
PROGRAMS = [("xen-utils-4.17", XEN_BIN + "/" + name) for name in
            ("xl", "oxenstored", "xenconsoled", "xen-init-dom0",
             "libxl-save-helper", "xenconsole")] + [
                ("xenstore-utils", "usr/bin/xenstore")]
XENSTORE_NAMES = ("xenstore-read", "xenstore-write", "xenstore-ls",
                  "xenstore-list", "xenstore-rm", "xenstore-exists",
                  "xenstore-chmod", "xenstore-watch")
CONFIGS = [("xen-utils-common", "etc/xen/xl.conf"),
           ("xen-utils-common", "etc/xen/oxenstored.conf")]
EXTRA_LIBS = ("libgcc_s.so.1",)
DOM0_MODULES = ("xen-privcmd", "xenfs", "xen-evtchn", "xen-gntdev",
                "xen-gntalloc")
LIB_DIRS = ("lib/x86_64-linux-gnu", "usr/lib/x86_64-linux-gnu", "lib64")
INTERP = "ld-linux-x86-64.so.2"


# --- which packages -------------------------------------------------------

def _apt_cache(*args):
    """apt-cache's output; each call costs about half a second, so the
    queries below ask about many packages at once."""
    return subprocess.run(["apt-cache"] + list(args), check=True,
                          capture_output=True, text=True).stdout


def _depends(pkgs):
    """Names @pkgs depend on (Depends and Pre-Depends, alternatives
    included, virtual names left out)."""
    names = set()
    for line in _apt_cache("depends", *pkgs).splitlines():
        line = line.strip().lstrip("|")
        if line.startswith(("Depends:", "PreDepends:")):
            name = line.split()[1]
            if not name.startswith("<"):
                names.add(name)
    return names


def _library_packages_among(pkgs):
    """Those of @pkgs whose candidate's Debian section is "libs"."""
    libs, name = set(), None
    for line in _apt_cache("show", "--no-all-versions", *pkgs).splitlines():
        if line.startswith("Package:"):
            name = line.split()[1]
        elif line.strip() == "Section: libs":
            libs.add(name)
    return libs


def library_packages():
    """The shared-library packages the toolstack packages need, found by
    following dependencies through packages of section "libs" only (so
    python3 and the like are not fetched).  Sorted, for the stamp."""
    libs, checked, todo = set(), set(TOOLSTACK_PACKAGES), TOOLSTACK_PACKAGES
    while todo:
        new = sorted(_depends(todo) - checked)
        checked.update(new)
        todo = sorted(_library_packages_among(new)) if new else []
        libs.update(todo)
    return sorted(libs)


def candidates(pkgs):
    """{package: the version apt-get download would fetch}."""
    versions, name = {}, None
    for line in _apt_cache("policy", *pkgs).splitlines():
        if not line.startswith(" "):
            name = line.rstrip(":")
        elif line.strip().startswith("Candidate:"):
            versions[name] = line.split()[1]
    missing = [p for p in pkgs if versions.get(p, "(none)") == "(none)"]
    if missing:
        raise RuntimeError("apt knows no candidate for %s (apt-get update?)"
                           % " ".join(missing))
    return versions


# --- shared libraries -----------------------------------------------------

def needed(path):
    """DT_NEEDED names of the ELF file @path (readelf, from binutils)."""
    out = subprocess.run(["readelf", "-d", path], check=True,
                         capture_output=True, text=True).stdout
    return [line.split("[", 1)[1].split("]", 1)[0]
            for line in out.splitlines() if "(NEEDED)" in line]


def library_index(trees):
    """soname -> file (symlinks followed) in the unpacked @trees."""
    index = {}
    for tree in trees:
        for d in LIB_DIRS:
            full = os.path.join(tree, d)
            if not os.path.isdir(full):
                continue
            for name in os.listdir(full):
                if ".so" in name:
                    real = os.path.realpath(os.path.join(full, name))
                    if real.startswith(tree) and os.path.isfile(real):
                        index.setdefault(name, real)
    return index


def library_closure(programs, index):
    """{soname: file} for everything @programs need, transitively, plus
    EXTRA_LIBS and the dynamic loader; a missing one is an error naming
    the host package that holds it (a hint for library_packages)."""
    libs, todo = {}, list(programs)
    wanted = list(EXTRA_LIBS) + [INTERP]
    while todo or wanted:
        if todo:
            wanted += needed(todo.pop())
            continue
        name = wanted.pop()
        if name in libs:
            continue
        if name not in index:
            raise RuntimeError("no fetched package holds %s (on this host: "
                               "%s)" % (name, _host_owner(name)))
        libs[name] = index[name]
        todo.append(index[name])
    return libs


def _host_owner(soname):
    r = subprocess.run(["dpkg", "-S", soname], capture_output=True,
                       text=True)
    return r.stdout.strip() or "unknown"


# --- kernel modules -------------------------------------------------------

def _modinfo(path, key):
    """@key's value in the .modinfo section of the module @path."""
    with open(path, "rb") as f:
        elf = f.read()
    shoff, = struct.unpack_from("<Q", elf, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", elf, 0x3a)

    def section(i):
        name, _, _, _, off, size = struct.unpack_from(
            "<IIQQQQ", elf, shoff + i * shentsize)
        return name, elf[off:off + size]
    _, names = section(shstrndx)
    for i in range(shnum):
        name, data = section(i)
        if names[name:names.index(b"\0", name)] == b".modinfo":
            for item in data.split(b"\0"):
                if item.startswith(key.encode() + b"="):
                    return item.split(b"=", 1)[1].decode()
    return ""


def module_files(kdir):
    """{module name: .ko path} of the kernel package's modules."""
    files = {}
    for top, _, names in os.walk(os.path.join(kdir, "lib", "modules")):
        for n in names:
            if n.endswith(".ko"):
                files[n[:-3]] = os.path.join(top, n)
    return files


def module_load_order(kdir):
    """DOM0_MODULES and their dependencies as .ko paths, each after what
    it depends on."""
    files = module_files(kdir)
    order = []

    def visit(name):
        path = files.get(name) or files.get(name.replace("_", "-"))
        if path is None:
            raise RuntimeError("module %s not in %s" % (name, kdir))
        if path in order:
            return
        for dep in filter(None, _modinfo(path, "depends").split(",")):
            visit(dep)
        order.append(path)
    for name in DOM0_MODULES:
        visit(name)
    return order


# --- the image ------------------------------------------------------------

def _read(path):
    with open(path, "rb") as f:
        return f.read()


def initramfs_entries(trees, busybox, kdir):
    """The dom0's file tree as _newc entries (name, mode, data, maj, min)."""
    d, x, f, lnk = 0o040755, 0o100755, 0o100644, 0o120777
    dirs, files = set(), []

    def add(path, mode, data):
        parent = os.path.dirname(path)
        while parent:
            dirs.add(parent)
            parent = os.path.dirname(parent)
        files.append((path, mode, data, 0, 0))

    add("init", x, _read(INIT))
    add("bin/busybox", x, _read(busybox))
    add("bin/sh", lnk, b"busybox")
    for pkg, path in PROGRAMS:
        add(path, x, _read(os.path.join(trees[pkg], path)))
    for name in XENSTORE_NAMES:
        add("usr/bin/" + name, lnk, b"xenstore")
    for pkg, path in CONFIGS:
        add(path, f, _read(os.path.join(trees[pkg], path)))
    programs = [os.path.join(trees[pkg], path) for pkg, path in PROGRAMS]
    for soname, path in sorted(library_closure(
            programs, library_index(trees.values())).items()):
        add("lib/x86_64-linux-gnu/" + soname, x, _read(path))
    add("lib64/" + INTERP, lnk, b"../lib/x86_64-linux-gnu/" + INTERP.encode())
    order = module_load_order(kdir)
    for path in order:
        add("lib/modules/" + os.path.basename(path), f, _read(path))
    add("lib/modules/load-order", f,
        "".join(os.path.basename(p) + "\n" for p in order).encode())
    for name in GUEST_FILES:
        add("var/lib/xen/images/" + name, f, _read(os.path.join(IMAGES, name)))
    add("etc/xen/demo.cfg", f, _read(DEMO_CFG))
    add("var/run", lnk, b"../run")
    dirs |= {"proc", "sys", "dev", "run", "tmp", "var"}
    return ([(p, d, b"", 0, 0) for p in sorted(dirs)] +
            [("dev/console", stat.S_IFCHR | 0o600, b"", 5, 1)] + files)


def _from_xen_source(pkg):
    """Whether @pkg must match the hypervisor (built from Debian's xen)."""
    return pkg in TOOLSTACK_PACKAGES or pkg.startswith("libxen")


def _inputs(libs):
    """{package: version} and the other inputs' hashes.  Packages built
    from Debian's xen take the fetched hypervisor's version, so that the
    tools and libraries match it; the rest, apt's candidate."""
    pkgs = [baseline.KERNEL_META, "busybox-static"] + \
        list(TOOLSTACK_PACKAGES) + libs
    inputs = candidates([p for p in pkgs if not _from_xen_source(p)])
    xen = baseline.recorded_version("xen-hypervisor-4.17-amd64")
    inputs.update({p: xen for p in pkgs if _from_xen_source(p)})
    inputs.update({
        "xen": _sha(baseline.STOCK_XEN),
        "init": _sha(INIT),
        "demo.cfg": _sha(DEMO_CFG),
        "grub": hashlib.sha256(baseline.GRUB_CFG.encode()).hexdigest(),
        "builder": _sha(os.path.abspath(__file__)),
    })
    for name in GUEST_FILES:
        inputs[name] = _sha(os.path.join(IMAGES, name))
    return inputs


def build():
    """Returns the path of the stock toolstack ISO, building it if needed."""
    os.makedirs(BENCH, exist_ok=True)
    for path in [baseline.STOCK_XEN] + [os.path.join(IMAGES, n)
                                         for n in GUEST_FILES]:
        if not os.path.exists(path):
            raise RuntimeError("%s missing: run `make` first" % path)
    libs = library_packages()
    inputs = _inputs(libs)
    if baseline.is_cached(ISO, STAMP, inputs, "stock toolstack"):
        return ISO
    log("building the stock toolstack ISO (%d library packages)" % len(libs))
    trees = {p: fetch(p, inputs[p], pin=_from_xen_source(p))
             for p in list(TOOLSTACK_PACKAGES) + libs}
    kdir = baseline.fetch_kernel(inputs[baseline.KERNEL_META])
    busybox = os.path.join(fetch("busybox-static", inputs["busybox-static"]),
                           "bin", "busybox")
    entries = initramfs_entries(trees, busybox, kdir)
    if os.path.exists(STAMP):
        os.unlink(STAMP)
    baseline.write_iso(ISO, kdir, "stock-xl-iso-tree",
                       lambda dest: baseline.write_gzip(_newc(entries), dest))
    with open(STAMP, "w") as f:
        json.dump(inputs, f, indent=1)
    return ISO


if __name__ == "__main__":
    print(build())
