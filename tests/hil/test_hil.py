#!/usr/bin/env python3
"""Hardware-in-loop tests: the SoC's firmware (hcpd) driven only through the pegasus tool.

By default the tests start pegasus-sim with hcpd through `pegasus sim --detach` and
talk to it over TCP; given --port=/dev/ttyUSBn (and --baud) or --tcp=HOST:PORT they run
unchanged against a board or a simulator already running. They check the device list,
that the statistics move by exactly the requests sent, ping, the errors for unknown
commands and devices and for another protocol version, and that malformed, truncated
and oversized frames written raw on the line each get their error response while the
session keeps working, and (when the tests started it) that the simulator's stdout
shows the firmware's console text without the frames. The raw frames are built here from the grammar in
doc/wire_formats.md ("Host control protocol"), independently of the C++ codec.

With --via-pty the simulator is reached through a pseudo-terminal relayed to its TCP
port, so the tool's serial transport (--port, termios) runs the same checks.

Usage: test_hil.py --pegasus=PATH [--tcp=HOST:PORT | --port=DEV [--baud=N] | --via-pty]
"""
import argparse
import os
import pty
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

ARGS = None
TARGET = []          # the pegasus transport options
SIM_PID = None
SIM_LOG = None       # pegasus-sim's stdout, when the tests started it
PTY_MASTER = None    # with --via-pty: the relay's end of the pseudo-terminal
PTY_LOCK = threading.Lock()  # held by the relay while it moves bytes

SOF, EOF, ESC = 0x02, 0x03, 0x10


def crc32_aal5(data):
    """CRC-32 as AAL5: generator 0x04C11DB7, preset all ones, MSB first, complemented."""
    reg = 0xFFFFFFFF
    for b in data:
        reg ^= b << 24
        for _ in range(8):
            reg = ((reg << 1) ^ 0x04C11DB7) & 0xFFFFFFFF if reg & 0x80000000 else (reg << 1) & 0xFFFFFFFF
    return reg ^ 0xFFFFFFFF


def frame(seq, command, payload=b"", version=1, kind=1, crc_flip=0):
    body = bytes([version, kind, seq >> 8, seq & 0xFF, command >> 8, command & 0xFF,
                  len(payload) >> 8, len(payload) & 0xFF]) + payload
    body += (crc32_aal5(body) ^ crc_flip).to_bytes(4, "big")
    out = bytearray([SOF])
    for b in body:
        out += bytes([ESC, b ^ 0x20]) if b in (SOF, EOF, ESC) else bytes([b])
    out.append(EOF)
    return bytes(out)


def pegasus(*args):
    """Runs the tool against the target; returns (exit status, stdout, stderr)."""
    cmd = [ARGS.pegasus, "--quiet-console", "--timeout=20000"] + TARGET + list(args)
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    return run.returncode, run.stdout, run.stderr


def stats(device):
    code, out, err = pegasus("stats", device)
    assert code == 0, err
    return {line.split()[0].split(".", 1)[1]: int(line.split()[1]) for line in out.splitlines()}


