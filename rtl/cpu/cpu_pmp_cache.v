`default_nettype none
// cpu_pmp_cache: one entry of the core's PMP decision cache (cpu_core's PmpCache): the
// granule a port's access was last checked in (its address bits above the granule),
// the privilege mode of that check, and the kinds of access the PMP allowed there.
// fill_i stores the checker's answer at the edge; flush_i (a write to pmpcfg or
// pmpaddr) empties the entry, and wins over a fill in the same cycle. Whether an
// access hits is the core's comparison, each port its own (the data port's without
// waiting for the address adder).
// Timing: every output is a flip-flop.
module cpu_pmp_cache #(
  parameter integer TagBits  = 20,
  parameter integer PermBits = 1
) (
  input  wire                clk_i,
  input  wire                rst_ni,
  input  wire                fill_i,
  input  wire                flush_i,
  input  wire                mode_m_i,
  input  wire [TagBits-1:0]  tag_i,
  input  wire [PermBits-1:0] perm_i,
  output wire                valid_o,
  output wire                mode_m_o,
  output wire [TagBits-1:0]  tag_o,
  output wire [PermBits-1:0] perm_o
);

  reg                v_q, v_d;
  reg                m_q, m_d;
  reg [TagBits-1:0]  tag_q, tag_d;
  reg [PermBits-1:0] perm_q, perm_d;

  always @(*) begin
    v_d    = v_q;
    m_d    = m_q;
    tag_d  = tag_q;
    perm_d = perm_q;
    if (fill_i) begin
      v_d    = 1'b1;
      m_d    = mode_m_i;
      tag_d  = tag_i;
      perm_d = perm_i;
    end
    if (flush_i) v_d = 1'b0;
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v_q    <= 1'b0;
      m_q    <= 1'b0;
      tag_q  <= {TagBits{1'b0}};
      perm_q <= {PermBits{1'b0}};
    end else begin
      v_q    <= v_d;
      m_q    <= m_d;
      tag_q  <= tag_d;
      perm_q <= perm_d;
    end
  end

  assign valid_o  = v_q;
  assign mode_m_o = m_q;
  assign tag_o    = tag_q;
  assign perm_o   = perm_q;

endmodule
`default_nettype wire
