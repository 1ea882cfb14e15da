"""`make bench`: boot figures of xen-core + the toolstack domain, each
printed beside the stock baseline measured in the same run (Debian's Xen
4.17 + Debian's Linux dom0 with a busybox /init; see baseline.py).

Figures (median of --runs boots each):
  1. QEMU start -> "toolstack-domain# " with the host filesystem mounted
     (build/xen-core.img as `make run` boots it, virtio-blk, snapshot,
     default GRUB entry) vs QEMU start -> the stock dom0's /init marker;
  2. xen-core's first serial line ("(XEN) xen-core ... booting") -> prompt
     vs stock Xen's first "(XEN)" line -> /init marker;
  3. the control domain's memory: what the toolstack domain holds and what
     can be said of what it uses, vs the Linux dom0's `free` "used".

Times are time.monotonic() in this harness: QEMU start is just before the
process is spawned, an event is the receipt of the serial chunk holding the
last byte of its text (tests/lib/machine.py records chunk arrival times).
One QEMU runs at a time.  Nothing here is asserted: it prints figures.
"""
import argparse
import os
import re
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
sys.path.insert(0, HERE)
from disk import IMAGE, drive_args  # noqa: E402
from machine import Machine, Timeout  # noqa: E402
import baseline  # noqa: E402

XC_FIRST = r"\(XEN\) xen-core \S+ [^\n]*booting"
PROMPT = r"toolstack-domain# "
MOUNTED = r"hostfs: vda1 mounted read-write"
STOCK_FIRST = r"\(XEN\)"
STOCK_MARKER = r"(?m)^BENCH-DOM0-INIT\r?$"
BOOT_TIMEOUT = 300

# Targets from the issue.
TARGET_SPEEDUP = 10.0          # QEMU start -> prompt, x faster than stock
TARGET_FIRST_LINE_S = 1.0      # xen-core's first line -> prompt
TARGET_MEM_BYTES = 16 << 20    # toolstack domain's memory

KiB, MiB = 1024, 1 << 20


def log(msg):
    print("bench: " + msg, flush=True)


def qemu_opts(args, cpu):
    return dict(smp=args.smp, mem=args.mem, cpu=cpu)


def t(m, match):
    """Seconds from QEMU start to the receipt of @match's last byte."""
    return m.arrival_time(match.end()) - m.started


GRUB_COUNTDOWN = rb"executed automatically in \d+s"
GRUB_BOOTING = rb"Booting `"


def grub_wait(m):
    """Seconds GRUB's menu waited (`set timeout=N`): from its first
    countdown line to "Booting `...'"; None if not seen."""
    c = re.search(GRUB_COUNTDOWN, m.output)
    b = re.search(GRUB_BOOTING, m.output)
    if not (c and b):
        return None
    return m.arrival_time(b.end()) - m.arrival_time(c.end())


def common(m, first, end):
    r = dict(total=t(m, end), first=t(m, first), grub=grub_wait(m))
    r["from_first"] = r["total"] - r["first"]
    if r["grub"] is not None:
        r["no_grub"] = r["total"] - r["grub"]
    return r


# --- xen-core -------------------------------------------------------------

def boot_xen_core(args, run):
    opts = qemu_opts(args, args.xen_core_cpu)
    opts["extra"] = list(opts.get("extra", ())) + drive_args(IMAGE,
                                                             snapshot=True)
    with Machine("bench-xen-core-%d" % run, iso=None, **opts) as m:
        first = m.expect(XC_FIRST, BOOT_TIMEOUT)
        m.expect(MOUNTED, BOOT_TIMEOUT)
        prompt = m.expect(PROMPT, BOOT_TIMEOUT)
        pages = re.search(rb"MiniOS: (\d+) pages", m.output)
        kernel = re.search(rb"Dom0 kernel: \S+ (0x[0-9a-f]+)-(0x[0-9a-f]+)",
                           m.output)
        r = common(m, first, prompt)
        r["pages"] = int(pages.group(1)) if pages else None
        if kernel:
            r["image"] = int(kernel.group(2), 16) - int(kernel.group(1), 16)
        out, _ = m.command("meminfo")
        used = re.search(r"^used\s*:\s*\d+ pages\s+(\d+) KiB", out, re.M)
        archive = re.search(r"^\s*boot archive\s*:\s*\d+ pages\s+(\d+) KiB",
                            out, re.M)
        r["used"] = (int(used.group(1)) - int(archive.group(1))) * KiB \
            if used and archive else None
        return r


