`default_nettype none
// soc_finisher: the test finisher (QEMU virt's sifive_test programming model). A write
// to FINISH raises finish_o for one cycle with the written word on finish_data_o:
// STATUS (bits 15:0) PASS, FAIL with CODE (bits 31:16), or RESET; the simulator ends
// the run. Reads return zero. Wishbone B4 pipelined slave, never stalls, answers one
// cycle after the request.
module soc_finisher (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        stb_i,
  input  wire        we_i,
  input  wire [31:0] dat_i,
  output wire        ack_o,
  output wire        finish_o,
  output wire [31:0] finish_data_o
);

  reg        ack_q, ack_d;
  reg        finish_q, finish_d;
  reg [31:0] data_q, data_d;

  always @(*) begin
    ack_d    = stb_i;
    finish_d = stb_i && we_i;
    data_d   = (stb_i && we_i) ? dat_i : data_q;
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ack_q    <= 1'b0;
      finish_q <= 1'b0;
      data_q   <= 32'd0;
    end else begin
      ack_q    <= ack_d;
      finish_q <= finish_d;
      data_q   <= data_d;
    end
  end

  assign ack_o         = ack_q;
  assign finish_o      = finish_q;
  assign finish_data_o = data_q;

endmodule
`default_nettype wire
