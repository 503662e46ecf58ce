#!/usr/bin/env python3
"""Tests of the memory-map generator and the address-literal checker.

A plain script (no pytest): `python3 tests/tools/test_memory_map.py`. Each test
prints PASS, FAIL or SKIP (a compiler or Verilator that is not installed); the last
line reads "N passed, N failed" and the exit status is 1 if anything failed.

What is covered:
  - the committed YAML is valid and every output is generated, deterministic and
    rewritten only when it changes;
  - the C/C++/assembly header compiles with gcc -std=c11, g++ -std=c++20 (both
    -Wall -Wextra -Werror) and the RV32 cross assembler, and every macro has the
    value of the map; the linker fragment places code in rom and data in ram;
  - the Verilog include passes `verilator --lint-only -Wall`;
  - a changed address in a copy of the YAML reaches the .vh, .h, .ld and .md;
  - each validation error fires and names the file, the entry and the problem;
  - --check-doc passes on the committed doc/memory_map.md and fails on a stale one;
  - the address-literal checker catches literals in a temporary tree and passes a
    clean one.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
GENERATOR = REPO / "scripts" / "gen_memory_map.py"
CHECKER = REPO / "scripts" / "check_address_literals.py"
SOURCE = REPO / "rtl" / "soc" / "memory_map.yaml"
COMMITTED_DOC = REPO / "doc" / "memory_map.md"
RV_GCC = "riscv64-unknown-elf-gcc"

sys.dont_write_bytecode = True
sys.path.insert(0, str(REPO / "scripts"))
import gen_memory_map  # noqa: E402  (for the symbol list the outputs must match)

TESTS = []


class Skip(Exception):
    """The test cannot run here (a tool is missing)."""


def test(fn):
    TESTS.append(fn)
    return fn


# --------------------------------------------------------------------------- helpers


def run(cmd: list, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], capture_output=True, text=True, cwd=cwd)


def generate(yaml_path: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    """Run the generator with every output under `out`."""
    return run([sys.executable, GENERATOR, "--yaml", yaml_path,
                "--verilog", out / "pegasus_memory_map.vh",
                "--header", out / "include" / "pegasus" / "memory_map.h",
                "--linker", out / "memory_map.ld",
                "--doc", out / "memory_map.md", *extra])


def outputs(out: Path) -> dict[str, str]:
    return {
        "vh": (out / "pegasus_memory_map.vh").read_text(),
        "h": (out / "include" / "pegasus" / "memory_map.h").read_text(),
        "ld": (out / "memory_map.ld").read_text(),
        "md": (out / "memory_map.md").read_text(),
    }


def require(tool: str) -> None:
    if shutil.which(tool) is None:
        raise Skip(f"{tool} is not on PATH")


def check_ok(proc: subprocess.CompletedProcess, what: str) -> None:
    assert proc.returncode == 0, f"{what} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}"


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


def source_doc() -> dict:
    """The committed YAML as plain data, with no shared (aliased) sub-objects."""
    data = yaml.safe_load(SOURCE.read_text())
    return yaml.safe_load(yaml.dump(data, Dumper=_NoAliases))


def region(doc: dict, name: str) -> dict:
    return next(r for r in doc["regions"] if r["name"] == name)


def register(doc: dict, region_name: str, reg_name: str) -> dict:
    return next(r for r in region(doc, region_name)["registers"] if r["name"] == reg_name)


def field(doc: dict, region_name: str, reg_name: str, field_name: str) -> dict:
    return next(f for f in register(doc, region_name, reg_name)["fields"]
                if f["name"] == field_name)


def write_yaml(directory: Path, doc: dict) -> Path:
    path = directory / "memory_map.yaml"
    path.write_text(yaml.dump(doc, Dumper=_NoAliases, sort_keys=False))
    return path


def symbol_values(lang: str) -> dict[str, int]:
    mmap = gen_memory_map.load_map(SOURCE)
    symbols = gen_memory_map.c_symbols(mmap) if lang == "c" else \
        gen_memory_map.verilog_symbols(mmap)
    return {s.name: s.value for s in symbols}


# Values taken from the address plan itself, not from the generator's model.
PLAN = {
    "PEGASUS_BOOTROM_BASE": 0x0000_1000, "PEGASUS_BOOTROM_SIZE": 0x1000,
    "PEGASUS_TEST_FINISHER_BASE": 0x0010_0000, "PEGASUS_TEST_FINISHER_SIZE": 0x1000,
    "PEGASUS_TEST_FINISHER_FINISH_STATUS_PASS": 0x5555,
    "PEGASUS_TEST_FINISHER_FINISH_STATUS_FAIL": 0x3333,
    "PEGASUS_TEST_FINISHER_FINISH_STATUS_RESET": 0x7777,
    "PEGASUS_CLINT_BASE": 0x0200_0000, "PEGASUS_CLINT_SIZE": 0x1_0000,
    "PEGASUS_CLINT_MSIP": 0x0, "PEGASUS_CLINT_MTIMECMP_LO": 0x4000,
    "PEGASUS_CLINT_MTIMECMP_HI": 0x4004, "PEGASUS_CLINT_MTIME_LO": 0xBFF8,
    "PEGASUS_CLINT_MTIME_HI": 0xBFFC,
    "PEGASUS_UART_BASE": 0x1000_0000, "PEGASUS_UART_SIZE": 0x100,
    "PEGASUS_UART_RBR": 0, "PEGASUS_UART_THR": 0, "PEGASUS_UART_DLL": 0,
    "PEGASUS_UART_IER": 1, "PEGASUS_UART_DLM": 1, "PEGASUS_UART_IIR": 2,
    "PEGASUS_UART_FCR": 2, "PEGASUS_UART_LCR": 3, "PEGASUS_UART_MCR": 4,
    "PEGASUS_UART_LSR": 5, "PEGASUS_UART_MSR": 6, "PEGASUS_UART_SCR": 7,
    "PEGASUS_UART_LSR_ADDR": 0x1000_0005,
    "PEGASUS_UART_LSR_DR_LSB": 0, "PEGASUS_UART_LSR_THRE_LSB": 5,
    "PEGASUS_UART_LSR_TEMT_LSB": 6, "PEGASUS_UART_LSR_THRE_MASK": 0x20,
    "PEGASUS_UART_LSR_TEMT_WIDTH": 1,
    "PEGASUS_INTC_BASE": 0x4000_0000, "PEGASUS_TIMESTAMP_BASE": 0x4001_0000,
    "PEGASUS_SWITCH_BASE": 0x4002_0000, "PEGASUS_NIC_BASE": 0x4003_0000,
    "PEGASUS_CAMERA_BASE": 0x4004_0000, "PEGASUS_DISPLAY_BASE": 0x4005_0000,
    "PEGASUS_AUDIO_BASE": 0x4006_0000, "PEGASUS_NIC_SIZE": 0x1_0000,
    "PEGASUS_NIC_MASK": 0xFFFF_0000, "PEGASUS_INTC_ID": 0, "PEGASUS_NIC_ID": 0,
    "PEGASUS_TIMESTAMP_ID": 0, "PEGASUS_AUDIO_ID": 0,
    "PEGASUS_RAM_BASE": 0x8000_0000, "PEGASUS_RAM_SIZE": 0x2_0000,
}


def check_plan(values: dict[str, int], what: str) -> None:
    for name, expected in PLAN.items():
        assert name in values, f"{what}: {name} is missing"
        assert values[name] == expected, \
            f"{what}: {name} = {values[name]:#x}, the plan says {expected:#x}"


# --------------------------------------------------------------------------- outputs


@test
def test_committed_map_is_valid():
    proc = run([sys.executable, GENERATOR, "--yaml", SOURCE])
    check_ok(proc, "validation of the committed YAML")
    check_plan(symbol_values("c"), "model")


@test
def test_outputs_are_generated():
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        check_ok(generate(SOURCE, out), "generation")
        text = outputs(out)
        for name, body in text.items():
            assert gen_memory_map.GENERATED_MARKER in "\n".join(body.splitlines()[:3]), \
                f"{name}: no generated marker at the top"
            assert "do not edit" in body.lower(), f"{name}: no do-not-edit note"
        vh, h, ld, md = text["vh"], text["h"], text["ld"], text["md"]
        assert "`ifndef PEGASUS_MEMORY_MAP_VH" in vh and "`endif" in vh
        assert "`define PEGASUS_UART_BASE" in vh and "32'h1000_0000" in vh
        assert "`define PEGASUS_UART_LSR_OFFSET" in vh and "8'h05" in vh
        assert "`define PEGASUS_CLINT_MTIME_LO_OFFSET" in vh and "16'hBFF8" in vh
        assert "#ifndef PEGASUS_MEMORY_MAP_H_" in h and "#ifdef __ASSEMBLER__" in h
        assert "PEGASUS_U32(0x10000000)" in h
        assert "MEMORY" in ld and "rom (rx)" in ld and "ram (rwx)" in ld
        assert "ORIGIN = 0x00001000, LENGTH = 0x00001000" in ld
        assert "ORIGIN = 0x80000000, LENGTH = 0x00020000" in ld
        assert "generated from `rtl/soc/memory_map.yaml` by `scripts/gen_memory_map.py`" \
            in md.lower().replace("> ", "")
        for heading in ("## Regions", "## Registers", "## Interrupts"):
            assert heading in md, f"doc: missing {heading}"
        assert "| `UART` | `0x1000_0000` |" in md and "`uart0`" in md
        assert "`0x1000_0005` | `LSR` | ro | 0x60" in md
        assert "`THRE` [5]" in md and "`TEMT` [6]" in md and "`DR` [0]" in md
        assert "| 2 | `PEGASUS_IRQ_NIC` | `NIC` |" in md
        # The committed map's highest source is the UART's line 10 (QEMU virt's).
        assert re.search(r"`define PEGASUS_IRQ_HIGHEST +10\b", vh), "vh: IRQ_HIGHEST"
        assert re.search(r"#define PEGASUS_IRQ_HIGHEST +10\b", h), "h: IRQ_HIGHEST"


@test
def test_outputs_are_deterministic_and_stable():
    with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
        check_ok(generate(SOURCE, Path(a)), "first generation")
        check_ok(generate(SOURCE, Path(b)), "second generation")
        assert outputs(Path(a)) == outputs(Path(b)), "two runs differ"
        header = Path(a) / "include" / "pegasus" / "memory_map.h"
        before = header.stat().st_mtime_ns
        time.sleep(0.05)
        check_ok(generate(SOURCE, Path(a)), "regeneration")
        assert header.stat().st_mtime_ns == before, "an unchanged output was rewritten"


def _c_program(values: dict[str, int], cxx: bool) -> str:
    lines = ["#include <stdio.h>", "#include <assert.h>",
             '#include "pegasus/memory_map.h"',
             '#include "pegasus/memory_map.h"  /* the include guard works */']
    if cxx:
        lines.append("#include <type_traits>")
        lines.append("static_assert(std::is_same_v<decltype(PEGASUS_UART_BASE), unsigned>);")
    for name, value in PLAN.items():
        lines.append(f'static_assert({name} == {value:#x}u, "{name}");')
    symbols = gen_memory_map.c_symbols(gen_memory_map.load_map(SOURCE))
    for sym in symbols:
        if sym.bits is not None:  # an unsigned constant: 0 - 1 wraps to > 0
            lines.append(f'static_assert({sym.name} - {sym.name} - 1 > 0, "{sym.name}");')
    lines.append("int main(void) {")
    for name in values:
        lines.append(f'  printf("{name} %llu\\n", (unsigned long long)({name}));')
    lines += ["  return 0;", "}", ""]
    return "\n".join(lines)


def _compile_and_compare(compiler: str, std: str, suffix: str, cxx: bool) -> None:
    require(compiler)
    values = symbol_values("c")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        check_ok(generate(SOURCE, out), "generation")
        src = out / f"use_map{suffix}"
        src.write_text(_c_program(values, cxx))
        exe = out / "use_map"
        proc = run([compiler, f"-std={std}", "-Wall", "-Wextra", "-Werror", "-pedantic",
                    f"-I{out / 'include'}", src, "-o", exe])
        check_ok(proc, f"{compiler} -std={std}")
        proc = run([exe])
        check_ok(proc, "the compiled program")
        printed = {n: int(v) for n, v in (ln.split() for ln in proc.stdout.splitlines())}
        assert printed == values, "values printed by the program differ from the map"


@test
def test_header_compiles_as_c11():
    _compile_and_compare("gcc", "c11", ".c", cxx=False)


@test
def test_header_compiles_as_cxx20():
    _compile_and_compare("g++", "c++20", ".cc", cxx=True)


@test
def test_header_compiles_freestanding_rv32():
    require(RV_GCC)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        check_ok(generate(SOURCE, out), "generation")
        src = out / "fw.c"
        src.write_text('#include "pegasus/memory_map.h"\n'
                       "#define REG8(a) (*(volatile unsigned char *)(a))\n"
                       "int uart_ready(void) {\n"
                       "  return (REG8(PEGASUS_UART_LSR_ADDR) & PEGASUS_UART_LSR_THRE_MASK)"
                       " != 0;\n}\n")
        proc = run([RV_GCC, "-march=rv32im", "-mabi=ilp32", "-std=c11", "-ffreestanding",
                    "-Wall", "-Wextra", "-Werror", f"-I{out / 'include'}", "-c", src,
                    "-o", out / "fw.o"])
        check_ok(proc, "freestanding RV32 compile")


def _asm_program(names: list[str]) -> str:
    lines = ['#include "pegasus/memory_map.h"',
             '    .section .text.start, "ax"', "    .globl _start", "_start:",
             "    li t0, PEGASUS_TEST_FINISHER_BASE",
             "    li t1, PEGASUS_TEST_FINISHER_FINISH_STATUS_PASS",
             "    sw t1, PEGASUS_TEST_FINISHER_FINISH(t0)",
             "    lui t2, %hi(PEGASUS_UART_LSR_ADDR)",
             "    lbu t3, %lo(PEGASUS_UART_LSR_ADDR)(t2)",
             "    andi t3, t3, PEGASUS_UART_LSR_THRE_MASK",
             "1:  j 1b",
             '    .section .rodata.values, "a"', "    .globl values", "values:"]
    lines += [f"    .word {name}" for name in names]
    lines += ["    .section .bss", "    .globl ram_word", "ram_word:", "    .space 4", ""]
    return "\n".join(lines)


LINK_SCRIPT = """INCLUDE memory_map.ld
ENTRY(_start)
SECTIONS
{
  .text : { *(.text.start) *(.text*) } > rom
  .rodata : { *(.rodata*) } > ram
  .bss : { *(.bss*) } > ram
}
"""


@test
def test_header_assembles_and_linker_fragment_links_rv32():
    for tool in (RV_GCC, "riscv64-unknown-elf-nm", "riscv64-unknown-elf-objcopy"):
        require(tool)
    values = symbol_values("c")
    names = list(values)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        check_ok(generate(SOURCE, out), "generation")
        (out / "start.S").write_text(_asm_program(names))
        (out / "link.ld").write_text(LINK_SCRIPT)
        elf = out / "image.elf"
        proc = run([RV_GCC, "-march=rv32im", "-mabi=ilp32", "-x", "assembler-with-cpp",
                    f"-I{out / 'include'}", "-nostdlib", "-nostartfiles", f"-L{out}",
                    "-T", out / "link.ld", out / "start.S", "-o", elf])
        check_ok(proc, "assembling and linking with the fragment")
        nm = run(["riscv64-unknown-elf-nm", elf])
        check_ok(nm, "nm")
        symbols = {parts[2]: int(parts[0], 16) for parts in
                   (line.split() for line in nm.stdout.splitlines()) if len(parts) == 3}
        assert symbols["_start"] == 0x0000_1000, "code is not at the rom origin"
        assert symbols["values"] == 0x8000_0000, "data is not at the ram origin"
        raw = out / "values.bin"
        check_ok(run(["riscv64-unknown-elf-objcopy", "-O", "binary", "-j", ".rodata",
                      elf, raw]), "objcopy")
        words = struct.unpack(f"<{len(names)}I", raw.read_bytes()[:4 * len(names)])
        for name, word in zip(names, words):
            assert word == values[name], f"assembly: {name} = {word:#x}, map {values[name]:#x}"


def _lint_module() -> str:
    """A module that uses every macro (sized ones as is, integers cast to 32 bits)."""
    operands = []
    for sym in gen_memory_map.verilog_symbols(gen_memory_map.load_map(SOURCE)):
        operands.append(f"`{sym.name}" if sym.bits is not None else f"32'(`{sym.name})")
    return "\n".join([
        "`default_nettype none",
        '`include "pegasus_memory_map.vh"',
        '`include "pegasus_memory_map.vh"  // the include guard works',
        "module mm_lint (",
        "  input  wire [31:0] addr_i,",
        "  input  wire [7:0]  lsr_i,",
        "  input  wire [`PEGASUS_IRQ_COUNT-1:0] irq_i,",
        "  output wire        uart_sel_o,",
        "  output wire        lsr_sel_o,",
        "  output wire        thre_o,",
        "  output wire        nic_irq_o,",
        "  output wire        all_o",
        ");",
        "  assign uart_sel_o = (addr_i & `PEGASUS_UART_MASK) == `PEGASUS_UART_BASE;",
        "  assign lsr_sel_o = addr_i[`PEGASUS_UART_ADDR_WIDTH-1:0] == "
        "`PEGASUS_UART_LSR_OFFSET;",
        "  assign thre_o = lsr_i[`PEGASUS_UART_LSR_THRE_LSB] & "
        "(lsr_i != `PEGASUS_UART_LSR_RESET);",
        "  assign nic_irq_o = irq_i[`PEGASUS_IRQ_NIC] & (|irq_i);",
        "  assign all_o = ^{" + ",\n    ".join(operands) + "};",
        "endmodule",
        "",
    ])


@test
def test_verilog_include_lints_clean():
    require("verilator")
    verilog = symbol_values("verilog")
    for name, expected in PLAN.items():  # registers are <REG>_OFFSET; _ADDR is C only
        key = name if name in verilog else f"{name}_OFFSET"
        if key in verilog:
            assert verilog[key] == expected, f"Verilog model: {key} = {verilog[key]:#x}"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        check_ok(generate(SOURCE, out), "generation")
        top = out / "mm_lint.sv"
        top.write_text(_lint_module())
        proc = run(["verilator", "--lint-only", "-Wall", f"-I{out}", top], cwd=out)
        check_ok(proc, "verilator --lint-only -Wall")
        assert "%Warning" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr


@test
def test_changed_address_propagates_everywhere():
    doc = source_doc()
    region(doc, "NIC")["base"] = 0x4007_0000
    ram = region(doc, "RAM")
    ram.pop("qemu_virt")
    ram.pop("qemu_virt_device")
    ram["base"], ram["size"] = 0x9000_0000, 0x4_0000
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        check_ok(generate(write_yaml(out, doc), out), "generation from the changed copy")
        text = outputs(out)
        assert "32'h4007_0000" in text["vh"] and "32'h4003_0000" not in text["vh"]
        assert "32'h9000_0000" in text["vh"] and "32'hFFFC_0000" in text["vh"]
        assert "PEGASUS_U32(0x40070000)" in text["h"] and "0x40030000" not in text["h"]
        assert "PEGASUS_U32(0x40070004)" in text["h"], "NIC CTRL address did not move"
        assert "ORIGIN = 0x90000000, LENGTH = 0x00040000" in text["ld"]
        assert "`0x4007_0000`" in text["md"] and "`0x4003_0000`" not in text["md"]
        assert "`0x9000_0000`" in text["md"] and "256 KiB" in text["md"]


# --------------------------------------------------------------------------- validation


def expect_error(doc_or_text, *needles: str) -> None:
    """Generate from a broken map; require exit 1, no output and every needle."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        if isinstance(doc_or_text, str):
            path = out / "memory_map.yaml"
            path.write_text(doc_or_text)
        else:
            path = write_yaml(out, doc_or_text)
        proc = generate(path, out / "gen")
        assert proc.returncode == 1, f"expected exit 1, got {proc.returncode}:\n{proc.stderr}"
        assert not (out / "gen").exists(), "outputs were written despite the error"
        for needle in (str(path),) + needles:
            assert needle in proc.stderr, f"{needle!r} not in the message:\n{proc.stderr}"


