`default_nettype none
// switch_port: the port controller of one input of the switch fabric. It takes cells
// from its input stream, translates their VC, holds them in a shared cell buffer and
// queues them in virtual output queues, one per output and class, from which the
// scheduler (switch_islip, through switch_top) moves one cell per cell time.
//
// Ingress: word 0 (the header) takes the next free slot of the buffer (BufCells slots
// of 16 words, shared by all of the input's queues) and is kept for the lookup in the
// translation table at index VCI[TableBits-1:0] (direct index; the entry keeps the
// full VPI/VCI as a tag, so a VC whose low VCI bits collide with a configured one never
// matches). With no free slot the cell is dropped (buffer full); with CLP=1 and at
// least ClpThreshold slots in use it is dropped (CLP). The table shares its RAM (the
// entry RAM) with the headers; the lookup reads it in the first cycle after the header
// that the enqueue engine and the commit engine leave free, and its result (hit,
// output set, class, bank) is registered the cycle after, off the path to the
// forwarding decision; the last word waits for it. The decision is made on the last
// word: tag hit, non-empty output set, slot held,
// tlast on word 12, and none of its queues at the dynamic threshold (it holds
// 2^DtShift x the free slots or more; dropped as full: Choudhury and Hahne's rule, so
// that one congested output cannot take the whole buffer from the others). Every cell
// counts as in, and every drop counts with its reason (no VC, format, full, CLP) and
// class on the ev_* pulses.
// Free slots: up to 32 slots, a bit each (lowest free first); more, slots never used
// are handed out in order (a counter) and slots freed later go through a free list (a
// FIFO of slot numbers in RAM), so that only RAM and counter widths grow with
// BufCells. A cell takes the next free slot at its header and removes it from the free
// slots only when it is forwarded, so a dropped cell's slot serves the next cell.
// Enqueue: a forwarded cell's slot gets a reference count (its fan-out, kept minus one
// so that PortBits bits hold it) and an
// enqueue engine pushes one descriptor {slot, new VPI/VCI} per output in the set into
// the queue (output, class) held in a descriptor RAM: it reads the output's header
// from the entry RAM every other cycle and writes the descriptor as two half-width
// words in the two cycles after. The input is not ready for the last word of the next
// cell while the engine still has outputs to do (a unicast takes one read, so never at
// line rate; multicast to more than 6 outputs slows that input).
// Transfer: a grant (output, class) at the commit cycle pops that queue and reads the
// descriptor's high half (slot, top of the new header); the next cycle it arrives and
// the 13 words are read from the buffer on the 13 cycles after that, leaving on xfer_*
// one cycle later with the new VPI/VCI put into word 0 (GFC, PTI and CLP kept; the
// descriptor's low half is read with word 0). The slot's reference count (in the entry
// RAM: its read at word 0 comes before the enqueue engine's and the lookup's, its
// writes before switch_regs', which waits on ent_busy_o) is read and decremented during
// the transfer; when its last copy's word 12 has been read the slot goes to the free
// list.
// Tables: an entry {valid, tag, guaranteed, bank, output set} and two banks of
// per-output headers; switch_regs writes the bank not in use, then the entry in one
// cycle (swap_i). A cell uses the entry and bank its lookup read. stale_o stays
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
  // Table writes from switch_regs: an entry (tbl_we_i) or a header (hdr_we_i, in the
  // low 24 bits of tbl_wdata_i), never both in one cycle.
  input  wire                       tbl_we_i,
  input  wire [TableBits-1:0]       tbl_waddr_i,
  input  wire [NumPorts+26:0]       tbl_wdata_i,
  input  wire                       hdr_we_i,
  input  wire [TableBits+$clog2(NumPorts):0] hdr_waddr_i,
  input  wire                       swap_i,
  output wire                       stale_o,
  // The port writes a reference count into its entry RAM this cycle; switch_regs
  // does not write it then.
  output wire                       ent_busy_o,
  // Virtual output queues that hold cells, per output, for each class.
  output wire [NumPorts-1:0]        req_g_o,
  output wire [NumPorts-1:0]        req_be_o,
  // Commit cycle: send the head cell of queue (grant_out_i, grant_guar_i).
  input  wire                       grant_i,
  input  wire [$clog2(NumPorts)-1:0] grant_out_i,
  input  wire                       grant_guar_i,
  // Cell words towards output xfer_dest_o: xfer_valid_o and xfer_dest_o announce the
  // word, which is on xfer_data_o the cycle after (so that the crossbar can register
  // its selects).
  output wire                       xfer_valid_o,
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
  // A slot's reference count is kept as copies still to send minus one (1 .. NumPorts
  // copies in PortBits bits).
  localparam integer RefBits     = PortBits;
  localparam integer NumQ        = 2 * NumPorts;
  localparam integer QBits       = PortBits + 1;
  // Queue pointers: the slot bits and a wrap bit.
  localparam integer PtrBits     = SlotBits + 1;
  // Entry layout: {valid, tag[23:0] = VPI,VCI, guaranteed, bank, output set}.
  localparam integer EntryBits   = NumPorts + 27;
  localparam integer HdrAddrBits = TableBits + 1 + PortBits;
  // The entry RAM holds the headers (words 0 .. HdrWords-1, at {index, bank, output}),
  // then the entries (HdrWords + index), then, from the next multiple of BufCells,
  // the slots' reference counts (RefBase + slot).
  localparam integer HdrWords    = 1 << HdrAddrBits;
  localparam integer RefBaseI    = (HdrWords + (1 << TableBits) + BufCells - 1) / BufCells * BufCells;
  localparam integer EntWords    = RefBaseI + BufCells;
  localparam integer EntAddrBits = $clog2(EntWords);
  localparam [EntAddrBits-1:0] TblBase = HdrWords[EntAddrBits-1:0];
  localparam [EntAddrBits-1:0] RefBase = RefBaseI[EntAddrBits-1:0];
  // A descriptor {slot, new VPI/VCI} is stored as two halves, low half first.
  localparam integer DescBits    = SlotBits + 24;
  localparam integer HalfBits    = (DescBits + 1) / 2;
  // Header bits in the high half.
  localparam integer HiHdrBits   = 24 - HalfBits;
  localparam [3:0]   LastWord    = 4'd12;
  localparam [SlotBits:0] ClpLimit = ClpThreshold[SlotBits:0];
  localparam integer BufCells1I = BufCells + 1;
  localparam [SlotBits:0] BufCells1 = BufCells1I[SlotBits:0];

  // ---------------------------------------------------------------- memories
  // no_rw_check: no RAM here is read at the address written in the same cycle (a
  // slot being written is free, a slot being read is queued; a queue's head is
  // written before it is counted; the lookup does not read while the commit engine
  // writes, and the enqueue engine reads the bank in use, which is never the one
  // written; a slot's reference count is written at its dispatch, before any copy is
  // queued, and decremented early in one copy's transfer, long before the next copy's
  // read), so synthesis need not model that case.
  (* no_rw_check *)
  reg [31:0]          buf_mem_q  [0:BufCells*16-1];
  (* no_rw_check *)
  reg [HalfBits-1:0]  desc_mem_q [0:2*NumQ*BufCells-1];
  (* no_rw_check *)
  reg [EntryBits-1:0] ent_mem_q  [0:EntWords-1];
  reg [31:0]          buf_rdata_q;
  reg [HalfBits-1:0]  desc_rdata_q;
  reg [EntryBits-1:0] ent_rdata_q;

  // ---------------------------------------------------------------- state
  reg                      in_cell_q, in_cell_d;
  reg [3:0]                widx_q, widx_d;
  reg [SlotBits-1:0]       cur_slot_q, cur_slot_d;
  reg [31:0]               hdr_q, hdr_d;
  reg                      drop_full_q, drop_full_d;
  reg                      drop_clp_q, drop_clp_d;
  reg                      ctx_stale_q, ctx_stale_d;
  // The lookup of the cell coming in: pending (header taken, table not read yet), read
  // (the entry arrives this cycle), valid (result below registered).
  reg                      lk_pend_q, lk_pend_d;
  reg                      lk_rd_q, lk_rd_d;
  reg                      lk_valid_q, lk_valid_d;
  // The lookup result, registered the cycle after the table read.
  reg                      lk_hit_q, lk_hit_d;
  reg [NumPorts-1:0]       lk_fanout_q, lk_fanout_d;
  reg [RefBits-1:0]        lk_fanout_n_q, lk_fanout_n_d;
  reg                      lk_guar_q, lk_guar_d;
  reg                      lk_bank_q, lk_bank_d;
  // Slots in use (held by the cell coming in or by queued copies), kept as a count
  // rather than summed from the slots, which would be a long adder chain.
  reg [SlotBits:0]         used_q, used_d;

  reg [NumPorts-1:0]       eng_mask_q, eng_mask_d;
  reg [SlotBits-1:0]       eng_slot_q, eng_slot_d;
  reg [TableBits-1:0]      eng_idx_q, eng_idx_d;
  reg                      eng_bank_q, eng_bank_d;
  reg                      eng_guar_q, eng_guar_d;
  reg                      eng_stale_q, eng_stale_d;
  // Descriptor write: stage 1 writes the low half (the header read last cycle), stage 2
  // the high half, and then the descriptor joins its queue.
  reg                      wr_valid_q, wr_valid_d;
  reg [PortBits-1:0]       wr_out_q, wr_out_d;
  reg [SlotBits-1:0]       wr_slot_q, wr_slot_d;
  reg                      wr_guar_q, wr_guar_d;
  reg                      wr2_valid_q, wr2_valid_d;
  reg [QBits-1:0]          wr2_q_q, wr2_q_d;
  reg [QBits+SlotBits-1:0] wr2_addr_q, wr2_addr_d;
  reg [HalfBits-1:0]       wr2_hi_q, wr2_hi_d;

  // Queue pointers (PtrBits: with a wrap bit): a queue holds tail - head descriptors
  // (0 .. BufCells), none when they are equal.
  reg [NumQ*PtrBits-1:0]      head_q, head_d;
  reg [NumQ*PtrBits-1:0]      tail_q, tail_d;

  // Descriptor read: the high half (slot, top of the new header) at the commit, the
  // low half (rest of the header) at the transfer's word 0, so that it arrives just
  // when word 0 leaves; dr_addr_q is the descriptor's address.
  reg [QBits+SlotBits-1:0] dr_addr_q, dr_addr_d;
  reg                      xf_pend_q, xf_pend_d;
  reg [PortBits-1:0]       xf_pend_dest_q, xf_pend_dest_d;
  reg                      xf_active_q, xf_active_d;
  reg [3:0]                xf_word_q, xf_word_d;
  reg [SlotBits-1:0]       xf_slot_q, xf_slot_d;
  reg [HiHdrBits-1:0]      xf_hhi_q, xf_hhi_d;
  reg [PortBits-1:0]       xf_dest_q, xf_dest_d;
  // The copy being sent is its slot's last; the decremented count is still to write.
  reg                      xf_lastcopy_q, xf_lastcopy_d;
  reg                      dec_pend_q, dec_pend_d;
  reg [RefBits-1:0]        dec_val_q, dec_val_d;
  // The reference count written into the entry RAM this cycle.
  reg                      rw_we_q, rw_we_d;
  reg [SlotBits-1:0]       rw_slot_q, rw_slot_d;
  reg [RefBits-1:0]        rw_val_q, rw_val_d;
  reg                      rd_first_q, rd_first_d;

  // ---------------------------------------------------------------- combinational
  reg                      ready;
  reg                      acc;
  reg                      any_free;
  reg [SlotBits-1:0]       free_slot;
  wire [SlotBits:0]        used = used_q;
  // The free slots (u_free / g_free below): whether any is free and the next one; a
  // dispatch takes cur_slot_q (the one named at the header) and a slot's last copy
  // gives xf_slot_q back.
  wire                     fs_any;
  wire [SlotBits-1:0]      fs_slot;
  reg                      fs_take;
  reg                      fs_give;
  reg                      ref_re;
  reg [SlotBits:0]         dt_free;
  reg                      dt_drop;
  reg                      dispatch;
  reg                      buf_we;
  reg [SlotBits+3:0]       buf_waddr;
  reg                      buf_re;
  reg [SlotBits+3:0]       buf_raddr;
  reg                      hdr_re;
  reg                      lk_re;
  reg                      hdr_in;
  reg                      ent_we;
  reg [EntAddrBits-1:0]    ent_waddr;
  reg [EntryBits-1:0]      ent_wdata;
  reg                      ent_re;
  reg [EntAddrBits-1:0]    ent_raddr;
  reg [HdrAddrBits-1:0]    hdr_raddr;
  reg [PortBits-1:0]       pick;
  reg                      desc_we;
  reg [QBits+SlotBits:0]   desc_waddr;
  reg [HalfBits-1:0]       desc_wdata;
  reg                      desc_re;
  reg [QBits+SlotBits:0]   desc_raddr;
  // A descriptor as written, and as read (its top bit is padding when DescBits is odd).
  reg [2*HalfBits-1:0]     desc_wr;
  reg [HalfBits-1:0]       desc_hi_unused;
  reg [QBits-1:0]          qw;
  reg [QBits-1:0]          qr;
  reg                      q_push;
  reg                      q_pop;
  reg [SlotBits-1:0]       tail_sel;
  reg [SlotBits-1:0]       head_sel;
  // Descriptors held by the queue of each output in the class of the cell coming in.
  reg [NumPorts*PtrBits-1:0] qlen;
  reg [NumPorts-1:0]       req_g;
  reg [NumPorts-1:0]       req_be;
  integer                  j;

  wire                     e_valid = ent_rdata_q[NumPorts+26];
  wire [23:0]              e_tag   = ent_rdata_q[NumPorts+25:NumPorts+2];
  wire                     e_guar  = ent_rdata_q[NumPorts+1];
  wire                     e_bank  = ent_rdata_q[NumPorts];
  wire [NumPorts-1:0]      e_mask  = ent_rdata_q[NumPorts-1:0];
  wire                     owned   = in_cell_q && !drop_full_q && !drop_clp_q;
  wire                     eng_todo = eng_mask_q != {NumPorts{1'b0}};
  wire                     eng_busy = eng_todo || wr_valid_q || wr2_valid_q;

  wire [NumPorts-1:0]      fanout  = lk_fanout_q;

  always @(*) begin
    j = 0;
    any_free  = fs_any;
    free_slot = fs_slot;
    fs_take   = 1'b0;
    fs_give   = 1'b0;
    used_d = used_q;

    // The last word waits for the lookup and for the enqueue engine to be done with
    // the cell before.
    ready = en_i && !(in_cell_q && widx_q >= LastWord && (eng_todo || !lk_valid_q));
    acc   = ready && s_cell_tvalid_i;
    hdr_in = acc && !in_cell_q;

    // The lookup: the entry RAM is read for the cell's header (held in hdr_q) in a
    // cycle the enqueue engine leaves its read port free and the commit engine does not
    // write (never the cycle a new header comes in), and the result registered the
    // cycle after.
    // A transfer's reference-count read (its word 0) has the read port first.
    ref_re = xf_active_q && xf_word_q == 4'd0;
    hdr_re = eng_todo && !wr_valid_q && !ref_re;
    lk_re  = lk_pend_q && !ref_re && !hdr_re && !hdr_in && !tbl_we_i && !hdr_we_i;
    lk_pend_d  = lk_pend_q && !lk_re;
    lk_rd_d    = lk_re;
    lk_valid_d = lk_valid_q || lk_rd_q;
    lk_hit_d      = lk_hit_q;
    lk_fanout_d   = lk_fanout_q;
    lk_fanout_n_d = lk_fanout_n_q;
    lk_guar_d     = lk_guar_q;
    lk_bank_d     = lk_bank_q;
    if (lk_rd_q) begin
      lk_hit_d      = e_valid && (e_tag == hdr_q[27:4]);
      lk_fanout_d   = lk_hit_d ? e_mask : {NumPorts{1'b0}};
      // Outputs in the set minus one (the set is not empty when the cell is sent on).
      lk_fanout_n_d = {RefBits{1'b1}};
      for (j = 0; j < NumPorts; j = j + 1) begin
        lk_fanout_n_d = lk_fanout_n_d + {{(RefBits-1){1'b0}}, lk_fanout_d[j]};
      end
      lk_guar_d = e_guar;
      lk_bank_d = e_bank;
    end

    // Dynamic threshold, for the cell ending now (its own slot counted in used): a
    // queue at 2^DtShift x dt_free or more, compared as queue >> DtShift against
    // dt_free (the same for whole numbers, on narrower operands).
    dt_free  = BufCells1 - used;
    dt_drop  = 1'b0;
    for (j = 0; j < NumPorts; j = j + 1) begin
      // (The class picked before the subtraction: one subtractor per output.)
      qlen[j*PtrBits +: PtrBits] =
          (lk_guar_q ? tail_q[(2*j+1)*PtrBits +: PtrBits] : tail_q[(2*j)*PtrBits +: PtrBits]) -
          (lk_guar_q ? head_q[(2*j+1)*PtrBits +: PtrBits] : head_q[(2*j)*PtrBits +: PtrBits]);
      if (fanout[j] && (qlen[j*PtrBits +: PtrBits] >> DtShift) >= dt_free) begin
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
    xf_pend_d      = grant_i;
    xf_pend_dest_d = grant_i ? grant_out_i : xf_pend_dest_q;
    xf_active_d = xf_active_q;
    xf_word_d   = xf_word_q;
    xf_slot_d   = xf_slot_q;
    xf_hhi_d    = xf_hhi_q;
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

    // ---- ingress
    if (acc && !in_cell_q) begin
      if (s_cell_tlast_i) begin
        ev_in_o       = 1'b1;
        ev_drop_fmt_o = 1'b1;
      end else begin
        in_cell_d   = 1'b1;
        widx_d      = 4'd1;
        hdr_d       = s_cell_tdata_i;
        lk_pend_d   = 1'b1;
        lk_valid_d  = 1'b0;
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
    // A header read every other cycle: each descriptor takes two write cycles.
    hdr_raddr  = {eng_idx_q, eng_bank_q, pick};
    wr_valid_d = hdr_re;
    wr_out_d   = pick;
    wr_slot_d  = eng_slot_q;
    wr_guar_d  = eng_guar_q;
    if (hdr_re) begin
      eng_mask_d[pick] = 1'b0;
    end
    if (!eng_todo && !wr_valid_q) begin
      eng_stale_d = 1'b0;
    end
    if (dispatch) begin
      // The slot leaves the free slots (it is the one free_slot named at the header:
      // nothing else takes slots meanwhile).
      fs_take = 1'b1;
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
    // (Loops over the queues rather than variable part-selects: a decoder and an
    // AND-OR per bit instead of barrel shifters.)
    qw         = {wr_out_q, wr_guar_q};
    qr         = {grant_out_i, grant_guar_i};
    tail_sel   = {SlotBits{1'b0}};
    head_sel   = {SlotBits{1'b0}};
    for (j = 0; j < NumQ; j = j + 1) begin
      q_push = wr2_valid_q && wr2_q_q == j[QBits-1:0];
      q_pop  = grant_i && qr == j[QBits-1:0];
      tail_sel = tail_sel | ({SlotBits{qw == j[QBits-1:0]}} & tail_q[j*PtrBits +: SlotBits]);
      head_sel = head_sel | ({SlotBits{qr == j[QBits-1:0]}} & head_q[j*PtrBits +: SlotBits]);
      if (q_push) begin
        tail_d[j*PtrBits +: PtrBits] = tail_q[j*PtrBits +: PtrBits] + 1'b1;
      end
      if (q_pop) begin
        head_d[j*PtrBits +: PtrBits] = head_q[j*PtrBits +: PtrBits] + 1'b1;
      end
    end
    // Stage 1 writes the low half and keeps the high half for stage 2.
    desc_wr     = {2*HalfBits{1'b0}};
    desc_wr[DescBits-1:0] = {wr_slot_q, ent_rdata_q[23:0]};
    wr2_valid_d = wr_valid_q;
    wr2_q_d     = qw;
    wr2_addr_d  = {qw, tail_sel};
    wr2_hi_d    = desc_wr[2*HalfBits-1:HalfBits];
    desc_we     = wr_valid_q || wr2_valid_q;
    desc_waddr  = wr2_valid_q ? {wr2_addr_q, 1'b1} : {qw, tail_sel, 1'b0};
    desc_wdata  = wr2_valid_q ? wr2_hi_q : desc_wr[HalfBits-1:0];
    // The high half at the commit, the low half with the transfer's word 0.
    desc_re     = grant_i || (xf_active_q && xf_word_q == 4'd0);
    desc_raddr  = grant_i ? {qr, head_sel, 1'b1} : {dr_addr_q, 1'b0};
    dr_addr_d   = grant_i ? {qr, head_sel} : dr_addr_q;
    desc_hi_unused = desc_rdata_q;
    for (j = 0; j < NumPorts; j = j + 1) begin
      req_g[j]  = tail_q[(2*j+1)*PtrBits +: PtrBits] != head_q[(2*j+1)*PtrBits +: PtrBits];
      req_be[j] = tail_q[(2*j)*PtrBits +: PtrBits] != head_q[(2*j)*PtrBits +: PtrBits];
    end

    // ---- transfer engine
    buf_re     = xf_active_q;
    buf_raddr  = {xf_slot_q, xf_word_q};
    rd_first_d = xf_word_q == 4'd0;
    xf_lastcopy_d = xf_lastcopy_q;
    dec_pend_d = dec_pend_q;
    dec_val_d  = dec_val_q;
    // Reference counts, in the entry RAM: read at word 0, the decremented count written
    // back from word 3 on; a dispatch's count is written the cycle after it (before a
    // decrement: a dispatch never comes two cycles running); the slot is freed after
    // word 12.
    rw_we_d   = dispatch || dec_pend_q;
    rw_slot_d = dispatch ? cur_slot_q : xf_slot_q;
    rw_val_d  = dispatch ? lk_fanout_n_q : dec_val_q;
    if (dec_pend_q && !dispatch) begin
      dec_pend_d = 1'b0;
    end
    if (xf_active_q) begin
      xf_word_d = xf_word_q + 4'd1;
      if (xf_word_q == 4'd1) begin
        xf_lastcopy_d = ent_rdata_q[RefBits-1:0] == {RefBits{1'b0}};
        dec_pend_d    = 1'b1;
        dec_val_d     = ent_rdata_q[RefBits-1:0] - 1'b1;
      end
      if (xf_word_q == LastWord) begin
        xf_active_d = 1'b0;
        if (xf_lastcopy_q) begin
          fs_give = 1'b1;
          used_d  = used_d - 1'b1;
        end
      end
    end
    if (xf_pend_q) begin
      xf_active_d = 1'b1;
      xf_word_d   = 4'd0;
      xf_slot_d   = desc_hi_unused[HiHdrBits +: SlotBits];
      xf_hhi_d    = desc_hi_unused[HiHdrBits-1:0];
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
      lk_pend_q      <= 1'b0;
      lk_rd_q        <= 1'b0;
      lk_valid_q     <= 1'b0;
      lk_hit_q       <= 1'b0;
      lk_fanout_q    <= {NumPorts{1'b0}};
      lk_fanout_n_q  <= {RefBits{1'b0}};
      lk_guar_q      <= 1'b0;
      lk_bank_q      <= 1'b0;
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
      wr2_valid_q    <= 1'b0;
      wr2_q_q        <= {QBits{1'b0}};
      wr2_addr_q     <= {(QBits+SlotBits){1'b0}};
      wr2_hi_q       <= {HalfBits{1'b0}};
      head_q         <= {NumQ*PtrBits{1'b0}};
      tail_q         <= {NumQ*PtrBits{1'b0}};
      dr_addr_q      <= {(QBits+SlotBits){1'b0}};
      xf_pend_q      <= 1'b0;
      xf_pend_dest_q <= {PortBits{1'b0}};
      xf_active_q    <= 1'b0;
      xf_word_q      <= 4'd0;
      xf_slot_q      <= {SlotBits{1'b0}};
      xf_hhi_q       <= {HiHdrBits{1'b0}};
      xf_dest_q      <= {PortBits{1'b0}};
      xf_lastcopy_q  <= 1'b0;
      dec_pend_q     <= 1'b0;
      dec_val_q      <= {RefBits{1'b0}};
      rw_we_q        <= 1'b0;
      rw_slot_q      <= {SlotBits{1'b0}};
      rw_val_q       <= {RefBits{1'b0}};
      rd_first_q     <= 1'b0;
    end else begin
      in_cell_q      <= in_cell_d;
      widx_q         <= widx_d;
      cur_slot_q     <= cur_slot_d;
      hdr_q          <= hdr_d;
      drop_full_q    <= drop_full_d;
      drop_clp_q     <= drop_clp_d;
      ctx_stale_q    <= ctx_stale_d;
      lk_pend_q      <= lk_pend_d;
      lk_rd_q        <= lk_rd_d;
      lk_valid_q     <= lk_valid_d;
      lk_hit_q       <= lk_hit_d;
      lk_fanout_q    <= lk_fanout_d;
      lk_fanout_n_q  <= lk_fanout_n_d;
      lk_guar_q      <= lk_guar_d;
      lk_bank_q      <= lk_bank_d;
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
      wr2_valid_q    <= wr2_valid_d;
      wr2_q_q        <= wr2_q_d;
      wr2_addr_q     <= wr2_addr_d;
      wr2_hi_q       <= wr2_hi_d;
      head_q         <= head_d;
      tail_q         <= tail_d;
      dr_addr_q      <= dr_addr_d;
      xf_pend_q      <= xf_pend_d;
      xf_pend_dest_q <= xf_pend_dest_d;
      xf_active_q    <= xf_active_d;
      xf_word_q      <= xf_word_d;
      xf_slot_q      <= xf_slot_d;
      xf_hhi_q       <= xf_hhi_d;
      xf_dest_q      <= xf_dest_d;
      xf_lastcopy_q  <= xf_lastcopy_d;
      dec_pend_q     <= dec_pend_d;
      dec_val_q      <= dec_val_d;
      rw_we_q        <= rw_we_d;
      rw_slot_q      <= rw_slot_d;
      rw_val_q       <= rw_val_d;
      rd_first_q     <= rd_first_d;
    end
  end

  // The free slots. Small buffers (32 slots or fewer): a bit per slot and the lowest
  // free one first. Larger ones: slots never used are handed out in order (a counter)
  // and slots freed later go through a free list (a FIFO of slot numbers in RAM), so
  // nothing but RAM and counter widths grows with BufCells.
  generate
    if (BufCells <= 32) begin : g_free_map
      reg [BufCells-1:0] map_q, map_d;
      reg [SlotBits-1:0] low;
      integer            k;
      always @(*) begin
        map_d = map_q;
        low   = {SlotBits{1'b0}};
        for (k = BufCells - 1; k >= 0; k = k - 1) begin
          if (fs_take && cur_slot_q == k[SlotBits-1:0]) begin
            map_d[k] = 1'b0;
          end
          if (fs_give && xf_slot_q == k[SlotBits-1:0]) begin
            map_d[k] = 1'b1;
          end
          if (map_q[k]) begin
            low = k[SlotBits-1:0];
          end
        end
      end
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          map_q <= {BufCells{1'b1}};
        end else begin
          map_q <= map_d;
        end
      end
      assign fs_any  = map_q != {BufCells{1'b0}};
      assign fs_slot = low;
    end else begin : g_free_list
      // Slots never used yet are fresh_q .. BufCells-1 (all of them free).
      reg [SlotBits:0]   fresh_q, fresh_d;
      wire               fl_valid;
      wire [SlotBits-1:0] fl_slot;
      wire               unused_fl_ready;
      always @(*) begin
        fresh_d = fresh_q;
        if (fs_take && !fresh_q[SlotBits]) begin
          fresh_d = fresh_q + 1'b1;
        end
      end
      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          fresh_q <= {(SlotBits+1){1'b0}};
        end else begin
          fresh_q <= fresh_d;
        end
      end
      // The free list: slot numbers freed after their first use, at most one a cell
      // time.
      switch_fifo #(
        .Width(SlotBits),
        .Depth(BufCells)
      ) u_free (
        .clk_i    (clk_i),
        .rst_ni   (rst_ni),
        .s_valid_i(fs_give),
        .s_data_i (xf_slot_q),
        .s_ready_o(unused_fl_ready),
        .m_valid_o(fl_valid),
        .m_data_o (fl_slot),
        .m_ready_i(fs_take && fresh_q[SlotBits])
      );
      assign fs_any  = !fresh_q[SlotBits] || fl_valid;
      assign fs_slot = fresh_q[SlotBits] ? fl_slot : fresh_q[SlotBits-1:0];
    end
  endgenerate

  // The RAMs, each one write and one registered read port, no reset (the entries of
  // the entry RAM are cleared by switch_regs after reset; everything else is only read
  // where written before).
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
      desc_mem_q[desc_waddr] <= desc_wdata;
    end
    if (desc_re) begin
      desc_rdata_q <= desc_mem_q[desc_raddr];
    end
  end

  // The entry RAM: the commit engine writes headers and entries, the port reference
  // counts (never two of them in one cycle: switch_regs waits while ent_busy_o); the
  // transfer reads reference counts, the enqueue engine headers, the lookup entries.
  always @(*) begin
    ent_we    = tbl_we_i || hdr_we_i || rw_we_q;
    if (rw_we_q) begin
      ent_waddr = {RefBase[EntAddrBits-1:SlotBits], rw_slot_q};
    end else if (tbl_we_i) begin
      ent_waddr = TblBase + {{(EntAddrBits-TableBits){1'b0}}, tbl_waddr_i};
    end else begin
      ent_waddr = {{(EntAddrBits-HdrAddrBits){1'b0}}, hdr_waddr_i};
    end
    ent_wdata = rw_we_q ? {{(EntryBits-RefBits){1'b0}}, rw_val_q} : tbl_wdata_i;
    ent_re    = ref_re || hdr_re || lk_re;
    if (ref_re) begin
      ent_raddr = {RefBase[EntAddrBits-1:SlotBits], xf_slot_q};
    end else if (hdr_re) begin
      ent_raddr = {{(EntAddrBits-HdrAddrBits){1'b0}}, hdr_raddr};
    end else begin
      ent_raddr = TblBase + {{(EntAddrBits-TableBits){1'b0}}, hdr_q[4 +: TableBits]};
    end
  end

  always @(posedge clk_i) begin
    if (ent_we) begin
      ent_mem_q[ent_waddr] <= ent_wdata;
    end
    if (ent_re) begin
      ent_rdata_q <= ent_mem_q[ent_raddr];
    end
  end

  assign s_cell_tready_o = ready;
  assign stale_o         = ctx_stale_q || eng_stale_q;
  assign ent_busy_o      = rw_we_q;
  assign req_g_o         = req_g;
  assign req_be_o        = req_be;
  assign xfer_valid_o    = xf_active_q;
  assign xfer_dest_o     = xf_dest_q;
  assign xfer_data_o     = rd_first_q ? {buf_rdata_q[31:28], xf_hhi_q, desc_rdata_q, buf_rdata_q[3:0]}
                                      : buf_rdata_q;
  assign buffered_o      = used;

endmodule
`default_nettype wire
