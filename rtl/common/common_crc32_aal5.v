`default_nettype none
// common_crc32_aal5: the AAL5 CRC-32 (ITU-T I.363.5: generator 0x04C11DB7, register
// preset to all ones, result complemented, MSB first) over DataBytes bytes a cycle.
// crc_o is the value to place in the trailer of the bytes consumed so far (the register
// complemented). residue_ok_o is high when the bytes consumed so far, trailer included,
// form a PDU with a correct CRC: the register then holds the residue 0xC704DD7B.
// keep_i selects the bytes of a partial last word. Latency one cycle, throughput
// DataBytes bytes a cycle; see common_crc.
module common_crc32_aal5 #(
  // Bytes consumed per cycle (1 for byte-serial links, 4 for the 32-bit cell stream).
  parameter integer DataBytes = 4
) (
  input  wire                   clk_i,
  input  wire                   rst_ni,
  input  wire                   start_i,
  input  wire                   valid_i,
  input  wire [8*DataBytes-1:0] data_i,
  input  wire [DataBytes-1:0]   keep_i,
  output wire [31:0]            crc_o,
  output wire [31:0]            crc_next_o,
  output wire                   residue_ok_o
);

  // Register value left by a PDU whose own CRC has been run through the register.
  localparam [31:0] Residue = 32'hC704_DD7B;

  wire [31:0] reg_q;
  wire [31:0] reg_d;

  common_crc #(
    .Width    (32),
    .Poly     (32'h04C1_1DB7),
    .Init     (32'hFFFF_FFFF),
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

  assign crc_o        = ~reg_q;
  assign crc_next_o   = ~reg_d;
  assign residue_ok_o = (reg_q == Residue);

endmodule
`default_nettype wire
