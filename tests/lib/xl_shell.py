"""Typing toolstack commands at the control domain's serial shell, as
the xl tests do."""
import re
import time

PROMPT = "toolstack-domain# "
DETACH = "\x1d"         # CTRL-]
CTRL_A = "\x01"         # three switch serial input to the hypervisor


def run(m, line):
    out, _ = m.command(line)
    return out.replace("\r\n", "\n")


def run_while_guest_runs(m, line):
    """Like run(), for when the hypervisor may log (a guest's shutdown)
    right after the prompt: the prompt need not end the output."""
    m.send(line + "\r")
    m.expect(re.escape(line) + r"\r?\n")
    start = m.pos
    m.expect(re.escape(PROMPT))
    return m.text_since(start).replace("\r\n", "\n")


def page_audit(m):
    """xen-core's page audit (debug key 'A'), typed on the serial line:
    the number of frames whose references do not add up, and its report."""
    m.send(CTRL_A * 3)
    m.expect(r"Serial input to Xen")
    start = m.pos
    m.send("A")
    found = m.expect(rb"page audit: \d+ frames, \d+ page tables, "
                     rb"(\d+) mismatches")
    report = m.text_since(start)
    m.send(CTRL_A * 3)
    m.expect(r"Serial input to DOM0")
    return int(found.group(1)), report


def domid(m, name):
    return int(re.search(r"(?m)^%s\s+(\d+)\s" % name, run(m, "xl list"))
               .group(1))


def release_waiting_guest(m, name, timeout=120):
    """A test kernel waiting for its data/done powers off once told."""
    run_while_guest_runs(m, "xenstore-write /local/domain/%d/data/done 1"
                         % domid(m, name))
    m.expect(r"xl: domain '%s' \(\d+\) powered off" % name, timeout=timeout)
    m.wait_quiet(1.0)


def record_the_end(m, r, audit):
    """What a session's end shows: xl list, free memory once it is back to
    r["free_before"], and with @audit the page audit."""
    r["list"] = run(m, "xl list")
    r["free_after"] = free_memory_settled(m, r["free_before"])
    if audit:
        r["audit_end"] = page_audit(m)


class CleanAudits:
    """Mixed into a xen-core test class whose session stored page_audit()
    in self.r under each key of AUDITS: every audit found all adding up."""
    AUDITS = ("audit",)

    def test_every_reference_adds_up(self):
        for key in self.AUDITS:
            mismatches, report = self.r[key]
            self.assertEqual(mismatches, 0, "%s:\n%s" % (key, report))


def free_memory(m):
    return int(re.search(r"^free_memory\s*: (\d+)$", run(m, "xl info"),
                         re.M).group(1))


def free_memory_settled(m, expected, tries=10):
    """xl info's free_memory once it equals @expected (stock Xen frees a
    dead domain's memory lazily), or its last value."""
    for _ in range(tries):
        free = free_memory(m)
        if free == expected:
            break
        time.sleep(1)
    return free


# The demo guests' busybox initramfs (mk/guest/demo-init.sh).
MARKER = "DEMO-INIT-READY"
GUEST_PROMPT = r"/ # "
LINUX_BOOT_TIMEOUT = 400


def guest_command(m, line):
    """Types @line at the guest's shell (attached); returns its output."""
    m.send(line + "\r")
    m.expect(re.escape(line) + r"\r*\n")  # the tty echoes "\r\r\n"
    start = m.pos
    m.expect(GUEST_PROMPT)
    return m.text_since(start)[:-len(GUEST_PROMPT)].replace("\r", "").strip()


def wait_for_guest_shell(m):
    """After `xl create -c` or `xl console` of a booting demo guest."""
    m.expect(MARKER, timeout=LINUX_BOOT_TIMEOUT)
    m.expect(GUEST_PROMPT)
    m.wait_quiet(1.0)


def attach_and_wait_for_boot(m, name):
    m.send("xl console %s\r" % name)
    wait_for_guest_shell(m)


def detach(m):
    m.send(DETACH)
    m.expect(re.escape(PROMPT))
