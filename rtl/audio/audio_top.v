`default_nettype none
// audio_top: the sending side of the Pegasus audio node. Stereo 16-bit samples from the
// test tone (audio_tone) or, with cfg_ext_smp_i high, from s_smp_* (an I2S receiver, or
// a simulation model) are packed 8 frames a cell with a timestamp (audio_packer) and
// leave as single-cell AAL5 PDUs (atm_aal5_seg, UU 0, CLP 0) on the audio data VC.
// Latency: a cell's header leaves about 13 cycles after its 8th sample; the node sends
// one cell every 8 sample periods (6 kcells/s at 48 kHz).
module audio_top #(
  // Clock frequency in Hz.
  parameter integer ClkHz = 50000000,
  // Sample rate in Hz.
  parameter integer SampleHz = 48000,
  // Test tone (left; right is twice this).
  parameter integer ToneHz = 1000
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        cfg_enable_i,
  input  wire        cfg_ext_smp_i,
  input  wire [31:0] s_smp_tdata_i,
  input  wire        s_smp_tvalid_i,
  input  wire [7:0]  cfg_vpi_i,
  input  wire [15:0] cfg_vci_i,
  input  wire [31:0] timestamp_i,
  output wire [31:0] m_cell_tdata_o,
  output wire        m_cell_tvalid_o,
  input  wire        m_cell_tready_i,
  output wire        m_cell_tlast_o,
  output wire [31:0] stat_cells_o,
  output wire [31:0] stat_drops_o
);

  wire [31:0] tone_data;
  wire        tone_valid;

  audio_tone #(
    .ClkHz(ClkHz),
    .SampleHz(SampleHz),
    .ToneHz(ToneHz)
  ) u_tone (
    .clk_i(clk_i),
    .rst_ni(rst_ni),
    .enable_i(cfg_enable_i && !cfg_ext_smp_i),
    .m_smp_tdata_o(tone_data),
    .m_smp_tvalid_o(tone_valid)
  );

  wire [31:0] smp_data = cfg_ext_smp_i ? s_smp_tdata_i : tone_data;
  wire        smp_valid = cfg_enable_i && (cfg_ext_smp_i ? s_smp_tvalid_i : tone_valid);

  wire [31:0] pdu_data;
  wire [3:0]  pdu_keep;
  wire        pdu_valid, pdu_ready, pdu_last;

  audio_packer u_packer (
    .clk_i(clk_i),
    .rst_ni(rst_ni),
    .s_smp_tdata_i(smp_data),
    .s_smp_tvalid_i(smp_valid),
    .timestamp_i(timestamp_i),
    .m_pdu_tdata_o(pdu_data),
    .m_pdu_tkeep_o(pdu_keep),
    .m_pdu_tvalid_o(pdu_valid),
    .m_pdu_tready_i(pdu_ready),
    .m_pdu_tlast_o(pdu_last),
    .stat_cells_o(stat_cells_o),
    .stat_drops_o(stat_drops_o)
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
    .s_pdu_vci_i(cfg_vci_i),
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
