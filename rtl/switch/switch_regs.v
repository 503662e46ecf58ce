`default_nettype none
`include "pegasus_memory_map.vh"
// switch_regs: the switch's management port on the SoC bus (Wishbone B4, 32-bit, byte
// selects; the SWITCH region of rtl/soc/memory_map.yaml, wb_adr_i is the byte offset in
// that region). Classic cycles with one wait state: a request (cyc & stb) is taken in
// the cycle it appears and acked the next cycle; wb_stall_o is high in the cycle a
// request is taken, so a pipelined master also works (one transfer every two cycles).
// Holds the control and interrupt registers, the staging translation entry, the
// per-port counters (cells in, out, and dropped by reason and class; 32-bit, wrapping)
// and the commit engine. After reset the engine clears every port's translation table
// (2^TableBits cycles, TBL_STATUS.READY then set; the ports take no cells before). A
// write to TBL_CMD starts a commit: WRITE puts the NumPorts staged headers into the
// entry's unused header bank (one a cycle), then writes the entry with the new bank in
// one cycle (swap); REMOVE only writes the entry invalid. The engine then waits until
// the port has no cell that read the table before the swap still being taken in or
// enqueued (stale_i), and only then clears BUSY, so a following commit cannot rewrite
// a bank that such a cell still reads. A commit therefore takes NumPorts + 3 cycles
// plus at most the time for one cell to arrive and be enqueued. TBL_CMD writes while
// BUSY are ignored, and the staging registers must not change while BUSY.
module switch_regs #(
  // Number of ports.
  parameter integer NumPorts = 4,
  // log2 of the translation-table entries per input port.
  parameter integer TableBits = 6,
  // Cell slots of each input buffer (shown in INFO).
  parameter integer BufCells = 16,
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
  output wire [NumPorts+26:0]            tbl_wdata_o,
  output wire [NumPorts-1:0]             hdr_we_o,
  output wire [TableBits+$clog2(NumPorts):0] hdr_waddr_o,
  output wire [23:0]                     hdr_wdata_o,
  output wire [NumPorts-1:0]             swap_o,
  input  wire [NumPorts-1:0]             stale_i,
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
  localparam [2:0] StInit  = 3'd0;
  localparam [2:0] StIdle  = 3'd1;
  localparam [2:0] StHdr   = 3'd2;
  localparam [2:0] StSwap  = 3'd3;
  localparam [2:0] StWait  = 3'd4;
  localparam [2:0] StDrain = 3'd5;
  localparam [1:0] OpWrite  = 2'd1;
  localparam [1:0] OpRemove = 2'd2;
  localparam [7:0] NumPorts8 = NumPorts[7:0];
  localparam integer LastPortI = NumPorts - 1;
  localparam [PortBits-1:0] LastPort = LastPortI[PortBits-1:0];
  localparam [15:0] CntInOff = `PEGASUS_SWITCH_CNT_IN_OFFSET;
  localparam [2:0] CntInWord = CntInOff[4:2];
  localparam [31:0] Info = (NumPorts & 32'hFF) | ((TableBits & 32'hFF) << 8) |
                           ((BufCells & 32'hFF) << 16) | ((Iterations & 32'hFF) << 24);

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
  reg [TableBits-1:0]       init_idx_q, init_idx_d;
  reg [PortBits-1:0]        c_port_q, c_port_d;
  reg [1:0]                 c_op_q, c_op_d;
  reg [PortBits-1:0]        c_j_q, c_j_d;
  reg                       c_bank_q, c_bank_d;
  reg [23:0]                c_key_q, c_key_d;
  reg [NumPorts-1:0]        c_mask_q, c_mask_d;
  reg                       c_guar_q, c_guar_d;
  reg [NumPorts*Entries-1:0] bank_q, bank_d;
  // Counters, NumCnt per port: in, out, no VC, format, full G, full BE, CLP G, CLP BE.
  reg [NumPorts*NumCnt*32-1:0] cnt_q, cnt_d;

  reg                       req;
  reg [31:0]                wmask;
  reg [31:0]                rd;
  reg [NumPorts-1:0]        tbl_we;
  reg [TableBits-1:0]       tbl_waddr;
  reg [NumPorts+26:0]       tbl_wdata;
  reg [NumPorts-1:0]        hdr_we;
  reg [NumPorts-1:0]        swap;
  reg [NumCnt-1:0]          ev;
  reg [PortBits-1:0]        new_port;
  integer                   p;
  integer                   c;

  wire [TableBits-1:0] c_idx = c_key_q[TableBits-1:0];
  wire [PortBits-1:0]  cnt_port = cntsel_q[PortBits-1:0];
  wire                 cnt_ok = cntsel_q < NumPorts8;
  wire [15:0]          reg_off = {8'd0, wb_adr_i[7:2], 2'b00};
  // Counter number: word offset from CNT_IN, modulo 8 (the eight counters are consecutive).
  wire [2:0]           cnt_word = wb_adr_i[4:2] - CntInWord;
  wire [17:0]          unused_bits = {wb_adr_i[15:8], wb_adr_i[1:0], wb_dat_i[31:28], wmask[31:28]};

  always @(*) begin
    p = 0;
    c = 0;
    req   = wb_cyc_i && wb_stb_i && !ack_q;
    wmask = {{8{wb_sel_i[3]}}, {8{wb_sel_i[2]}}, {8{wb_sel_i[1]}}, {8{wb_sel_i[0]}}};
    ack_d = req;
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
    c_key_d    = c_key_q;
    c_mask_d   = c_mask_q;
    c_guar_d   = c_guar_q;
    bank_d     = bank_q;
    cnt_d      = cnt_q;
    tbl_we     = {NumPorts{1'b0}};
    tbl_waddr  = c_idx;
    tbl_wdata  = {(NumPorts+27){1'b0}};
    hdr_we     = {NumPorts{1'b0}};
    swap       = {NumPorts{1'b0}};
    new_port   = wb_dat_i[PortBits-1:0];

    // ---- counters and the drop interrupt
    for (p = 0; p < NumPorts; p = p + 1) begin
      ev[0] = ev_in_i[p];
      ev[1] = ev_out_i[p];
      ev[2] = ev_drop_novc_i[p];
      ev[3] = ev_drop_fmt_i[p];
      ev[4] = ev_drop_full_i[p] & ev_guar_i[p];
      ev[5] = ev_drop_full_i[p] & ~ev_guar_i[p];
      ev[6] = ev_drop_clp_i[p] & ev_guar_i[p];
      ev[7] = ev_drop_clp_i[p] & ~ev_guar_i[p];
      for (c = 0; c < NumCnt; c = c + 1) begin
        if (ev[c]) begin
          cnt_d[(p*NumCnt+c)*32 +: 32] = cnt_q[(p*NumCnt+c)*32 +: 32] + 32'd1;
        end
      end
      if (ev_drop_novc_i[p] || ev_drop_fmt_i[p] || ev_drop_full_i[p] || ev_drop_clp_i[p]) begin
        irq_st_d = 1'b1;
      end
    end

    // ---- register reads
    rd = 32'd0;
    case (reg_off)
      `PEGASUS_SWITCH_ID_OFFSET:          rd = `PEGASUS_SWITCH_ID_RESET;
      `PEGASUS_SWITCH_CTRL_OFFSET:        rd = {31'd0, ctrl_en_q};
      `PEGASUS_SWITCH_IRQ_STATUS_OFFSET:  rd = {31'd0, irq_st_q};
      `PEGASUS_SWITCH_IRQ_ENABLE_OFFSET:  rd = {31'd0, irq_en_q};
      `PEGASUS_SWITCH_INFO_OFFSET:        rd = Info;
      `PEGASUS_SWITCH_TBL_KEY_OFFSET:     rd = {4'd0, key_q, 4'd0};
      `PEGASUS_SWITCH_TBL_MASK_OFFSET:    rd = {{(32-NumPorts){1'b0}}, mask_q};
      `PEGASUS_SWITCH_TBL_CLASS_OFFSET:   rd = {31'd0, guar_q};
      `PEGASUS_SWITCH_TBL_OUT_SEL_OFFSET: rd = {24'd0, outsel_q};
      `PEGASUS_SWITCH_TBL_OUT_HDR_OFFSET: begin
        if (outsel_q < NumPorts8) begin
          rd = {4'd0, ohdr_q[outsel_q[PortBits-1:0]*24 +: 24], 4'd0};
        end
      end
      `PEGASUS_SWITCH_TBL_STATUS_OFFSET:  rd = {30'd0, st_q != StInit, st_q != StIdle};
      `PEGASUS_SWITCH_CNT_SEL_OFFSET:     rd = {24'd0, cntsel_q};
      `PEGASUS_SWITCH_CNT_BUFFERED_OFFSET: begin
        if (cnt_ok) begin
          rd = {{(31-SlotBits){1'b0}}, buffered_i[cnt_port*(SlotBits+1) +: SlotBits+1]};
        end
      end
      default: begin
        // Counters: CNT_IN .. CNT_DROP_CLP_BE are consecutive words.
        if (reg_off >= `PEGASUS_SWITCH_CNT_IN_OFFSET &&
            reg_off <= `PEGASUS_SWITCH_CNT_DROP_CLP_BE_OFFSET && cnt_ok) begin
          rd = cnt_q[{cnt_port, cnt_word}*32 +: 32];
        end
      end
    endcase
    if (req && !wb_we_i) begin
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
          if (outsel_q < NumPorts8) begin
            ohdr_d[outsel_q[PortBits-1:0]*24 +: 24] =
                (ohdr_q[outsel_q[PortBits-1:0]*24 +: 24] & ~wmask[27:4]) |
                (wb_dat_i[27:4] & wmask[27:4]);
          end
        end
        `PEGASUS_SWITCH_TBL_CMD_OFFSET: begin
          if (st_q == StIdle && wb_sel_i[0] && wb_sel_i[1] && wb_dat_i[7:0] < NumPorts8 &&
              (wb_dat_i[9:8] == OpWrite || wb_dat_i[9:8] == OpRemove)) begin
            c_port_d = new_port;
            c_op_d   = wb_dat_i[9:8];
            c_key_d  = key_q;
            c_mask_d = mask_q;
            c_guar_d = guar_q;
            c_j_d    = {PortBits{1'b0}};
            c_bank_d = ~bank_q[{new_port, key_q[TableBits-1:0]}];
            st_d     = (wb_dat_i[9:8] == OpWrite) ? StHdr : StSwap;
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
        tbl_we     = {NumPorts{1'b1}};
        tbl_waddr  = init_idx_q;
        init_idx_d = init_idx_q + 1'b1;
        if (init_idx_q == {TableBits{1'b1}}) begin
          st_d = StIdle;
        end
      end
      StHdr: begin
        hdr_we[c_port_q] = 1'b1;
        c_j_d = c_j_q + 1'b1;
        if (c_j_q == LastPort) begin
          st_d = StSwap;
        end
      end
      StSwap: begin
        tbl_we[c_port_q] = 1'b1;
        swap[c_port_q]   = 1'b1;
        if (c_op_q == OpWrite) begin
          tbl_wdata = {1'b1, c_key_q, c_guar_q, c_bank_q, c_mask_q};
          bank_d[{c_port_q, c_idx}] = c_bank_q;
        end else begin
          tbl_wdata = {1'b0, c_key_q, 1'b0, bank_q[{c_port_q, c_idx}], {NumPorts{1'b0}}};
        end
        st_d = StWait;
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
      init_idx_q <= {TableBits{1'b0}};
      c_port_q   <= {PortBits{1'b0}};
      c_op_q     <= 2'd0;
      c_j_q      <= {PortBits{1'b0}};
      c_bank_q   <= 1'b0;
      c_key_q    <= 24'd0;
      c_mask_q   <= {NumPorts{1'b0}};
      c_guar_q   <= 1'b0;
      bank_q     <= {NumPorts*Entries{1'b0}};
      cnt_q      <= {NumPorts*NumCnt*32{1'b0}};
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
      c_key_q    <= c_key_d;
      c_mask_q   <= c_mask_d;
      c_guar_q   <= c_guar_d;
      bank_q     <= bank_d;
      cnt_q      <= cnt_d;
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
  assign hdr_wdata_o = ohdr_q[c_j_q*24 +: 24];
  assign swap_o      = swap;

endmodule
`default_nettype wire
