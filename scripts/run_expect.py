#!/usr/bin/env python3
"""Run a command, echo its output, and fail unless it exits 0 and prints every --expect text.

The system tests run firmware and kernel images with it on pegasus-sim, and
scripts/qemu_run.py uses run_and_check() for the same checks under QEMU, so both
targets are judged by one rule: exit status 0 (the test finisher's pass) and every
expected line present. A command still running after --timeout seconds is stopped
and reported.
Usage: run_expect.py [--timeout S] [--expect TEXT]... -- COMMAND [ARG]...
"""
import argparse
import subprocess
import sys


def run_and_check(cmd, expect, timeout, name):
    """Runs cmd, copies its output, and returns the exit status to report (0 = pass)."""
    try:
        run = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                             timeout=timeout)
    except subprocess.TimeoutExpired as e:
        sys.stdout.write((e.stdout or b"").decode(errors="replace"))
        print(f"{name}: {cmd[-1]} did not finish within {timeout:g} s "
              "(no write to the test finisher)", file=sys.stderr)
        return 1
    out = run.stdout.decode(errors="replace")
    sys.stdout.write(out)
    sys.stderr.write(run.stderr.decode(errors="replace"))
    missing = [t for t in expect if t not in out]
    for text in missing:
        print(f"{name}: expected output not seen: {text!r}", file=sys.stderr)
    if run.returncode != 0:
        print(f"{name}: {cmd[-1]} exited with status {run.returncode}", file=sys.stderr)
        return run.returncode
    return 1 if missing else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--expect", action="append", default=[])
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        parser.error("no command given")
    return run_and_check(cmd, args.expect, args.timeout, "run_expect")


if __name__ == "__main__":
    sys.exit(main())
