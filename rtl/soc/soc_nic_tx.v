`default_nettype none
// soc_nic_tx: the NIC's transmit engine. It walks the transmit descriptor ring in RAM
// (doc/wire_formats.md, "NIC descriptors"): while TX is enabled and its head index
// differs from the tail that software wrote, it reads the descriptor at the head
// (words ADDR, LEN, VC), reads the buffer word by word through its DMA master and
// hands the PDU to the segmenter (m_pdu_*, the AAL5 PDU stream with its sideband),
// then writes the descriptor's STATUS word (DONE, ERR, length) and advances the head.
// Buffers are in memory byte order (byte 0 at the buffer address, in bits 7:0 of the
// little-endian bus word); the engine swaps each word into the stream's wire order.
// A buffer that does not lie inside the DMA window (DmaBase/DmaMask) is not read: the
// descriptor comes back with ERR = RANGE and nothing is sent. A bus error (ERR) on any
// access halts the engine: the PDU under way is completed with zero words (the
// segmenter must see its end), no STATUS is written, the head stays, and halt_o pulses
// with the descriptor's address (the register block then clears CTRL.TX_EN).
//
// DMA: Wishbone B4 pipelined master, reads only but for STATUS; several requests may be
// outstanding, answered in order. cyc_o is high while a request is offered or answers
// are due. Buffer reads are limited by a FifoDepth-word buffer: a read is issued only
// while the words buffered plus the reads outstanding stay below FifoDepth.
// Throughput: one buffer word a cycle when the bus grants one, so the segmenter's 12
// words in 13 cycles are kept up with. Per PDU: 3 descriptor reads and one STATUS write,
// about 8 cycles with a memory answering in one cycle. Latency: the first word reaches
// the segmenter 3 cycles after the descriptor's last read is answered.
// Assumptions: the bit 1:0 of a buffer address and bits 3:0 of the ring base are
// ignored (both are word and descriptor aligned); software changes the ring only as
// the ring protocol allows (doc/wire_formats.md).
module soc_nic_tx #(
  // Words buffered between the DMA reads and the segmenter (a power of two, >= 2).
  parameter integer FifoDepth = 8,
  // DMA window: a buffer must satisfy (address & DmaMask) == DmaBase for every byte.
  parameter [31:0] DmaBase = 32'h0,
  // Mask of the DMA window (0: the whole address space).
  parameter [31:0] DmaMask = 32'h0
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  // Ring registers.
  input  wire        en_i,
  input  wire [31:4] ring_base_i,    // descriptor 0 (16-byte aligned)
  input  wire [15:0] ring_size_i,
  input  wire [15:0] tail_i,
  input  wire        ring_reset_i,   // head back to 0 (ring size written)
  output wire [15:0] head_o,
  output wire        busy_o,
  output wire        done_o,         // a descriptor was completed (pulse)
  output wire        sent_o,         // ... and its PDU sent (pulse, with done_o)
  output wire        halt_o,         // a bus error halted the engine (pulse)
  output wire [31:0] desc_adr_o,     // address of the descriptor in work
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
  // PDU stream to the segmenter.
  output wire [31:0] m_pdu_tdata_o,
  output wire [3:0]  m_pdu_tkeep_o,
  output wire        m_pdu_tvalid_o,
  input  wire        m_pdu_tready_i,
  output wire        m_pdu_tlast_o,
  output wire [7:0]  m_pdu_vpi_o,
  output wire [15:0] m_pdu_vci_o,
  output wire [7:0]  m_pdu_uu_o,
  output wire        m_pdu_clp_o
);

  localparam integer PtrBits = $clog2(FifoDepth);
  localparam [PtrBits:0] Depth = FifoDepth[PtrBits:0];

  localparam [1:0] StIdle = 2'd0;
  localparam [1:0] StDesc = 2'd1;
  localparam [1:0] StData = 2'd2;
  localparam [1:0] StStat = 2'd3;

  // STATUS word: DONE, ERR codes.
  localparam [2:0] ErrNone  = 3'd0;
  localparam [2:0] ErrRange = 3'd1;

  reg [1:0]         st_q, st_d;
  reg [15:0]        head_q, head_d;
  reg [31:0]        dadr_q, dadr_d;      // descriptor address
  reg [1:0]         n_iss_q, n_iss_d;    // descriptor words requested
  reg [1:0]         n_ack_q, n_ack_d;    // descriptor words answered
  reg [31:0]        buf_q, buf_d;
  reg [15:0]        len_q, len_d;
  reg [7:0]         uu_q, uu_d;
  reg [7:0]         vpi_q, vpi_d;
  reg [15:0]        vci_q, vci_d;
  reg               clp_q, clp_d;
  reg [14:0]        rd_q, rd_d;          // buffer words requested
  reg [14:0]        fed_q, fed_d;        // buffer words given to the segmenter
  reg [PtrBits:0]   out_q, out_d;        // requests outstanding
  reg               err_q, err_d;        // a bus error in this descriptor
  reg               range_q, range_d;    // buffer outside the DMA window
  reg [31:0]        fifo_q [0:FifoDepth-1];
  reg [PtrBits-1:0] wp_q, wp_d;
  reg [PtrBits-1:0] rp_q, rp_d;
  reg [PtrBits:0]   cnt_q, cnt_d;
  // StData's request conditions, registered from the values they depend on (buf_q and
  // len_q are final before StData starts: LEN is the descriptor's second word, the
  // third's answer moves to StData), so that the bus request comes from flip-flops:
  reg               win_q;               // the buffer is inside the DMA window
  reg               more_q, more_d;      // buffer words left to request
  reg               room_q, room_d;      // the word buffer has room for one more
  reg               done_q, done_d;
  reg               sent_q, sent_d;
  reg               halt_q, halt_d;

  reg               stb;
  reg               we;
  reg [31:0]        adr_q, adr_d;   // the request's address (see adr_of)
  reg [31:0]        wdat;
  reg               push;

  wire        resp    = dma_ack_i || dma_err_i;
  wire        take    = stb && !dma_stall_i;
  wire [15:0] head_nx = (head_q + 16'd1 >= ring_size_i) ? 16'd0 : head_q + 16'd1;
  wire [14:0] words   = len_q[15:2] + {14'd0, len_q[1:0] != 2'd0};
  wire        zero    = len_q == 16'd0;
  wire        last    = zero || (fed_q + 15'd1 == words);
  wire        tvalid  = (st_q == StData) && (zero || cnt_q != {(PtrBits+1){1'b0}});
  wire        fed     = tvalid && m_pdu_tready_i;
  reg  [3:0]  keep_last;
  always @(*) begin
    case (len_q[1:0])
      2'd1:    keep_last = 4'b1000;
      2'd2:    keep_last = 4'b1100;
      2'd3:    keep_last = 4'b1110;
      default: keep_last = zero ? 4'b0000 : 4'b1111;
    endcase
  end

  // Window check of the first and the last byte of the buffer (the window is a
  // power-of-two aligned block, so both inside means all inside).
  wire [31:0] last_b  = {buf_q[31:2], 2'b00} + {16'd0, len_q} - 32'd1;
  wire        in_win  = zero || (((({buf_q[31:2], 2'b00} & DmaMask) == DmaBase)) &&
                                 ((last_b & DmaMask) == DmaBase));

  // The address a state requests: the descriptor's words, the buffer's, the status
  // word. It is registered from the next state (adr_q), so that the bus's address
  // comes from a flip-flop and not after these adders. The buffer's base is buf_q:
  // StData is entered when the descriptor's last word is answered, after ADDR's, so
  // that the register does not wait for a descriptor word's answer.
  function automatic [31:0] adr_of(input [1:0] st, input [31:0] dadr, input [1:0] n_iss,
                                   input [29:0] bufw, input [14:0] rd);
    case (st)
      StDesc:  adr_of = dadr + {28'd0, n_iss, 2'b00};
      StData:  adr_of = {bufw, 2'b00} + {15'd0, rd, 2'b00};
      StStat:  adr_of = dadr + 32'd12;
      default: adr_of = dadr;
    endcase
  endfunction

  // Requests of this cycle: from the state alone, never from the bus's answers.
  always @(*) begin
    stb  = 1'b0;
    we   = 1'b0;
    wdat = 32'd0;
    case (st_q)
      StDesc: begin
        stb = n_iss_q != 2'd3;
      end
      StData: begin
        stb = win_q && more_q && room_q;
      end
      StStat: begin
        stb  = n_iss_q == 2'd0;
        we   = 1'b1;
        wdat = {1'b1, range_q ? ErrRange : ErrNone, 12'd0, range_q ? 16'd0 : len_q};
      end
      default: ;
    endcase
  end

  always @(*) begin
    st_d    = st_q;
    head_d  = head_q;
    dadr_d  = dadr_q;
    n_iss_d = n_iss_q;
    n_ack_d = n_ack_q;
    buf_d   = buf_q;
    len_d   = len_q;
    uu_d    = uu_q;
    vpi_d   = vpi_q;
    vci_d   = vci_q;
    clp_d   = clp_q;
    rd_d    = rd_q;
    fed_d   = fed_q;
    err_d   = err_q;
    range_d = range_q;
    done_d  = 1'b0;
    sent_d  = 1'b0;
    halt_d  = 1'b0;
    push    = 1'b0;

    case (st_q)
      StIdle: begin
        if (en_i && head_q != tail_i) begin
          st_d    = StDesc;
          dadr_d  = {ring_base_i, 4'd0} + {12'd0, head_q, 4'd0};
          n_iss_d = 2'd0;
          n_ack_d = 2'd0;
          err_d   = 1'b0;
        end
      end
      StDesc: begin
        if (take) n_iss_d = n_iss_q + 2'd1;
        if (resp) begin
          n_ack_d = n_ack_q + 2'd1;
          if (dma_err_i) err_d = 1'b1;
          case (n_ack_q)
            2'd0: buf_d = dma_dat_i;
            2'd1: begin
              len_d = dma_dat_i[15:0];
              uu_d  = dma_dat_i[23:16];
            end
            default: begin
              vpi_d = dma_dat_i[27:20];
              vci_d = dma_dat_i[19:4];
              clp_d = dma_dat_i[0];
            end
          endcase
          if (n_ack_q == 2'd2) begin
            rd_d  = 15'd0;
            fed_d = 15'd0;
            if (err_q || dma_err_i) begin
              st_d   = StIdle;
              halt_d = 1'b1;
            end else begin
              st_d = StData;     // the window is checked there, once LEN is in
            end
          end
        end
      end
      StData: begin
        if (!win_q) begin
          // Checked before anything is read: refuse the buffer.
          range_d = 1'b1;
          n_iss_d = 2'd0;
          st_d    = StStat;
        end else begin
          if (take) rd_d = rd_q + 15'd1;
          if (resp) begin
            push = 1'b1;
            if (dma_err_i) err_d = 1'b1;
          end
          if (fed) begin
            fed_d = fed_q + 15'd1;
            if (last) begin
              if (err_q) begin
                st_d   = StIdle;
                halt_d = 1'b1;
              end else begin
                n_iss_d = 2'd0;
                st_d    = StStat;
              end
            end
          end
        end
      end
      default: begin  // StStat
        if (take) n_iss_d = 2'd1;     // one write
        if (resp) begin
          range_d = 1'b0;
          st_d    = StIdle;
          if (dma_err_i) begin
            halt_d = 1'b1;
          end else begin
            head_d = head_nx;
            done_d = 1'b1;
            sent_d = !range_q;
          end
        end
      end
    endcase

    if (ring_reset_i) head_d = 16'd0;
    adr_d = adr_of(st_d, dadr_d, n_iss_d, buf_q[31:2], rd_d);
  end

  // Outstanding requests and the word buffer.
  always @(*) begin
    out_d = out_q + {{PtrBits{1'b0}}, take} - {{PtrBits{1'b0}}, resp};
    wp_d  = push ? wp_q + 1'b1 : wp_q;
    rp_d  = (fed && !zero) ? rp_q + 1'b1 : rp_q;
    cnt_d = cnt_q + {{PtrBits{1'b0}}, push} - {{PtrBits{1'b0}}, fed && !zero};
    room_d = (cnt_d + out_d) < Depth;
    more_d = rd_d != words;
  end

  always @(posedge clk_i) begin
    // Memory is little-endian (byte 0 of the buffer in bits 7:0), the PDU stream is in
    // wire order (byte 0 in bits 31:24).
    if (push) fifo_q[wp_q] <= dma_err_i ? 32'd0 : {dma_dat_i[7:0], dma_dat_i[15:8],
                                                   dma_dat_i[23:16], dma_dat_i[31:24]};
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q    <= StIdle;
      head_q  <= 16'd0;
      dadr_q  <= 32'd0;
      n_iss_q <= 2'd0;
      n_ack_q <= 2'd0;
      buf_q   <= 32'd0;
      len_q   <= 16'd0;
      uu_q    <= 8'd0;
      vpi_q   <= 8'd0;
      vci_q   <= 16'd0;
      clp_q   <= 1'b0;
      rd_q    <= 15'd0;
      adr_q   <= 32'd0;
      fed_q   <= 15'd0;
      out_q   <= {(PtrBits+1){1'b0}};
      err_q   <= 1'b0;
      range_q <= 1'b0;
      wp_q    <= {PtrBits{1'b0}};
      rp_q    <= {PtrBits{1'b0}};
      cnt_q   <= {(PtrBits+1){1'b0}};
      win_q   <= 1'b0;
      more_q  <= 1'b0;
      room_q  <= 1'b0;
      done_q  <= 1'b0;
      sent_q  <= 1'b0;
      halt_q  <= 1'b0;
    end else begin
      st_q    <= st_d;
      head_q  <= head_d;
      dadr_q  <= dadr_d;
      n_iss_q <= n_iss_d;
      n_ack_q <= n_ack_d;
      buf_q   <= buf_d;
      len_q   <= len_d;
      uu_q    <= uu_d;
      vpi_q   <= vpi_d;
      vci_q   <= vci_d;
      clp_q   <= clp_d;
      rd_q    <= rd_d;
      adr_q   <= adr_d;
      fed_q   <= fed_d;
      out_q   <= out_d;
      err_q   <= err_d;
      range_q <= range_d;
      wp_q    <= wp_d;
      rp_q    <= rp_d;
      cnt_q   <= cnt_d;
      win_q   <= in_win;
      more_q  <= more_d;
      room_q  <= room_d;
      done_q  <= done_d;
      sent_q  <= sent_d;
      halt_q  <= halt_d;
    end
  end

  assign head_o     = head_q;
  assign busy_o     = st_q != StIdle;
  assign done_o     = done_q;
  assign sent_o     = sent_q;
  assign halt_o     = halt_q;
  assign desc_adr_o = dadr_q;

  assign dma_cyc_o = stb || out_q != {(PtrBits+1){1'b0}};
  assign dma_stb_o = stb;
  assign dma_we_o  = we;
  assign dma_adr_o = adr_q;
  assign dma_sel_o = 4'b1111;
  assign dma_dat_o = wdat;

  assign m_pdu_tdata_o  = zero ? 32'd0 : fifo_q[rp_q];
  assign m_pdu_tkeep_o  = last ? keep_last : 4'b1111;
  assign m_pdu_tvalid_o = tvalid;
  assign m_pdu_tlast_o  = last;
  assign m_pdu_vpi_o    = vpi_q;
  assign m_pdu_vci_o    = vci_q;
  assign m_pdu_uu_o     = uu_q;
  assign m_pdu_clp_o    = clp_q;

endmodule
`default_nettype wire
