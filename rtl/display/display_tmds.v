`default_nettype none
// display_tmds: one channel of the DVI 1.0 TMDS encoder (8b/10b transition-minimised,
// DC-balanced). In the data period (de_i high) a byte becomes 10 bits: first the
// transitions are minimised (XOR or XNOR chain, whichever gives fewer transitions:
// XNOR when the byte has more than four ones, or four with bit 0 clear; bit 8 says
// which), then the word is sent as is or inverted (bit 9) so that the running
// disparity counter stays near zero. In the blanking period (de_i low) the two control
// bits (blue channel: c_i = {vsync, hsync}) pick one of the four control tokens and
// the disparity counter resets. Bit 0 of q_o is sent first. Latency: one cycle
// (registered output), one symbol a cycle, in the pixel clock domain.
module display_tmds (
  input  wire       clk_i,
  input  wire       rst_ni,
  input  wire [7:0] data_i,
  input  wire [1:0] c_i,
  input  wire       de_i,
  output reg  [9:0] q_o
);

  // Ones in the data byte.
  reg  [3:0] n1_d;
  reg  [8:0] q_m;
  reg  [3:0] n1_m;
  reg  signed [5:0] cnt_q;
  reg  signed [5:0] cnt_d;
  reg  [9:0] q_d;
  integer i;

  always @(*) begin
    n1_d = 4'd0;
    for (i = 0; i < 8; i = i + 1) begin
      n1_d = n1_d + {3'd0, data_i[i]};
    end
    q_m[0] = data_i[0];
    if ((n1_d > 4'd4) || ((n1_d == 4'd4) && !data_i[0])) begin
      for (i = 1; i < 8; i = i + 1) begin
        q_m[i] = ~(q_m[i-1] ^ data_i[i]);
      end
      q_m[8] = 1'b0;
    end else begin
      for (i = 1; i < 8; i = i + 1) begin
        q_m[i] = q_m[i-1] ^ data_i[i];
      end
      q_m[8] = 1'b1;
    end
    n1_m = 4'd0;
    for (i = 0; i < 8; i = i + 1) begin
      n1_m = n1_m + {3'd0, q_m[i]};
    end
  end

  // Ones minus zeros of q_m[7:0], as a signed number.
  wire signed [5:0] diff = $signed({2'b00, n1_m}) - $signed({2'b00, 4'd8 - n1_m});

  always @(*) begin
    cnt_d = cnt_q;
    q_d = 10'd0;
    if (!de_i) begin
      cnt_d = 6'sd0;
      case (c_i)
        2'b00:   q_d = 10'b1101010100;
        2'b01:   q_d = 10'b0010101011;
        2'b10:   q_d = 10'b0101010100;
        default: q_d = 10'b1010101011;
      endcase
    end else if ((cnt_q == 6'sd0) || (n1_m == 4'd4)) begin
      q_d = {~q_m[8], q_m[8], q_m[8] ? q_m[7:0] : ~q_m[7:0]};
      cnt_d = q_m[8] ? (cnt_q + diff) : (cnt_q - diff);
    end else if (((cnt_q > 6'sd0) && (n1_m > 4'd4)) || ((cnt_q < 6'sd0) && (n1_m < 4'd4))) begin
      q_d = {1'b1, q_m[8], ~q_m[7:0]};
      cnt_d = cnt_q + (q_m[8] ? 6'sd2 : 6'sd0) - diff;
    end else begin
      q_d = {1'b0, q_m[8], q_m[7:0]};
      cnt_d = cnt_q - (q_m[8] ? 6'sd0 : 6'sd2) + diff;
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cnt_q <= 6'sd0;
      q_o <= 10'd0;
    end else begin
      cnt_q <= cnt_d;
      q_o <= q_d;
    end
  end

endmodule
`default_nettype wire
