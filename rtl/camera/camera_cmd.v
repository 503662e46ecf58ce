`default_nettype none
// camera_cmd: commands into the camera on its control VC (doc/wire_formats.md, "Camera
// commands"): configure (capture rectangle, tiles a PDU, decimation), start and stop.
// Cells arrive on s_cell_* (the camera's port of the switch; always ready). A command
// is a one-cell AAL5 PDU of 16 bytes on the control VC (cfg_vpi_i / cfg_ctl_vci_i, the
// VC the camera's frame-sync messages leave on): the cell must be a user-data cell that
// ends its PDU, the AAL5 CRC-32 must check, CPI must be 0 and the length 16.
//
// The configuration outputs (cfg_*_o) are the cfg_*_i inputs while cmd_en_i is low;
// once it is high they still follow the inputs until a command sets them (start/stop
// the enable; configure the rest), and from then on change only by commands, all fields of a command in the same
// cycle, and camera_tiler samples them at the next start of frame, so a command takes
// effect whole at a frame boundary. cmd_seq_o is the sequence number of the last command
// applied (carried back in the frame-sync messages).
//
// Every cell is counted once: applied commands in stat_cmds_o; cells on other VCs in
// stat_drop_vc_o; cells on the control VC that are not a well-formed one-cell PDU (OAM
// cell, not the PDU's end, bad CRC, CPI or length) in stat_drop_format_o; well-formed
// commands with an unknown type, a field out of range or a reserved field not 0 in
// stat_drop_cmd_o. Latency: a command applies two cycles after its cell's last word.
module camera_cmd #(
  // Frame size the capture rectangle must fit, in pixels.
  parameter integer Width = 640,
  // Lines of a frame.
  parameter integer Height = 480,
  // Widest capture in tiles (the tiler's line buffer).
  parameter integer MaxTilesX = 80
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire [7:0]  cfg_vpi_i,
  input  wire [15:0] cfg_ctl_vci_i,
  input  wire        cmd_en_i,
  // Cells from the network.
  input  wire [31:0] s_cell_tdata_i,
  input  wire        s_cell_tvalid_i,
  output wire        s_cell_tready_o,
  input  wire        s_cell_tlast_i,
  // Configuration while commands are off.
  input  wire        cfg_enable_i,
  input  wire [7:0]  cfg_decim_i,
  input  wire [9:0]  cfg_x0_i,
  input  wire [9:0]  cfg_y0_i,
  input  wire [7:0]  cfg_tiles_x_i,
  input  wire [7:0]  cfg_tiles_y_i,
  input  wire [7:0]  cfg_tiles_per_pdu_i,
  // Configuration in effect.
  output wire        cfg_enable_o,
  output wire [7:0]  cfg_decim_o,
  output wire [9:0]  cfg_x0_o,
  output wire [9:0]  cfg_y0_o,
  output wire [7:0]  cfg_tiles_x_o,
  output wire [7:0]  cfg_tiles_y_o,
  output wire [7:0]  cfg_tiles_per_pdu_o,
  output wire [15:0] cmd_seq_o,
  output wire [31:0] stat_cmds_o,
  output wire [31:0] stat_drop_vc_o,
  output wire [31:0] stat_drop_format_o,
  output wire [31:0] stat_drop_cmd_o
);

  // Command types (byte 0).
  localparam [7:0] TypeConfigure = 8'd5;
  localparam [7:0] TypeStart = 8'd6;
  localparam [7:0] TypeStop = 8'd7;
  localparam integer WidthC = Width;
  localparam integer HeightC = Height;
  localparam integer MaxTilesXC = MaxTilesX;

  reg [3:0]  word_q, word_d;       // word of the cell, 0..12
  reg        mine_q, mine_d;       // the header names the control VC
  reg        shape_ok_q, shape_ok_d;
  reg [31:0] cmd_q [0:3];          // payload bytes 0..15
  reg [31:0] trailer_q, trailer_d; // payload bytes 40..43: UU, CPI, length
  reg        check_q, check_d;     // the cell's last word went in the cycle before

  reg        enable_q, enable_d;
  reg [7:0]  decim_q, decim_d;
  reg [9:0]  x0_q, x0_d;
  reg [9:0]  y0_q, y0_d;
  reg [7:0]  tiles_x_q, tiles_x_d;
  reg [7:0]  tiles_y_q, tiles_y_d;
  reg [7:0]  per_pdu_q, per_pdu_d;
  reg [15:0] seq_q, seq_d;
  reg        run_set_q, run_set_d;   // a start or stop has set enable_q
  reg        rect_set_q, rect_set_d; // a configure has set the rectangle
  reg [31:0] cmds_q, cmds_d;
  reg [31:0] drop_vc_q, drop_vc_d;
  reg [31:0] drop_format_q, drop_format_d;
  reg [31:0] drop_cmd_q, drop_cmd_d;

  wire beat = s_cell_tvalid_i;
  wire residue_ok;

  // The AAL5 CRC over payload words 1..12 (the trailer's CRC included).
  common_crc32_aal5 #(
    .DataBytes(4)
  ) u_crc (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .start_i     (beat && word_q == 4'd1),
    .valid_i     (beat && word_q != 4'd0),
    .data_i      (s_cell_tdata_i),
    .keep_i      (4'hF),
    .crc_o       (),
    .crc_next_o  (),
    .residue_ok_o(residue_ok)
  );

  // Command fields (doc/wire_formats.md, "Camera commands").
  wire [7:0]  c_type = cmd_q[0][31:24];
  wire [7:0]  c_zero = cmd_q[0][23:16];
  wire [15:0] c_seq = cmd_q[0][15:0];
  wire [15:0] c_x0 = cmd_q[1][31:16];
  wire [15:0] c_y0 = cmd_q[1][15:0];
  wire [7:0]  c_tiles_x = cmd_q[2][31:24];
  wire [7:0]  c_tiles_y = cmd_q[2][23:16];
  wire [7:0]  c_per_pdu = cmd_q[2][15:8];
  wire [7:0]  c_decim = cmd_q[2][7:0];
  // Right and bottom edges of the rectangle asked for, in pixels (exclusive).
  wire [17:0] c_x_end = {2'b00, c_x0} + {7'd0, c_tiles_x, 3'b000};
  wire [17:0] c_y_end = {2'b00, c_y0} + {7'd0, c_tiles_y, 3'b000};
  wire        configure_ok = c_zero == 8'd0 && cmd_q[3] == 32'd0
                             && c_tiles_x != 8'd0 && {24'd0, c_tiles_x} <= MaxTilesXC
                             && c_tiles_y != 8'd0 && c_per_pdu != 8'd0
                             && {14'd0, c_x_end} <= WidthC && {14'd0, c_y_end} <= HeightC;
  wire        start_stop_ok = c_zero == 8'd0 && cmd_q[1] == 32'd0 && cmd_q[2] == 32'd0
                              && cmd_q[3] == 32'd0;
  wire        format_ok = shape_ok_q && residue_ok && trailer_q[23:0] == 24'd16;

  always @(*) begin
    word_d = word_q;
    mine_d = mine_q;
    shape_ok_d = shape_ok_q;
    trailer_d = trailer_q;
    check_d = 1'b0;
    enable_d = enable_q;
    decim_d = decim_q;
    x0_d = x0_q;
    y0_d = y0_q;
    tiles_x_d = tiles_x_q;
    tiles_y_d = tiles_y_q;
    per_pdu_d = per_pdu_q;
    seq_d = seq_q;
    run_set_d = run_set_q;
    rect_set_d = rect_set_q;
    cmds_d = cmds_q;
    drop_vc_d = drop_vc_q;
    drop_format_d = drop_format_q;
    drop_cmd_d = drop_cmd_q;

    if (beat) begin
      word_d = s_cell_tlast_i ? 4'd0 : word_q + 4'd1;
      if (word_q == 4'd0) begin
        mine_d = s_cell_tdata_i[27:20] == cfg_vpi_i && s_cell_tdata_i[19:4] == cfg_ctl_vci_i;
        // User data (PTI 0x1), the end of its PDU (AUU set).
        shape_ok_d = !s_cell_tdata_i[3] && s_cell_tdata_i[1];
      end
      if (word_q == 4'd11) trailer_d = s_cell_tdata_i;
      if (s_cell_tlast_i) begin
        // A cell cut short or too long is not a command.
        if (word_q != 4'd12) shape_ok_d = 1'b0;
        if (!mine_d) begin
          drop_vc_d = drop_vc_q + 32'd1;
        end else begin
          check_d = 1'b1;
        end
      end
    end

    // Until a command sets them, the registers follow the inputs.
    if (!cmd_en_i || !run_set_q) enable_d = cfg_enable_i;
    if (!cmd_en_i || !rect_set_q) begin
      decim_d = cfg_decim_i;
      x0_d = cfg_x0_i;
      y0_d = cfg_y0_i;
      tiles_x_d = cfg_tiles_x_i;
      tiles_y_d = cfg_tiles_y_i;
      per_pdu_d = cfg_tiles_per_pdu_i;
    end
    if (!cmd_en_i) begin
      run_set_d = 1'b0;
      rect_set_d = 1'b0;
    end

    if (check_q) begin
      if (!format_ok) begin
        drop_format_d = drop_format_q + 32'd1;
      end else if (c_type == TypeConfigure && configure_ok) begin
        x0_d = c_x0[9:0];
        y0_d = c_y0[9:0];
        tiles_x_d = c_tiles_x;
        tiles_y_d = c_tiles_y;
        per_pdu_d = c_per_pdu;
        decim_d = c_decim;
        seq_d = c_seq;
        cmds_d = cmds_q + 32'd1;
        rect_set_d = 1'b1;
      end else if ((c_type == TypeStart || c_type == TypeStop) && start_stop_ok) begin
        enable_d = c_type == TypeStart;
        seq_d = c_seq;
        cmds_d = cmds_q + 32'd1;
        run_set_d = 1'b1;
      end else begin
        drop_cmd_d = drop_cmd_q + 32'd1;
      end
    end
  end

  // Payload bytes 0..15 (cell words 1..4), no reset: read only after a whole cell.
  always @(posedge clk_i) begin
    if (beat && word_q >= 4'd1 && word_q <= 4'd4) cmd_q[word_q[1:0] - 2'd1] <= s_cell_tdata_i;
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      word_q <= 4'd0;
      mine_q <= 1'b0;
      shape_ok_q <= 1'b0;
      trailer_q <= 32'd0;
      check_q <= 1'b0;
      enable_q <= 1'b0;
      decim_q <= 8'd0;
      x0_q <= 10'd0;
      y0_q <= 10'd0;
      tiles_x_q <= 8'd0;
      tiles_y_q <= 8'd0;
      per_pdu_q <= 8'd0;
      seq_q <= 16'd0;
      run_set_q <= 1'b0;
      rect_set_q <= 1'b0;
      cmds_q <= 32'd0;
      drop_vc_q <= 32'd0;
      drop_format_q <= 32'd0;
      drop_cmd_q <= 32'd0;
    end else begin
      word_q <= word_d;
      mine_q <= mine_d;
      shape_ok_q <= shape_ok_d;
      trailer_q <= trailer_d;
      check_q <= check_d;
      enable_q <= enable_d;
      decim_q <= decim_d;
      x0_q <= x0_d;
      y0_q <= y0_d;
      tiles_x_q <= tiles_x_d;
      tiles_y_q <= tiles_y_d;
      per_pdu_q <= per_pdu_d;
      seq_q <= seq_d;
      run_set_q <= run_set_d;
      rect_set_q <= rect_set_d;
      cmds_q <= cmds_d;
      drop_vc_q <= drop_vc_d;
      drop_format_q <= drop_format_d;
      drop_cmd_q <= drop_cmd_d;
    end
  end

  assign s_cell_tready_o = 1'b1;
  // Commands off: the inputs pass straight through (the registers follow them, so the
  // configuration does not jump when commands are turned on).
  assign cfg_enable_o = cmd_en_i ? enable_q : cfg_enable_i;
  assign cfg_decim_o = cmd_en_i ? decim_q : cfg_decim_i;
  assign cfg_x0_o = cmd_en_i ? x0_q : cfg_x0_i;
  assign cfg_y0_o = cmd_en_i ? y0_q : cfg_y0_i;
  assign cfg_tiles_x_o = cmd_en_i ? tiles_x_q : cfg_tiles_x_i;
  assign cfg_tiles_y_o = cmd_en_i ? tiles_y_q : cfg_tiles_y_i;
  assign cfg_tiles_per_pdu_o = cmd_en_i ? per_pdu_q : cfg_tiles_per_pdu_i;
  assign cmd_seq_o = seq_q;
  assign stat_cmds_o = cmds_q;
  assign stat_drop_vc_o = drop_vc_q;
  assign stat_drop_format_o = drop_format_q;
  assign stat_drop_cmd_o = drop_cmd_q;

endmodule
