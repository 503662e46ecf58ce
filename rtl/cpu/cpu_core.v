`default_nettype none
// cpu_core: the Pegasus RV32IM + Zicsr processor, machine and user modes, with the
// standard traps and interrupts of the privileged architecture (see rtl/cpu/README.md).
//
// Pipeline (four stages, in order):
//   F  fetch: the fetch address goes out on the instruction port; at most one fetch is
//      outstanding, and a new one leaves in the cycle the previous one is answered.
//   D  decode: the answered instruction (from the bus, or from the one-entry buffer
//      ibuf when X did not advance) presents its register numbers to the register file
//      (block RAM, read at the clock edge), is decoded (its class registered for X),
//      has its fetch checked by PMP, and forms pc + 4 and the branch/JAL/AUIPC target.
//   X  execute: takes its operands (register file, or W's result forwarded),
//      computes, resolves branches and jumps, accesses CSRs, takes traps and
//      interrupts, and starts loads and stores on the data port.
//   W  write: waits for the data port's answer (loads and stores); writes the register
//      file, one result a cycle (a load's, or the value X computed); applies the CSR
//      write, trap entry or MRET that X decided (cpu_csr, a cycle after X).
// JAL and backward branches are predicted taken: D sends the fetch to their target
// as the instruction arrives, so they cost nothing when right. X redirects the fetch
// for JALR and for a branch that goes against its prediction, which costs one cycle
// (the instruction in D is dropped); a load followed by a user of its result costs one
// cycle; MUL* take 2 cycles (cpu_mul_dsp; with MulDsp 0, cpu_multiplier: 2 to 6 by
// the size of rs2), DIV/REM 37 (cpu_divider, which takes the request a cycle late).
// Throughput: one instruction per cycle on straight code.
//
// Buses: Wishbone B4 pipelined, 32-bit, byte selects, one master each: the instruction
// port (read only) and the data port. Addresses are byte addresses with bits 1:0 zero.
// Assumptions: STALL is always low (every slave takes a request in the cycle it is
// offered, as the SoC's point-to-point interconnect does), and ACK/ERR come from
// registers, at least one cycle after the request (the core's strobes depend on them
// combinationally). ERR on the instruction port raises an instruction access fault,
// on the data port a load or store access fault.
module cpu_core #(
  // Address of the first instruction after reset.
  parameter [31:0] BootAddr = 32'd0,
  // Value of mhartid.
  parameter [31:0] HartId = 32'd0,
  // Number of PMP entries (1..16).
  parameter integer PmpEntries = 8,
  // PMP granularity G (0..20): regions are multiples of 2^(G+2) bytes; a larger G
  // compares fewer address bits and stores fewer pmpaddr bits.
  parameter integer PmpGranularity = 0,
  // Multiplier: 1 for four 16 x 16 products in DSP blocks (cpu_mul_dsp, every
  // multiply 2 cycles), 0 for the radix-4 Booth iteration in logic (cpu_multiplier,
  // 2 to 6 cycles) on parts without DSP blocks.
  parameter integer MulDsp = 1,
  // With MulDsp 1: cycles over which the DSP products are added (cpu_mul_dsp's
  // SumCycles): 1, every multiply 2 cycles; 2, 3 cycles (for slow parts).
  parameter integer MulSumCycles = 1,
  // 1: loads and stores leave on the data port from W's registers, a cycle after X
  // (address, byte lanes, data and the PMP answer registered), so that every data
  // port output is a flip-flop; X then waits a cycle for each load and store. 0: they
  // leave from X.
  parameter integer DbusFromW = 0,
  // 1: the instruction port's address and strobe come from registers, and D decodes
  // from a register: every answer joins a three-entry queue first. A 16-entry branch
  // target buffer, looked up by the fetch address, sends the next fetch to the target
  // of a JAL or backward branch it has seen there; one it does not know is redirected
  // from D (two cycles); X's redirects fetch a cycle later (three cycles). 0: D decodes
  // the answer as it arrives, and D and X send their targets in the same cycle (the
  // fetch address then depends on the arriving instruction and on X's decision).
  parameter integer FetchRegistered = 0,
  // 1 (with FetchRegistered 0): X's redirects (branches against their prediction,
  // JALR, traps, MRET, refetches) reach the fetch a cycle later, from registers, so
  // that X's branch and trap decisions end in a few flip-flops (each costs a cycle
  // more). 0: the fetch address follows them in the same cycle.
  parameter integer RedirectLate = 0,
  // 1 (with FetchRegistered 0): D's predicted jumps (JAL, backward branches) reach the
  // fetch a cycle later, from pc_q: in the cycle such an instruction arrives no fetch
  // leaves, and its target is registered as the next address to fetch (a cycle more
  // per predicted jump). So the fetch address and the port's address never depend on
  // the arriving instruction: for a SoC whose instruction memory answers from a
  // block it also addresses (the UP5K's SPRAM), the path from its read data through
  // D's target adder back to its address ends in a register. 0: D sends the fetch to
  // the target in the cycle the instruction arrives.
  parameter integer PredictLate = 0,
  // 1: PMP checks through a decision cache: the fetch port (and with DbusFromW 1 the
  // data port) keeps the kinds of access allowed in the last granule it was checked
  // in, with the mode, so that a check is one comparison of granule addresses. A
  // miss costs a cycle, in which one checker decides from registers (W's load or
  // store first, then X's fetch) and refills; a PMP write empties both caches. Meant
  // for large granules (PmpGranularity 10, 4 KiB, on the UP5K), in which code and
  // data mostly stay. 0: every check by a full checker, one for each port.
  parameter integer PmpCache = 0,
  // 1 (with PmpCache 1 and PmpGranularity >= 1): the misses' checker tests one entry a
  // cycle (cpu_pmp_serial: a miss decided by entry N costs N+3 cycles), and in M-mode,
  // while no entry is locked, every access is allowed without the caches (so M-mode
  // code never misses). For the smallest parts: one entry's comparators instead of
  // every entry's.
  parameter integer PmpSerial = 0,
  // 1: shifts go through the multiplier instead of a shifter of their own: a left
  // shift by s is the low word of a x 2^s, a right shift by s >= 1 the high word of
  // a x 2^(32-s) (unsigned for SRL, a signed for SRA; by 0, a x 1). A shift then
  // takes a cycle more than a multiply (with MulDsp, MulSumCycles + 2).
  // For the smallest parts: the barrel shifter is about 240 LUT4s on the iCE40.
  parameter integer ShiftMul = 0
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  // Instruction port.
  output wire        ibus_cyc_o,
  output wire        ibus_stb_o,
  output wire [31:0] ibus_adr_o,
  input  wire        ibus_ack_i,
  input  wire        ibus_err_i,
  input  wire [31:0] ibus_dat_i,
  // Data port.
  output wire        dbus_cyc_o,
  output wire        dbus_stb_o,
  output wire        dbus_we_o,
  output wire [31:0] dbus_adr_o,
  output wire [3:0]  dbus_sel_o,
  output wire [31:0] dbus_dat_o,
  input  wire        dbus_ack_i,
  input  wire        dbus_err_i,
  input  wire [31:0] dbus_dat_i,
  // High in every cycle in which dbus_stb_o may rise, from a register (no path from
  // this cycle's operands or PMP check): while X holds a load or store, or with
  // DbusFromW 1 in the cycle W sends one. A SoC that shares a slave port with another
  // master can give this port the slave's address and data mux on it and keep only
  // the enable on dbus_stb_o.
  output wire        dbus_mem_o,
  // Interrupt lines (level sensitive): mip.MTIP, mip.MSIP, mip.MEIP.
  input  wire        irq_timer_i,
  input  wire        irq_software_i,
  input  wire        irq_external_i,
  // Commit trace (for the simulator and the tests). In one cycle, report in this
  // order: the memory stage's retirement (w), a trap, the execute stage's retirement (x).
  output wire        trace_w_valid_o,
  output wire [31:0] trace_w_pc_o,
  output wire [31:0] trace_w_insn_o,
  output wire [4:0]  trace_w_rd_o,
  output wire [31:0] trace_w_rd_wdata_o,
  output wire        trace_w_mem_we_o,
  output wire [31:0] trace_w_mem_addr_o,
  output wire [3:0]  trace_w_mem_sel_o,
  output wire [31:0] trace_w_mem_wdata_o,
  output wire        trace_trap_valid_o,
  output wire [31:0] trace_trap_pc_o,
  output wire [31:0] trace_trap_cause_o,
  output wire [31:0] trace_trap_tval_o,
  output wire        trace_x_valid_o,
  output wire [31:0] trace_x_pc_o,
  output wire [31:0] trace_x_insn_o,
  output wire [4:0]  trace_x_rd_o,
  output wire [31:0] trace_x_rd_wdata_o
);

  // Opcodes (bits 6:0).
  localparam [6:0] OpLui    = 7'b0110111;
  localparam [6:0] OpAuipc  = 7'b0010111;
  localparam [6:0] OpJal    = 7'b1101111;
  localparam [6:0] OpJalr   = 7'b1100111;
  localparam [6:0] OpBranch = 7'b1100011;
  localparam [6:0] OpLoad   = 7'b0000011;
  localparam [6:0] OpStore  = 7'b0100011;
  localparam [6:0] OpImm    = 7'b0010011;
  localparam [6:0] OpReg    = 7'b0110011;
  localparam [6:0] OpFence  = 7'b0001111;
  localparam [6:0] OpSystem = 7'b1110011;
  // Exception codes (mcause).
  localparam [31:0] CauseFetchMisaligned = 32'd0;
  localparam [31:0] CauseFetchFault      = 32'd1;
  localparam [31:0] CauseIllegal         = 32'd2;
  localparam [31:0] CauseBreakpoint      = 32'd3;
  localparam [31:0] CauseLoadMisaligned  = 32'd4;
  localparam [31:0] CauseLoadFault       = 32'd5;
  localparam [31:0] CauseStoreMisaligned = 32'd6;
  localparam [31:0] CauseStoreFault      = 32'd7;
  localparam [31:0] CauseEcallU          = 32'd8;
  localparam [31:0] CauseEcallM          = 32'd11;

  // ------------------------------------------------------------------ fetch state
  reg [31:0] pc_q, pc_d;            // next address to fetch, or the last one fetched
  reg        pc_inc_q, pc_inc_d;    // pc_q was fetched: the next address is pc_q + 4
  reg        fout_q, fout_d;        // a fetch is outstanding
  reg [31:0] fout_pc_q, fout_pc_d;  // its address
  reg        fkill_q, fkill_d;      // its answer is to be dropped (redirected since)
  reg        redir_q;               // RedirectLate: X redirected last cycle,
  reg [31:0] redir_pc_q;            // to this address
  reg        ibuf_v_q, ibuf_v_d;    // instruction buffer (X did not advance when it came)
  reg [31:0] ibuf_insn_q, ibuf_insn_d;
  reg [31:0] ibuf_pc_q, ibuf_pc_d;
  reg        ibuf_err_q, ibuf_err_d;
  // FetchRegistered: a queue of three answered fetches, oldest in fq0 (D's
  // instruction), each {BTB target, BTB taken, ERR, pc, instruction}; D's prediction
  // has been applied to fq0 (d_seen_q); the branch target buffer (valid bit, fetch
  // address bits 31:6, target bits 31:2, indexed by address bits 5:2); the outstanding
  // fetch's BTB answer (fout_btb_q: the next fetch went to fout_btgt_q).
  localparam integer FqW = 96;
  reg [FqW-1:0] fq0_q, fq0_d, fq1_q, fq1_d, fq2_q, fq2_d;
  reg [2:0]     fq_v_q, fq_v_d;
  reg           d_seen_q, d_seen_d;
  reg [15:0]    btb_valid_q, btb_valid_d;
  reg [25:0]    btb_tag_q [0:15];
  reg [29:0]    btb_tgt_q [0:15];
  reg           btb_we;
  reg           fout_btb_q, fout_btb_d;
  reg [29:0]    fout_btgt_q, fout_btgt_d;

  // ------------------------------------------------------------------ X stage state
  reg        x_v_q, x_v_d;
  reg        late_dep_q, late_dep_d;   // see late_use
  reg [31:0] x_insn_q, x_insn_d;    // the instruction in X
  reg [31:0] x_pc_q, x_pc_d;
  reg        x_ferr_q, x_ferr_d;    // its fetch was answered with ERR
  reg        x_fok_q, x_fok_d;      // PMP allows its fetch (checked in D)
  reg        x_fmiss_q, x_fmiss_d;  // PmpCache: the fetch check is still to be made
  // A branch whose target is misaligned (bit 1 set, from D) traps if taken. It spends
  // one cycle in X deciding, so that the branch comparison does not feed X's trap
  // and stall logic: x_bdone_q marks that cycle done, x_btaken_q holds the outcome.
  reg        x_bmis_q, x_bmis_d;
  reg        x_bdone_q, x_bdone_d;
  reg        x_btaken_q, x_btaken_d;
  reg [31:0] x_target_q, x_target_d;  // pc + immediate (JAL, branch, AUIPC), from D
  reg [31:0] x_pc4_q, x_pc4_d;      // pc + 4, from D

  // ------------------------------------------------------------------ W stage state
  reg        w_v_q, w_v_d;
  reg        w_mem_q, w_mem_d;      // load or store (else it only writes rd)
  reg        w_load_q, w_load_d;    // load (else store)
  // A load's alignment, decided as it enters W: result byte k takes bus byte j where
  // w_lane_q[4k+j] is set; the result bytes in w_fill_q are copies of the sign, the bus
  // bit 8j+7 with w_sgn_q[j] set (none for LBU, LHU and LW).
  reg [15:0] w_lane_q, w_lane_d;
  reg [3:1]  w_fill_q, w_fill_d;
  reg [3:0]  w_sgn_q, w_sgn_d;
  reg [4:0]  w_rd_q, w_rd_d;        // register written, 0 for none
  reg [31:0] w_result_q, w_result_d;  // the value of an instruction other than a load
  reg        w_late_q, w_late_d;    // SLT[I][U] or a CSR instruction: its value is w_lval_q
  reg [31:0] w_lval_q;              // x_late_val at the last edge
  reg [31:0] w_addr_q, w_addr_d;
  reg [31:0] w_pc_q, w_pc_d;
  reg [31:0] w_insn_q, w_insn_d;
  reg [3:0]  w_sel_q, w_sel_d;
  reg [31:0] w_wdata_q, w_wdata_d;
  reg        w_fault_q, w_fault_d;  // PMP denied it: no bus access, an access fault
  reg        w_miss_q, w_miss_d;    // PmpCache: its PMP check is still to be made
  reg        w_mis_q, w_mis_d;      // misaligned: no bus access, a misaligned trap
  // CSR side effects decided in X last cycle, applied by cpu_csr now (so that X's trap
  // and stall decision does not reach the CSR registers' enables): a CSR write (its
  // address, value, and whether it is mtvec), a trap (cause, pc, value), an MRET.
  // Captured every cycle (the valid bits say whether they are used).
  reg        csr_we_q;
  reg [11:0] csr_waddr_q;
  reg [31:0] csr_wdata_q;
  reg        trap_q;
  reg [31:0] trap_cause_q;
  reg [31:0] trap_pc_q;
  reg [31:0] trap_tval_q;
  reg        mret_q;

  // ------------------------------------------------------------------ D: the answer
  wire        fresp  = fout_q && (ibus_ack_i || ibus_err_i);
  wire        resp_v = fresp && !fkill_q;
  // D's instruction: with FetchRegistered the queue's oldest (every answer is queued
  // first); else the buffer's, or the answer as it arrives.
  wire        fr     = (FetchRegistered != 0);
  // RedirectLate: X's redirect is registered (redir_q); in the cycle after it, the
  // instructions then in X and D, and the fetches then outstanding, are dropped,
  // so that X's branch and trap decisions reach only that register.
  wire        lr     = (RedirectLate != 0) && !fr;
  wire        d_v    = fr ? fq_v_q[0] : (ibuf_v_q || resp_v);
  wire [31:0] d_insn = fr ? fq0_q[31:0] : ibuf_v_q ? ibuf_insn_q : ibus_dat_i;
  wire [31:0] d_pc   = fr ? fq0_q[63:32] : ibuf_v_q ? ibuf_pc_q : fout_pc_q;
  wire        d_ferr = fr ? fq0_q[64] : ibuf_v_q ? ibuf_err_q : ibus_err_i;
  wire        d_btb  = fq0_q[65];
  wire [29:0] d_btgt = fq0_q[95:66];
  // Branch, JAL and AUIPC targets are formed here, one stage early.
  wire [31:0] d_imm_b = {{19{d_insn[31]}}, d_insn[31], d_insn[7], d_insn[30:25],
                         d_insn[11:8], 1'b0};
  wire [31:0] d_imm_j = {{11{d_insn[31]}}, d_insn[31], d_insn[19:12], d_insn[20],
                         d_insn[30:21], 1'b0};
  wire [31:0] d_imm_u = {d_insn[31:12], 12'd0};
  wire [31:0] d_imm_i = {{20{d_insn[31]}}, d_insn[31:20]};
  // The immediate by the one opcode bit that tells each of these apart from the
  // others (AUIPC 0010111: bit 4; JAL 1101111: bit 2; branches 1100011), not by the
  // decoded opcode: no other instruction's target is used.
  wire [31:0] d_imm   = d_insn[4] ? d_imm_u : d_insn[2] ? d_imm_j : d_imm_b;
  wire [31:0] d_target = d_pc + d_imm;
  // Static prediction: JAL and backward branches (negative offset) are taken. D sends
  // the fetch to their target in the cycle the instruction arrives from the bus; X
  // redirects only when a branch goes the other way.
  wire        d_predict = (ibus_dat_i[6:0] == OpJal) ||
                          ((ibus_dat_i[6:0] == OpBranch) && ibus_dat_i[31]);
  // The next sequential fetch address, and (FetchRegistered) the BTB's answer for it.
  wire [31:0] seq_adr    = pc_inc_q ? pc_q + 32'd4 : pc_q;
  wire [3:0]  btb_ridx   = seq_adr[5:2];
  wire        btb_hit    = fr && btb_valid_q[btb_ridx] &&
                           (btb_tag_q[btb_ridx] == seq_adr[31:6]);
  wire [29:0] btb_rtgt   = btb_tgt_q[btb_ridx];
  wire        pmp_fetch_ok;
  wire        pmp_fetch_miss;   // PmpCache: D's fetch is not in the cache

  // Decode, in D: the instruction's class, registered for X (x_dec_q), so that X's
  // control starts from flip-flops.
  wire [6:0] d_opcode = d_insn[6:0];
  wire [2:0] d_funct3 = d_insn[14:12];
  wire [6:0] d_funct7 = d_insn[31:25];
  wire d_is_lui    = (d_opcode == OpLui);
  wire d_is_auipc  = (d_opcode == OpAuipc);
  wire d_is_jal    = (d_opcode == OpJal);
  wire d_is_jalr   = (d_opcode == OpJalr) && (d_funct3 == 3'd0);
  wire d_is_branch = (d_opcode == OpBranch) && (d_funct3[2:1] != 2'b01);
  wire d_is_load   = (d_opcode == OpLoad) &&
                     (d_funct3 == 3'd0 || d_funct3 == 3'd1 || d_funct3 == 3'd2 ||
                      d_funct3 == 3'd4 || d_funct3 == 3'd5);
  wire d_is_store  = (d_opcode == OpStore) && (d_funct3[2] == 1'b0) &&
                     (d_funct3[1:0] != 2'b11);
  wire d_is_opimm  = (d_opcode == OpImm) &&
                     ((d_funct3 == 3'd1) ? (d_funct7 == 7'd0) :
                      (d_funct3 == 3'd5) ? (d_funct7 == 7'd0 || d_funct7 == 7'h20) : 1'b1);
  wire d_is_mdu    = (d_opcode == OpReg) && (d_funct7 == 7'h01);
  wire d_is_mul    = d_is_mdu && !d_funct3[2];
  wire d_is_div    = d_is_mdu && d_funct3[2];
  wire d_is_opreg  = (d_opcode == OpReg) &&
                     ((d_funct7 == 7'd0) ||
                      (d_funct7 == 7'h20 && (d_funct3 == 3'd0 || d_funct3 == 3'd5)));
  wire d_is_fence  = (d_opcode == OpFence) && (d_funct3 == 3'd0);
  wire d_is_fencei = (d_opcode == OpFence) && (d_funct3 == 3'd1);
  wire d_is_ecall  = (d_insn == 32'h0000_0073);
  wire d_is_ebreak = (d_insn == 32'h0010_0073);
  wire d_is_mret   = (d_insn == 32'h3020_0073);
  wire d_is_wfi    = (d_insn == 32'h1050_0073);
  wire d_is_csr    = (d_opcode == OpSystem) && (d_funct3 != 3'd0) && (d_funct3 != 3'd4);
  wire d_known     = (d_insn[1:0] == 2'b11) &&
                     (d_is_lui || d_is_auipc || d_is_jal || d_is_jalr || d_is_branch ||
                      d_is_load || d_is_store || d_is_opimm || d_is_mdu || d_is_opreg ||
                      d_is_fence || d_is_fencei || d_is_ecall || d_is_ebreak || d_is_mret ||
                      d_is_wfi || d_is_csr);

  wire d_uses_rs1 = !(d_is_lui || d_is_auipc || d_is_jal || (d_is_csr && d_funct3[2]));
  wire d_uses_rs2 = d_is_branch || d_is_store || d_is_opreg || d_is_mdu;
  wire d_alu_sub  = d_is_branch || (d_funct3 == 3'd2) || (d_funct3 == 3'd3) ||
                    ((d_opcode != OpImm) && d_funct7[5]);
  wire d_x_wb     = d_is_lui || d_is_auipc || d_is_jal || d_is_jalr || d_is_opimm ||
                    d_is_opreg || d_is_mdu || d_is_csr;
  // The ALU's second operand is the immediate (OP-IMM); D predicted it taken (JAL, or
  // a backward branch); a branch goes against that prediction if its comparison
  // (equal, or less than) differs from b_inv (funct3 bit 0 inverts the condition).
  wire d_alu_imm  = (d_opcode == OpImm);
  wire d_pred     = d_is_jal || (d_is_branch && d_insn[31]);
  wire d_b_inv    = d_funct3[0] ^ d_pred;
  // Which part of X gives the result of OP and OP-IMM: the adder (ADD, SUB), the
  // comparison (SLT[U]), the shifter; and whether a comparison is signed (SLT and
  // BLT/BGE).
  wire d_alu      = d_is_opimm || d_is_opreg;
  wire d_r_add    = d_alu && (d_funct3 == 3'd0);
  wire d_r_lt     = d_alu && (d_funct3[2:1] == 2'b01);
  wire d_r_sh     = d_alu && (d_funct3[1:0] == 2'b01);
  wire d_signed   = d_is_branch ? !d_funct3[1] : !d_funct3[0];
  localparam integer DecBits = 25;
  wire [DecBits-1:0] d_dec = {d_is_lui, d_is_auipc, d_is_jal, d_is_jalr, d_is_branch,
                              d_is_load, d_is_store, d_is_mul, d_is_div, d_is_fencei,
                              d_is_ecall, d_is_ebreak, d_is_mret, d_is_wfi, d_is_csr,
                              d_known, d_alu_sub, d_x_wb,
                              d_alu_imm, d_pred, d_b_inv, d_r_add, d_r_lt, d_r_sh,
                              d_signed};

  // ------------------------------------------------------------------ X: decode
  wire [31:0] insn = x_insn_q;
  wire [31:0] x_pc = x_pc_q;
  wire [4:0] rd     = insn[11:7];
  wire [2:0] funct3 = insn[14:12];
  wire [4:0] rs1    = insn[19:15];
  wire [4:0] rs2    = insn[24:20];
  wire       sra    = insn[30];     // funct7[5]: SRA/SRAI (SUB is in alu_sub)

  wire [31:0] imm_i = {{20{insn[31]}}, insn[31:20]};
  wire [31:0] imm_s = {{20{insn[31]}}, insn[31:25], insn[11:7]};
  wire [31:0] imm_u = {insn[31:12], 12'd0};

  // X's decode, from D (see d_dec).
  reg  [DecBits-1:0] x_dec_q, x_dec_d;
  wire is_lui, is_auipc, is_jal, is_jalr, is_branch, is_load, is_store, is_mul, is_div;
  wire is_fencei, is_ecall, is_ebreak, is_mret, is_wfi, is_csr, known;
  wire alu_sub, x_wb, alu_imm, predicted, b_inv, r_add, r_lt, r_sh, signed_cmp;
  assign {is_lui, is_auipc, is_jal, is_jalr, is_branch, is_load, is_store, is_mul, is_div,
          is_fencei, is_ecall, is_ebreak, is_mret, is_wfi, is_csr, known, alu_sub, x_wb,
          alu_imm, predicted, b_inv, r_add, r_lt, r_sh, signed_cmp} = x_dec_q;

  // ------------------------------------------------------------------ X: operands
  // The register file is read at the edge the instruction enters X (and again at each
  // edge while it waits), but its block RAM does not have the value written at that
  // edge, nor X's result leaving at it. Those are loaded then into a flip-flop per
  // operand (early*_q): X's result if the instruction leaving X writes the register
  // (fwd*_d), else the value W writes at that edge, or zero for x0 (the register file
  // says when its array's data are not the register's, rf_stale*). A load's value,
  // and an SLT's or a CSR instruction's (w_late_q), is not forwarded from X (W has
  // it): their user waits (late_use).
  // The ALU's second operand has a flip-flop of its own (earlyb_q), loaded with the
  // immediate instead for an instruction that takes one. Each operand is a mux
  // between the register file's block RAM, whose data come late, and its flip-flop,
  // selected by one flip-flop of its own (use*_q: the flip-flop's value, not the
  // array's), one LUT from the adder.
  reg         use1_q, use2_q, useb_q;
  reg  [31:0] early1_q, early2_q, earlyb_q;
  wire [31:0] rf_ram1, rf_ram2;
  wire        rf_stale1, rf_stale2;
  wire [31:0] rs1_val = use1_q ? early1_q : rf_ram1;
  wire [31:0] rs2_val = use2_q ? early2_q : rf_ram2;

  // ------------------------------------------------------------------ X: ALU
  wire [31:0] op_b    = useb_q ? earlyb_q : rf_ram2;
  wire [4:0]  shamt   = op_b[4:0];
  // One adder for ADD, SUB, SLT[I][U] and the branch comparisons, 33 bits wide: the
  // operands extended by their sign bits (signed comparisons) or zeros, so that bit 32
  // of the difference is the outcome of the comparison (lt).
  wire [32:0] a_ext   = {signed_cmp & rs1_val[31], rs1_val};
  wire [32:0] b_ext   = {signed_cmp & op_b[31], op_b};
  wire [32:0] sum     = a_ext + (b_ext ^ {33{alu_sub}}) + {32'd0, alu_sub};
  wire        lt      = sum[32];
  // One right shifter; SLL shifts the bit-reversed operand and reverses the result.
  wire        sh_left = !funct3[2];
  reg  [31:0] sh_in;
  reg  [31:0] sh_left_out;
  integer k;
  always @(*) begin
    for (k = 0; k < 32; k = k + 1) sh_in[k] = sh_left ? rs1_val[31-k] : rs1_val[k];
  end
  wire signed [32:0] sh_wide = {sra & !sh_left & rs1_val[31], sh_in};
  wire signed [32:0] sh_out  = sh_wide >>> shamt;
  always @(*) begin
    for (k = 0; k < 32; k = k + 1) sh_left_out[k] = sh_out[31-k];
  end
  wire [31:0] sh_val    = funct3[2] ? sh_out[31:0] : sh_left_out;
  // ShiftMul: the shift as a multiply (MUL by 2^s; MULHU or, for SRA, MULHSU by
  // 2^(32-s)), whose operation and second operand replace the instruction's. The
  // exponent and the choice of the low word are registered in each cycle (sh_*_q;
  // sh_armed_q: X held the same shift then, with its operands ready, x_go), and the
  // multiply starts in the cycle after the first such, so that the power of two is
  // decoded from flip-flops and not after the operand's path from the register file.
  wire        x_shmul   = ShiftMul != 0 && r_sh;
  wire        is_mulop  = is_mul || x_shmul;
  wire        sh_low    = sh_left || (shamt == 5'd0);
  wire [4:0]  sh_exp    = sh_low ? shamt : (5'd0 - shamt);
  reg  [4:0]  sh_exp_q;
  reg         sh_low_q;
  reg         sh_armed_q;
  wire [1:0]  mul_op    = !x_shmul ? funct3[1:0] :
                          sh_low_q ? 2'd0 : (sra ? 2'd2 : 2'd3);
  wire [31:0] mul_b     = x_shmul ? (32'd1 << sh_exp_q) : rs2_val;
  // XOR, OR, AND.
  wire [31:0] logic_out = !funct3[1] ? (rs1_val ^ op_b) :
                          funct3[0] ? (rs1_val & op_b) : (rs1_val | op_b);

  // Branches and jumps: branch and JAL targets come from D; JALR's from the address
  // adder below. BEQ/BNE test equality, BLT[U]/BGE[U] less than (signed unless
  // funct3 bit 1), and funct3 bit 0 inverts; a branch that goes against D's
  // prediction (predicted: JAL and backward branches) is redirected to the other
  // way, which does not depend on the comparison.
  wire        b_eq        = (rs1_val == rs2_val);
  wire        b_cond      = funct3[2] ? lt : b_eq;
  wire        take_branch = b_cond ^ funct3[0];
  // Loads, stores and JALR: rs1 + immediate.
  wire [31:0] mem_imm     = is_store ? imm_s : imm_i;
  wire [31:0] mem_addr    = rs1_val + mem_imm;
  wire [31:0] jump_target = is_jalr ? {mem_addr[31:1], 1'b0} : x_target_q;
  // X redirects for JALR and for a branch that went against its prediction (its
  // condition differs from b_inv; see redirect below); to here:
  wire [31:0] x_jump_pc   = is_jalr ? jump_target : predicted ? x_pc4_q : x_target_q;

  wire        misaligned = (funct3[1:0] == 2'd1) ? mem_addr[0] :
                           (funct3[1:0] == 2'd2) ? (mem_addr[1:0] != 2'b00) : 1'b0;
  reg [3:0]  mem_sel;
  reg [31:0] st_data;
  reg [15:0] ld_lane;   // a load's alignment (see w_lane_q)
  reg [3:1]  ld_fill;
  reg [3:0]  ld_sgn;
  always @(*) begin
    ld_lane = 16'd0;
    ld_sgn  = 4'd0;
    case (funct3[1:0])
      2'd0: begin
        mem_sel = 4'b0001 << mem_addr[1:0];
        st_data = {4{rs2_val[7:0]}};
        ld_lane[{2'd0, mem_addr[1:0]}] = 1'b1;
        ld_sgn[mem_addr[1:0]]  = !funct3[2];
        ld_fill = {3{!funct3[2]}};
      end
      2'd1: begin
        mem_sel = mem_addr[1] ? 4'b1100 : 4'b0011;
        st_data = {2{rs2_val[15:0]}};
        // Only the aligned offsets 0 and 2 reach the bus.
        ld_lane[{2'd0, mem_addr[1], 1'b0}] = 1'b1;
        ld_lane[{2'd1, mem_addr[1], 1'b1}] = 1'b1;
        ld_sgn[{mem_addr[1], 1'b1}]       = !funct3[2];
        ld_fill = {{2{!funct3[2]}}, 1'b0};
      end
      default: begin
        mem_sel = 4'b1111;
        st_data = rs2_val;
        ld_lane = 16'b1000_0100_0010_0001;
        ld_fill = 3'b000;
      end
    endcase
  end

  // CSRs.
  wire [31:0] csr_rdata;
  wire        csr_illegal;
  wire [31:0] trap_target;
  wire [31:0] mepc;
  wire        irq_pending;
  wire [31:0] irq_cause;
  wire        wake;
  wire        mode_m;
  wire        fetch_mode_m;
  wire [8*PmpEntries-1:0]  pmp_cfg;
  wire [32*PmpEntries-1:0] pmp_addr;
  wire [32*PmpEntries-1:0] pmp_mask;
  // With PmpSerial (and both ports behind the caches) the serial checker is the only
  // reader of pmpaddrN: the addresses live in block RAM, one copy for the CSR reads
  // (cpu_csr) and one, with the NAPOT masks, for the checker (cpu_pmp_serial), written
  // together from cpu_csr's pmp_we.
  localparam integer PmpAddrRam = (PmpCache != 0 && PmpSerial != 0 && DbusFromW != 0) ?
                                  1 : 0;
  wire        pmp_we;
  wire [3:0]  pmp_widx;
  wire [31:0] pmp_wdata;
  wire [31:0] pmp_wmask;
  if (PmpAddrRam == 0) begin : g_pmp_regs
    // The checkers read cpu_csr's registers; its write port is not needed.
    wire unused_ok = &{1'b0, pmp_we, pmp_widx, pmp_wdata, pmp_wmask};
  end
  wire        pmp_data_ok;      // X's load or store may go (1 if W's cache decides)
  // PmpCache with DbusFromW: the data cache's answer for W's load or store in its
  // first cycle (w_chk): it may go (ok), or the cache does not know (miss).
  wire        w_chk;
  wire        pmp_wchk_ok;
  wire        pmp_wchk_miss;
  wire [31:0] csr_src   = funct3[2] ? {27'd0, rs1} : rs1_val;
  wire        csr_write = !funct3[1] || (rs1 != 5'd0);  // CSRRW[I] always; S/C if rs1/uimm != 0
  // X's CSR by kind (cpu_csr): a write to pmpcfg or pmpaddr refetches the next
  // instruction, whose fetch D checked against the old entries; minstret[h] or
  // instret[h] is read only once the last cycle's retirements are counted.
  wire        csr_pmp;
  wire        csr_instret;
  wire        csr_wmtvec;       // the CSR write applied now is to mtvec
  wire        instret_pending;
  reg  [31:0] csr_wdata;
  always @(*) begin
    case (funct3[1:0])
      2'd1:    csr_wdata = csr_src;
      2'd2:    csr_wdata = csr_rdata | csr_src;
      default: csr_wdata = csr_rdata & ~csr_src;
    endcase
  end

  // Multiplier and divider.
  wire        mul_done;
  wire [31:0] mul_result;
  wire        div_busy;
  reg         div_req_q;            // X asked the divider last cycle
  wire        div_valid;
  wire [31:0] div_result;

  // ------------------------------------------------------------------ control
  // W: a load or store waits for the data port (a PMP fault or a misaligned address
  // answers itself: the access never went out; it traps from W like a bus error, which
  // keeps the PMP check and the address's low bits out of the execute stage's trap
  // logic); anything else leaves at once.
  wire w_resp  = !w_mem_q || w_fault_q || w_mis_q || dbus_ack_i || dbus_err_i;
  // X's instruction, unless dropped (RedirectLate, the cycle after a redirect).
  wire       x_live      = x_v_q && !(lr && redir_q);
  // PmpCache: the checker decides W's access (which has not left) before X's fetch.
  // With PmpSerial the checker takes several cycles: W's or X's miss is decided in the
  // cycle its answer comes (pmp_walk_done, for the port it was asked for).
  wire       pmp_want_w  = w_v_q && w_mem_q && w_miss_q;
  wire       pmp_want_x  = x_live && x_fmiss_q;
  wire       pmp_walk_done;
  wire       pmp_walk_port_w;
  wire       pmp_walk_w  = pmp_want_w && (PmpSerial == 0 || (pmp_walk_done && pmp_walk_port_w));
  wire       pmp_walk_x  = pmp_want_x && (PmpSerial == 0 ? !pmp_want_w :
                                          (pmp_walk_done && !pmp_walk_port_w));
  wire [2:0] pmp_walk_perm;
  wire       pmp_walk_ok = (pmp_walk_perm & (w_load_q ? 3'b001 : 3'b010)) != 3'd0;
  wire w_busy  = w_v_q && !w_resp;
  wire w_trap  = w_v_q && w_mem_q && (w_fault_q || w_mis_q || dbus_err_i);
  wire w_done  = w_v_q && w_mem_q && !w_fault_q && !w_mis_q && dbus_ack_i && !dbus_err_i;
  // X's instruction reads the register for which the instruction in W brings a late
  // value (a load's, or SLT's or a CSR instruction's): late_dep_q, registered as the
  // pair changes, when an instruction enters X (W's changes only then, or empties).
  wire late_use = w_v_q && late_dep_q;

  // An interrupt preempts the instruction in X; not a WFI (which retires first, so
  // that mepc points after it), not while the divider runs, not while W is unsure,
  // not while a CSR write is applied (it may disable the interrupt).
  wire irq_take = x_live && irq_pending && !(is_wfi && !x_ferr_q) && !div_busy &&
                  !div_req_q &&
                  !csr_we_q && (!w_v_q || !w_mem_q || w_done);

  // JALR's target (rs1 + immediate, bit 0 cleared) is misaligned if its bit 1 is
  // set: from the operands' two low bits, not through the address adder.
  wire jalr_mis = rs1_val[1] ^ imm_i[1] ^ (rs1_val[0] & imm_i[0]);

  // Exceptions of the instruction in X, by priority.
  reg        x_exc;
  reg [31:0] x_cause;
  reg [31:0] x_tval;
  always @(*) begin
    x_exc   = 1'b1;
    x_cause = CauseIllegal;
    x_tval  = 32'd0;
    if (x_ferr_q || !x_fok_q) begin
      x_cause = CauseFetchFault;
      x_tval  = x_pc;
    end else if (!known || (is_csr && csr_illegal) || (is_mret && !mode_m)) begin
      x_cause = CauseIllegal;
      x_tval  = insn;
    end else if (is_ecall) begin
      x_cause = mode_m ? CauseEcallM : CauseEcallU;
    end else if (is_ebreak) begin
      x_cause = CauseBreakpoint;       // mtval 0 (allowed, and what QEMU writes)
    end else if (is_jalr ? jalr_mis :
                 ((is_jal || (is_branch && x_bdone_q && x_btaken_q)) &&
                  x_target_q[1])) begin
      x_cause = CauseFetchMisaligned;
      x_tval  = jump_target;
    end else begin
      x_exc = 1'b0;
    end
  end

  // X stalls: W has not answered; the loaded value is not yet written; WFI asleep;
  // the multiplier or the divider has not finished; a read of minstret waits for the
  // last cycle's count; a branch to a misaligned target spends its deciding cycle.
  // Its fetch's PMP check may still be to be made (x_fmiss_q).
  // While a CSR write is applied (csr_we_q), a CSR instruction or MRET in X waits (it
  // would read the old value), and after an mtvec write anything (a trap would go to
  // the old vector).
  wire x_wait_csr  = csr_we_q && (is_csr || is_mret || csr_wmtvec);
  wire x_wait_base = w_busy || late_use || x_wait_csr || x_fmiss_q;
  wire x_wait_wfi  = is_wfi && !x_ferr_q && !wake;
  wire x_wait_div  = is_div && !x_ferr_q && !div_valid;
  wire x_wait_mul  = is_mulop && !mul_done;
  wire x_wait_cnt  = is_csr && csr_instret && instret_pending;
  wire x_wait_bmis = is_branch && x_bmis_q && !x_bdone_q;
  wire x_go        = x_live && !w_trap && !irq_take && !x_wait_base;
  wire x_trap      = x_go && x_exc;          // X takes its exception
  wire x_fire      = x_go && !x_exc && !x_wait_wfi && !x_wait_div && !x_wait_mul &&
                     !x_wait_cnt && !x_wait_bmis;
  // The divider takes X's request a cycle later, from a register (div_req_q), so that
  // X's decision does not reach its registers' enables; X asks once.
  wire div_req     = x_go && !x_exc && is_div && !div_busy && !div_req_q;
  wire mul_step    = x_go && !x_exc && is_mulop && (!x_shmul || sh_armed_q);

  wire x_mem  = is_load || is_store;
  // X's result, selected in the order its parts are ready: those from registers or
  // from shallow logic first, then the shifter's, then the adder's, each by a select
  // decoded in D. SLT[I][U]'s and a CSR instruction's values (x_late_val: the
  // comparison, the CSR read) go to W in a register of their own instead, as a load's
  // comes to W from the bus (w_late_q), so that the comparison's only paths in X are
  // to the redirect and the CSR read mux ends at a register.
  reg [31:0] x_early;
  always @(*) begin
    if (is_lui)                 x_early = imm_u;
    else if (is_auipc)          x_early = x_target_q;
    else if (is_jal || is_jalr) x_early = x_pc4_q;
    else if (is_mulop)          x_early = mul_result;
    else if (is_div)            x_early = div_result;
    else                        x_early = logic_out;
  end
  wire [31:0] x_mid      = (ShiftMul == 0 && r_sh) ? sh_val : x_early;
  wire [31:0] x_result   = r_add ? sum[31:0] : x_mid;
  wire        x_late     = r_lt || is_csr;
  wire [31:0] x_late_val = is_csr ? csr_rdata : {31'd0, lt};

  // Traps: from W (misaligned, or access fault) before X; then an interrupt; then X's
  // exception.
  wire        trap      = w_trap || irq_take || x_trap;
  wire [31:0] w_cause    = w_mis_q ? (w_load_q ? CauseLoadMisaligned : CauseStoreMisaligned) :
                                     (w_load_q ? CauseLoadFault : CauseStoreFault);
  wire [31:0] trap_cause = w_trap   ? w_cause :
                           irq_take ? irq_cause : x_cause;
  wire [31:0] trap_pc    = w_trap ? w_pc_q : x_pc;
  wire [31:0] trap_tval  = w_trap ? w_addr_q : (irq_take ? 32'd0 : x_tval);
  wire        x_mret     = x_fire && is_mret;
  wire        csr_we_d   = x_fire && is_csr && csr_write;
  wire        x_pmp_write = csr_we_d && csr_pmp;
  wire        x_refetch  = (x_fire && is_fencei) || x_pmp_write;

  // X redirects on a trap, MRET, a refetch, JALR and a branch against its prediction,
  // written so that the comparison's outcome (lt, out of the adder's carry chain, the
  // last to come) meets the rest, kept as two signals of their own, in one last LUT.
  (* keep *) wire redir_base = trap || x_mret || x_refetch ||
                               (x_fire && (is_jalr ||
                                           (is_branch && !funct3[2] && (b_eq != b_inv))));
  (* keep *) wire redir_lt   = x_fire && is_branch && funct3[2];
  wire        redirect    = redir_base || (redir_lt && (lt != b_inv));
  // Where to (only used with redirect): past a trap its vector, else chosen by the
  // instruction's class (MRET; FENCE.I and CSR writes refetch; branches and JALR).
  wire [31:0] redirect_pc = trap ? trap_target :
                            is_mret ? mepc :
                            (is_fencei || is_csr) ? x_pc4_q : x_jump_pc;
  // The redirect the fetch follows, in the cycle in which what is in X and D and
  // outstanding is dropped: X's in this cycle, or with RedirectLate last cycle's.
  wire        f_redirect  = lr ? redir_q : redirect;
  wire [31:0] f_redirect_pc = lr ? redir_pc_q : redirect_pc;
  // D's predicted jump, unless the fetch is redirected (which drops D's instruction).
  wire        d_jump      = resp_v && !ibus_err_i && d_predict;
  wire        d_redirect  = d_jump && !f_redirect;

  // D's instruction against the one W holds next cycle: X's, if it leaves now, else
  // W's own (X is empty or its instruction dropped). x_w_rd: the register X's
  // instruction writes from W, zero for none (W's w_rd_q).
  wire [4:0] x_w_rd    = (is_load || x_wb) ? rd : 5'd0;
  wire       d_dep_x   = (is_load || x_late) && (x_w_rd != 5'd0) &&
                         ((d_uses_rs1 && d_insn[19:15] == x_w_rd) ||
                          (d_uses_rs2 && d_insn[24:20] == x_w_rd));
  wire       d_dep_w   = (w_load_q || w_late_q) && (w_rd_q != 5'd0) &&
                         ((d_uses_rs1 && d_insn[19:15] == w_rd_q) ||
                          (d_uses_rs2 && d_insn[24:20] == w_rd_q));

  // ------------------------------------------------------------------ D, X and fetch
  // X takes D's instruction when it is empty or its instruction leaves.
  wire x_adv = !x_live || x_fire;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sh_exp_q   <= 5'd0;
      sh_low_q   <= 1'b0;
      sh_armed_q <= 1'b0;
    end else begin
      sh_exp_q   <= sh_exp;
      sh_low_q   <= sh_low;
      sh_armed_q <= x_shmul && !x_adv && x_go;
    end
  end
  reg        fetch_go;
  reg [31:0] fetch_adr;
  // FetchRegistered: the queue's input.
  wire [FqW-1:0] fq_in = {fout_btgt_q, fout_btb_q, ibus_err_i, fout_pc_q, ibus_dat_i};
  reg        d_act, d_fix_taken, d_fix_seq, d_fix, fq_pop;
  always @(*) begin
    // X.
    x_v_d      = x_v_q;
    x_insn_d   = insn;
    x_pc_d     = x_pc;
    x_ferr_d   = x_ferr_q;
    x_fok_d    = x_fok_q;
    x_fmiss_d  = x_fmiss_q;
    if (pmp_walk_x) begin
      x_fok_d   = pmp_walk_perm[2];
      x_fmiss_d = 1'b0;
    end
    x_dec_d    = x_dec_q;
    late_dep_d = late_dep_q;
    x_bmis_d   = x_bmis_q;
    x_bdone_d  = x_bdone_q;
    x_btaken_d = x_btaken_q;
    if (x_go && x_wait_bmis) begin
      x_bdone_d  = 1'b1;
      x_btaken_d = take_branch;
    end
    x_target_d = x_target_q;
    x_pc4_d    = x_pc4_q;
    // The contents load whenever X advances, redirected or not (a redirect only
    // clears x_v), so that the branch decision reaches one flip-flop's input, not the
    // enables of all of X's registers.
    if (x_adv) begin
      x_v_d      = d_v;
      x_insn_d   = d_insn;
      x_pc_d     = d_pc;
      x_ferr_d   = d_ferr;
      x_fok_d    = pmp_fetch_ok;
      x_fmiss_d  = pmp_fetch_miss;
      x_dec_d    = d_dec;
      late_dep_d = x_fire ? d_dep_x : d_dep_w;
      x_bmis_d   = d_target[1];
      x_bdone_d  = 1'b0;
      x_target_d = d_target;
      x_pc4_d    = d_pc + 32'd4;
    end
    if (f_redirect) x_v_d = 1'b0;
    // Instruction buffer (likewise: a redirect only clears ibuf_v).
    ibuf_v_d    = ibuf_v_q;
    ibuf_insn_d = ibuf_insn_q;
    ibuf_pc_d   = ibuf_pc_q;
    ibuf_err_d  = ibuf_err_q;
    // (With FetchRegistered the queue below holds every answer instead.)
    if (!fr && ibuf_v_q) begin
      ibuf_v_d = !x_adv;
    end else if (!fr && resp_v && !x_adv) begin
      ibuf_v_d    = 1'b1;
      ibuf_insn_d = ibus_dat_i;
      ibuf_pc_d   = fout_pc_q;
      ibuf_err_d  = ibus_err_i;
    end
    if (f_redirect) ibuf_v_d = 1'b0;
    // FetchRegistered: D's static prediction, applied once to each instruction at the
    // queue's head. Where the BTB did not send the fetch after it where the prediction
    // says (a JAL or backward branch unknown to it, or known with another target; or
    // a guess after any other instruction), everything fetched after it is dropped
    // (d_fix) and the fetch goes to the predicted address.
    d_act       = fr && fq_v_q[0] && !d_seen_q && !d_ferr && !redirect;
    d_fix_taken = d_act && d_pred && !(d_btb && d_btgt == d_target[31:2]);
    d_fix_seq   = d_act && !d_pred && d_btb;
    d_fix       = d_fix_taken || d_fix_seq;
    // The queue: X takes the head; entries after a fixed head are dropped; the answer
    // joins at the end (the fetch rule below leaves room for it).
    fq_pop = x_adv && fq_v_q[0];
    if (fq_pop) begin
      fq0_d  = fq1_q;
      fq1_d  = fq2_q;
      fq2_d  = fq2_q;
      fq_v_d = {1'b0, fq_v_q[2] && !d_fix, fq_v_q[1] && !d_fix};
    end else begin
      fq0_d  = fq0_q;
      fq1_d  = fq1_q;
      fq2_d  = fq2_q;
      fq_v_d = {fq_v_q[2] && !d_fix, fq_v_q[1] && !d_fix, fq_v_q[0]};
    end
    if (resp_v && !d_fix) begin
      if (!fq_v_d[0]) begin
        fq0_d     = fq_in;
        fq_v_d[0] = 1'b1;
      end else if (!fq_v_d[1]) begin
        fq1_d     = fq_in;
        fq_v_d[1] = 1'b1;
      end else begin
        fq2_d     = fq_in;
        fq_v_d[2] = 1'b1;
      end
    end
    if (redirect || !fr) fq_v_d = 3'b000;
    d_seen_d = fq_v_q[0] && !fq_pop && !redirect;
    pc_d        = pc_q;
    pc_inc_d    = pc_inc_q;
    fout_d      = fout_q && !fresp;
    fout_pc_d   = fout_pc_q;
    fkill_d     = fkill_q;
    fout_btb_d  = fout_btb_q;
    fout_btgt_d = fout_btgt_q;
    btb_valid_d = btb_valid_q;
    btb_we      = 1'b0;
    if (fresp) fkill_d = 1'b0;
    if (f_redirect && fout_q && !fresp) fkill_d = 1'b1;
    if (FetchRegistered == 0) begin
      // Next request. pc_q + 4 comes from a register, not after the redirect mux.
      // With PredictLate D's jump waits a cycle in pc_q instead (no fetch now).
      fetch_adr = f_redirect ? f_redirect_pc :
                  (PredictLate == 0 && d_jump) ? d_target : seq_adr;
      // After a PMP write the refetch leaves a cycle later, once the write is applied,
      // so that D checks it against the new entries (with RedirectLate it does so
      // anyway; a fetch that leaves as X redirects is dropped in the next cycle).
      fetch_go  = (!fout_q || fresp) && !ibuf_v_d && !(!lr && x_pmp_write) &&
                  !(PredictLate != 0 && d_redirect);
      if (fetch_go) begin
        pc_d      = fetch_adr;
        pc_inc_d  = 1'b1;
        fout_d    = 1'b1;
        fout_pc_d = fetch_adr;
        fkill_d   = 1'b0;
      end else if (f_redirect || d_redirect) begin
        pc_d      = (PredictLate == 0) ? fetch_adr :
                    f_redirect ? f_redirect_pc : d_target;
        pc_inc_d  = 1'b0;
      end
    end else begin
      // A fetch leaves when the queue has room for every answer still to come, even
      // if X takes nothing (the port is answered one request at a time).
      fetch_adr = seq_adr;
      fetch_go  = (!fout_q || fresp) && !fq_v_q[2] && !(fq_v_q[1] && fout_q);
      if (fetch_go) begin
        pc_d        = fetch_adr;
        pc_inc_d    = 1'b1;
        fout_d      = 1'b1;
        fout_pc_d   = fetch_adr;
        fkill_d     = 1'b0;
        fout_btb_d  = btb_hit;
        fout_btgt_d = btb_rtgt;
        if (btb_hit) begin
          pc_d     = {btb_rtgt, 2'b00};
          pc_inc_d = 1'b0;
        end
      end
      // D's fix: the fetches after its instruction are dropped, the predicted
      // address goes out next, and the BTB learns (or forgets) the instruction.
      if (d_fix) begin
        pc_d     = d_fix_taken ? d_target : d_pc + 32'd4;
        pc_inc_d = 1'b0;
        if (fetch_go) fkill_d = 1'b1;
        if (fout_q && !fresp) fkill_d = 1'b1;
        btb_we   = d_fix_taken;
        btb_valid_d[d_pc[5:2]] = d_fix_taken;
      end
      // X's redirect: the fetch leaving now is dropped, the new pc goes out next.
      if (redirect) begin
        pc_d     = redirect_pc;
        pc_inc_d = 1'b0;
        if (fetch_go) fkill_d = 1'b1;
      end
      // FENCE.I: the code may have changed.
      if (x_fire && is_fencei) btb_valid_d = 16'd0;
    end
  end

  always @(posedge clk_i) begin
    if (btb_we) begin
      btb_tag_q[d_pc[5:2]] <= d_pc[31:6];
      btb_tgt_q[d_pc[5:2]] <= d_target[31:2];
    end
  end

  assign ibus_cyc_o = fetch_go || fout_q;
  assign ibus_stb_o = fetch_go;
  assign ibus_adr_o = {fetch_adr[31:2], 2'b00};

  // ------------------------------------------------------------------ data port, W
  wire d_go = x_fire && x_mem;
  // W's load or store, sent from W's registers with DbusFromW 1; its answer awaited.
  wire w_send = w_v_q && w_mem_q && !w_fault_q && !w_miss_q && !w_mis_q;
  if (DbusFromW != 0) begin : g_dbus_w
    reg w_req_q;  // W sends its load or store this cycle (it came from X at the edge)
    always @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) w_req_q <= 1'b0;
      else         w_req_q <= (d_go && pmp_data_ok && !misaligned) ||
                              (pmp_walk_w && pmp_walk_ok);
    end
    // PmpCache: in its first cycle W's access goes only if the data cache allows it.
    wire w_hold = w_chk && !pmp_wchk_ok;
    assign dbus_cyc_o = w_send && !w_hold;
    assign dbus_stb_o = w_req_q && !w_hold;
    assign dbus_we_o  = !w_load_q;
    assign dbus_adr_o = {w_addr_q[31:2], 2'b00};
    assign dbus_sel_o = w_sel_q;
    assign dbus_dat_o = w_wdata_q;
    assign dbus_mem_o = w_req_q;
  end else begin : g_dbus_x
    assign dbus_cyc_o = (d_go && pmp_data_ok && !misaligned) || w_send;
    assign dbus_stb_o = d_go && pmp_data_ok && !misaligned;
    assign dbus_we_o  = is_store;
    assign dbus_adr_o = {mem_addr[31:2], 2'b00};
    assign dbus_sel_o = mem_sel;   // loads select their bytes too (read side effects)
    assign dbus_dat_o = st_data;
    assign dbus_mem_o = x_mem;
  end

  always @(*) begin
    w_v_d      = w_v_q && !w_resp;
    w_mem_d    = w_mem_q;
    w_load_d   = w_load_q;
    w_late_d   = w_late_q;
    w_lane_d   = w_lane_q;
    w_fill_d   = w_fill_q;
    w_sgn_d    = w_sgn_q;
    w_rd_d     = w_rd_q;
    w_result_d = w_result_q;
    w_addr_d   = w_addr_q;
    w_pc_d     = w_pc_q;
    w_insn_d   = w_insn_q;
    w_sel_d    = w_sel_q;
    w_wdata_d  = w_wdata_q;
    w_fault_d  = w_fault_q;
    w_miss_d   = w_miss_q;
    w_mis_d    = w_mis_q;
    if (w_chk) begin
      w_fault_d = !pmp_wchk_ok && !pmp_wchk_miss;
      w_miss_d  = pmp_wchk_miss;
    end
    if (pmp_walk_w) begin
      w_fault_d = !pmp_walk_ok;
      w_miss_d  = 1'b0;
    end
    if (x_fire) begin
      w_v_d      = 1'b1;
      w_mem_d    = x_mem;
      w_load_d   = is_load;
      w_late_d   = x_late;
      w_fault_d  = x_mem && !pmp_data_ok;
      w_miss_d   = 1'b0;
      w_mis_d    = x_mem && misaligned;
      w_rd_d     = x_w_rd;
      w_result_d = x_result;
    end
    if (d_go) begin
      w_lane_d   = ld_lane;
      w_fill_d   = ld_fill;
      w_sgn_d    = ld_sgn;
      w_addr_d   = mem_addr;
      w_pc_d     = x_pc;
      w_insn_d   = insn;
      w_sel_d    = mem_sel;
      w_wdata_d  = st_data;
    end
  end

  // Load alignment and extension: one AND-OR per bit from the bus to the register file,
  // its selects from W's registers.
  function automatic [7:0] lane_byte(input [3:0] lane, input [31:0] bus, input fill);
    lane_byte = ({8{lane[0]}} & bus[7:0]) | ({8{lane[1]}} & bus[15:8]) |
                ({8{lane[2]}} & bus[23:16]) | ({8{lane[3]}} & bus[31:24]) | {8{fill}};
  endfunction
  wire ld_sign = |(w_sgn_q & {dbus_dat_i[31], dbus_dat_i[23], dbus_dat_i[15], dbus_dat_i[7]});
  wire [31:0] load_val = {lane_byte(w_lane_q[15:12], dbus_dat_i, w_fill_q[3] && ld_sign),
                          lane_byte(w_lane_q[11:8], dbus_dat_i, w_fill_q[2] && ld_sign),
                          lane_byte(w_lane_q[7:4], dbus_dat_i, w_fill_q[1] && ld_sign),
                          lane_byte(w_lane_q[3:0], dbus_dat_i, 1'b0)};

  // ------------------------------------------------------------------ submodules
  // Every result is written from W, one a cycle: an answered load's, or the value an
  // instruction brought from X.
  wire x_we  = x_fire && x_wb && (rd != 5'd0);
  wire rf_we = w_v_q && (w_rd_q != 5'd0) && (w_mem_q ? w_done : 1'b1);
  // The register file is read for the instruction that is in X in the next cycle.
  wire [4:0] rf_raddr1 = x_adv ? d_insn[19:15] : rs1;
  wire [4:0] rf_raddr2 = x_adv ? d_insn[24:20] : rs2;
  // X's result goes to W and is forwarded to the next instruction (see use1_q).
  wire fwd1_d = x_we && (rd == d_insn[19:15]);
  wire fwd2_d = x_we && (rd == d_insn[24:20]);
  // The operands' flip-flop values for the next cycle: X's result if it is forwarded,
  // else what the register file bypasses (the value written at this edge) or zero.
  wire [31:0] rf_wdata = w_mem_q ? load_val : w_late_q ? w_lval_q : w_result_q;
  wire [31:0] early1_d = fwd1_d ? x_result : ((rf_raddr1 == 5'd0) ? 32'd0 : rf_wdata);
  wire [31:0] early2_d = fwd2_d ? x_result : ((rf_raddr2 == 5'd0) ? 32'd0 : rf_wdata);
  // The ALU's second operand: the immediate of the instruction in X next cycle, if it
  // takes one (OP-IMM), else as early2_d.
  wire        imm_next = x_adv ? d_alu_imm : alu_imm;
  wire [31:0] imm_val  = x_adv ? d_imm_i : imm_i;
  wire [31:0] earlyb_d = imm_next ? imm_val : early2_d;
  // Which operands come from those flip-flops next cycle rather than the array.
  wire        use1_d   = fwd1_d || rf_stale1;
  wire        use2_d   = fwd2_d || rf_stale2;
  wire        useb_d   = imm_next || use2_d;

  cpu_regfile u_regfile (
    .clk_i    (clk_i),
    .raddr1_i (rf_raddr1),
    .raddr2_i (rf_raddr2),
    .ram1_o   (rf_ram1),
    .ram2_o   (rf_ram2),
    .stale1_o (rf_stale1),
    .stale2_o (rf_stale2),
    .we_i     (rf_we),
    .waddr_i  (w_rd_q),
    .wdata_i  (rf_wdata)
  );

  wire [1:0] instret_inc = {1'b0, x_fire && !x_mem} + {1'b0, w_done};

  // PMP checkers: one for each port; or with PmpCache one on registers behind a cache
  // per port (the data port's only with DbusFromW: from X it keeps its full checker).
  if (PmpCache == 0) begin : g_pmp_fetch
    cpu_pmp #(
      .Entries     (PmpEntries),
      .Granularity (PmpGranularity)
    ) u_pmp_fetch (
      .addr_i      (d_pc),
      .mode_m_i    (fetch_mode_m),
      .access_i    (3'b100),
      .cfg_i       (pmp_cfg),
      .addr_regs_i (pmp_addr),
      .mask_i      (pmp_mask),
      .above0_i    (1'b1),
      .allow_o     (pmp_fetch_ok),
      .match_o     (),
      .below_last_o (),
      .perm_o      ()
    );
  end
  if (PmpCache == 0 || DbusFromW == 0) begin : g_pmp_data
    cpu_pmp #(
      .Entries     (PmpEntries),
      .Granularity (PmpGranularity)
    ) u_pmp_data (
      .addr_i      (mem_addr),
      .mode_m_i    (mode_m),
      .access_i    (is_store ? 3'b010 : 3'b001),
      .cfg_i       (pmp_cfg),
      .addr_regs_i (pmp_addr),
      .mask_i      (pmp_mask),
      .above0_i    (1'b1),
      .allow_o     (pmp_data_ok),
      .match_o     (),
      .below_last_o (),
      .perm_o      ()
    );
  end else begin : g_pmp_data_w
    assign pmp_data_ok = 1'b1;   // the data cache checks W's access (g_data)
  end
  if (PmpCache != 0) begin : g_pmp_cache
    // The checker decides misses from registers: W's address or X's pc, in the
    // current mode (which is theirs: a trap or MRET empties X, and none is taken while
    // W waits). Per port one entry: valid, mode, granule address, kinds allowed.
    // (The two entries are written out here rather than as one module used twice: on
    // the UP5K, where this build fills 99.6 % of the logic cells, Yosys maps that form
    // to 166 more logic cells and the core no longer fits.)
    localparam integer Lo = PmpGranularity + 2;
    reg             fc_v_q, fc_m_q, fc_x_q;
    reg [31-Lo:0]   fc_tag_q;
    // A write to pmpcfg or pmpaddr (0x3A0..0x3BF) empties both, after any refill.
    wire pmp_written = csr_we_q && (csr_waddr_q[11:5] == 7'b0011101);
    // PmpSerial: M-mode is unrestricted while no entry is locked (m_free_*).
    reg pmp_locked;
    integer n;
    always @(*) begin
      pmp_locked = 1'b0;
      for (n = 0; n < PmpEntries; n = n + 1) pmp_locked = pmp_locked | pmp_cfg[8*n+7];
    end
    wire m_free_f   = PmpSerial != 0 && fetch_mode_m && !pmp_locked;
    if (PmpSerial != 0) begin : g_serial
      // One entry a cycle; asked for W's miss first, else X's; dropped if the asking
      // instruction goes (X's, by a redirect) or the PMP registers change, and not
      // started in the cycle they change (the entry read then may be the old one).
      reg  port_w_q;
      wire busy;
      wire start = !busy && (pmp_want_w || pmp_want_x) && !pmp_written;
      cpu_pmp_serial #(
        .Entries     (PmpEntries),
        .Granularity (PmpGranularity),
        .AddrRam     (PmpAddrRam)
      ) u_pmp (
        .clk_i       (clk_i),
        .rst_ni      (rst_ni),
        .start_i     (start),
        .abort_i     (pmp_written || (port_w_q ? !pmp_want_w : !pmp_want_x)),
        .addr_i      (pmp_want_w ? w_addr_q : x_pc_q),
        .mode_m_i    (mode_m),
        .cfg_i       (pmp_cfg),
        .addr_regs_i (pmp_addr),
        .we_i        (pmp_we),
        .widx_i      (pmp_widx),
        .wdata_i     (pmp_wdata),
        .wmask_i     (pmp_wmask),
        .busy_o      (busy),
        .done_o      (pmp_walk_done),
        .perm_o      (pmp_walk_perm)
      );
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni)    port_w_q <= 1'b0;
        else if (start) port_w_q <= pmp_want_w;
      end
      assign pmp_walk_port_w = port_w_q;
    end else begin : g_parallel
      cpu_pmp #(
        .Entries     (PmpEntries),
        .Granularity (PmpGranularity)
      ) u_pmp (
        .addr_i      (pmp_walk_w ? w_addr_q : x_pc_q),
        .mode_m_i    (mode_m),
        .access_i    (3'b000),
        .cfg_i       (pmp_cfg),
        .addr_regs_i (pmp_addr),
        .mask_i      (pmp_mask),
        .above0_i    (1'b1),
        .allow_o     (),
        .match_o     (),
        .below_last_o (),
        .perm_o      (pmp_walk_perm)
      );
      assign pmp_walk_done   = 1'b1;
      assign pmp_walk_port_w = 1'b1;
    end
    wire fc_hit = fc_v_q && (fc_m_q == fetch_mode_m) && (fc_tag_q == d_pc[31:Lo]);
    assign pmp_fetch_ok   = m_free_f || (fc_hit && fc_x_q);
    assign pmp_fetch_miss = !m_free_f && !fc_hit;
    always @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        fc_v_q   <= 1'b0;
        fc_m_q   <= 1'b0;
        fc_x_q   <= 1'b0;
        fc_tag_q <= {(32 - Lo){1'b0}};
      end else begin
        if (pmp_walk_x) begin
          fc_v_q   <= 1'b1;
          fc_m_q   <= mode_m;
          fc_x_q   <= pmp_walk_perm[2];
          fc_tag_q <= x_pc_q[31:Lo];
        end
        if (pmp_written) fc_v_q <= 1'b0;
      end
    end
    if (DbusFromW != 0) begin : g_data
      // Checked in W's first cycle (chk_q), from W's address: X's path from the
      // operands through the address adder then ends at W's address register.
      reg           chk_q;
      reg           dc_v_q, dc_m_q;
      reg [1:0]     dc_rw_q;
      reg [31-Lo:0] dc_tag_q;
      wire dc_hit   = dc_v_q && (dc_m_q == mode_m) && (dc_tag_q == w_addr_q[31:Lo]);
      wire m_free_d = PmpSerial != 0 && mode_m && !pmp_locked;
      assign w_chk         = chk_q;
      assign pmp_wchk_ok   = m_free_d || (dc_hit && (w_load_q ? dc_rw_q[0] : dc_rw_q[1]));
      assign pmp_wchk_miss = !m_free_d && !dc_hit;
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          chk_q    <= 1'b0;
          dc_v_q   <= 1'b0;
          dc_m_q   <= 1'b0;
          dc_rw_q  <= 2'b00;
          dc_tag_q <= {(32 - Lo){1'b0}};
        end else begin
          chk_q <= d_go && !misaligned;
          if (pmp_walk_w) begin
            dc_v_q   <= 1'b1;
            dc_m_q   <= mode_m;
            dc_rw_q  <= pmp_walk_perm[1:0];
            dc_tag_q <= w_addr_q[31:Lo];
          end
          if (pmp_written) dc_v_q <= 1'b0;
        end
      end
    end else begin : g_data
      assign w_chk         = 1'b0;
      assign pmp_wchk_ok   = 1'b1;
      assign pmp_wchk_miss = 1'b0;
    end
  end else begin : g_pmp_full
    assign pmp_fetch_miss  = 1'b0;
    assign w_chk           = 1'b0;
    assign pmp_wchk_ok     = 1'b1;
    assign pmp_wchk_miss   = 1'b0;
    assign pmp_walk_perm   = 3'b000;
    assign pmp_walk_done   = 1'b1;
    assign pmp_walk_port_w = 1'b1;
  end

  cpu_csr #(
    .HartId         (HartId),
    .PmpEntries     (PmpEntries),
    .PmpGranularity (PmpGranularity),
    .PmpAddrRam     (PmpAddrRam)
  ) u_csr (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .addr_i         (insn[31:20]),
    .write_intent_i (is_csr && csr_write),
    .next_addr_i    (d_insn[31:20]),
    .next_load_i    (x_adv),
    .rdata_o        (csr_rdata),
    .illegal_o      (csr_illegal),
    .x_pmp_o        (csr_pmp),
    .x_instret_o    (csr_instret),
    .wmtvec_o       (csr_wmtvec),
    .we_i           (csr_we_q),
    .waddr_i        (csr_waddr_q),
    .wdata_i        (csr_wdata_q),
    .trap_i         (trap_q),
    .trap_cause_i   (trap_cause_q),
    .trap_pc_i      (trap_pc_q),
    .trap_tval_i    (trap_tval_q),
    .trap_irq_i     (!w_trap && irq_take),
    .trap_target_o  (trap_target),
    .mret_i         (mret_q),
    .mepc_o         (mepc),
    .instret_inc_i  (instret_inc),
    .instret_pending_o (instret_pending),
    .irq_timer_i    (irq_timer_i),
    .irq_software_i (irq_software_i),
    .irq_external_i (irq_external_i),
    .irq_take_o     (irq_pending),
    .irq_cause_o    (irq_cause),
    .wake_o         (wake),
    .mode_m_o       (mode_m),
    .fetch_mode_m_o (fetch_mode_m),
    .pmp_cfg_o      (pmp_cfg),
    .pmp_addr_o     (pmp_addr),
    .pmp_mask_o     (pmp_mask),
    .pmp_we_o       (pmp_we),
    .pmp_widx_o     (pmp_widx),
    .pmp_wdata_o    (pmp_wdata),
    .pmp_wmask_o    (pmp_wmask)
  );

  if (MulDsp != 0) begin : g_mul_dsp
    cpu_mul_dsp #(
      .SumCycles (MulSumCycles)
    ) u_multiplier (
      .clk_i    (clk_i),
      .rst_ni   (rst_ni),
      .step_i   (mul_step),
      .clear_i  (x_fire || trap),
      .op_i     (mul_op),
      .a_i      (rs1_val),
      .b_i      (mul_b),
      .done_o   (mul_done),
      .result_o (mul_result)
    );
  end else begin : g_mul_booth
    cpu_multiplier u_multiplier (
      .clk_i    (clk_i),
      .rst_ni   (rst_ni),
      .step_i   (mul_step),
      .clear_i  (x_fire || trap),
      .op_i     (mul_op),
      .a_i      (rs1_val),
      .b_i      (mul_b),
      .done_o   (mul_done),
      .result_o (mul_result)
    );
  end

  cpu_divider u_divider (
    .clk_i    (clk_i),
    .rst_ni   (rst_ni),
    .req_i    (div_req_q),
    .op_i     (funct3),
    .a_i      (rs1_val),
    .b_i      (rs2_val),
    .ack_i    (x_fire && is_div),
    .busy_o   (div_busy),
    .valid_o  (div_valid),
    .result_o (div_result)
  );

  // ------------------------------------------------------------------ trace
  assign trace_w_valid_o     = w_done;
  assign trace_w_pc_o        = w_pc_q;
  assign trace_w_insn_o      = w_insn_q;
  assign trace_w_rd_o        = w_load_q ? w_rd_q : 5'd0;
  assign trace_w_rd_wdata_o  = (w_load_q && w_rd_q != 5'd0) ? load_val : 32'd0;
  assign trace_w_mem_we_o    = !w_load_q;
  assign trace_w_mem_addr_o  = w_addr_q;
  assign trace_w_mem_sel_o   = w_sel_q;
  assign trace_w_mem_wdata_o = w_wdata_q;
  assign trace_trap_valid_o  = trap;
  assign trace_trap_pc_o     = trap_pc;
  assign trace_trap_cause_o  = trap_cause;
  assign trace_trap_tval_o   = trap_tval;
  assign trace_x_valid_o     = x_fire && !x_mem;
  assign trace_x_pc_o        = x_pc;
  assign trace_x_insn_o      = insn;
  assign trace_x_rd_o        = x_we ? rd : 5'd0;
  assign trace_x_rd_wdata_o  = x_we ? (x_late ? x_late_val : x_result) : 32'd0;

  // ------------------------------------------------------------------ registers
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pc_q        <= BootAddr;
      pc_inc_q    <= 1'b0;
      fout_q      <= 1'b0;
      fout_pc_q   <= 32'd0;
      fkill_q     <= 1'b0;
      redir_q     <= 1'b0;
      redir_pc_q  <= 32'd0;
      ibuf_v_q    <= 1'b0;
      ibuf_insn_q <= 32'd0;
      ibuf_pc_q   <= 32'd0;
      ibuf_err_q  <= 1'b0;
      fq0_q       <= {FqW{1'b0}};
      fq1_q       <= {FqW{1'b0}};
      fq2_q       <= {FqW{1'b0}};
      fq_v_q      <= 3'b000;
      d_seen_q    <= 1'b0;
      btb_valid_q <= 16'd0;
      fout_btb_q  <= 1'b0;
      fout_btgt_q <= 30'd0;
      x_v_q       <= 1'b0;
      late_dep_q  <= 1'b0;
      x_insn_q    <= 32'd0;
      x_pc_q      <= 32'd0;
      x_ferr_q    <= 1'b0;
      x_fok_q     <= 1'b0;
      x_fmiss_q   <= 1'b0;
      x_dec_q     <= {DecBits{1'b0}};
      x_bmis_q    <= 1'b0;
      x_bdone_q   <= 1'b0;
      x_btaken_q  <= 1'b0;
      x_target_q  <= 32'd0;
      x_pc4_q     <= 32'd0;
      w_v_q       <= 1'b0;
      w_mem_q     <= 1'b0;
      w_load_q    <= 1'b0;
      w_late_q    <= 1'b0;
      w_lval_q    <= 32'd0;
      w_lane_q    <= 16'd0;
      w_fill_q    <= 3'd0;
      w_sgn_q     <= 4'd0;
      w_rd_q      <= 5'd0;
      w_result_q  <= 32'd0;
      w_addr_q    <= 32'd0;
      w_pc_q      <= 32'd0;
      w_insn_q    <= 32'd0;
      w_sel_q     <= 4'd0;
      w_wdata_q   <= 32'd0;
      w_fault_q   <= 1'b0;
      w_miss_q    <= 1'b0;
      w_mis_q     <= 1'b0;
      use1_q       <= 1'b0;
      use2_q       <= 1'b0;
      useb_q       <= 1'b0;
      early1_q     <= 32'd0;
      early2_q     <= 32'd0;
      earlyb_q     <= 32'd0;
      csr_we_q     <= 1'b0;
      csr_waddr_q  <= 12'd0;
      csr_wdata_q  <= 32'd0;
      trap_q       <= 1'b0;
      trap_cause_q <= 32'd0;
      trap_pc_q    <= 32'd0;
      trap_tval_q  <= 32'd0;
      mret_q       <= 1'b0;
      div_req_q    <= 1'b0;
    end else begin
      pc_q        <= pc_d;
      pc_inc_q    <= pc_inc_d;
      fout_q      <= fout_d;
      fout_pc_q   <= fout_pc_d;
      fkill_q     <= fkill_d;
      redir_q     <= lr && redirect;
      if (lr) redir_pc_q <= redirect_pc;
      ibuf_v_q    <= ibuf_v_d;
      ibuf_insn_q <= ibuf_insn_d;
      ibuf_pc_q   <= ibuf_pc_d;
      ibuf_err_q  <= ibuf_err_d;
      fq0_q       <= fq0_d;
      fq1_q       <= fq1_d;
      fq2_q       <= fq2_d;
      fq_v_q      <= fq_v_d;
      d_seen_q    <= d_seen_d;
      btb_valid_q <= btb_valid_d;
      fout_btb_q  <= fout_btb_d;
      fout_btgt_q <= fout_btgt_d;
      x_v_q       <= x_v_d;
      late_dep_q  <= late_dep_d;
      x_insn_q    <= x_insn_d;
      x_pc_q      <= x_pc_d;
      x_ferr_q    <= x_ferr_d;
      x_fok_q     <= x_fok_d;
      x_fmiss_q   <= x_fmiss_d;
      x_dec_q     <= x_dec_d;
      x_bmis_q    <= x_bmis_d;
      x_bdone_q   <= x_bdone_d;
      x_btaken_q  <= x_btaken_d;
      x_target_q  <= x_target_d;
      x_pc4_q     <= x_pc4_d;
      w_v_q       <= w_v_d;
      w_mem_q     <= w_mem_d;
      w_load_q    <= w_load_d;
      w_late_q    <= w_late_d;
      w_lval_q    <= x_late_val;
      w_lane_q    <= w_lane_d;
      w_fill_q    <= w_fill_d;
      w_sgn_q     <= w_sgn_d;
      w_rd_q      <= w_rd_d;
      w_result_q  <= w_result_d;
      w_addr_q    <= w_addr_d;
      w_pc_q      <= w_pc_d;
      w_insn_q    <= w_insn_d;
      w_sel_q     <= w_sel_d;
      w_wdata_q   <= w_wdata_d;
      w_fault_q   <= w_fault_d;
      w_miss_q    <= w_miss_d;
      w_mis_q     <= w_mis_d;
      use1_q       <= use1_d;
      use2_q       <= use2_d;
      useb_q       <= useb_d;
      early1_q     <= early1_d;
      early2_q     <= early2_d;
      earlyb_q     <= earlyb_d;
      csr_we_q     <= csr_we_d;
      csr_waddr_q  <= insn[31:20];
      csr_wdata_q  <= csr_wdata;
      trap_q       <= trap;
      trap_cause_q <= trap_cause;
      trap_pc_q    <= trap_pc;
      trap_tval_q  <= trap_tval;
      mret_q       <= x_mret;
      div_req_q    <= div_req;
    end
  end

endmodule
`default_nettype wire
