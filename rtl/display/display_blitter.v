`default_nettype none
// display_blitter: draws camera tile PDUs (doc/wire_formats.md, "Camera tile PDU") into
// the framebuffer through the window descriptor of their VC.
//
// Input: the reassembler's PDU stream (atm_aal5_reasm m_pdu_*), with the PDU's context
// index and length held for the whole PDU. A PDU carries k 8x8 RGB565 tiles of one
// tile row, then a 16-byte trailer (tile_x, tile_y, count, format, ...). Because the
// position comes last, a PDU is first stored whole in one of two pixel banks (each
// MaxTiles x 32 words); the other bank is drawn meanwhile. Checks, at the PDU's last
// word: length = 128k + 16 with 1 <= k <= MaxTiles, count = k, format = 0, tile row
// in_clip the video frame ((tile_x + k) * 8 <= FbWidth, (tile_y + 1) * 8 <= FbHeight);
// a PDU failing any is dropped and counted (stat_drop_malformed_o).
//
// Drawing: the PDU's window is index[log2(NumWin)-1:0] (an index at or above NumWin,
// or a disabled window, drops the PDU: stat_drop_nowin_o). Pixel (px, py) of the video
// frame goes to screen (off_x + px, off_y + py) if that lies on the screen and in_clip
// the window's clip rectangle (else counted in stat_pix_clipped_o) and no enabled
// window in front of it (higher z, or equal z and higher number) has the point in_clip
// its clip rectangle (else stat_pix_occluded_o). A new PDU is not started while a
// descriptor swap is pending (swap_pending_i), and blit_idle_o tells the table when no
// PDU is being drawn, so each PDU sees one table.
//
// Throughput: one pixel a cycle, PDU after PDU with no gap (the next PDU starts in the
// cycle after the last pixel of the previous one is issued); the input takes a word
// (2 pixels) a cycle while a bank is free. Latency: the last pixel of a k-tile PDU is
// written to the framebuffer 64k + 3 cycles after its last word is taken, when the
// blitter was idle. done_o pulses once for each PDU that reaches the drawing side
// (drawn or dropped for want of a window), in PDU order: in the cycle its last pixel
// write is on fb_we_o (a dropped PDU: two cycles after its drop decision).
module display_blitter #(
  // Windows in the table (a power of two).
  parameter integer NumWin = 16,
  // Coordinate bits of the window descriptors.
  parameter integer CoordBits = 12,
  // VC context index bits of the PDU stream.
  parameter integer IndexBits = 6,
  // Largest number of tiles in one PDU.
  parameter integer MaxTiles = 8,
  // Framebuffer size in pixels (multiples of 8).
  parameter integer FbWidth = 64,
  parameter integer FbHeight = 48
) (
  input  wire                               clk_i,
  input  wire                               rst_ni,
  // Tile PDUs in.
  input  wire [31:0]                        s_pdu_tdata_i,
  input  wire [3:0]                         s_pdu_tkeep_i,
  input  wire                               s_pdu_tvalid_i,
  output wire                               s_pdu_tready_o,
  input  wire                               s_pdu_tlast_i,
  input  wire [IndexBits-1:0]               s_pdu_index_i,
  input  wire [15:0]                        s_pdu_len_i,
  // The active window table (display_windows active_o) and the swap handshake.
  input  wire [NumWin*(6*CoordBits+5)-1:0]  win_i,
  input  wire                               swap_pending_i,
  output wire                               blit_idle_o,
  // Framebuffer write port (RGB565).
  output reg                                fb_we_o,
  output reg  [$clog2(FbWidth*FbHeight)-1:0] fb_addr_o,
  output reg  [15:0]                        fb_data_o,
  // Events and counters (wrap).
  output reg                                done_o,
  output reg  [31:0]                        stat_pdus_o,
  output reg  [31:0]                        stat_drop_nowin_o,
  output reg  [31:0]                        stat_drop_malformed_o,
  output reg  [31:0]                        stat_pix_clipped_o,
  output reg  [31:0]                        stat_pix_occluded_o
);

  localparam integer DescBits = 6 * CoordBits + 5;
  localparam integer WinBits = $clog2(NumWin);
  localparam integer BankWords = MaxTiles * 32;
  localparam integer BankBits = $clog2(BankWords);
  localparam integer FbAddrBits = $clog2(FbWidth * FbHeight);
  // Screen coordinates: signed, CoordBits + 2 bits.
  localparam integer SBits = CoordBits + 2;
  localparam integer TileColsI = FbWidth / 8;
  localparam integer TileRowsI = FbHeight / 8;
  localparam [16:0] TileCols = TileColsI[16:0];
  localparam [15:0] TileRows = TileRowsI[15:0];
  localparam [SBits-2:0] FbW = FbWidth[SBits-2:0];
  localparam [SBits-2:0] FbH = FbHeight[SBits-2:0];
  localparam [7:0] MaxTilesW = MaxTiles[7:0];

  // ---------------------------------------------------------------- receive side
  // Two banks of 2**BankBits words (MaxTiles * 32 of each used).
  reg  [31:0]          buf_q [0:(2 << BankBits)-1];
  reg  [13:0]          rx_word_q;
  reg                  rx_bank_q;
  reg  [15:0]          rx_tx_q;
  reg  [15:0]          rx_ty_q;
  reg  [7:0]           rx_cnt_q;
  reg  [7:0]           rx_fmt_q;
  reg  [1:0]           full_q;
  // Per bank: window number, no-window flag, tile x, tile y, count.
  reg  [WinBits-1:0]   d_win_q [0:1];
  reg                  d_nowin_q [0:1];
  reg  [15:0]          d_tx_q [0:1];
  reg  [15:0]          d_ty_q [0:1];
  reg  [7:0]           d_k_q [0:1];

  wire [15:0] len_m16 = s_pdu_len_i - 16'd16;
  wire [8:0]  len_k = len_m16[15:7];
  wire        len_ok = (s_pdu_len_i >= 16'd144) && (len_m16[6:0] == 7'd0) &&
                       (len_k <= {1'b0, MaxTilesW});
  wire [13:0] pix_words = {len_k[8:0], 5'd0};
  wire        rx_take = s_pdu_tvalid_i & s_pdu_tready_o;
  wire [16:0] tx_end = {1'b0, rx_tx_q} + {9'd0, len_k[7:0]};
  wire        pos_ok = (tx_end <= TileCols) && (rx_ty_q < TileRows);
  wire        rx_good = len_ok && (rx_word_q == pix_words + 14'd3) &&
                        (rx_cnt_q == len_k[7:0]) && (rx_fmt_q == 8'd0) && pos_ok;
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

  assign s_pdu_tready_o = ~full_q[rx_bank_q];

  // ---------------------------------------------------------------- draw side
  reg                 bl_busy_q;
  reg                 bl_bank_q;
  reg  [7:0]          bl_t_q;
  reg  [2:0]          bl_r_q;
  reg  [2:0]          bl_c_q;
  reg  [WinBits-1:0]  bl_win_q;
  // Pipeline stage 1: the buffer word is being read.
  reg                 p1_valid_q;
  reg                 p1_half_q;
  reg                 p1_last_q;
  reg                 p1_drop_q;
  reg  [SBits-1:0]    p1_sx_q;
  reg  [SBits-1:0]    p1_sy_q;
  reg  [WinBits-1:0]  p1_win_q;
  reg  [31:0]         rd_q;

  wire [7:0]  cur_k = d_k_q[bl_bank_q];
  wire        last_issue = bl_busy_q && (bl_c_q == 3'd7) && (bl_r_q == 3'd7) &&
                           (bl_t_q == cur_k - 8'd1);
  // The bank the next PDU would come from, and whether the draw side can take it.
  wire        nb = bl_busy_q ? ~bl_bank_q : bl_bank_q;
  wire [DescBits-1:0] nb_desc = win_i[d_win_q[nb]*DescBits +: DescBits];
  wire        nb_en = nb_desc[6*CoordBits + 4] & ~d_nowin_q[nb];
  // Draw the next PDU (chained to the last pixel of this one), or drop it (only when
  // idle, so that PDUs finish one a cycle at most, in order).
  wire        can_start = (~bl_busy_q | last_issue) & full_q[nb] & ~swap_pending_i & nb_en;
  wire        can_drop = ~bl_busy_q & full_q[nb] & ~swap_pending_i & ~nb_en;

  // Video-frame position of the pixel issued this cycle.
  wire [15:0] vtx = d_tx_q[bl_bank_q] + {8'd0, bl_t_q};
  wire [CoordBits-1:0] vx = {vtx[CoordBits-4:0], bl_c_q};
  wire [CoordBits-1:0] vy = {d_ty_q[bl_bank_q][CoordBits-4:0], bl_r_q};
  wire [DescBits-1:0] cur_desc = win_i[bl_win_q*DescBits +: DescBits];
  wire [CoordBits-1:0] off_x = cur_desc[0 +: CoordBits];
  wire [CoordBits-1:0] off_y = cur_desc[CoordBits +: CoordBits];
  wire [SBits-1:0] sx = {{2{off_x[CoordBits-1]}}, off_x} + {2'b00, vx};
  wire [SBits-1:0] sy = {{2{off_y[CoordBits-1]}}, off_y} + {2'b00, vy};
  wire [BankBits:0] rd_addr = {bl_bank_q, bl_t_q[BankBits-6:0], bl_r_q, bl_c_q[2:1]};

  // Visibility of the stage-1 pixel.
  wire        p1_neg = p1_sx_q[SBits-1] | p1_sy_q[SBits-1];
  wire [SBits-2:0] p1_x = p1_sx_q[SBits-2:0];
  wire [SBits-2:0] p1_y = p1_sy_q[SBits-2:0];
  reg  [NumWin-1:0] in_clip;
  reg  [NumWin-1:0] front;
  reg               own_in;
  reg               covered;
  integer w;
  always @(*) begin
    for (w = 0; w < NumWin; w = w + 1) begin
      in_clip[w] = ~p1_neg &&
          (p1_x >= {1'b0, win_i[w*DescBits + 2*CoordBits +: CoordBits]}) &&
          (p1_y >= {1'b0, win_i[w*DescBits + 3*CoordBits +: CoordBits]}) &&
          (p1_x <= {1'b0, win_i[w*DescBits + 4*CoordBits +: CoordBits]}) &&
          (p1_y <= {1'b0, win_i[w*DescBits + 5*CoordBits +: CoordBits]});
      front[w] = win_i[w*DescBits + 6*CoordBits + 4] &&
          ((win_i[w*DescBits + 6*CoordBits +: 4] >
            win_i[p1_win_q*DescBits + 6*CoordBits +: 4]) ||
           ((win_i[w*DescBits + 6*CoordBits +: 4] ==
             win_i[p1_win_q*DescBits + 6*CoordBits +: 4]) && (w > p1_win_q)));
    end
    own_in = in_clip[p1_win_q] && (p1_x < FbW) && (p1_y < FbH);
    covered = |(in_clip & front);
  end
  wire [15:0] p1_pix = p1_half_q ? rd_q[15:0] : rd_q[31:16];
  // Address y * FbWidth + x, worked out in 32 bits.
  localparam [31:0] FbWidth32 = FbWidth;
  wire [31:0] p1_addr32 = {{(33-SBits){1'b0}}, p1_y} * FbWidth32 + {{(33-SBits){1'b0}}, p1_x};
  wire [FbAddrBits-1:0] p1_addr = p1_addr32[FbAddrBits-1:0];

  assign blit_idle_o = ~bl_busy_q & ~p1_valid_q;

  integer b;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      rx_word_q <= 14'd0;
      rx_bank_q <= 1'b0;
      rx_tx_q <= 16'd0;
      rx_ty_q <= 16'd0;
      rx_cnt_q <= 8'd0;
      rx_fmt_q <= 8'd0;
      full_q <= 2'b00;
      for (b = 0; b < 2; b = b + 1) begin
        d_win_q[b] <= {WinBits{1'b0}};
        d_nowin_q[b] <= 1'b0;
        d_tx_q[b] <= 16'd0;
        d_ty_q[b] <= 16'd0;
        d_k_q[b] <= 8'd0;
      end
      bl_busy_q <= 1'b0;
      bl_bank_q <= 1'b0;
      bl_t_q <= 8'd0;
      bl_r_q <= 3'd0;
      bl_c_q <= 3'd0;
      bl_win_q <= {WinBits{1'b0}};
      p1_valid_q <= 1'b0;
      p1_half_q <= 1'b0;
      p1_last_q <= 1'b0;
      p1_drop_q <= 1'b0;
      p1_sx_q <= {SBits{1'b0}};
      p1_sy_q <= {SBits{1'b0}};
      p1_win_q <= {WinBits{1'b0}};
      fb_we_o <= 1'b0;
      fb_addr_o <= {FbAddrBits{1'b0}};
      fb_data_o <= 16'd0;
      done_o <= 1'b0;
      stat_pdus_o <= 32'd0;
      stat_drop_nowin_o <= 32'd0;
      stat_drop_malformed_o <= 32'd0;
      stat_pix_clipped_o <= 32'd0;
      stat_pix_occluded_o <= 32'd0;
    end else begin
      // Receive.
      if (rx_take) begin
        rx_word_q <= s_pdu_tlast_i ? 14'd0 : rx_word_q + 14'd1;
        if (rx_word_q == pix_words) begin
          rx_tx_q <= s_pdu_tdata_i[31:16];
          rx_ty_q <= s_pdu_tdata_i[15:0];
        end
        if (rx_word_q == pix_words + 14'd1) begin
          rx_cnt_q <= s_pdu_tdata_i[31:24];
          rx_fmt_q <= s_pdu_tdata_i[23:16];
        end
        if (s_pdu_tlast_i) begin
          if (rx_good) begin
            d_win_q[rx_bank_q] <= rx_win;
            d_nowin_q[rx_bank_q] <= idx_high;
            d_tx_q[rx_bank_q] <= rx_tx_q;
            d_ty_q[rx_bank_q] <= rx_ty_q;
            d_k_q[rx_bank_q] <= len_k[7:0];
            rx_bank_q <= ~rx_bank_q;
          end else begin
            stat_drop_malformed_o <= stat_drop_malformed_o + 32'd1;
          end
        end
      end
      // Draw: issue one pixel a cycle.
      done_o <= 1'b0;
      if (bl_busy_q) begin
        bl_c_q <= bl_c_q + 3'd1;
        if (bl_c_q == 3'd7) begin
          bl_r_q <= bl_r_q + 3'd1;
          if (bl_r_q == 3'd7) begin
            bl_t_q <= bl_t_q + 8'd1;
          end
        end
      end
      if (last_issue) begin
        bl_busy_q <= 1'b0;
        bl_bank_q <= ~bl_bank_q;
      end
      if (can_start) begin
        bl_t_q <= 8'd0;
        bl_r_q <= 3'd0;
        bl_c_q <= 3'd0;
        bl_bank_q <= nb;
        bl_win_q <= d_win_q[nb];
        bl_busy_q <= 1'b1;
      end
      if (can_drop) begin
        // No window: drop the PDU now (done_o two cycles later, like a drawn PDU).
        bl_bank_q <= ~nb;
      end
      // Stage 1.
      p1_valid_q <= bl_busy_q;
      p1_half_q <= bl_c_q[0];
      p1_last_q <= last_issue;
      p1_drop_q <= can_drop;
      p1_sx_q <= sx;
      p1_sy_q <= sy;
      p1_win_q <= bl_win_q;
      // Stage 2: the framebuffer write.
      fb_we_o <= 1'b0;
      if (p1_valid_q) begin
        if (!own_in) begin
          stat_pix_clipped_o <= stat_pix_clipped_o + 32'd1;
        end else if (covered) begin
          stat_pix_occluded_o <= stat_pix_occluded_o + 32'd1;
        end else begin
          fb_we_o <= 1'b1;
        end
        fb_addr_o <= p1_addr;
        fb_data_o <= p1_pix;
        if (p1_last_q) begin
          done_o <= 1'b1;
          stat_pdus_o <= stat_pdus_o + 32'd1;
        end
      end
      if (p1_drop_q) begin
        done_o <= 1'b1;
        stat_drop_nowin_o <= stat_drop_nowin_o + 32'd1;
      end
      // Bank flags: set by a good PDU's last word, cleared when its drawing ends.
      for (b = 0; b < 2; b = b + 1) begin
        if ((rx_take && s_pdu_tlast_i && rx_good && (rx_bank_q == b[0])) ) begin
          full_q[b] <= 1'b1;
        end else if ((last_issue && (bl_bank_q == b[0])) ||
                     (can_drop && (nb == b[0]))) begin
          full_q[b] <= 1'b0;
        end
      end
    end
  end

  // The pixel buffer (inferred RAM, registered read).
  always @(posedge clk_i) begin
    if (rx_take && len_ok && (rx_word_q < pix_words)) begin
      buf_q[{rx_bank_q, rx_word_q[BankBits-1:0]}] <= s_pdu_tdata_i;
    end
    rd_q <= buf_q[rd_addr];
  end

  // tkeep is all ones on every word of a well-formed tile PDU (its length is a multiple
  // of 4), and a PDU with any other length is dropped by the length check.
  // Only the low bits of the tile column (bounded by the frame check) and the offset
  // fields of the PDU's own descriptor are used here.
  wire unused_ok = &{1'b0, s_pdu_tkeep_i, len_k[8], vtx[15:CoordBits-3],
                     cur_desc[DescBits-1:2*CoordBits], p1_addr32[31:FbAddrBits]};

endmodule
`default_nettype wire
