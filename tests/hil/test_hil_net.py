#!/usr/bin/env python3
"""Hardware-in-loop tests of the connection manager: pegasusd on the desk-area network.

The tests start `pegasus sim --net --detach` (pegasus-net: soc0 running pegasusd, the
8-port sw0, camera0, display0, audio0, camera1, audio1, soc0's UART on TCP) and drive it only through the pegasus tool; given
--tcp=HOST:PORT or --port=DEV they run unchanged against a network already running or a
board. They check the device list and the switch's 8 ports, that a connection from camera0
to display0 makes the camera send frame syncs and the switch carry cells from the
camera's port to the display's, that a window moves, that every bad command (an unknown
device or connection, a window off the screen, a camera or VC already in use, a malformed,
damaged or truncated frame) gets its error and leaves the connection as it was and
streaming, that a disconnect stops the camera's cells, and that a second camera window and
an audio connection (audio0 -> audio1) run beside the first, with bad pairings refused. Started here, pegasus-net is
stopped with SIGTERM at the end and must exit with its summary, frames drawn included.

The tests run in order against one network (each step builds on the one before).

Usage: test_hil_net.py --pegasus=PATH [--tcp=HOST:PORT | --port=DEV [--baud=N]]
"""
import argparse
import os
import re
import signal
import sys
import time
import unittest

import test_hil
from test_hil import SOF, frame, pegasus, stats

STATE = {}  # the connection id the tests made

# Wall-clock bounds; the network runs at a few hundred thousand cycles a second on a
# loaded machine, a camera frame is 80,840 cycles.
WAIT_S = 120


