`default_nettype none
// common_uart_tx: an 8N1 serial transmitter (one start bit, eight data bits LSB first,
// one stop bit, line idle high). A byte is taken when valid_i and ready_o are both high;
// ready_o is high while the transmitter is idle, so throughput is one byte per ten bit
// times. The bit time is ClkHz / Baud clock cycles, rounded to the nearest cycle, so
// the baud-rate error is below half a cycle per bit.
module common_uart_tx #(
  // Clock frequency in Hz.
  parameter integer ClkHz = 12_000_000,
  // Line rate in bits per second.
  parameter integer Baud = 115_200
) (
  input  wire       clk_i,
  input  wire       rst_ni,
  input  wire       valid_i,
  input  wire [7:0] data_i,
  output wire       ready_o,
  output wire       tx_o
);

  // Clock cycles per bit.
  localparam integer BitCycles = (ClkHz + Baud / 2) / Baud;
  // Width of the bit-time counter.
  localparam integer CountWidth = $clog2(BitCycles + 1);
  // Counter load value: the cycles of one bit after the first.
  localparam integer CountLoadInt = BitCycles - 1;
  localparam [CountWidth-1:0] CountLoad = CountLoadInt[CountWidth-1:0];

  // Shift register: stop bit, data, start bit; shifted out LSB first.
  reg [9:0]            shift_q, shift_d;
  // Bits left to send in the current frame; zero when idle.
  reg [3:0]            bits_q, bits_d;
  reg [CountWidth-1:0] count_q, count_d;

  always @(*) begin
    shift_d = shift_q;
    bits_d  = bits_q;
    count_d = count_q;
    if (bits_q == 4'd0) begin
      if (valid_i) begin
        shift_d = {1'b1, data_i, 1'b0};
        bits_d  = 4'd10;
        count_d = CountLoad;
      end
    end else if (count_q != {CountWidth{1'b0}}) begin
      count_d = count_q - 1'b1;
    end else begin
      shift_d = {1'b1, shift_q[9:1]};
      bits_d  = bits_q - 4'd1;
      count_d = CountLoad;
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      shift_q <= 10'h3FF;
      bits_q  <= 4'd0;
      count_q <= {CountWidth{1'b0}};
    end else begin
      shift_q <= shift_d;
      bits_q  <= bits_d;
      count_q <= count_d;
    end
  end

  assign ready_o = (bits_q == 4'd0);
  assign tx_o    = (bits_q == 4'd0) ? 1'b1 : shift_q[0];

endmodule
`default_nettype wire
