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

  // Grants of this iteration, per output.
  reg [NumPorts-1:0]          gnt_v;
  reg [NumPorts-1:0]          gnt_guar;
  reg [NumPorts*PortBits-1:0] gnt_in;

  reg [NumPorts-1:0]          cur_out_matched;
  reg [NumPorts-1:0]          cur_in_matched;
  reg                         any_g;
  reg                         found;
  reg                         want_guar;
  integer                     i;
  integer                     j;
  integer                     k;
  integer                     idx;
  integer                     ptr;

  // Index (ptr + k) mod NumPorts for 0 <= ptr, k < NumPorts.
  function integer wrap;
    input integer a;
    begin
      wrap = (a >= NumPorts) ? a - NumPorts : a;
    end
  endfunction

  // One past p, modulo NumPorts, as a pointer value.
  function [PortBits-1:0] next_ptr;
    input integer p;
    // Only the low bits are kept; the name tells lint so.
    integer wrapped_unused;
    begin
      wrapped_unused = wrap(p + 1);
      next_ptr = wrapped_unused[PortBits-1:0];
    end
  endfunction

  // A pointer value as an integer.
  function integer as_int;
    input [PortBits-1:0] v;
    begin
      as_int = {{(32-PortBits){1'b0}}, v};
    end
  endfunction

  always @(*) begin
    i = 0;
    j = 0;
    k = 0;
    idx = 0;
    ptr = 0;
    any_g = 1'b0;
    found = 1'b0;
    want_guar = 1'b0;
    cur_out_matched = first_i ? {NumPorts{1'b0}} : out_matched_q;
    cur_in_matched  = first_i ? {NumPorts{1'b0}} : in_matched_q;
    gnt_v    = {NumPorts{1'b0}};
    gnt_guar = {NumPorts{1'b0}};
    gnt_in   = {NumPorts*PortBits{1'b0}};
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
      // Grant phase.
      for (j = 0; j < NumPorts; j = j + 1) begin
        any_g = 1'b0;
        for (i = 0; i < NumPorts; i = i + 1) begin
          any_g = any_g | (req_g_i[i*NumPorts+j] & ~cur_in_matched[i]);
        end
        ptr = as_int(any_g ? gptr_g_q[j*PortBits +: PortBits] : gptr_be_q[j*PortBits +: PortBits]);
        found = 1'b0;
        for (k = 0; k < NumPorts; k = k + 1) begin
          idx = wrap(ptr + k);
          if (!found && !cur_out_matched[j] && out_ok_i[j] && !cur_in_matched[idx] &&
              (any_g ? req_g_i[idx*NumPorts+j] : req_be_i[idx*NumPorts+j])) begin
            found = 1'b1;
            gnt_in[j*PortBits +: PortBits] = idx[PortBits-1:0];
          end
        end
        gnt_v[j]    = found;
        gnt_guar[j] = any_g;
      end
      // Accept phase.
      for (i = 0; i < NumPorts; i = i + 1) begin
        want_guar = 1'b0;
        for (j = 0; j < NumPorts; j = j + 1) begin
          want_guar = want_guar |
                      (gnt_v[j] & gnt_guar[j] & (gnt_in[j*PortBits +: PortBits] == i[PortBits-1:0]));
        end
        ptr = as_int(want_guar ? aptr_g_q[i*PortBits +: PortBits] : aptr_be_q[i*PortBits +: PortBits]);
        found = 1'b0;
        for (k = 0; k < NumPorts; k = k + 1) begin
          idx = wrap(ptr + k);
          if (!found && gnt_v[idx] && (gnt_guar[idx] == want_guar) &&
              gnt_in[idx*PortBits +: PortBits] == i[PortBits-1:0]) begin
            found = 1'b1;
            out_matched_d[idx] = 1'b1;
            in_matched_d[i]    = 1'b1;
            out_in_d[idx*PortBits +: PortBits] = i[PortBits-1:0];
            out_guar_d[idx] = want_guar;
            if (first_i) begin
              if (want_guar) begin
                gptr_g_d[idx*PortBits +: PortBits] = next_ptr(i);
                aptr_g_d[i*PortBits +: PortBits]   = next_ptr(idx);
              end else begin
                gptr_be_d[idx*PortBits +: PortBits] = next_ptr(i);
                aptr_be_d[i*PortBits +: PortBits]   = next_ptr(idx);
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
