#!/usr/bin/env python3
"""Tests of the FPGA flow driver, scripts/fpga/build.py, and of the out-of-context
module flow, scripts/fpga/fit.py.

    python3 tests/tools/test_fpga_flow.py

Runs the iCE40 synthesis step for real (yosys synth_ice40 on the beacon design, a few
seconds; skipped, with the reason, when yosys is not installed) and checks the parsers
and the command lines against fixtures taken from real runs of this flow:
  fixtures/nextpnr_ice40_report.json  nextpnr-ice40 0.4 --report, icebreaker build
  fixtures/nextpnr_ecp5_report.json   nextpnr-ecp5 0.11.1 --report, ulx3s-85f build
                                      (both cut down to their fmax and utilization keys)
  fixtures/nextpnr_ice40.log          nextpnr-ice40 0.4 log of the same icebreaker run
For fit.py it checks that scripts/fpga/modules.yaml names real modules and parameters,
that the generated wrapper keeps the whole module (yosys synth_ice40 of atm_scrambler:
every port bit a flip-flop, the scrambler's own logic present) and how clock domains and
nextpnr clock nets are told apart. Exits non-zero if a test fails; the last line reads "N passed, N failed".
"""

import fnmatch
import importlib.util
import json
import re
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
BUILD_PY = REPO / "scripts" / "fpga" / "build.py"


