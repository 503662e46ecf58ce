`default_nettype none
`include "pegasus_memory_map.vh"
// soc_clint: core-local interruptor for hart 0 (SiFive CLINT layout, as QEMU virt):
// MSIP raises the software interrupt, the 64-bit mtime counts every clock cycle, and
// the timer interrupt is pending while mtime >= mtimecmp. Wishbone B4 pipelined slave
// with byte selects, never stalls, answers one cycle after the request. Register
// offsets come from the generated memory map; other offsets read zero.
module soc_clint (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        stb_i,
  input  wire        we_i,
  input  wire [31:0] adr_i,
  input  wire [3:0]  sel_i,
  input  wire [31:0] dat_i,
  output wire        ack_o,
  output wire [31:0] dat_o,
  output wire        irq_timer_o,
  output wire        irq_software_o
);

  localparam [15:0] OffMsip  = `PEGASUS_CLINT_MSIP_OFFSET;
  localparam [15:0] OffCmpLo = `PEGASUS_CLINT_MTIMECMP_LO_OFFSET;
  localparam [15:0] OffCmpHi = `PEGASUS_CLINT_MTIMECMP_HI_OFFSET;
  localparam [15:0] OffMtLo  = `PEGASUS_CLINT_MTIME_LO_OFFSET;
  localparam [15:0] OffMtHi  = `PEGASUS_CLINT_MTIME_HI_OFFSET;

  reg        ack_q, ack_d;
  reg [31:0] dat_q, dat_d;
  reg        msip_q, msip_d;
  reg [63:0] mtime_q, mtime_d;
  // mtimecmp is held inverted: mtime >= mtimecmp is then the carry out of
  // mtime + ~mtimecmp + 1, a bare carry chain (no inverters in front of it).
  reg [63:0] cmpn_q, cmpn_d;

  wire [15:0] off = {adr_i[15:2], 2'b00};
  wire [31:0] mask = {{8{sel_i[3]}}, {8{sel_i[2]}}, {8{sel_i[1]}}, {8{sel_i[0]}}};

  function automatic [31:0] merge(input [31:0] old, input [31:0] val, input [31:0] m);
    merge = (old & ~m) | (val & m);
  endfunction

  always @(*) begin
    ack_d   = stb_i;
    dat_d   = 32'd0;
    msip_d  = msip_q;
    mtime_d = mtime_q + 64'd1;
    cmpn_d  = cmpn_q;
    if (stb_i) begin
      case (off)
        OffMsip:  dat_d = {31'd0, msip_q};
        OffCmpLo: dat_d = ~cmpn_q[31:0];
        OffCmpHi: dat_d = ~cmpn_q[63:32];
        OffMtLo:  dat_d = mtime_q[31:0];
        OffMtHi:  dat_d = mtime_q[63:32];
        default:  dat_d = 32'd0;
      endcase
      if (we_i) begin
        case (off)
          OffMsip:  if (sel_i[0]) msip_d = dat_i[0];
          OffCmpLo: cmpn_d[31:0]   = merge(cmpn_q[31:0], ~dat_i, mask);
          OffCmpHi: cmpn_d[63:32]  = merge(cmpn_q[63:32], ~dat_i, mask);
          OffMtLo:  mtime_d[31:0]  = merge(mtime_q[31:0], dat_i, mask);
          OffMtHi:  mtime_d[63:32] = merge(mtime_q[63:32], dat_i, mask);
          default: ;
        endcase
      end
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ack_q   <= 1'b0;
      dat_q   <= 32'd0;
      msip_q  <= 1'b0;
      mtime_q <= 64'd0;
      cmpn_q  <= {64{1'b1}};   // mtimecmp 0
    end else begin
      ack_q   <= ack_d;
      dat_q   <= dat_d;
      msip_q  <= msip_d;
      mtime_q <= mtime_d;
      cmpn_q  <= cmpn_d;
    end
  end

  assign ack_o          = ack_q;
  assign dat_o          = dat_q;
  wire [64:0] ge_sum = {1'b0, mtime_q} + {1'b0, cmpn_q} + 65'd1;
  assign irq_timer_o    = ge_sum[64];
  assign irq_software_o = msip_q;

endmodule
`default_nettype wire
