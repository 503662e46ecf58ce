`default_nettype none
// camera_ctl: the camera's outgoing control stream. For each frame summary from the
// tiler it sends a frame-sync message (doc/wire_formats.md, "Camera frame sync") on the
// control VC: 24 bytes, 6 words {type 1, 0, frame}, timestamp, {0, tiles_x, 0,
// tiles_y}, {bands sent, bands dropped} (16 bits each), tiles sent, {sequence number of
// the last command applied, commands rejected} (camera_cmd; taken with the summary). The messages
// are merged with the tile PDUs (s_tile_pdu_*) into one PDU stream for atm_aal5_seg,
// whole PDU by whole PDU, with each PDU's VCI (cfg_data_vci_i or cfg_ctl_vci_i) as
// sideband; a waiting message goes first at the next PDU boundary.
//
// A summary that arrives while the previous message is still waiting replaces it and
// is counted in stat_lost_o, and so is one that arrives while a message is being
// offered or sent (frames last far longer than a message, so either needs a network
// stalled for a whole frame). Latency: the message's first word is offered the
// cycle after the summary when the stream is between PDUs; one word a cycle.
module camera_ctl (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire [15:0] cfg_data_vci_i,
  input  wire [15:0] cfg_ctl_vci_i,
  // Frame summary (camera_tiler sum_*).
  input  wire        sum_valid_i,
  input  wire [15:0] sum_frame_i,
  input  wire [31:0] sum_ts_i,
  input  wire [7:0]  sum_tiles_x_i,
  input  wire [7:0]  sum_tiles_y_i,
  input  wire [7:0]  sum_bands_i,
  input  wire [7:0]  sum_drops_i,
  // Command state (camera_cmd): last sequence number applied, commands rejected.
  input  wire [15:0] cmd_seq_i,
  input  wire [15:0] cmd_drops_i,
  // Tile PDUs in (camera_packer).
  input  wire [31:0] s_tile_pdu_tdata_i,
  input  wire [3:0]  s_tile_pdu_tkeep_i,
  input  wire        s_tile_pdu_tvalid_i,
  output wire        s_tile_pdu_tready_o,
  input  wire        s_tile_pdu_tlast_i,
  // Merged PDUs out, with their VCI.
  output wire [31:0] m_pdu_tdata_o,
  output wire [3:0]  m_pdu_tkeep_o,
  output wire        m_pdu_tvalid_o,
  input  wire        m_pdu_tready_i,
  output wire        m_pdu_tlast_o,
  output wire [15:0] m_pdu_vci_o,
  // Messages sent, summaries replaced before they were sent (wrap).
  output wire [31:0] stat_msgs_o,
  output wire [31:0] stat_lost_o
);

  // Stream owner: none (between PDUs), tile PDU, control message.
  localparam [1:0] OwnNone = 2'd0;
  localparam [1:0] OwnTile = 2'd1;
  localparam [1:0] OwnCtl = 2'd2;

  reg [1:0]  own_q, own_d;
  reg        pend_q, pend_d;
  reg [2:0]  mw_q, mw_d;
  reg [15:0] frame_q;
  reg [31:0] ts_q;
  reg [7:0]  tx_q, ty_q, kept_q, drop_q;
  reg [15:0] cmd_seq_q, cmd_drops_q;
  reg [31:0] msgs_q, msgs_d, lost_q, lost_d;

  // Who drives the output this cycle: the owner, or when none the message first.
  wire       sel_ctl = (own_q == OwnCtl) || (own_q == OwnNone && pend_q);
  wire       out_valid = sel_ctl ? pend_q : s_tile_pdu_tvalid_i;
  wire       ctl_last = mw_q == 3'd5;
  wire       out_last = sel_ctl ? ctl_last : s_tile_pdu_tlast_i;
  wire       fire = out_valid && m_pdu_tready_i;
  wire [15:0] tiles_sent = {8'd0, kept_q} * {8'd0, tx_q};

  // The message is offered or being sent (its words must not change).
  wire       busy = sel_ctl && pend_q;
  // A new summary is taken unless the message is busy.
  wire       take = sum_valid_i && !busy;

  reg [31:0] msg;
  always @(*) begin
    case (mw_q)
      3'd0: msg = {8'd1, 8'd0, frame_q};
      3'd1: msg = ts_q;
      3'd2: msg = {8'd0, tx_q, 8'd0, ty_q};
      3'd3: msg = {8'd0, kept_q, 8'd0, drop_q};
      3'd4: msg = {16'd0, tiles_sent};
      default: msg = {cmd_seq_q, cmd_drops_q};
    endcase
  end

  always @(*) begin
    own_d = own_q;
    pend_d = pend_q;
    mw_d = mw_q;
    msgs_d = msgs_q;
    lost_d = lost_q;
    if (own_q == OwnNone && out_valid) own_d = sel_ctl ? OwnCtl : OwnTile;
    if (fire) begin
      if (sel_ctl) mw_d = mw_q + 3'd1;
      if (out_last) begin
        own_d = OwnNone;
        if (sel_ctl) begin
          pend_d = 1'b0;
          mw_d = 3'd0;
          msgs_d = msgs_q + 32'd1;
        end
      end
    end
    if (sum_valid_i) begin
      // Offered or being sent: the summary is lost. Waiting: it is replaced.
      if (pend_q) lost_d = lost_q + 32'd1;
      if (take) pend_d = 1'b1;
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      own_q <= OwnNone;
      pend_q <= 1'b0;
      mw_q <= 3'd0;
      frame_q <= 16'd0;
      ts_q <= 32'd0;
      tx_q <= 8'd0;
      ty_q <= 8'd0;
      kept_q <= 8'd0;
      drop_q <= 8'd0;
      cmd_seq_q <= 16'd0;
      cmd_drops_q <= 16'd0;
      msgs_q <= 32'd0;
      lost_q <= 32'd0;
    end else begin
      own_q <= own_d;
      pend_q <= pend_d;
      mw_q <= mw_d;
      msgs_q <= msgs_d;
      lost_q <= lost_d;
      if (take) begin
        frame_q <= sum_frame_i;
        ts_q <= sum_ts_i;
        tx_q <= sum_tiles_x_i;
        ty_q <= sum_tiles_y_i;
        kept_q <= sum_bands_i;
        drop_q <= sum_drops_i;
        cmd_seq_q <= cmd_seq_i;
        cmd_drops_q <= cmd_drops_i;
      end
    end
  end

  assign s_tile_pdu_tready_o = !sel_ctl && m_pdu_tready_i;
  assign m_pdu_tdata_o = sel_ctl ? msg : s_tile_pdu_tdata_i;
  assign m_pdu_tkeep_o = sel_ctl ? 4'b1111 : s_tile_pdu_tkeep_i;
  assign m_pdu_tvalid_o = out_valid;
  assign m_pdu_tlast_o = out_last;
  assign m_pdu_vci_o = sel_ctl ? cfg_ctl_vci_i : cfg_data_vci_i;
  assign stat_msgs_o = msgs_q;
  assign stat_lost_o = lost_q;

endmodule
`default_nettype wire
