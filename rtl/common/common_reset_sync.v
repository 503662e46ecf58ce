`default_nettype none
// common_reset_sync: turns an asynchronous active-low reset (a push button, a PLL lock
// signal) into the project's reset style: asserted asynchronously, the moment rst_ni
// falls, and released synchronously, Stages rising edges of clk_i after rst_ni rises,
// so that every flop leaves reset in the same cycle and no recovery/removal window is
// violated. The flops come up in reset on an FPGA whose registers power up at zero
// (iCE40) or at their reset value (ECP5), which gives a power-on reset for free.
// Assumption: rst_ni may be glitchy (a bouncing button); a glitch only lengthens or
// repeats the reset, it never releases it early.
module common_reset_sync #(
  // Number of synchroniser flops; two or more.
  parameter integer Stages = 2
) (
  input  wire clk_i,
  // Asynchronous active-low reset in.
  input  wire rst_ni,
  // Active-low reset out: asserted asynchronously, released synchronously to clk_i.
  output wire rst_no
);

  reg  [Stages-1:0] sync_q;
  wire [Stages-1:0] sync_d;

  // Shift ones in once the input reset is released.
  assign sync_d = {sync_q[Stages-2:0], 1'b1};

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sync_q <= {Stages{1'b0}};
    end else begin
      sync_q <= sync_d;
    end
  end

  assign rst_no = sync_q[Stages-1];

endmodule
`default_nettype wire
