#!/usr/bin/env python3
"""Write a seeded random RV32IM + Zicsr program (assembly) for lockstep against QEMU.

The program fills the registers with random and corner-case values, then runs a
random straight-line body of ALU, RV32M, load, store, CSR (mscratch), forward
branch and jump instructions, repeated --iterations times (so branches go both
ways as the values change), and ends by printing a checksum of the registers and
of its data buffer on the UART and writing PASS to the test finisher. x2 (sp), x8
(s0: the data buffer) and x9 (s1: the loop count) are reserved. Same seed, same
program. With --irq the program also enables the machine external interrupt and has a
handler that saves t0 and t1 at address 0x100 (scratch memory of the core's wait-state
test model, not of the SoC), divides two constants of its own and fails the test
(FAIL to the finisher) if the quotient is wrong (a divider still busy with the
interrupted instruction's division would answer), completes the interrupt by writing
the interrupt controller's CLAIM register and returns: the checksum must not change,
however often it runs.
"""
import argparse
import random

POOL = [1, 3, 4, 5, 6, 7] + list(range(10, 32))
CORNER = [0, 1, 0xFFFFFFFF, 0x80000000, 0x7FFFFFFF, 2, 0xFFFFFFFE, 31, 32]  # memory-map: not an address
R_OPS = ["add", "sub", "sll", "slt", "sltu", "xor", "srl", "sra", "or", "and"]
I_OPS = ["addi", "slti", "sltiu", "xori", "ori", "andi"]
SH_OPS = ["slli", "srli", "srai"]
M_OPS = ["mul", "mulh", "mulhsu", "mulhu", "div", "divu", "rem", "remu"]
LOADS = [("lb", 1), ("lbu", 1), ("lh", 2), ("lhu", 2), ("lw", 4)]
STORES = [("sb", 1), ("sh", 2), ("sw", 4)]
BRANCHES = ["beq", "bne", "blt", "bge", "bltu", "bgeu"]
BUF_BYTES = 1024
IRQ_DIVIDEND, IRQ_DIVISOR = 0xDEADBEEF, 13  # the interrupt handler's own division


def reg(r):
    return f"x{r}"


