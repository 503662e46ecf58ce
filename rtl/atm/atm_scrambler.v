`default_nettype none
// atm_scrambler: the self-synchronising scrambler with generator x^43 + 1 used on cell
// payloads (ITU-T I.432), one byte a cycle, most significant bit first. A line bit is
// the data bit XOR the line bit 43 bits earlier; the descrambler (Descramble = 1)
// XORs the line bit with the line bit 43 bits earlier. The state is the last 43 line
// bits and is kept whether enable_i is high or not, so a descrambler follows a
// scrambler switched on or off after 43 bits. data_o is combinational from data_i and
// the state (zero latency); the state advances on each cycle with valid_i high.
// Throughput one byte a cycle.
module atm_scrambler #(
  // 0: scrambler (data in, line out); 1: descrambler (line in, data out).
  parameter integer Descramble = 0
) (
  input  wire       clk_i,
  input  wire       rst_ni,
  input  wire       enable_i,
  input  wire       valid_i,
  input  wire [7:0] data_i,
  output wire [7:0] data_o
);

  // Bit 0 is the latest line bit; bits 42:35 are the 43-bit-old bits for the next byte
  // (bit 42 for its most significant bit).
  reg  [42:0] history_q;
  wire [42:0] history_d;
  wire [7:0]  line;

  assign data_o    = enable_i ? (data_i ^ history_q[42:35]) : data_i;
  assign line      = (Descramble != 0) ? data_i : data_o;
  assign history_d = valid_i ? {history_q[34:0], line} : history_q;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      history_q <= 43'd0;
    end else begin
      history_q <= history_d;
    end
  end

endmodule
`default_nettype wire
