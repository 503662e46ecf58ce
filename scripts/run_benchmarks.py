#!/usr/bin/env python3
"""Run every benchmark binary (tests/bench) and write build/bench/<name>.json.

Each benchmark is a Google Benchmark program named bench_*; it runs with
repetitions so that medians can be quoted, and its JSON lands in the output folder.
A short table of medians is printed at the end. Never part of `make test`.
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True, help="CMake build folder")
    parser.add_argument("--out", required=True, help="folder for <name>.json")
    parser.add_argument("--repetitions", type=int, default=5)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    benches = sorted(p for p in Path(args.build, "tests", "bench").glob("bench_*") if p.is_file())
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
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
