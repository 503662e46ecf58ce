#!/usr/bin/env python3
"""Lint every RTL module: `verilator --lint-only -Wall` with each module as the top.

Waivers live only in each IP's own .vlt file (rtl/<ip>/<ip>.vlt); a `lint_off`
comment in a source file is itself reported. Also checked, from the style guide:
one module per file, named like the file, and `default_nettype none` at the top.
Then scripts/check_address_literals.py makes sure no source spells an address
that belongs to the memory map. Prints one line per problem and a summary; exits 1
if anything was found.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODULE_RE = re.compile(r"^\s*module\s+([A-Za-z_][A-Za-z0-9_$]*)", re.M)


def rtl_files(root: Path):
    """Yields (ip_dir, file) for every Verilog source under rtl/."""
    for path in sorted((root / "rtl").rglob("*.v")):
        if "lint" in path.relative_to(root / "rtl").parts:
            continue  # vendor-primitive stubs used only to lint board tops
        yield path.parent, path


def style_problems(path: Path):
    text = path.read_text()
    problems = []
    code = [l for l in text.splitlines() if l.strip() and not l.strip().startswith("//")]
    if not code or code[0].strip() != "`default_nettype none":
        problems.append("first line of code must be `default_nettype none`")
    modules = MODULE_RE.findall(text)
    if len(modules) != 1:
        problems.append(f"expected one module per file, found {len(modules)}")
    elif modules[0] != path.stem:
        problems.append(f"module {modules[0]} must live in {modules[0]}.v")
    for n, line in enumerate(text.splitlines(), 1):
        if "lint_off" in line:
            problems.append(f"line {n}: lint_off in a source; put the waiver in the IP's .vlt")
    return problems


def lint_one(path: Path, root: Path, gen_dir: str, search_dirs, waivers):
    cmd = ["verilator", "--lint-only", "-Wall", "--top-module", path.stem, f"-I{gen_dir}"]
    for d in search_dirs:
        cmd += ["-y", str(d)]
    stubs = root / "rtl" / "boards" / "lint"
    if "boards" in path.relative_to(root).parts and stubs.is_dir():
        cmd += ["-y", str(stubs)]
    cmd += [str(w) for w in waivers] + [str(path)]
    run = subprocess.run(cmd, capture_output=True, text=True, cwd=root)
    out = (run.stdout + run.stderr).strip()
    return path, run.returncode, out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=str(ROOT))
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    root = Path(args.root)

    files = list(rtl_files(root))
    search_dirs = sorted({d for d, _ in files if "boards" not in d.relative_to(root).parts})
    waivers = sorted((root / "rtl").glob("*/*.vlt"))
    problems = 0
    with tempfile.TemporaryDirectory() as gen_dir:
        gen = subprocess.run(
            [sys.executable, str(root / "scripts" / "gen_memory_map.py"), "--yaml",
             str(root / "rtl" / "soc" / "memory_map.yaml"), "--verilog",
             os.path.join(gen_dir, "pegasus_memory_map.vh")],
            capture_output=True, text=True)
        if gen.returncode != 0:
            print(gen.stdout + gen.stderr, end="")
            print("lint: memory map generation failed")
            return 1
        for _, path in files:
            for p in style_problems(path):
                print(f"{path.relative_to(root)}: {p}")
                problems += 1
        with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
            jobs = [pool.submit(lint_one, path, root, gen_dir, search_dirs, waivers)
                    for _, path in files]
            for job in jobs:
                path, rc, out = job.result()
                warnings = len(re.findall(r"^%(Warning|Error)", out, re.M))
                if rc != 0 or warnings:
                    print(out)
                    problems += max(warnings, 1)
                    print(f"{path.relative_to(root)}: FAILED")
    check = subprocess.run([sys.executable, str(root / "scripts" / "check_address_literals.py"),
                            "--root", str(root)])
    if check.returncode != 0:
        problems += 1
    print(f"lint: {len(files)} modules, {len(waivers)} waiver files, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
