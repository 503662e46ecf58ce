`default_nettype none
`include "pegasus_memory_map.vh"
// display_top: the Pegasus ATM display. Tile PDUs from the AAL5 reassembler
// (atm_aal5_reasm m_pdu_*) are drawn by display_blitter through the window descriptor
// of their VC (display_windows, with display_visibility working out each tile's
// visible pixels) into display_framebuffer, which display_scanout shows at 640x480@60
// (by default; pixel doubling with Scale = 1). PDUs of the control VC (CTL_VC) carry
// window commands that write the descriptors like the registers do. The SoC programs
// it over a Wishbone B4 slave: the DISPLAY region of rtl/soc/memory_map.yaml (ID, CTRL,
// IRQ_STATUS, IRQ_ENABLE, the window descriptor window WIN_SEL / WIN_OFFSET /
// WIN_CLIP_MIN / WIN_CLIP_MAX / WIN_CTRL into the shadow table, the drop and pixel
// counters, FRAMES, CTL_VC and the control counters); wb_adr_i is the byte offset in
// the region, wb_sel_i byte selects, one access at a time with ack the cycle after
// (a descriptor register: two cycles after, or up to two more while a window command
// is being written).
//
// Clocks: clk_i (system: bus, PDU stream, blitter, framebuffer writes) and pix_clk_i
// (scan-out, framebuffer reads), unrelated; each has its own reset. The frame
// boundary (start of vsync) crosses to clk_i as a toggle through two flops; there it
// makes the shadow descriptors active (at the first moment no PDU is being drawn or
// prepared and no control PDU applied), sets IRQ_STATUS.VSYNC and counts FRAMES.
// CTRL.EN low holds the PDU input (tready low) and blanks the picture.
// IRQ_STATUS.TILE_DROP is set when a tile PDU is dropped (no window or malformed),
// IRQ_STATUS.CTL_DROP when a malformed control PDU is. evt_done_o / evt_swap_o expose
// the blitter's PDU-finished and the table's swap pulses for test benches.
module display_top #(
  // Windows (a power of two, at least 16).
  parameter integer NumWin = 16,
  // Descriptor coordinate bits.
  parameter integer CoordBits = 12,
  // VC context index bits of the PDU stream (the reassembler's IndexBits, at most 8).
  parameter integer IndexBits = 6,
  // Largest tile count of a PDU (2 to 16).
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
  output wire [31:0]          wb_dat_o,
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
  reg                 ctrl_en_q;
  reg  [2:0]          irq_st_q;
  reg  [2:0]          irq_en_q;
  reg  [WinBits-1:0]  win_sel_q;
  reg  [31:0]         frames_q;
  reg                 ctl_en_q;
  reg  [IndexBits-1:0] ctl_idx_q;
  reg                 rd_win_q;
  reg  [31:0]         rd_q;

  // A descriptor register access waits in win_req_q (its decode registered) for the
  // update port; the others are answered at once.
  reg                 win_req_q;
  reg                 win_we_q;
  reg  [1:0]          win_field_q;
  reg  [31:0]         win_data_q;
  reg  [31:0]         win_mask_q;
  wire        acc = wb_cyc_i & wb_stb_i & ~wb_ack_o & ~win_req_q;
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

  // ---------------------------------------------------------------- window table
  // The update port serves the blitter's control commands first, then the register
  // port (a descriptor register access waits for it: ack comes later).
  wire                  upd_ready;
  wire [31:0]           upd_rdata;
  wire                  bl_upd_req;
  wire [WinBits-1:0]    bl_upd_win;
  wire                  bl_upd_whole;
  wire [31:0]           bl_upd_data;
  wire [31:0]           bl_upd_mask;
  wire [DescBits-1:0]   bl_upd_desc;
  wire                  bus_upd = win_req_q & ~bl_upd_req & upd_ready;
  wire                  wr = acc & wb_we_i & ~win_field_hit;
  wire                  ack_d = (acc & ~win_field_hit) | bus_upd;

  wire                  tab_req;
  wire [WinBits-1:0]    tab_win;
  wire                  tab_gnt;
  wire                  tab_valid;
  wire [DescBits-1:0]   tab_desc;
  wire                  swap_pending;
  wire                  swap;
  wire                  blit_idle;
  wire                  swap_req;

  display_windows #(
    .NumWin(NumWin),
    .CoordBits(CoordBits)
  ) u_windows (
    .clk_i(clk_i),
    .rst_ni(rst_ni),
    .upd_req_i((bl_upd_req & upd_ready) | bus_upd),
    .upd_ready_o(upd_ready),
    .upd_win_i(bl_upd_req ? bl_upd_win : win_sel_q),
    .upd_whole_i(bl_upd_req & bl_upd_whole),
    .upd_we_i(bl_upd_req | win_we_q),
    .upd_field_i(bl_upd_req ? 2'd3 : win_field_q),
    .upd_data_i(bl_upd_req ? bl_upd_data : win_data_q),
    .upd_mask_i(bl_upd_req ? bl_upd_mask : win_mask_q),
    .upd_desc_i(bl_upd_desc),
    .upd_rdata_o(upd_rdata),
    .tab_req_i(tab_req),
    .tab_win_i(tab_win),
    .tab_gnt_o(tab_gnt),
    .tab_valid_o(tab_valid),
    .tab_desc_o(tab_desc),
    .swap_req_i(swap_req),
    .blit_idle_i(blit_idle),
    .swap_pending_o(swap_pending),
    .swap_o(swap)
  );

  // ---------------------------------------------------------------- blitter
  wire                  fb_we;
  wire [FbAddrBits-1:0] fb_wr_addr;
  wire [15:0]           fb_wr_data;
  wire                  done;
  wire                  evt_drop;
  wire                  evt_ctl_drop;
  wire [31:0]           stat_pdus;
  wire [31:0]           stat_nowin;
  wire [31:0]           stat_mal;
  wire [31:0]           stat_clip;
  wire [31:0]           stat_occ;
  wire [31:0]           stat_ctl_msgs;
  wire [31:0]           stat_ctl_drop;
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
    .ctl_en_i(ctl_en_q),
    .ctl_index_i(ctl_idx_q),
    .tab_req_o(tab_req),
    .tab_win_o(tab_win),
    .tab_gnt_i(tab_gnt),
    .tab_valid_i(tab_valid),
    .tab_desc_i(tab_desc),
    .upd_req_o(bl_upd_req),
    .upd_ready_i(upd_ready),
    .upd_win_o(bl_upd_win),
    .upd_whole_o(bl_upd_whole),
    .upd_data_o(bl_upd_data),
    .upd_mask_o(bl_upd_mask),
    .upd_desc_o(bl_upd_desc),
    .swap_pending_i(swap_pending),
    .swap_i(swap),
    .blit_idle_o(blit_idle),
    .fb_we_o(fb_we),
    .fb_addr_o(fb_wr_addr),
    .fb_data_o(fb_wr_data),
    .done_o(done),
    .evt_drop_o(evt_drop),
    .evt_ctl_drop_o(evt_ctl_drop),
    .stat_pdus_o(stat_pdus),
    .stat_drop_nowin_o(stat_nowin),
    .stat_drop_malformed_o(stat_mal),
    .stat_pix_clipped_o(stat_clip),
    .stat_pix_occluded_o(stat_occ),
    .stat_ctl_msgs_o(stat_ctl_msgs),
    .stat_ctl_drop_o(stat_ctl_drop)
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
    case (wb_adr_i)
      `PEGASUS_DISPLAY_ID_OFFSET:                  rd = `PEGASUS_DISPLAY_ID_RESET;
      `PEGASUS_DISPLAY_CTRL_OFFSET:                rd = {31'd0, ctrl_en_q};
      `PEGASUS_DISPLAY_IRQ_STATUS_OFFSET:          rd = {29'd0, irq_st_q};
      `PEGASUS_DISPLAY_IRQ_ENABLE_OFFSET:          rd = {29'd0, irq_en_q};
      `PEGASUS_DISPLAY_WIN_SEL_OFFSET:             rd = {{(32-WinBits){1'b0}}, win_sel_q};
      `PEGASUS_DISPLAY_STAT_PDUS_OFFSET:           rd = stat_pdus;
      `PEGASUS_DISPLAY_STAT_DROP_NOWIN_OFFSET:     rd = stat_nowin;
      `PEGASUS_DISPLAY_STAT_DROP_MALFORMED_OFFSET: rd = stat_mal;
      `PEGASUS_DISPLAY_STAT_PIX_CLIPPED_OFFSET:    rd = stat_clip;
      `PEGASUS_DISPLAY_STAT_PIX_OCCLUDED_OFFSET:   rd = stat_occ;
      `PEGASUS_DISPLAY_FRAMES_OFFSET:              rd = frames_q;
      `PEGASUS_DISPLAY_CTL_VC_OFFSET: begin
        rd = {23'd0, ctl_en_q, {(8-IndexBits){1'b0}}, ctl_idx_q};
      end
      `PEGASUS_DISPLAY_STAT_CTL_MSGS_OFFSET:       rd = stat_ctl_msgs;
      `PEGASUS_DISPLAY_STAT_CTL_DROP_OFFSET:       rd = stat_ctl_drop;
      default:                                     rd = 32'd0;
    endcase
  end
  // Descriptor fields come from the table the cycle after the access.
  assign wb_dat_o = ~wb_ack_o ? 32'd0 : rd_win_q ? upd_rdata : rd_q;

  wire [2:0] irq_set = {evt_ctl_drop, evt_drop, swap_req};

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ctrl_en_q <= 1'b0;
      irq_st_q <= 3'b000;
      irq_en_q <= 3'b000;
      win_sel_q <= {WinBits{1'b0}};
      frames_q <= 32'd0;
      ctl_en_q <= 1'b0;
      ctl_idx_q <= {IndexBits{1'b0}};
      rd_win_q <= 1'b0;
      win_req_q <= 1'b0;
      win_we_q <= 1'b0;
      win_field_q <= 2'd0;
      win_data_q <= 32'd0;
      win_mask_q <= 32'd0;
      rd_q <= 32'd0;
      wb_ack_o <= 1'b0;
    end else begin
      wb_ack_o <= ack_d;
      rd_win_q <= bus_upd;
      if (acc & win_field_hit) begin
        win_req_q <= 1'b1;
        win_we_q <= wb_we_i;
        win_field_q <= win_field;
        win_data_q <= wb_dat_i;
        win_mask_q <= wmask;
      end else if (bus_upd) begin
        win_req_q <= 1'b0;
      end
      if (ack_d) begin
        rd_q <= rd;
      end
      if (swap) begin
        frames_q <= frames_q + 32'd1;
      end
      irq_st_q <= irq_st_q | irq_set;
      if (wr) begin
        case (wb_adr_i)
          `PEGASUS_DISPLAY_CTRL_OFFSET: begin
            ctrl_en_q <= (ctrl_en_q & ~wmask[0]) | (wb_dat_i[0] & wmask[0]);
          end
          `PEGASUS_DISPLAY_IRQ_STATUS_OFFSET: begin
            irq_st_q <= (irq_st_q & ~(wb_dat_i[2:0] & wmask[2:0])) | irq_set;
          end
          `PEGASUS_DISPLAY_IRQ_ENABLE_OFFSET: begin
            irq_en_q <= (irq_en_q & ~wmask[2:0]) | (wb_dat_i[2:0] & wmask[2:0]);
          end
          `PEGASUS_DISPLAY_WIN_SEL_OFFSET: begin
            win_sel_q <= (win_sel_q & ~wmask[WinBits-1:0]) |
                         (wb_dat_i[WinBits-1:0] & wmask[WinBits-1:0]);
          end
          `PEGASUS_DISPLAY_CTL_VC_OFFSET: begin
            ctl_idx_q <= (ctl_idx_q & ~wmask[IndexBits-1:0]) |
                         (wb_dat_i[IndexBits-1:0] & wmask[IndexBits-1:0]);
            ctl_en_q <= (ctl_en_q & ~wmask[8]) | (wb_dat_i[8] & wmask[8]);
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