def body(rng, n):
    lines = []
    for i in range(n):
        rd, rs1, rs2 = rng.choice(POOL), rng.choice(POOL), rng.choice(POOL)
        k = rng.random()
        if k < 0.25:
            ins = f"{rng.choice(R_OPS)} {reg(rd)}, {reg(rs1)}, {reg(rs2)}"
        elif k < 0.40:
            ins = f"{rng.choice(I_OPS)} {reg(rd)}, {reg(rs1)}, {rng.randint(-2048, 2047)}"
        elif k < 0.46:
            ins = f"{rng.choice(SH_OPS)} {reg(rd)}, {reg(rs1)}, {rng.randint(0, 31)}"
        elif k < 0.49:
            ins = f"{rng.choice(['lui', 'auipc'])} {reg(rd)}, {rng.randint(0, 0xFFFFF)}"
        elif k < 0.57:
            ins = f"{rng.choice(M_OPS)} {reg(rd)}, {reg(rs1)}, {reg(rs2)}"
        elif k < 0.70:
            op, size = rng.choice(LOADS)
            off = rng.randrange(0, BUF_BYTES, size)
            ins = f"{op} {reg(rd)}, {off}(s0)"
        elif k < 0.80:
            op, size = rng.choice(STORES)
            off = rng.randrange(0, BUF_BYTES, size)
            ins = f"{op} {reg(rs2)}, {off}(s0)"
        elif k < 0.92:
            target = min(i + rng.randint(1, 5), n)
            ins = f"{rng.choice(BRANCHES)} {reg(rs1)}, {reg(rs2)}, L{target}"
        elif k < 0.95:
            target = min(i + rng.randint(1, 5), n)
            ins = f"jal {reg(rd)}, L{target}"
        else:
            op = rng.choice(["csrrw", "csrrs", "csrrc", "csrrwi", "csrrsi", "csrrci"])
            src = str(rng.randint(0, 31)) if op.endswith("i") else reg(rs1)
            ins = f"{op} {reg(rd)}, mscratch, {src}"
        lines.append(f"L{i}: {ins}")
    lines.append(f"L{n}:")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--length", type=int, default=400, help="body instructions")
    parser.add_argument("--iterations", type=int, default=25)
    parser.add_argument("--irq", action="store_true", help="take external interrupts")
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = [f"/* random_program.py --seed {args.seed} --length {args.length} "
           f"--iterations {args.iterations} */",
           '#include "pegasus/memory_map.h"',
           '  .section .text.start, "ax"', "  .globl _start", "_start:",
           "  la sp, __stack_top", "  la s0, buf", f"  li s1, {args.iterations}"]
    if args.irq:
        out += ["  la t0, irq_handler", "  csrw mtvec, t0",
                "  li t0, 0x800", "  csrw mie, t0", "  csrsi mstatus, 8"]
    for r in POOL:
        v = rng.choice(CORNER) if rng.random() < 0.3 else rng.getrandbits(32)
        out.append(f"  li {reg(r)}, {v:#x}")
    out.append("loop:")
    out += body(rng, args.length)
    out += ["  addi s1, s1, -1", "  bnez s1, loop",
            "  /* checksum: rotate-and-add over the registers and the buffer */",
            "  li a0, 0"]
    for r in POOL:
        if r == 10:
            continue
        out += ["  slli t6, a0, 5", "  srli a0, a0, 27", "  or a0, a0, t6",
                f"  add a0, a0, {reg(r)}"] if r != 31 else [f"  xor a0, a0, x31"]
    out += ["  li t0, 0", f"  li t1, {BUF_BYTES}",
            "1: add t2, s0, t0", "  lw t2, 0(t2)",
            "  slli t6, a0, 5", "  srli a0, a0, 27", "  or a0, a0, t6", "  add a0, a0, t2",
            "  addi t0, t0, 4", "  bltu t0, t1, 1b",
            "  /* print a0 in hex on the UART (THR; THRE is always set on QEMU and pegasus-sim) */",
            "  li t0, PEGASUS_UART_BASE", "  li t1, 28",
            "2: srl t2, a0, t1", "  andi t2, t2, 15", "  li t3, 10", "  blt t2, t3, 3f",
            "  addi t2, t2, 39", "3: addi t2, t2, 48", "  sb t2, 0(t0)",
            "  addi t1, t1, -4", "  bgez t1, 2b",
            "  li t2, 10", "  sb t2, 0(t0)",
            "  li t0, PEGASUS_TEST_FINISHER_BASE",
            "  li t1, PEGASUS_TEST_FINISHER_FINISH_STATUS_PASS", "  sw t1, 0(t0)",
            "4: j 4b"]
    if args.irq:
        out += ["irq_handler:", "  sw t0, 0x100(zero)", "  sw t1, 0x104(zero)",
                f"  li t0, {IRQ_DIVIDEND:#x}", f"  li t1, {IRQ_DIVISOR}", "  divu t0, t0, t1",
                f"  li t1, {IRQ_DIVIDEND // IRQ_DIVISOR:#x}", "  bne t0, t1, irq_bad",
                "  li t0, PEGASUS_INTC_CLAIM_ADDR", "  sw zero, 0(t0)",
                "  lw t1, 0x104(zero)", "  lw t0, 0x100(zero)", "  mret",
                "irq_bad:", "  li t0, PEGASUS_TEST_FINISHER_BASE",
                "  li t1, PEGASUS_TEST_FINISHER_FINISH_STATUS_FAIL", "  sw t1, 0(t0)",
                "5: j 5b"]
    out += ["  .data", "  .align 4", "buf:"]
    for _ in range(BUF_BYTES // 4):
        out.append(f"  .word {rng.getrandbits(32):#x}")
    with open(args.output, "w") as f:
        f.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
