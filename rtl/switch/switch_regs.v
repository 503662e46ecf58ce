`default_nettype none
`include "pegasus_memory_map.vh"
// switch_regs: the switch's management port on the SoC bus (Wishbone B4, 32-bit, byte
// selects; the SWITCH region of rtl/soc/memory_map.yaml, wb_adr_i is the byte offset in
// that region). Classic cycles with one wait state: a request (cyc & stb) is taken in
// the cycle it appears and acked the next cycle (counter reads: two wait states, for
// the counter RAM's read); wb_stall_o is high from the cycle a request is taken until
// its ack, so a pipelined master also works (one transfer every two or three cycles).
// Holds the control and interrupt registers, the staging translation entry, the
// per-port counters (cells in, out, and dropped by reason and class; 32-bit, wrapping)
// and the commit engine. The counters live in one RAM (8 words a port); each event adds
// one to a small pending count of its counter, and a sequencer walks the counters one
// a cycle, reading the RAM and writing back the sum with the pending count (which
// restarts from that cycle's event), so no event is lost and a counter read (RAM word,
// or the word written back the cycle it was read, plus the pending count) is exact.
// After reset the engine clears every port's translation table and the counters
// (max(2^TableBits, 8 x NumPorts) cycles, TBL_STATUS.READY then set; the ports take no
// cells before). A
// write to TBL_CMD starts a commit: the entry's bank bit is read (a copy kept in the
// counter RAM), then WRITE puts the NumPorts staged headers into the entry's unused
// header bank (one a cycle), then writes the entry with the new bank in one cycle
// (swap); REMOVE only writes the entry invalid. The engine then waits until
// the port has no cell that read the table before the swap still being taken in or
// enqueued (stale_i), and only then clears BUSY, so a following commit cannot rewrite
// a bank that such a cell still reads. A commit therefore takes NumPorts + 4 cycles
// plus at most the time for one cell to arrive and be enqueued. TBL_CMD writes while
// BUSY are ignored; the engine reads the staging registers themselves (no copy), so
// they must not change while BUSY.
module switch_regs #(
  // Number of ports.
  parameter integer NumPorts = 4,
  // log2 of the translation-table entries per input port.
  parameter integer TableBits = 6,
  // Cell slots of each input buffer (shown in BUF_INFO, and in INFO below 256).
  parameter integer BufCells = 256,
  // Slots in use at or above which an input drops CLP=1 cells (shown in BUF_INFO).
  parameter integer ClpThreshold = 128,
  // iSLIP iterations per cell time (shown in INFO).
  parameter integer Iterations = 4
) (
  input  wire                            clk_i,
  input  wire                            rst_ni,
  input  wire                            wb_cyc_i,
  input  wire                            wb_stb_i,
  input  wire                            wb_we_i,
  input  wire [15:0]                     wb_adr_i,
  input  wire [31:0]                     wb_dat_i,
  input  wire [3:0]                      wb_sel_i,
  output wire [31:0]                     wb_dat_o,
  output wire                            wb_ack_o,
  output wire                            wb_stall_o,
  output wire                            irq_o,
  // Ports take cells (CTRL.EN and the tables are cleared).
  output wire                            en_o,
  output wire [NumPorts-1:0]             tbl_we_o,
  output wire [TableBits-1:0]            tbl_waddr_o,
  // The entry written with tbl_we_o, or the header written with hdr_we_o (low 24 bits):
  // one data bus for both, as the ports' entry RAMs take either.
  output wire [NumPorts+26:0]            tbl_wdata_o,
  output wire [NumPorts-1:0]             hdr_we_o,
  output wire [TableBits+$clog2(NumPorts):0] hdr_waddr_o,
  output wire [NumPorts-1:0]             swap_o,
  input  wire [NumPorts-1:0]             stale_i,
  // A port writes its entry RAM itself this cycle: the commit engine waits.
  input  wire [NumPorts-1:0]             ent_busy_i,
  // Counter events, one bit per port.
  input  wire [NumPorts-1:0]             ev_in_i,
  input  wire [NumPorts-1:0]             ev_out_i,
  input  wire [NumPorts-1:0]             ev_drop_novc_i,
  input  wire [NumPorts-1:0]             ev_drop_fmt_i,
  input  wire [NumPorts-1:0]             ev_drop_full_i,
  input  wire [NumPorts-1:0]             ev_drop_clp_i,
  input  wire [NumPorts-1:0]             ev_guar_i,
  input  wire [NumPorts*($clog2(BufCells)+1)-1:0] buffered_i
);

  localparam integer PortBits   = $clog2(NumPorts);
  localparam integer SlotBits   = $clog2(BufCells);
  localparam integer Entries    = 1 << TableBits;
  localparam integer NumCnt     = 8;
  // Counters in the RAM, the bits of their index, of the pending counts (a counter is
  // visited at least every 2 x their number of cycles: Wishbone counter reads, and the
  // commit engine's two accesses to the bank bits, pause the sequencer at most every
  // other cycle) and of the reset-time clearing.
  localparam integer NumCntAll  = NumPorts * NumCnt;
  localparam integer CntIdxBits = $clog2(NumCntAll);
  // The counter RAM's address: counters at {0, index}, the entries' bank bits at
  // {1, port, table index}.
  localparam integer BankIdxBits = PortBits + TableBits;
  localparam integer CntAddrBits = 1 + ((CntIdxBits > BankIdxBits) ? CntIdxBits : BankIdxBits);
  localparam integer PendBits   = $clog2(2 * NumCntAll + 4);
  // Only IN and FORMAT can count every cycle (a one-word cell is a format error); OUT
  // and the NO_VC, FULL and CLP drops come with a cell's 13th word, so at most once
  // every 13 cycles, and their pending counts are narrower (their upper bits stay 0).
  localparam integer SlowBits   = $clog2((2 * NumCntAll + 4) / 13 + 2);
  localparam integer InitBits   = (TableBits > CntIdxBits) ? TableBits : CntIdxBits;
  localparam integer LastCntI   = NumCntAll - 1;
  localparam [CntIdxBits-1:0] LastCnt = LastCntI[CntIdxBits-1:0];
  localparam [2:0] StInit  = 3'd0;
  localparam [2:0] StIdle  = 3'd1;
  localparam [2:0] StHdr   = 3'd2;
  localparam [2:0] StSwap  = 3'd3;
  localparam [2:0] StWait  = 3'd4;
  localparam [2:0] StDrain = 3'd5;
  localparam [2:0] StBank  = 3'd6;
  localparam [1:0] OpWrite  = 2'd1;
  localparam [1:0] OpRemove = 2'd2;
  localparam [7:0] NumPorts8 = NumPorts[7:0];
  localparam integer LastPortI = NumPorts - 1;
  localparam [PortBits-1:0] LastPort = LastPortI[PortBits-1:0];
  localparam [15:0] CntInOff = `PEGASUS_SWITCH_CNT_IN_OFFSET;
  localparam [2:0] CntInWord = CntInOff[4:2];
  localparam integer InfoBufCells = (BufCells < 256) ? BufCells : 0;
  localparam [31:0] Info = (NumPorts & 32'hFF) | ((TableBits & 32'hFF) << 8) |
                           ((InfoBufCells & 32'hFF) << 16) | ((Iterations & 32'hFF) << 24);
  localparam [31:0] BufInfo = (BufCells & 32'hFFFF) | ((ClpThreshold & 32'hFFFF) << 16);

  reg                       ack_q, ack_d;
  reg [31:0]                dat_q, dat_d;
  reg                       ctrl_en_q, ctrl_en_d;
  reg                       irq_st_q, irq_st_d;
  reg                       irq_en_q, irq_en_d;
  reg [23:0]                key_q, key_d;
  reg [NumPorts-1:0]        mask_q, mask_d;
  reg                       guar_q, guar_d;
  reg [7:0]                 outsel_q, outsel_d;
  reg [NumPorts*24-1:0]     ohdr_q, ohdr_d;
  reg [7:0]                 cntsel_q, cntsel_d;
  reg [2:0]                 st_q, st_d;
  reg [InitBits-1:0]        init_idx_q, init_idx_d;
  reg [PortBits-1:0]        c_port_q, c_port_d;
  reg [1:0]                 c_op_q, c_op_d;
  reg [PortBits-1:0]        c_j_q, c_j_d;
  reg                       c_bank_q, c_bank_d;
  // Counters, NumCnt per port: in, out, no VC, format, full G, full BE, CLP G, CLP BE
  // (indices 0 .. 7; pend_d relies on this order),
  // at index port * NumCnt + counter in cnt_mem_q; events not yet added in pend_q.
  // The same RAM holds, in bit 0 of the words above the counters, the bank each
  // table entry uses (a copy of the entry's bank bit, which the commit engine reads
  // to write the other bank). They are not cleared: an entry never written is
  // invalid, so no cell reads its headers, and either bank is free.
  // no_rw_check: a counter read in the cycle it is written back is replaced by the
  // written word (wbk_*), so the RAM's word in that case does not matter; bank bits
  // and counters are never at the same address.
  (* no_rw_check *)
  reg [31:0]                cnt_mem_q [0:(1 << CntAddrBits)-1];
  reg [31:0]                cnt_rdata_q;
  reg [NumCntAll*PendBits-1:0] pend_q, pend_d;
  reg [CntIdxBits-1:0]      seq_q, seq_d;
  // The sequencer's write-back stage (the RAM word read last cycle), and the last
  // write-back (a Wishbone read of that counter in the same cycle saw the old word).
  reg                       s2_valid_q, s2_valid_d;
  reg [CntIdxBits-1:0]      s2_idx_q, s2_idx_d;
  reg                       wbk_valid_q, wbk_valid_d;
  reg [CntIdxBits-1:0]      wbk_idx_q, wbk_idx_d;
  reg [31:0]                wbk_data_q, wbk_data_d;
  // A Wishbone counter read is waiting for the RAM word of counter cr_idx_q.
  reg                       cr_pend_q, cr_pend_d;
  reg [CntIdxBits-1:0]      cr_idx_q, cr_idx_d;

  reg                       req;
  reg [31:0]                wmask;
  reg [31:0]                rd;
  reg [NumPorts-1:0]        tbl_we;
  reg [TableBits-1:0]       tbl_waddr;
  reg [NumPorts+26:0]       tbl_wdata;
  reg [NumPorts-1:0]        hdr_we;
  reg [NumPorts-1:0]        swap;
  reg [NumCntAll-1:0]       ev;
  reg                       cnt_re;
  reg [CntAddrBits-1:0]     cnt_raddr;
  reg                       cnt_we;
  reg [CntAddrBits-1:0]     cnt_waddr;
  reg [31:0]                cnt_wdata;
  reg                       cnt_rd_req;
  reg [31:0]                cnt_base;
  reg [CntIdxBits-1:0]      sum_idx;
  // A TBL_CMD is taken this cycle.
  reg                       cmd_go;
  // The counter RAM's address of the bank bit of the entry a command names.
  reg [CntAddrBits-1:0]     bank_addr;
  reg [CntAddrBits-1:0]     bank_addr_new;
  reg [31:0]                cnt_sum;
  reg [PortBits-1:0]        new_port;
  // Selected fields of the wide registers, picked by loops over constant indices (an
  // AND-OR per bit, where a variable part-select would build a barrel shifter).
  reg [PendBits-1:0]        pend_sel;
  // The staged header of one output: output c_j_q for the commit engine while it
  // writes headers (StHdr), else OUT_SEL's for a read of TBL_OUT_HDR (one
  // multiplexer for both; such a read waits while the engine writes headers).
  reg [PortBits-1:0]        ohdr_idx;
  reg [23:0]                ohdr_sel;
  reg [SlotBits:0]          buffered_sel;
  integer                   p;
  integer                   c;

  wire [TableBits-1:0] c_idx = key_q[TableBits-1:0];
  wire [PortBits-1:0]  cnt_port = cntsel_q[PortBits-1:0];
  wire                 cnt_ok = cntsel_q < NumPorts8;
  wire [15:0]          reg_off = {8'd0, wb_adr_i[7:2], 2'b00};
  // Counter number: word offset from CNT_IN, modulo 8 (the eight counters are consecutive).
  wire [2:0]           cnt_word = wb_adr_i[4:2] - CntInWord;
  wire [PortBits+2:0]  cnt_idx_full = {cnt_port, cnt_word};
  wire [CntIdxBits-1:0] cnt_idx = cnt_idx_full[CntIdxBits-1:0];
  wire [17:0]          unused_bits = {wb_adr_i[15:8], wb_adr_i[1:0], wb_dat_i[31:28], wmask[31:28]};

  always @(*) begin
    p = 0;
    c = 0;
    req   = wb_cyc_i && wb_stb_i && !ack_q && !cr_pend_q &&
            !(st_q == StHdr && reg_off == `PEGASUS_SWITCH_TBL_OUT_HDR_OFFSET);
    wmask = {{8{wb_sel_i[3]}}, {8{wb_sel_i[2]}}, {8{wb_sel_i[1]}}, {8{wb_sel_i[0]}}};
    dat_d = dat_q;
    ctrl_en_d  = ctrl_en_q;
    irq_st_d   = irq_st_q;
    irq_en_d   = irq_en_q;
    key_d      = key_q;
    mask_d     = mask_q;
    guar_d     = guar_q;
    outsel_d   = outsel_q;
    ohdr_d     = ohdr_q;
    cntsel_d   = cntsel_q;
    st_d       = st_q;
    init_idx_d = init_idx_q;
    c_port_d   = c_port_q;
    c_op_d     = c_op_q;
    c_j_d      = c_j_q;
    c_bank_d   = c_bank_q;
    pend_d     = pend_q;
    seq_d      = seq_q;
    s2_valid_d = 1'b0;
    s2_idx_d   = seq_q;
    wbk_valid_d = 1'b0;
    wbk_idx_d  = s2_idx_q;
    wbk_data_d = wbk_data_q;
    cr_pend_d  = 1'b0;
    cr_idx_d   = cr_idx_q;
    cnt_re     = 1'b0;
    cnt_raddr  = {{(CntAddrBits-CntIdxBits){1'b0}}, seq_q};
    cnt_we     = 1'b0;
    cnt_waddr  = {{(CntAddrBits-CntIdxBits){1'b0}}, s2_idx_q};
    // The sequencer's write-back (s2_valid_q) and a Wishbone counter read completing
    // (cr_pend_q) never fall in one cycle (the read took the RAM's port the cycle
    // before, so the sequencer read nothing), so one pending-count pick and one adder
    // serve both: the RAM word (or, for the read, the word written back the cycle it
    // was read) plus the counter's pending count.
    sum_idx  = cr_pend_q ? cr_idx_q : s2_idx_q;
    pend_sel = {PendBits{1'b0}};
    for (c = 0; c < NumCntAll; c = c + 1) begin
      pend_sel = pend_sel | ({PendBits{sum_idx == c[CntIdxBits-1:0]}} & pend_q[c*PendBits +: PendBits]);
    end
    cnt_base = (cr_pend_q && wbk_valid_q && wbk_idx_q == cr_idx_q) ? wbk_data_q : cnt_rdata_q;
    cnt_sum  = cnt_base + {{(32-PendBits){1'b0}}, pend_sel};
    ohdr_idx     = (st_q == StHdr) ? c_j_q : outsel_q[PortBits-1:0];
    ohdr_sel     = 24'd0;
    buffered_sel = {(SlotBits+1){1'b0}};
    for (p = 0; p < NumPorts; p = p + 1) begin
      ohdr_sel = ohdr_sel | ({24{ohdr_idx == p[PortBits-1:0]}} & ohdr_q[p*24 +: 24]);
      buffered_sel = buffered_sel |
                     ({(SlotBits+1){cnt_port == p[PortBits-1:0]}} & buffered_i[p*(SlotBits+1) +: SlotBits+1]);
    end
    cnt_wdata  = cnt_sum;
    cnt_rd_req = req && !wb_we_i && cnt_ok &&
                 reg_off >= `PEGASUS_SWITCH_CNT_IN_OFFSET &&
                 reg_off <= `PEGASUS_SWITCH_CNT_DROP_CLP_BE_OFFSET;
    tbl_we     = {NumPorts{1'b0}};
    tbl_waddr  = c_idx;
    tbl_wdata  = {(NumPorts+27){1'b0}};
    hdr_we     = {NumPorts{1'b0}};
    swap       = {NumPorts{1'b0}};
    new_port   = wb_dat_i[PortBits-1:0];
    cmd_go     = req && wb_we_i && reg_off == `PEGASUS_SWITCH_TBL_CMD_OFFSET && st_q == StIdle &&
                 wb_sel_i[0] && wb_sel_i[1] && wb_dat_i[7:0] < NumPorts8 &&
                 (wb_dat_i[9:8] == OpWrite || wb_dat_i[9:8] == OpRemove);
    bank_addr     = {{(CntAddrBits-BankIdxBits-1){1'b0}}, 1'b1, c_port_q, c_idx};
    bank_addr_new = {{(CntAddrBits-BankIdxBits-1){1'b0}}, 1'b1, new_port, c_idx};

    // ---- counters and the drop interrupt
    for (p = 0; p < NumPorts; p = p + 1) begin
      ev[p*NumCnt+0] = ev_in_i[p];
      ev[p*NumCnt+1] = ev_out_i[p];
      ev[p*NumCnt+2] = ev_drop_novc_i[p];
      ev[p*NumCnt+3] = ev_drop_fmt_i[p];
      ev[p*NumCnt+4] = ev_drop_full_i[p] & ev_guar_i[p];
      ev[p*NumCnt+5] = ev_drop_full_i[p] & ~ev_guar_i[p];
      ev[p*NumCnt+6] = ev_drop_clp_i[p] & ev_guar_i[p];
      ev[p*NumCnt+7] = ev_drop_clp_i[p] & ~ev_guar_i[p];
      if (ev_drop_novc_i[p] || ev_drop_fmt_i[p] || ev_drop_full_i[p] || ev_drop_clp_i[p]) begin
        irq_st_d = 1'b1;
      end
    end
    for (c = 0; c < NumCntAll; c = c + 1) begin
      if (c % NumCnt == 0 || c % NumCnt == 3) begin
        pend_d[c*PendBits +: PendBits] = pend_q[c*PendBits +: PendBits] +
                                         {{(PendBits-1){1'b0}}, ev[c]};
      end else begin
        pend_d[c*PendBits +: PendBits] = {{(PendBits-SlowBits){1'b0}},
                                          pend_q[c*PendBits +: SlowBits] +
                                          {{(SlowBits-1){1'b0}}, ev[c]}};
      end
    end
    // The sequencer: write back the counter read last cycle (its pending count starts
    // again from this cycle's event), and read the next one unless Wishbone reads, a
    // command reads its entry's bank bit, or the commit engine may write that bank bit
    // next cycle (the last header, or a swap waiting for the port: the RAM's write
    // port is then free for it).
    if (s2_valid_q) begin
      cnt_we = 1'b1;
      for (c = 0; c < NumCntAll; c = c + 1) begin
        if (s2_idx_q == c[CntIdxBits-1:0]) begin
          pend_d[c*PendBits +: PendBits] = {{(PendBits-1){1'b0}}, ev[c]};
        end
      end
      wbk_valid_d = 1'b1;
      wbk_data_d  = cnt_wdata;
    end
    if (cnt_rd_req) begin
      cnt_re    = 1'b1;
      cnt_raddr = {{(CntAddrBits-CntIdxBits){1'b0}}, cnt_idx};
      cr_pend_d = 1'b1;
      cr_idx_d  = cnt_idx;
    end else if (cmd_go) begin
      cnt_re    = 1'b1;
      cnt_raddr = bank_addr_new;
    end else if (st_q != StInit && !(st_q == StHdr && c_j_q == LastPort) &&
                 !(st_q == StSwap && c_op_q == OpWrite && ent_busy_i[c_port_q])) begin
      cnt_re     = 1'b1;
      s2_valid_d = 1'b1;
      seq_d      = (seq_q == LastCnt) ? {CntIdxBits{1'b0}} : seq_q + 1'b1;
    end
    // A Wishbone counter read completes.
    if (cr_pend_q) begin
      dat_d = cnt_sum;
    end
    ack_d = (req && !cnt_rd_req) || cr_pend_q;

    // ---- register reads
    rd = 32'd0;
    case (reg_off)
      `PEGASUS_SWITCH_ID_OFFSET:          rd = `PEGASUS_SWITCH_ID_RESET;
      `PEGASUS_SWITCH_CTRL_OFFSET:        rd = {31'd0, ctrl_en_q};
      `PEGASUS_SWITCH_IRQ_STATUS_OFFSET:  rd = {31'd0, irq_st_q};
      `PEGASUS_SWITCH_IRQ_ENABLE_OFFSET:  rd = {31'd0, irq_en_q};
      `PEGASUS_SWITCH_INFO_OFFSET:        rd = Info;
      `PEGASUS_SWITCH_BUF_INFO_OFFSET:    rd = BufInfo;
      `PEGASUS_SWITCH_TBL_KEY_OFFSET:     rd = {4'd0, key_q, 4'd0};
      `PEGASUS_SWITCH_TBL_MASK_OFFSET:    rd = {{(32-NumPorts){1'b0}}, mask_q};
      `PEGASUS_SWITCH_TBL_CLASS_OFFSET:   rd = {31'd0, guar_q};
      `PEGASUS_SWITCH_TBL_OUT_SEL_OFFSET: rd = {24'd0, outsel_q};
      `PEGASUS_SWITCH_TBL_OUT_HDR_OFFSET: begin
        if (outsel_q < NumPorts8) begin
          rd = {4'd0, ohdr_sel, 4'd0};
        end
      end
      `PEGASUS_SWITCH_TBL_STATUS_OFFSET:  rd = {30'd0, st_q != StInit, st_q != StIdle};
      `PEGASUS_SWITCH_CNT_SEL_OFFSET:     rd = {24'd0, cntsel_q};
      `PEGASUS_SWITCH_CNT_BUFFERED_OFFSET: begin
        if (cnt_ok) begin
          rd = {{(31-SlotBits){1'b0}}, buffered_sel};
        end
      end
      default: begin
        // Counters (CNT_IN .. CNT_DROP_CLP_BE, consecutive words) come from the RAM.
      end
    endcase
    if (req && !wb_we_i && !cnt_rd_req) begin
      dat_d = rd;
    end

    // ---- register writes
    if (req && wb_we_i) begin
      case (reg_off)
        `PEGASUS_SWITCH_CTRL_OFFSET:       if (wb_sel_i[0]) ctrl_en_d = wb_dat_i[0];
        `PEGASUS_SWITCH_IRQ_STATUS_OFFSET: if (wb_sel_i[0] && wb_dat_i[0]) irq_st_d = 1'b0;
        `PEGASUS_SWITCH_IRQ_ENABLE_OFFSET: if (wb_sel_i[0]) irq_en_d = wb_dat_i[0];
        `PEGASUS_SWITCH_TBL_KEY_OFFSET: begin
          key_d = ((key_q & ~wmask[27:4]) | (wb_dat_i[27:4] & wmask[27:4]));
        end
        `PEGASUS_SWITCH_TBL_MASK_OFFSET: begin
          mask_d = (mask_q & ~wmask[NumPorts-1:0]) | (wb_dat_i[NumPorts-1:0] & wmask[NumPorts-1:0]);
        end
        `PEGASUS_SWITCH_TBL_CLASS_OFFSET:   if (wb_sel_i[0]) guar_d = wb_dat_i[0];
        `PEGASUS_SWITCH_TBL_OUT_SEL_OFFSET: if (wb_sel_i[0]) outsel_d = wb_dat_i[7:0];
        `PEGASUS_SWITCH_TBL_OUT_HDR_OFFSET: begin
          for (p = 0; p < NumPorts; p = p + 1) begin
            if (outsel_q == p[7:0]) begin
              ohdr_d[p*24 +: 24] = (ohdr_q[p*24 +: 24] & ~wmask[27:4]) |
                                   (wb_dat_i[27:4] & wmask[27:4]);
            end
          end
        end
        `PEGASUS_SWITCH_TBL_CMD_OFFSET: begin
          if (cmd_go) begin
            c_port_d = new_port;
            c_op_d   = wb_dat_i[9:8];
            c_j_d    = {PortBits{1'b0}};
            st_d     = StBank;
          end
        end
        `PEGASUS_SWITCH_CNT_SEL_OFFSET: if (wb_sel_i[0]) cntsel_d = wb_dat_i[7:0];
        default: begin
        end
      endcase
    end

    // ---- commit engine
    case (st_q)
      StInit: begin
        tbl_we     = {NumPorts{{{(32-InitBits){1'b0}}, init_idx_q} < Entries}};
        tbl_waddr  = init_idx_q[TableBits-1:0];
        cnt_we     = {{(32-InitBits){1'b0}}, init_idx_q} < NumCntAll;
        cnt_waddr  = {{(CntAddrBits-CntIdxBits){1'b0}}, init_idx_q[CntIdxBits-1:0]};
        cnt_wdata  = 32'd0;
        init_idx_d = init_idx_q + 1'b1;
        if (init_idx_q == {InitBits{1'b1}}) begin
          st_d = StIdle;
        end
      end
      StBank: begin
        // The entry's bank bit, read when the command was taken: write the other bank.
        c_bank_d = ~cnt_rdata_q[0];
        st_d     = (c_op_q == OpWrite) ? StHdr : StSwap;
      end
      StHdr: begin
        tbl_wdata = {{(NumPorts+3){1'b0}}, ohdr_sel};
        if (!ent_busy_i[c_port_q]) begin
          hdr_we[c_port_q] = 1'b1;
          c_j_d = c_j_q + 1'b1;
          if (c_j_q == LastPort) begin
            st_d = StSwap;
          end
        end
      end
      StSwap: begin
        if (c_op_q == OpWrite) begin
          tbl_wdata = {1'b1, key_q, guar_q, c_bank_q, mask_q};
        end else begin
          tbl_wdata = {1'b0, key_q, 1'b0, ~c_bank_q, {NumPorts{1'b0}}};
        end
        if (!ent_busy_i[c_port_q]) begin
          tbl_we[c_port_q] = 1'b1;
          swap[c_port_q]   = 1'b1;
          if (c_op_q == OpWrite) begin
            cnt_we    = 1'b1;
            cnt_waddr = bank_addr;
            cnt_wdata = {31'd0, c_bank_q};
          end
          st_d = StWait;
        end
      end
      StWait: begin
        st_d = StDrain;
      end
      StDrain: begin
        if (!stale_i[c_port_q]) begin
          st_d = StIdle;
        end
      end
      default: begin
      end
    endcase
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ack_q      <= 1'b0;
      dat_q      <= 32'd0;
      ctrl_en_q  <= 1'b0;
      irq_st_q   <= 1'b0;
      irq_en_q   <= 1'b0;
      key_q      <= 24'd0;
      mask_q     <= {NumPorts{1'b0}};
      guar_q     <= 1'b0;
      outsel_q   <= 8'd0;
      ohdr_q     <= {NumPorts*24{1'b0}};
      cntsel_q   <= 8'd0;
      st_q       <= StInit;
      init_idx_q <= {InitBits{1'b0}};
      c_port_q   <= {PortBits{1'b0}};
      c_op_q     <= 2'd0;
      c_j_q      <= {PortBits{1'b0}};
      c_bank_q   <= 1'b0;
      pend_q     <= {NumCntAll*PendBits{1'b0}};
      seq_q      <= {CntIdxBits{1'b0}};
      s2_valid_q <= 1'b0;
      s2_idx_q   <= {CntIdxBits{1'b0}};
      wbk_valid_q <= 1'b0;
      wbk_idx_q  <= {CntIdxBits{1'b0}};
      wbk_data_q <= 32'd0;
      cr_pend_q  <= 1'b0;
      cr_idx_q   <= {CntIdxBits{1'b0}};
    end else begin
      ack_q      <= ack_d;
      dat_q      <= dat_d;
      ctrl_en_q  <= ctrl_en_d;
      irq_st_q   <= irq_st_d;
      irq_en_q   <= irq_en_d;
      key_q      <= key_d;
      mask_q     <= mask_d;
      guar_q     <= guar_d;
      outsel_q   <= outsel_d;
      ohdr_q     <= ohdr_d;
      cntsel_q   <= cntsel_d;
      st_q       <= st_d;
      init_idx_q <= init_idx_d;
      c_port_q   <= c_port_d;
      c_op_q     <= c_op_d;
      c_j_q      <= c_j_d;
      c_bank_q   <= c_bank_d;
      pend_q     <= pend_d;
      seq_q      <= seq_d;
      s2_valid_q <= s2_valid_d;
      s2_idx_q   <= s2_idx_d;
      wbk_valid_q <= wbk_valid_d;
      wbk_idx_q  <= wbk_idx_d;
      wbk_data_q <= wbk_data_d;
      cr_pend_q  <= cr_pend_d;
      cr_idx_q   <= cr_idx_d;
    end
  end

  // The counter RAM: one write and one registered read port, no reset (cleared in
  // StInit).
  always @(posedge clk_i) begin
    if (cnt_we) begin
      cnt_mem_q[cnt_waddr] <= cnt_wdata;
    end
    if (cnt_re) begin
      cnt_rdata_q <= cnt_mem_q[cnt_raddr];
    end
  end

  assign wb_dat_o    = dat_q;
  assign wb_ack_o    = ack_q;
  assign wb_stall_o  = wb_cyc_i && wb_stb_i && !ack_q;
  assign irq_o       = irq_st_q && irq_en_q;
  assign en_o        = ctrl_en_q && (st_q != StInit);
  assign tbl_we_o    = tbl_we;
  assign tbl_waddr_o = tbl_waddr;
  assign tbl_wdata_o = tbl_wdata;
  assign hdr_we_o    = hdr_we;
  assign hdr_waddr_o = {c_idx, c_bank_q, c_j_q};
  assign swap_o      = swap;

endmodule
`default_nettype wire