@test
def test_error_overlapping_regions():
    doc = source_doc()
    region(doc, "CAMERA")["size"] = 0x2_0000  # now also covers DISPLAY
    expect_error(doc, "region DISPLAY", "overlaps region CAMERA",
                 "[0x4004_0000, 0x4005_FFFF]")


@test
def test_error_base_not_aligned_to_size():
    doc = source_doc()
    region(doc, "AUDIO")["base"] = 0x4007_8000
    expect_error(doc, "region AUDIO", "base 0x4007_8000 is not aligned to its size 0x10000")


@test
def test_error_size_not_power_of_two():
    doc = source_doc()
    region(doc, "TIMESTAMP")["size"] = 0x3000
    expect_error(doc, "region TIMESTAMP", "size 0x3000 is not a power of two")


@test
def test_error_register_beyond_region():
    doc = source_doc()
    register(doc, "UART", "SCR")["offset"] = 0x100
    expect_error(doc, "region UART, register SCR", "offset 0x100 is beyond the region size 0x100")


@test
def test_error_register_misaligned():
    doc = source_doc()
    register(doc, "NIC", "CTRL")["offset"] = 0x6
    expect_error(doc, "region NIC, register CTRL",
                 "offset 0x6 is not aligned to the 4-byte register width")


@test
def test_uart_byte_spacing_is_allowed():
    doc = source_doc()
    assert register(doc, "UART", "LSR")["offset"] == 5
    region(doc, "UART").pop("reg_width_bytes")  # back to 4-byte registers: LSR misaligned
    expect_error(doc, "region UART, register LSR", "offset 0x5 is not aligned")


