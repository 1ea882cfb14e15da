"""Typing toolstack commands at the control domain's serial shell, as
the xl tests do."""
import re
import time

PROMPT = "toolstack-domain# "
DETACH = "\x1d"         # CTRL-]


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
