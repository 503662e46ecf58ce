`default_nettype none
// camera_tiler: the 8-line buffer and 8x8 tile cutter of the Pegasus camera. Pixels
// (RGB565, one a cycle at most) arrive on a valid-only stream with start-of-frame and
// end-of-line marks; the capture rectangle (cfg_x0_i, cfg_y0_i, cfg_tiles_x_i x
// cfg_tiles_y_i tiles) is cut out, and tiles leave as 32 words each (two pixels a
// word, the left one in bits 31:16; rows top to bottom), in order of increasing x, band
// after band, with their tile coordinates (relative to the capture rectangle) and the
// frame's number and timestamp as sideband.
//
// Buffer: two banks of 8 lines x MaxTilesX tiles (block RAM, two 16-bit halves of
// 2 x MaxTilesX x 32 words, registered read), so capture of band n+1 overlaps sending of
// band n. The reader does not wait for the whole band: tile t of a band is sent as soon
// as its last pixel (line 7, x = 8t + 7) is written, so the band's last tile leaves
// 2..3 cycles after the band's last pixel when the output is free.
//
// Frames: at each start of frame the configuration is sampled; the frame is captured
// when cfg_enable_i is high and it is the first of every cfg_decim_i + 1 frames. Frame
// numbers count every frame seen since reset (16 bits), so decimation leaves gaps;
// the timestamp is timestamp_i at the start-of-frame pixel.
//
// Each captured frame ends with a summary pulse (sum_*: bands kept and dropped) once
// its last band has been written or dropped; a frame cut short by a new start of
// frame has none.
//
// Back-pressure: the input never stalls (a camera cannot wait). When a band starts and
// its bank is still being sent, the whole band is dropped and counted in
// stat_band_drops_o; a tile is never sent half old, half new. A frame that ends (a new
// start of frame) in_rect a band abandons that band: before line 7 it is dropped and
// counted; in line 7 its remaining tiles are sent with stale lines (counted too).
//
// Assumptions: cfg_tiles_x_i in 1..MaxTilesX, cfg_tiles_y_i >= 1; the input's lines are
// at least cfg_x0_i + 8 * cfg_tiles_x_i pixels long.
module camera_tiler #(
  // Widest capture in tiles (the buffer's size: 640 pixels = 80 tiles).
  parameter integer MaxTilesX = 80
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  // Pixel stream in (valid only).
  input  wire [15:0] s_pix_tdata_i,
  input  wire        s_pix_tvalid_i,
  input  wire        s_pix_sof_i,
  input  wire        s_pix_eol_i,
  // Configuration, sampled at each start of frame.
  input  wire        cfg_enable_i,
  input  wire [7:0]  cfg_decim_i,
  input  wire [9:0]  cfg_x0_i,
  input  wire [9:0]  cfg_y0_i,
  input  wire [7:0]  cfg_tiles_x_i,
  input  wire [7:0]  cfg_tiles_y_i,
  // Tiles a PDU: not used here, carried with each band to the packer (m_tile_k_o), so
  // that a frame's PDUs all have the k of its start.
  input  wire [7:0]  cfg_tiles_per_pdu_i,
  input  wire [31:0] timestamp_i,
  // Tile words out; tlast on the 32nd word of each tile. Sideband constant over a tile.
  output wire [31:0] m_tile_tdata_o,
  output wire        m_tile_tvalid_o,
  input  wire        m_tile_tready_i,
  output wire        m_tile_tlast_o,
  output wire [7:0]  m_tile_x_o,
  output wire [7:0]  m_tile_y_o,
  output wire        m_tile_band_last_o,
  output wire        m_tile_frame_last_o,
  output wire [15:0] m_tile_frame_o,
  output wire [31:0] m_tile_ts_o,
  output wire [7:0]  m_tile_k_o,
  // One-cycle pulse when the last pixel of a captured band has been written.
  output wire        band_done_o,
  // Frame summary, a one-cycle pulse once every band of a captured frame has been
  // written or dropped: frame number, timestamp, size in tiles, bands kept and dropped.
  output wire        sum_valid_o,
  output wire [15:0] sum_frame_o,
  output wire [31:0] sum_ts_o,
  output wire [7:0]  sum_tiles_x_o,
  output wire [7:0]  sum_tiles_y_o,
  output wire [7:0]  sum_bands_o,
  output wire [7:0]  sum_drops_o,
  // The frame in capture (from its start of frame on): its timestamp and the capture
  // rectangle's origin applied to it, so that a pixel's entry time can be reckoned
  // from a tile's position and its frame's timestamp outside the camera.
  output wire [31:0] cap_ts_o,
  output wire [9:0]  cap_x0_o,
  output wire [9:0]  cap_y0_o,
  // Counters (wrap): frames captured, bands captured, bands dropped.
  output wire [31:0] stat_frames_o,
  output wire [31:0] stat_bands_o,
  output wire [31:0] stat_band_drops_o
);

  localparam integer TW = $clog2(MaxTilesX);
  localparam integer BankWords = MaxTilesX * 32;
  localparam integer AW = $clog2(2 * BankWords);
  localparam [31:0] BankWords32 = BankWords;

  // ------------------------------------------------------------------ write side
  reg [10:0] in_x_q, in_x_d;
  reg [10:0] in_y_q, in_y_d;
  reg [15:0] frames_seen_q, frames_seen_d;
  reg [7:0]  decim_cnt_q, decim_cnt_d;
  reg        cap_q, cap_d;
  reg [10:0] x0_q, x0_d, y0_q, y0_d;
  reg [7:0]  tx_q, tx_d, ty_q, ty_d;
  reg [7:0]  k_q, k_d;
  reg [15:0] frame_q, frame_d;
  reg [31:0] ts_q, ts_d;
  // Writing a band into bank wbank_q (band_on_q); its tiles complete so far.
  reg        band_on_q, band_on_d;
  reg        wbank_q, wbank_d;
  reg [31:0] frames_q, frames_d, bands_q, bands_d, drops_q, drops_d;
  reg        band_done_q, band_done_d;
  // Bands of the current frame kept and dropped; the summary of the last frame.
  reg [7:0]  fb_kept_q, fb_kept_d, fb_drop_q, fb_drop_d;
  reg        sum_valid_q, sum_valid_d;
  reg [15:0] sum_frame_q;
  reg [31:0] sum_ts_q;
  reg [7:0]  sum_tx_q, sum_ty_q, sum_kept_q, sum_drop_q;

  // Per-bank: in use (band being written or sent), tiles complete, band metadata.
  reg [1:0]  used_q, used_d;
  reg [7:0]  done_q [0:1];
  reg [7:0]  done_d [0:1];
  reg [7:0]  btx_q [0:1];
  reg [7:0]  bty_q [0:1];
  reg [15:0] bframe_q [0:1];
  reg [31:0] bts_q [0:1];
  reg [7:0]  bk_q [0:1];
  reg [1:0]  blast_q;
  reg        meta_we;

  wire       sof = s_pix_tvalid_i && s_pix_sof_i;
  wire [10:0] cur_x = s_pix_sof_i ? 11'd0 : in_x_q;
  wire [10:0] cur_y = s_pix_sof_i ? 11'd0 : in_y_q;
  // Frame-level state as it applies to this pixel (new values at a start of frame).
  wire        f_cap = sof ? cap_d : cap_q;
  wire [10:0] f_x0 = sof ? x0_d : x0_q;
  wire [10:0] f_y0 = sof ? y0_d : y0_q;
  wire [7:0]  f_tx = sof ? tx_d : tx_q;
  wire [7:0]  f_ty = sof ? ty_d : ty_q;
  wire [7:0]  f_k = sof ? k_d : k_q;
  wire [10:0] rel_x = cur_x - f_x0;
  wire [10:0] rel_y = cur_y - f_y0;
  wire        in_rect = s_pix_tvalid_i && f_cap && cur_x >= f_x0 && cur_y >= f_y0 &&
                       rel_x < {f_tx, 3'b000} && rel_y < {f_ty, 3'b000};
  wire        band_start = in_rect && rel_x == 11'd0 && rel_y[2:0] == 3'd0;
  // The band in progress when a frame starts is abandoned.
  wire        abandon = sof && band_on_q;
  // An abandoned band with tiles already sent keeps its bank (the rest is sent);
  // one with none sent frees it. A band that starts now goes to start_bank.
  wire        abandon_keep = abandon && done_q[wbank_q] != 8'd0;
  wire        start_bank = abandon_keep ? ~wbank_q : wbank_q;
  wire        start_free = !used_q[start_bank] || (abandon && !abandon_keep);
  wire        wr_bank = band_start ? start_bank : wbank_q;
  wire        wr_en = in_rect && (band_start ? start_free : band_on_q);
  wire [AW-1:0] wr_addr = (wr_bank ? BankWords32[AW-1:0] : {AW{1'b0}}) +
                          {{(AW-TW-5){1'b0}}, rel_x[TW+2:3], rel_y[2:0], rel_x[2:1]};
  wire        tile_end = wr_en && rel_y[2:0] == 3'd7 && rel_x[2:0] == 3'd7;
  wire        band_end = tile_end && rel_x[10:3] == f_tx - 8'd1;
  // This pixel belongs to the frame's last band.
  wire        last_band = rel_y[10:3] == f_ty - 8'd1;

  // ------------------------------------------------------------------ read side
  reg        rbank_q, rbank_d;
  reg [7:0]  rtile_q, rtile_d;
  reg [4:0]  rword_q, rword_d;
  reg        ovalid_q, ovalid_d;
  reg        olast_q, oband_last_q, oframe_last_q;
  reg [7:0]  ox_q, oy_q;
  reg [15:0] oframe_q;
  reg [31:0] ots_q;
  reg [7:0]  ok_q;
  reg [15:0] rd_even_q, rd_odd_q;

  wire       can_read = used_q[rbank_q] && rtile_q < done_q[rbank_q];
  wire       issue = can_read && (!ovalid_q || m_tile_tready_i);
  wire       rd_tile_last = rtile_q == btx_q[rbank_q] - 8'd1;
  wire       rd_band_end = issue && rword_q == 5'd31 && rd_tile_last;
  wire [AW-1:0] rd_addr = (rbank_q ? BankWords32[AW-1:0] : {AW{1'b0}}) +
                          {{(AW-TW-5){1'b0}}, rtile_q[TW-1:0], rword_q};

  always @(*) begin
    in_x_d = in_x_q;
    in_y_d = in_y_q;
    frames_seen_d = frames_seen_q;
    decim_cnt_d = decim_cnt_q;
    cap_d = cap_q;
    x0_d = x0_q;
    y0_d = y0_q;
    tx_d = tx_q;
    ty_d = ty_q;
    k_d = k_q;
    frame_d = frame_q;
    ts_d = ts_q;
    band_on_d = band_on_q;
    wbank_d = wbank_q;
    frames_d = frames_q;
    bands_d = bands_q;
    drops_d = drops_q;
    used_d = used_q;
    done_d[0] = done_q[0];
    done_d[1] = done_q[1];
    band_done_d = 1'b0;
    meta_we = 1'b0;
    fb_kept_d = fb_kept_q;
    fb_drop_d = fb_drop_q;
    sum_valid_d = 1'b0;
    if (s_pix_tvalid_i) begin
      in_x_d = s_pix_eol_i ? 11'd0 : cur_x + 11'd1;
      in_y_d = s_pix_eol_i ? cur_y + 11'd1 : cur_y;
    end
    if (sof) begin
      frames_seen_d = frames_seen_q + 16'd1;
      cap_d = cfg_enable_i && decim_cnt_q == 8'd0;
      decim_cnt_d = (decim_cnt_q >= cfg_decim_i) ? 8'd0 : decim_cnt_q + 8'd1;
      x0_d = {1'b0, cfg_x0_i};
      y0_d = {1'b0, cfg_y0_i};
      tx_d = cfg_tiles_x_i;
      ty_d = cfg_tiles_y_i;
      k_d = cfg_tiles_per_pdu_i;
      frame_d = frames_seen_q;
      ts_d = timestamp_i;
      if (cfg_enable_i && decim_cnt_q == 8'd0) frames_d = frames_q + 32'd1;
      fb_kept_d = 8'd0;
      fb_drop_d = 8'd0;
    end
    if (abandon) begin
      band_on_d = 1'b0;
      drops_d = drops_d + 32'd1;
      if (abandon_keep) begin
        done_d[wbank_q] = btx_q[wbank_q];
        wbank_d = ~wbank_q;
      end else begin
        used_d[wbank_q] = 1'b0;
      end
    end
    if (band_start) begin
      if (start_free) begin
        band_on_d = 1'b1;
        used_d[start_bank] = 1'b1;
        done_d[start_bank] = 8'd0;
        meta_we = 1'b1;
      end else begin
        band_on_d = 1'b0;
        drops_d = drops_d + 32'd1;
        fb_drop_d = fb_drop_d + 8'd1;
        if (last_band) sum_valid_d = 1'b1;
      end
    end
    if (tile_end) begin
      done_d[wr_bank] = rel_x[10:3] + 8'd1;
    end
    if (band_end) begin
      band_on_d = 1'b0;
      wbank_d = ~wr_bank;
      bands_d = bands_q + 32'd1;
      band_done_d = 1'b1;
      fb_kept_d = fb_kept_d + 8'd1;
      if (last_band) sum_valid_d = 1'b1;
    end
  end

  always @(*) begin
    rbank_d = rbank_q;
    rtile_d = rtile_q;
    rword_d = rword_q;
    ovalid_d = ovalid_q;
    if (m_tile_tready_i) ovalid_d = 1'b0;
    if (issue) begin
      ovalid_d = 1'b1;
      rword_d = rword_q + 5'd1;
      if (rword_q == 5'd31) begin
        if (rd_tile_last) begin
          rtile_d = 8'd0;
          rbank_d = ~rbank_q;
        end else begin
          rtile_d = rtile_q + 8'd1;
        end
      end
    end
  end

  // The bank's in-use flag is cleared by the reader when its last word is read.
  reg [1:0] used_next;
  always @(*) begin
    used_next = used_d;
    if (rd_band_end) used_next[rbank_q] = 1'b0;
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      in_x_q <= 11'd0;
      in_y_q <= 11'd0;
      frames_seen_q <= 16'd0;
      decim_cnt_q <= 8'd0;
      cap_q <= 1'b0;
      x0_q <= 11'd0;
      y0_q <= 11'd0;
      tx_q <= 8'd0;
      ty_q <= 8'd0;
      frame_q <= 16'd0;
      ts_q <= 32'd0;
      band_on_q <= 1'b0;
      wbank_q <= 1'b0;
      frames_q <= 32'd0;
      bands_q <= 32'd0;
      drops_q <= 32'd0;
      band_done_q <= 1'b0;
      fb_kept_q <= 8'd0;
      fb_drop_q <= 8'd0;
      sum_valid_q <= 1'b0;
      sum_frame_q <= 16'd0;
      sum_ts_q <= 32'd0;
      sum_tx_q <= 8'd0;
      sum_ty_q <= 8'd0;
      sum_kept_q <= 8'd0;
      sum_drop_q <= 8'd0;
      used_q <= 2'b00;
      done_q[0] <= 8'd0;
      done_q[1] <= 8'd0;
      btx_q[0] <= 8'd0;
      btx_q[1] <= 8'd0;
      bty_q[0] <= 8'd0;
      bty_q[1] <= 8'd0;
      bframe_q[0] <= 16'd0;
      bframe_q[1] <= 16'd0;
      bts_q[0] <= 32'd0;
      bts_q[1] <= 32'd0;
      bk_q[0] <= 8'd0;
      bk_q[1] <= 8'd0;
      blast_q <= 2'b00;
      rbank_q <= 1'b0;
      rtile_q <= 8'd0;
      rword_q <= 5'd0;
      ovalid_q <= 1'b0;
      olast_q <= 1'b0;
      oband_last_q <= 1'b0;
      oframe_last_q <= 1'b0;
      ox_q <= 8'd0;
      oy_q <= 8'd0;
      oframe_q <= 16'd0;
      ots_q <= 32'd0;
      ok_q <= 8'd0;
      k_q <= 8'd0;
    end else begin
      in_x_q <= in_x_d;
      in_y_q <= in_y_d;
      frames_seen_q <= frames_seen_d;
      decim_cnt_q <= decim_cnt_d;
      cap_q <= cap_d;
      x0_q <= x0_d;
      y0_q <= y0_d;
      tx_q <= tx_d;
      ty_q <= ty_d;
      k_q <= k_d;
      frame_q <= frame_d;
      ts_q <= ts_d;
      band_on_q <= band_on_d;
      wbank_q <= wbank_d;
      frames_q <= frames_d;
      bands_q <= bands_d;
      drops_q <= drops_d;
      band_done_q <= band_done_d;
      fb_kept_q <= fb_kept_d;
      fb_drop_q <= fb_drop_d;
      sum_valid_q <= sum_valid_d;
      if (sum_valid_d) begin
        sum_frame_q <= sof ? frame_d : frame_q;
        sum_ts_q <= sof ? ts_d : ts_q;
        sum_tx_q <= f_tx;
        sum_ty_q <= f_ty;
        sum_kept_q <= fb_kept_d;
        sum_drop_q <= fb_drop_d;
      end
      used_q <= used_next;
      done_q[0] <= done_d[0];
      done_q[1] <= done_d[1];
      if (meta_we) begin
        btx_q[start_bank] <= f_tx;
        bty_q[start_bank] <= rel_y[10:3];
        bframe_q[start_bank] <= sof ? frame_d : frame_q;
        bts_q[start_bank] <= sof ? ts_d : ts_q;
        bk_q[start_bank] <= f_k;
        blast_q[start_bank] <= rel_y[10:3] == f_ty - 8'd1;
      end
      rbank_q <= rbank_d;
      rtile_q <= rtile_d;
      rword_q <= rword_d;
      ovalid_q <= ovalid_d;
      if (issue) begin
        olast_q <= rword_q == 5'd31;
        oband_last_q <= rd_tile_last;
        oframe_last_q <= blast_q[rbank_q];
        ox_q <= rtile_q;
        oy_q <= bty_q[rbank_q];
        oframe_q <= bframe_q[rbank_q];
        ots_q <= bts_q[rbank_q];
        ok_q <= bk_q[rbank_q];
      end
    end
  end

  // Line buffer: even and odd pixels of each pair in two 16-bit memories.
  reg [15:0] mem_even [0:2*BankWords-1];
  reg [15:0] mem_odd [0:2*BankWords-1];
  always @(posedge clk_i) begin
    if (wr_en && !rel_x[0]) mem_even[wr_addr] <= s_pix_tdata_i;
    if (wr_en && rel_x[0]) mem_odd[wr_addr] <= s_pix_tdata_i;
    if (issue) begin
      rd_even_q <= mem_even[rd_addr];
      rd_odd_q <= mem_odd[rd_addr];
    end
  end

  assign m_tile_tdata_o = {rd_even_q, rd_odd_q};
  assign m_tile_tvalid_o = ovalid_q;
  assign m_tile_tlast_o = olast_q;
  assign m_tile_x_o = ox_q;
  assign m_tile_y_o = oy_q;
  assign m_tile_band_last_o = oband_last_q;
  assign m_tile_frame_last_o = oframe_last_q;
  assign m_tile_frame_o = oframe_q;
  assign m_tile_ts_o = ots_q;
  assign m_tile_k_o = ok_q;
  assign band_done_o = band_done_q;
  assign sum_valid_o = sum_valid_q;
  assign sum_frame_o = sum_frame_q;
  assign sum_ts_o = sum_ts_q;
  assign sum_tiles_x_o = sum_tx_q;
  assign sum_tiles_y_o = sum_ty_q;
  assign sum_bands_o = sum_kept_q;
  assign sum_drops_o = sum_drop_q;
  assign cap_ts_o = ts_q;
  assign cap_x0_o = x0_q[9:0];
  assign cap_y0_o = y0_q[9:0];
  assign stat_frames_o = frames_q;
  assign stat_bands_o = bands_q;
  assign stat_band_drops_o = drops_q;

endmodule
`default_nettype wire
