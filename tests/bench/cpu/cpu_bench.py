#!/usr/bin/env python3
"""CPU figures: CPI of the cpubench kernels on the soft core, and the speed of the
Verilated SoC against the same RTL under Icarus Verilog, written as JSON.

Installed as build/<dir>/tests/bench/bench_cpu (next to bench_cpu.cfg, which names
pegasus-sim, the cpubench image, the source root and the generated Verilog include
folder) so that scripts/run_benchmarks.py runs it like the Google Benchmark programs:
it accepts --benchmark_out=<file> and --benchmark_repetitions=<n> and ignores the other
--benchmark_* options.

  cpi/<kernel>       cycles / instructions of one cpubench kernel (mcycle, minstret),
                     as the program prints it; cpi/geomean over the five kernels
  sim/verilator_cps  simulated SoC cycles per CPU second (user + system time of the
                     simulator process, which a loaded machine disturbs less than wall
                     time), pegasus-sim running the whole cpubench image; median of the
                     repetitions
  sim/icarus_cps     the same image, the same soc_top parameters, under vvp
                     (tests/bench/cpu/soc_icarus_tb.v); one run, as it takes minutes
  sim/verilator_over_icarus  the ratio of the two, measured in the same run

Both simulators must print the same cpubench lines and finish after the same number of
cycles; otherwise the benchmark fails (the RTL would behave differently under them).
"""
import json
import math
import re
import resource
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

KERNELS = ("crc", "sort", "matmul", "string", "interrupts")
LINE = re.compile(r"^bench (\w+) cycles (\d+) instructions (\d+) cpi_milli (\d+) result (\w+)$",
                  re.M)


