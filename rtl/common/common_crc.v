`default_nettype none
// common_crc: a CRC register that consumes DataBytes bytes per cycle, most significant
// bit first, as ATM specifies for both the header error control (CRC-8) and AAL5
// (CRC-32). Byte 0 of a word is data_i[8*DataBytes-1 -: 8], so a 32-bit cell-stream
// word is taken in wire order. The next-state logic is one combinational step over the
// whole word; latency is one cycle from valid_i to crc_o, throughput one word a cycle.
// start_i restarts the computation from Init; with valid_i in the same cycle the word
// is the first of the new message. crc_next_o shows the value crc_o will have after
// this cycle, so a caller can use the CRC of a word in the cycle it arrives.
// keep_i marks the bytes of data_i that count, one bit a byte with bit DataBytes-1 for
// byte 0 (as a stream's tkeep); only the last word of a message whose length is not a
// multiple of DataBytes leaves trailing bytes out, and the kept bytes must be the leading ones.
module common_crc #(
  // CRC width in bits.
  parameter integer Width = 32,
  // Generator polynomial without its x^Width term, normal (MSB-first) form.
  parameter [Width-1:0] Poly = 32'h04C1_1DB7,
  // Register contents at reset and on start_i.
  parameter [Width-1:0] Init = {Width{1'b1}},
  // Bytes consumed per cycle while valid_i is high (1 or 4 in Pegasus).
  parameter integer DataBytes = 4
) (
  input  wire                   clk_i,
  input  wire                   rst_ni,
  input  wire                   start_i,
  input  wire                   valid_i,
  input  wire [8*DataBytes-1:0] data_i,
  input  wire [DataBytes-1:0]   keep_i,
  output wire [Width-1:0]       crc_o,
  output wire [Width-1:0]       crc_next_o
);

  reg [Width-1:0] crc_q;
  reg [Width-1:0] crc_d;
  reg [Width-1:0] step;
  integer         bit_idx;

  // One message bit at a time, first byte first, each byte MSB first. Synthesis folds
  // the loop into an XOR network of depth about log2(8*DataBytes).
  always @(*) begin
    bit_idx = 0;
    step = start_i ? Init : crc_q;
    if (valid_i) begin
      for (bit_idx = 8 * DataBytes - 1; bit_idx >= 0; bit_idx = bit_idx - 1) begin
        if (keep_i[bit_idx / 8]) begin
          if (step[Width-1] ^ data_i[bit_idx]) begin
            step = (step << 1) ^ Poly;
          end else begin
            step = step << 1;
          end
        end
      end
    end
    crc_d = step;
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      crc_q <= Init;
    end else begin
      crc_q <= crc_d;
    end
  end

  assign crc_o      = crc_q;
  assign crc_next_o = crc_d;

endmodule
`default_nettype wire
