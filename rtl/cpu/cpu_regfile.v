`default_nettype none
// cpu_regfile: the 31 general registers x1..x31 of the RV32 core (x0 reads zero), shaped
// for FPGA block RAM: one write port and two synchronous read ports. The read
// addresses are sampled at the rising edge and their data appear after it; for a
// register written at the same edge (or x0) the array's data are not its value, and
// the port says so before that edge (the bypass is the user's, below), so the execute
// stage never sees a stale value from its own write port. Storage is an array with
// one write and two registered reads, which synthesis maps to block RAM (on the iCE40
// two copies of 2 x SB_RAM40_4K, one per read port); no reset. Since the port's flag
// replaces the array's data for a register written at the edge it is read, the
// array's data then need not be defined (no_rw_check: synthesis adds no collision
// logic between the write and the reads, which on the iCE40 would be flip-flops and a
// mux after each block RAM read port).
// Each read port gives the array's data (ram*_o) and, for the address it samples at
// the next edge, whether the register's value is instead the one written at that
// edge, or zero for x0 (stale*_o, combinational): the user keeps that value in a
// flip-flop of its own, beside its other sources (cpu_core: X's result, forwarded),
// registers which of them to take in one select flip-flop, and meets the array's
// data, which comes late out of the block RAM, in one last mux.
module cpu_regfile (
  input  wire        clk_i,
  input  wire [4:0]  raddr1_i,
  input  wire [4:0]  raddr2_i,
  output wire [31:0] ram1_o,
  output wire [31:0] ram2_o,
  output wire        stale1_o,
  output wire        stale2_o,
  input  wire        we_i,
  input  wire [4:0]  waddr_i,
  input  wire [31:0] wdata_i
);

  (* no_rw_check *) reg [31:0] regs_q [0:31];
  reg [31:0] ram1_q, ram2_q;     // the array's registered read data

  always @(posedge clk_i) begin
    if (we_i) begin
      regs_q[waddr_i] <= wdata_i;
    end
    ram1_q  <= regs_q[raddr1_i];
    ram2_q  <= regs_q[raddr2_i];
  end

  assign ram1_o = ram1_q;
  assign ram2_o = ram2_q;
  assign stale1_o = (raddr1_i == 5'd0) || (we_i && (waddr_i == raddr1_i));
  assign stale2_o = (raddr2_i == 5'd0) || (we_i && (waddr_i == raddr2_i));


endmodule
`default_nettype wire
