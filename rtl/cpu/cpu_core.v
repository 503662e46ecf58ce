`default_nettype none
// cpu_core: the Pegasus RV32IM + Zicsr processor, machine and user modes, with the
// standard traps and interrupts of the privileged architecture (see rtl/cpu/README.md).
//
// Pipeline (three stages, in order):
//   F  fetch: the fetch address goes out on the instruction port; at most one fetch is
//      outstanding, and a new one leaves in the cycle the previous one is answered.
//   X  execute: the answered instruction (straight from the bus, or from the one-entry
//      buffer ibuf when X was stalled) is decoded, reads the register file, computes,
//      resolves branches and jumps, accesses CSRs, takes traps and interrupts, starts
//      loads and stores on the data port, and writes its result to the register file.
//   W  memory: waits for the data port's answer; loads write the register file here.
// A taken branch or jump redirects the fetch address in the same cycle, so with
// memories answering in one cycle it costs nothing; a load followed by a user of its
// result costs one cycle; DIV/REM take 34 cycles (cpu_divider), MUL* one.
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
  parameter integer PmpEntries = 8
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
  reg [31:0] pc_q, pc_d;            // next address to fetch
  reg        fout_q, fout_d;        // a fetch is outstanding
  reg [31:0] fout_pc_q, fout_pc_d;  // its address
  reg        fkill_q, fkill_d;      // its answer is to be dropped (redirected since)
  reg        ibuf_v_q, ibuf_v_d;    // instruction buffer (X stalled when it arrived)
  reg [31:0] ibuf_insn_q, ibuf_insn_d;
  reg [31:0] ibuf_pc_q, ibuf_pc_d;
  reg        ibuf_err_q, ibuf_err_d;

  // ------------------------------------------------------------------ W stage state
  reg        w_v_q, w_v_d;
  reg        w_load_q, w_load_d;    // load (else store)
  reg [2:0]  w_funct3_q, w_funct3_d;
  reg [4:0]  w_rd_q, w_rd_d;
  reg [31:0] w_addr_q, w_addr_d;
  reg [31:0] w_pc_q, w_pc_d;
  reg [31:0] w_insn_q, w_insn_d;
  reg [3:0]  w_sel_q, w_sel_d;
  reg [31:0] w_wdata_q, w_wdata_d;
  reg        w_fault_q, w_fault_d;  // PMP denied it: no bus access, an access fault

  // ------------------------------------------------------------------ X: the candidate
  wire        fresp   = fout_q && (ibus_ack_i || ibus_err_i);
  wire        resp_v  = fresp && !fkill_q;
  wire        x_v     = ibuf_v_q || resp_v;
  wire [31:0] insn    = ibuf_v_q ? ibuf_insn_q : ibus_dat_i;
  wire [31:0] x_pc    = ibuf_v_q ? ibuf_pc_q : fout_pc_q;
  wire        x_ferr  = ibuf_v_q ? ibuf_err_q : ibus_err_i;

  wire [6:0] opcode = insn[6:0];
  wire [4:0] rd     = insn[11:7];
  wire [2:0] funct3 = insn[14:12];
  wire [4:0] rs1    = insn[19:15];
  wire [4:0] rs2    = insn[24:20];
  wire [6:0] funct7 = insn[31:25];

  wire [31:0] imm_i = {{20{insn[31]}}, insn[31:20]};
  wire [31:0] imm_s = {{20{insn[31]}}, insn[31:25], insn[11:7]};
  wire [31:0] imm_b = {{19{insn[31]}}, insn[31], insn[7], insn[30:25], insn[11:8], 1'b0};
  wire [31:0] imm_u = {insn[31:12], 12'd0};
  wire [31:0] imm_j = {{11{insn[31]}}, insn[31], insn[19:12], insn[20], insn[30:21], 1'b0};

  wire [31:0] rs1_val;
  wire [31:0] rs2_val;

  // Decode.
  wire is_lui    = (opcode == OpLui);
  wire is_auipc  = (opcode == OpAuipc);
  wire is_jal    = (opcode == OpJal);
  wire is_jalr   = (opcode == OpJalr) && (funct3 == 3'd0);
  wire is_branch = (opcode == OpBranch) && (funct3[2:1] != 2'b01);
  wire is_load   = (opcode == OpLoad) &&
                   (funct3 == 3'd0 || funct3 == 3'd1 || funct3 == 3'd2 ||
                    funct3 == 3'd4 || funct3 == 3'd5);
  wire is_store  = (opcode == OpStore) && (funct3[2] == 1'b0) && (funct3[1:0] != 2'b11);
  wire is_opimm  = (opcode == OpImm) &&
                   ((funct3 == 3'd1) ? (funct7 == 7'd0) :
                    (funct3 == 3'd5) ? (funct7 == 7'd0 || funct7 == 7'h20) : 1'b1);
  wire is_mdu    = (opcode == OpReg) && (funct7 == 7'h01);
  wire is_mul    = is_mdu && !funct3[2];
  wire is_div    = is_mdu && funct3[2];
  wire is_opreg  = (opcode == OpReg) &&
                   ((funct7 == 7'd0) ||
                    (funct7 == 7'h20 && (funct3 == 3'd0 || funct3 == 3'd5)));
  wire is_fence  = (opcode == OpFence) && (funct3 == 3'd0);
  wire is_fencei = (opcode == OpFence) && (funct3 == 3'd1);
  wire is_ecall  = (insn == 32'h0000_0073);
  wire is_ebreak = (insn == 32'h0010_0073);
  wire is_mret   = (insn == 32'h3020_0073);
  wire is_wfi    = (insn == 32'h1050_0073);
  wire is_csr    = (opcode == OpSystem) && (funct3 != 3'd0) && (funct3 != 3'd4);
  wire known     = (insn[1:0] == 2'b11) &&
                   (is_lui || is_auipc || is_jal || is_jalr || is_branch || is_load ||
                    is_store || is_opimm || is_mdu || is_opreg || is_fence || is_fencei ||
                    is_ecall || is_ebreak || is_mret || is_wfi || is_csr);

  wire uses_rs1 = !(is_lui || is_auipc || is_jal || (is_csr && funct3[2]));
  wire uses_rs2 = is_branch || is_store || is_opreg || is_mdu;

  // ALU.
  wire        alu_imm = (opcode == OpImm);
  wire [31:0] op_b    = alu_imm ? imm_i : rs2_val;
  wire [4:0]  shamt   = op_b[4:0];
  wire [32:0] sum_sub = {1'b0, rs1_val} - {1'b0, op_b};
  wire        lt_s    = (rs1_val[31] != op_b[31]) ? rs1_val[31] : sum_sub[32];
  wire        lt_u    = sum_sub[32];
  // Arithmetic shift in its own signed expression (a ?: with unsigned operands would
  // make it logical).
  wire signed [31:0] sra_out = $signed(rs1_val) >>> shamt;
  reg  [31:0] alu_out;
  always @(*) begin
    case (funct3)
      3'd0: alu_out = (!alu_imm && funct7[5]) ? sum_sub[31:0] : rs1_val + op_b;
      3'd1: alu_out = rs1_val << shamt;
      3'd2: alu_out = {31'd0, lt_s};
      3'd3: alu_out = {31'd0, lt_u};
      3'd4: alu_out = rs1_val ^ op_b;
      3'd5: alu_out = funct7[5] ? sra_out : (rs1_val >> shamt);
      3'd6: alu_out = rs1_val | op_b;
      default: alu_out = rs1_val & op_b;
    endcase
  end

  // Multiplier: one cycle, 33 x 33 signed.
  wire        mul_a_signed = (funct3 == 3'd1) || (funct3 == 3'd2);  // MULH, MULHSU
  wire        mul_b_signed = (funct3 == 3'd1);                      // MULH
  wire signed [32:0] mul_a = {mul_a_signed & rs1_val[31], rs1_val};
  wire signed [32:0] mul_b = {mul_b_signed & rs2_val[31], rs2_val};
  wire signed [65:0] mul_p = mul_a * mul_b;
  wire [31:0] mul_out = (funct3 == 3'd0) ? mul_p[31:0] : mul_p[63:32];

  // Branches and jumps.
  reg take_branch;
  always @(*) begin
    case (funct3)
      3'd0: take_branch = (rs1_val == rs2_val);
      3'd1: take_branch = (rs1_val != rs2_val);
      3'd4: take_branch = (rs1_val[31] != rs2_val[31]) ? rs1_val[31] : sum_sub[32];
      3'd5: take_branch = !((rs1_val[31] != rs2_val[31]) ? rs1_val[31] : sum_sub[32]);
      3'd6: take_branch = sum_sub[32];
      default: take_branch = !sum_sub[32];
    endcase
  end
  wire [31:0] jalr_sum    = rs1_val + imm_i;
  wire [31:0] jump_target = is_jalr ? {jalr_sum[31:1], 1'b0} :
                            is_jal  ? x_pc + imm_j : x_pc + imm_b;
  wire        jumps       = is_jal || is_jalr || (is_branch && take_branch);
  wire [31:0] pc_plus4    = x_pc + 32'd4;

  // Loads and stores.
  wire [31:0] mem_addr = rs1_val + (is_store ? imm_s : imm_i);
  wire        misaligned = (funct3[1:0] == 2'd1) ? mem_addr[0] :
                           (funct3[1:0] == 2'd2) ? (mem_addr[1:0] != 2'b00) : 1'b0;
  reg [3:0]  mem_sel;
  reg [31:0] st_data;
  always @(*) begin
    case (funct3[1:0])
      2'd0: begin
        mem_sel  = 4'b0001 << mem_addr[1:0];
        st_data = {4{rs2_val[7:0]}};
      end
      2'd1: begin
        mem_sel  = mem_addr[1] ? 4'b1100 : 4'b0011;
        st_data = {2{rs2_val[15:0]}};
      end
      default: begin
        mem_sel  = 4'b1111;
        st_data = rs2_val;
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
  wire [8*PmpEntries-1:0]  pmp_cfg;
  wire [32*PmpEntries-1:0] pmp_addr;
  wire        pmp_fetch_ok;
  wire        pmp_data_ok;
  wire [31:0] csr_src   = funct3[2] ? {27'd0, rs1} : rs1_val;
  wire        csr_write = !funct3[1] || (rs1 != 5'd0);  // CSRRW[I] always; S/C if rs1/uimm != 0
  reg  [31:0] csr_wdata;
  always @(*) begin
    case (funct3[1:0])
      2'd1:    csr_wdata = csr_src;
      2'd2:    csr_wdata = csr_rdata | csr_src;
      default: csr_wdata = csr_rdata & ~csr_src;
    endcase
  end

  // Divider.
  wire        div_busy;
  wire        div_valid;
  wire [31:0] div_result;

  // ------------------------------------------------------------------ control
  // A PMP fault answers itself (the access never went out); it traps from W like a
  // bus error, which keeps the PMP check out of the execute stage's critical path.
  wire w_resp  = w_fault_q || dbus_ack_i || dbus_err_i;
  wire w_busy  = w_v_q && !w_resp;
  wire w_trap  = w_v_q && (w_fault_q || dbus_err_i);
  wire w_done  = w_v_q && !w_fault_q && dbus_ack_i && !dbus_err_i;
  wire load_use = w_v_q && w_load_q && (w_rd_q != 5'd0) &&
                  ((uses_rs1 && rs1 == w_rd_q) || (uses_rs2 && rs2 == w_rd_q));

  // An interrupt preempts the instruction in X; not a WFI (which retires first, so
  // that mepc points after it), not while the divider runs, not while W is unsure.
  wire irq_take = x_v && irq_pending && !(is_wfi && !x_ferr) && !div_busy &&
                  (!w_v_q || w_done);

  // Exceptions of the instruction in X, by priority.
  reg        x_exc;
  reg [31:0] x_cause;
  reg [31:0] x_tval;
  always @(*) begin
    x_exc   = 1'b1;
    x_cause = CauseIllegal;
    x_tval  = 32'd0;
    if (x_ferr || !pmp_fetch_ok) begin
      x_cause = CauseFetchFault;
      x_tval  = x_pc;
    end else if (!known || (is_csr && csr_illegal) || (is_mret && !mode_m)) begin
      x_cause = CauseIllegal;
      x_tval  = insn;
    end else if (is_ecall) begin
      x_cause = mode_m ? CauseEcallM : CauseEcallU;
    end else if (is_ebreak) begin
      x_cause = CauseBreakpoint;       // mtval 0 (allowed, and what QEMU writes)
    end else if (jumps && jump_target[1]) begin
      x_cause = CauseFetchMisaligned;
      x_tval  = jump_target;
    end else if ((is_load || is_store) && misaligned) begin
      x_cause = is_load ? CauseLoadMisaligned : CauseStoreMisaligned;
      x_tval  = mem_addr;
    end else begin
      x_exc = 1'b0;
    end
  end

  // X stalls: W has not answered; the loaded value is not yet written; WFI asleep;
  // the divider has not finished.
  wire x_wait_base = w_busy || load_use;
  wire x_wait_wfi  = is_wfi && !x_ferr && !wake;
  wire x_wait_div  = is_div && !x_ferr && !div_valid;
  wire x_go        = x_v && !w_trap && !irq_take && !x_wait_base;
  wire x_trap      = x_go && x_exc;          // X takes its exception
  wire x_fire      = x_go && !x_exc && !x_wait_wfi && !x_wait_div;
  wire div_req     = x_go && !x_exc && is_div && !div_busy;

  wire x_mem  = is_load || is_store;
  wire x_wb   = is_lui || is_auipc || is_jal || is_jalr || is_opimm || is_opreg ||
                is_mdu || is_csr;
  reg [31:0] x_result;
  always @(*) begin
    if (is_lui)                 x_result = imm_u;
    else if (is_auipc)          x_result = x_pc + imm_u;
    else if (is_jal || is_jalr) x_result = pc_plus4;
    else if (is_csr)            x_result = csr_rdata;
    else if (is_mul)            x_result = mul_out;
    else if (is_div)            x_result = div_result;
    else                        x_result = alu_out;
  end

  // Traps: from W (access fault) before X; then an interrupt; then X's exception.
  wire        trap      = w_trap || irq_take || x_trap;
  wire [31:0] trap_cause = w_trap   ? (w_load_q ? CauseLoadFault : CauseStoreFault) :
                           irq_take ? irq_cause : x_cause;
  wire [31:0] trap_pc    = w_trap ? w_pc_q : x_pc;
  wire [31:0] trap_tval  = w_trap ? w_addr_q : (irq_take ? 32'd0 : x_tval);
  wire        x_mret     = x_fire && is_mret;

  wire        redirect    = trap || x_mret || (x_fire && (jumps || is_fencei));
  wire [31:0] redirect_pc = trap ? trap_target :
                            x_mret ? mepc :
                            (x_fire && is_fencei) ? pc_plus4 : jump_target;

  // ------------------------------------------------------------------ fetch control
  reg        fetch_go;
  reg [31:0] fetch_adr;
  always @(*) begin
    // Instruction buffer.
    ibuf_v_d    = ibuf_v_q;
    ibuf_insn_d = ibuf_insn_q;
    ibuf_pc_d   = ibuf_pc_q;
    ibuf_err_d  = ibuf_err_q;
    if (redirect) begin
      ibuf_v_d = 1'b0;
    end else if (ibuf_v_q) begin
      ibuf_v_d = !x_fire;
    end else if (resp_v && !x_fire) begin
      ibuf_v_d    = 1'b1;
      ibuf_insn_d = ibus_dat_i;
      ibuf_pc_d   = fout_pc_q;
      ibuf_err_d  = ibus_err_i;
    end
    // Next request.
    fetch_adr = redirect ? redirect_pc : pc_q;
    fetch_go  = (!fout_q || fresp) && !ibuf_v_d;
    pc_d      = fetch_adr;
    fout_d    = fout_q && !fresp;
    fout_pc_d = fout_pc_q;
    fkill_d   = fkill_q;
    if (fresp) fkill_d = 1'b0;
    if (redirect && fout_q && !fresp) fkill_d = 1'b1;
    if (fetch_go) begin
      pc_d      = fetch_adr + 32'd4;
      fout_d    = 1'b1;
      fout_pc_d = fetch_adr;
      fkill_d   = 1'b0;
    end
  end

  assign ibus_cyc_o = fetch_go || fout_q;
  assign ibus_stb_o = fetch_go;
  assign ibus_adr_o = {fetch_adr[31:2], 2'b00};

  // ------------------------------------------------------------------ data port, W
  wire d_go = x_fire && x_mem;
  assign dbus_cyc_o = (d_go && pmp_data_ok) || (w_v_q && !w_fault_q);
  assign dbus_stb_o = d_go && pmp_data_ok;
  assign dbus_we_o  = is_store;
  assign dbus_adr_o = {mem_addr[31:2], 2'b00};
  assign dbus_sel_o = mem_sel;   // loads select their bytes too (read side effects)
  assign dbus_dat_o = st_data;

  always @(*) begin
    w_v_d      = w_v_q && !w_resp;
    w_load_d   = w_load_q;
    w_funct3_d = w_funct3_q;
    w_rd_d     = w_rd_q;
    w_addr_d   = w_addr_q;
    w_pc_d     = w_pc_q;
    w_insn_d   = w_insn_q;
    w_sel_d    = w_sel_q;
    w_wdata_d  = w_wdata_q;
    w_fault_d  = w_fault_q;
    if (d_go) begin
      w_fault_d  = !pmp_data_ok;
      w_v_d      = 1'b1;
      w_load_d   = is_load;
      w_funct3_d = funct3;
      w_rd_d     = is_load ? rd : 5'd0;
      w_addr_d   = mem_addr;
      w_pc_d     = x_pc;
      w_insn_d   = insn;
      w_sel_d    = dbus_sel_o;
      w_wdata_d  = st_data;
    end
  end

  // Load alignment and extension.
  reg [31:0] load_val;
  wire [31:0] ld_shifted = dbus_dat_i >> {w_addr_q[1:0], 3'b000};
  always @(*) begin
    case (w_funct3_q)
      3'd0: load_val = {{24{ld_shifted[7]}}, ld_shifted[7:0]};
      3'd1: load_val = {{16{ld_shifted[15]}}, ld_shifted[15:0]};
      3'd4: load_val = {24'd0, ld_shifted[7:0]};
      3'd5: load_val = {16'd0, ld_shifted[15:0]};
      default: load_val = dbus_dat_i;
    endcase
  end

  // ------------------------------------------------------------------ submodules
  wire x_we = x_fire && x_wb && (rd != 5'd0);
  wire w_we = w_done && w_load_q;

  cpu_regfile u_regfile (
    .clk_i     (clk_i),
    .raddr1_i  (rs1),
    .rdata1_o  (rs1_val),
    .raddr2_i  (rs2),
    .rdata2_o  (rs2_val),
    .x_we_i    (x_we),
    .x_waddr_i (rd),
    .x_wdata_i (x_result),
    .w_we_i    (w_we),
    .w_waddr_i (w_rd_q),
    .w_wdata_i (load_val)
  );

  wire [1:0] instret_inc = {1'b0, x_fire && !x_mem} + {1'b0, w_done};

  cpu_pmp #(
    .Entries (PmpEntries)
  ) u_pmp_fetch (
    .addr_i      (x_pc),
    .mode_m_i    (mode_m),
    .access_i    (3'b100),
    .cfg_i       (pmp_cfg),
    .addr_regs_i (pmp_addr),
    .allow_o     (pmp_fetch_ok)
  );

  cpu_pmp #(
    .Entries (PmpEntries)
  ) u_pmp_data (
    .addr_i      (mem_addr),
    .mode_m_i    (mode_m),
    .access_i    (is_store ? 3'b010 : 3'b001),
    .cfg_i       (pmp_cfg),
    .addr_regs_i (pmp_addr),
    .allow_o     (pmp_data_ok)
  );

  cpu_csr #(
    .HartId     (HartId),
    .PmpEntries (PmpEntries)
  ) u_csr (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .addr_i         (insn[31:20]),
    .write_intent_i (is_csr && csr_write),
    .we_i           (x_fire && is_csr && csr_write),
    .wdata_i        (csr_wdata),
    .rdata_o        (csr_rdata),
    .illegal_o      (csr_illegal),
    .trap_i         (trap),
    .trap_cause_i   (trap_cause),
    .trap_pc_i      (trap_pc),
    .trap_tval_i    (trap_tval),
    .trap_target_o  (trap_target),
    .mret_i         (x_mret),
    .mepc_o         (mepc),
    .instret_inc_i  (instret_inc),
    .irq_timer_i    (irq_timer_i),
    .irq_software_i (irq_software_i),
    .irq_external_i (irq_external_i),
    .irq_take_o     (irq_pending),
    .irq_cause_o    (irq_cause),
    .wake_o         (wake),
    .mode_m_o       (mode_m),
    .pmp_cfg_o      (pmp_cfg),
    .pmp_addr_o     (pmp_addr)
  );

  cpu_divider u_divider (
    .clk_i    (clk_i),
    .rst_ni   (rst_ni),
    .req_i    (div_req),
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
  assign trace_x_rd_wdata_o  = x_we ? x_result : 32'd0;

  // ------------------------------------------------------------------ registers
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      pc_q        <= BootAddr;
      fout_q      <= 1'b0;
      fout_pc_q   <= 32'd0;
      fkill_q     <= 1'b0;
      ibuf_v_q    <= 1'b0;
      ibuf_insn_q <= 32'd0;
      ibuf_pc_q   <= 32'd0;
      ibuf_err_q  <= 1'b0;
      w_v_q       <= 1'b0;
      w_load_q    <= 1'b0;
      w_funct3_q  <= 3'd0;
      w_rd_q      <= 5'd0;
      w_addr_q    <= 32'd0;
      w_pc_q      <= 32'd0;
      w_insn_q    <= 32'd0;
      w_sel_q     <= 4'd0;
      w_wdata_q   <= 32'd0;
      w_fault_q   <= 1'b0;
    end else begin
      pc_q        <= pc_d;
      fout_q      <= fout_d;
      fout_pc_q   <= fout_pc_d;
      fkill_q     <= fkill_d;
      ibuf_v_q    <= ibuf_v_d;
      ibuf_insn_q <= ibuf_insn_d;
      ibuf_pc_q   <= ibuf_pc_d;
      ibuf_err_q  <= ibuf_err_d;
      w_v_q       <= w_v_d;
      w_load_q    <= w_load_d;
      w_funct3_q  <= w_funct3_d;
      w_rd_q      <= w_rd_d;
      w_addr_q    <= w_addr_d;
      w_pc_q      <= w_pc_d;
      w_insn_q    <= w_insn_d;
      w_sel_q     <= w_sel_d;
      w_wdata_q   <= w_wdata_d;
      w_fault_q   <= w_fault_d;
    end
  end

endmodule
`default_nettype wire