# --- stock baseline -------------------------------------------------------

def boot_stock(args, iso, run):
    with Machine("bench-stock-%d" % run, iso=iso,
                 **qemu_opts(args, args.cpu)) as m:
        first = m.expect(STOCK_FIRST, BOOT_TIMEOUT)
        marker = m.expect(STOCK_MARKER, BOOT_TIMEOUT)
        r = common(m, first, marker)
        up = m.expect(r"BENCH-DOM0-UPTIME (\S+)", 120)
        r["uptime"] = float(up.group(1))
        m.expect(r"BENCH-FREE-BEGIN", 120)
        start = m.pos
        m.expect(r"BENCH-FREE-END", 120)
        mem = re.search(r"Mem:\s+(\d+)\s+(\d+)\s+(\d+)", m.text_since(start))
        if mem:
            r["free_total"] = int(mem.group(1)) * KiB
            r["free_used"] = int(mem.group(2)) * KiB
        try:
            m.wait_exit(60)     # poweroff -f: ACPI S5 ends QEMU
        except Timeout:
            pass
        return r


# --- report ---------------------------------------------------------------

def med(runs, key):
    vals = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(vals) if vals else None


def fmt_s(v):
    return "n/a" if v is None else "%.2f s" % v


def fmt_mib(v):
    return "n/a" if v is None else "%.1f MiB" % (v / MiB)


def verdict(ok):
    return "n/a" if ok is None else ("MET" if ok else "NOT MET")


def row(cols, widths=(41, 19, 18, 15, 12)):
    return "  ".join(str(c).ljust(w) for c, w in zip(cols, widths)).rstrip()


def boot_runs(name, fn, n):
    runs = []
    for i in range(1, n + 1):
        busy = count_qemus()
        try:
            r = fn(i)
        except (Timeout, AssertionError) as e:
            log("%s run %d/%d FAILED: %s" % (name, i, n,
                                             str(e).splitlines()[0]))
            continue
        log("%s run %d/%d: QEMU start -> end %.2f s, first (XEN) line -> "
            "end %.2f s (%d other QEMU at start, load %.2f)"
            % (name, i, n, r["total"], r["from_first"], busy,
               os.getloadavg()[0]))
        runs.append(r)
    return runs


def count_qemus():
    """QEMU processes running now (other people's: ours run one at a time
    and none is running here), for the record."""
    n = 0
    for pid in os.listdir("/proc"):
        try:
            with open("/proc/%s/comm" % pid) as f:
                n += f.read().startswith("qemu-system")
        except (OSError, ValueError):
            pass
    return n


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=3,
                   help="boots per figure, the median is printed (3)")
    p.add_argument("--smp", type=int, default=1,
                   help="QEMU vCPUs for both systems (1, as in the "
                        "reference baseline)")
    p.add_argument("--mem", default="2G", help="QEMU RAM (2G)")
    p.add_argument("--cpu", default="max,-smap,-smep",
                   help="QEMU -cpu for both (stock Xen needs -smap,-smep "
                        "under TCG)")
    p.add_argument("--xen-core-cpu", default=None,
                   help="QEMU -cpu for xen-core only (default: --cpu)")
    p.add_argument("--no-stock", action="store_true",
                   help="skip the stock baseline (no comparison)")
    args = p.parse_args()
    args.xen_core_cpu = args.xen_core_cpu or args.cpu
    began = time.monotonic()

    if not os.path.exists(IMAGE):
        sys.exit("bench: %s missing: run `make` first" % IMAGE)
    stock_iso = None if args.no_stock else baseline.build()

    others = count_qemus()
    log("QEMU: -M q35 -m %s -smp %d, -cpu %s (stock) / %s (xen-core); "
        "%d other QEMU process(es) running; load %.2f"
        % (args.mem, args.smp, args.cpu, args.xen_core_cpu, others,
           os.getloadavg()[0]))

    xc = boot_runs("xen-core", lambda i: boot_xen_core(args, i), args.runs)
    st = [] if args.no_stock else boot_runs(
        "stock", lambda i: boot_stock(args, stock_iso, i), args.runs)
    report(args, xc, st)
    print("bench took %.0f s" % (time.monotonic() - began))


