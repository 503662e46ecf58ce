`default_nettype none
// switch_fifo: a synchronous first-word-fall-through FIFO on an inferred RAM with a
// registered read, used as each output port's egress queue. The head word is the RAM's
// read register (m_valid_o/m_data_o), which holds while the head waits and is refilled
// by the next read when it leaves; a word written into an empty FIFO appears on the
// output two cycles later. Throughput one word a cycle in and out. The writer must not
// write when full (the switch keeps a cell credit so that it never does; s_ready_o is
// given for assertions and other users). Depth is a power of two; the read register
// holds one word beyond it.
module switch_fifo #(
  // Word width in bits.
  parameter integer Width = 32,
  // Words held in the RAM (a power of two).
  parameter integer Depth = 32
) (
  input  wire             clk_i,
  input  wire             rst_ni,
  input  wire             s_valid_i,
  input  wire [Width-1:0] s_data_i,
  output wire             s_ready_o,
  output wire             m_valid_o,
  output wire [Width-1:0] m_data_o,
  input  wire             m_ready_i
);

  localparam integer AddrBits = $clog2(Depth);

  // no_rw_check: the word read is never the one written in the same cycle (a read
  // needs a word, a write a free place).
  (* no_rw_check *)
  reg [Width-1:0]  mem_q [0:Depth-1];
  reg [Width-1:0]  rdata_q;
  reg [AddrBits:0] wr_ptr_q, wr_ptr_d;
  reg [AddrBits:0] rd_ptr_q, rd_ptr_d;
  // rdata_q holds the head word.
  reg              out_valid_q, out_valid_d;

  wire empty = wr_ptr_q == rd_ptr_q;
  wire full  = (wr_ptr_q[AddrBits] != rd_ptr_q[AddrBits]) &&
               (wr_ptr_q[AddrBits-1:0] == rd_ptr_q[AddrBits-1:0]);
  wire push  = s_valid_i && !full;
  // Read the RAM when the read register is free or its word leaves this cycle.
  wire rd_en = !empty && (!out_valid_q || m_ready_i);

  always @(*) begin
    wr_ptr_d    = wr_ptr_q + {{AddrBits{1'b0}}, push};
    rd_ptr_d    = rd_ptr_q + {{AddrBits{1'b0}}, rd_en};
    out_valid_d = rd_en || (out_valid_q && !m_ready_i);
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_ptr_q    <= {(AddrBits+1){1'b0}};
      rd_ptr_q    <= {(AddrBits+1){1'b0}};
      out_valid_q <= 1'b0;
    end else begin
      wr_ptr_q    <= wr_ptr_d;
      rd_ptr_q    <= rd_ptr_d;
      out_valid_q <= out_valid_d;
    end
  end

  // The RAM: written and read at the clock edge, no reset.
  always @(posedge clk_i) begin
    if (push) begin
      mem_q[wr_ptr_q[AddrBits-1:0]] <= s_data_i;
    end
    if (rd_en) begin
      rdata_q <= mem_q[rd_ptr_q[AddrBits-1:0]];
    end
  end

  assign s_ready_o = !full;
  assign m_valid_o = out_valid_q;
  assign m_data_o  = rdata_q;

endmodule
`default_nettype wire
