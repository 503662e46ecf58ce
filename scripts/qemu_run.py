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
import sys

from run_expect import run_and_check


def qemu_command(qemu, elf, extra=()):
    """The QEMU virt command line that runs elf with its console on stdout."""
    return [qemu, "-M", "virt", *extra, "-bios", "none", "-kernel", elf,
            "-display", "none", "-serial", "stdio", "-monitor", "none", "-m", "128M"]


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
    cmd = qemu_command(qemu, args.elf)
    return run_and_check(cmd, args.expect, args.timeout, "qemu_run")

if __name__ == "__main__":
    sys.exit(main())
