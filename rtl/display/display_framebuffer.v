`default_nettype none
// display_framebuffer: the display's framebuffer, FbWidth x FbHeight pixels of
// PixelBits, a simple dual-port RAM: one write port in the blitter's clock domain
// (clk_i) and one read port in the pixel clock domain (pix_clk_i), so that drawing and
// scan-out never wait for each other. Written pixels come as RGB565 and are stored at
// the RAM's depth: 16 (RGB565 as is), 12 (RGB444, the top bits of each colour) or 8
// (RGB332). Reads are registered: the word at rd_addr_i leaves on rd_data_o one
// pix_clk_i cycle later. Sizes: 320x240x16 (1.2 Mbit) needs an ECP5 45F or 85F;
// 320x200x8 needs the iCE40 UP5K's SPRAM (a board wrapper would map it there). Not
// reset: the contents start at zero (block RAM initialisation at configuration) and
// are never cleared afterwards.
module display_framebuffer #(
  // Size in pixels.
  parameter integer FbWidth = 64,
  parameter integer FbHeight = 48,
  // Stored bits per pixel: 16, 12 or 8.
  parameter integer PixelBits = 16
) (
  input  wire                                clk_i,
  input  wire                                we_i,
  input  wire [$clog2(FbWidth*FbHeight)-1:0] wr_addr_i,
  input  wire [15:0]                         wr_data_i,
  input  wire                                pix_clk_i,
  input  wire [$clog2(FbWidth*FbHeight)-1:0] rd_addr_i,
  output reg  [PixelBits-1:0]                rd_data_o
);

  localparam integer Words = FbWidth * FbHeight;

  reg [PixelBits-1:0] mem_q [0:Words-1];
  wire [PixelBits-1:0] wr_pix;

  generate
    if (PixelBits == 16) begin : g_565
      assign wr_pix = wr_data_i;
    end else if (PixelBits == 12) begin : g_444
      assign wr_pix = {wr_data_i[15:12], wr_data_i[10:7], wr_data_i[4:1]};
      // The low bits of each colour are dropped at this depth.
      wire unused_ok = &{1'b0, wr_data_i[11], wr_data_i[6:5], wr_data_i[0]};
    end else begin : g_332
      assign wr_pix = {wr_data_i[15:13], wr_data_i[10:8], wr_data_i[4:3]};
      // The low bits of each colour are dropped at this depth.
      wire unused_ok = &{1'b0, wr_data_i[12:11], wr_data_i[7:5], wr_data_i[2:0]};
    end
  endgenerate

  // Zero in simulation. Synthesis leaves the RAM without an initial value, which the
  // iCE40 and ECP5 bitstream tools fill with zeros; unrolling this loop over a 320x240
  // framebuffer would keep yosys busy for many minutes.
`ifndef SYNTHESIS
  initial begin : init
    integer i;
    for (i = 0; i < Words; i = i + 1) begin
      mem_q[i] = {PixelBits{1'b0}};
    end
  end
`endif

  always @(posedge clk_i) begin
    if (we_i) begin
      mem_q[wr_addr_i] <= wr_pix;
    end
  end

  always @(posedge pix_clk_i) begin
    rd_data_o <= mem_q[rd_addr_i];
  end

endmodule
`default_nettype wire
