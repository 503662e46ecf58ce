#!/usr/bin/env python3
"""Fail if a memory-map region base address is typed as a literal in the sources.

Every base address lives in rtl/soc/memory_map.yaml and reaches code through the
generated PEGASUS_<REGION>_BASE macros. This checker reads the YAML (with the
generator's own loader and validation) and scans source files under rtl/ sim_cpp/
firmware/ kernel/ host/ pfs/ tests/ for hexadecimal literals equal to a region base,
in any of the spellings C, C++, Python, assembly and Verilog allow:

    0x10000000  0x1000_0000  0x1000'0000  0x10000000u  32'h1000_0000  'h1000_0000

Every hit prints `file:line: address literal ... - use PEGASUS_<REGION>_BASE ...` and
the script exits 1; otherwise it prints a one-line OK summary.

What is not scanned or not reported (policy set in the YAML's
`address_literal_check` section, so it sits beside the addresses it protects):
  - bases below `min_base` (the boot ROM's 0x1000 is also every 4 KiB size);
  - paths listed under `exempt` (the map's own tests in tests/tools/); scripts/ and
    doc/ are outside the scanned folders, and the YAML itself is skipped;
  - files whose first lines carry the generator's "@generated" marker;
  - literals that are operands of a bitwise operator (& | ^ ~): those are masks,
    such as the CRC code's `crc & 0x80000000u`, not addresses;
  - lines containing the `waiver` text, for any other constant that equals a base
    by coincidence;
  - build output folders (obj_dir, build) and hidden folders.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

sys.dont_write_bytecode = True  # keep scripts/ free of __pycache__
sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen_memory_map as memory_map  # noqa: E402  (needs the path above)

SCAN_DIRS = ("rtl", "sim_cpp", "firmware", "kernel", "host", "pfs", "tests")
EXTENSIONS = {".v", ".sv", ".vh", ".svh", ".h", ".hh", ".cc", ".cpp", ".c", ".S", ".s",
              ".ld", ".py", ".yaml"}
SKIP_DIRS = {"obj_dir", "build", "__pycache__", "node_modules"}
MARKER_LINES = 5  # the generated marker must appear within the first lines

# A hex literal: 0x/0X prefix, or a Verilog base ('h, 32'h, 'sh) with optional
# spaces; digits may be grouped with _ (Verilog, Python) or ' (C++14); an integer
# suffix (u, l, ul, ull ...) may follow. Not part of a longer identifier or number.
LITERAL_RE = re.compile(
    r"(?<![0-9A-Za-z_])"
    r"(?:0[xX]|[0-9]*'[sS]?[hH][ \t]*)"
    r"(?P<digits>[0-9A-Fa-f][0-9A-Fa-f_']*)"
    r"(?:[uU](?:ll|LL|l|L)?|(?:ll|LL|l|L)[uU]?)?"
    r"(?![0-9A-Za-z_])")
# A literal next to one of these is a bit mask (crc & 0x80000000u), not an address.
BITWISE_OPS = set("&|^~")


@dataclass(frozen=True)
class Hit:
    path: str
    line: int
    value: int
    region: str

    def __str__(self) -> str:
        return (f"{self.path}:{self.line}: address literal 0x{self.value:08X} "
                f"({self.region} base) \u2014 use {memory_map.PREFIX}_{self.region}_BASE "
                f"from the generated memory map")


def _is_mask_operand(line: str, start: int, end: int) -> bool:
    """True if the literal at line[start:end] is an operand of & | ^ or ~."""
    before = line[:start].rstrip(" \t(")
    after = line[end:].lstrip(" \t)")
    return before[-1:] in BITWISE_OPS or after[:1] in BITWISE_OPS


def literal_values(line: str) -> list[int]:
    """Hexadecimal literal values on a source line, minus bitwise-operator operands."""
    values = []
    for match in LITERAL_RE.finditer(line):
        if _is_mask_operand(line, match.start(), match.end()):
            continue
        digits = match.group("digits").replace("_", "").replace("'", "")
        if digits:
            values.append(int(digits, 16))
    return values


def _is_exempt(rel: str, exempt: list[str]) -> bool:
    for entry in exempt:
        prefix = entry.rstrip("/")
        if rel == prefix or rel.startswith(prefix + "/"):
            return True
    return False


def source_files(root: Path, exempt: list[str], skip: Path) -> list[Path]:
    """Source files under the scanned folders, sorted, minus exemptions."""
    found = []
    for top in SCAN_DIRS:
        for dirpath, dirnames, filenames in os.walk(root / top):
            dirnames[:] = sorted(d for d in dirnames
                                 if d not in SKIP_DIRS and not d.startswith("."))
            for name in sorted(filenames):
                path = Path(dirpath) / name
                rel = path.relative_to(root).as_posix()
                if path.suffix not in EXTENSIONS or _is_exempt(rel, exempt):
                    continue
                if path.resolve() == skip:
                    continue
                found.append(path)
    return found


def _is_generated(lines: list[str]) -> bool:
    return any(memory_map.GENERATED_MARKER in line for line in lines[:MARKER_LINES])


def scan_file(path: Path, rel: str, bases: dict[int, str], waiver: str) -> list[Hit]:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    if _is_generated(lines):
        return []
    hits = []
    for number, line in enumerate(lines, start=1):
        if waiver and waiver in line:
            continue
        for value in literal_values(line):
            if value in bases:
                hits.append(Hit(rel, number, value, bases[value]))
    return hits


def _parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Find region base addresses typed as literals outside the memory map.")
    parser.add_argument("--root", type=Path, default=memory_map.REPO_ROOT,
                        help="repository root to scan (default: this checkout)")
    parser.add_argument("--yaml", type=Path,
                        help="the map source (default: ROOT/rtl/soc/memory_map.yaml)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _parse_args(sys.argv[1:] if argv is None else argv)
    root = args.root.resolve()
    yaml_path = args.yaml or root / "rtl" / "soc" / "memory_map.yaml"
    try:
        mmap = memory_map.load_map(yaml_path)
    except memory_map.MapError as err:
        for message in err.messages:
            print(f"error: {message}", file=sys.stderr)
        return 1
    policy = mmap.literal_check
    bases = {r.base: r.name for r in mmap.regions if r.base >= policy.min_base}
    hits: list[Hit] = []
    files = source_files(root, policy.exempt, yaml_path.resolve())
    for path in files:
        hits.extend(scan_file(path, path.relative_to(root).as_posix(), bases, policy.waiver))
    for hit in hits:
        print(hit)
    if hits:
        print(f"check_address_literals: {len(hits)} address literal(s) in "
              f"{len({h.path for h in hits})} file(s); spell them with the generated "
              f"PEGASUS_*_BASE names (or add `{policy.waiver}` to a line that is "
              f"not an address)", file=sys.stderr)
        return 1
    print(f"check_address_literals: OK ({len(files)} files under "
          f"{', '.join(d + '/' for d in SCAN_DIRS)} checked for {len(bases)} region bases)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
