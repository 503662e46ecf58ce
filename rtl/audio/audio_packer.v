`default_nettype none
// audio_packer: packs stereo samples into audio cells (doc/wire_formats.md, "Audio
// cell"): 8 sample frames a single-cell AAL5 PDU of 40 bytes, as 10 words on a PDU
// word stream for atm_aal5_seg: timestamp (timestamp_i when the cell's first sample
// arrived), {sequence number, count 8}, then the 8 frames {left, right}.
//
// Samples arrive valid only (a strobe). A full set of 8 is copied to the send buffer in
// the cycle its last sample arrives; when the send buffer is still busy then (the
// network held the previous cell back for a whole cell time of samples) the 8 samples
// are dropped and counted in stat_drops_o, and the sequence number still advances, so
// the receiver sees the gap. Latency: the first word is offered the cycle after the
// 8th sample; one word a cycle.
module audio_packer (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire [31:0] s_smp_tdata_i,
  input  wire        s_smp_tvalid_i,
  input  wire [31:0] timestamp_i,
  output wire [31:0] m_pdu_tdata_o,
  output wire [3:0]  m_pdu_tkeep_o,
  output wire        m_pdu_tvalid_o,
  input  wire        m_pdu_tready_i,
  output wire        m_pdu_tlast_o,
  // Cells queued, sets of samples dropped (wrap).
  output wire [31:0] stat_cells_o,
  output wire [31:0] stat_drops_o
);

  reg [31:0] col_q [0:7];
  reg [2:0]  ncol_q, ncol_d;
  reg [31:0] cts_q, cts_d;
  reg [31:0] snd_q [0:7];
  reg [31:0] sts_q;
  reg [15:0] sseq_q;
  reg        busy_q, busy_d;
  reg [3:0]  sw_q, sw_d;
  reg [15:0] seq_q, seq_d;
  reg [31:0] cells_q, cells_d, drops_q, drops_d;
  reg        load;

  wire out_fire = busy_q && m_pdu_tready_i;

  always @(*) begin
    ncol_d = ncol_q;
    cts_d = cts_q;
    busy_d = busy_q;
    sw_d = sw_q;
    seq_d = seq_q;
    cells_d = cells_q;
    drops_d = drops_q;
    load = 1'b0;
    if (out_fire) begin
      sw_d = sw_q + 4'd1;
      if (sw_q == 4'd9) begin
        busy_d = 1'b0;
        sw_d = 4'd0;
        cells_d = cells_q + 32'd1;
      end
    end
    if (s_smp_tvalid_i) begin
      ncol_d = ncol_q + 3'd1;
      if (ncol_q == 3'd0) cts_d = timestamp_i;
      if (ncol_q == 3'd7) begin
        seq_d = seq_q + 16'd1;
        if (!busy_d) begin
          load = 1'b1;
          busy_d = 1'b1;
          sw_d = 4'd0;
        end else begin
          drops_d = drops_q + 32'd1;
        end
      end
    end
  end

  integer i;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ncol_q <= 3'd0;
      cts_q <= 32'd0;
      busy_q <= 1'b0;
      sw_q <= 4'd0;
      seq_q <= 16'd0;
      cells_q <= 32'd0;
      drops_q <= 32'd0;
      sts_q <= 32'd0;
      sseq_q <= 16'd0;
      for (i = 0; i < 8; i = i + 1) begin
        col_q[i] <= 32'd0;
        snd_q[i] <= 32'd0;
      end
    end else begin
      ncol_q <= ncol_d;
      cts_q <= cts_d;
      busy_q <= busy_d;
      sw_q <= sw_d;
      seq_q <= seq_d;
      cells_q <= cells_d;
      drops_q <= drops_d;
      if (s_smp_tvalid_i) col_q[ncol_q] <= s_smp_tdata_i;
      if (load) begin
        sts_q <= cts_q;
        sseq_q <= seq_q;
        for (i = 0; i < 7; i = i + 1) begin
          snd_q[i] <= col_q[i];
        end
        snd_q[7] <= s_smp_tdata_i;
      end
    end
  end

  reg [31:0] word;
  always @(*) begin
    case (sw_q)
      4'd0: word = sts_q;
      4'd1: word = {sseq_q, 16'd8};
      4'd2: word = snd_q[0];
      4'd3: word = snd_q[1];
      4'd4: word = snd_q[2];
      4'd5: word = snd_q[3];
      4'd6: word = snd_q[4];
      4'd7: word = snd_q[5];
      4'd8: word = snd_q[6];
      default: word = snd_q[7];
    endcase
  end

  assign m_pdu_tdata_o = word;
  assign m_pdu_tkeep_o = 4'b1111;
  assign m_pdu_tvalid_o = busy_q;
  assign m_pdu_tlast_o = busy_q && sw_q == 4'd9;
  assign stat_cells_o = cells_q;
  assign stat_drops_o = drops_q;

endmodule
`default_nettype wire
