`default_nettype none
// cpu_regfile: the 31 general registers x1..x31 of the RV32 core (x0 reads zero).
// Two asynchronous read ports and two write ports, both written at the rising edge:
// port x (the execute stage) and port w (load data from the memory stage). When both
// write the same register in one cycle, port x wins, because the execute stage holds
// the younger instruction. A value written at an edge is read from the next cycle on
// (no write-through); the core never needs it earlier. Storage is flip-flops (an
// array written in a clocked block, as memories are), with no reset.
module cpu_regfile (
  input  wire        clk_i,
  input  wire [4:0]  raddr1_i,
  output wire [31:0] rdata1_o,
  input  wire [4:0]  raddr2_i,
  output wire [31:0] rdata2_o,
  input  wire        x_we_i,
  input  wire [4:0]  x_waddr_i,
  input  wire [31:0] x_wdata_i,
  input  wire        w_we_i,
  input  wire [4:0]  w_waddr_i,
  input  wire [31:0] w_wdata_i
);

  reg [31:0] regs_q [1:31];

  always @(posedge clk_i) begin
    if (w_we_i && w_waddr_i != 5'd0 && !(x_we_i && x_waddr_i == w_waddr_i)) begin
      regs_q[w_waddr_i] <= w_wdata_i;
    end
    if (x_we_i && x_waddr_i != 5'd0) begin
      regs_q[x_waddr_i] <= x_wdata_i;
    end
  end

  assign rdata1_o = (raddr1_i == 5'd0) ? 32'd0 : regs_q[raddr1_i];
  assign rdata2_o = (raddr2_i == 5'd0) ? 32'd0 : regs_q[raddr2_i];

endmodule
`default_nettype wire
