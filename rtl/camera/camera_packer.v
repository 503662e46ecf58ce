`default_nettype none
// camera_packer: groups the tiler's tiles into camera tile PDUs (doc/wire_formats.md,
// "Camera tile PDU") on a PDU word stream for atm_aal5_seg. A PDU holds up to
// s_tile_k_i consecutive tiles of one band (0 is taken as 1; the tiler carries k with
// each band, as the frame's start found it); the last PDU of a
// band holds the rest when the band's width is not a multiple of it. After the last
// tile word come the four words of the 16-byte tile trailer: {tile_x, tile_y},
// {count, format 0, frame}, timestamp, flags (bit 0: the band is the frame's last and
// this is its last PDU), the last with tlast.
//
// Latency: none on tile words (valid, ready and data pass straight through); throughput
// one word a cycle, plus four trailer cycles a PDU. tkeep is always 1111 (every PDU is
// a whole number of words). The sideband of a PDU (tile x, y, frame, timestamp) is taken
// from its first tile word.
module camera_packer (
  input  wire        clk_i,
  input  wire        rst_ni,
  // Tiles in (camera_tiler's m_tile_*).
  input  wire [31:0] s_tile_tdata_i,
  input  wire        s_tile_tvalid_i,
  output wire        s_tile_tready_o,
  input  wire        s_tile_tlast_i,
  input  wire [7:0]  s_tile_x_i,
  input  wire [7:0]  s_tile_y_i,
  input  wire        s_tile_band_last_i,
  input  wire        s_tile_frame_last_i,
  input  wire [15:0] s_tile_frame_i,
  input  wire [31:0] s_tile_ts_i,
  input  wire [7:0]  s_tile_k_i,
  // PDU words out.
  output wire [31:0] m_pdu_tdata_o,
  output wire [3:0]  m_pdu_tkeep_o,
  output wire        m_pdu_tvalid_o,
  input  wire        m_pdu_tready_i,
  output wire        m_pdu_tlast_o,
  // PDUs completed (wraps).
  output wire [31:0] stat_pdus_o
);

  reg        trl_q, trl_d;
  reg [1:0]  tw_q, tw_d;
  reg        first_q, first_d;
  reg [7:0]  cnt_q, cnt_d;
  reg [7:0]  x_q, x_d, y_q, y_d;
  reg [15:0] frame_q, frame_d;
  reg [31:0] ts_q, ts_d;
  reg        flag_q, flag_d;
  reg [31:0] pdus_q, pdus_d;

  wire [7:0] k = (s_tile_k_i == 8'd0) ? 8'd1 : s_tile_k_i;
  wire       in_fire = !trl_q && s_tile_tvalid_i && m_pdu_tready_i;
  wire       out_fire = m_pdu_tready_i && (trl_q || s_tile_tvalid_i);

  reg [31:0] trailer;
  always @(*) begin
    case (tw_q)
      2'd0: trailer = {8'd0, x_q, 8'd0, y_q};
      2'd1: trailer = {cnt_q, 8'd0, frame_q};
      2'd2: trailer = ts_q;
      default: trailer = {31'd0, flag_q};
    endcase
  end

  always @(*) begin
    trl_d = trl_q;
    tw_d = tw_q;
    first_d = first_q;
    cnt_d = cnt_q;
    x_d = x_q;
    y_d = y_q;
    frame_d = frame_q;
    ts_d = ts_q;
    flag_d = flag_q;
    pdus_d = pdus_q;
    if (in_fire) begin
      first_d = 1'b0;
      if (first_q) begin
        x_d = s_tile_x_i;
        y_d = s_tile_y_i;
        frame_d = s_tile_frame_i;
        ts_d = s_tile_ts_i;
        cnt_d = 8'd0;
      end
      if (s_tile_tlast_i) begin
        cnt_d = (first_q ? 8'd0 : cnt_q) + 8'd1;
        if ((first_q ? 8'd0 : cnt_q) + 8'd1 == k || s_tile_band_last_i) begin
          trl_d = 1'b1;
          tw_d = 2'd0;
          flag_d = s_tile_band_last_i && s_tile_frame_last_i;
        end
      end
    end
    if (trl_q && out_fire) begin
      tw_d = tw_q + 2'd1;
      if (tw_q == 2'd3) begin
        trl_d = 1'b0;
        first_d = 1'b1;
        pdus_d = pdus_q + 32'd1;
      end
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      trl_q <= 1'b0;
      tw_q <= 2'd0;
      first_q <= 1'b1;
      cnt_q <= 8'd0;
      x_q <= 8'd0;
      y_q <= 8'd0;
      frame_q <= 16'd0;
      ts_q <= 32'd0;
      flag_q <= 1'b0;
      pdus_q <= 32'd0;
    end else begin
      trl_q <= trl_d;
      tw_q <= tw_d;
      first_q <= first_d;
      cnt_q <= cnt_d;
      x_q <= x_d;
      y_q <= y_d;
      frame_q <= frame_d;
      ts_q <= ts_d;
      flag_q <= flag_d;
      pdus_q <= pdus_d;
    end
  end

  assign s_tile_tready_o = !trl_q && m_pdu_tready_i;
  assign m_pdu_tdata_o = trl_q ? trailer : s_tile_tdata_i;
  assign m_pdu_tkeep_o = 4'b1111;
  assign m_pdu_tvalid_o = trl_q || s_tile_tvalid_i;
  assign m_pdu_tlast_o = trl_q && tw_q == 2'd3;
  assign stat_pdus_o = pdus_q;

endmodule
`default_nettype wire
