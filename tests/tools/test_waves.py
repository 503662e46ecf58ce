#!/usr/bin/env python3
"""Waveforms of the network simulator and `pegasus wave`.

pegasus-net --wave writes one FST file per node named, for a window of cycles, on the
time base wave.h states (cycle c's inputs at c*P + P/2 with the clock low, its rising
edge at (c+1)*P). The files are read back with GTKWave's fst2vcd: the clock must rise
exactly once per cycle of the window, and camera0's timestamp input, which the node
drives with the network's cycle count, must read c at cycle c's low sample. Then
`pegasus wave` picks the newest file of a folder and refuses what it cannot open. And
pcap captures at chosen node ports (--pcap=NODE[.PORT]:FILE), read back with tshark.

Usage: test_waves.py BUILD_DIR
"""
import os
import re
import shutil
import signal
import subprocess
import time
import sys
import tempfile
import unittest

BUILD = None
PERIOD_PS = 20_000  # the network's design clock, 50 MHz
FIRST, LAST = 3000, 3199


def vcd_values(path, signals):
    """{signal: [(time, value)]} of the top-level scope's signals in an FST file."""
    text = subprocess.run(["fst2vcd", path], capture_output=True, text=True, check=True).stdout
    ids = {}
    depth = 0
    body = text
    for line in text.splitlines():
        if line.startswith("$scope"):
            depth += 1
        elif line.startswith("$upscope"):
            depth -= 1
        elif line.startswith("$var") and depth == 1:
            parts = line.split()
            if parts[4] in signals:
                ids[parts[3]] = parts[4]
        elif line.startswith("$enddefinitions"):
            body = text[text.index(line) + len(line):]
            break
    out = {s: [] for s in signals}
    t = None
    for line in body.splitlines():
        if line.startswith("#"):
            t = int(line[1:])
        elif line.startswith("b"):
            value, ident = line[1:].split()
            if ident in ids:
                out[ids[ident]].append((t, int(value, 2)))
        elif line and line[0] in "01" and line[1:] in ids:
            out[ids[line[1:]]].append((t, int(line[0])))
    return out