def load_script(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = load_script("pegasus_fpga_build", BUILD_PY)
sys.path.insert(0, str(BUILD_PY.parent))
fit = load_script("pegasus_fpga_fit", BUILD_PY.parent / "fit.py")


class Skip(Exception):
    pass


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def check_eq(actual, expected, what):
    check(actual == expected, f"{what}: got {actual!r}, expected {expected!r}")


# ------------------------------------------------------------------------- tests


def test_ice40_synthesis():
    yosys = build.find_tool(("yosys",))
    if yosys is None:
        raise Skip("yosys not found on PATH or in .venv/bin (scripts/setup installs it)")
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run(
            [sys.executable, str(BUILD_PY), "--board", "icebreaker", "--out", tmp,
             "--stop-after", "synth", "--yosys", yosys],
            cwd=REPO, capture_output=True, text=True, timeout=120)
        out = Path(tmp) / "icebreaker"
        check(proc.returncode == 0, f"build.py exited {proc.returncode}:\n"
              f"{proc.stdout}{proc.stderr}")
        check("[1/1] synth" in proc.stdout, "no progress line for the synth step")
        report = json.loads((out / "report.json").read_text())
        check_eq(report["status"], "ok", "status")
        check_eq(report["top"], "icebreaker_top", "top")
        check_eq([s["step"] for s in report["steps"]], ["synth"], "steps run")
        syn = report["synthesis"]
        check(0 < syn["luts"] <= 5280, f"LUT count {syn['luts']} out of range")
        check(0 < syn["ffs"] <= 5280, f"FF count {syn['ffs']} out of range")
        netlist = json.loads((out / "pegasus_icebreaker.json").read_text())
        check("icebreaker_top" in netlist["modules"], "top module missing from netlist")
        check("rtl/atm/atm_beacon.v" in report["sources"], "beacon not among the sources")
        check(not (out / "pegasus_icebreaker.bin").exists(), "bitstream written by synth")


def test_ice40_report_parse():
    raw = json.loads((FIXTURES / "nextpnr_ice40_report.json").read_text())
    board = build.BOARDS["icebreaker"]
    util, clocks, table = build.parse_nextpnr_report("ice40", raw, board.clocks)
    check_eq((util["logic_cells"]["used"], util["logic_cells"]["available"]), (414, 5280),
             "logic cells")
    check_eq((util["ram_blocks"]["used"], util["ram_blocks"]["available"]), (0, 30), "EBR")
    check_eq((util["spram"]["used"], util["spram"]["available"]), (0, 4), "SPRAM")
    check_eq((util["dsp"]["used"], util["dsp"]["available"]), (0, 8), "DSP")
    check_eq((util["io"]["used"], util["io"]["available"]), (5, 96), "IO")
    check_eq(util["logic_cells"]["percent"], 7.8, "logic cell percent")
    check_eq(table["SB_GB"], {"used": 3, "available": 8}, "raw SB_GB")
    check_eq(len(clocks), 1, "clock count")
    check_eq(clocks[0]["port"], "clk_12m_i", "clock port")
    check_eq(clocks[0]["fmax_mhz"], 26.12, "Fmax")
    check_eq(clocks[0]["constraint_mhz"], 12.0, "constraint")
    check(clocks[0]["met"], "timing should be met")


def test_ecp5_report_parse():
    raw = json.loads((FIXTURES / "nextpnr_ecp5_report.json").read_text())
    board = build.BOARDS["ulx3s-85f"]
    util, clocks, _ = build.parse_nextpnr_report("ecp5", raw, board.clocks)
    check_eq((util["luts"]["used"], util["luts"]["available"]), (710, 83640), "LUTs")
    check_eq((util["ffs"]["used"], util["ffs"]["available"]), (126, 83640), "FFs")
    check_eq((util["ram_blocks"]["used"], util["ram_blocks"]["available"]), (0, 208), "EBR")
    check_eq((util["dsp"]["used"], util["dsp"]["available"]), (0, 156), "DSP")
    check_eq((util["io"]["used"], util["io"]["available"]), (12, 365), "IO")
    check_eq([(c["port"], c["fmax_mhz"], c["constraint_mhz"], c["met"]) for c in clocks],
             [("clk_25m_i", 74.8, 25.0, True)], "clocks")


def test_ice40_log_parse_matches_report():
    board = build.BOARDS["icebreaker"]
    log = (FIXTURES / "nextpnr_ice40.log").read_text()
    util, clocks, _ = build.parse_nextpnr_log("ice40", log, board.clocks)
    ref_util, ref_clocks, _ = build.parse_nextpnr_report(
        "ice40", json.loads((FIXTURES / "nextpnr_ice40_report.json").read_text()),
        board.clocks)
    check_eq(util, ref_util, "utilisation from the log")
    # The log gives Fmax to two decimals, after placement and again after routing;
    # the post-route figure is the one the report holds.
    check_eq([(c["port"], c["fmax_mhz"], c["met"]) for c in clocks],
             [(c["port"], c["fmax_mhz"], c["met"]) for c in ref_clocks], "clocks from the log")


def test_timing_failure_detected():
    fmax = {"clk_25m_i$glb": {"achieved": 20.5, "constraint": 25.0}}
    clocks = build.clocks_from_nextpnr(fmax, build.BOARDS["ulx3s-25f"].clocks)
    check_eq([(c["port"], c["met"]) for c in clocks], [("clk_25m_i", False)], "clocks")


def test_missing_tool_message():
    spec = build.ToolSpec("nextpnr", ("no-such-nextpnr-xyz",), "PyPI package example")
    try:
        build.resolve_tool(spec)
    except build.FlowError as exc:
        message = str(exc)
        check("no-such-nextpnr-xyz" in message, "message does not name the tool")
        check("scripts/setup" in message, "message does not point at scripts/setup")
        return
    raise AssertionError("no error for a missing tool")


def test_commands():
    ice, ecp = build.BOARDS["icebreaker"], build.BOARDS["ulx3s-25f"]
    out = REPO / "build" / "fpga" / "x"
    pnr = build.nextpnr_command(ecp, "nextpnr-ecp5", out / "n.json", out / "n.config",
                                out / "r.json")
    for flag in ("--25k", "--package", "CABGA381", "--lpf", "constraints/ulx3s.lpf",
                 "--report", "--freq"):
        check(flag in pnr, f"{flag} missing from {pnr}")
    check_eq(pnr[pnr.index("--freq") + 1], "25", "ECP5 frequency target")
    pnr = build.nextpnr_command(ice, "nextpnr-ice40", out / "n.json", out / "n.asc",
                                out / "r.json")
    for flag in ("--up5k", "sg48", "--pcf", "constraints/icebreaker.pcf", "--asc"):
        check(flag in pnr, f"{flag} missing from {pnr}")
    bit = out / "b.bin"
    check_eq(build.flash_command(ice, "openFPGALoader", bit, False),
             ["openFPGALoader", "-b", "ice40_generic", "-f", "build/fpga/x/b.bin"],
             "iCEBreaker flash command")
    check_eq(build.flash_command(ecp, "openFPGALoader", bit, False),
             ["openFPGALoader", "-b", "ulx3s", "build/fpga/x/b.bin"], "ULX3S SRAM load")
    check_eq(build.flash_command(ecp, "openFPGALoader", bit, True),
             ["openFPGALoader", "-b", "ulx3s", "-f", "build/fpga/x/b.bin"],
             "ULX3S flash write")


def _top_ports(path):
    text = re.sub(r"//[^\n]*", "", path.read_text())
    header = text[text.index("module "):text.index(");")]
    return set(re.findall(r"\b(?:input|output|inout)\s+wire\s+(?:\[[^\]]+\]\s*)?(\w+)",
                          header))


def test_constraints_match_board_tops():
    pcf_ports = set(re.findall(r"^set_io\s+(?:-\S+\s+\S+\s+)*(\w+)",
                               (REPO / "constraints/icebreaker.pcf").read_text(), re.M))
    check_eq(pcf_ports, _top_ports(REPO / "rtl/boards/icebreaker/icebreaker_top.v"),
             "iCEBreaker pcf ports vs top ports")
    lpf_ports = {re.sub(r"\[\d+\]$", "", p) for p in re.findall(
        r'^LOCATE COMP "([^"]+)"', (REPO / "constraints/ulx3s.lpf").read_text(), re.M)}
    check_eq(lpf_ports, _top_ports(REPO / "rtl/boards/ulx3s/ulx3s_top.v"),
             "ULX3S lpf ports vs top ports")


def test_fit_specs_name_real_modules():
    specs = fit.load_specs()
    check(len(specs) >= 10, f"only {len(specs)} modules in modules.yaml")
    for spec in specs:
        files = list(REPO.glob(f"rtl/*/{spec.module}.v"))
        check_eq(len(files), 1, f"files for module {spec.module}")
        text = files[0].read_text()
        for target in spec.targets:
            for name in spec.params_for(target):
                check(re.search(rf"parameter\s+(integer\s+|\[[^]]*\]\s*)?{name}\b", text),
                      f"{spec.module} has no parameter {name} ({target})")


def test_fit_wrapper_keeps_module():
    yosys = build.find_tool(("yosys",))
    if yosys is None:
        raise Skip("yosys not found on PATH or in .venv/bin (scripts/setup installs it)")
    with tempfile.TemporaryDirectory(dir=REPO / "build" if (REPO / "build").is_dir()
                                     else None) as tmp:
        work = Path(tmp)
        gen = fit.generate_headers(work)
        ports, used = fit.elaborate(yosys, "atm_scrambler", {}, gen, work)
        check_eq(sorted((p.name, p.direction, p.width) for p in ports),
                 [("clk_i", "input", 1), ("data_i", "input", 8), ("data_o", "output", 8),
                  ("enable_i", "input", 1), ("rst_ni", "input", 1), ("valid_i", "input", 1)],
                 "atm_scrambler ports")
        check_eq([p.name for p in used], ["atm_scrambler.v"], "source files")
        text, summary = fit.wrapper_verilog("atm_scrambler", {}, ports)
        check_eq(summary["domains"], {"clk_i": {"input_bits": 11, "output_bits": 8}},
                 "wrapper domains")
        check_eq(summary["pins"], 4, "wrapper pins")
        wrapper = work / "fit_atm_scrambler.v"
        wrapper.write_text(text)
        stat = work / "stat.json"
        proc = subprocess.run(
            [yosys, "-q", "-p", f"read_verilog -sv {used[0]} {wrapper}; "
             f"synth_ice40 -top fit_atm_scrambler; tee -q -o {stat} stat -json"],
            cwd=REPO, capture_output=True, text=True, timeout=300)
        check(proc.returncode == 0, f"yosys failed: {proc.stderr[-2000:]}")
        cells = json.loads(stat.read_text())["design"]["num_cells_by_type"]
        ffs = sum(n for t, n in cells.items() if t.startswith("SB_DFF"))
        # One shift chain of max(11 in, 8 out) bits; the scrambler keeps 43 bits of line
        # history. Fewer flip-flops means part of the module was optimised away.
        check(ffs >= max(11, 8) + 43, f"only {ffs} flip-flops: part of the module was removed")


def _check_unknown_pattern_refused(split, direction):
    """split (split_open or split_tied) refuses a pattern that names no `direction`."""
    ports = [fit.Port("clk_i", "input", 1), fit.Port("data_o", "output", 8)]
    try:
        split(ports, ["debug_*"], "m")
    except fit.flow.FlowError as exc:
        check("debug_*" in str(exc), f"error names the pattern: {exc}")
    else:
        check(False, f"a pattern that matches no {direction} is not refused")


def _check_yaml_patterns_name_ports(key, direction, patterns_of):
    """Every `key` pattern of modules.yaml (patterns_of(spec): (where, pattern) pairs)
    names a `direction` port of its module."""
    for spec in fit.load_specs():
        text = next(REPO.glob(f"rtl/*/{spec.module}.v")).read_text()
        names = re.findall(rf"{direction}\s+(?:wire|reg)?\s*(?:\[[^]]*\])?\s*(\w+)", text)
        for where, pattern in patterns_of(spec):
            check(any(fnmatch.fnmatchcase(n, pattern) for n in names),
                  f"{spec.module}{where}: {key} {pattern!r} matches no {direction}")


def test_fit_open_outputs():
    Port = fit.Port
    ports = [Port("clk_i", "input", 1), Port("data_o", "output", 8),
             Port("trace_pc_o", "output", 32), Port("trace_valid_o", "output", 1),
             Port("trace_i", "input", 4)]
    kept, opened = fit.split_open(ports, ["trace_*"], "m")
    check_eq(opened, ["trace_pc_o", "trace_valid_o"], "opened outputs (inputs never)")
    check_eq([p.name for p in kept], ["clk_i", "data_o", "trace_i"], "kept ports")
    _check_unknown_pattern_refused(fit.split_open, "output")
    text = fit.keep_verilog("m", {"Width": 8}, kept)
    check("module keep_m (" in text and ".Width (8)" in text and "trace_pc_o" not in text,
          f"keep wrapper:\n{text}")
    _check_yaml_patterns_name_ports(
        "open_outputs", "output",
        lambda spec: [*(("", p) for p in spec.open_outputs),
                      *((f"@{t}", p) for t, ps in spec.target_open_outputs.items()
                        for p in ps)])


def test_fit_tied_inputs():
    Port = fit.Port
    ports = [Port("clk_i", "input", 1), Port("load_we_i", "input", 1),
             Port("load_data_i", "input", 32), Port("data_i", "input", 8),
             Port("load_o", "output", 4)]
    kept, tied = fit.split_tied(ports, ["load_*"], "m")
    check_eq([p.name for p in tied], ["load_we_i", "load_data_i"], "tied inputs (outputs never)")
    check_eq([p.name for p in kept], ["clk_i", "data_i", "load_o"], "kept ports")
    _check_unknown_pattern_refused(fit.split_tied, "input")
    text = fit.keep_verilog("m", {}, kept, tied)
    check(".load_data_i (32'd0)" in text and ".load_we_i (1'd0)" in text
          and "input  wire [31:0] load_data_i" not in text, f"keep wrapper:\n{text}")
    text, summary = fit.wrapper_verilog("m", {}, kept, tied)
    check(".load_data_i (32'd0)" in text, f"fit wrapper:\n{text}")
    check_eq(summary["domains"]["clk_i"]["input_bits"], 8, "only data_i is shifted in")
    _check_yaml_patterns_name_ports(
        "tied_inputs", "input",
        lambda spec: [(f"@{t}", p) for t, ps in spec.tied_inputs.items() for p in ps])


def test_fit_clock_domains():
    Port = fit.Port
    ports = [Port("clk_i", "input", 1), Port("rst_ni", "input", 1),
             Port("pix_clk_i", "input", 1), Port("pix_rst_ni", "input", 1),
             Port("pix_rgb_o", "output", 24), Port("s_cell_tdata_i", "input", 32)]
    check_eq(fit.clock_domains(ports), {"clk_i": "", "pix_clk_i": "pix_"}, "clocks")
    _, summary = fit.wrapper_verilog("m", {}, ports)
    check_eq(summary["domains"], {"clk_i": {"input_bits": 33, "output_bits": 0},
                                  "pix_clk_i": {"input_bits": 1, "output_bits": 24}},
             "domains")
    clocks = ["clk_i", "pix_clk_i"]
    check_eq(fit._clock_port("pix_clk_i$SB_IO_IN_$glb_clk", clocks), "pix_clk_i", "ice40 net")
    check_eq(fit._clock_port("$glbnet$clk_i$TRELLIS_IO_IN", clocks), "clk_i", "ecp5 net")


def test_fit_pnr_seeds():
    """pnr_seeds: validated per target; the fastest seed's figures kept, every seed's
    Fmax and their median recorded (a stand-in nextpnr writes each seed's report)."""
    with tempfile.TemporaryDirectory() as tmp:
        spec_path = Path(tmp) / "modules.yaml"
        spec_path.write_text("modules:\n  b:\n    - module: m\n"
                             "      pnr_seeds: {ice40-up5k: 0}\n")
        try:
            fit.load_specs(spec_path)
            raise AssertionError("pnr_seeds 0 accepted")
        except fit.flow.FlowError as exc:
            check("pnr_seeds must be a count" in str(exc) and "ice40-up5k: 0" in str(exc),
                  f"error: {exc}")
        spec_path.write_text("modules:\n  b:\n    - module: m\n"
                             "      pnr_seeds: {ice40-up5k: 3}\n")
        check_eq(fit.load_specs(spec_path)[0].pnr_seeds, {"ice40-up5k": 3}, "parsed seeds")

        fixture = FIXTURES / "nextpnr_ice40_report.json"
        fake = Path(tmp) / "fake_nextpnr.py"
        fake.write_text(
            "import json, sys, time\n"
            "args = sys.argv[1:]\n"
            "seed = int(args[args.index('--seed') + 1])\n"
            "if seed == 3:\n    time.sleep(0.3)\n    sys.exit(1)\n"
            f"report = json.load(open({str(fixture)!r}))\n"
            "for clock in report['fmax'].values():\n"
            "    clock['achieved'] = {2: 30.5}.get(seed, 20.0)\n"
            "report['utilization']['ICESTORM_LC']['used'] = 400 + seed\n"
            "json.dump(report, open(args[args.index('--report') + 1], 'w'))\n")
        work = Path(tmp) / "work"
        work.mkdir()

        def command(seed):
            return [sys.executable, str(fake), "--report", "placeholder",
                    "--seed", str(seed)]

        result = {"pnr": {"fmax_mhz": 26.12, "seconds": 1.0, "utilisation": {},
                          "clocks": []},
                  "pnr_seed": 1, "logs": {"pnr": "pnr.log"}}
        fit._more_seeds(result, work, fit.TARGETS["ice40-up5k"], ["clk_12m_i"], command,
                        1, 4)
        pnr = result["pnr"]
        check_eq(pnr["fmax_by_seed"], {"1": 26.12, "2": 30.5, "3": None, "4": 20.0},
                 "Fmax by seed")
        check_eq(pnr["fmax_mhz"], 30.5, "the fastest seed's Fmax")
        check_eq(result["pnr_seed"], 2, "the seed the figures come from")
        check_eq(pnr["utilisation"]["logic_cells"]["used"], 402, "its utilisation")
        check_eq(pnr["clocks"][0]["port"], "clk_12m_i", "its clocks")
        check_eq(pnr["fmax_median_mhz"], 26.12, "median of the seeds that finished")
        check(result["logs"]["pnr"].endswith("pnr_seed2.log"), f"log: {result['logs']}")
        check(pnr["seconds"] >= 1.2, f"seconds of all seeds, the failed one's too: {pnr}")


TESTS = [
    test_fit_specs_name_real_modules,
    test_fit_pnr_seeds,
    test_fit_wrapper_keeps_module,
    test_fit_open_outputs,
    test_fit_clock_domains,
    test_ice40_synthesis,
    test_ice40_report_parse,
    test_ecp5_report_parse,
    test_ice40_log_parse_matches_report,
    test_timing_failure_detected,
    test_missing_tool_message,
    test_commands,
    test_constraints_match_board_tops,
]


def main():
    passed = failed = skipped = 0
    for test in TESTS:
        try:
            test()
        except Skip as why:
            skipped += 1
            print(f"SKIP {test.__name__}: {why}")
        except Exception:  # report every failure, keep going
            failed += 1
            print(f"FAIL {test.__name__}")
            traceback.print_exc(file=sys.stdout)
        else:
            passed += 1
            print(f"PASS {test.__name__}")
    if skipped:
        print(f"{skipped} skipped")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
