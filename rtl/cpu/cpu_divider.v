`default_nettype none
// cpu_divider: the RV32M divide unit (DIV, DIVU, REM, REMU), one quotient bit per
// cycle by restoring division of the operands' magnitudes, with one 33-bit adder for
// every step. A request is taken when req_i is high and the unit is idle; valid_o is
// high from the 36th cycle after that one, holding result_o, until ack_i, and the
// unit is idle again in the next cycle: a division every 37 cycles at most.
//   - Sign (1 cycle): the adder gives the dividend's magnitude (~a + 1 for a negative
//     signed dividend), which becomes the quotient register's first contents.
//   - Run (32 steps and a last cycle): each step subtracts the divisor's magnitude
//     from {rem, next dividend bit} by an addition: the addend register holds b's bits
//     inverted for a non-negative divisor (adding ~b + 1 subtracts b) and b itself for
//     a negative one (adding b subtracts |b|); in both the 33rd bit of that operand is
//     1, so no magnitude of b is formed. The last cycle loads the result's magnitude
//     (quotient or remainder), inverted if the result is negative, into the addend
//     register and clears the others.
//   - Fix (1 cycle): the adder gives 0 + that value + (1 if negative): the result,
//     registered apart from the working registers.
// The specification's corner cases come out of the algorithm: division by zero gives
// a quotient of all ones (every trial succeeds) and a remainder equal to the dividend
// (a signed quotient by zero is not negated); the signed overflow -2^31 / -1 gives
// -2^31 and a remainder of 0.
// Assumption: the operands and op stay stable from req_i until ack_i (the core holds
// the instruction in its execute stage and takes no interrupt while busy_o is high).
module cpu_divider (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        req_i,
  // funct3 of the instruction: 100 DIV, 101 DIVU, 110 REM, 111 REMU.
  input  wire [2:0]  op_i,
  input  wire [31:0] a_i,
  input  wire [31:0] b_i,
  input  wire        ack_i,
  output wire        busy_o,
  output wire        valid_o,
  output wire [31:0] result_o
);

  localparam [2:0] StIdle = 3'd0;
  localparam [2:0] StSign = 3'd1;
  localparam [2:0] StRun  = 3'd2;
  localparam [2:0] StFix  = 3'd3;
  localparam [2:0] StDone = 3'd4;

  reg [2:0]  state_q, state_d;
  // busy_o and valid_o, each from a flip-flop of its own (the core's decision to
  // let its execute stage go reads them).
  reg        busy_q, valid_q;
  reg [5:0]  count_q, count_d;
  // Quotient bits shift in at the bottom while dividend bits shift out of the top.
  reg [31:0] quot_q, quot_d;
  reg [31:0] rem_q, rem_d;
  // The adder's second operand (see above).
  reg [31:0] addend_q, addend_d;
  // The result, in a register of its own whose only load is the core's result mux.
  reg [31:0] result_q, result_d;

  // The operands' signs and whether b is zero, registered as the request is taken
  // and as b is loaded, so that the adder's carry and the result's sign start from
  // flip-flops (the operands come from the core's forwarding network).
  reg neg_a_q, neg_a_d;
  reg neg_b_q, neg_b_d;
  reg b_zero_q, b_zero_d;
  wire signed_op = ~op_i[0];
  wire neg_a = signed_op & a_i[31];
  wire neg_b = signed_op & b_i[31];
  // The remainder takes the dividend's sign, the quotient the sign of the exact
  // quotient (none for a division by zero).
  wire res_neg = op_i[1] ? neg_a_q : (neg_a_q ^ neg_b_q) & !b_zero_q;
  wire [31:0] res_mag = op_i[1] ? rem_q : quot_q;

  reg carry_in;
  always @(*) begin
    case (state_q)
      StSign:  carry_in = neg_a_q;
      StFix:   carry_in = res_neg;
      default: carry_in = !neg_b_q;
    endcase
  end
  wire [32:0] sum = {rem_q, quot_q[31]} + {1'b1, addend_q} + {32'd0, carry_in};

  always @(*) begin
    state_d  = state_q;
    count_d  = count_q;
    quot_d   = quot_q;
    rem_d    = rem_q;
    addend_d = addend_q;
    result_d = result_q;
    neg_a_d  = neg_a_q;
    neg_b_d  = neg_b_q;
    b_zero_d = b_zero_q;
    case (state_q)
      StIdle: begin
        if (req_i) begin
          quot_d   = 32'd0;
          rem_d    = 32'd0;
          addend_d = a_i ^ {32{neg_a}};
          neg_a_d  = neg_a;
          neg_b_d  = neg_b;
          state_d  = StSign;
        end
      end
      StSign: begin
        quot_d   = sum[31:0];
        addend_d = b_i ^ {32{!neg_b_q}};
        b_zero_d = (b_i == 32'd0);
        count_d  = 6'd32;
        state_d  = StRun;
      end
      StRun: begin
        if (count_q != 6'd0) begin
          if (!sum[32]) begin
            rem_d  = sum[31:0];
            quot_d = {quot_q[30:0], 1'b1};
          end else begin
            rem_d  = {rem_q[30:0], quot_q[31]};
            quot_d = {quot_q[30:0], 1'b0};
          end
          count_d = count_q - 6'd1;
        end else begin
          addend_d = res_mag ^ {32{res_neg}};
          quot_d   = 32'd0;
          rem_d    = 32'd0;
          state_d  = StFix;
        end
      end
      StFix: begin
        result_d = sum[31:0];
        state_d  = StDone;
      end
      default: begin
        if (ack_i) state_d = StIdle;
      end
    endcase
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q  <= StIdle;
      count_q  <= 6'd0;
      quot_q   <= 32'd0;
      rem_q    <= 32'd0;
      addend_q <= 32'd0;
      result_q <= 32'd0;
      neg_a_q  <= 1'b0;
      neg_b_q  <= 1'b0;
      b_zero_q <= 1'b0;
      busy_q   <= 1'b0;
      valid_q  <= 1'b0;
    end else begin
      state_q  <= state_d;
      count_q  <= count_d;
      quot_q   <= quot_d;
      rem_q    <= rem_d;
      addend_q <= addend_d;
      result_q <= result_d;
      neg_a_q  <= neg_a_d;
      neg_b_q  <= neg_b_d;
      b_zero_q <= b_zero_d;
      busy_q   <= (state_d != StIdle);
      valid_q  <= (state_d == StDone);
    end
  end

  assign busy_o   = busy_q;
  assign valid_o  = valid_q;
  assign result_o = result_q;

endmodule
`default_nettype wire
