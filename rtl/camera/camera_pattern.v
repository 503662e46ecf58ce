`default_nettype none
// camera_pattern: a deterministic RGB565 test pattern with video-like timing, so every
// frame differs and a receiver can check it pixel for pixel (C++ reference:
// host/media/test_pattern.h, PatternPixel). Each pixel at (x, y) of frame f is, in
// order of priority:
//   - frame counter: y < 8 and x < 128: bit (15 - x/8) of f, as 0xFFFF (1) or 0x0000 (0);
//   - moving box: BoxSize x BoxSize pixels at (box_x, box_y), colour
//     {f[7:3], f[5:0], f[4:0]}; the box starts at (0, 0) and after each frame moves by
//     (4, 2), each coordinate wrapping to 0 when it would pass Width - BoxSize
//     (Height - BoxSize);
//   - colour bars: eight vertical bars of Width/8 pixels (white, yellow, cyan, green,
//     magenta, red, blue, black), XOR {10'b0, y[2:0], x[2:0]} so that every pixel of an
//     8x8 tile differs from its neighbours.
// Timing: pixels leave on m_pix_* one a cycle while m_pix_tready_i is high (valid
// waits for ready; the pattern never skips a pixel), with m_pix_sof_o on pixel (0, 0)
// and m_pix_eol_o on the last pixel of each line; HBlank idle cycles follow every
// line and HBlank + VBlank the last line of a frame. frame_o is the number of the
// frame being sent (from 0 after reset, wrapping at 16 bits).
// Assumptions: Width is a multiple of 8, Width >= 8 and Height >= 1; BoxSize <= both.
module camera_pattern #(
  // Active pixels a line (multiple of 8, up to 640 in Pegasus).
  parameter integer Width = 640,
  // Active lines a frame.
  parameter integer Height = 480,
  // Idle cycles after every line.
  parameter integer HBlank = 160,
  // Further idle cycles after the last line of a frame.
  parameter integer VBlank = 8000,
  // Side of the moving box in pixels.
  parameter integer BoxSize = 32
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  output wire [15:0] m_pix_tdata_o,
  output wire        m_pix_tvalid_o,
  input  wire        m_pix_tready_i,
  output wire        m_pix_sof_o,
  output wire        m_pix_eol_o,
  output wire [15:0] frame_o
);

  localparam integer XW = $clog2(Width + 1);
  localparam integer YW = $clog2(Height + 1);
  localparam integer BW = $clog2(HBlank + VBlank + 2);
  localparam integer BarW = Width / 8;
  localparam [31:0] LastX32 = Width - 1;
  localparam [31:0] LastY32 = Height - 1;
  localparam [31:0] BoxMaxX32 = Width - BoxSize;
  localparam [31:0] BoxMaxY32 = Height - BoxSize;
  localparam [31:0] BoxSize32 = BoxSize;
  localparam [31:0] LineGap32 = HBlank;
  localparam [31:0] FrameGap32 = HBlank + VBlank;
  wire [XW-1:0] last_x = LastX32[XW-1:0];
  wire [YW-1:0] last_y = LastY32[YW-1:0];
  wire [XW:0]   box_max_x = BoxMaxX32[XW:0];
  wire [YW:0]   box_max_y = BoxMaxY32[YW:0];
  wire [XW-1:0] box_sz_x = BoxSize32[XW-1:0];
  wire [YW-1:0] box_sz_y = BoxSize32[YW-1:0];
  wire [BW-1:0] line_gap = LineGap32[BW-1:0];
  wire [BW-1:0] frame_gap = FrameGap32[BW-1:0];

  reg [XW-1:0] x_q, x_d;
  reg [YW-1:0] y_q, y_d;
  reg [BW-1:0] gap_q, gap_d;
  reg [15:0]   frame_q, frame_d;
  reg [XW-1:0] box_x_q, box_x_d;
  reg [YW-1:0] box_y_q, box_y_d;

  wire [XW:0] box_x_next = {1'b0, box_x_q} + {{(XW-2){1'b0}}, 3'd4};
  wire [YW:0] box_y_next = {1'b0, box_y_q} + {{(YW-1){1'b0}}, 2'd2};
  wire valid = (gap_q == {BW{1'b0}});
  wire fire = valid && m_pix_tready_i;
  wire eol = (x_q == last_x);

  // Bar index: how many bar boundaries lie at or left of x.
  reg [2:0]  bar;
  reg [15:0] bar_rgb;
  reg [15:0] pix;
  integer i;
  always @(*) begin
    bar = 3'd0;
    for (i = 1; i < 8; i = i + 1) begin
      if ({{(32-XW){1'b0}}, x_q} >= i * BarW) bar = bar + 3'd1;
    end
    case (bar)
      3'd0: bar_rgb = 16'hFFFF;
      3'd1: bar_rgb = 16'hFFE0;
      3'd2: bar_rgb = 16'h07FF;
      3'd3: bar_rgb = 16'h07E0;
      3'd4: bar_rgb = 16'hF81F;
      3'd5: bar_rgb = 16'hF800;
      3'd6: bar_rgb = 16'h001F;
      default: bar_rgb = 16'h0000;
    endcase
    pix = bar_rgb ^ {10'd0, y_q[2:0], x_q[2:0]};
    if (x_q >= box_x_q && x_q - box_x_q < box_sz_x && y_q >= box_y_q &&
        y_q - box_y_q < box_sz_y) begin
      pix = {frame_q[7:3], frame_q[5:0], frame_q[4:0]};
    end
    if (y_q < 8 && {{(32-XW){1'b0}}, x_q} < 128) begin
      pix = frame_q[4'd15 - x_q[6:3]] ? 16'hFFFF : 16'h0000;
    end
  end

  always @(*) begin
    x_d = x_q;
    y_d = y_q;
    gap_d = gap_q;
    frame_d = frame_q;
    box_x_d = box_x_q;
    box_y_d = box_y_q;
    if (!valid) begin
      gap_d = gap_q - {{(BW-1){1'b0}}, 1'b1};
    end else if (fire) begin
      if (!eol) begin
        x_d = x_q + {{(XW-1){1'b0}}, 1'b1};
      end else begin
        x_d = {XW{1'b0}};
        if (y_q != last_y) begin
          y_d = y_q + {{(YW-1){1'b0}}, 1'b1};
          gap_d = line_gap;
        end else begin
          y_d = {YW{1'b0}};
          gap_d = frame_gap;
          frame_d = frame_q + 16'd1;
          box_x_d = (box_x_next > box_max_x) ? {XW{1'b0}} : box_x_next[XW-1:0];
          box_y_d = (box_y_next > box_max_y) ? {YW{1'b0}} : box_y_next[YW-1:0];
        end
      end
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      x_q <= {XW{1'b0}};
      y_q <= {YW{1'b0}};
      gap_q <= {BW{1'b0}};
      frame_q <= 16'd0;
      box_x_q <= {XW{1'b0}};
      box_y_q <= {YW{1'b0}};
    end else begin
      x_q <= x_d;
      y_q <= y_d;
      gap_q <= gap_d;
      frame_q <= frame_d;
      box_x_q <= box_x_d;
      box_y_q <= box_y_d;
    end
  end

  assign m_pix_tdata_o = pix;
  assign m_pix_tvalid_o = valid;
  assign m_pix_sof_o = valid && x_q == {XW{1'b0}} && y_q == {YW{1'b0}};
  assign m_pix_eol_o = valid && eol;
  assign frame_o = frame_q;

endmodule
`default_nettype wire
