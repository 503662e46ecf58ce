`default_nettype none
// cpu_multiplier: the RV32M multiply unit (MUL, MULH, MULHSU, MULHU), eight bits of the
// second operand per cycle, by radix-4 Booth recoding: four digits in -2..2 a cycle,
// each selecting 0, a or 2a (negated for negative digits), added to a running sum
// that shifts right by eight bits a cycle; the bits shifted out collect the low word.
// The first operand is extended to 33 bits (signed for MULH and MULHSU). The second is
// recoded as a signed number; when it is unsigned (MULHU, MULHSU) and bit 31 is set, a
// fifth cycle adds the digit +1 that bit 31 then carries at weight 2^32. MUL needs only
// the low word, which four cycles complete whatever the signs.
// Early out: the last step is the one after which the remaining digits are all zero,
// so a multiply takes 1 step when b_i (as a signed number; unsigned for MULHU and
// MULHSU) lies in -128..127, 2 steps in -2^15..2^15-1, 3 for 24 bits, else 4; and 5
// for MULHU/MULHSU with b_i[31] set.
// Timing: the caller raises step_i in each cycle it wants a step; the cycle after the
// last step done_o is high and result_o valid, both from registers (so the product
// does not lengthen the execute stage's paths): 2 to 6 cycles a multiply. clear_i
// (the instruction leaves or is squashed) restarts at step 0. Cost: about a quarter
// of a one-cycle 33 x 33 array in iCE40 LUTs. Assumption: a_i, b_i and op_i stay stable from the first step to the
// last (the core holds the instruction in its execute stage meanwhile).
module cpu_multiplier (
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

  reg  [2:0]  count_q, count_d;   // steps done
  reg         done_q, done_d;     // the last step is done
  reg  [43:0] high_q, high_d;     // running sum, shifted right by 8 bits a step
  reg  [31:0] low_q, low_d;       // after n steps, product bits 8n-1..0 in its top bits

  wire a_signed = (op_i == 2'd1) || (op_i == 2'd2);
  // MUL's low word does not depend on the signs: its second operand counts as signed,
  // which lets a small negative one finish early too.
  wire b_signed = (op_i == 2'd0) || (op_i == 2'd1);
  wire b_top    = b_signed & b_i[31];
  wire [43:0] a_ext = {{12{a_signed & a_i[31]}}, a_i};
  // Bits 8k+7..8k-1 of the second operand (bit -1 is 0; above bit 31 its sign):
  // the four Booth digits of step k.
  reg  [8:0] win;
  always @(*) begin
    case (count_q)
      3'd0:    win = {b_i[7:0], 1'b0};
      3'd1:    win = {b_i[15:8], b_i[7]};
      3'd2:    win = {b_i[23:16], b_i[15]};
      3'd3:    win = {b_i[31:24], b_i[23]};
      default: win = {{8{b_top}}, b_i[31]};
    endcase
  end
  // sum = the running sum + the four digits times a, each at its weight; the +1 of
  // each negated multiple (two's complement) is added once, in negs.
  reg [43:0] sum;
  reg [43:0] m;
  reg        one, two, neg;
  reg [43:0] negs;
  integer t;
  always @(*) begin
    sum  = (count_q == 3'd0) ? 44'd0 : high_q;
    negs = 44'd0;
    for (t = 0; t < 4; t = t + 1) begin
      one = win[2*t+1] ^ win[2*t];
      two = (win[2*t+2] & ~win[2*t+1] & ~win[2*t]) | (~win[2*t+2] & win[2*t+1] & win[2*t]);
      neg = win[2*t+2];
      m   = one ? a_ext : (two ? {a_ext[42:0], 1'b0} : 44'd0);
      sum = sum + ((neg ? ~m : m) << (2*t));
      negs[2*t] = neg;
    end
    sum = sum + negs;
  end
  // Early out: the step is the last when the second operand's bits above its window
  // all equal its sign (the remaining digits are zero). That includes the fifth step
  // (MULHU/MULHSU with bit 31 set, where bit 31 differs from the sign 0).
  reg rest_zero;
  always @(*) begin
    case (count_q)
      3'd0:    rest_zero = (b_i[31:7] == {25{b_top}});
      3'd1:    rest_zero = (b_i[31:15] == {17{b_top}});
      3'd2:    rest_zero = (b_i[31:23] == {9{b_top}});
      3'd3:    rest_zero = (b_i[31] == b_top);
      default: rest_zero = 1'b1;
    endcase
  end
  // The product after n steps: high_q (sign-extended) above the 8n bits in low_q.
  reg [31:0] prod_low, prod_high;
  always @(*) begin
    case (count_q)
      3'd1: begin
        prod_low  = {high_q[23:0], low_q[31:24]};
        prod_high = {{12{high_q[43]}}, high_q[43:24]};
      end
      3'd2: begin
        prod_low  = {high_q[15:0], low_q[31:16]};
        prod_high = {{4{high_q[43]}}, high_q[43:16]};
      end
      3'd3: begin
        prod_low  = {high_q[7:0], low_q[31:8]};
        prod_high = high_q[39:8];
      end
      3'd4: begin
        prod_low  = low_q;
        prod_high = high_q[31:0];
      end
      default: begin                    // 5 steps (never for MUL)
        prod_low  = low_q;
        prod_high = {high_q[23:0], low_q[31:24]};
      end
    endcase
  end

  always @(*) begin
    count_d = count_q;
    done_d  = done_q;
    high_d  = high_q;
    low_d   = low_q;
    if (clear_i) begin
      count_d = 3'd0;
      done_d  = 1'b0;
    end else if (step_i && !done_q) begin
      count_d = count_q + 3'd1;
      done_d  = rest_zero;
      high_d  = {{8{sum[43]}}, sum[43:8]};
      low_d   = {sum[7:0], low_q[31:8]};
    end
  end
  assign done_o   = done_q;
  assign result_o = (op_i == 2'd0) ? prod_low : prod_high;
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      count_q <= 3'd0;
      done_q  <= 1'b0;
      high_q  <= 44'd0;
      low_q   <= 32'd0;
    end else begin
      count_q <= count_d;
      done_q  <= done_d;
      high_q  <= high_d;
      low_q   <= low_d;
    end
  end
endmodule
`default_nettype wire