class Waves(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.net = os.path.join(BUILD, "sim_cpp", "net", "pegasus-net")
        cls.tool = os.path.join(BUILD, "host", "pegasus", "pegasus")
        cls.dir = tempfile.mkdtemp(prefix="pegasus_waves_")
        cls.result = subprocess.run(
            [cls.net, "--frames=1", "--out=", "--wave=sw0,camera0",
             f"--wave-window={FIRST}:{LAST}", f"--wave-dir={cls.dir}"],
            capture_output=True, text=True, timeout=300)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)

    def test_run_names_the_files(self):
        self.assertEqual(self.result.returncode, 0, self.result.stdout + self.result.stderr)
        for node in ("sw0", "camera0"):
            path = os.path.join(self.dir, node + ".fst")
            self.assertIn(f"wave: {path}, cycles {FIRST}..{LAST}", self.result.stdout)
            self.assertTrue(os.path.getsize(path) > 0)

    def test_clock_rises_once_a_cycle_of_the_window(self):
        clk = vcd_values(os.path.join(self.dir, "sw0.fst"), {"clk_i"})["clk_i"]
        rises = [t for t, v in clk if v == 1]
        self.assertEqual(rises, [(c + 1) * PERIOD_PS for c in range(FIRST, LAST + 1)])
        self.assertEqual(clk[0][0], FIRST * PERIOD_PS + PERIOD_PS // 2)

    def test_camera_timestamp_is_the_cycle_at_its_low_sample(self):
        ts = vcd_values(os.path.join(self.dir, "camera0.fst"), {"timestamp_i"})["timestamp_i"]
        self.assertEqual(len(ts), LAST - FIRST + 1)
        for t, v in ts:
            self.assertEqual((t - PERIOD_PS // 2) % PERIOD_PS, 0, t)
            self.assertEqual(v, (t - PERIOD_PS // 2) // PERIOD_PS)

    def test_unknown_node_and_bad_window_are_refused(self):
        run = subprocess.run([self.net, "--frames=1", "--out=", "--wave=sw9",
                              f"--wave-dir={self.dir}"], capture_output=True, text=True,
                             timeout=120)
        self.assertEqual(run.returncode, 2)
        self.assertIn("no node sw9", run.stderr)
        run = subprocess.run([self.net, "--wave=sw0", "--wave-window=9:3"],
                             capture_output=True, text=True, timeout=60)
        self.assertEqual(run.returncode, 2)
        self.assertIn("--wave-window wants FIRST:LAST", run.stderr)

    def test_pegasus_wave_opens_the_newest_and_refuses_what_it_cannot(self):
        newest = os.path.join(self.dir, "camera0.fst")
        os.utime(newest, (2_000_000_000, 2_000_000_000))
        run = subprocess.run([self.tool, "wave", "--print", self.dir],
                             capture_output=True, text=True, timeout=30)
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertEqual(run.stdout.split(), ["gtkwave", newest])
        env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
        env["PEGASUS_WAVE_VIEWER"] = "true"  # on PATH: only the missing display can refuse
        run = subprocess.run([self.tool, "wave", newest], capture_output=True, text=True,
                             timeout=30, env=env)
        self.assertEqual(run.returncode, 7)
        self.assertIn("no graphical display", run.stderr)
        with tempfile.TemporaryDirectory() as empty:
            run = subprocess.run([self.tool, "wave", empty], capture_output=True, text=True,
                                 timeout=30)
            self.assertEqual(run.returncode, 7)
            self.assertIn("no .fst file", run.stderr)
            fake = os.path.join(empty, "x.fst")
            with open(fake, "w") as f:
                f.write("not a waveform\n")
            run = subprocess.run([self.tool, "wave", fake], capture_output=True, text=True,
                                 timeout=30)
            self.assertEqual(run.returncode, 7)
            self.assertIn("not an FST waveform", run.stderr)


class SimWave(unittest.TestCase):
    """`pegasus sim --wave` (pegasus-sim's harness trace) stopped as the help says, with
    kill: pegasus-sim ends its run on SIGTERM, so the FST file is complete."""

    def test_killed_simulation_leaves_a_complete_waveform(self):
        tool = os.path.join(BUILD, "host", "pegasus", "pegasus")
        with tempfile.TemporaryDirectory() as d:
            run = subprocess.run([tool, "sim", "--wave", f"--wave-dir={d}",
                                  "--wave-window=0:1999", "--detach"],
                                 capture_output=True, text=True, timeout=120)
            if run.returncode == 7 and "cannot" in run.stderr:
                self.skipTest(run.stderr.strip())
            self.assertEqual(run.returncode, 0, run.stderr)
            pid = int(run.stdout.split("pid")[1].split()[0])
            fst = os.path.join(d, "soc.fst")
            # The window ends at cycle 1,999, a few milliseconds into the run (it runs
            # hundreds of thousands of cycles a second); then stop it.
            time.sleep(1.0)
            os.kill(pid, signal.SIGTERM)
            deadline = time.monotonic() + 60

            def running():  # a zombie (nobody reaps a detached run here) has stopped
                try:
                    with open(f"/proc/{pid}/stat") as f:
                        return f.read().rsplit(")", 1)[1].split()[0] != "Z"
                except FileNotFoundError:
                    return False

            while time.monotonic() < deadline and running():
                time.sleep(0.1)
            self.assertFalse(running(), "pegasus-sim did not stop")
            clk = vcd_values(fst, {"clk_i"})["clk_i"]
            # The harness counts cycles by rising edges: cycles 0..1,999 hold the
            # edges that start cycles 1..1,999.
            self.assertEqual(sum(1 for _, v in clk if v == 1), 1999)
            self.assertFalse(os.path.exists(fst + ".hier"), "the FST was not completed")


class Captures(unittest.TestCase):
    """pegasus-net --soc --pcap=NODE:FILE, read back with tshark: netmgr's run shows
    three frames, so the NIC receives three frame-sync PDUs on camera0's control VC and
    display0 one window command and 36 tile PDUs (netmgr_config.h: 10x6 tiles, 5 a PDU)."""

    def test_node_port_captures_hold_the_pdus_the_run_reports(self):
        elf = os.path.join(BUILD, "firmware", "netmgr", "netmgr.elf")
        if not os.path.exists(elf):
            self.skipTest("built without the firmware images")
        net = os.path.join(BUILD, "sim_cpp", "net", "pegasus-net")
        with tempfile.TemporaryDirectory() as d:
            nic, disp = os.path.join(d, "nic.pcap"), os.path.join(d, "display.pcap")
            run = subprocess.run([net, f"--soc={elf}", "--out=", f"--pcap=soc0:{nic}",
                                  f"--pcap=display0.0:{disp}"], capture_output=True,
                                 text=True, timeout=300)
            self.assertEqual(run.returncode, 0, run.stdout[-2000:] + run.stderr)

            def vcis(path):
                out = subprocess.run(["tshark", "-r", path, "-T", "fields", "-e", "atm.vci"],
                                     capture_output=True, text=True, check=True).stdout
                return [int(v) for v in out.split()]

            self.assertEqual(vcis(nic), [33, 33, 33])
            shown = vcis(disp)
            self.assertEqual(shown.count(34), 1)
            self.assertEqual(shown.count(1), 36)
            self.assertEqual(len(shown), 37)
            bad = subprocess.run([net, f"--soc={elf}", "--out=", "--pcap=sw0.9:x.pcap"],
                                 capture_output=True, text=True, timeout=60)
            self.assertEqual(bad.returncode, 2)
            self.assertIn("sw0 has ports 0..7", bad.stderr)


if __name__ == "__main__":
    BUILD = sys.argv.pop(1)
    unittest.main()
