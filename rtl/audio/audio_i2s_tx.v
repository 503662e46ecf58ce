`default_nettype none
// audio_i2s_tx: I2S output of the audio node, bus master: it makes the bit clock and
// the word select from clk_i and sends 16-bit stereo samples in the Philips format
// (ws low: left, high: right; MSB first, one bit clock after each ws change; data and
// ws change on the falling bit-clock edge, the receiver samples on the rising one).
// Each channel has a SlotBits-bit slot: the 16 sample bits then zeros.
//
// Timing: the bit clock runs at BclkHz = SampleHz * 2 * SlotBits on average, made by a
// fractional divider that toggles it on clk_i edges (exact over a second, jitter of one
// clk_i period); ClkHz must be at least 4 * BclkHz. A frame (left then right) takes
// 2 * SlotBits bit clocks, one sample period. Samples come as {left, right} on
// s_smp_tdata_i with a one-cycle s_smp_tvalid_i strobe (audio_playout's output) and are
// taken at the start of the next frame; a frame that starts with no new sample since
// the last one repeats it and counts in stat_repeats_o, a second sample before a frame
// starts replaces the first and counts in stat_overwrites_o. Latency: a sample's MSB
// leaves at most one frame plus one bit clock after its strobe.
module audio_i2s_tx #(
  // Clock frequency of clk_i in Hz.
  parameter integer ClkHz = 50000000,
  // Sample rate in Hz.
  parameter integer SampleHz = 48000,
  // Bit clocks per channel slot, 16..32.
  parameter integer SlotBits = 32
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        enable_i,
  input  wire [31:0] s_smp_tdata_i,
  input  wire        s_smp_tvalid_i,
  output wire        i2s_bclk_o,
  output wire        i2s_ws_o,
  output wire        i2s_sd_o,
  output wire [31:0] stat_frames_o,
  output wire [31:0] stat_repeats_o,
  output wire [31:0] stat_overwrites_o
);

  // Bit-clock half periods a second, against clk_i cycles a second.
  localparam [31:0] Toggles = SampleHz * 2 * SlotBits * 2;
  localparam [31:0] ClkHz32 = ClkHz;
  localparam integer CountBits = $clog2(2 * SlotBits);

  reg [31:0] acc_q, acc_d;
  reg        bclk_q, bclk_d;
  reg        ws_q, ws_d;
  reg        sd_q, sd_d;
  reg [CountBits-1:0] bit_q, bit_d;    // bit clock of the frame, 0..2*SlotBits-1
  reg [31:0] frame_q, frame_d;         // {left, right} being sent
  reg [31:0] next_q, next_d;           // the latest sample not yet sent
  reg        fresh_q, fresh_d;         // next_q has not been sent
  reg [31:0] frames_q, frames_d;
  reg [31:0] repeats_q, repeats_d;
  reg [31:0] overwrites_q, overwrites_d;

  localparam integer LastBitInt = 2 * SlotBits - 1;
  localparam [CountBits-1:0] LastBit = LastBitInt[CountBits-1:0];
  localparam [CountBits-1:0] RightStart = SlotBits[CountBits-1:0];

  // The bit sent in bit clock b of a frame. A word starts one bit clock after its slot
  // does, so bit clock 0 (ws just low) still carries the right slot's last bit of the
  // previous frame, which is why the caller passes the frame that was in flight.
  function automatic sample_bit;
    input [31:0] frame;
    input [CountBits-1:0] b;
    integer k;  // bit clocks since the left MSB
    begin
      k = (b == {CountBits{1'b0}}) ? LastBitInt : {{(32 - CountBits){1'b0}}, b} - 1;
      if (k < SlotBits) begin
        sample_bit = (k < 16) ? frame[31 - k] : 1'b0;
      end else begin
        sample_bit = (k - SlotBits < 16) ? frame[15 - (k - SlotBits)] : 1'b0;
      end
    end
  endfunction

  always @(*) begin
    acc_d = acc_q;
    bclk_d = bclk_q;
    ws_d = ws_q;
    sd_d = sd_q;
    bit_d = bit_q;
    frame_d = frame_q;
    next_d = next_q;
    fresh_d = fresh_q;
    frames_d = frames_q;
    repeats_d = repeats_q;
    overwrites_d = overwrites_q;
    if (s_smp_tvalid_i) begin
      next_d = s_smp_tdata_i;
      fresh_d = 1'b1;
      if (fresh_q) overwrites_d = overwrites_q + 32'd1;
    end
    if (enable_i) begin
      if (acc_q + Toggles >= ClkHz32) begin
        acc_d = acc_q + Toggles - ClkHz32;
        bclk_d = !bclk_q;
        if (bclk_q) begin
          // Falling edge: the next bit clock begins; ws and data change now.
          bit_d = (bit_q == LastBit) ? {CountBits{1'b0}} : bit_q + 1'b1;
          if (bit_d == {CountBits{1'b0}}) begin
            frame_d = next_d;
            if (!fresh_d) repeats_d = repeats_d + 32'd1;
            fresh_d = 1'b0;
            frames_d = frames_q + 32'd1;
          end
          ws_d = (bit_d >= RightStart);
          sd_d = sample_bit(frame_q, bit_d);
        end
      end else begin
        acc_d = acc_q + Toggles;
      end
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      acc_q <= 32'd0;
      bclk_q <= 1'b0;
      ws_q <= 1'b1;
      sd_q <= 1'b0;
      bit_q <= LastBit;
      frame_q <= 32'd0;
      next_q <= 32'd0;
      fresh_q <= 1'b0;
      frames_q <= 32'd0;
      repeats_q <= 32'd0;
      overwrites_q <= 32'd0;
    end else begin
      acc_q <= acc_d;
      bclk_q <= bclk_d;
      ws_q <= ws_d;
      sd_q <= sd_d;
      bit_q <= bit_d;
      frame_q <= frame_d;
      next_q <= next_d;
      fresh_q <= fresh_d;
      frames_q <= frames_d;
      repeats_q <= repeats_d;
      overwrites_q <= overwrites_d;
    end
  end

  assign i2s_bclk_o = bclk_q;
  assign i2s_ws_o = ws_q;
  assign i2s_sd_o = sd_q;
  assign stat_frames_o = frames_q;
  assign stat_repeats_o = repeats_q;
  assign stat_overwrites_o = overwrites_q;

endmodule
