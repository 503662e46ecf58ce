`default_nettype none
`include "pegasus_memory_map.vh"
// soc_bootrom: the boot ROM at the reset vector. Two Wishbone B4 pipelined read ports
// (instruction and data) that never stall and answer one cycle after the request.
// Contents: `lui t0, RAM_BASE[31:12]; jalr x0, 0(t0)`, i.e. jump to the start of RAM
// where the loader put the image (QEMU virt's mrom does the same for -kernel images);
// every other word reads zero (an illegal instruction).
module soc_bootrom (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        a_stb_i,
  input  wire [31:0] a_adr_i,
  output wire        a_ack_o,
  output wire [31:0] a_dat_o,
  input  wire        b_stb_i,
  input  wire [31:0] b_adr_i,
  output wire        b_ack_o,
  output wire [31:0] b_dat_o
);

  localparam [31:0] RamBase = `PEGASUS_RAM_BASE;
  // lui t0, RamBase[31:12]
  localparam [31:0] Word0 = {RamBase[31:12], 5'd5, 7'b0110111};
  // jalr x0, 0(t0)
  localparam [31:0] Word1 = {12'd0, 5'd5, 3'b000, 5'd0, 7'b1100111};

  function automatic [31:0] rom_word(input [9:0] index);
    case (index)
      10'd0:   rom_word = Word0;
      10'd1:   rom_word = Word1;
      default: rom_word = 32'd0;
    endcase
  endfunction

  reg        a_ack_q, a_ack_d;
  reg        b_ack_q, b_ack_d;
  reg [31:0] a_dat_q, a_dat_d;
  reg [31:0] b_dat_q, b_dat_d;

  always @(*) begin
    a_ack_d = a_stb_i;
    b_ack_d = b_stb_i;
    a_dat_d = rom_word(a_adr_i[11:2]);
    b_dat_d = rom_word(b_adr_i[11:2]);
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_ack_q <= 1'b0;
      b_ack_q <= 1'b0;
      a_dat_q <= 32'd0;
      b_dat_q <= 32'd0;
    end else begin
      a_ack_q <= a_ack_d;
      b_ack_q <= b_ack_d;
      a_dat_q <= a_dat_d;
      b_dat_q <= b_dat_d;
    end
  end

  assign a_ack_o = a_ack_q;
  assign a_dat_o = a_dat_q;
  assign b_ack_o = b_ack_q;
  assign b_dat_o = b_dat_q;

endmodule
`default_nettype wire
