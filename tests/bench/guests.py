"""`make bench`, part 2: guest figures of xen-core + the toolstack domain,
beside Debian's stock `xl` on Debian's Xen 4.17 with a Linux dom0,
measured in the same run.

Each system is booted once under the same QEMU set-up (-smp 1 -cpu
max,-smap,-smep, 2 GiB, as the reference baseline): build/xen-core.iso,
whose shell is the toolstack domain's, and build/bench/stock-xl.iso
(stock_xl.py), whose dom0 runs Debian's xl, oxenstored and xenconsoled
and gives a busybox shell on the serial line.  Both create the same demo
guest (/etc/xen/demo.cfg: Debian's cloud kernel, our busybox initramfs,
256 MiB, one vCPU).  Each host idles SETTLE_S seconds after its shell
appears, then runs --runs rounds, each round:
  1. `xl create /etc/xen/demo.cfg` until the shell prompt returns (the
     domain built, its console and XenStore entries made, unpaused); ours
     runs `xl -v create`, which also prints the builder's own timing (the
     whole build, the kernel load inside it, populate_physmap); the
     guest is then destroyed while it boots, untimed;
  2. `xl create /etc/xen/demo.cfg -c` until the guest's first console
     output (the first byte after xl's "Parsing config from ..." line
     that does not start a hypervisor's "(XEN)" line; the demo guest
     boots with `quiet`, so today that is its init marker) and until its
     init marker DEMO-INIT-READY; then the guest's own uptime
     (/proc/uptime at its shell, typed after the marker);
  3. `xl destroy demo` of that booted guest until the prompt returns.
Then the toolstack domain's `xenstore-bench` (the running xenstored's
requests per second through the toolstack's own connection).
Times are taken on the host as the other figures are: time.monotonic()
when the command's last byte is sent, to the arrival of the awaited
bytes on the serial socket (Machine.arrival_time).  The bench adds
nothing that runs in either dom0 while a command is timed (no polling of
logs, which the reference found stretches the stock figures).  Medians are printed with the
ratios and the issue's targets; nothing is asserted.
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
from machine import ISO, Machine  # noqa: E402
from xl_shell import (PROMPT, MARKER, GUEST_PROMPT, DETACH,  # noqa: E402
                      guest_command, run)
import stock_xl  # noqa: E402

STOCK_PROMPT = "stock-dom0# "           # tests/bench/init-xl.sh's PS1
STOCK_READY = "BENCH-XL-READY"
DEMO_CFG = "/etc/xen/demo.cfg"
PARSING = rb"Parsing config from [^\n]*\n"
BOOT_TIMEOUT = 400
TARGET_CREATE_SPEEDUP = 5.0
TARGET_DESTROY_S = 0.1
TARGET_BUILD_REST_S = 0.1
# Both hosts idle this long after their shell appears, before the first
# round, as a host does before anyone starts a guest: xen-core's idle
# CPUs zero the free memory then (Xen's also scrub in idle), so the
# first populate_physmap is not a just-booted outlier.
SETTLE_S = 5.0


def log(msg):
    print("bench: " + msg, flush=True)


def timed(m, line, until, timeout=BOOT_TIMEOUT):
    """Types @line; seconds until @until's last byte arrives."""
    m.send(line + "\r")
    start = time.monotonic()
    match = m.expect(until, timeout)
    return m.arrival_time(match.end()) - start


def detach(m, prompt):
    """CTRL-] ends `xl console` (ours and stock); back at the shell."""
    m.send(DETACH)
    m.expect(re.escape(prompt))


BUILT = re.compile(rb"built in (\d+) ms, (\d+) ms of it loading \S+ the "
                   rb"kernel, (\d+) ms getting")


def builder_split(m, start):
    """The builder's timing that our `xl -v create` printed after output
    offset @start (ms in the toolstack domain, as seconds)."""
    built = BUILT.search(m.output, start)
    if not built:
        return {}
    build, load, populate = (int(built.group(i)) / 1000.0
                             for i in (1, 2, 3))
    return {"build": build, "load": load, "populate": populate,
            "build_rest": build - load}


def first_guest_line(m):
    """The match of the first byte of the next line that is not the
    hypervisor's: the serial line carries xen-core's and stock Xen's
    "(XEN) ..." log as well as the control domain's console.  Leaves
    m.pos at that line's end."""
    while True:
        first = m.expect(rb"[^\r\n]", BOOT_TIMEOUT)
        m.expect(rb"\n", BOOT_TIMEOUT)
        if not m.output.startswith(b"(XEN)", first.start()):
            return first


def create_console(m, r):
    """Round step 2: `xl create -c` to the guest's first output and to
    its init marker; records what the first output line was."""
    m.send("xl create %s -c\r" % DEMO_CFG)
    start = time.monotonic()
    m.expect(PARSING, BOOT_TIMEOUT)
    first = first_guest_line(m)
    r["to_output"] = m.arrival_time(first.end()) - start
    r["first_line"] = m.output[first.start():m.pos].decode(
        errors="replace").strip()
    m.pos = first.start()
    marker = m.expect(MARKER, BOOT_TIMEOUT)
    r["to_marker"] = m.arrival_time(marker.end()) - start
    m.expect(GUEST_PROMPT, BOOT_TIMEOUT)
    # The guest's own view: its uptime just after its shell came up.
    r["guest_uptime"] = float(guest_command(m, "cat /proc/uptime").split()[0])


def one_round(m, prompt, create):
    """One round on a booted system whose shell prompt is @prompt;
    @create is its timed `xl create` command line."""
    p = re.escape(prompt)
    start = m.pos
    r = {"create": timed(m, create, p)}
    r.update(builder_split(m, start))
    timed(m, "xl destroy demo", p)          # still booting: untimed
    m.wait_quiet(1.0)
    create_console(m, r)
    detach(m, prompt)
    r["destroy"] = timed(m, "xl destroy demo", p)
    m.wait_quiet(1.0)
    return r