@test
def test_error_duplicate_region_name():
    doc = source_doc()
    region(doc, "DISPLAY")["name"] = "CAMERA"
    expect_error(doc, "duplicate region name 'CAMERA'")


@test
def test_error_duplicate_register_name():
    doc = source_doc()
    register(doc, "NIC", "IRQ_ENABLE")["name"] = "CTRL"
    expect_error(doc, "region NIC", "duplicate register name 'CTRL'")


@test
def test_error_duplicate_field_name():
    doc = source_doc()
    field(doc, "UART", "LSR", "OE")["name"] = "DR"
    expect_error(doc, "region UART, register LSR", "duplicate field 'DR'")


@test
def test_error_overlapping_fields():
    doc = source_doc()
    field(doc, "NIC", "CTRL", "TX_EN")["lsb"] = 0
    expect_error(doc, "region NIC, register CTRL, field", "overlap field")


@test
def test_error_field_beyond_32_bits():
    doc = source_doc()
    field(doc, "TEST_FINISHER", "FINISH", "CODE")["width"] = 17
    expect_error(doc, "region TEST_FINISHER, register FINISH, field CODE",
                 "bits [32:16] exceed the 32-bit register")


@test
def test_error_field_beyond_byte_register():
    doc = source_doc()
    field(doc, "UART", "LSR", "FIFO_ERR")["lsb"] = 8
    expect_error(doc, "region UART, register LSR, field FIFO_ERR", "exceed the 8-bit register")


