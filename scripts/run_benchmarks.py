#!/usr/bin/env python3
"""Run every benchmark binary (tests/bench) and write build/bench/<name>.json.

Each benchmark is a Google Benchmark program named bench_*; it runs with
repetitions so that medians can be quoted, and its JSON lands in the output folder.
A short table of medians is printed at the end. Then scripts/fpga/fit.py measures the
size and Fmax of the modules in scripts/fpga/modules.yaml (reusing results whose inputs
did not change) and each benchmark's module figures are merged into <name>.json as its
"fpga" field (--skip-fpga leaves them out). Never part of `make test`.
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def merge_fpga(fit_out: Path, out: Path, only=None) -> int:
    """Copy <fit_out>/<bench>.json into <out>/<bench>.json's "fpga" field."""
    merged = 0
    for fit in sorted(fit_out.glob("*.json")):
        if only and fit.stem not in only:
            continue
        rows = json.loads(fit.read_text()).get("modules", [])
        target = out / fit.name
        data = json.loads(target.read_text()) if target.is_file() else {}
        data["fpga"] = [{k: v for k, v in r.items() if k != "key"} for r in rows]
        target.write_text(json.dumps(data, indent=2) + "\n")
        for r in rows:
            syn = r.get("synthesis") or {}
            fmax = (r.get("pnr") or {}).get("fmax_mhz")
            print(f"    fpga {fit.stem}/{r['module']} on {r['target']}: "
                  + (f"{syn.get('luts')} LUT4, {syn.get('ffs')} FF, "
                     f"{syn.get('ram_blocks')} RAM blocks, " if syn else "")
                  + (f"Fmax {fmax:.1f} MHz" if fmax else r.get("status", "?")))
        merged += 1
    return merged


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True, help="CMake build folder")
    parser.add_argument("--out", required=True, help="folder for <name>.json")
    parser.add_argument("--repetitions", type=int, default=5)
    parser.add_argument("--only", action="append", metavar="NAME",
                        help="run only bench_NAME (repeatable); fit.py then measures only "
                             "NAME's modules")
    parser.add_argument("--skip-fpga", action="store_true",
                        help="do not run scripts/fpga/fit.py (module size and Fmax)")
    parser.add_argument("--fit-out", default=None,
                        help="fit.py's output folder (default: <out>/../fit)")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    benches = sorted(p for p in Path(args.build, "tests", "bench").glob("bench_*")
                     if p.is_file() and p.suffix != ".cfg")
    if args.only:
        benches = [p for p in benches if p.name[len("bench_"):] in args.only]
    if not benches:
        print("run_benchmarks: no bench_* programs found; build the `benchmarks` target",
              file=sys.stderr)
        return 1
    failed = 0
    for i, exe in enumerate(benches, 1):
        name = exe.name[len("bench_"):]
        target = out / f"{name}.json"
        print(f"[{i}/{len(benches)}] {name} -> {target}", flush=True)
        run = subprocess.run([str(exe), f"--benchmark_out={target}", "--benchmark_out_format=json",
                              f"--benchmark_repetitions={args.repetitions}",
                              "--benchmark_report_aggregates_only=true"])
        if run.returncode != 0:
            print(f"run_benchmarks: {exe.name} failed with status {run.returncode}", file=sys.stderr)
            failed += 1
            continue
        data = json.loads(target.read_text())
        for b in data.get("benchmarks", []):
            if b.get("aggregate_name") != "median":
                continue
            extra = {k: v for k, v in b.items()
                     if k in ("bytes_per_second", "items_per_second", "cycles_per_second")}
            figures = ", ".join(f"{k} {v:.3g}" for k, v in extra.items())
            print(f"    median {b['run_name']}: {b['real_time']:.1f} {b['time_unit']}"
                  + (f", {figures}" if figures else ""))
    if not args.skip_fpga:
        fit_out = Path(args.fit_out) if args.fit_out else out.parent / "fit"
        print(f"[fpga] module size and Fmax (scripts/fpga/fit.py, results in {fit_out})",
              flush=True)
        only = [arg for name in args.only or [] for arg in ("--bench", name)]
        run = subprocess.run([sys.executable, str(REPO / "scripts" / "fpga" / "fit.py"),
                              "--out", str(fit_out.resolve()), *only])
        if run.returncode != 0:
            print("run_benchmarks: fit.py reported failures (see above); merging what it "
                  "measured", file=sys.stderr)
            failed += 1
        merge_fpga(fit_out, out, args.only)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
