`default_nettype none
// audio_playout: the receiving side of the audio node. Audio cells (doc/wire_formats.md,
// "Audio cell") arrive as reassembled 40-byte PDUs on s_pdu_* (10 words, tlast on the
// 10th); their samples go into a jitter buffer of 2^DepthLog2 sample frames (block RAM,
// indexed by sample number = seq * 8 + i, modulo the depth), with the cell's sequence
// number kept as a tag for each group of 8 (written after the cell's last sample).
//
// Playout: the first good cell fixes the schedule. Playing starts when time_i reaches
// that cell's timestamp + cfg_latency_i (the jitter allowance, in time-base ticks), at
// that cell's first sample; from then on one sample frame is played every sample
// period (a fractional divider from ClkHz, as audio_tone's), on m_smp_* (a strobe with
// {left, right}, one cycle after the period starts). A frame whose group tag does not
// match (its cell has not arrived) plays as silence and counts an underrun. A cell whose
// first sample is already due when it arrives counts as late and is dropped; one too far
// ahead for the buffer counts as early and is dropped; a PDU that is not 10 words counts
// as bad. s_pdu_tready_o is always high: a cell is taken in 10 cycles.
//
// Assumptions: time_i counts up and wraps at 32 bits; cfg_latency_i < 2^31 ticks.
module audio_playout #(
  // Clock frequency in Hz.
  parameter integer ClkHz = 50000000,
  // Sample rate in Hz.
  parameter integer SampleHz = 48000,
  // Jitter buffer: 2^DepthLog2 sample frames (at least 16).
  parameter integer DepthLog2 = 10
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire [31:0] s_pdu_tdata_i,
  input  wire        s_pdu_tvalid_i,
  output wire        s_pdu_tready_o,
  input  wire        s_pdu_tlast_i,
  input  wire [31:0] cfg_latency_i,
  input  wire [31:0] time_i,
  output wire [31:0] m_smp_tdata_o,
  output wire        m_smp_tvalid_o,
  output wire        playing_o,
  // Counters (wrap).
  output wire [31:0] stat_cells_o,
  output wire [31:0] stat_underruns_o,
  output wire [31:0] stat_late_o,
  output wire [31:0] stat_early_o,
  output wire [31:0] stat_bad_o
);

  localparam integer Depth = 1 << DepthLog2;
  localparam integer Groups = Depth / 8;
  localparam integer GW = DepthLog2 - 3;
  localparam [31:0] ClkHz32 = ClkHz;
  localparam [31:0] SampleHz32 = SampleHz;
  // Sample numbers: 19 bits (16-bit sequence numbers x 8).
  localparam [31:0] Ahead32 = Depth - 8;
  wire [18:0] ahead_max = Ahead32[18:0];

  // Ingest.
  reg [3:0]  w_q, w_d;
  reg [31:0] ts_q, ts_d;
  reg [15:0] seq_q, seq_d;
  reg        drop_q, drop_d;
  reg [31:0] cells_q, cells_d, late_q, late_d, early_q, early_d, bad_q, bad_d;
  // Playout.
  reg [1:0]  st_q, st_d;
  reg [31:0] start_q, start_d;
  reg [18:0] p_q, p_d;
  reg [31:0] acc_q, acc_d;
  reg        rd_q, rd_d;
  reg [15:0] rd_grp_q;
  reg        out_valid_q;
  reg [31:0] out_q;
  reg [31:0] under_q, under_d;

  localparam [1:0] StIdle = 2'd0;
  localparam [1:0] StWait = 2'd1;
  localparam [1:0] StPlay = 2'd2;

  wire        fire = s_pdu_tvalid_i;
  wire [18:0] base = {s_pdu_tdata_i[31:16], 3'b000};
  wire [18:0] ahead = base - p_q;
  // Word 1 decides whether the cell is kept.
  wire        late_now = st_q == StPlay && ahead[18];
  wire        early_now = st_q == StPlay && !ahead[18] && ahead > ahead_max;
  wire        wr_smp = fire && w_q >= 4'd2 && w_q <= 4'd9 && !drop_q;
  wire [GW-1:0] wr_group = seq_q[GW-1:0];
  wire [2:0]  wr_off = w_q[2:0] - 3'd2;
  wire        good_end = fire && s_pdu_tlast_i && w_q == 4'd9 && !drop_q;
  wire [31:0] since = time_i - start_q;
  // time_i has reached start_q (the difference is below half the range).
  wire        due = since < {1'b1, 31'd0};
  wire        strobe = st_q == StPlay && acc_q + SampleHz32 >= ClkHz32;

  always @(*) begin
    w_d = w_q;
    ts_d = ts_q;
    seq_d = seq_q;
    drop_d = drop_q;
    cells_d = cells_q;
    late_d = late_q;
    early_d = early_q;
    bad_d = bad_q;
    st_d = st_q;
    start_d = start_q;
    p_d = p_q;
    acc_d = acc_q;
    rd_d = 1'b0;
    if (fire) begin
      w_d = s_pdu_tlast_i ? 4'd0 : (w_q == 4'd15 ? w_q : w_q + 4'd1);
      if (w_q == 4'd0) ts_d = s_pdu_tdata_i;
      if (w_q == 4'd0) drop_d = 1'b0;
      if (w_q == 4'd1) begin
        seq_d = s_pdu_tdata_i[31:16];
        if (s_pdu_tdata_i[15:0] != 16'd8) drop_d = 1'b1;
        if (late_now) begin
          drop_d = 1'b1;
          late_d = late_q + 32'd1;
        end else if (early_now) begin
          drop_d = 1'b1;
          early_d = early_q + 32'd1;
        end
      end
      if (s_pdu_tlast_i && w_q != 4'd9) begin
        bad_d = bad_q + 32'd1;
      end
      if (good_end) begin
        cells_d = cells_q + 32'd1;
        if (st_q == StIdle) begin
          st_d = StWait;
          start_d = ts_q + cfg_latency_i;
          p_d = {seq_q, 3'b000};
        end
      end
    end
    if (st_q == StWait && due) begin
      st_d = StPlay;
      acc_d = 32'd0;
    end
    if (st_q == StPlay) begin
      if (strobe) begin
        acc_d = acc_q + SampleHz32 - ClkHz32;
        rd_d = 1'b1;
        p_d = p_q + 19'd1;
      end else begin
        acc_d = acc_q + SampleHz32;
      end
    end
  end

  // Jitter buffer and group tags (block RAM, registered reads).
  reg [31:0] buf_q [0:Depth-1];
  reg [15:0] tag_q [0:Groups-1];
  reg [31:0] rd_smp_q;
  reg [15:0] rd_tag_q;
  always @(posedge clk_i) begin
    if (wr_smp) buf_q[{wr_group, wr_off}] <= s_pdu_tdata_i;
    if (good_end) tag_q[wr_group] <= seq_q;
    if (strobe) begin
      rd_smp_q <= buf_q[p_q[DepthLog2-1:0]];
      rd_tag_q <= tag_q[p_q[DepthLog2-1:3]];
    end
  end

  wire hit = rd_tag_q == rd_grp_q;

  always @(*) begin
    under_d = under_q;
    if (rd_q && !hit) under_d = under_q + 32'd1;
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      w_q <= 4'd0;
      ts_q <= 32'd0;
      seq_q <= 16'd0;
      drop_q <= 1'b0;
      cells_q <= 32'd0;
      late_q <= 32'd0;
      early_q <= 32'd0;
      bad_q <= 32'd0;
      st_q <= StIdle;
      start_q <= 32'd0;
      p_q <= 19'd0;
      acc_q <= 32'd0;
      rd_q <= 1'b0;
      rd_grp_q <= 16'd0;
      out_valid_q <= 1'b0;
      out_q <= 32'd0;
      under_q <= 32'd0;
    end else begin
      w_q <= w_d;
      ts_q <= ts_d;
      seq_q <= seq_d;
      drop_q <= drop_d;
      cells_q <= cells_d;
      late_q <= late_d;
      early_q <= early_d;
      bad_q <= bad_d;
      st_q <= st_d;
      start_q <= start_d;
      p_q <= p_d;
      acc_q <= acc_d;
      rd_q <= rd_d;
      if (rd_d) rd_grp_q <= p_q[18:3];
      out_valid_q <= rd_q;
      if (rd_q) out_q <= hit ? rd_smp_q : 32'd0;
      under_q <= under_d;
    end
  end

  assign s_pdu_tready_o = 1'b1;
  assign m_smp_tdata_o = out_q;
  assign m_smp_tvalid_o = out_valid_q;
  assign playing_o = st_q == StPlay;
  assign stat_cells_o = cells_q;
  assign stat_underruns_o = under_q;
  assign stat_late_o = late_q;
  assign stat_early_o = early_q;
  assign stat_bad_o = bad_q;

endmodule
`default_nettype wire