def rounds(name, m, prompt, create, runs):
    out = []
    for i in range(runs):
        r = one_round(m, prompt, create)
        log("%s round %d: %s; first guest output %r" % (
            name, i + 1, ", ".join("%s %.3f s" % (k, v) for k, v in
                                   sorted(r.items()) if k != "first_line"),
            r["first_line"][:40]))
        out.append(r)
    return out


XENSTORE_BENCH = "xenstore-bench 20000"
XENSTORE_RATE = re.compile(r"(?m)^xenstore (\w+)\s+(\d+) requests/s$")


def run_xen_core(args):
    """The rounds, then the in-domain xenstored's requests per second."""
    with Machine("bench-guests", iso=ISO, smp=args.smp, cpu=args.cpu) as m:
        m.expect(re.escape(PROMPT), 300)
        time.sleep(SETTLE_S)
        out = rounds("xen-core", m, PROMPT, "xl -v create " + DEMO_CFG,
                     args.runs)
        rates = dict(XENSTORE_RATE.findall(run(m, XENSTORE_BENCH)))
        return out, rates


def run_stock(args, iso):
    with Machine("bench-guests-stock", iso=iso, smp=args.smp,
                 cpu=args.cpu) as m:
        m.expect(STOCK_READY, BOOT_TIMEOUT)
        m.expect(re.escape(STOCK_PROMPT), 60)
        m.wait_quiet(2.0)
        time.sleep(SETTLE_S)
        return rounds("stock", m, STOCK_PROMPT, "xl create " + DEMO_CFG,
                      args.runs)


# --- report ---------------------------------------------------------------

def medians(runs):
    keys = {k for r in runs for k in r if k != "first_line"}
    return {k: statistics.median(r[k] for r in runs if k in r)
            for k in keys}


def fmt_s(v, digits=2):
    return "n/a" if v is None else "%.*f s" % (digits, v)


def fmt_x(ours, stock):
    return "%.1fx" % (stock / ours) if ours and stock else ""


def met(ok):
    return "met" if ok else "NOT met"


def row(cols, widths=(42, 11, 11, 8, 20)):
    return "  ".join(str(c).ljust(w) for c, w in zip(cols, widths)).rstrip()


def report_xenstore(rates):
    print("\nXenStore in the toolstack domain (`%s`, the toolstack's own "
          "connection; the host-side build: make -C tests/bench "
          "xenstore-bench):" % XENSTORE_BENCH)
    for op in ("write", "read", "directory"):
        print("  %-10s %s requests/s" % (op, rates.get(op, "not measured")))


def report(args, xc, st):
    o, s = medians(xc), medians(st)
    print()
    print("make bench, guests: median of %d round(s) each, one boot each; "
          "QEMU -M q35 -m 2G -smp %d -cpu %s" % (args.runs, args.smp,
                                                 args.cpu))
    print()
    print(row(("figure", "xen-core", "stock xl", "ratio", "target")))
    create, st_create = o.get("create"), s.get("create")
    print(row(("xl create until it returns", fmt_s(create),
               fmt_s(st_create), fmt_x(create, st_create),
               ">= %.0fx faster: %s" % (
                   TARGET_CREATE_SPEEDUP,
                   "n/a" if not st_create else
                   met(st_create / create >= TARGET_CREATE_SPEEDUP)))))
    print(row(("  builder: decompressing the kernel",
               fmt_s(o.get("load"), 3))))
    rest = o.get("build_rest")
    print(row(("  builder: everything else", fmt_s(rest, 3), "", "",
               "< 0.1 s: %s" % ("n/a" if rest is None
                                else met(rest < TARGET_BUILD_REST_S)))))
    print(row(("    of which populate_physmap (256 MiB)",
               fmt_s(o.get("populate"), 3))))
    for key, label in (("to_output", "xl create -c -> first guest output"),
                       ("to_marker", "xl create -c -> guest init marker")):
        print(row((label, fmt_s(o.get(key)), fmt_s(s.get(key)),
                   fmt_x(o.get(key), s.get(key)))))
    print(row(("  guest's uptime at its shell prompt",
               fmt_s(o.get("guest_uptime")), fmt_s(s.get("guest_uptime")))))
    destroy = o.get("destroy")
    print(row(("xl destroy (booted guest)", fmt_s(destroy, 3),
               fmt_s(s.get("destroy"), 3), fmt_x(destroy, s.get("destroy")),
               "< 0.1 s: %s" % met(destroy < TARGET_DESTROY_S))))
    firsts = sorted({r["first_line"][:40] for r in xc + st})
    print("\nFirst guest output seen (the demo guest boots with `quiet`): %s"
          % ", ".join(repr(f) for f in firsts))
    if not st:
        print("(stock figures not measured in this run)")


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--runs", type=int, default=3,
                   help="rounds on each system, the median is printed (3)")
    p.add_argument("--smp", type=int, default=1)
    p.add_argument("--cpu", default="max,-smap,-smep")
    p.add_argument("--no-stock", action="store_true",
                   help="skip stock xl (no comparison)")
    args = p.parse_args()
    began = time.monotonic()
    if not os.path.exists(ISO):
        sys.exit("bench: %s missing: run `make` first" % ISO)
    stock_iso = None if args.no_stock else stock_xl.build()
    xc, xenstore_rates = run_xen_core(args)
    st = [] if args.no_stock else run_stock(args, stock_iso)
    report(args, xc, st)
    report_xenstore(xenstore_rates)
    print("guest bench took %.0f s" % (time.monotonic() - began))


if __name__ == "__main__":
    main()
