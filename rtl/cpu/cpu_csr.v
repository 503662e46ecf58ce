`default_nettype none
// cpu_csr: the control and status registers of the core (Zicsr, machine and user
// modes, privileged architecture 1.12) and the privilege mode, traps and interrupts.
//
// Registers: mstatus (MIE, MPIE, MPP), mstatush (zero), misa (RV32IMU, read-only),
// mie and mip (MSIP, MTIP, MEIP; mip follows the input lines, a cycle late), mtvec
// (direct and vectored), mscratch, mepc, mcause, mtval, mcounteren (CY, IR), mcycle[h],
// minstret[h], the read-only ID registers (mvendorid, marchid, mimpid, mhartid,
// mconfigptr), pmpcfg0..3 and pmpaddr0..15 (PmpEntries entries implemented, with the
// lock bit, granularity G = PmpGranularity: pmpaddr bits G-2:0 are not stored and
// bits G-1:0 read as the privileged architecture says (bits G-2:0 ones in NAPOT mode,
// bits G-1:0 zero in OFF and TOR), and with G >= 1 NA4 is not selectable: it is
// written as OFF), the unimplemented hardware performance counters and events and
// mcountinhibit (read zero, writes ignored), and the user counters cycle[h] and
// instret[h]. Any other address, a CSR above the current privilege, a user counter not
// enabled in mcounteren, or a write to a read-only CSR is illegal (illegal_o).
//
// Timing: rdata_o is combinational from addr_i, and so is illegal_o but for whether
// the address names a CSR, which is decided from next_addr_i as the instruction enters
// X and registered (that decode is the deep part). Writes, traps and
// MRET come from the core's write stage, registered one cycle after the instruction
// decided them in X, and take effect at the next rising edge; so nothing that decides
// a trap or a stall in X reaches a CSR register's enable. One of we_i, trap_i and
// mret_i at a time. The core keeps the hazards this brings (see cpu_core): in the
// cycle a write is applied it takes no interrupt and holds CSR instructions, MRET and
// (after an mtvec write) traps; after a trap or MRET, X is empty for that cycle, and
// fetch_mode_m_o gives the mode the instruction fetched meanwhile runs in.
module cpu_csr #(
  // Value of mhartid.
  parameter [31:0] HartId = 32'd0,
  // Number of PMP entries (1..16); pmpcfg/pmpaddr of the others read zero.
  parameter integer PmpEntries = 8,
  // PMP granularity G (0..20): regions are multiples of 2^(G+2) bytes.
  parameter integer PmpGranularity = 0,
  // 1: pmpaddrN kept in a block RAM, not in flip-flops (for the serial checker, which
  // keeps a copy of its own from pmp_we_o and the write below, and reads one entry a
  // cycle): pmp_addr_o and pmp_mask_o are then zero. The CSR read of pmpaddrN reads the
  // RAM as the instruction enters X (next_addr_i), so a write is seen by a read that
  // enters X after the write's edge (a PMP write refetches the next instruction, so
  // every later read does). The RAM is not reset: pmpaddrN start at zero at
  // configuration and keep their values through a reset (the privileged architecture
  // leaves their reset value open); the pmpcfg registers, which reset to OFF, decide.
  // A read that meets a write of its entry at one edge is never used (see the RAM).
  parameter integer PmpAddrRam = 0
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  // CSR instruction in X: address, whether it writes (for illegal_o).
  input  wire [11:0] addr_i,
  input  wire        write_intent_i,
  // The instruction entering X at this edge (next_load_i), bits 31:20: whether that
  // address names a CSR is decided here, a cycle early, and registered for illegal_o.
  input  wire [11:0] next_addr_i,
  input  wire        next_load_i,
  output reg  [31:0] rdata_o,
  output reg         illegal_o,
  // X's CSR by kind: a PMP register (a write refetches the next instruction);
  // minstret[h] or instret[h] (a read waits for the count pending).
  output wire        x_pmp_o,
  output wire        x_instret_o,
  // The CSR written now (waddr_i: X's a cycle ago) is mtvec.
  output wire        wmtvec_o,
  // Write of the CSR instruction that left X last cycle: address and value (the core
  // combined rdata_o with its source for CSRRS/CSRRC).
  input  wire        we_i,
  input  wire [11:0] waddr_i,
  input  wire [31:0] wdata_i,
  // Trap entry, decided last cycle: cause (bit 31 set for interrupts), pc of the
  // trapping instruction (or of the instruction an interrupt preempts), trap value.
  input  wire        trap_i,
  input  wire [31:0] trap_cause_i,
  input  wire [31:0] trap_pc_i,
  input  wire [31:0] trap_tval_i,
  // The trap being decided now is an interrupt (vectored mode): for trap_target_o.
  input  wire        trap_irq_i,
  output wire [31:0] trap_target_o,
  // MRET, decided last cycle.
  input  wire        mret_i,
  output wire [31:0] mepc_o,
  // Instructions retired this cycle (the core can retire two: a load and a younger one).
  // minstret counts them one cycle later (which keeps the retirement logic and the
  // 64-bit increment apart); until then instret_pending_o is high, and the core holds
  // a CSR instruction that reads minstret[h] or instret[h].
  input  wire [1:0]  instret_inc_i,
  output wire        instret_pending_o,
  // Interrupt lines (level): timer, software, external.
  input  wire        irq_timer_i,
  input  wire        irq_software_i,
  input  wire        irq_external_i,
  // An interrupt is pending, enabled and permitted in the current mode; its cause.
  output wire        irq_take_o,
  output wire [31:0] irq_cause_o,
  // Some interrupt is pending and enabled in mie, whatever mstatus.MIE says (WFI).
  output wire        wake_o,
  // Current privilege mode is machine.
  output wire        mode_m_o,
  // The mode once this cycle's trap or MRET is applied: for the fetch check in D.
  output wire        fetch_mode_m_o,
  // PMP registers for the checkers (cpu_pmp), and per entry the NAPOT mask: the
  // address bits a NAPOT region compares, computed when pmpaddrN is written.
  output wire [8*PmpEntries-1:0]  pmp_cfg_o,
  output wire [32*PmpEntries-1:0] pmp_addr_o,
  output wire [32*PmpEntries-1:0] pmp_mask_o,
  // A write of pmpaddrN applied at the next edge: N, the value as stored and its NAPOT
  // mask (for a copy of the registers elsewhere, PmpAddrRam).
  output wire                     pmp_we_o,
  output wire [3:0]               pmp_widx_o,
  output wire [31:0]              pmp_wdata_o,
  output wire [31:0]              pmp_wmask_o
);

  // misa: MXL=1 (32 bit), extensions I, M and U.
  localparam [31:0] Misa = 32'h4010_1100;
  localparam [3:0] CodeMsi = 4'd3;
  localparam [3:0] CodeMti = 4'd7;
  localparam [3:0] CodeMei = 4'd11;

  reg        mode_m_q, mode_m_d;
  reg        mie_bit_q, mie_bit_d;     // mstatus.MIE
  reg        mpie_q, mpie_d;           // mstatus.MPIE
  reg        mpp_m_q, mpp_m_d;         // mstatus.MPP: 11 (1) or 00 (0)
  reg [2:0]  mie_q, mie_d;             // {MEIE, MTIE, MSIE}
  reg [31:0] mtvec_q, mtvec_d;
  reg [31:0] mscratch_q, mscratch_d;
  reg [31:0] mepc_q, mepc_d;
  reg [31:0] mcause_q, mcause_d;
  reg [31:0] mtval_q, mtval_d;
  reg [1:0]  mcounteren_q, mcounteren_d;  // {IR, CY}
  reg [63:0] mcycle_q, mcycle_d;
  reg [63:0] minstret_q, minstret_d;
  reg [1:0]  inc_q, inc_d;             // retired in the last cycle, not yet counted
  reg [8*PmpEntries-1:0]  pmpcfg_q, pmpcfg_d;
  reg [32*PmpEntries-1:0] pmpaddr_q, pmpaddr_d;
  reg [32*PmpEntries-1:0] pmpmask_q, pmpmask_d;

  // Granularity G: pmpaddr bits G-1:0 (within a granule) and bits G-2:0 (which read
  // as ones in NAPOT mode, so are not stored).
  localparam [31:0] GranuleBits = (32'd1 << PmpGranularity) - 32'd1;
  localparam [31:0] GranuleOnes = (PmpGranularity >= 2) ?
                                  ((32'd1 << (PmpGranularity - 1)) - 32'd1) : 32'd0;
  // The NAPOT mask of the value written to a pmpaddr.
  wire [31:0] napot_mask;
  cpu_pmp_napot #(
    .Granularity (PmpGranularity)
  ) u_napot (
    .addr_i (wdata_i),
    .mask_o (napot_mask)
  );
  // The mask of pmpaddr = 0 (after reset).
  localparam [31:0] ResetMask = ~((GranuleOnes << 1) | 32'd1);
  // All 16 entries' configurations as the CSRs see them (entries beyond PmpEntries
  // are 0).
  wire [127:0] cfg_all  = {{(128 - 8*PmpEntries){1'b0}}, pmpcfg_q};
  // An entry is locked; pmpaddr is also locked when the next entry is a locked TOR.
  function automatic cfg_locked(input [127:0] cfg, input integer n);
    cfg_locked = cfg[8*n+7];
  endfunction
  function automatic addr_locked(input [127:0] cfg, input integer n);
    addr_locked = cfg[8*n+7] ||
                  (n < 15 && cfg[8*(n+1)+7] && cfg[8*(n+1)+3 +: 2] == 2'd1);
  endfunction

  // A write of pmpaddrN now (N = waddr_i[3:0]): the value stored, bits G-2:0 zero.
  wire        pmpaddr_we = we_i && !trap_i && !mret_i && waddr_i[11:4] == 8'h3B &&
                           {28'd0, waddr_i[3:0]} < PmpEntries &&
                           !addr_locked(cfg_all, {28'd0, waddr_i[3:0]});
  wire [31:0] pmpaddr_wv = wdata_i & ~GranuleOnes;
  assign pmp_we_o    = pmpaddr_we;
  assign pmp_widx_o  = waddr_i[3:0];
  assign pmp_wdata_o = pmpaddr_wv;
  assign pmp_wmask_o = napot_mask;

  // pmpaddrN as the CSR reads it (N = addr_i[3:0]: X's), from the value stored: bits
  // G-2:0 ones in NAPOT mode, bits G-1:0 zero otherwise; zero for N >= PmpEntries.
  wire [31:0] pmpaddr_x;
  wire        pmpaddr_x_napot = cfg_all[8*addr_i[3:0]+4];
  wire [31:0] pmpaddr_rd = pmpaddr_x_napot ? (pmpaddr_x | GranuleOnes) :
                                             (pmpaddr_x & ~GranuleBits);
  if (PmpAddrRam == 0) begin : g_pmpaddr_ff
    wire [511:0] addr_all = {{(512 - 32*PmpEntries){1'b0}}, pmpaddr_q};
    assign pmpaddr_x = addr_all[32*addr_i[3:0] +: 32];
  end else begin : g_pmpaddr_ram
    // Bits 31:S stored (S = G-1 for G >= 2: the bits below read as the mode says).
    localparam integer S = (PmpGranularity >= 2) ? PmpGranularity - 1 : 0;
    localparam integer IdxBits = (PmpEntries > 1) ? $clog2(PmpEntries) : 1;
    // A write and a read of one entry at one edge never meet in a read that is used:
    // the read is made as an instruction enters X, and a PMP write refetches the
    // instruction after it, which enters X at least two cycles after the write's edge
    // (until then X holds a bubble). So the RAM needs no read-during-write logic
    // (no_rw_check: the block RAM's own collision behaviour is left undefined).
    (* no_rw_check *)
    reg [31:S] mem_q [0:PmpEntries-1];
    reg [31:S] rd_q;
    reg        rd_ok_q;   // X's pmpaddr index names an implemented entry
    integer i;
    initial begin
      for (i = 0; i < PmpEntries; i = i + 1) mem_q[i] = {(32 - S){1'b0}};
    end
    always @(posedge clk_i) begin
      if (pmpaddr_we) mem_q[waddr_i[IdxBits-1:0]] <= pmpaddr_wv[31:S];
      if (next_load_i) rd_q <= mem_q[next_addr_i[IdxBits-1:0]];
    end
    always @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni)          rd_ok_q <= 1'b0;
      else if (next_load_i) rd_ok_q <= {28'd0, next_addr_i[3:0]} < PmpEntries;
    end
    assign pmpaddr_x = rd_ok_q ? (32'(rd_q) << S) : 32'd0;
  end

  wire [31:0] mstatus = {19'd0, {2{mpp_m_q}}, 3'd0, mpie_q, 3'd0, mie_bit_q, 3'd0};
  // mip's interrupt bits: the lines as they were at the last edge (registered, so that
  // a device's interrupt logic and the core's decision to take it are not one path;
  // an interrupt is seen a cycle after its line rises, and a cleared one a cycle after
  // it falls).
  reg  [2:0]  mip_q;
  wire [2:0]  mip_d = {irq_external_i, irq_timer_i, irq_software_i};
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) mip_q <= 3'd0;
    else         mip_q <= mip_d;
  end
  wire [31:0] mip_word = {20'd0, mip_q[2], 3'd0, mip_q[1], 3'd0, mip_q[0], 3'd0};
  wire [31:0] mie_word = {20'd0, mie_q[2], 3'd0, mie_q[1], 3'd0, mie_q[0], 3'd0};

  // The CSRs, the one table of them: an address's source (what it reads), whether it
  // exists and whether it is a user counter (cycle, instret and their high halves,
  // which mcounteren enables for U-mode), from the address alone. D's address is
  // looked up a cycle early and registered for X: its read selects the source's value
  // by a register, and its legality starts from registers. Any address not listed is
  // illegal.
  localparam [4:0] SrcZero = 5'd0, SrcMstatus = 5'd1, SrcMisa = 5'd2, SrcMie = 5'd3,
                   SrcMtvec = 5'd4, SrcMcounteren = 5'd5, SrcMscratch = 5'd6,
                   SrcMepc = 5'd7, SrcMcause = 5'd8, SrcMtval = 5'd9, SrcMip = 5'd10,
                   SrcPmpCfg = 5'd11, SrcPmpAddr = 5'd12, SrcCycle = 5'd13,
                   SrcCycleH = 5'd14, SrcInstret = 5'd15, SrcInstretH = 5'd16,
                   SrcHartId = 5'd17;
  function automatic [6:0] csr_kind(input [11:0] a);  // {user counter, exists, source}
    casez (a)
      12'h300: csr_kind = {2'b01, SrcMstatus};
      12'h301: csr_kind = {2'b01, SrcMisa};
      12'h304: csr_kind = {2'b01, SrcMie};
      12'h305: csr_kind = {2'b01, SrcMtvec};
      12'h306: csr_kind = {2'b01, SrcMcounteren};
      12'h310: csr_kind = {2'b01, SrcZero};          // mstatush
      12'h320: csr_kind = {2'b01, SrcZero};          // mcountinhibit
      12'h340: csr_kind = {2'b01, SrcMscratch};
      12'h341: csr_kind = {2'b01, SrcMepc};
      12'h342: csr_kind = {2'b01, SrcMcause};
      12'h343: csr_kind = {2'b01, SrcMtval};
      12'h344: csr_kind = {2'b01, SrcMip};
      12'h3A0, 12'h3A1, 12'h3A2, 12'h3A3: csr_kind = {2'b01, SrcPmpCfg};
      12'h3B?: csr_kind = {2'b01, SrcPmpAddr};
      12'hB00: csr_kind = {2'b01, SrcCycle};
      12'hB02: csr_kind = {2'b01, SrcInstret};
      12'hB80: csr_kind = {2'b01, SrcCycleH};
      12'hB82: csr_kind = {2'b01, SrcInstretH};
      12'hC00: csr_kind = {2'b11, SrcCycle};
      12'hC02: csr_kind = {2'b11, SrcInstret};
      12'hC80: csr_kind = {2'b11, SrcCycleH};
      12'hC82: csr_kind = {2'b11, SrcInstretH};
      12'hF11, 12'hF12, 12'hF13, 12'hF15: csr_kind = {2'b01, SrcZero};
      12'hF14: csr_kind = {2'b01, SrcHartId};
      default:
        // mhpmcounter3..31(h) and mhpmevent3..31: implemented as zero.
        csr_kind = {1'b0, (a[11:5] == 7'b1011_000 || a[11:5] == 7'b1011_100 ||
                           a[11:5] == 7'b0011_001) && a[4:0] >= 5'd3, SrcZero};
    endcase
  endfunction
  wire [6:0] d_kind = csr_kind(next_addr_i);
  reg  [6:0] kind_q;   // X's address, looked up from next_addr_i
  wire [6:0] kind_d = next_load_i ? d_kind : kind_q;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) kind_q <= 7'd0;
    else         kind_q <= kind_d;
  end
  wire       x_exists       = kind_q[5];
  wire       x_user_counter = kind_q[6];
  wire       x_instret      = (kind_q[4:0] == SrcInstret) || (kind_q[4:0] == SrcInstretH);
  assign x_pmp_o     = (kind_q[4:0] == SrcPmpCfg) || (kind_q[4:0] == SrcPmpAddr);
  assign x_instret_o = x_instret;
  // The core registers X's CSR address as waddr_i every cycle; whether it names
  // minstret[h] or mtvec is registered here alongside, from X's look-up, so that
  // minstret's 64-bit increment and the core's wait after an mtvec write start from
  // flip-flops.
  reg        winstret_q, wmtvec_q;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      winstret_q <= 1'b0;
      wmtvec_q   <= 1'b0;
    end else begin
      winstret_q <= x_instret;
      wmtvec_q   <= (kind_q[4:0] == SrcMtvec);
    end
  end
  assign wmtvec_o = wmtvec_q;

  // Read and legality.
  always @(*) begin
    case (kind_q[4:0])
      SrcMstatus:    rdata_o = mstatus;
      SrcMisa:       rdata_o = Misa;
      SrcMie:        rdata_o = mie_word;
      SrcMtvec:      rdata_o = mtvec_q;
      SrcMcounteren: rdata_o = {29'd0, mcounteren_q[1], 1'b0, mcounteren_q[0]};
      SrcMscratch:   rdata_o = mscratch_q;
      SrcMepc:       rdata_o = mepc_q;
      SrcMcause:     rdata_o = mcause_q;
      SrcMtval:      rdata_o = mtval_q;
      SrcMip:        rdata_o = mip_word;
      SrcPmpCfg:     rdata_o = cfg_all[32*addr_i[1:0] +: 32];
      SrcPmpAddr:    rdata_o = pmpaddr_rd;
      SrcCycle:      rdata_o = mcycle_q[31:0];
      SrcCycleH:     rdata_o = mcycle_q[63:32];
      SrcInstret:    rdata_o = minstret_q[31:0];
      SrcInstretH:   rdata_o = minstret_q[63:32];
      SrcHartId:     rdata_o = HartId;
      default:       rdata_o = 32'd0;
    endcase
    illegal_o = !x_exists ||
                (!mode_m_q && addr_i[9:8] != 2'b00) ||
                (write_intent_i && addr_i[11:10] == 2'b11) ||
                (!mode_m_q && x_user_counter &&
                 !(addr_i[1] ? mcounteren_q[1] : mcounteren_q[0]));
  end

  // Interrupts: MEI > MSI > MTI.
  wire [2:0] pending = mip_q & mie_q;
  wire       globally = !mode_m_q || mie_bit_q;
  assign irq_take_o  = globally && (pending != 3'd0);
  assign irq_cause_o = {1'b1, 27'd0,
                        pending[2] ? CodeMei : (pending[0] ? CodeMsi : CodeMti)};
  assign wake_o      = (pending != 3'd0);
  // Vectored mode: interrupts go to BASE + 4 * cause. Only interrupts are vectored,
  // and the interrupt cause depends on registers and the lines alone, so the sum is
  // formed from irq_cause_o.
  wire [31:0] vector = {mtvec_q[31:2], 2'b00} + {26'd0, irq_cause_o[3:0], 2'b00};
  assign trap_target_o = (mtvec_q[0] && trap_irq_i) ? vector : {mtvec_q[31:2], 2'b00};
  assign instret_pending_o = (inc_q != 2'd0);
  assign mepc_o   = mepc_q;
  assign mode_m_o = mode_m_q;
  assign fetch_mode_m_o = trap_i || (mret_i ? mpp_m_q : mode_m_q);
  assign pmp_cfg_o  = pmpcfg_q;
  assign pmp_addr_o = (PmpAddrRam == 0) ? pmpaddr_q : {32*PmpEntries{1'b0}};
  assign pmp_mask_o = (PmpAddrRam == 0) ? pmpmask_q : {32*PmpEntries{1'b0}};

  // Retirements added to minstret this cycle: last cycle's, less the instruction that
  // writes minstret[h] now (the written value is what the next instruction reads).
  wire       write_instret = we_i && winstret_q;
  wire [1:0] inc_count = write_instret ? inc_q - 2'd1 : inc_q;

  integer e;
  always @(*) begin
    e            = 0;   // the loop variable, assigned on every path (no latch)
    mode_m_d     = mode_m_q;
    mie_bit_d    = mie_bit_q;
    mpie_d       = mpie_q;
    mpp_m_d      = mpp_m_q;
    mie_d        = mie_q;
    mtvec_d      = mtvec_q;
    mscratch_d   = mscratch_q;
    mepc_d       = mepc_q;
    mcause_d     = mcause_q;
    mtval_d      = mtval_q;
    mcounteren_d = mcounteren_q;
    mcycle_d     = mcycle_q + 64'd1;
    minstret_d   = minstret_q + {62'd0, inc_count};
    inc_d        = instret_inc_i;
    pmpcfg_d     = pmpcfg_q;
    pmpaddr_d    = pmpaddr_q;
    pmpmask_d    = pmpmask_q;
    if (trap_i) begin
      mepc_d    = {trap_pc_i[31:2], 2'b00};
      mcause_d  = trap_cause_i;
      mtval_d   = trap_tval_i;
      mpie_d    = mie_bit_q;
      mie_bit_d = 1'b0;
      mpp_m_d   = mode_m_q;
      mode_m_d  = 1'b1;
    end else if (mret_i) begin
      mode_m_d  = mpp_m_q;
      mie_bit_d = mpie_q;
      mpie_d    = 1'b1;
      mpp_m_d   = 1'b0;
    end else if (we_i) begin
      case (waddr_i)
        12'h300: begin
          mie_bit_d = wdata_i[3];
          mpie_d    = wdata_i[7];
          mpp_m_d   = (wdata_i[12:11] == 2'b11);
        end
        12'h304: mie_d = {wdata_i[11], wdata_i[7], wdata_i[3]};
        // MODE 2 and 3 are reserved: such a write is ignored (as QEMU does).
        12'h305: if (!wdata_i[1]) mtvec_d = wdata_i;
        12'h306: mcounteren_d = {wdata_i[2], wdata_i[0]};
        12'h340: mscratch_d = wdata_i;
        12'h341: mepc_d = {wdata_i[31:2], 2'b00};
        12'h342: mcause_d = wdata_i;
        12'h343: mtval_d = wdata_i;
        12'hB00: mcycle_d[31:0] = wdata_i;
        12'hB80: mcycle_d[63:32] = wdata_i;
        // The half not written keeps the count (inc_count); this cycle's
        // retirements are younger than the write and count after it.
        12'hB02: minstret_d[31:0] = wdata_i;
        12'hB82: minstret_d[63:32] = wdata_i;
        default: ;
      endcase
      // PMP: bytes of pmpcfgN; bits 6:5 read zero; R=0 W=1 is reserved (W cleared).
      for (e = 0; e < PmpEntries; e = e + 1) begin
        if ({20'd0, waddr_i} == 32'h3A0 + e / 4 && !cfg_locked(cfg_all, e)) begin
          pmpcfg_d[8*e +: 8] = {wdata_i[8*(e%4)+7], 2'b00, wdata_i[8*(e%4)+2 +: 3],
                                wdata_i[8*(e%4)+1] & wdata_i[8*(e%4)], wdata_i[8*(e%4)]};
          if (PmpGranularity >= 1 && wdata_i[8*(e%4)+3 +: 2] == 2'd2) begin
            pmpcfg_d[8*e+3 +: 2] = 2'd0;
          end
        end
        if (PmpAddrRam == 0 && pmpaddr_we && waddr_i[3:0] == e[3:0]) begin
          pmpaddr_d[32*e +: 32] = pmpaddr_wv;
          pmpmask_d[32*e +: 32] = napot_mask;
        end
      end
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      mode_m_q     <= 1'b1;
      mie_bit_q    <= 1'b0;
      mpie_q       <= 1'b0;
      mpp_m_q      <= 1'b0;   // U, as QEMU (the reset value is not specified)
      mie_q        <= 3'd0;
      mtvec_q      <= 32'd0;
      mscratch_q   <= 32'd0;
      mepc_q       <= 32'd0;
      mcause_q     <= 32'd0;
      mtval_q      <= 32'd0;
      mcounteren_q <= 2'd0;
      mcycle_q     <= 64'd0;
      minstret_q   <= 64'd0;
      inc_q        <= 2'd0;
      pmpcfg_q     <= {8*PmpEntries{1'b0}};
      pmpaddr_q    <= {32*PmpEntries{1'b0}};
      pmpmask_q    <= {PmpEntries{ResetMask}};
    end else begin
      mode_m_q     <= mode_m_d;
      mie_bit_q    <= mie_bit_d;
      mpie_q       <= mpie_d;
      mpp_m_q      <= mpp_m_d;
      mie_q        <= mie_d;
      mtvec_q      <= mtvec_d;
      mscratch_q   <= mscratch_d;
      mepc_q       <= mepc_d;
      mcause_q     <= mcause_d;
      mtval_q      <= mtval_d;
      mcounteren_q <= mcounteren_d;
      mcycle_q     <= mcycle_d;
      minstret_q   <= minstret_d;
      inc_q        <= inc_d;
      pmpcfg_q     <= pmpcfg_d;
      pmpaddr_q    <= pmpaddr_d;
      pmpmask_q    <= pmpmask_d;
    end
  end

endmodule
`default_nettype wire