@test
def test_error_reset_too_wide():
    doc = source_doc()
    register(doc, "UART", "LSR")["reset"] = 0x160
    expect_error(doc, "region UART, register LSR", "reset 0x160 does not fit in 8 bits")


@test
def test_error_shared_offset_without_view():
    doc = source_doc()
    register(doc, "NIC", "IRQ_ENABLE")["offset"] = 0x8
    expect_error(doc, "region NIC", "offset 0x8 is shared by IRQ_STATUS, IRQ_ENABLE")


@test
def test_error_bad_access():
    doc = source_doc()
    register(doc, "NIC", "CTRL")["access"] = "rx"
    expect_error(doc, "region NIC, register CTRL", "access 'rx' is not one of")


@test
def test_error_unknown_key():
    doc = source_doc()
    register(doc, "NIC", "CTRL")["offest"] = 4
    expect_error(doc, "region NIC, register CTRL", "unknown key 'offest'")


@test
def test_error_duplicate_yaml_key():
    text = SOURCE.read_text().replace("    base: 0x4003_0000\n",
                                      "    base: 0x4003_0000\n    base: 0x4007_0000\n")
    line = text.splitlines().index("    base: 0x4007_0000") + 1
    expect_error(text, f":{line}: YAML error: found duplicate key 'base'")


