"""Reading what the probe PV kernel (tests/pv-kernels/probe) prints."""


def parse_probe_dump(text):
    """'probe: k=v ...' lines as a dict; page-table runs as a list under
    'layout'; cmd_line whole, since it may hold spaces."""
    dump = {}
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("probe: "):
            continue
        body = line[len("probe: "):]
        if body.startswith(("map ", "l4[")):
            dump.setdefault("layout", []).append(body)
            continue
        if body.startswith("cmd_line="):
            dump["cmd_line"] = body[len("cmd_line="):]
            continue
        for field in body.split(" "):
            key, _, value = field.partition("=")
            dump[key] = value
    return dump