def report(args, xc, st):
    xc_total, st_total = med(xc, "total"), med(st, "total")
    speedup = ratio(st_total, xc_total)
    xc_first = med(xc, "from_first")
    pages = med(xc, "pages")
    held = pages * 4096 if pages else None
    used = med(xc, "used")
    mem_target = "< %d MiB" % (TARGET_MEM_BYTES // MiB)

    print()
    print("make bench: median of %d boot(s) each (ok: xen-core %d, stock %d);"
          " QEMU -M q35 -m %s -smp %d -cpu %s%s"
          % (args.runs, len(xc), len(st), args.mem, args.smp, args.cpu,
             "" if args.xen_core_cpu == args.cpu
             else " (xen-core: -cpu %s)" % args.xen_core_cpu))
    print()
    print(row(("figure", "xen-core+toolstack", "stock Xen+Linux",
               "target", "result")))
    print(row(("1. QEMU start -> prompt / dom0 init", fmt_s(xc_total),
               fmt_s(st_total), ">= %.0fx faster" % TARGET_SPEEDUP,
               verdict(None if speedup is None
                       else speedup >= TARGET_SPEEDUP))))
    print(row(("   speed-up", fmt_x(speedup))))
    print(row(("   of which QEMU start -> first (XEN)", fmt_s(med(xc, "first")),
               fmt_s(med(st, "first")))))
    print(row(("   of which GRUB menu wait (timeout=1)", fmt_s(med(xc, "grub")),
               fmt_s(med(st, "grub")))))
    xc_ng, st_ng = med(xc, "no_grub"), med(st, "no_grub")
    print(row(("   without GRUB's menu wait (e)", fmt_s(xc_ng), fmt_s(st_ng),
               "", "(%s)" % fmt_x(ratio(st_ng, xc_ng)))))
    print(row(("2. first (XEN) line -> prompt / init", fmt_s(xc_first),
               fmt_s(med(st, "from_first")), "< %.0f s" % TARGET_FIRST_LINE_S,
               verdict(None if xc_first is None
                       else xc_first < TARGET_FIRST_LINE_S))))
    print(row(("3. dom0 memory in use", fmt_mib(used) + " (a)",
               fmt_mib(med(st, "free_used")) + " (b)", mem_target,
               verdict(None if used is None else used < TARGET_MEM_BYTES))))
    print(row(("   held (dom0_mem / `free` total)", fmt_mib(held),
               fmt_mib(med(st, "free_total")) + " (c)")))
    if pages:
        print(row(("   held, pages (start_info nr_pages)", "%d" % pages)))
    image = med(xc, "image")
    if image:
        print(row(("   lower bound: its ELF image", fmt_kib(image))))
    print()
    print("(a) `meminfo` \"used\" in the toolstack domain: its pages minus its\n"
          "    allocator's free pages (image, builder's data, page tables, heap,\n"
          "    stacks), without the boot archive (guest kernels and configs\n"
          "    that a host disk will hold later).")
    print("(b) busybox `free` \"used\" in the Linux dom0, bare busybox /init.")
    print("(c) `free` \"total\" at dom0_mem=512M (the kernel's reservations "
          "excluded).")
    print("(e) Both boot media use GRUB `set timeout=1` (grub/mkgrubcfg.sh "
          "for xen-core.img);\n"
          "    this row subtracts the measured countdown from figure 1.")
    if st:
        print("Stock dom0's own uptime at its /init marker: %s (median)."
              % fmt_s(med(st, "uptime")))


def ratio(a, b):
    return a / b if a and b else None


def fmt_x(v):
    return "n/a" if v is None else "%.1fx" % v


def fmt_kib(v):
    return "n/a" if v is None else "%.0f KiB" % (v / KiB)

if __name__ == "__main__":
    main()
