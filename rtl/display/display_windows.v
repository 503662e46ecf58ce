`default_nettype none
// display_windows: the window descriptor table of the display, NumWin windows indexed
// by the low bits of a PDU's VC index. Each descriptor holds an offset (signed x, y:
// where the video frame's top-left pixel lands on the screen), a clip rectangle
// (x0, y0, x1, y1, inclusive, unsigned screen pixels), an enable and a 4-bit z-order
// (higher z in front; equal z: higher window number in front).
//
// Two copies: the shadow, written and read through the register port (field 0 offset
// {y, x} in bits 27:16 and 11:0; 1 clip min {y0, x0}; 2 clip max {y1, x1}; 3 control:
// enable bit 0, z bits 11:8), and the active copy that the blitter uses. The whole
// shadow is copied to the active table in one cycle (swap_o pulses the cycle after)
// at a frame boundary: swap_req_i (vsync, a pulse in this clock domain) makes a swap
// pending; the swap happens in the first cycle with blit_idle_i high, and
// swap_pending_o tells the blitter not to start a new PDU meanwhile. So every PDU is
// drawn with one consistent table and a window never tears. A register write in the
// swap cycle lands in the shadow after the copy.
//
// The active table leaves flattened, window w at bits [w*DescBits +: DescBits]:
// {en, z[3:0], clip_y1, clip_x1, clip_y0, clip_x0, off_y, off_x} with CoordBits-bit
// coordinates, off_x in the least significant bits. Reset: all windows disabled, all
// fields zero. Latency: a write is readable the next cycle; a swap is one cycle.
module display_windows #(
  // Windows in the table (a power of two, at least 16 in the display).
  parameter integer NumWin = 16,
  // Coordinate bits (offsets two's complement, clip corners unsigned).
  parameter integer CoordBits = 12
) (
  input  wire                                 clk_i,
  input  wire                                 rst_ni,
  // Register port to the shadow table.
  input  wire                                 wr_en_i,
  input  wire [$clog2(NumWin)-1:0]            wr_win_i,
  input  wire [1:0]                           wr_field_i,
  input  wire [31:0]                          wr_data_i,
  input  wire [$clog2(NumWin)-1:0]            rd_win_i,
  input  wire [1:0]                           rd_field_i,
  output reg  [31:0]                          rd_data_o,
  // Frame boundary handshake.
  input  wire                                 swap_req_i,
  input  wire                                 blit_idle_i,
  output wire                                 swap_pending_o,
  output wire                                 swap_o,
  // The active table.
  output wire [NumWin*(6*CoordBits+5)-1:0]    active_o
);

  localparam integer DescBits = 6 * CoordBits + 5;

  reg [DescBits-1:0] shadow_q [0:NumWin-1];
  reg [DescBits-1:0] active_q [0:NumWin-1];
  reg                pending_q;
  reg                swap_q;

  wire do_swap = pending_q & blit_idle_i;

  // The written window's descriptor with one field replaced by the register write.
  reg [DescBits-1:0] wr_desc;
  always @(*) begin
    wr_desc = shadow_q[wr_win_i];
    case (wr_field_i)
      2'd0: begin
        wr_desc[0 +: CoordBits] = wr_data_i[CoordBits-1:0];
        wr_desc[CoordBits +: CoordBits] = wr_data_i[16 +: CoordBits];
      end
      2'd1: begin
        wr_desc[2*CoordBits +: CoordBits] = wr_data_i[CoordBits-1:0];
        wr_desc[3*CoordBits +: CoordBits] = wr_data_i[16 +: CoordBits];
      end
      2'd2: begin
        wr_desc[4*CoordBits +: CoordBits] = wr_data_i[CoordBits-1:0];
        wr_desc[5*CoordBits +: CoordBits] = wr_data_i[16 +: CoordBits];
      end
      default: begin
        wr_desc[6*CoordBits +: 4] = wr_data_i[11:8];
        wr_desc[6*CoordBits + 4] = wr_data_i[0];
      end
    endcase
  end

  // Bits 31:28, 15:12 and the rest outside the fields are ignored on writes.
  wire unused_ok = &{1'b0, wr_data_i[31:16+CoordBits], wr_data_i[15:CoordBits]};

  integer i;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      for (i = 0; i < NumWin; i = i + 1) begin
        shadow_q[i] <= {DescBits{1'b0}};
        active_q[i] <= {DescBits{1'b0}};
      end
      pending_q <= 1'b0;
      swap_q <= 1'b0;
    end else begin
      if (do_swap) begin
        for (i = 0; i < NumWin; i = i + 1) begin
          active_q[i] <= shadow_q[i];
        end
      end
      if (wr_en_i) begin
        shadow_q[wr_win_i] <= wr_desc;
      end
      pending_q <= (pending_q & ~blit_idle_i) | swap_req_i;
      swap_q <= do_swap;
    end
  end

  // Register read of the shadow.
  wire [DescBits-1:0] rd_desc = shadow_q[rd_win_i];
  always @(*) begin
    rd_data_o = 32'd0;
    case (rd_field_i)
      2'd0: begin
        rd_data_o[CoordBits-1:0] = rd_desc[0 +: CoordBits];
        rd_data_o[16 +: CoordBits] = rd_desc[CoordBits +: CoordBits];
      end
      2'd1: begin
        rd_data_o[CoordBits-1:0] = rd_desc[2*CoordBits +: CoordBits];
        rd_data_o[16 +: CoordBits] = rd_desc[3*CoordBits +: CoordBits];
      end
      2'd2: begin
        rd_data_o[CoordBits-1:0] = rd_desc[4*CoordBits +: CoordBits];
        rd_data_o[16 +: CoordBits] = rd_desc[5*CoordBits +: CoordBits];
      end
      default: begin
        rd_data_o[11:8] = rd_desc[6*CoordBits +: 4];
        rd_data_o[0] = rd_desc[6*CoordBits + 4];
      end
    endcase
  end

  genvar g;
  generate
    for (g = 0; g < NumWin; g = g + 1) begin : g_active
      assign active_o[g*DescBits +: DescBits] = active_q[g];
    end
  endgenerate

  assign swap_pending_o = pending_q;
  assign swap_o = swap_q;

endmodule
`default_nettype wire