@test
def test_error_yaml_syntax_names_the_line():
    text = SOURCE.read_text().replace("  - name: NIC\n", "  - name: NIC\n   bad: [\n")
    line = text.splitlines().index("   bad: [") + 1
    expect_error(text, f":{line}: YAML error")


@test
def test_error_duplicate_irq_number():
    doc = source_doc()
    next(s for s in doc["interrupts"]["sources"] if s["name"] == "AUDIO")["number"] = 2
    expect_error(doc, "interrupts", "duplicate interrupt number 2")


@test
def test_error_irq_of_unknown_region():
    doc = source_doc()
    next(s for s in doc["interrupts"]["sources"] if s["name"] == "AUDIO")["region"] = "SOUND"
    expect_error(doc, "interrupts, source AUDIO", "region 'SOUND' does not exist")


@test
def test_error_moved_qemu_region():
    doc = source_doc()
    region(doc, "UART")["base"] = 0x1000_1000
    expect_error(doc, "region UART", "differs from QEMU virt uart0 at 0x1000_0000")


@test
def test_error_duplicate_device_id():
    doc = source_doc()
    register(doc, "CAMERA", "ID")["reset"] = register(doc, "NIC", "ID")["reset"]
    expect_error(doc, "region CAMERA, register ID", "is already the ID of NIC")


