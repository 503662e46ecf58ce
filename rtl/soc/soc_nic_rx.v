`default_nettype none
// soc_nic_rx: the NIC's receive engine. It takes each checked PDU from the reassembler
// (s_pdu_*, the AAL5 PDU stream with its VC, UU and length known from the first word)
// and puts it into the next free buffer of the receive descriptor ring in RAM
// (doc/wire_formats.md, "NIC descriptors"): it reads the descriptor at the head (ADDR,
// SIZE), writes the PDU's words into the buffer through its DMA master in memory byte
// order (byte 0 at the buffer address, bits 7:0 of the little-endian bus word; byte
// selects from tkeep on the last word), then writes the descriptor's VC word and STATUS word
// (DONE, UU, length), in that order, and advances the head. A PDU is dropped, drained
// from the reassembler and counted by one pulse when receive is disabled or no
// descriptor is free (head equal to the tail that software wrote: drop_nodesc_o), when
// it is longer than the buffer (drop_toobig_o; the descriptor stays free for the next
// PDU), or when a bus error (ERR) answers any access of it (drop_dma_o): that also
// halts the engine (halt_o, the register block then clears CTRL.RX_EN), with no
// STATUS written and the head unchanged.
//
// DMA: Wishbone B4 pipelined master; writes are posted one a cycle, their answers
// counted; the descriptor's VC and STATUS are written only after every data write has
// been answered, so a STATUS with DONE set means the whole PDU is in memory.
// Throughput: one PDU word a cycle while the bus grants one, the reassembler's output
// rate. Per PDU: 2 descriptor reads and 2 writes, about 10 cycles with a memory that
// answers in one cycle. Latency: the first data write leaves 4 cycles after the
// reassembler offers the PDU's first word (descriptor read, SIZE check), the STATUS 3
// cycles after the last data write is answered.
// Assumptions: bits 1:0 of a buffer address and bits 3:0 of the ring base are ignored.
module soc_nic_rx (
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
  output wire        pdu_o,          // a PDU was stored (pulse)
  output wire        drop_nodesc_o,  // drops, one pulse a PDU
  output wire        drop_toobig_o,
  output wire        drop_dma_o,
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
  // PDU stream from the reassembler.
  input  wire [31:0] s_pdu_tdata_i,
  input  wire [3:0]  s_pdu_tkeep_i,
  input  wire        s_pdu_tvalid_i,
  output wire        s_pdu_tready_o,
  input  wire        s_pdu_tlast_i,
  input  wire [7:0]  s_pdu_vpi_i,
  input  wire [15:0] s_pdu_vci_i,
  input  wire [7:0]  s_pdu_uu_i,
  input  wire [15:0] s_pdu_len_i
);

  localparam [2:0] StIdle = 3'd0;
  localparam [2:0] StDesc = 3'd1;
  localparam [2:0] StData = 3'd2;
  localparam [2:0] StDrop = 3'd3;
  localparam [2:0] StFin  = 3'd4;
  localparam [2:0] StSize = 3'd5;   // the descriptor read; its SIZE checked from a register

  reg [2:0]  st_q, st_d;
  reg [15:0] head_q, head_d;
  reg [31:0] dadr_q, dadr_d;
  reg [1:0]  n_iss_q, n_iss_d;
  reg [1:0]  n_ack_q, n_ack_d;
  reg [31:0] buf_q, buf_d;
  reg [15:0] len_q, len_d;
  reg [7:0]  vpi_q, vpi_d;
  reg [15:0] vci_q, vci_d;
  reg [7:0]  uu_q, uu_d;
  reg [13:0] widx_q, widx_d;
  reg [2:0]  out_q, out_d;         // writes outstanding (at most 4 with a 1-cycle memory)
  reg        err_q, err_d;
  reg        pdu_q, pdu_d;
  reg        nodesc_q, nodesc_d;
  reg        toobig_q, toobig_d;
  reg        big_q, big_d;         // the PDU is longer than the descriptor's buffer
  reg        dma_q, dma_d;
  reg        halt_q, halt_d;

  reg        stb;
  reg        we;
  reg [31:0] adr_q, adr_d;   // the request's address (see adr_of)
  reg [3:0]  sel;
  reg [31:0] wdat;
  wire       tready;

  wire        resp    = dma_ack_i || dma_err_i;
  wire        take    = stb && !dma_stall_i;
  wire        moved   = s_pdu_tvalid_i && tready;
  wire [15:0] head_nx = (head_q + 16'd1 >= ring_size_i) ? 16'd0 : head_q + 16'd1;

  // Requests of this cycle: from the state and the PDU stream, never from the bus's
  // answers.
  wire fin_err = n_iss_q == 2'd0 && out_q == 3'd0 && err_q;
  // The address a state requests: the descriptor's words, the buffer's, VC and
  // STATUS. It is registered from the next state (adr_q), so that the bus's address
  // comes from a flip-flop and not after these adders. The buffer's base is buf_q:
  // StData is entered from StSize only, when it is final, so that the register does
  // not wait for a descriptor word's answer.
  function automatic [31:0] adr_of(input [2:0] st, input [31:0] dadr, input [1:0] n_iss,
                                   input [31:0] bufa, input [13:0] widx);
    case (st)
      StDesc:  adr_of = dadr + {28'd0, n_iss, 2'b00};
      StData:  adr_of = bufa + {16'd0, widx, 2'b00};
      StFin:   adr_of = dadr + 32'd8 + {28'd0, n_iss, 2'b00};
      default: adr_of = dadr;
    endcase
  endfunction

  always @(*) begin
    stb  = 1'b0;
    we   = 1'b0;
    sel  = 4'b1111;
    wdat = 32'd0;
    case (st_q)
      StDesc: begin
        stb = n_iss_q < 2'd2;
      end
      StData: begin
        // Empty words (a 0-byte PDU) and the rest of a PDU after a bus error are taken
        // without a write.
        stb  = s_pdu_tvalid_i && s_pdu_tkeep_i != 4'd0 && !err_q && out_q != 3'd7;
        we   = 1'b1;
        // Wire order (byte 0 in bits 31:24) to memory order (byte 0 in bits 7:0).
        sel  = {s_pdu_tkeep_i[0], s_pdu_tkeep_i[1], s_pdu_tkeep_i[2], s_pdu_tkeep_i[3]};
        wdat = {s_pdu_tdata_i[7:0], s_pdu_tdata_i[15:8], s_pdu_tdata_i[23:16],
                s_pdu_tdata_i[31:24]};
      end
      StFin: begin
        // VC then STATUS, once every data write is answered.
        stb  = !fin_err && (n_iss_q != 2'd0 || out_q == 3'd0) && n_iss_q != 2'd2;
        we   = 1'b1;
        wdat = (n_iss_q == 2'd0) ? {4'd0, vpi_q, vci_q, 4'd0}
                                 : {1'b1, 3'd0, 4'd0, uu_q, len_q};
      end
      default: ;
    endcase
  end

  assign tready = (st_q == StDrop) ||
                  ((st_q == StData) && ((s_pdu_tkeep_i == 4'd0 || err_q) || (stb && !dma_stall_i)));

  always @(*) begin
    st_d     = st_q;
    head_d   = head_q;
    dadr_d   = dadr_q;
    n_iss_d  = n_iss_q;
    n_ack_d  = n_ack_q;
    buf_d    = buf_q;
    len_d    = len_q;
    vpi_d    = vpi_q;
    vci_d    = vci_q;
    uu_d     = uu_q;
    widx_d   = widx_q;
    big_d    = big_q;
    err_d    = err_q || dma_err_i;
    pdu_d    = 1'b0;
    nodesc_d = 1'b0;
    toobig_d = 1'b0;
    dma_d    = 1'b0;
    halt_d   = 1'b0;

    case (st_q)
      StIdle: begin
        if (s_pdu_tvalid_i) begin
          len_d   = s_pdu_len_i;
          vpi_d   = s_pdu_vpi_i;
          vci_d   = s_pdu_vci_i;
          uu_d    = s_pdu_uu_i;
          err_d   = 1'b0;
          n_iss_d = 2'd0;
          n_ack_d = 2'd0;
          dadr_d  = {ring_base_i, 4'd0} + {12'd0, head_q, 4'd0};
          if (!en_i || head_q == tail_i) begin
            st_d     = StDrop;
            nodesc_d = 1'b1;
          end else begin
            st_d = StDesc;
          end
        end
      end
      StDesc: begin
        if (take) n_iss_d = n_iss_q + 2'd1;
        if (resp) begin
          n_ack_d = n_ack_q + 2'd1;
          if (n_ack_q == 2'd0) begin
            buf_d = {dma_dat_i[31:2], 2'b00};
          end else begin
            widx_d = 14'd0;
            big_d  = len_q > dma_dat_i[15:0];
            st_d   = StSize;
          end
        end
      end
      StSize: begin
        if (err_q) begin
          st_d   = StDrop;
          dma_d  = 1'b1;
          halt_d = 1'b1;
        end else if (big_q) begin
          st_d     = StDrop;
          toobig_d = 1'b1;
        end else begin
          st_d = StData;
        end
      end
      StData: begin
        if (moved) begin
          widx_d = widx_q + 14'd1;
          if (s_pdu_tlast_i) begin
            st_d    = StFin;
            n_iss_d = 2'd0;
            n_ack_d = 2'd0;
          end
        end
      end
      StDrop: begin
        if (moved && s_pdu_tlast_i) st_d = StIdle;
      end
      default: begin  // StFin
        if (fin_err) begin
          st_d   = StIdle;
          dma_d  = 1'b1;
          halt_d = 1'b1;
        end else begin
          if (take) n_iss_d = n_iss_q + 2'd1;
          if (resp && n_iss_q != 2'd0) begin
            n_ack_d = n_ack_q + 2'd1;
            if (n_ack_q == 2'd1) begin
              st_d = StIdle;
              if (err_q || dma_err_i) begin
                dma_d  = 1'b1;
                halt_d = 1'b1;
              end else begin
                head_d = head_nx;
                pdu_d  = 1'b1;
              end
            end
          end
        end
      end
    endcase

    if (ring_reset_i) head_d = 16'd0;
    adr_d = adr_of(st_d, dadr_d, n_iss_d, buf_q, widx_d);
    out_d = out_q + {2'd0, take} - {2'd0, resp};
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q     <= StIdle;
      head_q   <= 16'd0;
      dadr_q   <= 32'd0;
      n_iss_q  <= 2'd0;
      n_ack_q  <= 2'd0;
      buf_q    <= 32'd0;
      len_q    <= 16'd0;
      vpi_q    <= 8'd0;
      vci_q    <= 16'd0;
      uu_q     <= 8'd0;
      widx_q   <= 14'd0;
      adr_q    <= 32'd0;
      out_q    <= 3'd0;
      err_q    <= 1'b0;
      pdu_q    <= 1'b0;
      nodesc_q <= 1'b0;
      toobig_q <= 1'b0;
      big_q    <= 1'b0;
      dma_q    <= 1'b0;
      halt_q   <= 1'b0;
    end else begin
      st_q     <= st_d;
      head_q   <= head_d;
      dadr_q   <= dadr_d;
      n_iss_q  <= n_iss_d;
      n_ack_q  <= n_ack_d;
      buf_q    <= buf_d;
      len_q    <= len_d;
      vpi_q    <= vpi_d;
      vci_q    <= vci_d;
      uu_q     <= uu_d;
      widx_q   <= widx_d;
      adr_q    <= adr_d;
      out_q    <= out_d;
      err_q    <= err_d;
      pdu_q    <= pdu_d;
      nodesc_q <= nodesc_d;
      toobig_q <= toobig_d;
      big_q    <= big_d;
      dma_q    <= dma_d;
      halt_q   <= halt_d;
    end
  end

  assign head_o        = head_q;
  assign busy_o        = st_q != StIdle;
  assign pdu_o         = pdu_q;
  assign drop_nodesc_o = nodesc_q;
  assign drop_toobig_o = toobig_q;
  assign drop_dma_o    = dma_q;
  assign halt_o        = halt_q;
  assign desc_adr_o    = dadr_q;

  assign dma_cyc_o = stb || out_q != 3'd0;
  assign dma_stb_o = stb;
  assign dma_we_o  = we;
  assign dma_adr_o = adr_q;
  assign dma_sel_o = sel;
  assign dma_dat_o = wdat;

  assign s_pdu_tready_o = tready;

endmodule
`default_nettype wire
