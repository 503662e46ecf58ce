#!/usr/bin/env python3
"""Kernel figures on QEMU and the soft core: boot the bench, idc and ppc images, write JSON.

Installed as build/<dir>/tests/bench/bench_kernel (next to bench_kernel.cfg, which
names the kernel image folder, the source root and pegasus-sim) so that
scripts/run_benchmarks.py runs it like the Google Benchmark programs: it accepts
--benchmark_out=<file> and ignores the other --benchmark_* options. The images print
"bench: <name>=<value>" lines, and the bench image every activation sample as
"samples: <name>=<v>,<v>,..." lines, from which the median and the 90th
percentile (nearest rank: the 32nd and the 58th of 64 in ascending order) are
added as <name minus its unit>_median_<unit> and ..._p90_<unit>. On QEMU (prefix "qemu/") they run with -icount shift=0
(kernel/tools/qemu-icount), so minstret and mcycle both count instructions; on the
soft core (prefix "soc/") *_cycles figures are real cycles of the Verilated SoC. The
JSON has one entry per figure, shaped like a Google Benchmark median (real_time holds
the count, time_unit "insns" or "cycles").
"""
import json
import os
import re
import subprocess
import sys
from pathlib import Path


def percentile(values: list, p: int) -> int:
    """The nearest-rank p-th percentile: the smallest value with p% of them at or below it."""
    ranked = sorted(values)
    return ranked[max(0, -(-p * len(ranked) // 100) - 1)]


def figures_of(output: str) -> dict:
    """The "bench:" figures of an image's output, plus the median and 90th percentile
    of every "samples:" series (activation_cycles -> activation_median_cycles, ...)."""
    found = {m[1]: int(m[2]) for m in re.finditer(r"^bench: (\w+)=(\d+)$", output, re.M)}
    series = {}
    for m in re.finditer(r"^samples: (\w+)=([\d,]+)$", output, re.M):
        series.setdefault(m[1], []).extend(int(v) for v in m[2].split(","))
    for name, values in series.items():
        stem, unit = name.rsplit("_", 1)
        found[f"{stem}_median_{unit}"] = percentile(values, 50)
        found[f"{stem}_p90_{unit}"] = percentile(values, 90)
    return found


def run_image(src: Path, elf: Path) -> dict:
    env = dict(os.environ, PEGASUS_ICOUNT_SHIFT="0")
    cmd = [sys.executable, str(src / "scripts/qemu_run.py"), str(elf),
           "--qemu", str(src / "kernel/tools/qemu-icount"), "--timeout", "120",
           "--expect", "kernel: image passed"]
    run = subprocess.run(cmd, capture_output=True, text=True, env=env)
    sys.stdout.write(run.stdout)
    if run.returncode != 0:
        sys.stderr.write(run.stderr)
        raise SystemExit(f"bench_kernel: {elf.name} failed ({run.returncode})")
    return figures_of(run.stdout)


def run_soc(sim: Path, elf: Path) -> dict:
    run = subprocess.run([str(sim), "--max-cycles=50000000", str(elf)],
                         capture_output=True, text=True)
    sys.stdout.write(run.stdout)
    if run.returncode != 0 or "kernel: image passed" not in run.stdout:
        sys.stderr.write(run.stderr)
        raise SystemExit(f"bench_kernel: {elf.name} failed on the soft core ({run.returncode})")
    return figures_of(run.stdout)


def main() -> int:
    out = None
    for arg in sys.argv[1:]:
        if arg.startswith("--benchmark_out="):
            out = Path(arg.split("=", 1)[1])
    here = Path(__file__).resolve().parent
    images, src, sim = (Path(p) for p in (here / "bench_kernel.cfg").read_text().split())
    figures = {}
    for name in ("kernel_bench", "kernel_idc", "kernel_ppc"):
        elf = images / name / f"{name}.elf"
        figures.update({f"qemu/{k}": v for k, v in run_image(src, elf).items()})
        if sim.name != "none":
            figures.update({f"soc/{k}": v for k, v in run_soc(sim, elf).items()})
    benchmarks = [{"name": f"kernel/{k}", "run_name": f"kernel/{k}", "run_type": "aggregate",
                   "aggregate_name": "median", "real_time": v, "cpu_time": v,
                   "time_unit": "cycles" if k.endswith("_cycles") else "insns"}
                  for k, v in sorted(figures.items())]
    doc = {"context": {"executable": "bench_kernel",
                       "platforms": "qemu/: qemu-system-riscv32 -M virt, -icount shift=0; "
                                    "soc/: the Verilated Pegasus SoC (pegasus-sim)"},
           "benchmarks": benchmarks}
    out = out or Path("kernel.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(doc, indent=2) + "\n")
    for k, v in sorted(figures.items()):
        print(f"  {k}: {v}")
    print(f"bench_kernel: wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
