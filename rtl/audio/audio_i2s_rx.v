`default_nettype none
// audio_i2s_rx: I2S input of the audio node, bus slave: an external master (an ADC or
// audio_i2s_tx) drives the bit clock, word select and data in the Philips format
// (ws low: left, high: right; MSB first, one bit clock after each ws change; sampled on
// the rising bit-clock edge). The three lines are synchronised to clk_i by two
// flip-flops each, so the bit clock may be unrelated to clk_i but each of its phases
// must last at least two clk_i cycles. The first 16 bits after a ws change are the
// sample (further bits of a longer slot are ignored); a word cut short by an early ws
// change is dropped and counted in stat_short_o. After reset the receiver waits for a
// change to left before it keeps anything.
//
// Output: {left, right} on m_smp_tdata_o with a one-cycle m_smp_tvalid_o strobe (the
// form audio_top's s_smp_* takes), three clk_i cycles after the rising bit-clock edge
// that carries the right word's last slot bit (where ws changes back to left).
// Throughput: one frame per 2 x slot bit clocks.
module audio_i2s_rx (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        i2s_bclk_i,
  input  wire        i2s_ws_i,
  input  wire        i2s_sd_i,
  output wire [31:0] m_smp_tdata_o,
  output wire        m_smp_tvalid_o,
  output wire [31:0] stat_frames_o,
  output wire [31:0] stat_short_o
);

  reg [2:0]  bclk_q;             // synchroniser (bits 0, 1) and the previous value (2)
  reg [1:0]  ws_q, sd_q;         // synchronisers; bit 1 is aligned with bclk_q[1]
  reg        ws_prev_q, ws_prev_d;
  reg        synced_q, synced_d; // a change to left has been seen
  reg [15:0] word_q, word_d;
  reg [4:0]  count_q, count_d;   // bits of the current word taken, saturating at 16
  reg [15:0] left_q, left_d;
  reg        have_left_q, have_left_d;
  reg [31:0] smp_q, smp_d;
  reg        valid_q, valid_d;
  reg [31:0] frames_q, frames_d;
  reg [31:0] short_q, short_d;

  wire rise = bclk_q[1] && !bclk_q[2];

  always @(*) begin
    ws_prev_d = ws_prev_q;
    synced_d = synced_q;
    word_d = word_q;
    count_d = count_q;
    left_d = left_q;
    have_left_d = have_left_q;
    smp_d = smp_q;
    valid_d = 1'b0;
    frames_d = frames_q;
    short_d = short_q;
    if (rise) begin
      // The bit of this edge still belongs to the word in flight.
      if (count_q < 5'd16) begin
        word_d = {word_q[14:0], sd_q[1]};
        count_d = count_q + 5'd1;
      end
      ws_prev_d = ws_q[1];
      if (ws_q[1] != ws_prev_q) begin
        // A slot ended with this bit: the word is complete if it has 16 bits.
        if (synced_q) begin
          if (count_d != 5'd16) begin
            short_d = short_q + 32'd1;
            have_left_d = 1'b0;
          end else if (!ws_prev_q) begin
            left_d = word_d;
            have_left_d = 1'b1;
          end else begin
            if (have_left_q) begin
              smp_d = {left_q, word_d};
              valid_d = 1'b1;
              frames_d = frames_q + 32'd1;
            end
            have_left_d = 1'b0;
          end
        end
        if (!ws_q[1]) synced_d = 1'b1;
        word_d = 16'd0;
        count_d = 5'd0;
      end
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      bclk_q <= 3'b000;
      ws_q <= 2'b00;
      sd_q <= 2'b00;
      ws_prev_q <= 1'b0;
      synced_q <= 1'b0;
      word_q <= 16'd0;
      count_q <= 5'd0;
      left_q <= 16'd0;
      have_left_q <= 1'b0;
      smp_q <= 32'd0;
      valid_q <= 1'b0;
      frames_q <= 32'd0;
      short_q <= 32'd0;
    end else begin
      bclk_q <= {bclk_q[1:0], i2s_bclk_i};
      ws_q <= {ws_q[0], i2s_ws_i};
      sd_q <= {sd_q[0], i2s_sd_i};
      ws_prev_q <= ws_prev_d;
      synced_q <= synced_d;
      word_q <= word_d;
      count_q <= count_d;
      left_q <= left_d;
      have_left_q <= have_left_d;
      smp_q <= smp_d;
      valid_q <= valid_d;
      frames_q <= frames_d;
      short_q <= short_d;
    end
  end

  assign m_smp_tdata_o = smp_q;
  assign m_smp_tvalid_o = valid_q;
  assign stat_frames_o = frames_q;
  assign stat_short_o = short_q;

endmodule
