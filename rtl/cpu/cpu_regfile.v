`default_nettype none
// cpu_regfile: the 31 general registers x1..x31 of the RV32 core (x0 reads zero), shaped
// for FPGA block RAM: one write port and two synchronous read ports. The read
// addresses are sampled at the rising edge and their data appear after it; a register
// written at the same edge reads as the new value (the bypass here), so the execute
// stage never sees a stale value from its own write port. Storage is an array with one
// write and two registered reads, which synthesis maps to block RAM (on the iCE40 two
// copies of 2 x SB_RAM40_4K, one per read port); no reset.
// Each read port gives the register's value in parts: the array's data (ram*_o), and
// whether the value is instead alt*_o (hit*_o: the register was written at that edge,
// or is x0), both from flip-flops; the value is hit ? alt : ram. A user with other
// flip-flop sources to select among (cpu_core: W's result, an immediate) combines them
// with alt first and meets the array's data, which comes late out of the block RAM,
// in one last mux.
module cpu_regfile (
  input  wire        clk_i,
  input  wire [4:0]  raddr1_i,
  input  wire [4:0]  raddr2_i,
  output wire [31:0] ram1_o,
  output wire [31:0] ram2_o,
  output wire        hit1_o,
  output wire        hit2_o,
  output wire [31:0] alt1_o,
  output wire [31:0] alt2_o,
  input  wire        we_i,
  input  wire [4:0]  waddr_i,
  input  wire [31:0] wdata_i
);

  reg [31:0] regs_q [0:31];
  reg [31:0] ram1_q, ram2_q;     // the array's registered read data
  reg [31:0] wdata_q;            // the value written at the last edge
  reg        byp1_q, byp2_q;     // ... to the register read at that edge
  reg        zero1_q, zero2_q;   // x0 was read

  always @(posedge clk_i) begin
    if (we_i) begin
      regs_q[waddr_i] <= wdata_i;
    end
    ram1_q  <= regs_q[raddr1_i];
    ram2_q  <= regs_q[raddr2_i];
    wdata_q <= wdata_i;
    byp1_q  <= we_i && (waddr_i == raddr1_i);
    byp2_q  <= we_i && (waddr_i == raddr2_i);
    zero1_q <= (raddr1_i == 5'd0);
    zero2_q <= (raddr2_i == 5'd0);
  end

  assign ram1_o = ram1_q;
  assign ram2_o = ram2_q;
  assign hit1_o = zero1_q || byp1_q;
  assign hit2_o = zero2_q || byp2_q;
  assign alt1_o = zero1_q ? 32'd0 : wdata_q;
  assign alt2_o = zero2_q ? 32'd0 : wdata_q;

endmodule
`default_nettype wire