@test
def test_error_macro_collision():
    doc = source_doc()
    registers = region(doc, "NIC")["registers"]
    free_offset = max(r["offset"] for r in registers) + 4  # past every NIC register
    registers.append({
        "name": "BASE", "offset": free_offset, "access": "rw", "reset": 0,
        "description": "Its offset macro would be PEGASUS_NIC_BASE."})
    expect_error(doc, "region NIC, register BASE", "C macro PEGASUS_NIC_BASE collides",
                 "region NIC (line")


# --------------------------------------------------------------------------- --check-doc


@test
def test_check_doc_passes_on_committed_doc():
    proc = run([sys.executable, GENERATOR, "--yaml", SOURCE, "--check-doc", COMMITTED_DOC])
    check_ok(proc, "--check-doc on the committed doc/memory_map.md")


@test
def test_check_doc_fails_on_stale_doc():
    doc = source_doc()
    register(doc, "UART", "SCR")["description"] = "Scratch, now described differently."
    with tempfile.TemporaryDirectory() as tmp:
        changed = write_yaml(Path(tmp), doc)
        proc = run([sys.executable, GENERATOR, "--yaml", changed,
                    "--check-doc", COMMITTED_DOC])
        assert proc.returncode == 1, proc.stderr
        assert "doc/memory_map.md is stale: run `make regmap`" in proc.stderr, proc.stderr
        stale = Path(tmp) / "memory_map.md"
        stale.write_text(COMMITTED_DOC.read_text() + "hand edit\n")
        proc = run([sys.executable, GENERATOR, "--yaml", SOURCE, "--check-doc", stale])
        assert proc.returncode == 1 and "is stale" in proc.stderr, proc.stderr
        proc = run([sys.executable, GENERATOR, "--yaml", SOURCE,
                    "--check-doc", Path(tmp) / "absent.md"])
        assert proc.returncode == 1 and "is missing" in proc.stderr, proc.stderr


