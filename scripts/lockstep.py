#!/usr/bin/env python3
"""Run a firmware ELF on QEMU virt and on the Verilated SoC and compare them.

Both runs must print the same console output and end with the same exit status.
Then, unless --output-only, the two instruction streams are compared step by step
from the ELF entry point: QEMU's (from `-singlestep -d cpu`, the register file
before every instruction) and the core's (pegasus-sim --trace-commit: pc,
instruction, register written and its value, traps). At every step the pc must be
the same and the register file the core's trace implies must equal QEMU's after
the instruction. The first difference is reported with the instructions before it.

QEMU runs with the core's ISA (-cpu rv32 without A, C, F, D, S, H), so misa, the
alignment of jump targets and the set of CSRs agree. Values the two cannot share
-- reads of the cycle, instret and time counters and of mvendorid, marchid and
mimpid -- are taken from QEMU, and the
registers and memory words computed from them are not compared until they are
overwritten by values computed from compared ones. Interrupts are not
compared (their timing differs); use programs without them.

With --random A:B instead of an ELF, runs the seeded random programs of
tests/rtl/cpu/random_program.py for seeds A..B-1 (assembled with the cross compiler
and the build's generated memory map) and reports the instructions compared in total.
"""
import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

from qemu_run import qemu_command

QEMU_CPU = "rv32,a=false,c=false,d=false,f=false,s=false,h=false"
# CSRs whose values differ between the two by nature: cycle/instret/time and their
# machine and high-half versions, and the implementation IDs.
COUNTER_CSRS = {0xB00, 0xB02, 0xB80, 0xB82, 0xC00, 0xC01, 0xC02, 0xC80, 0xC81, 0xC82,
                0xF11, 0xF12, 0xF13}
ABI = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2",
       "a3", "a4", "a5", "a6", "a7", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9",
       "s10", "s11", "t3", "t4", "t5", "t6"]


def elf_entry(path):
    with open(path, "rb") as f:
        head = f.read(28)
    if head[:4] != b"\x7fELF" or head[4] != 1:
        raise SystemExit(f"lockstep: {path} is not a 32-bit ELF")
    return struct.unpack_from("<I", head, 24)[0]


def run_qemu(args, elf, log):
    qemu = shutil.which(args.qemu)
    if qemu is None:
        raise SystemExit(f"lockstep: {args.qemu} not found (Debian package qemu-system-misc)")
    cmd = qemu_command(qemu, elf, ("-cpu", QEMU_CPU))
    if log:
        cmd += ["-singlestep", "-d", "cpu,nochain", "-D", log]
    try:
        run = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                             timeout=args.timeout)
    except subprocess.TimeoutExpired as e:
        return (e.stdout or b"").decode(errors="replace"), None
    return run.stdout.decode(errors="replace"), run.returncode


def run_core(args, elf, trace):
    cmd = [args.sim, f"--max-cycles={args.max_cycles}", "--quiet", elf]
    if trace:
        cmd.insert(1, f"--trace-commit={trace}")
    run = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                         timeout=args.timeout * 10)
    return run.stdout.decode(errors="replace"), run.returncode


def qemu_steps(log):
    """Yields (pc, regs) for each instruction QEMU was about to execute."""
    pc = None
    regs = {}
    reg_re = re.compile(r"x(\d+)/\S+\s+([0-9a-f]+)")
    with open(log) as f:
        for line in f:
            if line.startswith(" pc "):
                if pc is not None and len(regs) == 32:
                    yield pc, [regs[i] for i in range(32)]
                pc = int(line.split()[1], 16)
                regs = {}
            elif line.startswith(" x"):
                for n, v in reg_re.findall(line):
                    regs[int(n)] = int(v, 16)
    if pc is not None and len(regs) == 32:
        yield pc, [regs[i] for i in range(32)]


