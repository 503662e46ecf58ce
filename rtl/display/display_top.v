`default_nettype none
`include "pegasus_memory_map.vh"
// display_top: the Pegasus ATM display. Tile PDUs from the AAL5 reassembler
// (atm_aal5_reasm m_pdu_*) are drawn by display_blitter through the window descriptor
// of their VC (display_windows) into display_framebuffer, which display_scanout shows
// at 640x480@60 (by default; pixel doubling with Scale = 1). The SoC programs it over a
// Wishbone B4 slave: the DISPLAY region of rtl/soc/memory_map.yaml (ID, CTRL,
// IRQ_STATUS, IRQ_ENABLE, the window descriptor window WIN_SEL / WIN_OFFSET /
// WIN_CLIP_MIN / WIN_CLIP_MAX / WIN_CTRL into the shadow table, the drop and pixel
// counters, FRAMES); wb_adr_i is the byte offset in the region, wb_sel_i byte
// selects, one access a cycle with ack the cycle after, no wait states otherwise.
//
// Clocks: clk_i (system: bus, PDU stream, blitter, framebuffer writes) and pix_clk_i
// (scan-out, framebuffer reads), unrelated; each has its own reset. The frame
// boundary (start of vsync) crosses to clk_i as a toggle through two flops; there it
// makes the shadow descriptors active (at the first moment no PDU is being drawn),
// sets IRQ_STATUS.VSYNC and counts FRAMES. CTRL.EN low holds the PDU input (tready
// low) and blanks the picture. IRQ_STATUS.TILE_DROP is set when a PDU is dropped
// (no window or malformed). evt_done_o / evt_swap_o expose the blitter's PDU-finished
// and the table's swap pulses for test benches.
module display_top #(
  // Windows (a power of two, at least 16).
  parameter integer NumWin = 16,
  // Descriptor coordinate bits.
  parameter integer CoordBits = 12,
  // VC context index bits of the PDU stream (the reassembler's IndexBits).
  parameter integer IndexBits = 6,
  // Largest tile count of a PDU.
  parameter integer MaxTiles = 8,
  // Framebuffer size and depth.
  parameter integer FbWidth = 64,
  parameter integer FbHeight = 48,
  parameter integer PixelBits = 16,
  // Video timing (display_scanout).
  parameter integer HActive = 640,
  parameter integer HFront = 16,
  parameter integer HSync = 96,
  parameter integer HBack = 48,
  parameter integer VActive = 480,
  parameter integer VFront = 10,
  parameter integer VSync = 2,
  parameter integer VBack = 33,
  parameter integer Scale = 1
) (
  input  wire                 clk_i,
  input  wire                 rst_ni,
  input  wire                 pix_clk_i,
  input  wire                 pix_rst_ni,
  // Tile PDUs in (held sideband: context index and length).
  input  wire [31:0]          s_pdu_tdata_i,
  input  wire [3:0]           s_pdu_tkeep_i,
  input  wire                 s_pdu_tvalid_i,
  output wire                 s_pdu_tready_o,
  input  wire                 s_pdu_tlast_i,
  input  wire [IndexBits-1:0] s_pdu_index_i,
  input  wire [15:0]          s_pdu_len_i,
  // Wishbone B4 slave (registers).
  input  wire                 wb_cyc_i,
  input  wire                 wb_stb_i,
  input  wire                 wb_we_i,
  input  wire [15:0]          wb_adr_i,
  input  wire [31:0]          wb_dat_i,
  input  wire [3:0]           wb_sel_i,
  output reg  [31:0]          wb_dat_o,
  output reg                  wb_ack_o,
  output wire                 irq_o,
  // Video out (pix_clk_i domain).
  output wire [23:0]          rgb_o,
  output wire                 de_o,
  output wire                 hsync_o,
  output wire                 vsync_o,
  // Test bench events (clk_i domain).
  output wire                 evt_done_o,
  output wire                 evt_swap_o
);


  localparam integer DescBits = 6 * CoordBits + 5;
  localparam integer WinBits = $clog2(NumWin);
  localparam integer FbAddrBits = $clog2(FbWidth * FbHeight);

  // ---------------------------------------------------------------- registers
  reg                ctrl_en_q;
  reg  [1:0]         irq_st_q;
  reg  [1:0]         irq_en_q;
  reg  [WinBits-1:0] win_sel_q;
  reg  [31:0]        frames_q;
  reg  [31:0]        nowin_prev_q;
  reg  [31:0]        mal_prev_q;

  wire        acc = wb_cyc_i & wb_stb_i & ~wb_ack_o;
  wire        wr = acc & wb_we_i;
  wire [31:0] wmask = {{8{wb_sel_i[3]}}, {8{wb_sel_i[2]}}, {8{wb_sel_i[1]}},
                       {8{wb_sel_i[0]}}};

  reg         win_field_hit;
  reg  [1:0]  win_field;
  always @(*) begin
    win_field_hit = 1'b1;
    win_field = 2'd0;
    case (wb_adr_i)
      `PEGASUS_DISPLAY_WIN_OFFSET_OFFSET:   win_field = 2'd0;
      `PEGASUS_DISPLAY_WIN_CLIP_MIN_OFFSET: win_field = 2'd1;
      `PEGASUS_DISPLAY_WIN_CLIP_MAX_OFFSET: win_field = 2'd2;
      `PEGASUS_DISPLAY_WIN_CTRL_OFFSET:     win_field = 2'd3;
      default:                              win_field_hit = 1'b0;
    endcase
  end

  wire [31:0] win_rd;
  wire [NumWin*DescBits-1:0] active;
  wire        swap_pending;
  wire        swap;
  wire        blit_idle;
  wire        swap_req;

  display_windows #(
    .NumWin(NumWin),
    .CoordBits(CoordBits)
  ) u_windows (
    .clk_i(clk_i),
    .rst_ni(rst_ni),
    .wr_en_i(wr & win_field_hit),
    .wr_win_i(win_sel_q),
    .wr_field_i(win_field),
    .wr_data_i((win_rd & ~wmask) | (wb_dat_i & wmask)),
    .rd_win_i(win_sel_q),
    .rd_field_i(win_field),
    .rd_data_o(win_rd),
    .swap_req_i(swap_req),
    .blit_idle_i(blit_idle),
    .swap_pending_o(swap_pending),
    .swap_o(swap),
    .active_o(active)
  );

  // ---------------------------------------------------------------- blitter
  wire                  fb_we;
  wire [FbAddrBits-1:0] fb_wr_addr;
  wire [15:0]           fb_wr_data;
  wire                  done;
  wire [31:0]           stat_pdus;
  wire [31:0]           stat_nowin;
  wire [31:0]           stat_mal;
  wire [31:0]           stat_clip;
  wire [31:0]           stat_occ;
  wire                  blit_ready;

  display_blitter #(
    .NumWin(NumWin),
    .CoordBits(CoordBits),
    .IndexBits(IndexBits),
    .MaxTiles(MaxTiles),
    .FbWidth(FbWidth),
    .FbHeight(FbHeight)
  ) u_blitter (
    .clk_i(clk_i),
    .rst_ni(rst_ni),
    .s_pdu_tdata_i(s_pdu_tdata_i),
    .s_pdu_tkeep_i(s_pdu_tkeep_i),
    .s_pdu_tvalid_i(s_pdu_tvalid_i & ctrl_en_q),
    .s_pdu_tready_o(blit_ready),
    .s_pdu_tlast_i(s_pdu_tlast_i),
    .s_pdu_index_i(s_pdu_index_i),
    .s_pdu_len_i(s_pdu_len_i),
    .win_i(active),
    .swap_pending_i(swap_pending),
    .blit_idle_o(blit_idle),
    .fb_we_o(fb_we),
    .fb_addr_o(fb_wr_addr),
    .fb_data_o(fb_wr_data),
    .done_o(done),
    .stat_pdus_o(stat_pdus),
    .stat_drop_nowin_o(stat_nowin),
    .stat_drop_malformed_o(stat_mal),
    .stat_pix_clipped_o(stat_clip),
    .stat_pix_occluded_o(stat_occ)
  );
  assign s_pdu_tready_o = blit_ready & ctrl_en_q;

  // ---------------------------------------------------------------- framebuffer, scan-out
  wire [FbAddrBits-1:0] fb_rd_addr;
  wire [PixelBits-1:0]  fb_rd_data;

  display_framebuffer #(
    .FbWidth(FbWidth),
    .FbHeight(FbHeight),
    .PixelBits(PixelBits)
  ) u_fb (
    .clk_i(clk_i),
    .we_i(fb_we),
    .wr_addr_i(fb_wr_addr),
    .wr_data_i(fb_wr_data),
    .pix_clk_i(pix_clk_i),
    .rd_addr_i(fb_rd_addr),
    .rd_data_o(fb_rd_data)
  );

  // CTRL.EN into the pixel domain (quasi-static).
  reg [1:0] pix_en_q;
  always @(posedge pix_clk_i or negedge pix_rst_ni) begin
    if (!pix_rst_ni) begin
      pix_en_q <= 2'b00;
    end else begin
      pix_en_q <= {pix_en_q[0], ctrl_en_q};
    end
  end

  wire        frame;
  wire [11:0] pix_x;
  wire [11:0] pix_y;

  display_scanout #(
    .HActive(HActive),
    .HFront(HFront),
    .HSync(HSync),
    .HBack(HBack),
    .VActive(VActive),
    .VFront(VFront),
    .VSync(VSync),
    .VBack(VBack),
    .Scale(Scale),
    .FbWidth(FbWidth),
    .FbHeight(FbHeight),
    .PixelBits(PixelBits)
  ) u_scanout (
    .pix_clk_i(pix_clk_i),
    .pix_rst_ni(pix_rst_ni),
    .en_i(pix_en_q[1]),
    .fb_addr_o(fb_rd_addr),
    .fb_data_i(fb_rd_data),
    .rgb_o(rgb_o),
    .de_o(de_o),
    .hsync_o(hsync_o),
    .vsync_o(vsync_o),
    .frame_o(frame),
    .pix_x_o(pix_x),
    .pix_y_o(pix_y)
  );

  // Frame boundary: toggle in the pixel domain, two flops and an edge in clk_i.
  reg       frame_tgl_q;
  reg [2:0] frame_sync_q;
  always @(posedge pix_clk_i or negedge pix_rst_ni) begin
    if (!pix_rst_ni) begin
      frame_tgl_q <= 1'b0;
    end else if (frame) begin
      frame_tgl_q <= ~frame_tgl_q;
    end
  end
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      frame_sync_q <= 3'b000;
    end else begin
      frame_sync_q <= {frame_sync_q[1:0], frame_tgl_q};
    end
  end
  assign swap_req = frame_sync_q[2] ^ frame_sync_q[1];

  // ---------------------------------------------------------------- bus
  reg [31:0] rd;
  always @(*) begin
    rd = 32'd0;
    if (win_field_hit) begin
      rd = win_rd;
    end else begin
      case (wb_adr_i)
        `PEGASUS_DISPLAY_ID_OFFSET:                  rd = `PEGASUS_DISPLAY_ID_RESET;
        `PEGASUS_DISPLAY_CTRL_OFFSET:                rd = {31'd0, ctrl_en_q};
        `PEGASUS_DISPLAY_IRQ_STATUS_OFFSET:          rd = {30'd0, irq_st_q};
        `PEGASUS_DISPLAY_IRQ_ENABLE_OFFSET:          rd = {30'd0, irq_en_q};
        `PEGASUS_DISPLAY_WIN_SEL_OFFSET:             rd = {{(32-WinBits){1'b0}}, win_sel_q};
        `PEGASUS_DISPLAY_STAT_PDUS_OFFSET:           rd = stat_pdus;
        `PEGASUS_DISPLAY_STAT_DROP_NOWIN_OFFSET:     rd = stat_nowin;
        `PEGASUS_DISPLAY_STAT_DROP_MALFORMED_OFFSET: rd = stat_mal;
        `PEGASUS_DISPLAY_STAT_PIX_CLIPPED_OFFSET:    rd = stat_clip;
        `PEGASUS_DISPLAY_STAT_PIX_OCCLUDED_OFFSET:   rd = stat_occ;
        `PEGASUS_DISPLAY_FRAMES_OFFSET:              rd = frames_q;
        default:                                     rd = 32'd0;
      endcase
    end
  end

  wire drop_evt = (stat_nowin != nowin_prev_q) | (stat_mal != mal_prev_q);

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ctrl_en_q <= 1'b0;
      irq_st_q <= 2'b00;
      irq_en_q <= 2'b00;
      win_sel_q <= {WinBits{1'b0}};
      frames_q <= 32'd0;
      nowin_prev_q <= 32'd0;
      mal_prev_q <= 32'd0;
      wb_ack_o <= 1'b0;
      wb_dat_o <= 32'd0;
    end else begin
      wb_ack_o <= acc;
      wb_dat_o <= acc ? rd : 32'd0;
      nowin_prev_q <= stat_nowin;
      mal_prev_q <= stat_mal;
      if (swap) begin
        frames_q <= frames_q + 32'd1;
      end
      if (swap_req) begin
        irq_st_q[0] <= 1'b1;
      end
      if (drop_evt) begin
        irq_st_q[1] <= 1'b1;
      end
      if (wr) begin
        case (wb_adr_i)
          `PEGASUS_DISPLAY_CTRL_OFFSET: begin
            ctrl_en_q <= (ctrl_en_q & ~wmask[0]) | (wb_dat_i[0] & wmask[0]);
          end
          `PEGASUS_DISPLAY_IRQ_STATUS_OFFSET: begin
            irq_st_q <= irq_st_q & ~(wb_dat_i[1:0] & wmask[1:0]) |
                        {drop_evt, swap_req};
          end
          `PEGASUS_DISPLAY_IRQ_ENABLE_OFFSET: begin
            irq_en_q <= (irq_en_q & ~wmask[1:0]) | (wb_dat_i[1:0] & wmask[1:0]);
          end
          `PEGASUS_DISPLAY_WIN_SEL_OFFSET: begin
            win_sel_q <= (win_sel_q & ~wmask[WinBits-1:0]) |
                         (wb_dat_i[WinBits-1:0] & wmask[WinBits-1:0]);
          end
          default: begin
          end
        endcase
      end
    end
  end

  assign irq_o = |(irq_st_q & irq_en_q);
  assign evt_done_o = done;
  assign evt_swap_o = swap;

  // Scan-out position outputs are for the scan-out's own test benches.
  wire unused_ok = &{1'b0, pix_x, pix_y};

endmodule
`default_nettype wire
