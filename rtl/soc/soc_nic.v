`default_nettype none
`include "pegasus_memory_map.vh"
// soc_nic: the NIC, the core's port on the ATM switch. AAL5 send and receive by
// descriptor rings in RAM (doc/wire_formats.md, "NIC descriptors"), with interrupts.
//   - Transmit: soc_nic_tx reads a descriptor and its buffer by DMA and feeds
//     atm_aal5_seg; cells leave on m_cell_*.
//   - Receive: cells on s_cell_* go to atm_aal5_reasm (VCs opened through RX_VC);
//     soc_nic_rx writes each good PDU by DMA into the next free receive buffer.
//   - Every drop is counted by reason: the reassembler's own counters (CRC, length,
//     oversize, timeout, pool full, no VC, bad cells) and the NIC's (no free descriptor,
//     PDU longer than the buffer, bus error), and raises IRQ_STATUS.RX_ERROR.
// Registers: Wishbone B4 pipelined slave (wb_*, the NIC region of the memory map,
// wb_adr_i the word offset in its first 256 bytes), never stalls, answers one cycle
// after the request. DMA: one Wishbone B4 pipelined master (dma_*) shared by the two
// engines: the engine that holds it keeps it while it has requests or answers due, up
// to Burst requests while the other one waits; it is handed over only with no request
// outstanding, so answers go back to the engine that asked.
// Throughput: one DMA word a cycle while the master is granted each cycle; the
// segmenter sends 12 payload words in 13 cycles, the reassembler hands out one word a
// cycle. Latency: see soc_nic_tx and soc_nic_rx; a descriptor completed raises its
// interrupt cause the cycle after its STATUS write is answered; irq_o is the OR of the
// enabled causes, from registers.
// Assumptions: the DMA master's slave answers in order (ACK or ERR); an RX_TIMEOUT tick
// is TickUs microseconds of a ClkHz clock.
module soc_nic #(
  // Clock frequency in Hz (for the RX_TIMEOUT tick).
  parameter integer ClkHz = 50_000_000,
  // Microseconds in an RX_TIMEOUT tick (1..4095).
  parameter integer TickUs = 1000,
  // Reassembly VC entries: 2**VcBits, indexed by the VCI's low bits.
  parameter integer VcBits = 6,
  // Cells in the reassembly pool (a power of two; 1366 hold a 65535-byte PDU).
  parameter integer PoolCells = 256,
  // Checked PDUs queued in the reassembler for the receive engine (a power of two).
  parameter integer RxQueue = 16,
  // Words buffered between transmit DMA reads and the segmenter (a power of two).
  parameter integer TxFifoDepth = 8,
  // DMA requests an engine may make while the other waits.
  parameter integer Burst = 16,
  // DMA window for transmit buffers: (address & DmaMask) == DmaBase, else ERR RANGE.
  parameter [31:0] DmaBase = 32'h0,
  // Mask of the DMA window (0: everything).
  parameter [31:0] DmaMask = 32'h0
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  // Register slave.
  input  wire        wb_stb_i,
  input  wire        wb_we_i,
  input  wire [7:2]  wb_adr_i,
  input  wire [3:0]  wb_sel_i,
  input  wire [31:0] wb_dat_i,
  output wire        wb_ack_o,
  output wire [31:0] wb_dat_o,
  // DMA master.
  output wire        dma_cyc_o,
  output wire        dma_stb_o,
  output wire        dma_we_o,
  output wire [31:0] dma_adr_o,
  output wire [3:0]  dma_sel_o,
  output wire [31:0] dma_dat_o,
  input  wire        dma_stall_i,
  input  wire        dma_ack_i,
  input  wire        dma_err_i,
  input  wire [31:0] dma_dat_i,
  // Cells out (transmit) and in (receive).
  output wire [31:0] m_cell_tdata_o,
  output wire        m_cell_tvalid_o,
  input  wire        m_cell_tready_i,
  output wire        m_cell_tlast_o,
  input  wire [31:0] s_cell_tdata_i,
  input  wire        s_cell_tvalid_i,
  output wire        s_cell_tready_o,
  input  wire        s_cell_tlast_i,
  // Interrupt (level).
  output wire        irq_o
);

  localparam [31:0] Id = `PEGASUS_NIC_ID_RESET;
  localparam integer TickCycles = (ClkHz / 1_000_000) * TickUs;
  localparam [31:0] TickLast = TickCycles - 1;
  localparam [31:0] Info = (PoolCells & 32'hFFFF) | ((VcBits & 32'hF) << 16) |
                           ((TickUs & 32'hFFF) << 20);
  localparam [4:0] BurstW = Burst[4:0];
  localparam [31:0] MaxPduReset = `PEGASUS_NIC_RX_MAX_PDU_RESET;
  // IRQ_STATUS bits.
  localparam integer IrqRxPdu  = `PEGASUS_NIC_IRQ_STATUS_RX_PDU_LSB;
  localparam integer IrqTxDone = `PEGASUS_NIC_IRQ_STATUS_TX_DONE_LSB;
  localparam integer IrqRxErr  = `PEGASUS_NIC_IRQ_STATUS_RX_ERROR_LSB;
  localparam integer IrqDmaErr = `PEGASUS_NIC_IRQ_STATUS_DMA_ERROR_LSB;

  // ---------------------------------------------------------------- registers
  reg        ack_q, ack_d;
  reg [31:0] dat_q, dat_d;
  reg        rx_en_q, rx_en_d;
  reg        tx_en_q, tx_en_d;
  reg [3:0]  irq_st_q, irq_st_d;
  reg [3:0]  irq_en_q, irq_en_d;
  reg [31:4] tx_base_q, tx_base_d;
  reg [15:0] tx_size_q, tx_size_d;
  reg [15:0] tx_tail_q, tx_tail_d;
  reg [31:4] rx_base_q, rx_base_d;
  reg [15:0] rx_size_q, rx_size_d;
  reg [15:0] rx_tail_q, rx_tail_d;
  reg        vc_pend_q, vc_pend_d;
  reg        vc_open_q, vc_open_d;
  reg [7:0]  vc_vpi_q, vc_vpi_d;
  reg [15:0] vc_vci_q, vc_vci_d;
  reg [15:0] max_pdu_q, max_pdu_d;
  reg [13:0] timeout_q, timeout_d;
  reg [31:0] err_adr_q, err_adr_d;
  reg [31:0] tx_pdus_q, tx_pdus_d;
  reg [31:0] rx_pdus_q, rx_pdus_d;
  reg [31:0] nodesc_q, nodesc_d;
  reg [31:0] toobig_q, toobig_d;
  reg [31:0] dmadrop_q, dmadrop_d;
  reg [31:0] tick_cnt_q, tick_cnt_d;
  reg [6:0]  stat_lsb_q;
  reg        tx_reset;
  reg        rx_reset;
  reg [31:0] rd;
  reg [31:0] nw;

  // Engines and cell layer.
  wire [15:0] tx_head;
  wire        tx_busy;
  wire        tx_done;
  wire        tx_sent;
  wire        tx_halt;
  wire [31:0] tx_desc;
  wire        tx_cyc;
  wire        tx_stb;
  wire        tx_we;
  wire [31:0] tx_adr;
  wire [3:0]  tx_sel;
  wire [31:0] tx_wdat;
  wire [15:0] rx_head;
  wire        rx_busy;
  wire        rx_pdu;
  wire        rx_nodesc;
  wire        rx_toobig;
  wire        rx_dmadrop;
  wire        rx_halt;
  wire [31:0] rx_desc;
  wire        rx_cyc;
  wire        rx_stb;
  wire        rx_we;
  wire [31:0] rx_adr;
  wire [3:0]  rx_sel;
  wire [31:0] rx_wdat;
  wire        vc_ready;
  wire [31:0] st_crc;
  wire [31:0] st_len;
  wire [31:0] st_over;
  wire [31:0] st_tmo;
  wire [31:0] st_pool;
  wire [31:0] st_noctx;
  wire [31:0] st_bad;

  wire [15:0] off   = {8'd0, wb_adr_i, 2'b00};
  wire [31:0] wmask = {{8{wb_sel_i[3]}}, {8{wb_sel_i[2]}}, {8{wb_sel_i[1]}}, {8{wb_sel_i[0]}}};
  wire        wr    = wb_stb_i && wb_we_i && (wb_sel_i != 4'd0);
  wire [6:0]  stat_lsb = {st_crc[0], st_len[0], st_over[0], st_tmo[0], st_pool[0],
                          st_noctx[0], st_bad[0]};
  wire        tick  = tick_cnt_q == TickLast;


  always @(*) begin
    ack_d      = wb_stb_i;
    dat_d      = 32'd0;
    rx_en_d    = rx_en_q;
    tx_en_d    = tx_en_q;
    irq_st_d   = irq_st_q;
    irq_en_d   = irq_en_q;
    tx_base_d  = tx_base_q;
    tx_size_d  = tx_size_q;
    tx_tail_d  = tx_tail_q;
    rx_base_d  = rx_base_q;
    rx_size_d  = rx_size_q;
    rx_tail_d  = rx_tail_q;
    vc_pend_d  = vc_pend_q && !vc_ready;
    vc_open_d  = vc_open_q;
    vc_vpi_d   = vc_vpi_q;
    vc_vci_d   = vc_vci_q;
    max_pdu_d  = max_pdu_q;
    timeout_d  = timeout_q;
    err_adr_d  = err_adr_q;
    tx_pdus_d  = tx_pdus_q + {31'd0, tx_sent};
    rx_pdus_d  = rx_pdus_q + {31'd0, rx_pdu};
    nodesc_d   = nodesc_q + {31'd0, rx_nodesc};
    toobig_d   = toobig_q + {31'd0, rx_toobig};
    dmadrop_d  = dmadrop_q + {31'd0, rx_dmadrop};
    tick_cnt_d = tick ? 32'd0 : tick_cnt_q + 32'd1;
    tx_reset   = 1'b0;
    rx_reset   = 1'b0;

    // Reads.
    case (off)
      `PEGASUS_NIC_ID_OFFSET:               rd = Id;
      `PEGASUS_NIC_CTRL_OFFSET:             rd = {30'd0, tx_en_q, rx_en_q};
      `PEGASUS_NIC_IRQ_STATUS_OFFSET:       rd = {28'd0, irq_st_q};
      `PEGASUS_NIC_IRQ_ENABLE_OFFSET:       rd = {28'd0, irq_en_q};
      `PEGASUS_NIC_STATUS_OFFSET:           rd = {29'd0, rx_busy, tx_busy, vc_pend_q};
      `PEGASUS_NIC_TX_RING_BASE_OFFSET:     rd = {tx_base_q, 4'd0};
      `PEGASUS_NIC_TX_RING_SIZE_OFFSET:     rd = {16'd0, tx_size_q};
      `PEGASUS_NIC_TX_HEAD_OFFSET:          rd = {16'd0, tx_head};
      `PEGASUS_NIC_TX_TAIL_OFFSET:          rd = {16'd0, tx_tail_q};
      `PEGASUS_NIC_RX_RING_BASE_OFFSET:     rd = {rx_base_q, 4'd0};
      `PEGASUS_NIC_RX_RING_SIZE_OFFSET:     rd = {16'd0, rx_size_q};
      `PEGASUS_NIC_RX_HEAD_OFFSET:          rd = {16'd0, rx_head};
      `PEGASUS_NIC_RX_TAIL_OFFSET:          rd = {16'd0, rx_tail_q};
      `PEGASUS_NIC_RX_MAX_PDU_OFFSET:       rd = {16'd0, max_pdu_q};
      `PEGASUS_NIC_RX_TIMEOUT_OFFSET:       rd = {18'd0, timeout_q};
      `PEGASUS_NIC_DMA_ERR_ADDR_OFFSET:     rd = err_adr_q;
      `PEGASUS_NIC_TX_PDUS_OFFSET:          rd = tx_pdus_q;
      `PEGASUS_NIC_RX_PDUS_OFFSET:          rd = rx_pdus_q;
      `PEGASUS_NIC_RX_DROP_CRC_OFFSET:      rd = st_crc;
      `PEGASUS_NIC_RX_DROP_LENGTH_OFFSET:   rd = st_len;
      `PEGASUS_NIC_RX_DROP_OVERSIZE_OFFSET: rd = st_over;
      `PEGASUS_NIC_RX_DROP_TIMEOUT_OFFSET:  rd = st_tmo;
      `PEGASUS_NIC_RX_DROP_POOL_OFFSET:     rd = st_pool;
      `PEGASUS_NIC_RX_DROP_NO_VC_OFFSET:    rd = st_noctx;
      `PEGASUS_NIC_RX_DROP_BAD_CELL_OFFSET: rd = st_bad;
      `PEGASUS_NIC_RX_DROP_NO_DESC_OFFSET:  rd = nodesc_q;
      `PEGASUS_NIC_RX_DROP_TOO_BIG_OFFSET:  rd = toobig_q;
      `PEGASUS_NIC_RX_DROP_DMA_OFFSET:      rd = dmadrop_q;
      `PEGASUS_NIC_INFO_OFFSET:             rd = Info;
      default:                              rd = 32'd0;
    endcase
    if (wb_stb_i && !wb_we_i) dat_d = rd;
    // A write changes the bytes it selects of the register's read value.
    nw = (rd & ~wmask) | (wb_dat_i & wmask);

    // Writes.
    if (wr) begin
      case (off)
        `PEGASUS_NIC_CTRL_OFFSET: begin
          rx_en_d = wb_sel_i[0] ? wb_dat_i[0] : rx_en_q;
          tx_en_d = wb_sel_i[0] ? wb_dat_i[1] : tx_en_q;
        end
        `PEGASUS_NIC_IRQ_STATUS_OFFSET:   irq_st_d  = irq_st_q & ~(wb_dat_i[3:0] & wmask[3:0]);
        `PEGASUS_NIC_IRQ_ENABLE_OFFSET:   irq_en_d  = nw[3:0];
        `PEGASUS_NIC_TX_RING_BASE_OFFSET: tx_base_d = nw[31:4];
        `PEGASUS_NIC_TX_RING_SIZE_OFFSET: begin
          tx_size_d = nw[15:0];
          tx_tail_d = 16'd0;
          tx_reset  = 1'b1;
        end
        `PEGASUS_NIC_TX_TAIL_OFFSET:      tx_tail_d = nw[15:0];
        `PEGASUS_NIC_RX_RING_BASE_OFFSET: rx_base_d = nw[31:4];
        `PEGASUS_NIC_RX_RING_SIZE_OFFSET: begin
          rx_size_d = nw[15:0];
          rx_tail_d = 16'd0;
          rx_reset  = 1'b1;
        end
        `PEGASUS_NIC_RX_TAIL_OFFSET:      rx_tail_d = nw[15:0];
        `PEGASUS_NIC_RX_VC_OFFSET: begin
          if (!vc_pend_q) begin
            vc_pend_d = 1'b1;
            vc_open_d = wb_dat_i[0];
            vc_vci_d  = wb_dat_i[19:4];
            vc_vpi_d  = wb_dat_i[27:20];
          end
        end
        `PEGASUS_NIC_RX_MAX_PDU_OFFSET:   max_pdu_d = nw[15:0];
        `PEGASUS_NIC_RX_TIMEOUT_OFFSET:   timeout_d = nw[13:0];
        default: ;
      endcase
    end

    // Interrupt causes (after the write, so an event is never lost to a clear).
    if (rx_pdu)  irq_st_d[IrqRxPdu]  = 1'b1;
    if (tx_done) irq_st_d[IrqTxDone] = 1'b1;
    if (rx_nodesc || rx_toobig || rx_dmadrop || stat_lsb != stat_lsb_q) irq_st_d[IrqRxErr] = 1'b1;
    if (tx_halt || rx_halt) irq_st_d[IrqDmaErr] = 1'b1;
    if (tx_halt) begin
      tx_en_d   = 1'b0;
      err_adr_d = tx_desc;
    end
    if (rx_halt) begin
      rx_en_d   = 1'b0;
      err_adr_d = rx_desc;
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ack_q      <= 1'b0;
      dat_q      <= 32'd0;
      rx_en_q    <= 1'b0;
      tx_en_q    <= 1'b0;
      irq_st_q   <= 4'd0;
      irq_en_q   <= 4'd0;
      tx_base_q  <= 28'd0;
      tx_size_q  <= 16'd0;
      tx_tail_q  <= 16'd0;
      rx_base_q  <= 28'd0;
      rx_size_q  <= 16'd0;
      rx_tail_q  <= 16'd0;
      vc_pend_q  <= 1'b0;
      vc_open_q  <= 1'b0;
      vc_vpi_q   <= 8'd0;
      vc_vci_q   <= 16'd0;
      max_pdu_q  <= MaxPduReset[15:0];
      timeout_q  <= 14'd0;
      err_adr_q  <= 32'd0;
      tx_pdus_q  <= 32'd0;
      rx_pdus_q  <= 32'd0;
      nodesc_q   <= 32'd0;
      toobig_q   <= 32'd0;
      dmadrop_q  <= 32'd0;
      tick_cnt_q <= 32'd0;
      stat_lsb_q <= 7'd0;
    end else begin
      ack_q      <= ack_d;
      dat_q      <= dat_d;
      rx_en_q    <= rx_en_d;
      tx_en_q    <= tx_en_d;
      irq_st_q   <= irq_st_d;
      irq_en_q   <= irq_en_d;
      tx_base_q  <= tx_base_d;
      tx_size_q  <= tx_size_d;
      tx_tail_q  <= tx_tail_d;
      rx_base_q  <= rx_base_d;
      rx_size_q  <= rx_size_d;
      rx_tail_q  <= rx_tail_d;
      vc_pend_q  <= vc_pend_d;
      vc_open_q  <= vc_open_d;
      vc_vpi_q   <= vc_vpi_d;
      vc_vci_q   <= vc_vci_d;
      max_pdu_q  <= max_pdu_d;
      timeout_q  <= timeout_d;
      err_adr_q  <= err_adr_d;
      tx_pdus_q  <= tx_pdus_d;
      rx_pdus_q  <= rx_pdus_d;
      nodesc_q   <= nodesc_d;
      toobig_q   <= toobig_d;
      dmadrop_q  <= dmadrop_d;
      tick_cnt_q <= tick_cnt_d;
      stat_lsb_q <= stat_lsb;
    end
  end

  assign wb_ack_o = ack_q;
  assign wb_dat_o = dat_q;
  assign irq_o    = (irq_st_q & irq_en_q) != 4'd0;

  // ---------------------------------------------------------------- DMA arbiter
  // owner_q: 0 transmit, 1 receive. The owner keeps the master while its cyc is high,
  // until it has made Burst requests while the other engine waits; the master changes
  // hands only with no request outstanding.
  reg       owner_q, owner_d;
  reg [4:0] beats_q, beats_d;
  reg [4:0] out_q, out_d;

  wire own_cyc  = owner_q ? rx_cyc : tx_cyc;
  wire oth_cyc  = owner_q ? tx_cyc : rx_cyc;
  wire want_sw  = oth_cyc && (!own_cyc || beats_q >= BurstW);
  wire sw       = want_sw && out_q == 5'd0;
  wire cur      = owner_q ^ sw;
  wire blocked  = want_sw && !sw;
  wire cur_stb  = (cur ? rx_stb : tx_stb) && !blocked;
  wire take     = cur_stb && !dma_stall_i;
  wire resp     = dma_ack_i || dma_err_i;
  wire eng_stall = dma_stall_i || blocked;

  always @(*) begin
    owner_d = cur;
    if (sw) begin
      beats_d = {4'd0, take};
    end else begin
      beats_d = (take && beats_q != 5'd31) ? beats_q + 5'd1 : beats_q;
    end
    out_d = out_q + {4'd0, take} - {4'd0, resp};
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      owner_q <= 1'b0;
      beats_q <= 5'd0;
      out_q   <= 5'd0;
    end else begin
      owner_q <= owner_d;
      beats_q <= beats_d;
      out_q   <= out_d;
    end
  end

  assign dma_cyc_o = cur ? rx_cyc : tx_cyc;
  assign dma_stb_o = cur_stb;
  assign dma_we_o  = cur ? rx_we : tx_we;
  assign dma_adr_o = cur ? rx_adr : tx_adr;
  assign dma_sel_o = cur ? rx_sel : tx_sel;
  assign dma_dat_o = cur ? rx_wdat : tx_wdat;

  // ---------------------------------------------------------------- transmit
  wire [31:0] seg_tdata;
  wire [3:0]  seg_tkeep;
  wire        seg_tvalid;
  wire        seg_tready;
  wire        seg_tlast;
  wire [7:0]  seg_vpi;
  wire [15:0] seg_vci;
  wire [7:0]  seg_uu;
  wire        seg_clp;

  soc_nic_tx #(
    .FifoDepth (TxFifoDepth),
    .DmaBase   (DmaBase),
    .DmaMask   (DmaMask)
  ) u_tx (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .en_i           (tx_en_q),
    .ring_base_i    (tx_base_q),
    .ring_size_i    (tx_size_q),
    .tail_i         (tx_tail_q),
    .ring_reset_i   (tx_reset),
    .head_o         (tx_head),
    .busy_o         (tx_busy),
    .done_o         (tx_done),
    .sent_o         (tx_sent),
    .halt_o         (tx_halt),
    .desc_adr_o     (tx_desc),
    .dma_cyc_o      (tx_cyc),
    .dma_stb_o      (tx_stb),
    .dma_we_o       (tx_we),
    .dma_adr_o      (tx_adr),
    .dma_sel_o      (tx_sel),
    .dma_dat_o      (tx_wdat),
    .dma_stall_i    (cur ? 1'b1 : eng_stall),
    .dma_ack_i      (!cur && dma_ack_i),
    .dma_err_i      (!cur && dma_err_i),
    .dma_dat_i      (dma_dat_i),
    .m_pdu_tdata_o  (seg_tdata),
    .m_pdu_tkeep_o  (seg_tkeep),
    .m_pdu_tvalid_o (seg_tvalid),
    .m_pdu_tready_i (seg_tready),
    .m_pdu_tlast_o  (seg_tlast),
    .m_pdu_vpi_o    (seg_vpi),
    .m_pdu_vci_o    (seg_vci),
    .m_pdu_uu_o     (seg_uu),
    .m_pdu_clp_o    (seg_clp)
  );

  atm_aal5_seg u_seg (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .s_pdu_tdata_i   (seg_tdata),
    .s_pdu_tkeep_i   (seg_tkeep),
    .s_pdu_tvalid_i  (seg_tvalid),
    .s_pdu_tready_o  (seg_tready),
    .s_pdu_tlast_i   (seg_tlast),
    .s_pdu_vpi_i     (seg_vpi),
    .s_pdu_vci_i     (seg_vci),
    .s_pdu_uu_i      (seg_uu),
    .s_pdu_clp_i     (seg_clp),
    .m_cell_tdata_o  (m_cell_tdata_o),
    .m_cell_tvalid_o (m_cell_tvalid_o),
    .m_cell_tready_i (m_cell_tready_i),
    .m_cell_tlast_o  (m_cell_tlast_o),
    .stat_pdus_o     (),
    .stat_oversize_o ()
  );

  // ---------------------------------------------------------------- receive
  wire [31:0]       ras_tdata;
  wire [3:0]        ras_tkeep;
  wire              ras_tvalid;
  wire              ras_tready;
  wire              ras_tlast;
  wire [7:0]        ras_vpi;
  wire [15:0]       ras_vci;
  wire [7:0]        ras_uu;
  wire [15:0]       ras_len;

  atm_aal5_reasm #(
    .IndexBits (VcBits),
    .NumCells  (PoolCells),
    .DescDepth (RxQueue)
  ) u_reasm (
    .clk_i                (clk_i),
    .rst_ni               (rst_ni),
    .s_cell_tdata_i       (s_cell_tdata_i),
    .s_cell_tvalid_i      (s_cell_tvalid_i),
    .s_cell_tready_o      (s_cell_tready_o),
    .s_cell_tlast_i       (s_cell_tlast_i),
    .m_pdu_tdata_o        (ras_tdata),
    .m_pdu_tkeep_o        (ras_tkeep),
    .m_pdu_tvalid_o       (ras_tvalid),
    .m_pdu_tready_i       (ras_tready),
    .m_pdu_tlast_o        (ras_tlast),
    .m_pdu_vpi_o          (ras_vpi),
    .m_pdu_vci_o          (ras_vci),
    .m_pdu_index_o        (),
    .m_pdu_uu_o           (ras_uu),
    .m_pdu_len_o          (ras_len),
    .cfg_valid_i          (vc_pend_q),
    .cfg_ready_o          (vc_ready),
    .cfg_open_i           (vc_open_q),
    .cfg_vpi_i            (vc_vpi_q),
    .cfg_vci_i            (vc_vci_q),
    .cfg_max_pdu_bytes_i  (max_pdu_q),
    .cfg_timeout_i        ({2'd0, timeout_q}),
    .tick_i               (tick && timeout_q != 14'd0),
    .stat_pdus_o          (),
    .stat_drop_crc_o      (st_crc),
    .stat_drop_len_o      (st_len),
    .stat_drop_oversize_o (st_over),
    .stat_drop_timeout_o  (st_tmo),
    .stat_drop_buffer_o   (st_pool),
    .stat_drop_noctx_o    (st_noctx),
    .stat_bad_cells_o     (st_bad)
  );

  soc_nic_rx u_rx (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .en_i           (rx_en_q),
    .ring_base_i    (rx_base_q),
    .ring_size_i    (rx_size_q),
    .tail_i         (rx_tail_q),
    .ring_reset_i   (rx_reset),
    .head_o         (rx_head),
    .busy_o         (rx_busy),
    .pdu_o          (rx_pdu),
    .drop_nodesc_o  (rx_nodesc),
    .drop_toobig_o  (rx_toobig),
    .drop_dma_o     (rx_dmadrop),
    .halt_o         (rx_halt),
    .desc_adr_o     (rx_desc),
    .dma_cyc_o      (rx_cyc),
    .dma_stb_o      (rx_stb),
    .dma_we_o       (rx_we),
    .dma_adr_o      (rx_adr),
    .dma_sel_o      (rx_sel),
    .dma_dat_o      (rx_wdat),
    .dma_stall_i    (cur ? eng_stall : 1'b1),
    .dma_ack_i      (cur && dma_ack_i),
    .dma_err_i      (cur && dma_err_i),
    .dma_dat_i      (dma_dat_i),
    .s_pdu_tdata_i  (ras_tdata),
    .s_pdu_tkeep_i  (ras_tkeep),
    .s_pdu_tvalid_i (ras_tvalid),
    .s_pdu_tready_o (ras_tready),
    .s_pdu_tlast_i  (ras_tlast),
    .s_pdu_vpi_i    (ras_vpi),
    .s_pdu_vci_i    (ras_vci),
    .s_pdu_uu_i     (ras_uu),
    .s_pdu_len_i    (ras_len)
  );

endmodule
`default_nettype wire