def wait_for(what, fn, timeout=WAIT_S):
    """Polls fn() (a value or None) until it is not None."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = fn()
        if value is not None:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def moving(device, counters, what):
    """Waits until each of counters of device has grown; returns the last stats."""
    first = stats(device)

    def grown():
        now = stats(device)
        return now if all(now[c] > first[c] for c in counters) else None

    return wait_for(what, grown)


def quiet(device, counter):
    """Waits until counter of device stays unchanged over a few stats requests."""
    last = {"v": stats(device)[counter], "same": 0}

    def settled():
        time.sleep(0.5)
        v = stats(device)[counter]
        last["same"] = last["same"] + 1 if v == last["v"] else 0
        last["v"] = v
        return v if last["same"] >= 3 else None

    return wait_for(f"{device}.{counter} to stop", settled)


class Net(unittest.TestCase):
    def ok(self, *args):
        code, out, err = pegasus(*args)
        self.assertEqual(code, 0, f"pegasus {' '.join(args)}: {err}")
        return out

    def refused(self, exit_code, pattern, *args):
        code, _, err = pegasus(*args)
        self.assertEqual(code, exit_code, f"pegasus {' '.join(args)}: {err}")
        self.assertRegex(err, pattern)

    def assert_connection_unchanged(self):
        d = stats("display0")
        cid = STATE["id"]
        self.assertEqual(d["connections"], 1)
        self.assertEqual((d[f"conn{cid}.x"], d[f"conn{cid}.y"]), (40, 32))
        self.assertEqual((d[f"conn{cid}.w"], d[f"conn{cid}.h"]), (80, 48))
        self.assertEqual(stats("camera0")["streaming"], 1)

    def test_1_devices_and_switch_ports(self):
        out = self.ok("devices")
        rows = [line.split() for line in out.splitlines()[1:]]
        for row in (["soc", "soc0"], ["nic", "nic0"], ["switch", "sw0"], ["camera", "camera0"],
                    ["display", "display0"], ["camera", "camera1"], ["audio", "audio0"],
                    ["audio", "audio1"]):
            self.assertIn(row, [r[1:] for r in rows])
        ids = {r[2]: int(r[0]) for r in rows}
        sw = stats("sw0")
        self.assertEqual(sw["ports"], 8)
        self.assertEqual(sw["port0.device"], ids["nic0"])
        self.assertEqual(sw["port1.device"], ids["camera0"])
        self.assertEqual(sw["port2.device"], ids["display0"])
        self.assertEqual(sw["port3.device"], ids["audio0"])
        self.assertEqual(sw["port4.device"], ids["camera1"])
        self.assertEqual(sw["port5.device"], ids["audio1"])
        self.assertEqual(stats("display0")["connections"], 0)
        self.assertEqual(stats("camera0")["streaming"], 0)

    def test_2_connect_streams_camera_frames_through_the_switch(self):
        out = self.ok("connect", "camera0", "display0", "--at", "16,8")
        m = re.match(r"connection (\d+): camera0 -> display0 window 1 at 16,8 size 80x48$",
                     out.strip())
        self.assertIsNotNone(m, out)
        STATE["id"] = int(m.group(1))
        cam = moving("camera0", ["frame_syncs"], "camera0's frame syncs")
        # 80x48 capture: 6 bands of 10 tiles a frame, none dropped.
        self.assertEqual(cam["bands_dropped"], 0)
        self.assertEqual(cam["tiles_sent"], 10 * cam["bands_sent"])
        self.assertEqual(cam["bands_sent"] % 6, 0)
        sw = moving("sw0", ["port1.in", "port2.out"], "cells from camera0 to display0")
        self.assertEqual(sw["port1.drops"], 0)
        d = stats("display0")
        cid = STATE["id"]
        self.assertEqual(d["connections"], 1)
        self.assertEqual((d[f"conn{cid}.x"], d[f"conn{cid}.y"], d[f"conn{cid}.window"]),
                         (16, 8, 1))

    def test_3_window_move(self):
        cid = STATE["id"]
        out = self.ok("window", "move", str(cid), "40,32")
        # z 1: camera windows are above the window manager's decorations window (z 0).
        self.assertEqual(out.strip(), f"connection {cid}: window at 40,32 size 80x48 z 1")
        self.assert_connection_unchanged()

    def test_4_bad_commands_change_nothing(self):
        cid = STATE["id"]
        before = stats("soc0")
        # Unknown device: by name (the tool) and by id (the firmware).
        self.refused(6, r"no such device 'camera9'",
                     "connect", "camera9", "display0", "--at", "0,0")
        self.refused(6, r"NO_SUCH_DEVICE: no device with id 9",
                     "call", "5", "0009 0004 0000 0000 0000 0000")
        # Not a camera and a display.
        self.refused(1, r"BAD_REQUEST: CONNECT takes a camera and a display",
                     "connect", "display0", "camera0", "--at", "0,0")
        # Windows off the screen, and a size the camera cannot capture.
        self.refused(1, r"OUT_OF_RANGE: the window would leave the 320x240 screen",
                     "window", "move", str(cid), "300,230")
        self.refused(1, r"OUT_OF_RANGE: the window would leave the 320x240 screen",
                     "window", "move", str(cid), "-8,0")
        self.refused(1, r"OUT_OF_RANGE: a window is 8x8 to 320x240 pixels in multiples of 8",
                     "window", "resize", str(cid), "84x48")
        # camera0 (its data VC) and display0's window are taken.
        self.refused(1, rf"IN_USE: camera0's data VC 32 is in use by connection {cid}",
                     "connect", "camera0", "display0", "--at", "0,0")
        self.refused(1, r"NO_SUCH_CONNECTION: no connection 999",
                     "window", "raise", "999")
        self.refused(1, r"NO_SUCH_CONNECTION: no connection 999", "disconnect", "999")
        # A CONNECT payload one byte short, and a WINDOW with an unknown operation.
        self.refused(1, r"BAD_REQUEST: CONNECT wants 12 bytes",
                     "call", "5", "0003 0004 0000 0000 0000 00")
        self.refused(1, r"BAD_REQUEST: WINDOW operation",
                     "call", "7", f"{cid:04x} 09 0000 0000")
        # Damaged and truncated CONNECT frames on the line.
        payload = bytes.fromhex("000300040000000000000000")  # camera0 -> display0 at 0,0
        out = self.ok("raw", "--frames=1", frame(0x0505, 5, payload, crc_flip=4).hex())
        self.assertRegex(out, r"error seq=0 command=0 BAD_CRC")
        ping = frame(0x4243, 2, b"still")
        out = self.ok("raw", "--frames=2", (frame(0x0506, 5, payload)[:11] + ping).hex())
        self.assertRegex(out.splitlines()[0], r"error seq=0 command=0 TRUNCATED")
        self.assertEqual(out.splitlines()[1], "response seq=16963 command=2 payload=" +
                         b"still".hex())
        after = stats("soc0")
        self.assertEqual(after["refused"], before["refused"] + 6)
        self.assertEqual(after["bad_request"], before["bad_request"] + 3)
        self.assertEqual(after["no_device"], before["no_device"] + 1)
        self.assertEqual(after["bad_crc"], before["bad_crc"] + 1)
        self.assertEqual(after["truncated"], before["truncated"] + 1)
        # The connection is as it was, and still streaming.
        self.assert_connection_unchanged()
        moving("camera0", ["frame_syncs"], "frame syncs after the refused commands")
        moving("sw0", ["port1.in", "port2.out"], "cells after the refused commands")

    def test_5_raise(self):
        cid = STATE["id"]
        out = self.ok("window", "raise", str(cid))  # the only window: it stays in front
        self.assertEqual(out.strip(), f"connection {cid}: window at 40,32 size 80x48 z 1")

    def test_6_disconnect_stops_the_cells(self):
        cid = STATE["id"]
        self.assertEqual(self.ok("disconnect", str(cid)).strip(), f"connection {cid} removed")
        self.assertEqual(stats("display0")["connections"], 0)
        self.assertEqual(stats("camera0")["streaming"], 0)
        cells = quiet("sw0", "port1.in")
        syncs = stats("camera0")["frame_syncs"]
        time.sleep(1.0)
        sw = stats("sw0")
        self.assertEqual(sw["port1.in"], cells)
        self.assertEqual(stats("camera0")["frame_syncs"], syncs)
        self.refused(1, rf"NO_SUCH_CONNECTION: no connection {cid}", "disconnect", str(cid))

    def test_7_reconnect_with_a_size(self):
        out = self.ok("connect", "camera0", "display0", "--at", "0,0", "--size", "160x120")
        m = re.match(r"connection (\d+): camera0 -> display0 window 1 at 0,0 size 160x120$",
                     out.strip())
        self.assertIsNotNone(m, out)
        cid = int(m.group(1))
        self.assertNotEqual(cid, STATE["id"])
        cam = moving("camera0", ["frame_syncs"], "frame syncs of the new connection")
        self.assertEqual(cam["streaming"], 1)
        self.ok("disconnect", str(cid))

    def test_8_two_cameras_and_audio(self):
        out = self.ok("connect", "camera0", "display0", "--at", "16,16")
        first = int(re.match(r"connection (\d+): camera0 -> display0 window 1 ", out).group(1))
        out = self.ok("connect", "camera1", "display0", "--at", "64,40", "--size", "96x64")
        m = re.match(r"connection (\d+): camera1 -> display0 window 2 at 64,40 size 96x64$",
                     out.strip())
        self.assertIsNotNone(m, out)
        second = int(m.group(1))
        d = stats("display0")
        self.assertEqual(d["connections"], 2)
        self.assertGreater(d[f"conn{second}.z"], d[f"conn{first}.z"])
        cam = moving("camera1", ["frame_syncs"], "camera1's frame syncs")
        self.assertEqual(cam["bands_dropped"], 0)
        self.assertEqual(cam["tiles_sent"], 12 * cam["bands_sent"])
        moving("sw0", ["port4.in", "port2.out"], "cells from camera1 to display0")
        # audio0 sends its tone from boot; sw0 drops it until a connection routes it.
        self.assertGreater(stats("audio0")["drops"], 0)
        self.refused(1, r"BAD_REQUEST: CONNECT takes a camera and a display, or an audio "
                        r"source and an audio sink, not audio0 and display0",
                     "call", "5", "0006 0004 0000 0000 0000 0000")
        self.refused(1, r"BAD_REQUEST: .* not camera0 and audio1", "connect", "camera0", "audio1")
        out = self.ok("connect", "audio0", "audio1")
        m = re.match(r"connection (\d+): audio0 -> audio1 \(audio\)$", out.strip())
        self.assertIsNotNone(m, out)
        audio = int(m.group(1))
        self.refused(1, rf"IN_USE: audio0's data VC 48 is in use by connection {audio}",
                     "connect", "audio0", "audio1")
        self.refused(1, r"BAD_REQUEST: connection \d+ is an audio connection",
                     "window", "move", str(audio), "0,0")
        a1 = moving("audio1", ["cells_out"], "audio cells to audio1")
        self.assertEqual(a1["connection"], audio)
        self.assertEqual(a1["drops"], 0)
        for cid in (audio, second, first):
            self.ok("disconnect", str(cid))
        self.assertEqual(stats("display0")["connections"], 0)
        self.assertEqual(stats("audio1")["connection"], 0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pegasus", required=True)
    parser.add_argument("--tcp")
    parser.add_argument("--port")
    parser.add_argument("--baud", default="115200")
    args, rest = parser.parse_known_args()
    test_hil.ARGS = args
    if args.port:
        test_hil.TARGET[:] = [f"--port={args.port}", f"--baud={args.baud}"]
    else:
        address = args.tcp or test_hil.start_sim("--net", name="pegasus-net")
        test_hil.TARGET[:] = [f"--tcp={address}"]
    try:
        result = unittest.main(argv=[sys.argv[0], "-v", "--failfast"] + rest, exit=False).result
    finally:
        if test_hil.SIM_PID is not None:
            os.kill(test_hil.SIM_PID, signal.SIGTERM)
            stopped = wait_exit(test_hil.SIM_PID)
            with open(test_hil.SIM_LOG, "rb") as f:
                console = f.read()
            os.remove(test_hil.SIM_LOG)
            if b"pegasusd: serving HCP" not in console or bytes([SOF]) in console:
                print(f"hil: unexpected console from pegasus-net:\n{console[-2000:]!r}")
                return 1
            problem = check_summary(console, stopped, result.wasSuccessful())
            if problem:
                print(f"hil: {problem}; pegasus-net's output ends:\n{console[-2000:]!r}")
                return 1
    return 0 if result.wasSuccessful() else 1


def wait_exit(pid, timeout=60):
    """Waits until process pid (not our child: started detached) has exited; whether it
    did."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            with open(f"/proc/{pid}/stat") as f:
                state = f.read().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state == "Z":  # exited, not yet reaped by whoever adopted it
            return True
        time.sleep(0.2)
    return False


def check_summary(console, stopped, streamed):
    """What is wrong with pegasus-net's exit after SIGTERM (None if nothing): it stops at a
    quantum boundary and prints its summary; once the tests have streamed, the summary
    gives the camera's frames drawn."""
    if not stopped:
        return "pegasus-net still running 60 s after SIGTERM"
    text = console.decode(errors="replace")
    m = re.search(r"summary: firmware still running, stopped by SIGTERM at cycle (\d+)", text)
    if not m:
        return "no summary after SIGTERM"
    if not streamed:
        return None
    drawn = re.search(r"frames: captured (\d+), drawn (\d+)", text)
    if not drawn or int(drawn.group(2)) == 0:
        return "no frames drawn in the summary"
    return None


if __name__ == "__main__":
    sys.exit(main())
