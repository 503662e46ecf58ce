#!/usr/bin/env python3
"""scripts/demo.py in its reduced mode (one camera frame): the demo `make demo` runs.

Checks that the script succeeds against this build, that its summary's frame and PNG
counts are the files it left (each a PNG of display0's 320x240 screen), that audio1
played audio0's tone (the firmware's audio connection) and its WAV file exists, and
that a build without the binaries fails with a message naming what is missing.

Usage: test_demo_script.py BUILD_DIR
"""
import os
import re
import struct
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "scripts", "demo.py")
BUILD = None


def run_demo(build, out, *extra):
    return subprocess.run([sys.executable, SCRIPT, "--build", build, "--out", out, *extra],
                          capture_output=True, text=True, timeout=300)


def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


class DemoScript(unittest.TestCase):
    def test_one_frame_demo_writes_what_it_reports(self):
        with tempfile.TemporaryDirectory() as out:
            run = run_demo(BUILD, out, "--frames", "1")
            self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
            text = run.stdout
            self.assertIn("what happened:", text)
            m = re.search(r"frames: camera0 and camera1 captured (\d+), display0 drew (\d+); "
                          r"(\d+) PNGs", text)
            self.assertIsNotNone(m, text)
            captured, drawn, pngs = (int(x) for x in m.groups())
            self.assertGreaterEqual(drawn, 1)
            self.assertLessEqual(drawn, captured)
            files = sorted(f for f in os.listdir(os.path.join(out, "managed"))
                           if f.endswith(".png"))
            self.assertEqual(len(files), pngs)
            for f in files:
                self.assertEqual(png_size(os.path.join(out, "managed", f)), (320, 240), f)
            self.assertRegex(text, r"drops: 0 ")
            # Both cameras' windows, each camera's latency from the managed run.
            self.assertIn("connect camera1 display0", text)
            for cam in ("camera0", "camera1"):
                m = re.search(cam + r" -> in display0's framebuffer \(step 1, (\d+) tile "
                              r"PDUs\): newest pixel of a tile PDU mean ([\d.]+) us", text)
                self.assertIsNotNone(m, text)
                self.assertGreater(int(m.group(1)), 0)
                self.assertGreater(float(m.group(2)), 0.0)
            m = re.search(r"oldest \(waits for its band's 8 lines\) mean [\d.]+ us, max "
                          r"([\d.]+) us", text)
            self.assertIsNotNone(m, text)
            self.assertGreater(float(m.group(1)), 0.0)
            m = re.search(r"(\d+) frames played \([\d.]+ ms\), (\d+) equal to the tone's "
                          r"reference, (\d+) silent", text)
            self.assertIsNotNone(m, text)
            played, exact, silent = (int(x) for x in m.groups())
            self.assertGreater(exact, 0)
            self.assertEqual(played, exact + silent)
            with open(os.path.join(out, "audio1.wav"), "rb") as f:
                self.assertEqual(f.read(4), b"RIFF")

    def test_a_build_without_the_binaries_fails_clearly(self):
        with tempfile.TemporaryDirectory() as empty:
            run = run_demo(empty, os.path.join(empty, "out"), "--frames", "1")
            self.assertEqual(run.returncode, 1)
            self.assertRegex(run.stderr, r"demo FAILED: pegasus is not built: .* is missing")


if __name__ == "__main__":
    BUILD = sys.argv.pop(1)
    unittest.main()
