#!/usr/bin/env python3
"""Run a command, echo its output, and fail unless it exits 0 and prints every --expect text.

Used by the system tests to run firmware on pegasus-sim with the same expectations
as the QEMU runs (scripts/qemu_run.py).
"""
import argparse
import subprocess
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expect", action="append", default=[])
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    run = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=300)
    out = run.stdout.decode(errors="replace")
    sys.stdout.write(out)
    sys.stderr.write(run.stderr.decode(errors="replace"))
    missing = [t for t in args.expect if t not in out]
    for text in missing:
        print(f"run_expect: expected output not seen: {text!r}", file=sys.stderr)
    if run.returncode != 0:
        print(f"run_expect: exit status {run.returncode}", file=sys.stderr)
        return 1
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
