`default_nettype none
// common_hec: ATM header error control (ITU-T I.432): CRC-8 with generator
// x^8 + x^2 + x + 1 over the four header bytes, register preset to zero, result XORed
// with the coset 0x55. Consumes DataBytes bytes a cycle: 4 to take a whole header word
// (then hec_next_o gives the HEC in the same cycle), 1 for a byte-serial link.
// A receiver compares hec_o after the four header bytes with the received fifth byte;
// their XOR is the syndrome, which identifies the bit of a single-bit error (the
// receiver's correction mode). Latency one cycle, throughput DataBytes bytes a cycle.
module common_hec #(
  // Bytes consumed per cycle (1 or 4).
  parameter integer DataBytes = 1
) (
  input  wire                   clk_i,
  input  wire                   rst_ni,
  input  wire                   start_i,
  input  wire                   valid_i,
  input  wire [8*DataBytes-1:0] data_i,
  input  wire [DataBytes-1:0]   keep_i,
  output wire [7:0]             hec_o,
  output wire [7:0]             hec_next_o
);

  // Coset added to the CRC so that an all-zero header does not give an all-zero HEC.
  localparam [7:0] Coset = 8'h55;

  wire [7:0] reg_q;
  wire [7:0] reg_d;

  common_crc #(
    .Width    (8),
    .Poly     (8'h07),
    .Init     (8'h00),
    .DataBytes(DataBytes)
  ) u_crc (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .start_i   (start_i),
    .valid_i   (valid_i),
    .data_i    (data_i),
    .keep_i    (keep_i),
    .crc_o     (reg_q),
    .crc_next_o(reg_d)
  );

  assign hec_o      = reg_q ^ Coset;
  assign hec_next_o = reg_d ^ Coset;

endmodule
`default_nettype wire