# --------------------------------------------------------------------------- checker

DIRTY_LINES = [  # (line, region) every one of these must be reported
    ("#define UART0 0x10000000", "UART"),
    ("uint32_t *p = (uint32_t *)0x1000_0000u;", "UART"),
    ("constexpr uint32_t kNic = 0x4003'0000;", "NIC"),
    ("localparam logic [31:0] Clint = 32'h0200_0000;", "CLINT"),
    ("if (addr_i == 'h4000_0000) begin", "INTC"),
    ("ORIGIN = 0X80000000UL,", "RAM"),
    ("    li t0, 0x00100000", "TEST_FINISHER"),
    ("base = 32'H4006_0000;", "AUDIO"),
]
CLEAN_LINES = [  # none of these may be reported
    "x = 0x100000000;        // a 33-bit number",
    "y = 0x10000001;",
    "crc = (crc & 0x80000000u) ? (crc << 1) ^ poly : crc << 1;",
    "msb = 32'h8000_0000 | x;",
    "page = 0x1000;          // the boot ROM base, below min_base",
    "z = my0x10000000;",
    "w = 0x80000000;  // memory-map: not an address",
]


def make_tree(root: Path, lines: list[str]) -> None:
    (root / "rtl" / "soc").mkdir(parents=True)
    shutil.copy(SOURCE, root / "rtl" / "soc" / "memory_map.yaml")
    (root / "firmware").mkdir()
    (root / "firmware" / "drivers.cc").write_text("\n".join(lines) + "\n")
    # Places whose literals are never reported:
    (root / "doc").mkdir()
    (root / "doc" / "notes.h").write_text("#define UART 0x10000000\n")
    (root / "tests" / "tools").mkdir(parents=True)
    (root / "tests" / "tools" / "t.py").write_text("UART = 0x10000000\n")
    (root / "firmware" / "build").mkdir()
    (root / "firmware" / "build" / "x.c").write_text("int u = 0x10000000;\n")
    (root / "firmware" / "notes.txt").write_text("0x10000000\n")
    gen = root / "firmware" / "include" / "pegasus"
    gen.mkdir(parents=True)
    (gen / "memory_map.h").write_text(
        f"/* {gen_memory_map.GENERATED_MARKER} from x. */\n#define B 0x10000000\n")


