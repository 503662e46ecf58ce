`default_nettype none
// display_visibility: which pixels of one 8x8 tile a window may write, worked out once
// per tile from the active descriptor table (display_windows' table read port), so
// that the blitter's per-pixel test is one bit.
//
// A job (start_i while ready_o) names the PDU's window win_i and the video position of
// the tile's top-left pixel (vx_i, vy_i). The unit reads the window's own descriptor
// (offset, z, enable), which gives the tile's screen origin (sx_o, sy_o) = offset +
// (vx, vy), then every descriptor of the table, one a cycle. Each is turned into the
// 8x8 mask of the tile pixels inside its clip rectangle (inclusive on all four edges;
// x1, y1 limited to the screen, FbWidth - 1 and FbHeight - 1, which changes nothing
// inside the screen): from the differences x0 - sx, x1 - sx (and y) a column and a row
// mask, and their product. The own window's mask is own_o (pixel on the screen and in
// its clip rectangle); the masks of enabled windows in front of it (higher z, or equal
// z and a higher number) are ORed into cov_o (pixel under a window in front). Bit
// r * 8 + c is tile row r, column c. en_o: the own window is enabled.
//
// Latency: NumWin + 4 cycles from start_i to done_o when every read is granted; a read
// that is not granted (the register port has the RAM) waits a cycle. Outputs hold from
// done_o until the next start_i.
module display_visibility #(
  // Windows in the table (a power of two).
  parameter integer NumWin = 16,
  // Coordinate bits of the window descriptors.
  parameter integer CoordBits = 12,
  // Framebuffer (screen) size in pixels.
  parameter integer FbWidth = 64,
  parameter integer FbHeight = 48
) (
  input  wire                        clk_i,
  input  wire                        rst_ni,
  // Job.
  input  wire                        start_i,
  output wire                        ready_o,
  input  wire [$clog2(NumWin)-1:0]   win_i,
  input  wire [CoordBits-1:0]        vx_i,
  input  wire [CoordBits-1:0]        vy_i,
  // Table read port.
  output wire                        tab_req_o,
  output wire [$clog2(NumWin)-1:0]   tab_win_o,
  input  wire                        tab_gnt_i,
  input  wire                        tab_valid_i,
  input  wire [6*CoordBits+4:0]      tab_desc_i,
  // Result.
  output reg                         done_o,
  output reg                         en_o,
  output reg  [CoordBits+1:0]        sx_o,
  output reg  [CoordBits+1:0]        sy_o,
  output reg  [63:0]                 own_o,
  output reg  [63:0]                 cov_o
);

  localparam integer WinBits = $clog2(NumWin);
  localparam integer C = CoordBits;
  // Screen coordinates: signed, CoordBits + 2 bits.
  localparam integer SBits = CoordBits + 2;
  localparam integer XMaxI = FbWidth - 1;
  localparam integer YMaxI = FbHeight - 1;
  localparam [C-1:0] XMax = XMaxI[C-1:0];
  localparam [C-1:0] YMax = YMaxI[C-1:0];

  reg                busy_q;
  reg  [WinBits-1:0] own_win_q;
  reg  [C-1:0]       vx_q;
  reg  [C-1:0]       vy_q;
  // Reads issued (0: own descriptor, 1 + j: window j) and data received.
  reg  [WinBits+1:0] rd_n_q;
  reg  [WinBits+1:0] dt_n_q;
  reg  [3:0]         z_own_q;
  // Stage A: differences to the tile origin.
  reg                a_valid_q;
  reg                a_last_q;
  reg                a_own_q;
  reg                a_front_q;
  reg  [SBits-1:0]   ax0_q;
  reg  [SBits-1:0]   ax1_q;
  reg  [SBits-1:0]   ay0_q;
  reg  [SBits-1:0]   ay1_q;

  localparam integer ReadsI = NumWin + 1;
  localparam [WinBits+1:0] Reads = ReadsI[WinBits+1:0];
  wire reading = busy_q & (rd_n_q != Reads);
  assign tab_req_o = reading;
  assign tab_win_o = (rd_n_q == {(WinBits+2){1'b0}}) ? own_win_q : rd_n_q[WinBits-1:0] - 1'b1;
  assign ready_o = ~busy_q;

  // The descriptor arriving now.
  wire [C-1:0] d_off_x = tab_desc_i[0 +: C];
  wire [C-1:0] d_off_y = tab_desc_i[C +: C];
  wire [C-1:0] d_x0 = tab_desc_i[2*C +: C];
  wire [C-1:0] d_y0 = tab_desc_i[3*C +: C];
  wire [C-1:0] d_x1 = tab_desc_i[4*C +: C];
  wire [C-1:0] d_y1 = tab_desc_i[5*C +: C];
  wire [3:0]   d_z = tab_desc_i[6*C +: 4];
  wire         d_en = tab_desc_i[6*C + 4];
  wire         d_is_own = (dt_n_q == {(WinBits+2){1'b0}});
  wire [WinBits-1:0] d_win = dt_n_q[WinBits-1:0] - 1'b1;
  wire [C-1:0] d_x1c = (d_x1 > XMax) ? XMax : d_x1;
  wire [C-1:0] d_y1c = (d_y1 > YMax) ? YMax : d_y1;

  // Stage B: column and row masks (bit c: c - a0 >= 0 and a1 - c >= 0).
  reg [7:0] col;
  reg [7:0] row;
  integer c;
  always @(*) begin
    for (c = 0; c < 8; c = c + 1) begin
      col[c] = (ax0_q[SBits-1] | ((ax0_q[SBits-2:3] == 0) & (ax0_q[2:0] <= c[2:0]))) &
               (~ax1_q[SBits-1] & ((ax1_q[SBits-2:3] != 0) | (ax1_q[2:0] >= c[2:0])));
      row[c] = (ay0_q[SBits-1] | ((ay0_q[SBits-2:3] == 0) & (ay0_q[2:0] <= c[2:0]))) &
               (~ay1_q[SBits-1] & ((ay1_q[SBits-2:3] != 0) | (ay1_q[2:0] >= c[2:0])));
    end
  end
  reg [63:0] mask;
  integer b;
  always @(*) begin
    for (b = 0; b < 64; b = b + 1) begin
      mask[b] = row[b / 8] & col[b % 8];
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      busy_q <= 1'b0;
      own_win_q <= {WinBits{1'b0}};
      vx_q <= {C{1'b0}};
      vy_q <= {C{1'b0}};
      rd_n_q <= {(WinBits+2){1'b0}};
      dt_n_q <= {(WinBits+2){1'b0}};
      z_own_q <= 4'd0;
      a_valid_q <= 1'b0;
      a_last_q <= 1'b0;
      a_own_q <= 1'b0;
      a_front_q <= 1'b0;
      ax0_q <= {SBits{1'b0}};
      ax1_q <= {SBits{1'b0}};
      ay0_q <= {SBits{1'b0}};
      ay1_q <= {SBits{1'b0}};
      done_o <= 1'b0;
      en_o <= 1'b0;
      sx_o <= {SBits{1'b0}};
      sy_o <= {SBits{1'b0}};
    end else begin
      done_o <= 1'b0;
      if (start_i & ~busy_q) begin
        busy_q <= 1'b1;
        own_win_q <= win_i;
        vx_q <= vx_i;
        vy_q <= vy_i;
        rd_n_q <= {(WinBits+2){1'b0}};
        dt_n_q <= {(WinBits+2){1'b0}};
      end else if (reading & tab_gnt_i) begin
        rd_n_q <= rd_n_q + 1'b1;
      end
      // Stage A.
      a_valid_q <= 1'b0;
      a_last_q <= 1'b0;
      if (tab_valid_i & busy_q) begin
        dt_n_q <= dt_n_q + 1'b1;
        if (d_is_own) begin
          sx_o <= {{2{d_off_x[C-1]}}, d_off_x} + {2'b00, vx_q};
          sy_o <= {{2{d_off_y[C-1]}}, d_off_y} + {2'b00, vy_q};
          z_own_q <= d_z;
          en_o <= d_en;
        end else begin
          a_valid_q <= 1'b1;
          a_last_q <= (d_win == {WinBits{1'b1}});
          a_own_q <= (d_win == own_win_q);
          a_front_q <= d_en & ((d_z > z_own_q) | ((d_z == z_own_q) & (d_win > own_win_q)));
          ax0_q <= {2'b00, d_x0} - sx_o;
          ax1_q <= {2'b00, d_x1c} - sx_o;
          ay0_q <= {2'b00, d_y0} - sy_o;
          ay1_q <= {2'b00, d_y1c} - sy_o;
        end
      end
      // Stage B: the job ends with the last window's mask.
      if (a_valid_q & a_last_q) begin
        busy_q <= 1'b0;
        done_o <= 1'b1;
      end
    end
  end

  // The masks: cleared at a job's start, no reset needed.
  always @(posedge clk_i) begin
    if (start_i & ~busy_q) begin
      cov_o <= 64'd0;
    end else if (a_valid_q & a_front_q) begin
      cov_o <= cov_o | mask;
    end
    if (a_valid_q & a_own_q) begin
      own_o <= mask;
    end
  end

endmodule
`default_nettype wire
