#!/usr/bin/env python3
"""Size and Fmax of single RTL modules on the Pegasus FPGA targets, out of context.

    python3 scripts/fpga/fit.py [--bench NAME ...] [--module M ...] [--target T ...]
                                [--out build/fit] [--force] [--list]

For every module listed in scripts/fpga/modules.yaml (or the chosen ones) and every
target (ice40-up5k, ecp5-85f, ...):

  ports  yosys reads the RTL, applies the parameters and lists the module's ports and
         the modules it instantiates (so only their files count for the cache)
  synth  yosys synth_ice40 -dsp / synth_ecp5 -top <module>, then `stat`: the module's
         own LUTs, flip-flops, carries, RAM blocks, DSPs. These are the size figures.
         Multipliers go into DSP blocks on both families (synth_ecp5 does so by
         default, synth_ice40 only with -dsp, into SB_MAC16).
  wrap   a generated top, fit_<module>, feeds every input of the module from a shift
         register on one pin and loads every output into the same shift register
         (one chain per clock domain, as long as the wider of the two sides), read out
         on one pin. Every module port is then a flip-flop, so the design has four
         pins whatever the module's width, nothing is optimised away (the inputs come
         from a pin and from the outputs), and the timed paths are the module's own
         register-to-register paths.
  pnr    nextpnr-ice40 / nextpnr-ecp5 places and routes the wrapped module on the part
         (IO placed by nextpnr, seed 1): whether it fits, the post-route Fmax of each
         clock, and the utilisation including the wrapper's shift registers. nextpnr's
         default router can spend an hour on a placement it cannot untangle: a seed
         that has not finished after PNR_SEED_BUDGET_S is stopped and the next of
         PNR_SEEDS tried (the result names the seed it comes from and the seeds given
         up on). A module with `pnr_seeds: {<target>: N}` is placed and routed with N
         seeds: the fastest placement's figures, each seed's Fmax and their median.

A clock is a 1-bit input named clk_i or <prefix>clk_i; the inputs and outputs whose
names start with <prefix> are shifted in and out on that clock, all others on clk_i.
Outputs named in the module's `open_outputs` (shell patterns, such as the commit trace
that only simulation reads) are left unconnected, in both steps, as on a board: the
logic that feeds only them is removed and not counted; `target_open_outputs` adds
patterns for one target (outputs that are constant with its parameters). Inputs named
in the module's `tied_inputs` for a target (shell patterns: ports a board ties low,
such as the SoC's simulation loader, or inputs the module does not use with that
target's parameters) are tied to zero in both steps instead of being shifted in.

Results: <out>/<bench>/<module>@<target>/result.json, and <out>/<bench>.json with every
module of that benchmark. A result is reused when the module's source files, its
parameters, the tools and the measuring method (METHOD) are unchanged (--force runs
again).
scripts/run_benchmarks.py merges <out>/<bench>.json into build/bench/<bench>.json as
its "fpga" field. Field list: doc/boards.md, "Module figures".
"""

import argparse
import dataclasses
import fnmatch
import hashlib
import json
import os
import re
import subprocess
import statistics
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
import build as flow  # noqa: E402  (the bitstream flow: tools, parsing, step runner)

REPO = flow.REPO
SPEC = REPO / "scripts" / "fpga" / "modules.yaml"
# Folders whose *.v files yosys reads; hierarchy keeps only what the module uses.
RTL_DIRS = ("rtl/common", "rtl/atm", "rtl/switch", "rtl/camera", "rtl/audio",
            "rtl/display", "rtl/cpu", "rtl/soc")
STEP_TIMEOUT_S = 3600.0
# Place-and-route seeds, in order, and the time each may take before the next is tried.
PNR_SEEDS = (1, 2, 3)
PNR_SEED_BUDGET_S = 1200.0
# Part of every cache key: raise it when a change here alters what is measured (the
# wrapper, the scripts, the tool options), so that earlier results are not reused.
METHOD = 4


@dataclasses.dataclass(frozen=True)
class Target:
    family: str
    device: str
    pnr_device: Tuple[str, ...]
    package: str
    # Frequency handed to nextpnr: a target above what the part reaches, so that
    # placement is timing-driven everywhere; the figure reported is the achieved Fmax.
    mhz: float
    # Options of synth_<family> (both the module's synthesis and the wrapped one).
    synth_options: Tuple[str, ...] = ()


