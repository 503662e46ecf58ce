#!/usr/bin/env python3
"""Run a Pegasus firmware ELF on `qemu-system-riscv32 -M virt`.

The image talks to QEMU's uart0 and ends through the test finisher (sifive_test),
so QEMU's exit status is the program's: 0 for pass, the CODE for fail. The console
output is copied to stdout. With --expect, the run fails unless every given text
appears in the output. A run that does not finish within --timeout seconds is
stopped and reported.
"""
import argparse
import shutil
import subprocess
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("elf", help="firmware image (ELF)")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds (default 20)")
    parser.add_argument("--expect", action="append", default=[],
                        help="text that must appear in the console output (repeatable)")
    parser.add_argument("--qemu", default="qemu-system-riscv32")
    args = parser.parse_args()

    qemu = shutil.which(args.qemu)
    if qemu is None:
        print(f"qemu_run: {args.qemu} not found; scripts/setup installs it "
              "(Debian package qemu-system-misc)", file=sys.stderr)
        return 2
    cmd = [qemu, "-M", "virt", "-bios", "none", "-kernel", args.elf,
           "-display", "none", "-serial", "stdio", "-monitor", "none", "-m", "128M"]
    try:
        run = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                             timeout=args.timeout)
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace")
        sys.stdout.write(out)
        print(f"qemu_run: {args.elf} did not finish within {args.timeout:g} s "
              "(no write to the test finisher)", file=sys.stderr)
        return 1
    out = run.stdout.decode(errors="replace")
    sys.stdout.write(out)
    sys.stderr.write(run.stderr.decode(errors="replace"))
    missing = [t for t in args.expect if t not in out]
    for text in missing:
        print(f"qemu_run: expected output not seen: {text!r}", file=sys.stderr)
    if run.returncode != 0:
        print(f"qemu_run: {args.elf} exited with status {run.returncode}", file=sys.stderr)
        return run.returncode
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