def core_steps(trace):
    """Yields dicts for the core's retired instructions and exceptions."""
    with open(trace) as f:
        for line in f:
            p = line.split()
            if not p:
                continue
            if p[0] == "trap":
                kv = dict(x.split("=") for x in p[1:])
                cause = int(kv["cause"], 16)
                yield {"trap": True, "pc": int(kv["pc"], 16), "cause": cause,
                       "interrupt": bool(cause >> 31), "line": line.rstrip()}
                continue
            step = {"trap": False, "pc": int(p[0], 16), "insn": int(p[1].strip("()"), 16),
                    "rd": 0, "value": 0, "line": line.rstrip()}
            rest = p[2:]
            if len(rest) >= 2 and rest[0].startswith("x"):
                step["rd"] = int(rest[0][1:])
                step["value"] = int(rest[1], 16)
                rest = rest[2:]
            if len(rest) >= 2 and rest[0] in ("mem", "load"):
                step[rest[0]] = int(rest[1], 16) & ~3
            yield step


def sources(insn):
    """Registers an instruction reads."""
    op = insn & 0x7F
    rs1 = (insn >> 15) & 31
    rs2 = (insn >> 20) & 31
    if op in (0x37, 0x17, 0x6F):              # LUI, AUIPC, JAL
        return []
    if op in (0x63, 0x23, 0x33):              # branch, store, register op
        return [rs1, rs2]
    if op == 0x73 and (insn >> 12) & 7 >= 5:  # CSR immediate forms
        return []
    return [rs1]


def is_counter_read(insn):
    return (insn & 0x7F) == 0x73 and (insn >> 12) & 3 != 0 and (insn >> 20) in COUNTER_CSRS


def compare_streams(qemu_log, trace, entry, context):
    q = qemu_steps(qemu_log)
    c = core_steps(trace)
    # Skip the boot ROMs (they differ: QEMU's passes a device tree) up to the entry.
    qcur = next((s for s in q if s[0] == entry), None)
    if qcur is None:
        return 1, "QEMU never reached the entry point"
    ccur = next((s for s in c if not s["trap"] and s["pc"] == entry), None)
    if ccur is None:
        return 1, "the core never reached the entry point"
    shadow = list(qcur[1])
    tainted = set()       # registers holding values QEMU and the core cannot share
    tainted_mem = set()   # words stored from such registers
    history = []
    steps = 0
    while True:
        # QEMU logs nothing for an instruction whose fetch faults (cause 1).
        if ccur["trap"] and (ccur["interrupt"] or
                             (ccur["cause"] == 1 and ccur["pc"] != qcur[0])):
            ccur = next(c, None)
            if ccur is None:
                break
            continue
        qnext = next(q, None)
        if ccur["pc"] != qcur[0]:
            return 1, report(history, f"pc differs: core {ccur['line']} / QEMU pc {qcur[0]:08x}")
        if not ccur["trap"]:
            rd = ccur["rd"]
            insn = ccur["insn"]
            if "mem" in ccur:
                if ((insn >> 20) & 31) in tainted:
                    tainted_mem.add(ccur["mem"])
                else:
                    tainted_mem.discard(ccur["mem"])
            if rd != 0:
                if (is_counter_read(insn) or any(r in tainted for r in sources(insn)) or
                        ccur.get("load") in tainted_mem):
                    tainted.add(rd)
                else:
                    tainted.discard(rd)
                    shadow[rd] = ccur["value"]
                if rd in tainted and qnext is not None:
                    shadow[rd] = qnext[1][rd]
        history.append(ccur["line"])
        if len(history) > context:
            history.pop(0)
        steps += 1
        if qnext is None:
            break
        for r in range(32):
            if r not in tainted and shadow[r] != qnext[1][r]:
                return 1, report(history, f"after {ccur['line']}: x{r} ({ABI[r]}) core "
                                 f"{shadow[r]:08x} QEMU {qnext[1][r]:08x}")
        qcur = qnext
        ccur = next(c, None)
        if ccur is None:
            break
    return 0, f"{steps} instructions in lockstep"


