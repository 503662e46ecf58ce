`default_nettype none
// cpu_divider: the RV32M divide unit (DIV, DIVU, REM, REMU), one quotient bit per
// cycle by restoring division of the operands' magnitudes. A request is taken when
// req_i is high and the unit is idle; valid_o rises 33 cycles later and stays high,
// holding result_o, until ack_i. Throughput: one division per 34 cycles. Results
// follow the specification's corner cases: division by zero gives a quotient of all
// ones and a remainder equal to the dividend; the signed overflow -2^31 / -1 gives
// -2^31 and a remainder of 0 (which the magnitude algorithm yields by itself).
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

  localparam [1:0] StIdle = 2'd0;
  localparam [1:0] StRun  = 2'd1;
  localparam [1:0] StDone = 2'd2;

  reg [1:0]  state_q, state_d;
  reg [5:0]  count_q, count_d;
  // Quotient bits shift in at the bottom while dividend bits shift out of the top.
  reg [31:0] quot_q, quot_d;
  reg [31:0] rem_q, rem_d;
  reg [31:0] divisor_q, divisor_d;
  reg [31:0] result_q, result_d;

  wire signed_op = ~op_i[0];
  wire neg_a = signed_op & a_i[31];
  wire neg_b = signed_op & b_i[31];
  wire [31:0] mag_a = neg_a ? (~a_i + 32'd1) : a_i;
  wire [31:0] mag_b = neg_b ? (~b_i + 32'd1) : b_i;

  // One negation for either result: the remainder takes the dividend's sign, the
  // quotient the sign of the exact quotient.
  wire [31:0] res_mag = op_i[1] ? rem_q : quot_q;
  wire        res_neg = op_i[1] ? neg_a : (neg_a ^ neg_b);

  wire [32:0] trial = {rem_q, quot_q[31]} - {1'b0, divisor_q};

  always @(*) begin
    state_d   = state_q;
    count_d   = count_q;
    quot_d    = quot_q;
    rem_d     = rem_q;
    divisor_d = divisor_q;
    result_d  = result_q;
    case (state_q)
      StIdle: begin
        if (req_i) begin
          quot_d    = mag_a;
          rem_d     = 32'd0;
          divisor_d = mag_b;
          count_d   = 6'd32;
          state_d   = StRun;
        end
      end
      StRun: begin
        if (count_q != 6'd0) begin
          if (!trial[32]) begin
            rem_d  = trial[31:0];
            quot_d = {quot_q[30:0], 1'b1};
          end else begin
            rem_d  = {rem_q[30:0], quot_q[31]};
            quot_d = {quot_q[30:0], 1'b0};
          end
          count_d = count_q - 6'd1;
        end else begin
          state_d = StDone;
          if (b_i == 32'd0) begin
            result_d = op_i[1] ? a_i : 32'hFFFF_FFFF;
          end else begin
            result_d = res_neg ? (~res_mag + 32'd1) : res_mag;
          end
        end
      end
      default: begin
        if (ack_i) state_d = StIdle;
      end
    endcase
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      state_q   <= StIdle;
      count_q   <= 6'd0;
      quot_q    <= 32'd0;
      rem_q     <= 32'd0;
      divisor_q <= 32'd0;
      result_q  <= 32'd0;
    end else begin
      state_q   <= state_d;
      count_q   <= count_d;
      quot_q    <= quot_d;
      rem_q     <= rem_d;
      divisor_q <= divisor_d;
      result_q  <= result_d;
    end
  end

  assign busy_o   = (state_q != StIdle);
  assign valid_o  = (state_q == StDone);
  assign result_o = result_q;

endmodule
`default_nettype wire