def elf_words(elf: Path, ram_base: int) -> dict:
    """{word index in RAM: word} for the loadable segments of a 32-bit RISC-V ELF."""
    data = elf.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 1 or data[5] != 1:
        raise SystemExit(f"bench_cpu: {elf} is not a 32-bit little-endian ELF")
    phoff, = struct.unpack_from("<I", data, 28)
    phentsize, phnum = struct.unpack_from("<HH", data, 42)
    words = {}
    for i in range(phnum):
        p_type, p_offset, _, p_paddr, p_filesz, _, _, _ = struct.unpack_from(
            "<8I", data, phoff + i * phentsize)
        if p_type != 1 or p_filesz == 0:  # PT_LOAD with file contents
            continue
        seg = data[p_offset:p_offset + p_filesz]
        seg += b"\0" * (-len(seg) % 4)
        for off in range(0, len(seg), 4):
            words[(p_paddr - ram_base + off) // 4] = struct.unpack_from("<I", seg, off)[0]
    return words


def ram_base(vh: Path) -> int:
    match = re.search(r"`define PEGASUS_RAM_BASE\s+32'h([0-9A-Fa-f_]+)", vh.read_text())
    if not match:
        raise SystemExit(f"bench_cpu: no PEGASUS_RAM_BASE in {vh}")
    return int(match.group(1).replace("_", ""), 16)


def timed(cmd) -> tuple:
    """(completed process, CPU seconds it used, wall seconds)."""
    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime
    cpu0, wall0 = cpu(), time.perf_counter()
    run = subprocess.run(cmd, capture_output=True, text=True)
    return run, cpu() - cpu0, time.perf_counter() - wall0


def kernels_of(text: str, who: str) -> dict:
    found = {m[1]: (int(m[2]), int(m[3]), m[5]) for m in LINE.finditer(text)}
    missing = [k for k in KERNELS if k not in found]
    if missing:
        raise SystemExit(f"bench_cpu: {who} printed no line for {', '.join(missing)}:\n{text}")
    return found


def main() -> int:
    out, reps = None, 3
    for arg in sys.argv[1:]:
        if arg.startswith("--benchmark_out="):
            out = Path(arg.split("=", 1)[1])
        elif arg.startswith("--benchmark_repetitions="):
            reps = max(1, int(arg.split("=", 1)[1]))
    here = Path(__file__).resolve().parent
    sim, elf, src, gen = (Path(p) for p in (here / "bench_cpu.cfg").read_text().split())
    iverilog, vvp = shutil.which("iverilog"), shutil.which("vvp")
    if not iverilog or not vvp:
        raise SystemExit("bench_cpu: iverilog/vvp not found (Debian package iverilog; "
                         "scripts/setup installs it)")

    # Verilator: pegasus-sim on the image.
    v_runs = []
    for i in range(reps):
        run, seconds, wall = timed([str(sim), "--max-cycles=20000000", str(elf)])
        match = re.search(r"passed after (\d+) cycles, (\d+) instructions", run.stderr + run.stdout)
        if run.returncode != 0 or not match:
            raise SystemExit(f"bench_cpu: pegasus-sim failed ({run.returncode}):\n"
                             f"{run.stdout}{run.stderr}")
        v_cycles = int(match.group(1))
        v_runs.append(seconds)
        print(f"[verilator {i + 1}/{reps}] {v_cycles} cycles in {seconds:.3f} s of CPU "
              f"({wall:.3f} s wall)", flush=True)
    v_kernels = kernels_of(run.stdout, "pegasus-sim")

    # Icarus: the same soc_top, the same image.
    with tempfile.TemporaryDirectory(prefix="bench_cpu_") as tmp:
        image = Path(tmp, "image.hex")
        words = elf_words(elf, ram_base(gen / "pegasus_memory_map.vh"))
        image.write_text("".join(f"@{k:x}\n{v:08x}\n" for k, v in sorted(words.items())))
        # -y: modules come from <dir>/<module>.v as soc_top instantiates them.
        libraries = [arg for d in ("rtl/soc", "rtl/cpu", "rtl/atm", "rtl/common")
                     for arg in ("-y", str(src / d))]
        vvp_file = Path(tmp, "soc.vvp")
        tb = src / "tests" / "bench" / "cpu" / "soc_icarus_tb.v"
        build = subprocess.run([iverilog, "-g2012", f"-I{gen}", "-s", "soc_icarus_tb",
                                "-o", str(vvp_file), *libraries, str(tb)],
                               capture_output=True, text=True)
        if build.returncode != 0:
            raise SystemExit(f"bench_cpu: iverilog failed:\n{build.stdout}{build.stderr}")
        print(f"[icarus] {v_cycles} cycles of the same image under vvp (minutes)", flush=True)
        run, i_seconds, wall = timed([vvp, "-n", str(vvp_file), f"+image={image}",
                                      f"+max_cycles={v_cycles * 2}"])
        match = re.search(r"^finish ([0-9a-f]{8}) cycles (\d+)$", run.stdout, re.M)
        if run.returncode != 0 or not match:
            raise SystemExit(f"bench_cpu: Icarus run did not finish ({run.returncode}):\n"
                             f"{run.stdout[-2000:]}{run.stderr[-2000:]}")
        i_cycles = int(match.group(2))
        print(f"[icarus] {i_cycles} cycles in {i_seconds:.1f} s of CPU ({wall:.1f} s wall)",
              flush=True)
        i_kernels = kernels_of(run.stdout, "Icarus")
    if i_kernels != v_kernels or i_cycles != v_cycles:
        raise SystemExit(f"bench_cpu: Verilator and Icarus disagree: {v_cycles} vs {i_cycles} "
                         f"cycles; {v_kernels} vs {i_kernels}")

    figures = {}
    for k in KERNELS:
        cycles, insns, _ = v_kernels[k]
        figures[f"cpi/{k}"] = (cycles / insns, "cpi", {"cycles": cycles, "instructions": insns})
    geo = math.exp(sum(math.log(figures[f"cpi/{k}"][0]) for k in KERNELS) / len(KERNELS))
    figures["cpi/geomean"] = (geo, "cpi", {"target": 1.5})
    v_cps = v_cycles / statistics.median(v_runs)
    i_cps = i_cycles / i_seconds
    figures["sim/verilator_cps"] = (v_cps, "cycles/s", {"cycles": v_cycles, "cpu_s": v_runs})
    figures["sim/icarus_cps"] = (i_cps, "cycles/s", {"cycles": i_cycles, "cpu_s": i_seconds})
    figures["sim/verilator_over_icarus"] = (v_cps / i_cps, "ratio", {})
    benchmarks = []
    for name, (value, unit, extra) in figures.items():
        benchmarks.append({"name": f"cpu/{name}", "run_name": f"cpu/{name}",
                           "run_type": "aggregate", "aggregate_name": "median",
                           "real_time": value, "cpu_time": value, "time_unit": unit, **extra})
        print(f"{name:<28} {value:,.3f} {unit}")
    if out:
        out.write_text(json.dumps({"context": {"program": "bench_cpu", "image": str(elf),
                                               "repetitions": reps},
                                   "benchmarks": benchmarks}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