class Hil(unittest.TestCase):
    def ok(self, *args):
        code, out, err = pegasus(*args)
        self.assertEqual(code, 0, f"pegasus {' '.join(args)}: {err}")
        return out

    def test_console_text_without_frames_on_the_simulator_stdout(self):
        if SIM_LOG is None:
            self.skipTest("the simulator was not started by these tests")
        self.ok("ping", "--count=2")
        with open(SIM_LOG, "rb") as f:
            console = f.read()
        self.assertIn(b"hcpd: serving HCP version 1 on the UART\r\n", console)
        self.assertNotIn(bytes([SOF]), console)
        self.assertNotIn(bytes([EOF]), console)

    def test_version(self):
        out = self.ok("version")
        self.assertIn("tool: HCP version 1", out)
        self.assertRegex(out, r"device: HCP version 1, firmware hcpd, max payload 496 bytes")

    def test_other_version_is_refused_with_a_reason(self):
        code, _, err = pegasus("version", "--protocol=2")
        self.assertEqual(code, 5, err)
        self.assertIn("VERSION_MISMATCH", err)
        self.assertIn("version 1", err)
        self.assertIn("version 2", err)
        # A frame whose own version byte is 2 is refused the same way, with its seq.
        out = self.ok("raw", "--frames=1", frame(0x0777, 2, b"x", version=2).hex())
        self.assertRegex(out, r"error seq=1911 command=2 VERSION_MISMATCH: .*version 2")

    def test_devices(self):
        out = self.ok("devices")
        rows = [line.split() for line in out.splitlines()[1:]]
        self.assertIn(["0", "soc", "soc0"], rows)
        self.assertIn(["1", "nic", "nic0"], rows)

    def test_ping(self):
        out = self.ok("ping", "--count=3", "--size=100")
        self.assertEqual(len(re.findall(r"ping \d: 100 bytes back", out)), 3)
        self.ok("ping", "--count=1", "--size=496")
        self.ok("ping", "--count=1", "--size=0")

    def test_stats_move_by_the_requests_sent(self):
        first = stats("soc0")
        second = stats("soc0")  # HELLO, DEVICES, STATS in between
        self.assertEqual(second["frames_ok"], first["frames_ok"] + 3)
        self.assertEqual(second["responses"], first["responses"] + 3)
        self.assertGreater(second["uptime_cycles"], first["uptime_cycles"])
        self.assertGreater(second["rx_bytes"], first["rx_bytes"])
        nic = stats("nic0")
        for name in ("tx_pdus", "rx_pdus", "rx_drop_crc", "rx_drop_no_vc"):
            self.assertIn(name, nic)

    def test_unknown_command_and_device(self):
        code, _, err = pegasus("call", "99")
        self.assertEqual(code, 1, err)
        self.assertIn("UNKNOWN_COMMAND: unknown command 99", err)
        code, _, err = pegasus("stats", "7")
        self.assertEqual(code, 6, err)
        self.assertIn("NO_SUCH_DEVICE: no device with id 7", err)
        code, _, err = pegasus("stats", "camera9")
        self.assertEqual(code, 6, err)
        self.assertIn("no such device 'camera9'", err)
        code, _, err = pegasus("call", "4", "01")  # STATS with a 1-byte id
        self.assertEqual(code, 1, err)
        self.assertIn("BAD_REQUEST", err)
        self.ok("devices")

    def check_refused(self, raw, pattern, counter):
        before = stats("soc0")
        out = self.ok("raw", "--frames=1", raw.hex())
        self.assertRegex(out, pattern)
        after = stats("soc0")
        self.assertEqual(after[counter], before[counter] + 1, counter)
        self.assertEqual(after["errors_sent"], before["errors_sent"] + 1)
        self.ok("ping", "--count=1")  # and the session goes on

    def test_bad_crc(self):
        self.check_refused(frame(0x0101, 2, b"abc", crc_flip=1),
                           r"error seq=0 command=0 BAD_CRC: .*residue", "bad_crc")

    def test_malformed(self):
        self.check_refused(bytes([SOF, ESC, 0x41]) + frame(1, 2)[1:],
                           r"error seq=0 command=0 MALFORMED: an ESC byte", "malformed")
        self.check_refused(bytes([SOF, 1, 1, 0, 5, EOF]),
                           r"error seq=0 command=0 MALFORMED: .*shorter", "malformed")

    def test_oversized(self):
        self.check_refused(bytes([SOF]) + bytes([0x55]) * 600 + bytes([EOF]),
                           r"error seq=0 command=0 OVERSIZED", "oversized")

    def test_truncated_frame_is_answered_and_the_next_one_served(self):
        before = stats("soc0")
        ping = frame(0x4242, 2, b"after")
        out = self.ok("raw", "--frames=2", (ping[:7] + ping).hex())
        lines = out.splitlines()
        self.assertEqual(len(lines), 2, out)
        self.assertRegex(lines[0], r"error seq=0 command=0 TRUNCATED")
        self.assertEqual(lines[1], "response seq=16962 command=2 payload=" + b"after".hex())
        after = stats("soc0")
        self.assertEqual(after["truncated"], before["truncated"] + 1)
        # A frame left unfinished at the end of one session is answered at the start
        # of the next, and that session is not disturbed by it.
        self.ok("raw", "--frames=0", ping[:5].hex())
        wait_for_relay()  # a serial port opens with a flush that would drop them
        self.ok("ping", "--count=2")
        self.assertEqual(stats("soc0")["truncated"], before["truncated"] + 2)


def start_sim(*options, name="pegasus-sim"):
    """Starts `pegasus sim --detach [options]`; returns its TCP address."""
    global SIM_PID, SIM_LOG
    log = os.path.join(tempfile.gettempdir(), f"hil_{name}_{os.getpid()}.log")
    run = subprocess.run([ARGS.pegasus, "sim", *options, "--detach", f"--log={log}"],
                         capture_output=True, text=True, timeout=120)
    if run.returncode != 0:
        sys.exit(f"pegasus sim {' '.join(options)} failed ({run.returncode}): {run.stderr}")
    address, pid = run.stdout.split("\n")[:2]
    SIM_PID = int(pid.split()[1])
    SIM_LOG = log
    print(f"hil: {name} pid {SIM_PID} on {address}, console in {log}")
    return address


def wait_for_relay():
    """With --via-pty: waits until the relay has passed on every byte the tool wrote."""
    if PTY_MASTER is None:
        return
    while True:
        with PTY_LOCK:
            if not select.select([PTY_MASTER], [], [], 0)[0]:
                return
        time.sleep(0.01)


def start_pty_relay(address):
    """Returns the path of a pseudo-terminal whose bytes are relayed to address."""
    host, port = address.rsplit(":", 1)
    sock = socket.create_connection((host, int(port)))
    global PTY_MASTER
    master, slave = pty.openpty()  # the slave stays open here, so the tool may come and go
    PTY_MASTER = master

    def relay():
        while True:
            ready, _, _ = select.select([master, sock], [], [])
            with PTY_LOCK:
                if sock in ready:
                    data = sock.recv(4096)
                    if not data:
                        return
                    os.write(master, data)
                if master in ready:
                    sock.sendall(os.read(master, 4096))

    threading.Thread(target=relay, daemon=True).start()
    path = os.ttyname(slave)
    print(f"hil: {path} relayed to {address}")
    return path


def main():
    global ARGS, TARGET
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pegasus", required=True)
    parser.add_argument("--tcp")
    parser.add_argument("--port")
    parser.add_argument("--baud", default="115200")
    parser.add_argument("--via-pty", action="store_true")
    ARGS, rest = parser.parse_known_args()
    if ARGS.via_pty:
        TARGET = [f"--port={start_pty_relay(ARGS.tcp or start_sim())}"]
    elif ARGS.port:
        TARGET = [f"--port={ARGS.port}", f"--baud={ARGS.baud}"]
    else:
        TARGET = [f"--tcp={ARGS.tcp or start_sim()}"]
    try:
        result = unittest.main(argv=[sys.argv[0], "-v"] + rest, exit=False).result
    finally:
        if SIM_PID is not None:
            os.kill(SIM_PID, signal.SIGTERM)
            os.remove(SIM_LOG)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main())
