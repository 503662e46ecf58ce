`default_nettype none
// switch_islip: iterative round-robin matching (McKeown's iSLIP) between NumPorts
// inputs and NumPorts outputs with two strict-priority classes. Each iteration takes
// one cycle (iter_i): every unmatched output that may take a cell (out_ok_i) grants
// one unmatched input that requests it, preferring guaranteed-class requests (chosen
// round robin from that class's grant pointer) over best-effort ones (from the
// best-effort pointer); every unmatched input accepts one of its grants, again
// guaranteed first, round robin from its accept pointer of that class. A new matching
// starts with first_i on the iteration cycle; pointers move only on first-iteration
// accepts (one past the partner), which is what desynchronises them and gives iSLIP
// 100% throughput under uniform traffic. The matching is held in registers until the
// next first_i. Requests are bit i*NumPorts+j for input i -> output j. Latency: the
// result of an iteration is visible the cycle after it. Assumes requests may only grow
// during the iterations of one matching (they do: cells leave the queues only when a
// matching is committed).
module switch_islip #(
  // Number of inputs and of outputs.
  parameter integer NumPorts = 4
) (
  input  wire                              clk_i,
  input  wire                              rst_ni,
  input  wire                              iter_i,
  input  wire                              first_i,
  input  wire [NumPorts*NumPorts-1:0]      req_g_i,
  input  wire [NumPorts*NumPorts-1:0]      req_be_i,
  input  wire [NumPorts-1:0]               out_ok_i,
  output wire [NumPorts-1:0]               match_valid_o,
  output wire [NumPorts*$clog2(NumPorts)-1:0] match_in_o,
  output wire [NumPorts-1:0]               match_guar_o
);

  localparam integer PortBits = $clog2(NumPorts);

  reg [NumPorts-1:0]          out_matched_q, out_matched_d;
  reg [NumPorts*PortBits-1:0] out_in_q, out_in_d;
  reg [NumPorts-1:0]          out_guar_q, out_guar_d;
  reg [NumPorts-1:0]          in_matched_q, in_matched_d;
  // Grant pointers per output and accept pointers per input, one set per class.
  reg [NumPorts*PortBits-1:0] gptr_g_q, gptr_g_d;
  reg [NumPorts*PortBits-1:0] gptr_be_q, gptr_be_d;
  reg [NumPorts*PortBits-1:0] aptr_g_q, aptr_g_d;
  reg [NumPorts*PortBits-1:0] aptr_be_q, aptr_be_d;

  // Grants of this iteration: row j is output j's grant, one-hot over the inputs.
  reg [NumPorts*NumPorts-1:0] gnt;
  reg [NumPorts-1:0]          gnt_guar;

  reg [NumPorts-1:0]          cur_out_matched;
  reg [NumPorts-1:0]          cur_in_matched;
  reg [NumPorts-1:0]          r_g;
  reg [NumPorts-1:0]          r_be;
  reg [NumPorts-1:0]          col;
  reg [NumPorts-1:0]          gcol;
  reg [NumPorts-1:0]          acc;
  reg                         any_g;
  reg                         want_guar;
  integer                     i;
  integer                     j;

  // A pointer value as an integer.
  function integer as_int;
    input [PortBits-1:0] v;
    begin
      as_int = {{(32-PortBits){1'b0}}, v};
    end
  endfunction

  // One past p, modulo NumPorts, as a pointer value.
  function [PortBits-1:0] next_ptr;
    input integer p;
    // Only the low bits are kept; the name tells lint so.
    integer wrapped_unused;
    begin
      wrapped_unused = (p + 1 >= NumPorts) ? 0 : p + 1;
      next_ptr = wrapped_unused[PortBits-1:0];
    end
  endfunction

  // Round robin: the first requester at or after ptr, cyclically, as a one-hot vector
  // (zero when nothing requests). Written as two fixed-priority picks, one among the
  // requesters at or above ptr and one among all, so that it maps to a few LUTs.
  function [NumPorts-1:0] rr_pick;
    input [NumPorts-1:0] r;
    input [PortBits-1:0] ptr;
    integer              k;
    reg [NumPorts-1:0]   hi;
    reg [NumPorts-1:0]   lo;
    reg                  hi_any;
    begin
      hi = {NumPorts{1'b0}};
      lo = {NumPorts{1'b0}};
      hi_any = 1'b0;
      for (k = NumPorts - 1; k >= 0; k = k - 1) begin
        if (r[k]) begin
          lo = {NumPorts{1'b0}};
          lo[k] = 1'b1;
          if (k >= as_int(ptr)) begin
            hi = {NumPorts{1'b0}};
            hi[k] = 1'b1;
            hi_any = 1'b1;
          end
        end
      end
      rr_pick = hi_any ? hi : lo;
    end
  endfunction

  always @(*) begin
    i = 0;
    j = 0;
    any_g = 1'b0;
    want_guar = 1'b0;
    r_g  = {NumPorts{1'b0}};
    r_be = {NumPorts{1'b0}};
    col  = {NumPorts{1'b0}};
    gcol = {NumPorts{1'b0}};
    acc  = {NumPorts{1'b0}};
    cur_out_matched = first_i ? {NumPorts{1'b0}} : out_matched_q;
    cur_in_matched  = first_i ? {NumPorts{1'b0}} : in_matched_q;
    gnt      = {NumPorts*NumPorts{1'b0}};
    gnt_guar = {NumPorts{1'b0}};
    out_matched_d = out_matched_q;
    in_matched_d  = in_matched_q;
    out_in_d      = out_in_q;
    out_guar_d    = out_guar_q;
    gptr_g_d  = gptr_g_q;
    gptr_be_d = gptr_be_q;
    aptr_g_d  = aptr_g_q;
    aptr_be_d = aptr_be_q;
    if (iter_i) begin
      out_matched_d = cur_out_matched;
      in_matched_d  = cur_in_matched;
      if (first_i) begin
        out_guar_d = {NumPorts{1'b0}};
      end
      // Grant phase: each free output picks among the free inputs that request it,
      // guaranteed requests first.
      for (j = 0; j < NumPorts; j = j + 1) begin
        for (i = 0; i < NumPorts; i = i + 1) begin
          r_g[i]  = req_g_i[i*NumPorts+j] & ~cur_in_matched[i];
          r_be[i] = req_be_i[i*NumPorts+j] & ~cur_in_matched[i];
        end
        any_g = r_g != {NumPorts{1'b0}};
        gnt_guar[j] = any_g;
        if (!cur_out_matched[j] && out_ok_i[j]) begin
          gnt[j*NumPorts +: NumPorts] =
              rr_pick(any_g ? r_g : r_be,
                      any_g ? gptr_g_q[j*PortBits +: PortBits] : gptr_be_q[j*PortBits +: PortBits]);
        end
      end
      // Accept phase: each input picks among its grants, guaranteed ones first.
      for (i = 0; i < NumPorts; i = i + 1) begin
        for (j = 0; j < NumPorts; j = j + 1) begin
          col[j]  = gnt[j*NumPorts+i];
          gcol[j] = gnt[j*NumPorts+i] & gnt_guar[j];
        end
        want_guar = gcol != {NumPorts{1'b0}};
        acc = rr_pick(want_guar ? gcol : col & ~gnt_guar,
                      want_guar ? aptr_g_q[i*PortBits +: PortBits] : aptr_be_q[i*PortBits +: PortBits]);
        for (j = 0; j < NumPorts; j = j + 1) begin
          if (acc[j]) begin
            out_matched_d[j] = 1'b1;
            in_matched_d[i]  = 1'b1;
            out_in_d[j*PortBits +: PortBits] = i[PortBits-1:0];
            out_guar_d[j] = want_guar;
            if (first_i) begin
              if (want_guar) begin
                gptr_g_d[j*PortBits +: PortBits] = next_ptr(i);
                aptr_g_d[i*PortBits +: PortBits] = next_ptr(j);
              end else begin
                gptr_be_d[j*PortBits +: PortBits] = next_ptr(i);
                aptr_be_d[i*PortBits +: PortBits] = next_ptr(j);
              end
            end
          end
        end
      end
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      out_matched_q <= {NumPorts{1'b0}};
      in_matched_q  <= {NumPorts{1'b0}};
      out_in_q      <= {NumPorts*PortBits{1'b0}};
      out_guar_q    <= {NumPorts{1'b0}};
      gptr_g_q      <= {NumPorts*PortBits{1'b0}};
      gptr_be_q     <= {NumPorts*PortBits{1'b0}};
      aptr_g_q      <= {NumPorts*PortBits{1'b0}};
      aptr_be_q     <= {NumPorts*PortBits{1'b0}};
    end else begin
      out_matched_q <= out_matched_d;
      in_matched_q  <= in_matched_d;
      out_in_q      <= out_in_d;
      out_guar_q    <= out_guar_d;
      gptr_g_q      <= gptr_g_d;
      gptr_be_q     <= gptr_be_d;
      aptr_g_q      <= aptr_g_d;
      aptr_be_q     <= aptr_be_d;
    end
  end

  assign match_valid_o = out_matched_q;
  assign match_in_o    = out_in_q;
  assign match_guar_o  = out_guar_q;

endmodule
`default_nettype wire
