`default_nettype none
`include "pegasus_memory_map.vh"
// soc_intc: the Pegasus interrupt controller. Lines 1..31 (level; line 0 is "none")
// show in PENDING; ENABLE selects which may interrupt; a read of CLAIM returns the
// lowest-numbered pending, enabled and unclaimed line (0 if none) and marks it claimed;
// writing that number to CLAIM completes it. The core's mip.MEIP (irq_o) is high while
// some line is pending, enabled and unclaimed. Wishbone B4 pipelined slave with byte
// selects (CLAIM and ENABLE are written as words), never stalls, answers one cycle
// after the request. Register offsets and the ID come from the generated memory map.
// Lines: lines 1..Lines-1 exist; the bits of the others read zero in PENDING and
// ENABLE, ignore writes and never interrupt (a small part builds only the lines its
// SoC raises).
module soc_intc #(
  // Lines implemented, counting line 0 (2..32).
  parameter integer Lines = 32
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        stb_i,
  input  wire        we_i,
  input  wire [31:0] adr_i,
  input  wire [3:0]  sel_i,
  input  wire [31:0] dat_i,
  output wire        ack_o,
  output wire [31:0] dat_o,
  // Interrupt lines; bit 0 is ignored.
  input  wire [31:0] irq_i,
  output wire        irq_o
);

  localparam [15:0] OffId      = `PEGASUS_INTC_ID_OFFSET;
  localparam [15:0] OffPending = `PEGASUS_INTC_PENDING_OFFSET;
  localparam [15:0] OffEnable  = `PEGASUS_INTC_ENABLE_OFFSET;
  localparam [15:0] OffClaim   = `PEGASUS_INTC_CLAIM_OFFSET;
  localparam [31:0] Id         = `PEGASUS_INTC_ID_RESET;

  reg        ack_q, ack_d;
  reg [31:0] dat_q, dat_d;
  reg [31:0] enable_q, enable_d;
  reg [31:0] claimed_q, claimed_d;

  wire [15:0] off = {adr_i[15:2], 2'b00};
  // The lines that exist (line 0 is "none").
  localparam [31:0] Exist = ((Lines >= 32) ? 32'hFFFF_FFFF : ((32'd1 << Lines) - 32'd1)) &
                            32'hFFFF_FFFE;
  wire [31:0] pending = irq_i & Exist;
  wire [31:0] eligible = pending & enable_q & ~claimed_q;

  // Lowest set bit of eligible.
  reg [4:0] first;
  integer i;
  always @(*) begin
    first = 5'd0;
    for (i = 31; i >= 1; i = i - 1) begin
      if (eligible[i]) first = i[4:0];
    end
  end

  always @(*) begin
    ack_d     = stb_i;
    dat_d     = 32'd0;
    enable_d  = enable_q;
    claimed_d = claimed_q;
    if (stb_i && !we_i) begin
      case (off)
        OffId:      dat_d = Id;
        OffPending: dat_d = pending;
        OffEnable:  dat_d = enable_q;
        OffClaim: begin
          dat_d = {27'd0, first};
          if (first != 5'd0) claimed_d[first] = 1'b1;
        end
        default:    dat_d = 32'd0;
      endcase
    end
    if (stb_i && we_i && sel_i[0]) begin
      case (off)
        OffEnable: enable_d = dat_i & Exist;
        OffClaim:  claimed_d[dat_i[4:0]] = 1'b0;
        default: ;
      endcase
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ack_q     <= 1'b0;
      dat_q     <= 32'd0;
      enable_q  <= 32'd0;
      claimed_q <= 32'd0;
    end else begin
      ack_q     <= ack_d;
      dat_q     <= dat_d;
      enable_q  <= enable_d;
      claimed_q <= claimed_d & Exist;
    end
  end

  assign ack_o = ack_q;
  assign dat_o = dat_q;
  assign irq_o = (eligible != 32'd0);

endmodule
`default_nettype wire
