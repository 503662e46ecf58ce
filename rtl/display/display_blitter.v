`default_nettype none
// display_blitter: draws camera tile PDUs (doc/wire_formats.md, "Camera tile PDU") into
// the framebuffer through the window descriptor of their VC, and applies the window
// commands that arrive on the display's control VC (doc/wire_formats.md, "Display
// window commands").
//
// Input: the reassembler's PDU stream (atm_aal5_reasm m_pdu_*), with the PDU's context
// index and length held for the whole PDU. A PDU on context ctl_index_i (when
// ctl_en_i) is a control PDU, any other a tile PDU: k 8x8 RGB565 tiles of one tile row,
// then a 16-byte trailer (tile_x, tile_y, count, format, ...). Because the position
// comes last, a PDU is first stored whole in one of two banks (each MaxTiles x 32
// words); the other bank is drawn meanwhile. Checks, at the PDU's last word: a tile PDU
// needs length = 128k + 16 with 1 <= k <= MaxTiles, count = k, format = 0, and the tile
// row inside the video frame ((tile_x + k) * 8 <= FbWidth, (tile_y + 1) * 8 <=
// FbHeight), else it is dropped and counted (stat_drop_malformed_o); a control PDU
// needs n 16-byte commands, 1 <= n <= MaxTiles * 8, each well formed, else it is
// dropped and counted (stat_ctl_drop_o).
//
// Drawing: the PDU's window is index[log2(NumWin)-1:0] (an index at or above NumWin,
// or a disabled window, drops the PDU: stat_drop_nowin_o). Pixel (px, py) of the video
// frame goes to screen (off_x + px, off_y + py) if that lies on the screen and in the
// window's clip rectangle (else counted in stat_pix_clipped_o) and no enabled window
// in front of it (higher z, or equal z and higher number) has the point in its clip
// rectangle (else stat_pix_occluded_o). display_visibility works this out for a whole
// tile from the active table while the tile before is drawn (the first tile of a PDU
// while the previous PDU's last tile is drawn), so the per-pixel test is two mask
// bits. A new PDU is not started while a descriptor swap is pending (swap_pending_i),
// masks prepared before a swap are worked out again after it, and blit_idle_o tells
// the table when nothing is being drawn or prepared, so each PDU sees one table.
//
// Control PDUs are applied in PDU order, between tile PDUs: each command becomes one
// write through the table's update port (upd_*, which has priority over the register
// port): a whole descriptor, or the enable or z of one; about 6 cycles a command. The
// table does not swap while a control PDU is being applied, so all its commands take
// effect at the same frame boundary.
//
// Throughput: one pixel a cycle, PDU after PDU with no gap (the next PDU starts in the
// cycle after the last pixel of the previous one is issued) when the next PDU is
// stored and its first tile prepared by then; the input takes a word (2 pixels) a
// cycle while a bank is free, with one idle cycle after each PDU's last word (the
// end-of-PDU checks are registered). Latency: into an idle blitter the last pixel of a
// k-tile PDU is written 64k + NumWin + 9 cycles after its last word is taken. done_o
// pulses once for each PDU that reaches the drawing side (drawn, dropped for want of a
// window, or a control PDU applied), in PDU order: in the cycle its last pixel write
// is on fb_we_o (dropped: two cycles after the drop decision; control: two cycles
// after its last command's write request).
module display_blitter #(
  // Windows in the table (a power of two).
  parameter integer NumWin = 16,
  // Coordinate bits of the window descriptors.
  parameter integer CoordBits = 12,
  // VC context index bits of the PDU stream.
  parameter integer IndexBits = 6,
  // Largest number of tiles in one PDU (2 to 16).
  parameter integer MaxTiles = 8,
  // Framebuffer size in pixels (multiples of 8).
  parameter integer FbWidth = 64,
  parameter integer FbHeight = 48
) (
  input  wire                                clk_i,
  input  wire                                rst_ni,
  // PDUs in.
  input  wire [31:0]                         s_pdu_tdata_i,
  input  wire [3:0]                          s_pdu_tkeep_i,
  input  wire                                s_pdu_tvalid_i,
  output wire                                s_pdu_tready_o,
  input  wire                                s_pdu_tlast_i,
  input  wire [IndexBits-1:0]                s_pdu_index_i,
  input  wire [15:0]                         s_pdu_len_i,
  // The control VC (CTL_VC register).
  input  wire                                ctl_en_i,
  input  wire [IndexBits-1:0]                ctl_index_i,
  // Window table: table read port (active copy, via display_visibility).
  output wire                                tab_req_o,
  output wire [$clog2(NumWin)-1:0]           tab_win_o,
  input  wire                                tab_gnt_i,
  input  wire                                tab_valid_i,
  input  wire [6*CoordBits+4:0]              tab_desc_i,
  // Window table: update port (shadow copy) for control commands.
  output wire                                upd_req_o,
  input  wire                                upd_ready_i,
  output wire [$clog2(NumWin)-1:0]           upd_win_o,
  output wire                                upd_whole_o,
  output wire [31:0]                         upd_data_o,
  output wire [31:0]                         upd_mask_o,
  output wire [6*CoordBits+4:0]              upd_desc_o,
  // Swap handshake.
  input  wire                                swap_pending_i,
  input  wire                                swap_i,
  output wire                                blit_idle_o,
  // Framebuffer write port (RGB565).
  output reg                                 fb_we_o,
  output reg  [$clog2(FbWidth*FbHeight)-1:0] fb_addr_o,
  output reg  [15:0]                         fb_data_o,
  // Events and counters (wrap).
  output reg                                 done_o,
  output reg                                 evt_drop_o,
  output reg                                 evt_ctl_drop_o,
  output reg  [31:0]                         stat_pdus_o,
  output reg  [31:0]                         stat_drop_nowin_o,
  output reg  [31:0]                         stat_drop_malformed_o,
  output reg  [31:0]                         stat_pix_clipped_o,
  output reg  [31:0]                         stat_pix_occluded_o,
  output reg  [31:0]                         stat_ctl_msgs_o,
  output reg  [31:0]                         stat_ctl_drop_o
);

  localparam integer C = CoordBits;
  localparam integer DescBits = 6 * C + 5;
  localparam integer WinBits = $clog2(NumWin);
  localparam integer BankWords = MaxTiles * 32;
  localparam integer BankBits = $clog2(BankWords);
  // Tile number inside a bank, tile (or command) count of a bank.
  localparam integer TBits = BankBits - 5;
  localparam integer KBits = BankBits;
  localparam integer FbAddrBits = $clog2(FbWidth * FbHeight);
  localparam integer XBits = $clog2(FbWidth);
  localparam integer YBits = $clog2(FbHeight);
  localparam integer SBits = C + 2;
  localparam integer TileColsI = FbWidth / 8;
  localparam integer TileRowsI = FbHeight / 8;
  localparam [16:0] TileCols = TileColsI[16:0];
  localparam [15:0] TileRows = TileRowsI[15:0];
  localparam [7:0] MaxTilesW = MaxTiles[7:0];
  localparam integer CtlMaxLenI = BankWords * 4;
  localparam [15:0] CtlMaxLen = CtlMaxLenI[15:0];
  localparam [7:0] NumWinW = NumWin[7:0];

  // ---------------------------------------------------------------- receive side
  // Receive writes only a bank that is not full, drawing reads only a full one, so
  // the RAM needs no read-during-write bypass.
  (* no_rw_check *)
  reg  [31:0]          buf_q [0:(2 << BankBits)-1];
  reg  [31:0]          rd_q;
  reg  [13:0]          rx_word_q;
  reg                  rx_bank_q;
  reg  [15:0]          rx_tx_q;
  reg  [15:0]          rx_ty_q;
  reg  [7:0]           rx_cnt_q;
  reg  [7:0]           rx_fmt_q;
  reg  [2:0]           rx_ctype_q;
  reg                  rx_cerr_q;
  reg  [1:0]           full_q;
  // Per bank: control PDU, window number, no-window flag, tile x, tile y, count.
  reg                  d_ctl_q [0:1];
  reg  [WinBits-1:0]   d_win_q [0:1];
  reg                  d_nowin_q [0:1];
  reg  [15:0]          d_tx_q [0:1];
  reg  [15:0]          d_ty_q [0:1];
  reg  [KBits-1:0]     d_k_q [0:1];

  wire        rx_take = s_pdu_tvalid_i & s_pdu_tready_o;
  wire        rx_end = rx_take & s_pdu_tlast_i;
  wire        rx_ctl = ctl_en_i & (s_pdu_index_i == ctl_index_i);

  // Tile PDU checks. The length is held for the whole PDU: what follows from it is
  // registered with each word, so it is the current PDU's from its second word on (a
  // PDU of one word is malformed in either kind); so are the position and count checks,
  // from the trailer words two and more cycles before the last.
  wire [15:0] len_m16 = s_pdu_len_i - 16'd16;
  wire [8:0]  len_k = len_m16[15:7];
  wire        len_ok = (s_pdu_len_i >= 16'd144) && (len_m16[6:0] == 7'd0) &&
                       (len_k <= {1'b0, MaxTilesW});
  reg         len_ok_q;
  reg  [7:0]  len_k_q;
  reg  [13:0] pix_words_q;
  reg  [13:0] tile_last_q;
  reg         pos_ok_q;
  reg         cnt_ok_q;
  reg         clen_ok_q;
  reg  [13:0] ctl_last_q;
  wire [16:0] tx_end = {1'b0, rx_tx_q} + {9'd0, len_k_q};
  wire        tile_good = len_ok_q && (rx_word_q == tile_last_q) && cnt_ok_q && pos_ok_q;

  // Control PDU checks, word by word: word 0 of a command {type, window, enable, z},
  // words 1..3 {x, y} pairs (offset: signed CoordBits bits; clip: unsigned), all zero
  // for the enable (3) and z (4) commands.
  wire [31:0] w = s_pdu_tdata_i;
  wire [2:0]  w_type = w[26:24];
  wire        w0_bad = (w[31:24] < 8'd2) || (w[31:24] > 8'd4) || (w[23:16] >= NumWinW) ||
                       (w[15:8] > 8'd1) || (w[7:0] > 8'd15) ||
                       ((w_type == 3'd3) && (w[7:0] != 8'd0)) ||
                       ((w_type == 3'd4) && (w[15:8] != 8'd0));
  wire        off_ok = ((w[31:16+C-1] == {(17-C){1'b0}}) ||
                        (w[31:16+C-1] == {(17-C){1'b1}})) &&
                       ((w[15:C-1] == {(17-C){1'b0}}) || (w[15:C-1] == {(17-C){1'b1}}));
  wire        clip_ok = (w[31:16+C] == {(16-C){1'b0}}) && (w[15:C] == {(16-C){1'b0}});
  reg         wn_bad;
  always @(*) begin
    case (rx_word_q[1:0])
      2'd0: wn_bad = w0_bad;
      2'd1: wn_bad = (rx_ctype_q == 3'd2) ? ~off_ok : (w != 32'd0);
      default: wn_bad = (rx_ctype_q == 3'd2) ? ~clip_ok : (w != 32'd0);
    endcase
  end
  wire        cerr = ((rx_word_q != 14'd0) & rx_cerr_q) | wn_bad;
  // The last word of a good control PDU is word 3 of a command: its own check is short,
  // the others' come registered.
  wire        w3_bad = (rx_ctype_q == 3'd2) ? ~clip_ok : (w != 32'd0);
  wire        clen_ok = (s_pdu_len_i != 16'd0) && (s_pdu_len_i[3:0] == 4'd0) &&
                        (s_pdu_len_i <= CtlMaxLen);
  wire        ctl_good = clen_ok_q && (rx_word_q == ctl_last_q) && ~rx_cerr_q && ~w3_bad;

  wire        rx_good = (rx_word_q != 14'd0) && (rx_ctl ? ctl_good : tile_good);
  wire        idx_high;
  generate
    if (IndexBits > WinBits) begin : g_idx_high
      assign idx_high = |s_pdu_index_i[IndexBits-1:WinBits];
    end else begin : g_idx_fits
      assign idx_high = 1'b0;
    end
  endgenerate
  wire [WinBits-1:0] rx_win;
  generate
    if (IndexBits >= WinBits) begin : g_win_cut
      assign rx_win = s_pdu_index_i[WinBits-1:0];
    end else begin : g_win_ext
      assign rx_win = {{(WinBits-IndexBits){1'b0}}, s_pdu_index_i};
    end
  endgenerate

  // The end-of-PDU decision is registered and takes effect the cycle after the last
  // word (end_q), when the input takes no word.
  reg                 end_q;
  reg                 end_good_q;
  reg                 end_ctl_q;
  reg                 end_nowin_q;
  reg  [WinBits-1:0]  end_win_q;
  assign s_pdu_tready_o = ~full_q[rx_bank_q] & ~end_q;

  // ---------------------------------------------------------------- draw side
  reg                 bl_busy_q;
  reg                 bl_ctl_q;
  reg                 bl_bank_q;
  reg                 iss_q;
  reg  [KBits-1:0]    bl_t_q;
  // The loaded tile is the PDU's last.
  reg                 bl_last_q;
  reg  [KBits-1:0]    prep_t_q;
  reg  [2:0]          bl_r_q;
  reg  [2:0]          bl_c_q;
  reg  [63:0]         cur_own_q;
  reg  [63:0]         cur_cov_q;
  reg  [XBits-1:0]    cur_sx_q;
  reg  [YBits-1:0]    cur_sy_q;
  // The visibility job: its result is waiting (nxt_valid_q) and is the first tile of
  // the next PDU (job_new_q) rather than the next tile of this one.
  reg                 nxt_valid_q;
  reg                 job_new_q;
  // Control command sequencer.
  reg  [2:0]          cph_q;
  reg  [KBits-1:0]    cmsg_q;
  reg  [KBits-1:0]    cleft_q;
  reg  [2:0]          ctype_q;
  reg  [WinBits-1:0]  cwin_q;
  reg  [DescBits-1:0] cdesc_q;
  // Pixel pipeline stage 1 (the bank word is being read) and events.
  reg                 p1_valid_q;
  reg                 p1_half_q;
  reg                 p1_last_q;
  reg                 p1_own_q;
  reg                 p1_cov_q;
  reg  [XBits-1:0]    p1_x_q;
  reg  [YBits-1:0]    p1_y_q;
  reg                 p1_drop_q;
  reg                 p1_ctl_q;

  wire                vis_ready;
  wire                vis_done;
  wire                vis_en;
  wire [SBits-1:0]    vis_sx;
  wire [SBits-1:0]    vis_sy;
  wire [63:0]         vis_own;
  wire [63:0]         vis_cov;

  wire [KBits-1:0] cur_k = d_k_q[bl_bank_q];
  wire        tile_end = iss_q && (bl_c_q == 3'd7) && (bl_r_q == 3'd7);
  wire        last_tile = bl_last_q;
  wire        pdu_end = tile_end & last_tile;
  // The bank the next PDU comes from.
  wire        nb = bl_busy_q ? ~bl_bank_q : bl_bank_q;
  wire        hold = swap_pending_i | swap_i;
  // Visibility jobs: the next tile of this PDU, or the first of the next PDU once
  // every tile of this one is prepared.
  wire        job_ok = vis_ready & ~nxt_valid_q & ~vis_done;
  wire        job_tile = job_ok & bl_busy_q & ~bl_ctl_q & (prep_t_q == bl_t_q) & ~last_tile;
  wire        job_pdu = job_ok & ~job_tile & full_q[nb] & ~d_ctl_q[nb] & ~hold &
                        (~bl_busy_q | bl_ctl_q | ((prep_t_q == bl_t_q) & last_tile));
  wire        job_bank = job_tile ? bl_bank_q : nb;
  wire [15:0] job_tx = d_tx_q[job_bank] +
                       (job_tile ? {{(16-KBits){1'b0}}, bl_t_q + 1'b1} : 16'd0);
  wire [C-1:0] job_vx = {job_tx[C-4:0], 3'd0};
  wire [C-1:0] job_vy = {d_ty_q[job_bank][C-4:0], 3'd0};
  // Using a prepared result.
  wire        load_tile = nxt_valid_q & ~job_new_q & bl_busy_q & ~bl_ctl_q &
                          (~iss_q | (tile_end & ~last_tile));
  wire        new_ok = nxt_valid_q & job_new_q & ~hold;
  wire        new_drop = ~vis_en | d_nowin_q[nb];
  wire        start_new = new_ok & ~new_drop & (~bl_busy_q | pdu_end);
  wire        drop_new = new_ok & new_drop & ~bl_busy_q;
  wire        start_ctl = ~bl_busy_q & full_q[nb] & d_ctl_q[nb] & ~hold;
  wire        load = load_tile | start_new;

  // Control commands: phases 0..3 read words 0..3 of command cmsg_q, 1..4 take them,
  // 5 writes.
  wire        cread = bl_busy_q & bl_ctl_q & (cph_q < 3'd4);
  wire        ctake = bl_busy_q & bl_ctl_q & (cph_q != 3'd0) & (cph_q < 3'd5);
  assign upd_req_o = bl_busy_q & bl_ctl_q & (cph_q == 3'd5);
  wire        cgo = upd_req_o & upd_ready_i;
  wire        clast = (cleft_q == {{(KBits-1){1'b0}}, 1'b1});
  assign upd_win_o = cwin_q;
  assign upd_whole_o = (ctype_q == 3'd2);
  assign upd_data_o = {20'd0, cdesc_q[6*C +: 4], 7'd0, cdesc_q[6*C + 4]};
  assign upd_mask_o = (ctype_q == 3'd3) ? 32'h0000_0001 : 32'h0000_0F00;
  assign upd_desc_o = cdesc_q;

  wire [BankBits:0] rd_addr = bl_ctl_q ?
      {bl_bank_q, cmsg_q[BankBits-3:0], cph_q[1:0]} :
      {bl_bank_q, bl_t_q[TBits-1:0], bl_r_q, bl_c_q[2:1]};
  wire [5:0]  pix = {bl_r_q, bl_c_q};
  wire [XBits-1:0] px = cur_sx_q + {{(XBits-3){1'b0}}, bl_c_q};
  wire [YBits-1:0] py = cur_sy_q + {{(YBits-3){1'b0}}, bl_r_q};
  wire [15:0] p1_pix = p1_half_q ? rd_q[15:0] : rd_q[31:16];
  // Address y * FbWidth + x, worked out in 32 bits.
  localparam [31:0] FbWidth32 = FbWidth;
  wire [31:0] p1_addr32 = {{(32-YBits){1'b0}}, p1_y_q} * FbWidth32 +
                          {{(32-XBits){1'b0}}, p1_x_q};

  assign blit_idle_o = ~bl_busy_q & ~p1_valid_q & ~p1_drop_q & ~p1_ctl_q & vis_ready &
                       ~vis_done;

  display_visibility #(
    .NumWin(NumWin),
    .CoordBits(CoordBits),
    .FbWidth(FbWidth),
    .FbHeight(FbHeight)
  ) u_vis (
    .clk_i(clk_i),
    .rst_ni(rst_ni),
    .start_i(job_tile | job_pdu),
    .ready_o(vis_ready),
    .win_i(d_win_q[job_bank]),
    .vx_i(job_vx),
    .vy_i(job_vy),
    .tab_req_o(tab_req_o),
    .tab_win_o(tab_win_o),
    .tab_gnt_i(tab_gnt_i),
    .tab_valid_i(tab_valid_i),
    .tab_desc_i(tab_desc_i),
    .done_o(vis_done),
    .en_o(vis_en),
    .sx_o(vis_sx),
    .sy_o(vis_sy),
    .own_o(vis_own),
    .cov_o(vis_cov)
  );

  integer b;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rx_word_q <= 14'd0;
      rx_bank_q <= 1'b0;
      rx_tx_q <= 16'd0;
      rx_ty_q <= 16'd0;
      rx_cnt_q <= 8'd0;
      rx_fmt_q <= 8'd0;
      rx_ctype_q <= 3'd0;
      len_ok_q <= 1'b0;
      len_k_q <= 8'd0;
      pix_words_q <= 14'd0;
      tile_last_q <= 14'd0;
      pos_ok_q <= 1'b0;
      cnt_ok_q <= 1'b0;
      clen_ok_q <= 1'b0;
      ctl_last_q <= 14'd0;
      rx_cerr_q <= 1'b0;
      full_q <= 2'b00;
      end_q <= 1'b0;
      end_good_q <= 1'b0;
      end_ctl_q <= 1'b0;
      end_nowin_q <= 1'b0;
      end_win_q <= {WinBits{1'b0}};
      for (b = 0; b < 2; b = b + 1) begin
        d_ctl_q[b] <= 1'b0;
        d_win_q[b] <= {WinBits{1'b0}};
        d_nowin_q[b] <= 1'b0;
        d_tx_q[b] <= 16'd0;
        d_ty_q[b] <= 16'd0;
        d_k_q[b] <= {KBits{1'b0}};
      end
      bl_busy_q <= 1'b0;
      bl_ctl_q <= 1'b0;
      bl_bank_q <= 1'b0;
      iss_q <= 1'b0;
      bl_t_q <= {KBits{1'b0}};
      bl_last_q <= 1'b0;
      prep_t_q <= {KBits{1'b0}};
      bl_r_q <= 3'd0;
      bl_c_q <= 3'd0;
      cur_sx_q <= {XBits{1'b0}};
      cur_sy_q <= {YBits{1'b0}};
      nxt_valid_q <= 1'b0;
      job_new_q <= 1'b0;
      cph_q <= 3'd0;
      cmsg_q <= {KBits{1'b0}};
      cleft_q <= {KBits{1'b0}};
      ctype_q <= 3'd0;
      cwin_q <= {WinBits{1'b0}};
      cdesc_q <= {DescBits{1'b0}};
      p1_valid_q <= 1'b0;
      p1_half_q <= 1'b0;
      p1_last_q <= 1'b0;
      p1_own_q <= 1'b0;
      p1_cov_q <= 1'b0;
      p1_x_q <= {XBits{1'b0}};
      p1_y_q <= {YBits{1'b0}};
      p1_drop_q <= 1'b0;
      p1_ctl_q <= 1'b0;
      fb_we_o <= 1'b0;
      fb_addr_o <= {FbAddrBits{1'b0}};
      fb_data_o <= 16'd0;
      done_o <= 1'b0;
      evt_drop_o <= 1'b0;
      evt_ctl_drop_o <= 1'b0;
      stat_pdus_o <= 32'd0;
      stat_drop_nowin_o <= 32'd0;
      stat_drop_malformed_o <= 32'd0;
      stat_pix_clipped_o <= 32'd0;
      stat_pix_occluded_o <= 32'd0;
      stat_ctl_msgs_o <= 32'd0;
      stat_ctl_drop_o <= 32'd0;
    end else begin
      // Receive.
      evt_drop_o <= 1'b0;
      evt_ctl_drop_o <= 1'b0;
      if (rx_take) begin
        rx_word_q <= s_pdu_tlast_i ? 14'd0 : rx_word_q + 14'd1;
        len_ok_q <= len_ok;
        len_k_q <= len_k[7:0];
        pix_words_q <= {len_k, 5'd0};
        tile_last_q <= {len_k, 5'd0} + 14'd3;
        clen_ok_q <= clen_ok;
        ctl_last_q <= s_pdu_len_i[15:2] - 14'd1;
        if (rx_word_q == pix_words_q) begin
          rx_tx_q <= s_pdu_tdata_i[31:16];
          rx_ty_q <= s_pdu_tdata_i[15:0];
        end
        if (rx_word_q == pix_words_q + 14'd1) begin
          rx_cnt_q <= s_pdu_tdata_i[31:24];
          rx_fmt_q <= s_pdu_tdata_i[23:16];
        end
        if (rx_word_q[1:0] == 2'd0) begin
          rx_ctype_q <= w_type;
        end
        rx_cerr_q <= cerr;
      end
      end_q <= rx_end;
      if (rx_end) begin
        end_good_q <= rx_good;
        end_ctl_q <= rx_ctl;
        end_win_q <= rx_win;
        end_nowin_q <= idx_high;
      end
      if (end_q) begin
        if (end_good_q) begin
          d_ctl_q[rx_bank_q] <= end_ctl_q;
          d_win_q[rx_bank_q] <= end_win_q;
          d_nowin_q[rx_bank_q] <= end_nowin_q;
          d_tx_q[rx_bank_q] <= rx_tx_q;
          d_ty_q[rx_bank_q] <= rx_ty_q;
          d_k_q[rx_bank_q] <= end_ctl_q ? ctl_last_q[KBits+1:2] + 1'b1 : len_k_q[KBits-1:0];
          rx_bank_q <= ~rx_bank_q;
        end else if (end_ctl_q) begin
          stat_ctl_drop_o <= stat_ctl_drop_o + 32'd1;
          evt_ctl_drop_o <= 1'b1;
        end else begin
          stat_drop_malformed_o <= stat_drop_malformed_o + 32'd1;
          evt_drop_o <= 1'b1;
        end
      end

      pos_ok_q <= (tx_end <= TileCols) && (rx_ty_q < TileRows);
      cnt_ok_q <= (rx_cnt_q == len_k_q) && (rx_fmt_q == 8'd0);

      // Visibility results.
      if (vis_done) begin
        nxt_valid_q <= 1'b1;
      end
      if (job_tile | job_pdu) begin
        job_new_q <= job_pdu;
        if (job_tile) begin
          prep_t_q <= bl_t_q + 1'b1;
        end
      end
      if (load | drop_new | swap_i) begin
        nxt_valid_q <= 1'b0;
      end

      // Draw: issue one pixel a cycle.
      if (iss_q) begin
        bl_c_q <= bl_c_q + 3'd1;
        if (bl_c_q == 3'd7) begin
          bl_r_q <= bl_r_q + 3'd1;
        end
        if (tile_end) begin
          iss_q <= 1'b0;
        end
      end
      if (pdu_end) begin
        bl_busy_q <= 1'b0;
        bl_bank_q <= ~bl_bank_q;
      end
      if (load) begin
        iss_q <= 1'b1;
        bl_r_q <= 3'd0;
        bl_c_q <= 3'd0;
        cur_sx_q <= vis_sx[XBits-1:0];
        cur_sy_q <= vis_sy[YBits-1:0];
        bl_t_q <= load_tile ? bl_t_q + 1'b1 : {KBits{1'b0}};
        bl_last_q <= load_tile ? (bl_t_q + {{(KBits-2){1'b0}}, 2'd2} == cur_k) :
                                 (d_k_q[nb] == {{(KBits-1){1'b0}}, 1'b1});
      end
      if (start_new) begin
        prep_t_q <= {KBits{1'b0}};
        bl_bank_q <= nb;
        bl_busy_q <= 1'b1;
        bl_ctl_q <= 1'b0;
      end
      if (drop_new) begin
        // No window: drop the PDU now (done_o two cycles later, like a drawn PDU).
        bl_bank_q <= ~nb;
      end

      // Control commands.
      if (start_ctl) begin
        bl_busy_q <= 1'b1;
        bl_ctl_q <= 1'b1;
        bl_bank_q <= nb;
        cph_q <= 3'd0;
        cmsg_q <= {KBits{1'b0}};
        cleft_q <= d_k_q[nb];
      end
      if (cread | ctake) begin
        cph_q <= cph_q + 3'd1;
      end
      if (ctake) begin
        case (cph_q)
          3'd1: begin
            ctype_q <= rd_q[26:24];
            cwin_q <= rd_q[16 +: WinBits];
            cdesc_q[6*C + 4] <= rd_q[8];
            cdesc_q[6*C +: 4] <= rd_q[3:0];
          end
          3'd2: begin
            cdesc_q[0 +: C] <= rd_q[16 +: C];
            cdesc_q[C +: C] <= rd_q[0 +: C];
          end
          3'd3: begin
            cdesc_q[2*C +: C] <= rd_q[16 +: C];
            cdesc_q[3*C +: C] <= rd_q[0 +: C];
          end
          default: begin
            cdesc_q[4*C +: C] <= rd_q[16 +: C];
            cdesc_q[5*C +: C] <= rd_q[0 +: C];
          end
        endcase
      end
      if (cgo) begin
        stat_ctl_msgs_o <= stat_ctl_msgs_o + 32'd1;
        cph_q <= 3'd0;
        cmsg_q <= cmsg_q + 1'b1;
        cleft_q <= cleft_q - 1'b1;
        if (clast) begin
          bl_busy_q <= 1'b0;
          bl_ctl_q <= 1'b0;
          bl_bank_q <= ~bl_bank_q;
        end
      end

      // Stage 1.
      p1_valid_q <= iss_q;
      p1_half_q <= bl_c_q[0];
      p1_last_q <= pdu_end;
      p1_own_q <= cur_own_q[pix];
      p1_cov_q <= cur_cov_q[pix];
      p1_x_q <= px;
      p1_y_q <= py;
      p1_drop_q <= drop_new;
      p1_ctl_q <= cgo & clast;
      // Stage 2: the framebuffer write.
      fb_we_o <= 1'b0;
      done_o <= 1'b0;
      if (p1_valid_q) begin
        if (!p1_own_q) begin
          stat_pix_clipped_o <= stat_pix_clipped_o + 32'd1;
        end else if (p1_cov_q) begin
          stat_pix_occluded_o <= stat_pix_occluded_o + 32'd1;
        end else begin
          fb_we_o <= 1'b1;
        end
        fb_addr_o <= p1_addr32[FbAddrBits-1:0];
        fb_data_o <= p1_pix;
        if (p1_last_q) begin
          done_o <= 1'b1;
          stat_pdus_o <= stat_pdus_o + 32'd1;
        end
      end
      if (p1_drop_q) begin
        done_o <= 1'b1;
        stat_drop_nowin_o <= stat_drop_nowin_o + 32'd1;
        evt_drop_o <= 1'b1;
      end
      if (p1_ctl_q) begin
        done_o <= 1'b1;
      end
      // Bank flags: set by a good PDU's last word, cleared when it has been drawn,
      // dropped or applied.
      for (b = 0; b < 2; b = b + 1) begin
        if (end_q && end_good_q && (rx_bank_q == b[0])) begin
          full_q[b] <= 1'b1;
        end else if ((pdu_end && (bl_bank_q == b[0])) ||
                     (drop_new && (nb == b[0])) ||
                     (cgo && clast && (bl_bank_q == b[0]))) begin
          full_q[b] <= 1'b0;
        end
      end
    end
  end

  // The masks of the tile being drawn (loaded with each tile, no reset needed).
  always @(posedge clk_i) begin
    if (load) begin
      cur_own_q <= vis_own;
      cur_cov_q <= vis_cov;
    end
  end

  // The PDU banks (inferred RAM, registered read).
  always @(posedge clk_i) begin
    if (rx_take && (rx_word_q < BankWords[13:0])) begin
      buf_q[{rx_bank_q, rx_word_q[BankBits-1:0]}] <= s_pdu_tdata_i;
    end
    rd_q <= buf_q[rd_addr];
  end

  // tkeep is all ones on every word of a well-formed PDU (its length is a multiple of
  // 4), and a PDU with any other length is dropped by the length checks. Only the low
  // bits of the tile column (bounded by the frame check) are used, and the tile
  // origin's low bits (pixels outside the screen are never written).
  wire unused_ok = &{1'b0, s_pdu_tkeep_i, job_tx[15:C-3], p1_addr32[31:FbAddrBits],
                     vis_sx[SBits-1:XBits], vis_sy[SBits-1:YBits]};

endmodule
`default_nettype wire
