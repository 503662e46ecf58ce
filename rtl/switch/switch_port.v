`default_nettype none
// switch_port: the port controller of one input of the switch fabric. It takes cells
// from its input stream, translates their VC, holds them in a shared cell buffer and
// queues them in virtual output queues, one per output and class, from which the
// scheduler (switch_islip, through switch_top) moves one cell per cell time.
//
// Ingress: word 0 (the header) reads the translation table at index VCI[TableBits-1:0]
// (direct index; the entry keeps the full VPI/VCI as a tag, so a VC whose low VCI bits
// collide with a configured one never matches) and takes the next free slot of the
// buffer (BufCells slots of 16 words, shared by all of the input's queues). With no
// free slot the cell is dropped (buffer full); with CLP=1 and at least ClpThreshold
// slots in use it is dropped (CLP). The lookup result (hit, output set, class, bank)
// is registered the cycle after the table read, off the path to the forwarding
// decision, which is made on the last word: tag hit, non-empty output set, slot held,
// tlast on word 12, and none of its queues at the dynamic threshold (it holds
// 2^DtShift x the free slots or more; dropped as full: Choudhury and Hahne's rule, so
// that one congested output cannot take the whole buffer from the others). Every cell
// counts as in, and every drop counts with its reason (no VC, format, full, CLP) and
// class on the ev_* pulses.
// Free slots: slots never used are handed out in order (a counter), and slots freed
// later go through a free list (a FIFO of slot numbers in RAM); a cell takes the next
// free slot at its header and removes it from the free slots only when it is
// forwarded, so a dropped cell's slot serves the next cell. Nothing scales with
// BufCells but RAM and the width of the slot counters.
// Enqueue: a forwarded cell's slot gets a reference count (in a RAM) equal to its
// fan-out and an enqueue engine pushes one descriptor {slot, new VPI/VCI} per output
// in the set, one a cycle (after a one-cycle header-table read), into the queue
// (output, class) held in a descriptor RAM. The input is not ready for the last word of
// the next cell while the engine still has outputs to do (a unicast takes one cycle, so
// never at line rate; multicast to more than 12 outputs slows that input).
// Transfer: a grant (output, class) at the commit cycle pops that queue; the next
// cycle the descriptor arrives and the 13 words are read from the buffer on the 13
// cycles after that, leaving on xfer_* one cycle later with the new VPI/VCI put into
// word 0 (GFC, PTI and CLP kept). The slot's reference count is read and decremented
// during the transfer; when its last copy's word 12 has been read the slot goes to the
// free list.
// Tables: an entry {valid, tag, guaranteed, bank, output set} and two banks of
// per-output headers; switch_regs writes the bank not in use, then the entry in one
// cycle (swap_i). A cell uses the entry and bank it read at its header. stale_o stays
// high while a cell that read the table before the last swap is still being taken in
// or enqueued, so that switch_regs never rewrites a bank such a cell may still read.
module switch_port #(
  // Number of ports of the switch (outputs a cell may go to).
  parameter integer NumPorts = 4,
  // log2 of the translation-table entries.
  parameter integer TableBits = 6,
  // Cell slots of the input buffer (a power of two, 4 or more).
  parameter integer BufCells = 256,
  // Slots in use at or above which CLP=1 cells are dropped.
  parameter integer ClpThreshold = 128,
  // Dynamic threshold: a cell is dropped (as full) when one of its queues holds
  // 2^DtShift x (free slots) cells or more, so one congested output cannot take the
  // whole buffer.
  parameter integer DtShift = 1
) (
  input  wire                       clk_i,
  input  wire                       rst_ni,
  // Accept cells (the switch is enabled and its tables are cleared).
  input  wire                       en_i,
  input  wire [31:0]                s_cell_tdata_i,
  input  wire                       s_cell_tvalid_i,
  output wire                       s_cell_tready_o,
  input  wire                       s_cell_tlast_i,
  // Table writes from switch_regs.
  input  wire                       tbl_we_i,
  input  wire [TableBits-1:0]       tbl_waddr_i,
  input  wire [NumPorts+26:0]       tbl_wdata_i,
  input  wire                       hdr_we_i,
  input  wire [TableBits+$clog2(NumPorts):0] hdr_waddr_i,
  input  wire [23:0]                hdr_wdata_i,
  input  wire                       swap_i,
  output wire                       stale_o,
  // Virtual output queues that hold cells, per output, for each class.
  output wire [NumPorts-1:0]        req_g_o,
  output wire [NumPorts-1:0]        req_be_o,
  // Commit cycle: send the head cell of queue (grant_out_i, grant_guar_i).
  input  wire                       grant_i,
  input  wire [$clog2(NumPorts)-1:0] grant_out_i,
  input  wire                       grant_guar_i,
  // Cell words towards output xfer_dest_o.
  output wire                       xfer_valid_o,
  output wire                       xfer_last_o,
  output wire [$clog2(NumPorts)-1:0] xfer_dest_o,
  output wire [31:0]                xfer_data_o,
  // One-cycle events for the counters.
  output reg                        ev_in_o,
  output reg                        ev_drop_novc_o,
  output reg                        ev_drop_fmt_o,
  output reg                        ev_drop_full_o,
  output reg                        ev_drop_clp_o,
  output reg                        ev_guar_o,
  // Cells now held in the buffer.
  output wire [$clog2(BufCells):0]  buffered_o
);

  localparam integer PortBits    = $clog2(NumPorts);
  localparam integer SlotBits    = $clog2(BufCells);
  localparam integer RefBits     = $clog2(NumPorts + 1);
  localparam integer NumQ        = 2 * NumPorts;
  localparam integer QBits       = PortBits + 1;
  // Entry layout: {valid, tag[23:0] = VPI,VCI, guaranteed, bank, output set}.
  localparam integer EntryBits   = NumPorts + 27;
  localparam integer HdrAddrBits = TableBits + 1 + PortBits;
  localparam integer DescBits    = SlotBits + 24;
  localparam [3:0]   LastWord    = 4'd12;
  localparam [SlotBits:0] ClpLimit = ClpThreshold[SlotBits:0];
  localparam [SlotBits+2:0] BufCellsW = BufCells[SlotBits+2:0];

  // ---------------------------------------------------------------- memories
  reg [31:0]          buf_mem_q  [0:BufCells*16-1];
  reg [DescBits-1:0]  desc_mem_q [0:NumQ*BufCells-1];
  reg [EntryBits-1:0] tbl_mem_q  [0:(1<<TableBits)-1];
  reg [23:0]          hdr_mem_q  [0:(1<<HdrAddrBits)-1];
  reg [RefBits-1:0]   ref_mem_q  [0:BufCells-1];
  reg [RefBits-1:0]   ref_rdata_q;
  reg [31:0]          buf_rdata_q;
  reg [DescBits-1:0]  desc_rdata_q;
  reg [EntryBits-1:0] tbl_rdata_q;
  reg [23:0]          hdr_rdata_q;

  // ---------------------------------------------------------------- state
  reg                      in_cell_q, in_cell_d;
  reg [3:0]                widx_q, widx_d;
  reg [SlotBits-1:0]       cur_slot_q, cur_slot_d;
  reg [31:0]               hdr_q, hdr_d;
  reg                      drop_full_q, drop_full_d;
  reg                      drop_clp_q, drop_clp_d;
  reg                      ctx_stale_q, ctx_stale_d;
  // The lookup result of the cell coming in, registered the cycle after the table read.
  reg                      lk_hit_q, lk_hit_d;
  reg [NumPorts-1:0]       lk_fanout_q, lk_fanout_d;
  reg [RefBits-1:0]        lk_fanout_n_q, lk_fanout_n_d;
  reg                      lk_guar_q, lk_guar_d;
  reg                      lk_bank_q, lk_bank_d;
  // Slots never used yet are fresh_q .. BufCells-1 (all of them free).
  reg [SlotBits:0]         fresh_q, fresh_d;
  // Slots in use (held by the cell coming in or by queued copies), kept as a count
  // rather than summed from the slots, which would be a long adder chain.
  reg [SlotBits:0]         used_q, used_d;

  reg [NumPorts-1:0]       eng_mask_q, eng_mask_d;
  reg [SlotBits-1:0]       eng_slot_q, eng_slot_d;
  reg [TableBits-1:0]      eng_idx_q, eng_idx_d;
  reg                      eng_bank_q, eng_bank_d;
  reg                      eng_guar_q, eng_guar_d;
  reg                      eng_stale_q, eng_stale_d;
  reg                      wr_valid_q, wr_valid_d;
  reg [PortBits-1:0]       wr_out_q, wr_out_d;
  reg [SlotBits-1:0]       wr_slot_q, wr_slot_d;
  reg                      wr_guar_q, wr_guar_d;

  reg [NumQ*SlotBits-1:0]     head_q, head_d;
  reg [NumQ*SlotBits-1:0]     tail_q, tail_d;
  reg [NumQ*(SlotBits+1)-1:0] count_q, count_d;

  reg                      xf_pend_q, xf_pend_d;
  reg [PortBits-1:0]       xf_pend_dest_q, xf_pend_dest_d;
  reg                      xf_active_q, xf_active_d;
  reg [3:0]                xf_word_q, xf_word_d;
  reg [SlotBits-1:0]       xf_slot_q, xf_slot_d;
  reg [23:0]               xf_hdr_q, xf_hdr_d;
  reg [PortBits-1:0]       xf_dest_q, xf_dest_d;
  // The copy being sent is its slot's last; the decremented count is still to write.
  reg                      xf_lastcopy_q, xf_lastcopy_d;
  reg                      dec_pend_q, dec_pend_d;
  reg [RefBits-1:0]        dec_val_q, dec_val_d;
  reg                      rd_valid_q, rd_valid_d;
  reg                      rd_first_q, rd_first_d;
  reg                      rd_last_q, rd_last_d;
  reg [PortBits-1:0]       rd_dest_q, rd_dest_d;
  reg [23:0]               rd_hdr_q, rd_hdr_d;

  // ---------------------------------------------------------------- combinational
  reg                      ready;
  reg                      acc;
  reg                      any_free;
  reg [SlotBits-1:0]       free_slot;
  wire [SlotBits:0]        used = used_q;
  wire                     fl_valid;
  wire [SlotBits-1:0]      fl_slot;
  reg                      fl_pop;
  reg                      fl_push;
  wire                     unused_fl_ready;
  reg                      ref_we;
  reg [SlotBits-1:0]       ref_waddr;
  reg [RefBits-1:0]        ref_wdata;
  reg                      ref_re;
  reg [SlotBits+2:0]       dt_limit;
  reg                      dt_drop;
  reg                      dispatch;
  reg                      buf_we;
  reg [SlotBits+3:0]       buf_waddr;
  reg                      buf_re;
  reg [SlotBits+3:0]       buf_raddr;
  reg                      tbl_re;
  reg                      hdr_re;
  reg [HdrAddrBits-1:0]    hdr_raddr;
  reg [PortBits-1:0]       pick;
  reg                      desc_we;
  reg [QBits+SlotBits-1:0] desc_waddr;
  reg                      desc_re;
  reg [QBits+SlotBits-1:0] desc_raddr;
  reg [QBits-1:0]          qw;
  reg [QBits-1:0]          qr;
  reg [NumPorts-1:0]       req_g;
  reg [NumPorts-1:0]       req_be;
  integer                  j;

  wire                     e_valid = tbl_rdata_q[NumPorts+26];
  wire [23:0]              e_tag   = tbl_rdata_q[NumPorts+25:NumPorts+2];
  wire                     e_guar  = tbl_rdata_q[NumPorts+1];
  wire                     e_bank  = tbl_rdata_q[NumPorts];
  wire [NumPorts-1:0]      e_mask  = tbl_rdata_q[NumPorts-1:0];
  wire                     owned   = in_cell_q && !drop_full_q && !drop_clp_q;
  wire                     eng_busy = (eng_mask_q != {NumPorts{1'b0}}) || wr_valid_q;
  wire [NumPorts-1:0]      fanout  = lk_fanout_q;

  always @(*) begin
    j = 0;
    // The next free slot: a fresh one while any are left, else the free list's head.
    any_free  = !fresh_q[SlotBits] || fl_valid;
    free_slot = fresh_q[SlotBits] ? fl_slot : fresh_q[SlotBits-1:0];
    fresh_d   = fresh_q;
    fl_pop    = 1'b0;
    fl_push   = 1'b0;
    used_d = used_q;

    ready = en_i && !(in_cell_q && widx_q >= LastWord && eng_mask_q != {NumPorts{1'b0}});
    acc   = ready && s_cell_tvalid_i;

    // The lookup, registered: the table word and the header are both held from the
    // cycle after the header until the next header.
    lk_hit_d      = e_valid && (e_tag == hdr_q[27:4]);
    lk_fanout_d   = lk_hit_d ? e_mask : {NumPorts{1'b0}};
    lk_fanout_n_d = {RefBits{1'b0}};
    for (j = 0; j < NumPorts; j = j + 1) begin
      lk_fanout_n_d = lk_fanout_n_d + {{(RefBits-1){1'b0}}, lk_fanout_d[j]};
    end
    lk_guar_d = e_guar;
    lk_bank_d = e_bank;

    // Dynamic threshold, for the cell ending now (its own slot counted in used).
    dt_limit = (BufCellsW - {2'b00, used} + 1'b1) << DtShift;
    dt_drop  = 1'b0;
    for (j = 0; j < NumPorts; j = j + 1) begin
      if (fanout[j] &&
          {2'b00, count_q[(2*j + {31'd0, lk_guar_q})*(SlotBits+1) +: SlotBits+1]} >= dt_limit) begin
        dt_drop = 1'b1;
      end
    end

    in_cell_d   = in_cell_q;
    widx_d      = widx_q;
    cur_slot_d  = cur_slot_q;
    hdr_d       = hdr_q;
    drop_full_d = drop_full_q;
    drop_clp_d  = drop_clp_q;
    ctx_stale_d = ctx_stale_q;
    eng_mask_d  = eng_mask_q;
    eng_slot_d  = eng_slot_q;
    eng_idx_d   = eng_idx_q;
    eng_bank_d  = eng_bank_q;
    eng_guar_d  = eng_guar_q;
    eng_stale_d = eng_stale_q;
    head_d      = head_q;
    tail_d      = tail_q;
    count_d     = count_q;
    xf_pend_d      = grant_i;
    xf_pend_dest_d = grant_i ? grant_out_i : xf_pend_dest_q;
    xf_active_d = xf_active_q;
    xf_word_d   = xf_word_q;
    xf_slot_d   = xf_slot_q;
    xf_hdr_d    = xf_hdr_q;
    xf_dest_d   = xf_dest_q;

    ev_in_o        = 1'b0;
    ev_drop_novc_o = 1'b0;
    ev_drop_fmt_o  = 1'b0;
    ev_drop_full_o = 1'b0;
    ev_drop_clp_o  = 1'b0;
    ev_guar_o      = lk_hit_q && lk_guar_q;
    dispatch  = 1'b0;
    buf_we    = 1'b0;
    buf_waddr = {cur_slot_q, widx_q};
    tbl_re    = 1'b0;

    // ---- ingress
    if (acc && !in_cell_q) begin
      tbl_re = 1'b1;
      if (s_cell_tlast_i) begin
        ev_in_o       = 1'b1;
        ev_drop_fmt_o = 1'b1;
      end else begin
        in_cell_d   = 1'b1;
        widx_d      = 4'd1;
        hdr_d       = s_cell_tdata_i;
        cur_slot_d  = free_slot;
        drop_full_d = !any_free;
        drop_clp_d  = any_free && s_cell_tdata_i[0] && (used >= ClpLimit);
        buf_we      = any_free && !(s_cell_tdata_i[0] && (used >= ClpLimit));
        buf_waddr   = {free_slot, 4'd0};
        if (buf_we) begin
          used_d = used_d + 1'b1;
        end
      end
    end else if (acc) begin
      widx_d = (widx_q == 4'd15) ? widx_q : widx_q + 4'd1;
      buf_we = owned && (widx_q <= LastWord);
      if (s_cell_tlast_i) begin
        in_cell_d   = 1'b0;
        ev_in_o     = 1'b1;
        ctx_stale_d = 1'b0;
        if (widx_q != LastWord) begin
          ev_drop_fmt_o = 1'b1;
        end else if (fanout == {NumPorts{1'b0}}) begin
          ev_drop_novc_o = 1'b1;
        end else if (drop_full_q) begin
          ev_drop_full_o = 1'b1;
        end else if (drop_clp_q) begin
          ev_drop_clp_o = 1'b1;
        end else if (dt_drop) begin
          ev_drop_full_o = 1'b1;
        end else begin
          dispatch = 1'b1;
        end
        if (owned && !dispatch) begin
          used_d = used_d - 1'b1;
        end
      end
    end

    // ---- enqueue engine: one output of the set a cycle
    pick = {PortBits{1'b0}};
    for (j = NumPorts - 1; j >= 0; j = j - 1) begin
      if (eng_mask_q[j]) begin
        pick = j[PortBits-1:0];
      end
    end
    hdr_re     = eng_mask_q != {NumPorts{1'b0}};
    hdr_raddr  = {eng_idx_q, eng_bank_q, pick};
    wr_valid_d = hdr_re;
    wr_out_d   = pick;
    wr_slot_d  = eng_slot_q;
    wr_guar_d  = eng_guar_q;
    if (hdr_re) begin
      eng_mask_d[pick] = 1'b0;
    end
    if (!hdr_re && !wr_valid_q) begin
      eng_stale_d = 1'b0;
    end
    if (dispatch) begin
      // The slot leaves the free slots (it is the one free_slot named at the header:
      // nothing else takes slots meanwhile).
      if (fresh_q[SlotBits]) begin
        fl_pop = 1'b1;
      end else begin
        fresh_d = fresh_q + 1'b1;
      end
      eng_mask_d  = fanout;
      eng_slot_d  = cur_slot_q;
      eng_idx_d   = hdr_q[4 +: TableBits];
      eng_bank_d  = lk_bank_q;
      eng_guar_d  = lk_guar_q;
      eng_stale_d = ctx_stale_q;
    end
    if (swap_i) begin
      if ((in_cell_q && !(acc && s_cell_tlast_i)) || (acc && !in_cell_q && !s_cell_tlast_i)) begin
        ctx_stale_d = 1'b1;
      end
      if (eng_busy || dispatch) begin
        eng_stale_d = 1'b1;
      end
    end

    // ---- descriptor queues
    qw         = {wr_out_q, wr_guar_q};
    desc_we    = wr_valid_q;
    desc_waddr = {qw, tail_q[qw*SlotBits +: SlotBits]};
    if (wr_valid_q) begin
      tail_d[qw*SlotBits +: SlotBits] = tail_q[qw*SlotBits +: SlotBits] + 1'b1;
      count_d[qw*(SlotBits+1) +: SlotBits+1] = count_d[qw*(SlotBits+1) +: SlotBits+1] + 1'b1;
    end
    qr         = {grant_out_i, grant_guar_i};
    desc_re    = grant_i;
    desc_raddr = {qr, head_q[qr*SlotBits +: SlotBits]};
    if (grant_i) begin
      head_d[qr*SlotBits +: SlotBits] = head_q[qr*SlotBits +: SlotBits] + 1'b1;
      count_d[qr*(SlotBits+1) +: SlotBits+1] = count_d[qr*(SlotBits+1) +: SlotBits+1] - 1'b1;
    end
    for (j = 0; j < NumPorts; j = j + 1) begin
      req_g[j]  = count_q[(2*j+1)*(SlotBits+1) +: SlotBits+1] != {(SlotBits+1){1'b0}};
      req_be[j] = count_q[(2*j)*(SlotBits+1) +: SlotBits+1] != {(SlotBits+1){1'b0}};
    end

    // ---- transfer engine
    buf_re     = xf_active_q;
    buf_raddr  = {xf_slot_q, xf_word_q};
    rd_valid_d = xf_active_q;
    rd_first_d = xf_word_q == 4'd0;
    rd_last_d  = xf_word_q == LastWord;
    rd_dest_d  = xf_dest_q;
    rd_hdr_d   = xf_hdr_q;
    xf_lastcopy_d = xf_lastcopy_q;
    dec_pend_d = dec_pend_q;
    dec_val_d  = dec_val_q;
    // Reference counts: read at word 0, decremented from word 1 on (a dispatch has the
    // write port first; it never comes two cycles running), slot freed after word 12.
    ref_re    = xf_active_q && xf_word_q == 4'd0;
    ref_we    = dispatch || dec_pend_q;
    ref_waddr = dispatch ? cur_slot_q : xf_slot_q;
    ref_wdata = dispatch ? lk_fanout_n_q : dec_val_q;
    if (dec_pend_q && !dispatch) begin
      dec_pend_d = 1'b0;
    end
    if (xf_active_q) begin
      xf_word_d = xf_word_q + 4'd1;
      if (xf_word_q == 4'd1) begin
        xf_lastcopy_d = ref_rdata_q == {{(RefBits-1){1'b0}}, 1'b1};
        dec_pend_d    = 1'b1;
        dec_val_d     = ref_rdata_q - 1'b1;
      end
      if (xf_word_q == LastWord) begin
        xf_active_d = 1'b0;
        if (xf_lastcopy_q) begin
          fl_push = 1'b1;
          used_d  = used_d - 1'b1;
        end
      end
    end
    if (xf_pend_q) begin
      xf_active_d = 1'b1;
      xf_word_d   = 4'd0;
      xf_slot_d   = desc_rdata_q[DescBits-1:24];
      xf_hdr_d    = desc_rdata_q[23:0];
      xf_dest_d   = xf_pend_dest_q;
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      in_cell_q      <= 1'b0;
      widx_q         <= 4'd0;
      cur_slot_q     <= {SlotBits{1'b0}};
      hdr_q          <= 32'd0;
      drop_full_q    <= 1'b0;
      drop_clp_q     <= 1'b0;
      ctx_stale_q    <= 1'b0;
      lk_hit_q       <= 1'b0;
      lk_fanout_q    <= {NumPorts{1'b0}};
      lk_fanout_n_q  <= {RefBits{1'b0}};
      lk_guar_q      <= 1'b0;
      lk_bank_q      <= 1'b0;
      fresh_q        <= {(SlotBits+1){1'b0}};
      used_q         <= {(SlotBits+1){1'b0}};
      eng_mask_q     <= {NumPorts{1'b0}};
      eng_slot_q     <= {SlotBits{1'b0}};
      eng_idx_q      <= {TableBits{1'b0}};
      eng_bank_q     <= 1'b0;
      eng_guar_q     <= 1'b0;
      eng_stale_q    <= 1'b0;
      wr_valid_q     <= 1'b0;
      wr_out_q       <= {PortBits{1'b0}};
      wr_slot_q      <= {SlotBits{1'b0}};
      wr_guar_q      <= 1'b0;
      head_q         <= {NumQ*SlotBits{1'b0}};
      tail_q         <= {NumQ*SlotBits{1'b0}};
      count_q        <= {NumQ*(SlotBits+1){1'b0}};
      xf_pend_q      <= 1'b0;
      xf_pend_dest_q <= {PortBits{1'b0}};
      xf_active_q    <= 1'b0;
      xf_word_q      <= 4'd0;
      xf_slot_q      <= {SlotBits{1'b0}};
      xf_hdr_q       <= 24'd0;
      xf_dest_q      <= {PortBits{1'b0}};
      xf_lastcopy_q  <= 1'b0;
      dec_pend_q     <= 1'b0;
      dec_val_q      <= {RefBits{1'b0}};
      rd_valid_q     <= 1'b0;
      rd_first_q     <= 1'b0;
      rd_last_q      <= 1'b0;
      rd_dest_q      <= {PortBits{1'b0}};
      rd_hdr_q       <= 24'd0;
    end else begin
      in_cell_q      <= in_cell_d;
      widx_q         <= widx_d;
      cur_slot_q     <= cur_slot_d;
      hdr_q          <= hdr_d;
      drop_full_q    <= drop_full_d;
      drop_clp_q     <= drop_clp_d;
      ctx_stale_q    <= ctx_stale_d;
      lk_hit_q       <= lk_hit_d;
      lk_fanout_q    <= lk_fanout_d;
      lk_fanout_n_q  <= lk_fanout_n_d;
      lk_guar_q      <= lk_guar_d;
      lk_bank_q      <= lk_bank_d;
      fresh_q        <= fresh_d;
      used_q         <= used_d;
      eng_mask_q     <= eng_mask_d;
      eng_slot_q     <= eng_slot_d;
      eng_idx_q      <= eng_idx_d;
      eng_bank_q     <= eng_bank_d;
      eng_guar_q     <= eng_guar_d;
      eng_stale_q    <= eng_stale_d;
      wr_valid_q     <= wr_valid_d;
      wr_out_q       <= wr_out_d;
      wr_slot_q      <= wr_slot_d;
      wr_guar_q      <= wr_guar_d;
      head_q         <= head_d;
      tail_q         <= tail_d;
      count_q        <= count_d;
      xf_pend_q      <= xf_pend_d;
      xf_pend_dest_q <= xf_pend_dest_d;
      xf_active_q    <= xf_active_d;
      xf_word_q      <= xf_word_d;
      xf_slot_q      <= xf_slot_d;
      xf_hdr_q       <= xf_hdr_d;
      xf_dest_q      <= xf_dest_d;
      xf_lastcopy_q  <= xf_lastcopy_d;
      dec_pend_q     <= dec_pend_d;
      dec_val_q      <= dec_val_d;
      rd_valid_q     <= rd_valid_d;
      rd_first_q     <= rd_first_d;
      rd_last_q      <= rd_last_d;
      rd_dest_q      <= rd_dest_d;
      rd_hdr_q       <= rd_hdr_d;
    end
  end

  // The free list: slot numbers freed after their first use, at most one a cell time.
  switch_fifo #(
    .Width(SlotBits),
    .Depth(BufCells)
  ) u_free (
    .clk_i    (clk_i),
    .rst_ni   (rst_ni),
    .s_valid_i(fl_push),
    .s_data_i (xf_slot_q),
    .s_ready_o(unused_fl_ready),
    .m_valid_o(fl_valid),
    .m_data_o (fl_slot),
    .m_ready_i(fl_pop)
  );

  // The five RAMs, each one write and one registered read port, no reset (the
  // translation table is cleared by switch_regs after reset; the others are only read
  // where written before).
  always @(posedge clk_i) begin
    if (ref_we) begin
      ref_mem_q[ref_waddr] <= ref_wdata;
    end
    if (ref_re) begin
      ref_rdata_q <= ref_mem_q[xf_slot_q];
    end
  end

  always @(posedge clk_i) begin
    if (buf_we) begin
      buf_mem_q[buf_waddr] <= s_cell_tdata_i;
    end
    if (buf_re) begin
      buf_rdata_q <= buf_mem_q[buf_raddr];
    end
  end

  always @(posedge clk_i) begin
    if (desc_we) begin
      desc_mem_q[desc_waddr] <= {wr_slot_q, hdr_rdata_q};
    end
    if (desc_re) begin
      desc_rdata_q <= desc_mem_q[desc_raddr];
    end
  end

  always @(posedge clk_i) begin
    if (tbl_we_i) begin
      tbl_mem_q[tbl_waddr_i] <= tbl_wdata_i;
    end
    if (tbl_re) begin
      tbl_rdata_q <= tbl_mem_q[s_cell_tdata_i[4 +: TableBits]];
    end
  end

  always @(posedge clk_i) begin
    if (hdr_we_i) begin
      hdr_mem_q[hdr_waddr_i] <= hdr_wdata_i;
    end
    if (hdr_re) begin
      hdr_rdata_q <= hdr_mem_q[hdr_raddr];
    end
  end

  assign s_cell_tready_o = ready;
  assign stale_o         = ctx_stale_q || eng_stale_q;
  assign req_g_o         = req_g;
  assign req_be_o        = req_be;
  assign xfer_valid_o    = rd_valid_q;
  assign xfer_last_o     = rd_last_q;
  assign xfer_dest_o     = rd_dest_q;
  assign xfer_data_o     = rd_first_q ? {buf_rdata_q[31:28], rd_hdr_q, buf_rdata_q[3:0]}
                                      : buf_rdata_q;
  assign buffered_o      = used;

endmodule
`default_nettype wire
