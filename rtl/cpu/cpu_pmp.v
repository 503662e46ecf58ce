`default_nettype none
// cpu_pmp: one physical-memory-protection check (privileged architecture 1.12, 3.7).
// Given an access (address, kind and privilege mode) and the PMP registers, decides
// whether it is allowed: the lowest-numbered entry whose region (TOR, NA4 or NAPOT;
// granularity 2^(Granularity+2) bytes) holds the address decides by its R/W/X bits,
// which bind M-mode only when the entry is locked (L); with no matching entry, M-mode
// is allowed and U-mode is not. Also gives the kinds of access allowed at the address
// in that mode (perm_o), which is the same for every address of a granule: the core's
// decision cache (PmpCache) keeps it per granule. Purely combinational.
// cpu_pmp_serial uses it for one entry at a time: entry 0's TOR bottom is then the
// previous entry's address (above0_i: whether the address is at or above it; 1 for a
// whole set, whose entry 0 starts at 0), and it reads whether an entry matched
// (match_o) and whether the address is below the last entry's (below_last_o).
// Cost per entry: one less-than comparison (word < pmpaddrN), which serves entry N's
// TOR top and, negated, entry N+1's TOR bottom, and one masked equality whose NAPOT
// mask cpu_csr computes when pmpaddrN is written (mask_i), so no adder is needed here.
// With Granularity G > 0 only address bits 33:G+2 are compared (regions are whole
// granules; cpu_csr keeps NA4 out of the entries), which shortens every comparison.
// Assumption: accesses are naturally aligned and at most 4 bytes (the core traps
// misaligned ones first), so an access lies entirely inside or outside every region
// of 4-byte granularity.
module cpu_pmp #(
  // Number of PMP entries (1..16).
  parameter integer Entries = 8,
  // PMP granularity G (0..20): regions are multiples of 2^(G+2) bytes.
  parameter integer Granularity = 0
) (
  input  wire [31:0]            addr_i,
  input  wire                   mode_m_i,
  // Kind of access: {execute, write, read}, one-hot.
  input  wire [2:0]             access_i,
  // pmpNcfg, entry N in bits 8N+7:8N.
  input  wire [8*Entries-1:0]   cfg_i,
  // pmpaddrN (address bits 33:2), entry N in bits 32N+31:32N.
  input  wire [32*Entries-1:0]  addr_regs_i,
  // NAPOT mask of entry N: the address bits that must equal pmpaddrN's.
  input  wire [32*Entries-1:0]  mask_i,
  input  wire                   above0_i,
  output wire                   allow_o,
  output wire                   match_o,
  output wire                   below_last_o,
  // The kinds of access ({execute, write, read}) allowed at addr_i in mode_m_i.
  output reg  [2:0]             perm_o
);

  // Address bits 33:G+2 of the access, the bits a region of granularity G depends on.
  localparam integer Bits = 32 - Granularity;
  wire [31:0]     word_all = {2'b00, addr_i[31:2]};
  wire [Bits-1:0] word     = word_all[31:Granularity];
  wire [Entries-1:0] below;   // word < pmpaddrN
  wire [Entries-1:0] match;

  genvar g;
  generate
    for (g = 0; g < Entries; g = g + 1) begin : g_entry
      wire [1:0]  mode = cfg_i[8*g+3 +: 2];
      wire [Bits-1:0] top  = addr_regs_i[32*g+Granularity +: Bits];
      // NA4 compares every bit; NAPOT only those of the mask.
      wire [Bits-1:0] care = mask_i[32*g+Granularity +: Bits] | {Bits{mode == 2'd2}};
      wire            hit  = ((word ^ top) & care) == {Bits{1'b0}};
      assign below[g] = (word < top);
      // TOR: at or above the previous entry's address (above0_i for entry 0).
      wire above;
      if (g == 0) begin : g_first
        assign above = above0_i;
      end else begin : g_next
        assign above = !below[g-1];
      end
      assign match[g] = (mode == 2'd1) ? (above && below[g]) :
                        (mode[1] && hit);
    end
  endgenerate

  // The lowest-numbered matching entry decides, found by a tree of pairs (in each
  // pair the lower entry wins if it matches), four levels for 16 entries rather than a
  // chain of 16. Entry N's permissions: R/W/X, or all of them for M-mode unless
  // locked.
  reg [15:0] any;
  reg [47:0] perm;
  integer i, w;
  always @(*) begin
    any  = 16'd0;
    perm = 48'd0;
    for (i = 0; i < Entries; i = i + 1) begin
      any[i]        = match[i];
      perm[3*i +: 3] = (mode_m_i && !cfg_i[8*i+7]) ? 3'b111 : cfg_i[8*i +: 3];
    end
    for (w = 8; w >= 1; w = w / 2) begin
      for (i = 0; i < w; i = i + 1) begin
        perm[3*i +: 3] = any[2*i] ? perm[6*i +: 3] : perm[6*i+3 +: 3];
        any[i]         = any[2*i] || any[2*i+1];
      end
    end
    perm_o = any[0] ? perm[2:0] : {3{mode_m_i}};
  end
  assign allow_o      = (perm_o & access_i) != 3'd0;
  assign match_o      = match != {Entries{1'b0}};
  assign below_last_o = below[Entries-1];

endmodule
`default_nettype wire
