`default_nettype none
// switch_top: the Pegasus ATM switch fabric, NumPorts x NumPorts, one cell stream per
// port in and out (flattened: port p is bits [p*32 +: 32] of the data vectors and bit
// p of the others), managed over Wishbone (switch_regs). Each input has a port
// controller (switch_port: VC translation table, cell buffer, virtual output queues
// per output and class). Time is divided into cell times of 13 cycles, one cell word a
// cycle per port (speed-up 1). In the last Iterations cycles before a cell time ends,
// switch_islip matches inputs to outputs, guaranteed class first; at the end (the
// commit cycle) each matched input pops the head of its queue and sends it across the
// crossbar during the next cell time, into the output's FIFO (switch_fifo, 32 words).
// An output joins the matching only while it holds fewer than OutCells cells (queued
// or on their way), so the FIFO never overflows and back-pressure on m_cell_tready_i
// backs up into the input queues, never dropping there. Latency of a cell through an
// idle switch: 13 cycles to take it in, up to one cell time waiting for the next
// matching, and 5 cycles from the commit to its first word out.
// Guaranteed-class delay: a guaranteed cell at the head of its queue is matched before
// any best-effort cell of its input or output, so when the guaranteed traffic at each
// input and output stays below one cell per cell time it waits at most the cell times
// needed by the other guaranteed cells ahead of it, whatever best effort offers
// (rtl/switch/README.md states and tests the bound).
module switch_top #(
  // Number of ports (inputs = outputs), 2 or more.
  parameter integer NumPorts = 4,
  // log2 of the translation-table entries per input (indexed by VCI low bits).
  parameter integer TableBits = 6,
  // Cell slots in each input buffer (a power of two, 4 or more; 256 keeps the loss at
  // 100% uniform load below 1%, rtl/switch/README.md).
  parameter integer BufCells = 256,
  // Slots in use at or above which an input drops CLP=1 cells.
  parameter integer ClpThreshold = 128,
  // Dynamic threshold of the input queues: a cell is dropped when one of its queues
  // holds 2^DtShift x the free slots or more.
  parameter integer DtShift = 1,
  // iSLIP iterations per cell time (1 to 12).
  parameter integer Iterations = 4,
  // Cells an output may hold (credit; its FIFO holds 32 words, so at most 2).
  parameter integer OutCells = 2
) (
  input  wire                     clk_i,
  input  wire                     rst_ni,
  input  wire [NumPorts*32-1:0]   s_cell_tdata_i,
  input  wire [NumPorts-1:0]      s_cell_tvalid_i,
  output wire [NumPorts-1:0]      s_cell_tready_o,
  input  wire [NumPorts-1:0]      s_cell_tlast_i,
  output wire [NumPorts*32-1:0]   m_cell_tdata_o,
  output wire [NumPorts-1:0]      m_cell_tvalid_o,
  input  wire [NumPorts-1:0]      m_cell_tready_i,
  output wire [NumPorts-1:0]      m_cell_tlast_o,
  input  wire                     wb_cyc_i,
  input  wire                     wb_stb_i,
  input  wire                     wb_we_i,
  input  wire [15:0]              wb_adr_i,
  input  wire [31:0]              wb_dat_i,
  input  wire [3:0]               wb_sel_i,
  output wire [31:0]              wb_dat_o,
  output wire                     wb_ack_o,
  output wire                     wb_stall_o,
  output wire                     irq_o
);

  localparam integer PortBits   = $clog2(NumPorts);
  localparam integer SlotBits   = $clog2(BufCells);
  localparam integer CreditBits = $clog2(OutCells + 1);
  localparam [3:0]   LastCycle  = 4'd12;
  localparam [3:0]   LastWord   = 4'd12;
  localparam [CreditBits-1:0] MaxCredit = OutCells[CreditBits-1:0];
  localparam [3:0]   FirstIter  = LastCycle - Iterations[3:0];

  // ---------------------------------------------------------------- management
  wire                            en;
  wire [NumPorts-1:0]             tbl_we;
  wire [TableBits-1:0]            tbl_waddr;
  wire [NumPorts+26:0]            tbl_wdata;
  wire [NumPorts-1:0]             hdr_we;
  wire [TableBits+PortBits:0]     hdr_waddr;
  wire [NumPorts-1:0]             swap;
  wire [NumPorts-1:0]             stale;
  wire [NumPorts-1:0]             ent_busy;
  wire [NumPorts-1:0]             ev_in;
  wire [NumPorts-1:0]             ev_out;
  wire [NumPorts-1:0]             ev_novc;
  wire [NumPorts-1:0]             ev_fmt;
  wire [NumPorts-1:0]             ev_full;
  wire [NumPorts-1:0]             ev_clp;
  wire [NumPorts-1:0]             ev_guar;
  wire [NumPorts*(SlotBits+1)-1:0] buffered;

  switch_regs #(
    .NumPorts  (NumPorts),
    .TableBits (TableBits),
    .BufCells  (BufCells),
    .ClpThreshold(ClpThreshold),
    .Iterations(Iterations)
  ) u_regs (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .wb_cyc_i      (wb_cyc_i),
    .wb_stb_i      (wb_stb_i),
    .wb_we_i       (wb_we_i),
    .wb_adr_i      (wb_adr_i),
    .wb_dat_i      (wb_dat_i),
    .wb_sel_i      (wb_sel_i),
    .wb_dat_o      (wb_dat_o),
    .wb_ack_o      (wb_ack_o),
    .wb_stall_o    (wb_stall_o),
    .irq_o         (irq_o),
    .en_o          (en),
    .tbl_we_o      (tbl_we),
    .tbl_waddr_o   (tbl_waddr),
    .tbl_wdata_o   (tbl_wdata),
    .hdr_we_o      (hdr_we),
    .hdr_waddr_o   (hdr_waddr),
    .swap_o        (swap),
    .stale_i       (stale),
    .ent_busy_i    (ent_busy),
    .ev_in_i       (ev_in),
    .ev_out_i      (ev_out),
    .ev_drop_novc_i(ev_novc),
    .ev_drop_fmt_i (ev_fmt),
    .ev_drop_full_i(ev_full),
    .ev_drop_clp_i (ev_clp),
    .ev_guar_i     (ev_guar),
    .buffered_i    (buffered)
  );

  // ---------------------------------------------------------------- cell time and matching
  reg [3:0]                       cyc_q, cyc_d;
  reg [NumPorts*CreditBits-1:0]   credit_q, credit_d;
  reg [NumPorts-1:0]              out_ok;
  reg [NumPorts-1:0]              grant;
  reg [NumPorts*PortBits-1:0]     grant_out;
  reg [NumPorts-1:0]              grant_guar;
  wire                            commit = cyc_q == LastCycle;
  wire                            iter   = (cyc_q >= FirstIter) && (cyc_q < LastCycle);
  wire [NumPorts*NumPorts-1:0]    req_g;
  wire [NumPorts*NumPorts-1:0]    req_be;
  wire [NumPorts-1:0]             match_valid;
  wire [NumPorts*PortBits-1:0]    match_in;
  wire [NumPorts-1:0]             match_guar;
  integer                         i;
  integer                         j;

  switch_islip #(
    .NumPorts(NumPorts)
  ) u_islip (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .iter_i       (iter),
    .first_i      (cyc_q == FirstIter),
    .req_g_i      (req_g),
    .req_be_i     (req_be),
    .out_ok_i     (out_ok),
    .match_valid_o(match_valid),
    .match_in_o   (match_in),
    .match_guar_o (match_guar)
  );

  // ---------------------------------------------------------------- ports and crossbar
  wire [NumPorts-1:0]             xfer_valid;
  wire [NumPorts*PortBits-1:0]    xfer_dest;
  wire [NumPorts*32-1:0]          xfer_data;
  reg  [NumPorts-1:0]             ofifo_valid;
  reg  [NumPorts*32-1:0]          ofifo_data;
  // The crossbar's selects, registered from the ports' announcements: output j takes
  // a word this cycle (xb_valid_q) from input xb_src_q.
  reg  [NumPorts-1:0]             xb_valid_q, xb_valid_d;
  reg  [NumPorts*PortBits-1:0]    xb_src_q, xb_src_d;
  // Words of the current cell already sent on each output (cells leave whole, 13 words,
  // so tlast is the 13th).
  reg  [NumPorts*4-1:0]           oword_q, oword_d;
  wire [NumPorts-1:0]             unused_ofifo_ready;

  genvar g;
  generate
    for (g = 0; g < NumPorts; g = g + 1) begin : g_port
      switch_port #(
        .NumPorts    (NumPorts),
        .TableBits   (TableBits),
        .BufCells    (BufCells),
        .ClpThreshold(ClpThreshold),
        .DtShift     (DtShift)
      ) u_port (
        .clk_i          (clk_i),
        .rst_ni         (rst_ni),
        .en_i           (en),
        .s_cell_tdata_i (s_cell_tdata_i[g*32 +: 32]),
        .s_cell_tvalid_i(s_cell_tvalid_i[g]),
        .s_cell_tready_o(s_cell_tready_o[g]),
        .s_cell_tlast_i (s_cell_tlast_i[g]),
        .tbl_we_i       (tbl_we[g]),
        .tbl_waddr_i    (tbl_waddr),
        .tbl_wdata_i    (tbl_wdata),
        .hdr_we_i       (hdr_we[g]),
        .hdr_waddr_i    (hdr_waddr),
        .swap_i         (swap[g]),
        .stale_o        (stale[g]),
        .ent_busy_o     (ent_busy[g]),
        .req_g_o        (req_g[g*NumPorts +: NumPorts]),
        .req_be_o       (req_be[g*NumPorts +: NumPorts]),
        .grant_i        (grant[g]),
        .grant_out_i    (grant_out[g*PortBits +: PortBits]),
        .grant_guar_i   (grant_guar[g]),
        .xfer_valid_o   (xfer_valid[g]),
        .xfer_dest_o    (xfer_dest[g*PortBits +: PortBits]),
        .xfer_data_o    (xfer_data[g*32 +: 32]),
        .ev_in_o        (ev_in[g]),
        .ev_drop_novc_o (ev_novc[g]),
        .ev_drop_fmt_o  (ev_fmt[g]),
        .ev_drop_full_o (ev_full[g]),
        .ev_drop_clp_o  (ev_clp[g]),
        .ev_guar_o      (ev_guar[g]),
        .buffered_o     (buffered[g*(SlotBits+1) +: SlotBits+1])
      );

      switch_fifo #(
        .Width(32),
        .Depth(32)
      ) u_out_fifo (
        .clk_i    (clk_i),
        .rst_ni   (rst_ni),
        .s_valid_i(ofifo_valid[g]),
        .s_data_i (ofifo_data[g*32 +: 32]),
        .s_ready_o(unused_ofifo_ready[g]),
        .m_valid_o(m_cell_tvalid_o[g]),
        .m_data_o (m_cell_tdata_o[g*32 +: 32]),
        .m_ready_i(m_cell_tready_i[g])
      );

      assign m_cell_tlast_o[g] = oword_q[g*4 +: 4] == LastWord;
      assign ev_out[g] = m_cell_tvalid_o[g] && m_cell_tready_i[g] && m_cell_tlast_o[g];
    end
  endgenerate

  always @(*) begin
    i = 0;
    j = 0;
    cyc_d = commit ? 4'd0 : cyc_q + 4'd1;
    credit_d = credit_q;
    grant      = {NumPorts{1'b0}};
    grant_out  = {NumPorts*PortBits{1'b0}};
    grant_guar = {NumPorts{1'b0}};
    ofifo_valid = xb_valid_q;
    ofifo_data  = {NumPorts*32{1'b0}};
    xb_valid_d  = {NumPorts{1'b0}};
    xb_src_d    = xb_src_q;
    oword_d     = oword_q;
    for (j = 0; j < NumPorts; j = j + 1) begin
      out_ok[j] = credit_q[j*CreditBits +: CreditBits] < MaxCredit;
      // The crossbar: the word for output j comes from the input that announced it
      // last cycle (at most one does), picked by a multiplexer on the registered input
      // number (two LUT4s a bit on iCE40 at N=4; an AND-OR on decoded selects takes
      // more than twice that).
      for (i = 0; i < NumPorts; i = i + 1) begin
        if (xfer_valid[i] && xfer_dest[i*PortBits +: PortBits] == j[PortBits-1:0]) begin
          xb_valid_d[j] = 1'b1;
          xb_src_d[j*PortBits +: PortBits] = i[PortBits-1:0];
        end
        if (xb_src_q[j*PortBits +: PortBits] == i[PortBits-1:0]) begin
          ofifo_data[j*32 +: 32] = xfer_data[i*32 +: 32];
        end
      end
      // The commit: matched inputs send, outputs take a credit.
      for (i = 0; i < NumPorts; i = i + 1) begin
        if (commit && match_valid[j] && match_in[j*PortBits +: PortBits] == i[PortBits-1:0]) begin
          grant[i] = 1'b1;
          grant_out[i*PortBits +: PortBits] = j[PortBits-1:0];
          grant_guar[i] = match_guar[j];
        end
      end
      if (m_cell_tvalid_o[j] && m_cell_tready_i[j]) begin
        oword_d[j*4 +: 4] = m_cell_tlast_o[j] ? 4'd0 : oword_q[j*4 +: 4] + 4'd1;
      end
      credit_d[j*CreditBits +: CreditBits] = credit_q[j*CreditBits +: CreditBits] +
          {{(CreditBits-1){1'b0}}, commit && match_valid[j]} -
          {{(CreditBits-1){1'b0}}, ev_out[j]};
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      cyc_q      <= 4'd0;
      credit_q   <= {NumPorts*CreditBits{1'b0}};
      oword_q    <= {NumPorts*4{1'b0}};
      xb_valid_q <= {NumPorts{1'b0}};
      xb_src_q   <= {NumPorts*PortBits{1'b0}};
    end else begin
      oword_q    <= oword_d;
      cyc_q      <= cyc_d;
      credit_q   <= credit_d;
      xb_valid_q <= xb_valid_d;
      xb_src_q   <= xb_src_d;
    end
  end

endmodule
`default_nettype wire
