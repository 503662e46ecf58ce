`default_nettype none
// audio_tone: a stereo test tone at SampleHz (48 kHz in Pegasus) for the audio node.
// A 32-bit phase accumulator advances by PhaseInc = ToneHz * 2^32 / SampleHz (rounded
// down) each sample; left is a triangle wave of that phase, right the same wave at
// twice the frequency. Each channel: t = phase[31] ? ~phase[30:15] : phase[30:15]
// (16 bits), sample = {0, t[15:1]} - 0x4000 (signed, +-16384). C++ reference:
// host/media/audio.h (ToneSample).
//
// Timing: a sample strobe (m_smp_tvalid_o, one cycle, valid only) comes on average
// SampleHz times a second of ClkHz clock cycles (a fractional divider, exact over a
// second); m_smp_tdata_o is {left, right} with the strobe. The first sample is phase 0.
module audio_tone #(
  // Clock frequency in Hz.
  parameter integer ClkHz = 50000000,
  // Sample rate in Hz.
  parameter integer SampleHz = 48000,
  // Left-channel tone in Hz (right is twice this).
  parameter integer ToneHz = 1000
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        enable_i,
  output wire [31:0] m_smp_tdata_o,
  output wire        m_smp_tvalid_o
);

  // PhaseInc = floor(ToneHz * 2^32 / SampleHz) in 32-bit steps (SampleHz < 65536,
  // ToneHz < 65536): ToneHz * 2^16 = Q * SampleHz + R.
  localparam [31:0] Tone32 = ToneHz;
  localparam [31:0] Rate32 = SampleHz;
  localparam [31:0] IncQ = (Tone32 * 32'd65536) / Rate32;
  localparam [31:0] IncR = (Tone32 * 32'd65536) % Rate32;
  localparam [31:0] PhaseInc = IncQ * 32'd65536 + (IncR * 32'd65536) / Rate32;
  localparam [31:0] ClkHz32 = ClkHz;
  localparam [31:0] SampleHz32 = SampleHz;

  reg [31:0] acc_q, acc_d;
  reg [31:0] phase_q, phase_d;
  reg        strobe_q, strobe_d;
  reg [31:0] data_q, data_d;

  // The triangle of a phase, from its top 16 bits.
  function [15:0] tri_sample;
    input [15:0] p;
    begin
      tri_sample = {1'b0, (p[15] ? ~p[14:0] : p[14:0])} - 16'h4000;
    end
  endfunction

  // Top of the phase doubled (the right channel's tone).
  wire [15:0] phase2 = phase_q[30:15];

  always @(*) begin
    acc_d = acc_q;
    phase_d = phase_q;
    strobe_d = 1'b0;
    data_d = data_q;
    if (enable_i) begin
      if (acc_q + SampleHz32 >= ClkHz32) begin
        acc_d = acc_q + SampleHz32 - ClkHz32;
        strobe_d = 1'b1;
        data_d = {tri_sample(phase_q[31:16]), tri_sample(phase2)};
        phase_d = phase_q + PhaseInc;
      end else begin
        acc_d = acc_q + SampleHz32;
      end
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      acc_q <= 32'd0;
      phase_q <= 32'd0;
      strobe_q <= 1'b0;
      data_q <= 32'd0;
    end else begin
      acc_q <= acc_d;
      phase_q <= phase_d;
      strobe_q <= strobe_d;
      data_q <= data_d;
    end
  end

  assign m_smp_tdata_o = data_q;
  assign m_smp_tvalid_o = strobe_q;

endmodule
`default_nettype wire
