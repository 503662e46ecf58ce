`default_nettype none
// atm_aal5_reasm: AAL5 reassembly (ITU-T I.363.5) for 2**IndexBits virtual circuits
// interleaved cell by cell. Cells come in on the cell stream (13 words, header without
// HEC first); good PDUs leave as a 32-bit word stream (first byte in bits 31:24, tkeep
// leading bytes of the last word, a 0-byte PDU as one word with tkeep 0000) with their
// VC, UU and length as sideband, constant over every word of the PDU.
//
// VC lookup: a direct map. The context index is VCI[IndexBits-1:0]; the entry there
// holds the full VPI/VCI of the VC opened at it (cfg_* port), and a cell whose VPI/VCI
// differ, or that finds the entry closed, is dropped and counted (no context). Opening
// or closing an entry drops any partial PDU at that index without counting it.
//
// Per-VC context (block RAM, one entry an index): state (idle, active, discarding up
// to the next end cell), head and tail cell of the partial PDU, its cell count, the
// raw CRC-32 register and the tick of its last cell. The CRC of each cell comes from
// common_crc32_aal5 restarted at the cell's first payload word; it is folded into the
// VC's register at the cell's end through the linear 48-zero-byte advance
// Z: reg(S, cell) = reg(init, cell) ^ Z(S ^ init), Z(S ^ init) computed (a 32 x 32 XOR
// matrix) and registered while the cell's words arrive.
//
// Buffer: a shared pool of NumCells 48-byte cell slots (data RAM NumCells*12 x 32
// bits) with a link RAM (next slot of each slot) and a free-slot FIFO (NumCells
// entries; slots never used yet come from a counter, so no initialisation pass). Each
// cell of a VC with a context is written into a spare slot as it arrives and chained
// to its VC's partial PDU. At the end cell the PDU is checked: CRC-32 residue, Length
// against the cells received (pad 0..47), Length against cfg_max_pdu_bytes_i. A
// descriptor (head slot, cells, length, VC, good/bad) joins a queue of DescDepth; the
// output engine walks the chain, sending the data words of a good PDU and freeing every
// slot (a bad or abandoned PDU is walked without sending, one cycle a cell). So a bad
// PDU is never delivered. Guards: a PDU that needs more cells than the size limit
// allows is dropped when the cell arrives (oversize) and the VC discards up to its next
// end cell; a cell that finds no free slot while nothing is queued for the output
// drops its PDU (buffer full); a partial PDU whose last cell is more than
// cfg_timeout_i ticks old is dropped by a sweep over the contexts (timeout), which runs
// in the cycles when the cell path leaves the context RAM alone (about 5 contexts a
// cell time; 64 in 13 cells). cfg_timeout_i plus the sweep period must stay below
// 2**15 ticks (the timeout compare assumes a partial PDU's age below 2**15 ticks; one
// whose expiry waits longer than that for room in a full descriptor queue expires
// 2**16 ticks later). Cells with PTI 1xx (OAM, RM) and malformed cells (tlast before word 12,
// or none on word 12: words are then dropped up to the next tlast) are dropped and
// counted as bad cells.
//
// Latency: a PDU's first word is offered 4 cycles after its end cell's last word.
// Throughput: the input takes one word a cycle with no bubbles, from any mix of VCs, as
// long as the output keeps up: it sends a cell's data words one a cycle, takes one
// cycle for a cell with nothing to send (a trailer-only cell, a dropped PDU's cells)
// and starts the next PDU in the cycle the last one ends. s_cell_tready_o drops only on
// word 1 of a cell when no slot is free yet but queued PDUs will free some, on word 12
// when the descriptor queue is full, on word 0 for one cycle after a context sweep step
// taken while the input was idle, and for 2**IndexBits cycles after reset (context
// initialisation). Memory at the defaults: data 2048 x 12 x 32 bits, link RAM and free
// FIFO 2048 x 11 bits each, contexts 64 x 83, VC table 64 x 25, descriptors 256 x 77
// (all inferred RAMs with registered reads).
//
// Protocol notes: CPI is not checked; GFC is ignored; CLP and the congestion bit of
// PTI do not matter; a cell of a VC in the discarding state only moves its timestamp.
module atm_aal5_reasm #(
  // Context index bits: 2**IndexBits VCs (64 by default).
  parameter integer IndexBits = 6,
  // Cell slots in the shared PDU buffer (a power of two).
  parameter integer NumCells = 2048,
  // PDU descriptors queued between the checks and the output (a power of two).
  parameter integer DescDepth = 256
) (
  input  wire                 clk_i,
  input  wire                 rst_ni,
  // Cell stream in.
  input  wire [31:0]          s_cell_tdata_i,
  input  wire                 s_cell_tvalid_i,
  output wire                 s_cell_tready_o,
  input  wire                 s_cell_tlast_i,
  // PDU word stream out, with its sideband (constant over a PDU).
  output wire [31:0]          m_pdu_tdata_o,
  output wire [3:0]           m_pdu_tkeep_o,
  output wire                 m_pdu_tvalid_o,
  input  wire                 m_pdu_tready_i,
  output wire                 m_pdu_tlast_o,
  output wire [7:0]           m_pdu_vpi_o,
  output wire [15:0]          m_pdu_vci_o,
  output wire [IndexBits-1:0] m_pdu_index_o,
  output wire [7:0]           m_pdu_uu_o,
  output wire [15:0]          m_pdu_len_o,
  // VC configuration: open (cfg_open_i 1) or close the entry at cfg_vci_i's index.
  input  wire                 cfg_valid_i,
  output wire                 cfg_ready_o,
  input  wire                 cfg_open_i,
  input  wire [7:0]           cfg_vpi_i,
  input  wire [15:0]          cfg_vci_i,
  // Limits: largest PDU in bytes; timeout in ticks; one tick a cycle with tick_i high.
  input  wire [15:0]          cfg_max_pdu_bytes_i,
  input  wire [15:0]          cfg_timeout_i,
  input  wire                 tick_i,
  // Counters (wrap): PDUs delivered; PDUs dropped by reason; cells dropped.
  output wire [31:0]          stat_pdus_o,
  output wire [31:0]          stat_drop_crc_o,
  output wire [31:0]          stat_drop_len_o,
  output wire [31:0]          stat_drop_oversize_o,
  output wire [31:0]          stat_drop_timeout_o,
  output wire [31:0]          stat_drop_buffer_o,
  output wire [31:0]          stat_drop_noctx_o,
  output wire [31:0]          stat_bad_cells_o
);

  localparam integer NumVcs = 1 << IndexBits;
  localparam integer SlotBits = $clog2(NumCells);
  localparam integer DataWords = NumCells * 12;
  localparam integer DataAddrBits = SlotBits + 4;
  localparam integer DescBits = $clog2(DescDepth);
  // Cell counter width: enough for a 65535-byte PDU and the cell that overruns it.
  localparam integer CountBits = 11;
  localparam [SlotBits:0] NumCellsW = NumCells[SlotBits:0];
  localparam [DescBits:0] DescDepthW = DescDepth[DescBits:0];
  localparam [IndexBits:0] NumVcsW = NumVcs[IndexBits:0];

  localparam [31:0] CrcInit = 32'hFFFF_FFFF;
  localparam [31:0] CrcResidue = 32'hC704_DD7B;
  localparam [31:0] CrcPoly = 32'h04C1_1DB7;

  // Context states.
  localparam [1:0] StIdle = 2'd0;
  localparam [1:0] StActive = 2'd1;
  localparam [1:0] StDiscard = 2'd2;

  // Context word: state, head, tail, cells, CRC register, tick of the last cell.
  localparam integer CtxBits = 2 + 2 * SlotBits + CountBits + 32 + 16;
  // Table word: open, VPI, VCI.
  localparam integer TblBits = 1 + 8 + 16;
  // Descriptor: discard, head, cells, length, index, UU, VPI, VCI.
  localparam integer DscBits = 1 + SlotBits + CountBits + 16 + IndexBits + 8 + 8 + 16;
  // Output word: data, keep, last, VPI, VCI, index, UU, length.
  localparam integer OutBits = 32 + 4 + 1 + 8 + 16 + IndexBits + 8 + 16;

  // The CRC register advanced over 48 zero bytes. Used only on constants: it gives the
  // columns of the 32 x 32 matrix Z, applied below as an AND-XOR network.
  function automatic [31:0] crc_zero48(input [31:0] s);
    integer i;
    reg [31:0] r;
    begin
      r = s;
      for (i = 0; i < 384; i = i + 1) begin
        r = r[31] ? ((r << 1) ^ CrcPoly) : (r << 1);
      end
      crc_zero48 = r;
    end
  endfunction

  // ---------------------------------------------------------------- memories
  reg [CtxBits-1:0]  ctx_mem [0:NumVcs-1];
  reg [TblBits-1:0]  tbl_mem [0:NumVcs-1];
  reg [31:0]         data_mem [0:DataWords-1];
  reg [SlotBits-1:0] link_mem [0:NumCells-1];
  reg [SlotBits-1:0] free_mem [0:NumCells-1];

  reg [CtxBits-1:0]  ctx_rdata_q;
  reg [TblBits-1:0]  tbl_rdata_q;
  reg [31:0]         data_rdata_q;
  reg [SlotBits-1:0] link_rdata_q;
  reg [SlotBits-1:0] free_rdata_q;

  reg                 ctx_re, ctx_we, tbl_we;
  reg [IndexBits-1:0] ctx_raddr, ctx_waddr;
  reg [CtxBits-1:0]   ctx_wdata;
  reg [TblBits-1:0]   tbl_wdata;
  reg                 data_we;
  reg [DataAddrBits-1:0] data_waddr;
  reg                 data_re;
  reg [DataAddrBits-1:0] data_raddr;
  reg                 link_we, link_re;
  reg [SlotBits-1:0]  link_waddr, link_wdata, link_raddr;
  reg                 free_we, free_re;

  // ---------------------------------------------------------------- state
  reg                 init_q, init_d;
  reg [IndexBits:0]   init_idx_q, init_idx_d;
  reg [15:0]          now_q, now_d;
  // now_q - cfg_timeout_i - 1, formed a cycle ahead (see m_expired).
  reg [15:0]          thr_q;

  // Cell path.
  reg [3:0]           w_q, w_d;
  reg [IndexBits-1:0] cur_idx_q, cur_idx_d;
  reg [7:0]           cur_vpi_q, cur_vpi_d;
  reg [15:0]          cur_vci_q, cur_vci_d;
  reg                 cur_end_q, cur_end_d;
  reg                 cur_user_q, cur_user_d;
  reg                 ld_q, ld_d;
  reg [31:0]          zadv_q;
  reg [CountBits-1:0] cells_new_q;
  reg [17:0]          cells_bytes_q;
  reg                 over_cells_q;
  // Dropping the words of a malformed cell (no tlast on word 12) up to a tlast.
  reg                 skip_q, skip_d;
  reg [CtxBits-1:0]   cctx_q, cctx_d;
  reg [TblBits-1:0]   ctbl_q, ctbl_d;
  reg                 stored_q, stored_d;
  reg [15:0]          tlen_q, tlen_d;
  reg [7:0]           tuu_q, tuu_d;

  // Spare slots (a queue of two) and their refill.
  reg [SlotBits-1:0]  spare0_q, spare0_d, spare1_q, spare1_d;
  reg [1:0]           spare_cnt_q, spare_cnt_d;
  reg                 refill_pend_q, refill_pend_d;
  reg [SlotBits:0]    fresh_q, fresh_d;
  reg [SlotBits:0]    free_wp_q, free_wp_d, free_rp_q, free_rp_d;

  // Context maintenance (configuration and timeout sweep).
  reg                 m_wr_q, m_wr_d;
  reg                 m_cfg_q, m_cfg_d;
  reg [IndexBits-1:0] m_idx_q, m_idx_d;
  reg [IndexBits-1:0] sweep_q, sweep_d;

  // Descriptor queue.
  reg [DscBits-1:0]   dsc_mem [0:DescDepth-1];
  reg [DescBits:0]    dsc_wp_q, dsc_wp_d, dsc_rp_q, dsc_rp_d;

  // Output engine.
  reg                 o_busy_q, o_busy_d;
  reg [SlotBits-1:0]  o_cur_q, o_cur_d;
  reg [CountBits-1:0] o_cells_q, o_cells_d;
  reg [14:0]          o_words_q, o_words_d;
  reg [3:0]           o_wic_q, o_wic_d;
  reg [3:0]           o_lastkeep_q, o_lastkeep_d;
  reg [15:0]          o_len_q, o_len_d;
  reg [IndexBits-1:0] o_idx_q, o_idx_d;
  reg [7:0]           o_uu_q, o_uu_d;
  reg [7:0]           o_vpi_q, o_vpi_d;
  reg [15:0]          o_vci_q, o_vci_d;
  reg                 rd_valid_q, rd_valid_d;
  reg [OutBits-33:0]  rd_side_q, rd_side_d;
  reg [OutBits-1:0]   ofifo_q [0:3];
  reg [2:0]           of_cnt_q, of_cnt_d;
  reg [1:0]           of_rp_q, of_rp_d, of_wp_q, of_wp_d;

  reg [31:0] pdus_q, pdus_d, crc_q, crc_d, len_q, len_d, over_q, over_d;
  reg [31:0] tmo_q, tmo_d, buf_q, buf_d, noctx_q, noctx_d, bad_q, bad_d;

  // ---------------------------------------------------------------- cell path
  // Queue states from pointer comparisons (no subtraction on the input's ready path).
  wire              dsc_full = (dsc_wp_q == (dsc_rp_q ^ DescDepthW));
  wire              dsc_any = (dsc_wp_q != dsc_rp_q);
  wire              free_any = (free_wp_q != free_rp_q);
  wire              refill_soon = refill_pend_q || (fresh_q != NumCellsW) || free_any ||
                                  dsc_any || o_busy_q;

  reg in_ready;
  always @(*) begin
    if (init_q) begin
      in_ready = 1'b0;
    end else begin
      case (w_q)
        4'd0:    in_ready = !m_wr_q;
        4'd1:    in_ready = (spare_cnt_q != 2'd0) || !refill_soon;
        4'd12:   in_ready = !dsc_full;
        default: in_ready = 1'b1;
      endcase
    end
  end
  wire in_fire = s_cell_tvalid_i && in_ready;
  wire hdr_fire = in_fire && (w_q == 4'd0) && !skip_q;
  wire cell_end = in_fire && (w_q == 4'd12) && s_cell_tlast_i;

  // Current context and table entry (latched the cycle after the header).
  wire [CtxBits-1:0] cctx = ld_q ? ctx_rdata_q : cctx_q;
  wire [TblBits-1:0] ctbl = ld_q ? tbl_rdata_q : ctbl_q;
  wire [1:0]          c_st    = cctx_q[CtxBits-1 -: 2];
  wire [SlotBits-1:0] c_head  = cctx_q[CtxBits-3 -: SlotBits];
  wire [SlotBits-1:0] c_tail  = cctx_q[CtxBits-3-SlotBits -: SlotBits];
  wire [CountBits-1:0] c_cells = cctx_q[48 +: CountBits];
  wire [31:0]         c_crc   = cctx_q[16 +: 32];
  wire                t_open  = ctbl_q[24];
  wire [7:0]          t_vpi   = ctbl_q[23:16];
  wire [15:0]         t_vci   = ctbl_q[15:0];

  // Cell count with this cell, its bytes, and the size guard: from the context latched
  // after the header, registered (needed only at word 12).
  wire                 c_active = (c_st == StActive);
  wire [CountBits-1:0] cells_new_d = (c_active ? c_cells : {CountBits{1'b0}}) + 1'b1;
  wire [17:0]          cells_bytes_d = {3'd0, cells_new_d, 4'd0} + {2'd0, cells_new_d, 5'd0};
  wire [17:0]          max_bytes = {2'd0, cfg_max_pdu_bytes_i} + 18'd55;
  wire                 over_cells_d = cells_bytes_d > max_bytes;
  wire [CountBits-1:0] cells_new = cells_new_q;
  wire [17:0]          cells_bytes = cells_bytes_q;
  wire                 over = over_cells_q;
  wire [17:0]          fill = {2'd0, tlen_q} + 18'd8;
  wire                 len_ok = (fill <= cells_bytes) && (fill + 18'd48 > cells_bytes);
  wire                 size_ok = (tlen_q <= cfg_max_pdu_bytes_i);
  wire [31:0]          cell_crc_next;
  wire [31:0]          crc_total = ~cell_crc_next ^ zadv_q;
  wire                 crc_ok = (crc_total == CrcResidue);
  wire                 vc_match = t_open && (t_vpi == cur_vpi_q) && (t_vci == cur_vci_q);

  // Z(S ^ init) of the VC's CRC register S (0 for a new PDU), registered: it depends
  // only on the context latched after the header and is needed at word 12.
  wire [31:0] z_in = c_active ? c_crc ^ CrcInit : 32'd0;
  wire [31:0] z_col [0:31];
  genvar gz;
  generate
    for (gz = 0; gz < 32; gz = gz + 1) begin : g_zcol
      localparam [31:0] Col = crc_zero48(32'd1 << gz);
      assign z_col[gz] = z_in[gz] ? Col : 32'd0;
    end
  endgenerate
  reg [31:0] zadv_d;
  integer    zi;
  always @(*) begin
    zadv_d = 32'd0;
    for (zi = 0; zi < 32; zi = zi + 1) zadv_d = zadv_d ^ z_col[zi];
  end

  wire [DataAddrBits-1:0] spare_base = {1'b0, spare0_q, 3'd0} + {2'd0, spare0_q, 2'd0};

  // Maintenance: the target index and whether the context RAM is free for it.
  wire [IndexBits-1:0] m_target = cfg_valid_i ? cfg_vci_i[IndexBits-1:0] : sweep_q;
  wire m_window = ((w_q >= 4'd1) && (w_q <= 4'd10) && (m_target != cur_idx_q)) ||
                  ((w_q == 4'd0) && !s_cell_tvalid_i);
  wire m_start = !init_q && !m_wr_q && m_window;

  wire [1:0]           m_st    = ctx_rdata_q[CtxBits-1 -: 2];
  wire [SlotBits-1:0]  m_head  = ctx_rdata_q[CtxBits-3 -: SlotBits];
  wire [CountBits-1:0] m_cells = ctx_rdata_q[48 +: CountBits];
  wire [15:0]          m_stamp = ctx_rdata_q[15:0];
  // Expired: age (now - stamp) above the timeout, that is thr - stamp not negative
  // while ages stay below 2**15 ticks (see the header): one subtraction after the
  // context RAM instead of a subtraction and a comparison.
  wire [15:0]          m_after = thr_q - m_stamp;
  wire                 m_expired = (m_after & 16'h8000) == 16'd0;

  reg                 dsc_push;
  reg [DscBits-1:0]   dsc_wdata;
  reg                 spare_take;
  reg                 cfg_ack;

  always @(*) begin
    init_d     = init_q;
    init_idx_d = init_idx_q;
    now_d      = tick_i ? now_q + 16'd1 : now_q;
    w_d        = w_q;
    cur_idx_d  = cur_idx_q;
    cur_vpi_d  = cur_vpi_q;
    cur_vci_d  = cur_vci_q;
    cur_end_d  = cur_end_q;
    cur_user_d = cur_user_q;
    ld_d       = hdr_fire;
    cctx_d     = cctx;
    ctbl_d     = ctbl;
    stored_d   = stored_q;
    tlen_d     = tlen_q;
    tuu_d      = tuu_q;
    m_wr_d     = 1'b0;
    m_cfg_d    = m_cfg_q;
    m_idx_d    = m_idx_q;
    sweep_d    = sweep_q;
    pdus_d     = pdus_q;
    crc_d      = crc_q;
    len_d      = len_q;
    over_d     = over_q;
    tmo_d      = tmo_q;
    buf_d      = buf_q;
    noctx_d    = noctx_q;
    bad_d      = bad_q;

    ctx_re     = 1'b0;
    ctx_raddr  = m_target;
    ctx_we     = 1'b0;
    ctx_waddr  = cur_idx_q;
    ctx_wdata  = {CtxBits{1'b0}};
    tbl_we     = 1'b0;
    tbl_wdata  = {TblBits{1'b0}};
    data_we    = 1'b0;
    data_waddr = spare_base + {{(DataAddrBits - 4){1'b0}}, w_q} - 1'b1;
    link_we    = 1'b0;
    link_waddr = c_tail;
    link_wdata = spare0_q;
    dsc_push   = 1'b0;
    dsc_wdata  = {DscBits{1'b0}};
    spare_take = 1'b0;
    cfg_ack    = 1'b0;

    if (init_q) begin
      // Close every entry and idle every context, one index a cycle.
      ctx_we    = 1'b1;
      tbl_we    = 1'b1;
      ctx_waddr = init_idx_q[IndexBits-1:0];
      init_idx_d = init_idx_q + 1'b1;
      if (init_idx_q == NumVcsW - 1'b1) init_d = 1'b0;
    end

    // Words of a cell. A cell whose tlast comes early, or not on word 12, is dropped
    // and counted; after a word 12 without tlast, words are dropped up to a tlast.
    skip_d = skip_q;
    if (in_fire && skip_q) begin
      if (s_cell_tlast_i) skip_d = 1'b0;
    end else if (in_fire) begin
      if (w_q == 4'd12 || s_cell_tlast_i) begin
        w_d = 4'd0;
      end else begin
        w_d = w_q + 4'd1;
      end
      if (w_q == 4'd12 && !s_cell_tlast_i) begin
        skip_d = 1'b1;
        bad_d  = bad_q + 32'd1;
      end
      if (hdr_fire) begin
        ctx_re     = 1'b1;
        ctx_raddr  = s_cell_tdata_i[4 +: IndexBits];
        cur_idx_d  = s_cell_tdata_i[4 +: IndexBits];
        cur_vpi_d  = s_cell_tdata_i[27:20];
        cur_vci_d  = s_cell_tdata_i[19:4];
        cur_end_d  = s_cell_tdata_i[1];
        cur_user_d = !s_cell_tdata_i[3];
      end else begin
        if (w_q == 4'd1) stored_d = (spare_cnt_q != 2'd0);
        data_we = (w_q == 4'd1) ? (spare_cnt_q != 2'd0) : stored_q;
        if (w_q == 4'd11) begin
          tuu_d  = s_cell_tdata_i[31:24];
          tlen_d = s_cell_tdata_i[15:0];
        end
      end
      if (s_cell_tlast_i && w_q != 4'd12) bad_d = bad_q + 32'd1;  // short cell
    end

    // The end of a cell: drop it, or chain it and check the PDU at its end cell.
    if (cell_end) begin
      if (!cur_user_q) begin
        bad_d = bad_q + 32'd1;
      end else if (!vc_match) begin
        noctx_d = noctx_q + 32'd1;
      end else if (c_st == StDiscard) begin
        ctx_we    = 1'b1;
        ctx_wdata = {cur_end_q ? StIdle : StDiscard, cctx_q[CtxBits-3:16], now_q};
      end else if (over || !stored_q) begin
        if (over) begin
          over_d = over_q + 32'd1;
        end else begin
          buf_d = buf_q + 32'd1;
        end
        if (c_active) begin
          dsc_push  = 1'b1;
          dsc_wdata = {1'b1, c_head, c_cells, 16'd0, cur_idx_q, 8'd0, cur_vpi_q, cur_vci_q};
        end
        ctx_we    = 1'b1;
        ctx_wdata = {cur_end_q ? StIdle : StDiscard, cctx_q[CtxBits-3:16], now_q};
      end else begin
        spare_take = 1'b1;
        if (c_active) link_we = 1'b1;
        ctx_we = 1'b1;
        if (cur_end_q) begin
          dsc_push  = 1'b1;
          dsc_wdata = {!(crc_ok && len_ok && size_ok), c_active ? c_head : spare0_q, cells_new,
                       tlen_q, cur_idx_q, tuu_q, cur_vpi_q, cur_vci_q};
          ctx_wdata = {StIdle, cctx_q[CtxBits-3:16], now_q};
          if (!crc_ok) begin
            crc_d = crc_q + 32'd1;
          end else if (!len_ok) begin
            len_d = len_q + 32'd1;
          end else if (!size_ok) begin
            over_d = over_q + 32'd1;
          end else begin
            pdus_d = pdus_q + 32'd1;
          end
        end else begin
          ctx_wdata = {StActive, c_active ? c_head : spare0_q, spare0_q, cells_new, crc_total,
                       now_q};
        end
      end
    end

    // Context maintenance: read at m_start, act in the next cycle (m_wr_q). The sweep
    // passes over the index of the cell in flight rather than wait for it, so that one
    // busy VC cannot hold up the timeouts of the others.
    if (!init_q && !m_wr_q && !cfg_valid_i && (w_q >= 4'd1) && (w_q <= 4'd10) &&
        (sweep_q == cur_idx_q)) begin
      sweep_d = sweep_q + 1'b1;
    end
    if (m_start) begin
      ctx_re  = 1'b1;
      m_wr_d  = 1'b1;
      m_cfg_d = cfg_valid_i;
      m_idx_d = m_target;
    end
    if (m_wr_q) begin
      ctx_waddr = m_idx_q;
      ctx_wdata = {StIdle, ctx_rdata_q[CtxBits-3:0]};
      // The descriptor of an abandoned PDU, whether or not it is pushed (no cell ends
      // in this cycle: m_window excludes word 12), so that the timeout compare selects
      // only the push and the write enables, not the descriptor RAM's data.
      dsc_wdata = {1'b1, m_head, m_cells, 16'd0, m_idx_q, 8'd0, 8'd0, 16'd0};
      if (m_cfg_q) begin
        if (!(m_st == StActive && dsc_full)) begin
          cfg_ack   = 1'b1;
          ctx_we    = 1'b1;
          tbl_we    = 1'b1;
          tbl_wdata = {cfg_open_i, cfg_vpi_i, cfg_vci_i};
          if (m_st == StActive) dsc_push = 1'b1;
        end
      end else if (m_st != StIdle && m_expired) begin
        if (m_st == StActive) begin
          if (!dsc_full) begin
            ctx_we    = 1'b1;
            dsc_push  = 1'b1;
            tmo_d     = tmo_q + 32'd1;
            sweep_d   = sweep_q + 1'b1;
          end
        end else begin
          ctx_we  = 1'b1;
          sweep_d = sweep_q + 1'b1;
        end
      end else begin
        sweep_d = sweep_q + 1'b1;
      end
    end
  end

  // ---------------------------------------------------------------- spare slots
  // A slot joins the spare queue from the fresh counter (while never-used slots are
  // left) or, one cycle after its read, from the free FIFO; at most one a cycle.
  wire [1:0] spare_room = spare_cnt_q + {1'b0, refill_pend_q};
  always @(*) begin
    spare0_d      = spare0_q;
    spare1_d      = spare1_q;
    spare_cnt_d   = spare_cnt_q;
    refill_pend_d = 1'b0;
    fresh_d       = fresh_q;
    free_rp_d     = free_rp_q;
    free_re       = 1'b0;
    if (spare_take) begin
      spare0_d    = spare1_q;
      spare_cnt_d = spare_cnt_q - 2'd1;
    end
    if (refill_pend_q || (fresh_q != NumCellsW && spare_cnt_q != 2'd2)) begin
      if (spare_cnt_d == 2'd0) begin
        spare0_d = refill_pend_q ? free_rdata_q : fresh_q[SlotBits-1:0];
      end else begin
        spare1_d = refill_pend_q ? free_rdata_q : fresh_q[SlotBits-1:0];
      end
      spare_cnt_d = spare_cnt_d + 2'd1;
      if (!refill_pend_q) fresh_d = fresh_q + 1'b1;
    end
    if (fresh_q == NumCellsW && free_any && spare_room < 2'd2) begin
      free_re       = 1'b1;
      refill_pend_d = 1'b1;
      free_rp_d     = free_rp_q + 1'b1;
    end
  end

  // ---------------------------------------------------------------- output engine
  // The queue's head, read ahead from block RAM (the entry at the next read pointer,
  // or the one being written there).
  reg  [DscBits-1:0]   dsc_head_q;
  wire [DscBits-1:0]   dsc_head = dsc_head_q;
  wire                 d_discard = dsc_head[DscBits-1];
  wire [SlotBits-1:0]  d_slot  = dsc_head[DscBits-2 -: SlotBits];
  wire [CountBits-1:0] d_cells = dsc_head[DscBits-2-SlotBits -: CountBits];
  wire [15:0]          d_len   = dsc_head[IndexBits + 32 +: 16];
  wire [IndexBits-1:0] d_idx   = dsc_head[32 +: IndexBits];
  wire [7:0]           d_uu    = dsc_head[31:24];
  wire [7:0]           d_vpi   = dsc_head[23:16];
  wire [15:0]          d_vci   = dsc_head[15:0];

  wire of_pop = (of_cnt_q != 3'd0) && m_pdu_tready_i;
  wire room = ({1'b0, of_cnt_q} + {3'd0, rd_valid_q}) < 4'd4;
  wire o_has_words = (o_words_q != 15'd0);
  wire [DataAddrBits-1:0] o_base = {1'b0, o_cur_q, 3'd0} + {2'd0, o_cur_q, 2'd0};

  reg o_finish;
  always @(*) begin
    o_busy_d     = o_busy_q;
    o_cur_d      = o_cur_q;
    o_cells_d    = o_cells_q;
    o_words_d    = o_words_q;
    o_wic_d      = o_wic_q;
    o_lastkeep_d = o_lastkeep_q;
    o_len_d      = o_len_q;
    o_idx_d      = o_idx_q;
    o_uu_d       = o_uu_q;
    o_vpi_d      = o_vpi_q;
    o_vci_d      = o_vci_q;
    dsc_rp_d     = dsc_rp_q;
    rd_valid_d   = 1'b0;
    rd_side_d    = rd_side_q;
    data_re      = 1'b0;
    data_raddr   = o_base + {{(DataAddrBits - 4){1'b0}}, o_wic_q};
    link_re      = 1'b0;
    link_raddr   = link_rdata_q;
    free_we      = 1'b0;
    o_finish     = 1'b0;
    if (o_busy_q && o_has_words) begin
      if (room) begin
        data_re    = 1'b1;
        rd_valid_d = 1'b1;
        rd_side_d  = {(o_words_q == 15'd1) ? o_lastkeep_q : 4'b1111, o_words_q == 15'd1,
                      o_vpi_q, o_vci_q, o_idx_q, o_uu_q, o_len_q};
        o_words_d  = o_words_q - 15'd1;
        o_wic_d    = o_wic_q + 4'd1;
        o_finish   = (o_wic_q == 4'd11) || (o_words_q == 15'd1);
      end
    end else if (o_busy_q) begin
      o_finish = 1'b1;  // a cell with nothing (more) to send: trailer, or a dropped PDU
    end
    if (o_finish) begin
      free_we   = 1'b1;
      o_wic_d   = 4'd0;
      if (o_cells_q == {{(CountBits - 1){1'b0}}, 1'b1}) begin
        o_busy_d = 1'b0;
      end else begin
        o_cells_d = o_cells_q - 1'b1;
        o_cur_d   = link_rdata_q;
        link_re   = 1'b1;
      end
    end
    // The next descriptor is taken when idle or in the cycle that ends a PDU.
    if (!o_busy_d && dsc_any) begin
      dsc_rp_d   = dsc_rp_q + 1'b1;
      o_busy_d   = 1'b1;
      o_cur_d    = d_slot;
      link_re    = 1'b1;
      link_raddr = d_slot;
      o_cells_d  = d_cells;
      o_wic_d    = 4'd0;
      // A good PDU sends ceil(len/4) words, a 0-byte one a single empty word.
      if (d_discard) begin
        o_words_d = 15'd0;
      end else if (d_len == 16'd0) begin
        o_words_d = 15'd1;
      end else begin
        o_words_d = {1'b0, d_len[15:2]} + {14'd0, d_len[1:0] != 2'd0};
      end
      case (d_len[1:0])
        2'd1:    o_lastkeep_d = 4'b1000;
        2'd2:    o_lastkeep_d = 4'b1100;
        2'd3:    o_lastkeep_d = 4'b1110;
        default: o_lastkeep_d = (d_len == 16'd0) ? 4'b0000 : 4'b1111;
      endcase
      o_len_d = d_len;
      o_idx_d = d_idx;
      o_uu_d  = d_uu;
      o_vpi_d = d_vpi;
      o_vci_d = d_vci;
    end
  end

  // Output FIFO of four words (data from the data RAM, the rest from rd_side_q).
  always @(*) begin
    of_cnt_d = of_cnt_q;
    of_rp_d  = of_rp_q;
    of_wp_d  = of_wp_q;
    if (rd_valid_q) begin
      of_wp_d  = of_wp_q + 2'd1;
      of_cnt_d = of_cnt_d + 3'd1;
    end
    if (of_pop) begin
      of_rp_d  = of_rp_q + 2'd1;
      of_cnt_d = of_cnt_d - 3'd1;
    end
  end

  // Descriptor queue write side.
  always @(*) begin
    dsc_wp_d = dsc_push ? dsc_wp_q + 1'b1 : dsc_wp_q;
  end

  // ---------------------------------------------------------------- registers
  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      init_q        <= 1'b1;
      init_idx_q    <= {(IndexBits + 1){1'b0}};
      now_q         <= 16'd0;
      thr_q         <= 16'd0;
      w_q           <= 4'd0;
      cur_idx_q     <= {IndexBits{1'b0}};
      cur_vpi_q     <= 8'd0;
      cur_vci_q     <= 16'd0;
      cur_end_q     <= 1'b0;
      cur_user_q    <= 1'b0;
      ld_q          <= 1'b0;
      zadv_q        <= 32'd0;
      cells_new_q   <= {CountBits{1'b0}};
      cells_bytes_q <= 18'd0;
      over_cells_q  <= 1'b0;
      skip_q        <= 1'b0;
      cctx_q        <= {CtxBits{1'b0}};
      ctbl_q        <= {TblBits{1'b0}};
      stored_q      <= 1'b0;
      tlen_q        <= 16'd0;
      tuu_q         <= 8'd0;
      spare0_q      <= {SlotBits{1'b0}};
      spare1_q      <= {SlotBits{1'b0}};
      spare_cnt_q   <= 2'd0;
      refill_pend_q <= 1'b0;
      fresh_q       <= {(SlotBits + 1){1'b0}};
      free_wp_q     <= {(SlotBits + 1){1'b0}};
      free_rp_q     <= {(SlotBits + 1){1'b0}};
      m_wr_q        <= 1'b0;
      m_cfg_q       <= 1'b0;
      m_idx_q       <= {IndexBits{1'b0}};
      sweep_q       <= {IndexBits{1'b0}};
      dsc_wp_q      <= {(DescBits + 1){1'b0}};
      dsc_rp_q      <= {(DescBits + 1){1'b0}};
      o_busy_q      <= 1'b0;
      o_cur_q       <= {SlotBits{1'b0}};
      o_cells_q     <= {CountBits{1'b0}};
      o_words_q     <= 15'd0;
      o_wic_q       <= 4'd0;
      o_lastkeep_q  <= 4'd0;
      o_len_q       <= 16'd0;
      o_idx_q       <= {IndexBits{1'b0}};
      o_uu_q        <= 8'd0;
      o_vpi_q       <= 8'd0;
      o_vci_q       <= 16'd0;
      rd_valid_q    <= 1'b0;
      rd_side_q     <= {(OutBits - 32){1'b0}};
      of_cnt_q      <= 3'd0;
      of_rp_q       <= 2'd0;
      of_wp_q       <= 2'd0;
      pdus_q        <= 32'd0;
      crc_q         <= 32'd0;
      len_q         <= 32'd0;
      over_q        <= 32'd0;
      tmo_q         <= 32'd0;
      buf_q         <= 32'd0;
      noctx_q       <= 32'd0;
      bad_q         <= 32'd0;
    end else begin
      init_q        <= init_d;
      init_idx_q    <= init_idx_d;
      now_q         <= now_d;
      thr_q         <= now_d - cfg_timeout_i - 16'd1;
      w_q           <= w_d;
      cur_idx_q     <= cur_idx_d;
      cur_vpi_q     <= cur_vpi_d;
      cur_vci_q     <= cur_vci_d;
      cur_end_q     <= cur_end_d;
      cur_user_q    <= cur_user_d;
      ld_q          <= ld_d;
      zadv_q        <= zadv_d;
      cells_new_q   <= cells_new_d;
      cells_bytes_q <= cells_bytes_d;
      over_cells_q  <= over_cells_d;
      skip_q        <= skip_d;
      cctx_q        <= cctx_d;
      ctbl_q        <= ctbl_d;
      stored_q      <= stored_d;
      tlen_q        <= tlen_d;
      tuu_q         <= tuu_d;
      spare0_q      <= spare0_d;
      spare1_q      <= spare1_d;
      spare_cnt_q   <= spare_cnt_d;
      refill_pend_q <= refill_pend_d;
      fresh_q       <= fresh_d;
      free_wp_q     <= free_wp_d;
      free_rp_q     <= free_rp_d;
      m_wr_q        <= m_wr_d;
      m_cfg_q       <= m_cfg_d;
      m_idx_q       <= m_idx_d;
      sweep_q       <= sweep_d;
      dsc_wp_q      <= dsc_wp_d;
      dsc_rp_q      <= dsc_rp_d;
      o_busy_q      <= o_busy_d;
      o_cur_q       <= o_cur_d;
      o_cells_q     <= o_cells_d;
      o_words_q     <= o_words_d;
      o_wic_q       <= o_wic_d;
      o_lastkeep_q  <= o_lastkeep_d;
      o_len_q       <= o_len_d;
      o_idx_q       <= o_idx_d;
      o_uu_q        <= o_uu_d;
      o_vpi_q       <= o_vpi_d;
      o_vci_q       <= o_vci_d;
      rd_valid_q    <= rd_valid_d;
      rd_side_q     <= rd_side_d;
      of_cnt_q      <= of_cnt_d;
      of_rp_q       <= of_rp_d;
      of_wp_q       <= of_wp_d;
      pdus_q        <= pdus_d;
      crc_q         <= crc_d;
      len_q         <= len_d;
      over_q        <= over_d;
      tmo_q         <= tmo_d;
      buf_q         <= buf_d;
      noctx_q       <= noctx_d;
      bad_q         <= bad_d;
    end
  end

  always @(*) begin
    free_wp_d = free_we ? free_wp_q + 1'b1 : free_wp_q;
  end

  // Memories: inferred block RAMs with registered reads, and the two small queues.
  always @(posedge clk_i) begin
    if (ctx_we) ctx_mem[ctx_waddr] <= ctx_wdata;
    if (ctx_re) ctx_rdata_q <= ctx_mem[ctx_raddr];
  end
  always @(posedge clk_i) begin
    if (tbl_we) tbl_mem[ctx_waddr] <= tbl_wdata;
    if (ctx_re) tbl_rdata_q <= tbl_mem[ctx_raddr];
  end
  always @(posedge clk_i) begin
    if (data_we) data_mem[data_waddr] <= s_cell_tdata_i;
    if (data_re) data_rdata_q <= data_mem[data_raddr];
  end
  always @(posedge clk_i) begin
    if (link_we) link_mem[link_waddr] <= link_wdata;
    if (link_re) link_rdata_q <= link_mem[link_raddr];
  end
  always @(posedge clk_i) begin
    if (free_we) free_mem[free_wp_q[SlotBits-1:0]] <= o_cur_q;
    if (free_re) free_rdata_q <= free_mem[free_rp_q[SlotBits-1:0]];
  end
  always @(posedge clk_i) begin
    if (dsc_push) dsc_mem[dsc_wp_q[DescBits-1:0]] <= dsc_wdata;
    if (dsc_push && dsc_wp_q[DescBits-1:0] == dsc_rp_d[DescBits-1:0]) begin
      dsc_head_q <= dsc_wdata;
    end else begin
      dsc_head_q <= dsc_mem[dsc_rp_d[DescBits-1:0]];
    end
  end
  always @(posedge clk_i) begin
    if (rd_valid_q) ofifo_q[of_wp_q] <= {data_rdata_q, rd_side_q};
  end

  common_crc32_aal5 #(
    .DataBytes(4)
  ) u_crc (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .start_i     (w_q == 4'd1),
    .valid_i     (in_fire && w_q != 4'd0),
    .data_i      (s_cell_tdata_i),
    .keep_i      (4'hF),
    .crc_o       (),
    .crc_next_o  (cell_crc_next),
    .residue_ok_o()
  );

  wire [OutBits-1:0] of_head = ofifo_q[of_rp_q];

  assign s_cell_tready_o      = in_ready;
  assign m_pdu_tvalid_o       = (of_cnt_q != 3'd0);
  assign m_pdu_tdata_o        = of_head[OutBits-1 -: 32];
  assign m_pdu_tkeep_o        = of_head[OutBits-33 -: 4];
  assign m_pdu_tlast_o        = of_head[OutBits-37];
  assign m_pdu_vpi_o          = of_head[IndexBits + 40 +: 8];
  assign m_pdu_vci_o          = of_head[IndexBits + 24 +: 16];
  assign m_pdu_index_o        = of_head[24 +: IndexBits];
  assign m_pdu_uu_o           = of_head[23:16];
  assign m_pdu_len_o          = of_head[15:0];
  assign cfg_ready_o          = cfg_ack;
  assign stat_pdus_o          = pdus_q;
  assign stat_drop_crc_o      = crc_q;
  assign stat_drop_len_o      = len_q;
  assign stat_drop_oversize_o = over_q;
  assign stat_drop_timeout_o  = tmo_q;
  assign stat_drop_buffer_o   = buf_q;
  assign stat_drop_noctx_o    = noctx_q;
  assign stat_bad_cells_o     = bad_q;

endmodule
`default_nettype wire