@test
def test_checker_reports_every_literal():
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_tree(root, [line for line, _ in DIRTY_LINES] + CLEAN_LINES)
        proc = run([sys.executable, CHECKER, "--root", root])
        assert proc.returncode == 1, proc.stdout + proc.stderr
        hits = proc.stdout.splitlines()
        assert len(hits) == len(DIRTY_LINES), "\n".join(hits)
        for number, (hit, (_, name)) in enumerate(zip(hits, DIRTY_LINES), start=1):
            assert hit.startswith(f"firmware/drivers.cc:{number}: address literal 0x"), hit
            assert f"({name} base) \u2014 use PEGASUS_{name}_BASE from the generated " \
                   f"memory map" in hit, hit
        assert "firmware/drivers.cc:1: address literal 0x10000000 (UART base)" in hits[0]


@test
def test_checker_passes_clean_tree():
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_tree(root, CLEAN_LINES + ["#include <pegasus/memory_map.h>",
                                       "volatile auto *uart = PEGASUS_UART_BASE;"])
        proc = run([sys.executable, CHECKER, "--root", root])
        check_ok(proc, "checker on a clean tree")
        assert proc.stdout.startswith("check_address_literals: OK"), proc.stdout
        assert len(proc.stdout.splitlines()) == 1, proc.stdout


@test
def test_checker_does_not_flag_the_map_tools():
    proc = run([sys.executable, CHECKER, "--root", REPO])
    assert proc.returncode in (0, 1), proc.stderr
    own = ("scripts/", "tests/tools/", "rtl/soc/memory_map.yaml", "doc/")
    flagged = [line for line in proc.stdout.splitlines() if line.startswith(own)]
    assert not flagged, "\n".join(flagged)


# --------------------------------------------------------------------------- main


def main() -> int:
    passed = failed = 0
    skipped = []
    for fn in TESTS:
        try:
            fn()
        except Skip as why:
            skipped.append(fn.__name__)
            print(f"SKIP {fn.__name__}: {why}")
            continue
        except AssertionError as err:
            failed += 1
            print(f"FAIL {fn.__name__}: {err}")
            continue
        except Exception:  # noqa: BLE001 (a crashing test is a failing test)
            failed += 1
            print(f"FAIL {fn.__name__}: crashed\n{traceback.format_exc()}")
            continue
        passed += 1
        print(f"PASS {fn.__name__}")
    if skipped:
        print(f"{len(skipped)} skipped (tool not installed): {', '.join(skipped)}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    os.chdir(REPO)
    sys.exit(main())
