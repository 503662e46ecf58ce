#!/usr/bin/env python3
"""The shared Verilator harness, seen from outside through a real RTL test binary.

Checks that FST tracing is switched on by flag and by environment variable, that the
dump holds exactly the requested cycle window (read back with GTKWave's fst2vcd),
that a seed given in the environment is the one used and printed, and that the cycle
timeout stops a run with a message that says how to raise it.
Usage: test_harness.py <path to an RTL test binary built from crc32_test.cc>
Prints "N passed, N failed" last; exits 1 on any failure.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

CLK_PERIOD_PS = 10_000  # the harness default for clk_i


def run(binary, args, env_extra=None):
    env = dict(os.environ)
    for key in [k for k in env if k.startswith("PEGASUS_")]:
        del env[key]
    env.update(env_extra or {})
    return subprocess.run([binary] + args, capture_output=True, text=True, env=env, timeout=120)


def vcd_times(fst):
    vcd = subprocess.run(["fst2vcd", fst], capture_output=True, text=True, check=True).stdout
    return [int(m) for m in re.findall(r"^#(\d+)", vcd, re.M)]


def main():
    binary = sys.argv[1]
    results = []

    def check(name, ok, detail=""):
        results.append(ok)
        print(f"{'ok  ' if ok else 'FAIL'} {name}" + (f": {detail}" if detail and not ok else ""))

    one_test = ["--gtest_filter=*CheckValueOf123456789"]
    with tempfile.TemporaryDirectory() as tmp:
        fst = os.path.join(tmp, "window.fst")
        r = run(binary, one_test + [f"--trace={fst}", "--trace-start=3", "--trace-end=6"])
        check("flag --trace writes an FST", r.returncode == 0 and os.path.getsize(fst) > 0,
              r.stdout + r.stderr)
        if shutil.which("fst2vcd") and os.path.exists(fst):
            times = vcd_times(fst)
            # Cycle n's rising edge is at (n - 0.5) periods; the window's last falling
            # edge half a period after cycle 6's rising edge.
            lo, hi = (3 - 1) * CLK_PERIOD_PS, 6 * CLK_PERIOD_PS
            inside = bool(times) and min(times) >= lo and max(times) <= hi
            check("dump holds only cycles 3..6", inside, f"times {times[:3]}..{times[-3:]}")
        else:
            check("fst2vcd available to read traces back (gtkwave package)", False)

        r = run(binary, one_test, {"PEGASUS_TRACE": "1", "PEGASUS_TRACE_DIR": tmp})
        named = os.path.join(tmp, "CheckValueOf123456789.fst")
        check("PEGASUS_TRACE=1 writes <trace dir>/<test>.fst", os.path.exists(named),
              r.stderr)

    r = run(binary, ["--gtest_filter=*RandomMessages*"], {"PEGASUS_SEED": "4242"})
    check("PEGASUS_SEED is used and printed",
          r.returncode == 0 and "seed 4242 (replay with PEGASUS_SEED=4242)" in r.stderr,
          r.stderr[-500:])
    r = run(binary, ["--gtest_filter=*RandomMessages*", "--seed=99"])
    check("--seed is used and printed", "seed 99 " in r.stderr, r.stderr[-500:])

    r = run(binary, ["--gtest_filter=*RandomMessages*"], {"PEGASUS_TIMEOUT": "500"})
    check("timeout stops the run and says how to raise it",
          r.returncode != 0 and "no result after 500 cycles" in r.stdout + r.stderr,
          (r.stdout + r.stderr)[-800:])

    r = run(binary, ["--timeout=abc"])
    check("a bad flag value is refused", r.returncode == 2 and "not a number" in r.stderr,
          r.stderr)

    passed = sum(results)
    print(f"{passed} passed, {len(results) - passed} failed")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
