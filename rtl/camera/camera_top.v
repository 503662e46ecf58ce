`default_nettype none
// camera_top: the Pegasus ATM camera. Pixels from the test pattern (camera_pattern) or,
// with cfg_ext_pix_i high, from the external pixel input s_pix_* (a sensor, or the
// simulation's pixel-source model) go through the 8-line buffer and tile cutter
// (camera_tiler), are packed k tiles a PDU with the tile trailer (camera_packer) and
// leave as AAL5 cells on the data VC (atm_aal5_seg, VPI/VCI from the configuration,
// UU 0, CLP 0) on m_cell_*. After each captured frame a frame-sync message (frame,
// timestamp, size, bands sent and dropped) goes on the control VC (camera_ctl,
// cfg_ctl_vci_i, same VPI), between tile PDUs.
//
// Commands: cells arriving on s_cell_* (the switch port's output) are read by
// camera_cmd; with cfg_cmd_en_i high, configure / start / stop commands on the control
// VC replace the cfg_* inputs below (starting from their values), each whole at a
// frame boundary, and the frame-sync messages carry the last command's sequence number.
//
// Configuration (sampled at each start of frame, except the VC, which applies from the
// next PDU): capture rectangle cfg_x0_i, cfg_y0_i (pixels) and cfg_tiles_x_i x
// cfg_tiles_y_i (tiles, up to MaxTilesX wide); one frame in cfg_decim_i + 1 captured;
// cfg_enable_i starts and stops capture at frame boundaries; cfg_tiles_per_pdu_i tiles
// a PDU (Pegasus default 5).
//
// Latency: the last tile of a band enters the packer 3 cycles after the band's last
// pixel; its last cell leaves when the cells queued before it have gone (the cell
// stream moves 24 pixels in 13 cycles, so a wide band's tail is bounded by the output:
// see rtl/camera/README.md). Back-pressure on m_cell_* never stalls the pixel input:
// bands that find no free buffer are dropped whole and counted.
module camera_top #(
  // Test pattern: active pixels a line, lines a frame, idle cycles after each line and
  // after each frame.
  parameter integer Width = 640,
  // Lines a frame of the test pattern.
  parameter integer Height = 480,
  // Idle cycles after each line of the test pattern.
  parameter integer HBlank = 160,
  // Further idle cycles after each frame of the test pattern.
  parameter integer VBlank = 8000,
  // Widest capture in tiles (line buffer size).
  parameter integer MaxTilesX = 80
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  // External pixel input (used when cfg_ext_pix_i is high).
  input  wire        cfg_ext_pix_i,
  input  wire [15:0] s_pix_tdata_i,
  input  wire        s_pix_tvalid_i,
  input  wire        s_pix_sof_i,
  input  wire        s_pix_eol_i,
  // Configuration.
  input  wire        cfg_enable_i,
  input  wire [7:0]  cfg_decim_i,
  input  wire [9:0]  cfg_x0_i,
  input  wire [9:0]  cfg_y0_i,
  input  wire [7:0]  cfg_tiles_x_i,
  input  wire [7:0]  cfg_tiles_y_i,
  input  wire [7:0]  cfg_tiles_per_pdu_i,
  input  wire [7:0]  cfg_vpi_i,
  input  wire [15:0] cfg_vci_i,
  // Control VC (frame-sync messages; same VPI).
  input  wire [15:0] cfg_ctl_vci_i,
  // Commands on the control VC replace the configuration inputs.
  input  wire        cfg_cmd_en_i,
  // Cells from the network (commands; always ready).
  input  wire [31:0] s_cell_tdata_i,
  input  wire        s_cell_tvalid_i,
  output wire        s_cell_tready_o,
  input  wire        s_cell_tlast_i,
  // Node time base.
  input  wire [31:0] timestamp_i,
  // Cells out.
  output wire [31:0] m_cell_tdata_o,
  output wire        m_cell_tvalid_o,
  input  wire        m_cell_tready_i,
  output wire        m_cell_tlast_o,
  // Pulse: the last pixel of a captured band has been written.
  output wire        band_done_o,
  // Test pattern frame number.
  output wire [15:0] pattern_frame_o,
  // The frame in capture: its timestamp (as in its tile PDUs) and the capture origin
  // applied to it (cfg_x0_i/cfg_y0_i or the last configure command, taken at its start
  // of frame).
  output wire [31:0] cap_ts_o,
  output wire [9:0]  cap_x0_o,
  output wire [9:0]  cap_y0_o,
  // Counters (wrap).
  output wire [31:0] stat_frames_o,
  output wire [31:0] stat_bands_o,
  output wire [31:0] stat_band_drops_o,
  output wire [31:0] stat_pdus_o,
  output wire [31:0] stat_ctl_msgs_o,
  output wire [31:0] stat_ctl_lost_o,
  // Commands applied, and cells dropped by camera_cmd by reason (counters wrap).
  output wire [31:0] stat_cmds_o,
  output wire [31:0] stat_cmd_drop_vc_o,
  output wire [31:0] stat_cmd_drop_format_o,
  output wire [31:0] stat_cmd_drop_cmd_o
);

  wire        c_enable;
  wire [7:0]  c_decim, c_tiles_x, c_tiles_y, c_per_pdu;
  wire [9:0]  c_x0, c_y0;
  wire [15:0] cmd_seq;

  camera_cmd #(
    .Width(Width),
    .Height(Height),
    .MaxTilesX(MaxTilesX)
  ) u_cmd (
    .clk_i(clk_i),
    .rst_ni(rst_ni),
    .cfg_vpi_i(cfg_vpi_i),
    .cfg_ctl_vci_i(cfg_ctl_vci_i),
    .cmd_en_i(cfg_cmd_en_i),
    .s_cell_tdata_i(s_cell_tdata_i),
    .s_cell_tvalid_i(s_cell_tvalid_i),
    .s_cell_tready_o(s_cell_tready_o),
    .s_cell_tlast_i(s_cell_tlast_i),
    .cfg_enable_i(cfg_enable_i),
    .cfg_decim_i(cfg_decim_i),
    .cfg_x0_i(cfg_x0_i),
    .cfg_y0_i(cfg_y0_i),
    .cfg_tiles_x_i(cfg_tiles_x_i),
    .cfg_tiles_y_i(cfg_tiles_y_i),
    .cfg_tiles_per_pdu_i(cfg_tiles_per_pdu_i),
    .cfg_enable_o(c_enable),
    .cfg_decim_o(c_decim),
    .cfg_x0_o(c_x0),
    .cfg_y0_o(c_y0),
    .cfg_tiles_x_o(c_tiles_x),
    .cfg_tiles_y_o(c_tiles_y),
    .cfg_tiles_per_pdu_o(c_per_pdu),
    .cmd_seq_o(cmd_seq),
    .stat_cmds_o(stat_cmds_o),
    .stat_drop_vc_o(stat_cmd_drop_vc_o),
    .stat_drop_format_o(stat_cmd_drop_format_o),
    .stat_drop_cmd_o(stat_cmd_drop_cmd_o)
  );

  // Commands rejected, as the frame-sync messages report them (low 16 bits).
  wire [15:0] cmd_drops = stat_cmd_drop_format_o[15:0] + stat_cmd_drop_cmd_o[15:0];

  wire [15:0] pat_data;
  wire        pat_valid, pat_sof, pat_eol;

  camera_pattern #(
    .Width(Width),
    .Height(Height),
    .HBlank(HBlank),
    .VBlank(VBlank)
  ) u_pattern (
    .clk_i(clk_i),
    .rst_ni(rst_ni),
    .m_pix_tdata_o(pat_data),
    .m_pix_tvalid_o(pat_valid),
    .m_pix_tready_i(1'b1),
    .m_pix_sof_o(pat_sof),
    .m_pix_eol_o(pat_eol),
    .frame_o(pattern_frame_o)
  );

  wire [15:0] pix_data = cfg_ext_pix_i ? s_pix_tdata_i : pat_data;
  wire        pix_valid = cfg_ext_pix_i ? s_pix_tvalid_i : pat_valid;
  wire        pix_sof = cfg_ext_pix_i ? s_pix_sof_i : pat_sof;
  wire        pix_eol = cfg_ext_pix_i ? s_pix_eol_i : pat_eol;

  wire [31:0] tile_data;
  wire        tile_valid, tile_ready, tile_last, tile_band_last, tile_frame_last;
  wire [7:0]  tile_x, tile_y;
  wire [15:0] tile_frame;
  wire [31:0] tile_ts;
  wire [7:0]  tile_k;
  wire        sum_valid;
  wire [15:0] sum_frame;
  wire [31:0] sum_ts;
  wire [7:0]  sum_tiles_x, sum_tiles_y, sum_bands, sum_drops;

  camera_tiler #(
    .MaxTilesX(MaxTilesX)
  ) u_tiler (
    .clk_i(clk_i),
    .rst_ni(rst_ni),
    .s_pix_tdata_i(pix_data),
    .s_pix_tvalid_i(pix_valid),
    .s_pix_sof_i(pix_sof),
    .s_pix_eol_i(pix_eol),
    .cfg_enable_i(c_enable),
    .cfg_decim_i(c_decim),
    .cfg_x0_i(c_x0),
    .cfg_y0_i(c_y0),
    .cfg_tiles_x_i(c_tiles_x),
    .cfg_tiles_y_i(c_tiles_y),
    .cfg_tiles_per_pdu_i(c_per_pdu),
    .timestamp_i(timestamp_i),
    .m_tile_tdata_o(tile_data),
    .m_tile_tvalid_o(tile_valid),
    .m_tile_tready_i(tile_ready),
    .m_tile_tlast_o(tile_last),
    .m_tile_x_o(tile_x),
    .m_tile_y_o(tile_y),
    .m_tile_band_last_o(tile_band_last),
    .m_tile_frame_last_o(tile_frame_last),
    .m_tile_frame_o(tile_frame),
    .m_tile_ts_o(tile_ts),
    .m_tile_k_o(tile_k),
    .band_done_o(band_done_o),
    .sum_valid_o(sum_valid),
    .sum_frame_o(sum_frame),
    .sum_ts_o(sum_ts),
    .sum_tiles_x_o(sum_tiles_x),
    .sum_tiles_y_o(sum_tiles_y),
    .sum_bands_o(sum_bands),
    .sum_drops_o(sum_drops),
    .cap_ts_o(cap_ts_o),
    .cap_x0_o(cap_x0_o),
    .cap_y0_o(cap_y0_o),
    .stat_frames_o(stat_frames_o),
    .stat_bands_o(stat_bands_o),
    .stat_band_drops_o(stat_band_drops_o)
  );

  wire [31:0] tpdu_data;
  wire [3:0]  tpdu_keep;
  wire        tpdu_valid, tpdu_ready, tpdu_last;

  camera_packer u_packer (
    .clk_i(clk_i),
    .rst_ni(rst_ni),
    .s_tile_tdata_i(tile_data),
    .s_tile_tvalid_i(tile_valid),
    .s_tile_tready_o(tile_ready),
    .s_tile_tlast_i(tile_last),
    .s_tile_x_i(tile_x),
    .s_tile_y_i(tile_y),
    .s_tile_band_last_i(tile_band_last),
    .s_tile_frame_last_i(tile_frame_last),
    .s_tile_frame_i(tile_frame),
    .s_tile_ts_i(tile_ts),
    .s_tile_k_i(tile_k),
    .m_pdu_tdata_o(tpdu_data),
    .m_pdu_tkeep_o(tpdu_keep),
    .m_pdu_tvalid_o(tpdu_valid),
    .m_pdu_tready_i(tpdu_ready),
    .m_pdu_tlast_o(tpdu_last),
    .stat_pdus_o(stat_pdus_o)
  );

  wire [31:0] pdu_data;
  wire [3:0]  pdu_keep;
  wire        pdu_valid, pdu_ready, pdu_last;
  wire [15:0] pdu_vci;

  camera_ctl u_ctl (
    .clk_i(clk_i),
    .rst_ni(rst_ni),
    .cfg_data_vci_i(cfg_vci_i),
    .cfg_ctl_vci_i(cfg_ctl_vci_i),
    .sum_valid_i(sum_valid),
    .sum_frame_i(sum_frame),
    .sum_ts_i(sum_ts),
    .sum_tiles_x_i(sum_tiles_x),
    .sum_tiles_y_i(sum_tiles_y),
    .sum_bands_i(sum_bands),
    .sum_drops_i(sum_drops),
    .cmd_seq_i(cmd_seq),
    .cmd_drops_i(cmd_drops),
    .s_tile_pdu_tdata_i(tpdu_data),
    .s_tile_pdu_tkeep_i(tpdu_keep),
    .s_tile_pdu_tvalid_i(tpdu_valid),
    .s_tile_pdu_tready_o(tpdu_ready),
    .s_tile_pdu_tlast_i(tpdu_last),
    .m_pdu_tdata_o(pdu_data),
    .m_pdu_tkeep_o(pdu_keep),
    .m_pdu_tvalid_o(pdu_valid),
    .m_pdu_tready_i(pdu_ready),
    .m_pdu_tlast_o(pdu_last),
    .m_pdu_vci_o(pdu_vci),
    .stat_msgs_o(stat_ctl_msgs_o),
    .stat_lost_o(stat_ctl_lost_o)
  );

  atm_aal5_seg u_seg (
    .clk_i(clk_i),
    .rst_ni(rst_ni),
    .s_pdu_tdata_i(pdu_data),
    .s_pdu_tkeep_i(pdu_keep),
    .s_pdu_tvalid_i(pdu_valid),
    .s_pdu_tready_o(pdu_ready),
    .s_pdu_tlast_i(pdu_last),
    .s_pdu_vpi_i(cfg_vpi_i),
    .s_pdu_vci_i(pdu_vci),
    .s_pdu_uu_i(8'd0),
    .s_pdu_clp_i(1'b0),
    .m_cell_tdata_o(m_cell_tdata_o),
    .m_cell_tvalid_o(m_cell_tvalid_o),
    .m_cell_tready_i(m_cell_tready_i),
    .m_cell_tlast_o(m_cell_tlast_o),
    .stat_pdus_o(),
    .stat_oversize_o()
  );

endmodule
`default_nettype wire