def report(history, message):
    return "first difference: " + message + "\n  last instructions on the core:\n" + \
        "\n".join("    " + h for h in history)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("elf", nargs="?")
    parser.add_argument("--build", default="build/cmake", help="the CMake build folder")
    parser.add_argument("--sim", help="the pegasus-sim binary (default: in --build)")
    parser.add_argument("--random", metavar="A:B", help="random programs, seeds A..B-1")
    parser.add_argument("--qemu", default="qemu-system-riscv32")
    parser.add_argument("--max-cycles", type=int, default=50_000_000)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds for QEMU")
    parser.add_argument("--output-only", action="store_true",
                        help="compare console output and exit status only")
    parser.add_argument("--context", type=int, default=12)
    parser.add_argument("--keep", metavar="DIR", help="keep the QEMU log and commit trace here")
    args = parser.parse_args()
    if args.sim is None:
        args.sim = os.path.join(args.build, "sim_cpp/soc/pegasus-sim")
    if args.random:
        return run_random(args)
    if not args.elf:
        parser.error("give an ELF or --random A:B")
    return run_one(args, args.elf)


def run_random(args):
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    first, last = (int(x) for x in args.random.split(":"))
    total = 0
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "random.S")
        elf = os.path.join(tmp, "random.elf")
        for seed in range(first, last):
            subprocess.run([sys.executable, os.path.join(root, "tests/rtl/cpu/random_program.py"),
                            "--seed", str(seed), "-o", src], check=True)
            subprocess.run(["riscv64-unknown-elf-gcc", "-march=rv32im_zicsr", "-mabi=ilp32",
                            "-nostdlib", "-nostartfiles",
                            "-I", os.path.join(args.build, "gen/include"),
                            "-T", os.path.join(root, "firmware/start/link.ld"),
                            "-L", os.path.join(args.build, "gen/ld"),
                            "-Wl,--no-warn-rwx-segments", "-o", elf, src], check=True)
            args.keep = None
            out = subprocess.run([sys.executable, os.path.abspath(__file__), "--sim", args.sim,
                                  "--max-cycles", str(args.max_cycles), elf],
                                 capture_output=True, text=True)
            match = re.search(r"lockstep: (\d+) instructions in lockstep", out.stderr)
            if out.returncode == 0 and match:
                total += int(match.group(1))
            else:
                failures += 1
                print(f"seed {seed}:\n{out.stderr}", file=sys.stderr)
    print(f"lockstep: seeds {first}..{last - 1}: {total} instructions in lockstep, "
          f"{failures} failing seeds", file=sys.stderr)
    return 1 if failures else 0


def run_one(args, elf_path):
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or tmp
        os.makedirs(work, exist_ok=True)
        log = None if args.output_only else os.path.join(work, "qemu.log")
        trace = None if args.output_only else os.path.join(work, "core.commit")
        q_out, q_rc = run_qemu(args, elf_path, log)
        c_out, c_rc = run_core(args, elf_path, trace)
        sys.stdout.write(c_out)
        if q_rc is None:
            print(f"lockstep: QEMU did not finish within {args.timeout:g} s", file=sys.stderr)
            return 1
        if q_out != c_out:
            print("lockstep: console output differs\n--- QEMU\n" + q_out + "--- core\n" + c_out,
                  file=sys.stderr)
            return 1
        if q_rc != c_rc:
            print(f"lockstep: exit status differs: QEMU {q_rc}, core {c_rc}", file=sys.stderr)
            return 1
        if args.output_only:
            print(f"lockstep: same output and exit status {c_rc}", file=sys.stderr)
            return 0
        rc, message = compare_streams(log, trace, elf_entry(elf_path), args.context)
        print(f"lockstep: {message}", file=sys.stderr)
        return rc


if __name__ == "__main__":
    sys.exit(main())