TARGETS: Dict[str, Target] = {
    "ice40-up5k": Target("ice40", "iCE40UP5K", ("--up5k",), "sg48", 48.0, ("-dsp",)),
    "ecp5-25f": Target("ecp5", "LFE5U-25F", ("--25k", "--speed", "6"), "CABGA381", 100.0),
    "ecp5-85f": Target("ecp5", "LFE5U-85F", ("--85k", "--speed", "6"), "CABGA381", 100.0),
}


@dataclasses.dataclass
class ModuleSpec:
    bench: str
    module: str
    params: Dict[str, int]
    target_params: Dict[str, Dict[str, int]]
    targets: List[str]
    note: str
    open_outputs: List[str] = dataclasses.field(default_factory=list)
    # Per target, more output patterns left open (`target_open_outputs` in the YAML).
    target_open_outputs: Dict[str, List[str]] = dataclasses.field(default_factory=dict)
    # Per target, input patterns tied to zero (`tied_inputs` in the YAML).
    tied_inputs: Dict[str, List[str]] = dataclasses.field(default_factory=dict)
    # Per target, how many nextpnr seeds to place and route with (1, 2, ... N; the
    # figures are the fastest's, every seed's Fmax is kept): `pnr_seeds` in the YAML.
    pnr_seeds: Dict[str, int] = dataclasses.field(default_factory=dict)

    def params_for(self, target: str) -> Dict[str, int]:
        merged = dict(self.params)
        merged.update(self.target_params.get(target, {}))
        return merged


def load_specs(path: Path = SPEC) -> List[ModuleSpec]:
    try:
        import yaml
    except ImportError as exc:
        raise flow.FlowError("PyYAML is missing; scripts/setup installs it into .venv "
                             "(run this script with .venv/bin/python)") from exc
    data = yaml.safe_load(path.read_text())
    defaults = data.get("default_targets", list(TARGETS))
    specs: List[ModuleSpec] = []
    for bench, entries in (data.get("modules") or {}).items():
        for i, entry in enumerate(entries):
            where = f"{flow._show(path)}: modules.{bench}[{i}]"
            if "module" not in entry:
                raise flow.FlowError(f"{where}: no `module` key")
            unknown = set(entry) - {"module", "params", "target_params", "targets", "note",
                                    "open_outputs", "pnr_seeds", "tied_inputs",
                                    "target_open_outputs"}
            if unknown:
                raise flow.FlowError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
            targets = entry.get("targets", defaults)
            seeds = dict(entry.get("pnr_seeds") or {})
            tied = {t: list(v or []) for t, v in (entry.get("tied_inputs") or {}).items()}
            opened = {t: list(v or [])
                      for t, v in (entry.get("target_open_outputs") or {}).items()}
            bad = [t for t in [*targets, *entry.get("target_params", {}), *seeds, *tied,
                               *opened]
                   if t not in TARGETS]
            if bad:
                raise flow.FlowError(f"{where}: unknown target(s) {', '.join(bad)}; "
                                     f"known: {', '.join(TARGETS)}")
            odd = [f"{t}: {n!r}" for t, n in seeds.items()
                   if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 10]
            if odd:
                raise flow.FlowError(f"{where}: pnr_seeds must be a count from 1 to 10 per "
                                     f"target, not {', '.join(odd)}")
            specs.append(ModuleSpec(bench=bench, module=entry["module"],
                                    params=dict(entry.get("params") or {}),
                                    target_params=dict(entry.get("target_params") or {}),
                                    targets=list(targets),
                                    note=" ".join(str(entry.get("note", "")).split()),
                                    open_outputs=list(entry.get("open_outputs") or []),
                                    pnr_seeds=seeds, tied_inputs=tied,
                                    target_open_outputs=opened))
    return specs


# --------------------------------------------------------------------------- sources


def all_sources() -> List[Path]:
    files: List[Path] = []
    for folder in RTL_DIRS:
        files.extend(sorted((REPO / folder).glob("*.v")))
    return files


def generate_headers(out: Path) -> Path:
    """The generated Verilog header (memory map) that some modules include."""
    gen = out / "gen"
    gen.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, str(REPO / "scripts" / "gen_memory_map.py"),
                    "--yaml", str(REPO / "rtl" / "soc" / "memory_map.yaml"),
                    "--verilog", str(gen / "pegasus_memory_map.vh")],
                   check=True, cwd=REPO, capture_output=True)
    return gen


