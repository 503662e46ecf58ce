`default_nettype none
// cpu_pmp_serial: a PMP check (privileged architecture 1.12, 3.7) that tests one entry
// a cycle, for the core's decision caches (cpu_core PmpSerial), where it decides only
// the misses. Gives the kinds of access ({execute, write, read}) allowed at an address
// in a mode, as cpu_pmp's perm_o: the lowest-numbered entry whose region (TOR or
// NAPOT, granularity 2^(Granularity+2) bytes) holds the address decides by its R/W/X
// bits, which bind M-mode only when the entry is locked; with no matching entry, M-mode
// may do everything and U-mode nothing.
// Protocol: start_i (while idle) takes the address and mode; entry 0 is tested in the
// next cycle, entry N in the N+1st, and the cycle after the deciding entry (the first
// that matches, or the last) done_o is high for one cycle with perm_o, both from
// registers: a decision by entry N takes N+3 cycles from start_i. abort_i drops the
// check in progress (busy_o) or its answer (done_o). busy_o is high from the cycle
// after start_i until done_o.
// Cost: one entry's check (cpu_pmp with one entry: a less-than comparison and a masked
// equality) instead of one per entry; the rules (TOR, NA4, NAPOT, lock) are cpu_pmp's.
// The entry under test is selected from the PMP registers a cycle ahead, into
// registers (ent_*: entry 0 while idle, the next one while busy), so that the check
// starts from flip-flops and not after a mux of all the entries; its NAPOT mask is
// formed then from its pmpaddr (cpu_pmp_napot), so that the user needs no mask
// register per entry. The PMP registers' user drops a check in progress when it
// writes them (abort_i), so an entry selected before a write is never used after it.
// With AddrRam the pmpaddr registers are not inputs: the checker keeps its own copy of
// them, with their NAPOT masks, in a block RAM written from the CSRs' write (we_i,
// widx_i, wdata_i, wmask_i: cpu_csr's pmp_*_o) and read a cycle ahead like the
// registers above (a RAM read is registered: the same timing). The user raises
// abort_i and holds start_i low in the cycle of a write.
module cpu_pmp_serial #(
  // Number of PMP entries (1..16).
  parameter integer Entries = 8,
  // PMP granularity G (0..20): regions are multiples of 2^(G+2) bytes.
  parameter integer Granularity = 10,
  // 1: pmpaddrN from we_i and the write port into a block RAM of the checker's own;
  // addr_regs_i unused. 0: pmpaddrN from addr_regs_i.
  parameter integer AddrRam = 0
) (
  input  wire                   clk_i,
  input  wire                   rst_ni,
  input  wire                   start_i,
  input  wire                   abort_i,
  input  wire [31:0]            addr_i,
  input  wire                   mode_m_i,
  // pmpNcfg, entry N in bits 8N+7:8N.
  input  wire [8*Entries-1:0]   cfg_i,
  // pmpaddrN (address bits 33:2), entry N in bits 32N+31:32N.
  input  wire [32*Entries-1:0]  addr_regs_i,
  // AddrRam: pmpaddrN written at the next edge (N = widx_i), its value and NAPOT mask.
  input  wire                   we_i,
  input  wire [3:0]             widx_i,
  input  wire [31:0]            wdata_i,
  input  wire [31:0]            wmask_i,
  output wire                   busy_o,
  output wire                   done_o,
  output wire [2:0]             perm_o
);

  localparam integer IdxBits = (Entries > 1) ? $clog2(Entries) : 1;
  localparam integer LastIdxInt = Entries - 1;
  localparam [IdxBits-1:0] LastIdx = LastIdxInt[IdxBits-1:0];
  // Address bits 31:G+2 of the access, the bits a region of granularity G depends on.
  localparam integer Lo = Granularity + 2;

  reg                busy_q, busy_d;
  reg                done_q, done_d;
  reg [IdxBits-1:0]  idx_q, idx_d;
  reg [31:Lo]        addr_q, addr_d;
  reg                mode_m_q, mode_m_d;
  reg                above_q, above_d;   // the address >= the previous entry's (TOR)
  reg [2:0]          perm_q, perm_d;
  reg [7:0]          ent_cfg_q;          // the entry tested in this cycle
  wire [31:0]        ent_addr;
  wire [31:0]        ent_mask;
  wire [IdxBits-1:0] ent_next;

  // The entry under test, checked as a set of one whose TOR bottom is the previous
  // entry's address.
  wire       match;
  wire       below;
  wire [2:0] perm;
  wire       last = (idx_q == LastIdx);
  assign ent_next = (busy_q && !last) ? idx_q + 1'b1 : {IdxBits{1'b0}};
  cpu_pmp #(
    .Entries     (1),
    .Granularity (Granularity)
  ) u_entry (
    .addr_i       ({addr_q, {Lo{1'b0}}}),
    .mode_m_i     (mode_m_q),
    .access_i     (3'b000),
    .cfg_i        (ent_cfg_q),
    .addr_regs_i  (ent_addr),
    .mask_i       (ent_mask),
    .above0_i     (above_q),
    .allow_o      (),
    .match_o      (match),
    .below_last_o (below),
    .perm_o       (perm)
  );

  always @(*) begin
    busy_d   = busy_q;
    done_d   = 1'b0;
    idx_d    = idx_q;
    addr_d   = addr_q;
    mode_m_d = mode_m_q;
    above_d  = above_q;
    perm_d   = perm_q;
    if (busy_q && abort_i) begin
      busy_d = 1'b0;
    end else if (busy_q) begin
      idx_d   = ent_next;
      above_d = !below;
      if (match || last) begin
        busy_d = 1'b0;
        done_d = 1'b1;
        perm_d = perm;
      end
    end else if (start_i && !done_q) begin
      busy_d   = 1'b1;
      idx_d    = {IdxBits{1'b0}};
      addr_d   = addr_i[31:Lo];
      mode_m_d = mode_m_i;
      above_d  = 1'b1;
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q   <= 1'b0;
      done_q   <= 1'b0;
      idx_q    <= {IdxBits{1'b0}};
      addr_q   <= {(32 - Lo){1'b0}};
      mode_m_q <= 1'b0;
      above_q  <= 1'b1;
      perm_q   <= 3'b000;
    end else begin
      busy_q   <= busy_d;
      done_q   <= done_d;
      idx_q    <= idx_d;
      addr_q   <= addr_d;
      mode_m_q <= mode_m_d;
      above_q  <= above_d;
      perm_q   <= perm_d;
    end
  end

  always @(posedge clk_i) begin
    ent_cfg_q <= cfg_i[8*ent_next +: 8];
  end
  if (AddrRam == 0) begin : g_regs
    wire [31:0] next_addr = addr_regs_i[32*ent_next +: 32];
    wire [31:0] next_mask;
    cpu_pmp_napot #(
      .Granularity (Granularity)
    ) u_napot (
      .addr_i (next_addr),
      .mask_o (next_mask)
    );
    reg [31:0] ent_addr_q;
    reg [31:0] ent_mask_q;
    always @(posedge clk_i) begin
      ent_addr_q <= next_addr;
      ent_mask_q <= next_mask;
    end
    assign ent_addr = ent_addr_q;
    assign ent_mask = ent_mask_q;
    wire unused_ok = &{1'b0, we_i, widx_i, wdata_i, wmask_i};
  end else begin : g_ram
    // Bits 31:G of pmpaddr and of its mask (the bits cpu_pmp compares); each entry
    // starts as pmpaddr 0 with its mask, as cpu_csr's registers reset.
    localparam integer Bits = 32 - Granularity;
    // The NAPOT mask of pmpaddr 0 (cpu_pmp_napot: bits G-2:0 read as ones).
    localparam [31:0] ZeroOnes  = (Granularity >= 2) ?
                                  ((32'd1 << (Granularity - 1)) - 32'd1) : 32'd0;
    localparam [31:0] ResetMask = ~((ZeroOnes << 1) | 32'd1);
    // A read that meets a write of its entry at one edge is never used: a write comes
    // with abort_i and without start_i (a check in progress ends, none starts), and
    // every later cycle reads again. So no read-during-write logic
    // (no_rw_check: the block RAM's collision behaviour is left undefined).
    (* no_rw_check *)
    reg [2*Bits-1:0] mem_q [0:Entries-1];
    reg [2*Bits-1:0] rd_q;
    integer i;
    initial begin
      for (i = 0; i < Entries; i = i + 1) begin
        mem_q[i] = {ResetMask[31:Granularity], {Bits{1'b0}}};
      end
    end
    always @(posedge clk_i) begin
      if (we_i) begin
        mem_q[widx_i[IdxBits-1:0]] <= {wmask_i[31:Granularity],
                                       wdata_i[31:Granularity]};
      end
      rd_q <= mem_q[ent_next];
    end
    assign ent_addr = 32'(rd_q[Bits-1:0]) << Granularity;
    wire unused_ok = &{1'b0, addr_regs_i, widx_i, wdata_i[Granularity-1:0],
                       wmask_i[Granularity-1:0]};
    assign ent_mask = 32'(rd_q[2*Bits-1:Bits]) << Granularity;
  end

  assign busy_o = busy_q;
  assign done_o = done_q && !abort_i;
  assign perm_o = perm_q;

endmodule
`default_nettype wire
