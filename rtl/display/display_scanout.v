`default_nettype none
// display_scanout: video timing and scan-out of the framebuffer. Default timing is
// 640x480 at 60 Hz (25.175 MHz pixel clock, 800 x 525 totals, both syncs negative);
// every parameter can be changed (tests use a small frame). Each framebuffer pixel is
// shown as a 2**Scale x 2**Scale block from the top-left corner; active pixels beyond
// the framebuffer are black. Output: 24-bit RGB (each colour widened by repeating its
// top bits), data enable, hsync and vsync at their line levels, all registered and
// aligned: the pixel at (h, v) leaves two cycles after the counters reach it.
// frame_o pulses for one cycle at the start of each vertical sync (the frame
// boundary), in the pixel clock domain; pix_x_o / pix_y_o give the position of the
// pixel on rgb_o (for test benches). The framebuffer read port is registered (one
// cycle), so its address is driven from the counters directly.
module display_scanout #(
  // Horizontal timing in pixels.
  parameter integer HActive = 640,
  parameter integer HFront = 16,
  parameter integer HSync = 96,
  parameter integer HBack = 48,
  // Vertical timing in lines.
  parameter integer VActive = 480,
  parameter integer VFront = 10,
  parameter integer VSync = 2,
  parameter integer VBack = 33,
  // Pixel replication: log2 of the screen pixels per framebuffer pixel each way.
  parameter integer Scale = 1,
  // Framebuffer size and depth (see display_framebuffer).
  parameter integer FbWidth = 64,
  parameter integer FbHeight = 48,
  parameter integer PixelBits = 16
) (
  input  wire                                pix_clk_i,
  input  wire                                pix_rst_ni,
  // Blank the picture (black) when low; timing keeps running.
  input  wire                                en_i,
  // Framebuffer read port.
  output wire [$clog2(FbWidth*FbHeight)-1:0] fb_addr_o,
  input  wire [PixelBits-1:0]                fb_data_i,
  // Video out.
  output reg  [23:0]                         rgb_o,
  output reg                                 de_o,
  output reg                                 hsync_o,
  output reg                                 vsync_o,
  output reg                                 frame_o,
  output reg  [11:0]                         pix_x_o,
  output reg  [11:0]                         pix_y_o
);

  localparam integer HTotal = HActive + HFront + HSync + HBack;
  localparam integer VTotal = VActive + VFront + VSync + VBack;
  localparam integer FbAddrBits = $clog2(FbWidth * FbHeight);
  localparam [11:0] HActW = HActive[11:0];
  localparam [11:0] HSyncLo = HActive[11:0] + HFront[11:0];
  localparam [11:0] HSyncHi = HActive[11:0] + HFront[11:0] + HSync[11:0];
  localparam [11:0] HLast = HTotal[11:0] - 12'd1;
  localparam [11:0] VActW = VActive[11:0];
  localparam [11:0] VSyncLo = VActive[11:0] + VFront[11:0];
  localparam [11:0] VSyncHi = VActive[11:0] + VFront[11:0] + VSync[11:0];
  localparam [11:0] VLast = VTotal[11:0] - 12'd1;
  localparam [11:0] FbW = FbWidth[11:0];
  localparam [11:0] FbH = FbHeight[11:0];

  reg  [11:0] h_q;
  reg  [11:0] v_q;
  // Stage 1: the framebuffer word is being read.
  reg         s1_de_q;
  reg         s1_fb_q;
  reg         s1_hs_q;
  reg         s1_vs_q;
  reg  [11:0] s1_x_q;
  reg  [11:0] s1_y_q;

  wire [11:0] fx = h_q >> Scale;
  wire [11:0] fy = v_q >> Scale;
  wire        de = (h_q < HActW) && (v_q < VActW);
  wire        in_fb = de && (fx < FbW) && (fy < FbH);
  wire        hs = (h_q >= HSyncLo) && (h_q < HSyncHi);
  wire        vs = (v_q >= VSyncLo) && (v_q < VSyncHi);
  wire        vs_start = (v_q == VSyncLo) && (h_q == 12'd0);
  localparam [31:0] FbWidth32 = FbWidth;
  wire [31:0] addr32 = {20'd0, fy} * FbWidth32 + {20'd0, fx};
  assign fb_addr_o = in_fb ? addr32[FbAddrBits-1:0] : {FbAddrBits{1'b0}};
  // Addresses beyond the framebuffer are never used (in_fb).
  wire unused_ok = &{1'b0, addr32[31:FbAddrBits]};

  // The stored pixel widened to 8 bits a colour (top bits repeated).
  wire [23:0] rgb;
  generate
    if (PixelBits == 16) begin : g_565
      assign rgb = {fb_data_i[15:11], fb_data_i[15:13], fb_data_i[10:5], fb_data_i[10:9],
                    fb_data_i[4:0], fb_data_i[4:2]};
    end else if (PixelBits == 12) begin : g_444
      assign rgb = {fb_data_i[11:8], fb_data_i[11:8], fb_data_i[7:4], fb_data_i[7:4],
                    fb_data_i[3:0], fb_data_i[3:0]};
    end else begin : g_332
      assign rgb = {fb_data_i[7:5], fb_data_i[7:5], fb_data_i[7:6], fb_data_i[4:2],
                    fb_data_i[4:2], fb_data_i[4:3], fb_data_i[1:0], fb_data_i[1:0],
                    fb_data_i[1:0], fb_data_i[1:0]};
    end
  endgenerate

  always @(posedge pix_clk_i or negedge pix_rst_ni) begin
    if (!pix_rst_ni) begin
      h_q <= 12'd0;
      v_q <= 12'd0;
      s1_de_q <= 1'b0;
      s1_fb_q <= 1'b0;
      s1_hs_q <= 1'b0;
      s1_vs_q <= 1'b0;
      s1_x_q <= 12'd0;
      s1_y_q <= 12'd0;
      rgb_o <= 24'd0;
      de_o <= 1'b0;
      hsync_o <= 1'b1;
      vsync_o <= 1'b1;
      frame_o <= 1'b0;
      pix_x_o <= 12'd0;
      pix_y_o <= 12'd0;
    end else begin
      if (h_q == HLast) begin
        h_q <= 12'd0;
        v_q <= (v_q == VLast) ? 12'd0 : v_q + 12'd1;
      end else begin
        h_q <= h_q + 12'd1;
      end
      s1_de_q <= de;
      s1_fb_q <= in_fb & en_i;
      s1_hs_q <= hs;
      s1_vs_q <= vs;
      s1_x_q <= h_q;
      s1_y_q <= v_q;
      rgb_o <= s1_fb_q ? rgb : 24'd0;
      de_o <= s1_de_q;
      hsync_o <= ~s1_hs_q;
      vsync_o <= ~s1_vs_q;
      frame_o <= vs_start;
      pix_x_o <= s1_x_q;
      pix_y_o <= s1_y_q;
    end
  end

endmodule
`default_nettype wire