def _read_lines(sources: Sequence[Path], gen: Path) -> List[str]:
    # -defer: modules are elaborated only as the hierarchy instantiates them, with its
    # parameters, so a generate branch that these parameters leave out may name a
    # module that is not among `sources` (the files elaborate() found in use).
    return [f"read_verilog -defer -sv -I{flow._arg(gen)} {flow._arg(f)}" for f in sources]


def _chparam_lines(module: str, params: Dict[str, int]) -> List[str]:
    return [f"chparam -set {k} {int(v)} {module}" for k, v in sorted(params.items())]


def _base_module(name: str) -> str:
    """`$paramod$<hash>\\foo` or `$paramod\\foo\\P=1` -> foo."""
    name = name.lstrip("\\")
    if name.startswith("$paramod"):
        return name.split("\\")[1]
    return name


@dataclasses.dataclass
class Port:
    name: str
    direction: str  # "input" / "output"
    width: int


def elaborate(yosys: str, spec_module: str, params: Dict[str, int], gen: Path,
              work: Path) -> Tuple[List[Port], List[Path]]:
    """The module's ports (after parameters) and the source files of its hierarchy."""
    sources = all_sources()
    by_name = {f.stem: f for f in sources}
    if spec_module not in by_name:
        raise flow.FlowError(f"no file {spec_module}.v in {', '.join(RTL_DIRS)}")
    dump = work / "ports.json"
    script = work / "ports.ys"
    # Only the module's own file is read; hierarchy loads what it instantiates from
    # <dir>/<name>.v (one module per file), so an unrelated file cannot get in the way.
    libdirs = " ".join(f"-libdir {d}" for d in RTL_DIRS)
    script.write_text("\n".join([f"verilog_defaults -add -sv -I{flow._arg(gen)}",
                                 f"read_verilog {flow._arg(by_name[spec_module])}",
                                 *_chparam_lines(spec_module, params),
                                 f"hierarchy -top {spec_module} {libdirs}", "proc",
                                 f"write_json {flow._arg(dump)}"]) + "\n")
    log = work / "ports.log"
    proc = subprocess.run([yosys, "-q", "-l", flow._arg(log), "-s", flow._arg(script)],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise flow.FlowError(f"yosys could not elaborate {spec_module} with {params}: "
                             f"see {flow._show(log)}\n{flow._log_excerpt(log)}")
    modules = json.loads(dump.read_text())["modules"]
    top = next((m for n, m in modules.items()
                if m.get("attributes", {}).get("top") and _base_module(n) == spec_module),
               None)
    if top is None:
        raise flow.FlowError(f"yosys did not report {spec_module} as the top; "
                             f"see {flow._show(log)}")
    ports = [Port(name, p["direction"], len(p["bits"])) for name, p in top["ports"].items()]
    inout = [p.name for p in ports if p.direction not in ("input", "output")]
    if inout:
        raise flow.FlowError(f"{spec_module}: inout ports are not supported: {inout}")
    used = sorted({by_name[_base_module(n)] for n in modules if _base_module(n) in by_name})
    return ports, used


# --------------------------------------------------------------------------- wrapper


_CLOCK = re.compile(r"^(.*)clk_i$")


def clock_domains(ports: Sequence[Port]) -> Dict[str, str]:
    """Clock port -> name prefix of the ports in its domain ('' for clk_i)."""
    clocks = {p.name: _CLOCK.match(p.name).group(1) for p in ports
              if p.direction == "input" and p.width == 1 and _CLOCK.match(p.name)}
    if not clocks:
        raise flow.FlowError("no clock input (clk_i or <prefix>clk_i)")
    return clocks


def _domain_of(port: Port, clocks: Dict[str, str]) -> str:
    best = None
    for clock, prefix in clocks.items():
        if prefix and port.name.startswith(prefix) and (best is None
                                                        or len(prefix) > len(clocks[best])):
            best = clock
    if best is None:
        best = "clk_i" if "clk_i" in clocks else sorted(clocks)[0]
    return best


def _split(ports: Sequence[Port], patterns: Sequence[str], direction: str, key: str,
           module: str) -> Tuple[List[Port], List[Port]]:
    """The ports not named by `patterns` and the `direction` ports they name; a pattern
    that names none is an error (`key` is its YAML key)."""
    for pattern in patterns:
        if not any(p.direction == direction and fnmatch.fnmatchcase(p.name, pattern)
                   for p in ports):
            raise flow.FlowError(f"{module}: {key} pattern {pattern!r} matches no "
                                 f"{direction}")
    named = [p for p in ports if p.direction == direction
             and any(fnmatch.fnmatchcase(p.name, pat) for pat in patterns)]
    return [p for p in ports if p not in named], named


def split_open(ports: Sequence[Port], patterns: Sequence[str],
               module: str) -> Tuple[List[Port], List[str]]:
    """The ports the wrappers connect, and the outputs left open (`open_outputs`)."""
    kept, opened = _split(ports, patterns, "output", "open_outputs", module)
    return kept, [p.name for p in opened]


def split_tied(ports: Sequence[Port], patterns: Sequence[str],
               module: str) -> Tuple[List[Port], List[Port]]:
    """The ports the wrappers connect, and the inputs tied to zero (`tied_inputs`)."""
    return _split(ports, patterns, "input", "tied_inputs", module)


def _tied_connections(tied: Sequence[Port]) -> List[str]:
    return [f"    .{p.name} ({p.width}'d0)" for p in tied]


def keep_verilog(module: str, params: Dict[str, int], ports: Sequence[Port],
                 tied: Sequence[Port] = ()) -> str:
    """keep_<module>: the module with only `ports` connected and `tied` inputs at zero
    (for its synthesis)."""
    decls = [f"  {p.direction:6} wire [{p.width - 1}:0] {p.name}" for p in ports]
    return "\n".join(["`default_nettype none",
                      f"// {module} with its open outputs unconnected and its tied inputs "
                      "at zero, generated by scripts/fpga/fit.py.",
                      f"module keep_{module} (", ",\n".join(decls), ");",
                      f"  {module}{_param_text(params)} u_dut (",
                      ",\n".join([*(f"    .{p.name} ({p.name})" for p in ports),
                                  *_tied_connections(tied)]), "  );",
                      "endmodule"]) + "\n"


def _param_text(params: Dict[str, int]) -> str:
    if not params:
        return ""
    return " #(\n" + ",\n".join(f"    .{k} ({int(v)})"
                                  for k, v in sorted(params.items())) + "\n  )"


def wrapper_verilog(module: str, params: Dict[str, int], ports: Sequence[Port],
                    tied: Sequence[Port] = ()) -> Tuple[str, Dict]:
    """The fit_<module> top (`tied` inputs at zero) and a summary of its shift
    registers."""
    clocks = clock_domains(ports)
    top = f"fit_{module}"
    lines = ["`default_nettype none",
             f"// Out-of-context wrapper for {module}, generated by scripts/fpga/fit.py.",
             f"module {top} ("]
    pins = []
    for clock in sorted(clocks):
        pins.append(f"  input  wire {clock}")
    domains = {}
    for clock in sorted(clocks):
        ins = [p for p in ports if p.direction == "input" and p.name not in clocks
               and _domain_of(p, clocks) == clock]
        outs = [p for p in ports if p.direction == "output" and _domain_of(p, clocks) == clock]
        if ins or outs:
            domains[clock] = (ins, outs)
    for clock in domains:
        tag = clock[:-len("clk_i")] or "main_"
        pins += [f"  input  wire {tag}sin_i", f"  input  wire {tag}load_i",
                 f"  output wire {tag}sout_o"]
    lines.append(",\n".join(pins))
    lines.append(");")
    connections = [f"    .{c} ({c})" for c in sorted(clocks)]
    summary = {"top": top, "pins": len(pins), "clocks": sorted(clocks), "domains": {}}
    for clock, (ins, outs) in domains.items():
        tag = clock[:-len("clk_i")] or "main_"
        n_in = max(1, sum(p.width for p in ins))
        n_out = max(1, sum(p.width for p in outs))
        summary["domains"][clock] = {"input_bits": sum(p.width for p in ins),
                                     "output_bits": sum(p.width for p in outs)}
        # One chain for both sides: it shifts from the pin and, on load, takes the
        # outputs into its low bits (the bits above them keep shifting), so that each
        # chain bit is one flip-flop whatever it feeds.
        n = max(n_in, n_out)
        shifted = f"{{{tag}chain_q[{n - 2}:0], {tag}sin_i}}" if n > 1 else f"{tag}sin_i"
        loaded = (f"{{{tag}chain_q[{n - 2}:{n_out - 1}], {tag}out_w}}" if n > n_out
                  else f"{tag}out_w")
        lines += [f"  reg  [{n - 1}:0] {tag}chain_q;",
                  f"  wire [{n_out - 1}:0] {tag}out_w;",
                  f"  always @(posedge {clock}) begin",
                  f"    {tag}chain_q <= {tag}load_i ? {loaded} : {shifted};",
                  "  end",
                  f"  assign {tag}sout_o = {tag}chain_q[{n - 1}];"]
        bit = 0
        for p in ins:
            connections.append(f"    .{p.name} ({tag}chain_q[{bit + p.width - 1}:{bit}])")
            bit += p.width
        if not outs:
            lines.append(f"  assign {tag}out_w = 1'b0;")
        bit = 0
        for p in outs:
            connections.append(f"    .{p.name} ({tag}out_w[{bit + p.width - 1}:{bit}])")
            bit += p.width
    lines.append(f"  {module}{_param_text(params)} u_dut (")
    lines.append(",\n".join([*connections, *_tied_connections(tied)]))
    lines.append("  );")
    lines.append("endmodule")
    return "\n".join(lines) + "\n", summary


# --------------------------------------------------------------------------- stat


def size_from_stat(family: str, stat: Dict) -> Dict:
    size = flow.parse_yosys_stat(family, stat)
    cells = size["cells_by_type"]
    if family == "ice40":
        size["dsp"] = cells.get("SB_MAC16", 0)
        size["spram"] = cells.get("SB_SPRAM256KA", 0)
    else:
        size["dsp"] = cells.get("MULT18X18D", 0)
        size["lutram_cells"] = cells.get("TRELLIS_DPR16X4", 0)
        size["pfumx"] = cells.get("PFUMX", 0) + cells.get("L6MUX21", 0)
    return size


_DOES_NOT_FIT = re.compile(
    r"(Unable to place cell|Design uses \d+ \S+,? while device only has|"
    r"not enough|Failed to legalise|Unable to find legal placement|"
    r"no BEL available|too many|Max iterations reached)", re.IGNORECASE)


# --------------------------------------------------------------------------- one fit


def _hash(parts: Sequence[bytes]) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()


def fit_one(spec: ModuleSpec, target_name: str, out: Path, gen: Path,
            tools: Dict[str, Dict[str, str]], versions: Dict[str, str], force: bool,
            label: str) -> Dict:
    target = TARGETS[target_name]
    params = spec.params_for(target_name)
    work = out / spec.bench / f"{spec.module}@{target_name}"
    work.mkdir(parents=True, exist_ok=True)
    result_path = work / "result.json"
    yosys = tools[target.family]["yosys"]
    nextpnr = tools[target.family]["nextpnr"]

    print(f"{label} {spec.module} on {target_name}"
          + (f" with {', '.join(f'{k}={v}' for k, v in sorted(params.items()))}"
             if params else ""), flush=True)
    start = time.monotonic()
    ports, used = elaborate(tools["ice40"]["yosys"], spec.module, params, gen, work)
    open_patterns = [*spec.open_outputs, *spec.target_open_outputs.get(target_name, [])]
    ports, opened = split_open(ports, open_patterns, spec.module)
    ports, tied = split_tied(ports, spec.tied_inputs.get(target_name, []), spec.module)
    wrapper, wrap_summary = wrapper_verilog(spec.module, params, ports, tied)
    wrap_summary["open_outputs"] = opened
    if tied:
        wrap_summary["tied_inputs"] = [p.name for p in tied]
    seed_count = spec.pnr_seeds.get(target_name, 1)
    key = _hash([p.read_bytes() for p in used]
                + [(gen / "pegasus_memory_map.vh").read_bytes(),
                   json.dumps([target_name, params, versions[target.family]]
                              + ([open_patterns] if open_patterns else [])
                              + ([[p.name for p in tied]] if tied else [])
                              + ([seed_count] if seed_count > 1 else [])).encode(),
                   f"method {METHOD}".encode()])
    if not force and result_path.is_file():
        try:
            old = json.loads(result_path.read_text())
        except ValueError:
            old = {}
        if old.get("key") == key:
            print(f"    unchanged since the last run; {flow._show(result_path)}", flush=True)
            return old

    result: Dict = {
        "module": spec.module, "target": target_name, "family": target.family,
        "device": target.device, "package": target.package, "params": params,
        "note": spec.note, "sources": [flow._show(p) for p in used],
        "tools": versions[target.family], "key": key, "status": "running",
        "synthesis": None, "pnr": None, "wrapper": wrap_summary, "logs": {},
    }

    # synth: the module alone (inside keep_<module> when outputs are left open).
    synth = " ".join([f"synth_{target.family}", *target.synth_options])
    stat_json = work / "synth_stat.json"
    script = work / "synth.ys"
    if opened or tied:
        keep_path = work / f"keep_{spec.module}.v"
        keep_path.write_text(keep_verilog(spec.module, params, ports, tied))
        reads, synth_top = _read_lines([*used, keep_path], gen), f"keep_{spec.module}"
    else:
        reads = [*_read_lines(used, gen), *_chparam_lines(spec.module, params)]
        synth_top = spec.module
    script.write_text("\n".join([*reads, f"{synth} -top {synth_top}",
                                 f"tee -q -o {flow._arg(stat_json)} stat -json"]) + "\n")
    step = flow.run_step(1, 2, "synth", [yosys, "-s", flow._arg(script)], work / "synth.log",
                         f"yosys {synth} -top {synth_top}",
                         timeout=STEP_TIMEOUT_S)
    result["logs"]["synth"] = flow._show(step.log)
    if step.returncode != 0 or not stat_json.is_file():
        result["status"] = "synthesis failed"
        result["error"] = flow._log_excerpt(step.log)
        return _finish(result, result_path, start)
    result["synthesis"] = size_from_stat(target.family, json.loads(stat_json.read_text()))

    # wrap + pnr: the module between shift registers, placed and routed.
    wrapper_path = work / f"fit_{spec.module}.v"
    wrapper_path.write_text(wrapper)
    netlist = work / "wrapped.json"
    script = work / "wrapped.ys"
    script.write_text("\n".join([*_read_lines([*used, wrapper_path], gen),
                                 f"{synth} -top {wrap_summary['top']} "
                                 f"-json {flow._arg(netlist)}"]) + "\n")
    report_json = work / "nextpnr_report.json"
    for stale in (netlist, report_json):
        if stale.exists():
            stale.unlink()

    def pnr_command(seed: int) -> List[str]:
        return [nextpnr, *target.pnr_device, "--package", target.package,
                "--json", flow._arg(netlist), "--report", flow._arg(report_json),
                "--freq", f"{target.mhz:g}", "--timing-allow-fail", "--seed", str(seed)]

    given_up: List[int] = []
    for attempt, seed in enumerate(PNR_SEEDS):
        last = attempt == len(PNR_SEEDS) - 1
        budget = STEP_TIMEOUT_S if last else PNR_SEED_BUDGET_S
        tool = f"{os.path.basename(nextpnr)} {' '.join(target.pnr_device)} --seed {seed}"
        if attempt == 0:
            shell = (f"{_sh(yosys)} -q -l {flow._arg(work / 'wrapped_synth.log')} "
                     f"-s {flow._arg(script)} && exec " + " ".join(map(_sh, pnr_command(seed))))
            step = flow.run_step(2, 2, "pnr", ["/bin/sh", "-c", shell], work / "pnr.log",
                                 f"wrapped synthesis, then {tool}", timeout=budget)
        else:
            if report_json.exists():
                report_json.unlink()
            step = flow.run_step(2, 2, "pnr", pnr_command(seed), work / f"pnr_seed{seed}.log",
                                 f"{tool} (seed {given_up[-1]} did not finish in "
                                 f"{PNR_SEED_BUDGET_S:.0f} s)", timeout=budget)
        timed_out = step.returncode == -9 and netlist.is_file()
        if not timed_out or last:
            break
        given_up.append(seed)
    result["pnr_seed"] = seed
    result["pnr_seeds_given_up"] = given_up
    result["logs"]["pnr"] = flow._show(step.log)
    log_text = step.log.read_text(errors="replace")
    if report_json.is_file():
        util, clocks, raw = flow.parse_nextpnr_report(target.family,
                                                      json.loads(report_json.read_text()), ())
    else:
        util, clocks, raw = flow.parse_nextpnr_log(target.family, log_text, ())
    pnr: Dict = {"utilisation": util,
                 "nextpnr_utilisation": {k: v for k, v in sorted(raw.items()) if v["used"]},
                 "clocks": [{"port": _clock_port(c["net"], wrap_summary["clocks"]),
                             "net": c["net"], "fmax_mhz": c["fmax_mhz"]} for c in clocks],
                 "seconds": round(step.seconds, 1)}
    result["pnr"] = pnr
    if step.returncode == 0:
        result["status"] = "ok"
        # The headline figure is the worst clock's: every domain must run at it.
        pnr["fmax_mhz"] = min((c["fmax_mhz"] for c in clocks), default=None)
        if pnr["fmax_mhz"] is None:
            result["status"] = "no timing"
            result["error"] = "nextpnr reported no clock; see " + flow._show(step.log)
        elif seed_count > 1:
            _more_seeds(result, work, target, wrap_summary["clocks"], pnr_command, seed,
                        seed_count)
    else:
        over = [f"{k} {v['used']}/{v['available']}" for k, v in sorted(raw.items())
                if v["available"] and v["used"] > v["available"]]
        if over or _DOES_NOT_FIT.search(log_text):
            result["status"] = "does not fit"
            result["error"] = ("over capacity: " + ", ".join(over)) if over else \
                flow._log_excerpt(step.log, 4).strip()
        elif step.returncode == -9 or "timed out" in log_text[-200:]:
            result["status"] = "timed out"
            result["error"] = (f"place and route ran longer than {STEP_TIMEOUT_S:.0f} s"
                               + (f" (seeds {given_up} given up after "
                                  f"{PNR_SEED_BUDGET_S:.0f} s each)" if given_up else ""))
        else:
            result["status"] = "pnr failed"
            result["error"] = flow._log_excerpt(step.log)
    return _finish(result, result_path, start)


def _more_seeds(result: Dict, work: Path, target: Target, clock_ports: Sequence[str],
                pnr_command, first: int, count: int) -> None:
    """Place and route the same netlist with the next seeds, up to `count` in all, and
    keep the fastest placement's figures (a board's bitstream is built with the seed
    that meets its clock); every seed's Fmax stays in the result, with their median."""
    pnr = result["pnr"]
    by_seed = {str(first): pnr["fmax_mhz"]}
    for seed in range(first + 1, first + count):
        command = pnr_command(seed)
        report = work / f"nextpnr_report_seed{seed}.json"
        command[command.index("--report") + 1] = flow._arg(report)
        if report.exists():
            report.unlink()
        tool = f"{os.path.basename(command[0])} {' '.join(target.pnr_device)} --seed {seed}"
        step = flow.run_step(2, 2, "pnr", command, work / f"pnr_seed{seed}.log",
                             f"{tool} ({seed - first + 1} of {count} seeds)",
                             timeout=PNR_SEED_BUDGET_S)
        pnr["seconds"] = round(pnr["seconds"] + step.seconds, 1)
        if step.returncode != 0 or not report.is_file():
            by_seed[str(seed)] = None
            continue
        util, clocks, raw = flow.parse_nextpnr_report(target.family,
                                                      json.loads(report.read_text()), ())
        fmax = min((c["fmax_mhz"] for c in clocks), default=None)
        by_seed[str(seed)] = fmax
        if fmax is not None and fmax > pnr["fmax_mhz"]:
            pnr.update({"utilisation": util,
                        "nextpnr_utilisation": {k: v for k, v in sorted(raw.items())
                                                if v["used"]},
                        "clocks": [{"port": _clock_port(c["net"], clock_ports),
                                    "net": c["net"], "fmax_mhz": c["fmax_mhz"]}
                                   for c in clocks],
                        "fmax_mhz": fmax})
            result["pnr_seed"] = seed
            result["logs"]["pnr"] = flow._show(step.log)
    pnr["fmax_by_seed"] = by_seed
    pnr["fmax_median_mhz"] = round(statistics.median(f for f in by_seed.values()
                                                     if f is not None), 2)


def _clock_port(net: str, ports: Sequence[str]) -> Optional[str]:
    """The clock port a nextpnr clock net comes from (the longest name it contains)."""
    found = [p for p in ports if re.search(rf"(^|[^A-Za-z0-9_]){re.escape(p)}($|[^A-Za-z0-9_])",
                                           net)]
    return max(found, key=len) if found else None


def _sh(arg: str) -> str:
    return "'" + arg.replace("'", "'\\''") + "'"


def _finish(result: Dict, path: Path, start: float) -> Dict:
    result["seconds"] = round(time.monotonic() - start, 1)
    path.write_text(json.dumps(result, indent=2) + "\n")
    print("    " + summary_line(result), flush=True)
    return result


def summary_line(r: Dict) -> str:
    syn = r.get("synthesis") or {}
    parts = []
    if syn:
        parts.append(f"{syn['luts']} LUT4, {syn['ffs']} FF, {syn['ram_blocks']} RAM")
        if syn.get("dsp"):
            parts.append(f"{syn['dsp']} DSP")
        if syn.get("spram"):
            parts.append(f"{syn['spram']} SPRAM")
        if syn.get("lutram_cells"):
            parts.append(f"{syn['lutram_cells']} DPR16X4")
    fmax = (r.get("pnr") or {}).get("fmax_mhz")
    if fmax is not None:
        parts.append(f"Fmax {fmax:.1f} MHz")
    by_seed = (r.get("pnr") or {}).get("fmax_by_seed")
    if by_seed:
        parts.append(f"seed {r.get('pnr_seed')} of "
                     + ", ".join(f"{s}: {f:.1f}" if f is not None else f"{s}: failed"
                                 for s, f in by_seed.items())
                     + f" (median {r['pnr']['fmax_median_mhz']:.1f} MHz)")
    if r.get("pnr_seeds_given_up"):
        parts.append(f"seed {r.get('pnr_seed')} (seeds {r['pnr_seeds_given_up']} did not "
                     f"finish routing in {PNR_SEED_BUDGET_S:.0f} s)")
    status = r["status"]
    if status != "ok":
        parts.append(status.upper() + (f" ({r['error']})" if r.get("error") and
                                       "\n" not in r["error"] else ""))
    return "; ".join(parts)


# --------------------------------------------------------------------------- main


def resolve_tools(families: Sequence[str]) -> Tuple[Dict, Dict]:
    tools: Dict[str, Dict[str, str]] = {}
    versions: Dict[str, Dict[str, str]] = {}
    for family in sorted(set(families) | {"ice40"}):
        specs = [s for s in flow.FAMILY_TOOLS[family] if s.role in ("yosys", "nextpnr")]
        tools[family] = {s.role: flow.resolve_tool(s) for s in specs}
        versions[family] = {role: f"{os.path.basename(path)} "
                                  f"{flow.tool_version(role, path)}"
                            for role, path in tools[family].items()}
    return tools, versions


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bench", action="append", help="only this benchmark's modules")
    parser.add_argument("--module", action="append", help="only this module")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS),
                        help="only this target")
    parser.add_argument("--out", default="build/fit", help="output folder (default build/fit)")
    parser.add_argument("--force", action="store_true", help="ignore earlier results")
    parser.add_argument("--list", action="store_true", help="list the modules and exit")
    args = parser.parse_args(argv)

    try:
        specs = load_specs()
        if args.bench:
            specs = [s for s in specs if s.bench in args.bench]
        if args.module:
            specs = [s for s in specs if s.module in args.module]
        jobs = [(s, t) for s in specs for t in s.targets
                if not args.target or t in args.target]
        if args.list:
            for s, t in jobs:
                print(f"{s.bench:<8} {s.module:<16} {t:<11} {s.params_for(t) or ''}")
            return 0
        if not jobs:
            print("fit: nothing selected", file=sys.stderr)
            return 1
        out = Path(args.out)
        out = out if out.is_absolute() else REPO / out
        out.mkdir(parents=True, exist_ok=True)
        tools, versions = resolve_tools([TARGETS[t].family for _, t in jobs])
        for family, v in versions.items():
            print(f"{family}: " + ", ".join(v.values()), flush=True)
        results: Dict[str, List[Dict]] = {}
        failed = 0
        for i, (spec, target) in enumerate(jobs, 1):
            try:
                # Afresh for every module: a long run must see the current memory map.
                gen = generate_headers(out)
                r = fit_one(spec, target, out, gen, tools, versions, args.force,
                            f"[{i}/{len(jobs)}]")
            except flow.FlowError as exc:
                print(f"    error: {exc}", file=sys.stderr, flush=True)
                r = {"module": spec.module, "target": target, "status": "error",
                     "error": str(exc)}
            if r["status"] not in ("ok", "does not fit"):
                failed += 1
            results.setdefault(spec.bench, []).append(r)
        for bench, rows in results.items():
            path = out / f"{bench}.json"
            # Keep earlier results of modules/targets not run this time.
            merged = {}
            if path.is_file():
                try:
                    merged = {(r["module"], r["target"]): r
                              for r in json.loads(path.read_text()).get("modules", [])}
                except (ValueError, KeyError):
                    merged = {}
            merged.update({(r["module"], r["target"]): r for r in rows})
            path.write_text(json.dumps({"bench": bench, "modules": list(merged.values())},
                                       indent=2) + "\n")
            print(f"{flow._show(path)}: {len(merged)} module/target results")
        return 1 if failed else 0
    except flow.FlowError as exc:
        print(f"fit: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
