"""QEMU's machine protocol (QMP) on a Unix socket: what the tests ask
QEMU itself, such as a disk's flush count."""
import json
import socket
import time


class Qmp:
    def __init__(self, path, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            try:
                self.sock.connect(path)
                break
            except OSError:
                self.sock.close()
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.file = self.sock.makefile("rw")
        self._read()                    # the greeting
        self.execute("qmp_capabilities")

    def _read(self):
        while True:
            msg = json.loads(self.file.readline())
            if "event" not in msg:
                return msg

    def execute(self, command, **arguments):
        req = {"execute": command}
        if arguments:
            req["arguments"] = arguments
        self.file.write(json.dumps(req) + "\n")
        self.file.flush()
        reply = self._read()
        if "error" in reply:
            raise AssertionError("QMP %s: %s" % (command, reply["error"]))
        return reply["return"]

    def flushes(self, device):
        """How many flushes the guest made on @device so far."""
        for dev in self.execute("query-blockstats"):
            if dev.get("device") == device or \
                    dev.get("qdev", "").endswith(device):
                return dev["stats"]["flush_operations"]
        raise AssertionError("no block device %s" % device)

    def status(self):
        return self.execute("query-status")["status"]

    def close(self):
        self.sock.close()
