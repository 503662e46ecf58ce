`default_nettype none
// cpu_mul_dsp: the RV32M multiply unit (MUL, MULH, MULHSU, MULHU) for parts with
// hardware multipliers: four 16 x 16 unsigned products, which synthesis maps to DSP
// blocks (iCE40 SB_MAC16 with synth_ice40 -dsp, ECP5 MULT18X18D), registered in the
// step cycle, then added in the next.
// The signed forms come from the unsigned product: for a signed operand with bit 31
// set, the other operand is subtracted from the high word (a = au - 2^32 * a[31]).
// That correction (one adder) is formed in the step cycle too and registered.
// Timing: the caller raises step_i in the first cycle; the cycle after, done_o is
// high and result_o valid, formed from registers (the partial products and the
// correction) by three additions: 2 cycles a multiply, whatever the operands. With
// SumCycles 2 the additions take two cycles: the middle sum, the low word and the
// high product less the correction are registered first, then one addition gives
// the high word (3 cycles a multiply, for parts where three chained additions do not
// fit in a cycle). clear_i
// (the instruction leaves or is squashed) clears done_o. Assumption: op_i stays
// stable from the step to the cycle the result is taken (the core holds the
// instruction in its execute stage meanwhile).
// Reset: the partial products are the DSP blocks' own output registers, which
// synthesis packs into SB_MAC16 / MULT18X18D only without an asynchronous reset; like
// a memory they are not reset (doc/rtl_conventions.md), and they are read only while
// done_q, which is reset, is set. On the UP5K that keeps 128 flip-flops out of the
// logic cells.
module cpu_mul_dsp #(
  // Cycles after the step over which the products are added (1 or 2).
  parameter integer SumCycles = 1
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        step_i,
  input  wire        clear_i,
  // funct3 of the instruction: 000 MUL, 001 MULH, 010 MULHSU, 011 MULHU.
  input  wire [1:0]  op_i,
  input  wire [31:0] a_i,
  input  wire [31:0] b_i,
  output wire        done_o,
  output wire [31:0] result_o
);

  reg         done_q, done_d;
  // Partial products: low x low, low(a) x high(b), high(a) x low(b), high x high.
  reg  [31:0] p_ll_q, p_ll_d;
  reg  [31:0] p_lh_q, p_lh_d;
  reg  [31:0] p_hl_q, p_hl_d;
  reg  [31:0] p_hh_q, p_hh_d;
  // What the signs take off the high word.
  reg  [31:0] corr_q, corr_d;
  // SumCycles 2: the products are in, the first additions are being registered.
  reg         half_q, half_d;

  wire a_signed = (op_i == 2'd1) || (op_i == 2'd2);
  wire b_signed = (op_i == 2'd1);
  wire [31:0] corr = ((a_signed && a_i[31]) ? b_i : 32'd0) +
                     ((b_signed && b_i[31]) ? a_i : 32'd0);

  always @(*) begin
    done_d = done_q;
    p_ll_d = p_ll_q;
    p_lh_d = p_lh_q;
    p_hl_d = p_hl_q;
    p_hh_d = p_hh_q;
    corr_d = corr_q;
    half_d = half_q;
    if (clear_i) begin
      done_d = 1'b0;
      half_d = 1'b0;
    end else if (half_q) begin
      done_d = 1'b1;
      half_d = 1'b0;
    end else if (step_i && !done_q) begin
      done_d = (SumCycles == 1);
      half_d = (SumCycles != 1);
      p_ll_d = a_i[15:0] * b_i[15:0];
      p_lh_d = a_i[15:0] * b_i[31:16];
      p_hl_d = a_i[31:16] * b_i[15:0];
      p_hh_d = a_i[31:16] * b_i[31:16];
      corr_d = corr;
    end
  end

  // product = p_ll + (p_lh + p_hl) * 2^16 + p_hh * 2^32, less corr * 2^32.
  wire [32:0] mid  = {1'b0, p_lh_q} + {1'b0, p_hl_q};
  wire [32:0] low  = {1'b0, p_ll_q} + {1'b0, mid[15:0], 16'd0};
  assign done_o = done_q;
  if (SumCycles == 1) begin : g_sum1
    wire [31:0] high = p_hh_q + {15'd0, mid[32:16]} + {31'd0, low[32]} - corr_q;
    assign result_o = (op_i == 2'd0) ? low[31:0] : high;
  end else begin : g_sum2
    // The middle sum's high half, the low word with its carry, and the high product
    // less the correction, registered; then one addition for the high word.
    reg  [16:0] mid_hi_q;
    reg  [32:0] low_q;
    reg  [31:0] hhc_q;
    wire [16:0] mid_hi_d = half_q ? mid[32:16] : mid_hi_q;
    wire [32:0] low_d    = half_q ? low : low_q;
    wire [31:0] hhc_d    = half_q ? (p_hh_q - corr_q) : hhc_q;
    always @(posedge clk_i or negedge rst_ni) begin
      if (!rst_ni) begin
        mid_hi_q <= 17'd0;
        low_q    <= 33'd0;
        hhc_q    <= 32'd0;
      end else begin
        mid_hi_q <= mid_hi_d;
        low_q    <= low_d;
        hhc_q    <= hhc_d;
      end
    end
    wire [31:0] high = hhc_q + {15'd0, mid_hi_q} + {31'd0, low_q[32]};
    assign result_o = (op_i == 2'd0) ? low_q[31:0] : high;
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      done_q <= 1'b0;
      corr_q <= 32'd0;
      half_q <= 1'b0;
    end else begin
      done_q <= done_d;
      corr_q <= corr_d;
      half_q <= half_d;
    end
  end
  always @(posedge clk_i) begin
    p_ll_q <= p_ll_d;
    p_lh_q <= p_lh_d;
    p_hl_q <= p_hl_d;
    p_hh_q <= p_hh_d;
  end
endmodule
`default_nettype wire
