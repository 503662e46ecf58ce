`default_nettype none
// atm_aal5_seg: AAL5 segmentation (ITU-T I.363.5). A PDU of 0..65535 bytes arrives as a
// 32-bit word stream (first byte in bits 31:24, s_pdu_tkeep_i one bit a byte with bit 3
// for byte 0); its VPI, VCI, UU and CLP sideband is sampled with the first word. Cells
// leave on the cell stream (13 words: header without HEC, 12 payload words): the PDU,
// zero pad, and the 8-byte trailer (UU, CPI 0, Length, CRC-32 from common_crc32_aal5)
// in the last 8 bytes of the last cell, whose header has PTI 001 (AUU); GFC is 0.
//
// Input contract: every word but a PDU's last carries 4 bytes (tkeep 4'b1111); the last
// carries 0..4 leading bytes (1111, 1110, 1100, 1000 or 0000). A 0-byte PDU is one word
// with tlast and tkeep 0000 (a last word with tkeep 0000 adds no byte to any PDU).
// Oversize input: the word that would take a PDU past 65535 bytes aborts it. The bytes
// before that word are sent, then pad and a trailer with Length 0 (the AAL5 abort, which
// every receiver drops as a length error); the rest of the input PDU is taken and
// discarded up to its tlast, and stat_oversize_o counts the abort.
//
// Structure: payload words go into one of two 12-word cell banks; a bank is sent
// (header then its 12 words) once it is full, so the header knows whether its cell is
// the last one. Latency: a cell's header leaves one cycle after its 12th payload word
// (or the trailer) is written. Throughput: one cell-stream word a cycle sustained (13
// cycles a cell, PDU after PDU without gaps); the input is taken at 12 words in 13
// cycles then, with one cycle a word of pad or trailer and one more before the CRC
// word (the CRC unit's input is registered); only a PDU whose empty last word
// (tkeep 0000) falls on word 10 of a cell costs the output one cycle. Memory: 24 x 32 bits (block
// RAM, registered read).
module atm_aal5_seg (
  input  wire        clk_i,
  input  wire        rst_ni,
  // PDU word stream in.
  input  wire [31:0] s_pdu_tdata_i,
  input  wire [3:0]  s_pdu_tkeep_i,
  input  wire        s_pdu_tvalid_i,
  output wire        s_pdu_tready_o,
  input  wire        s_pdu_tlast_i,
  // Per-PDU sideband, sampled with the first word of a PDU.
  input  wire [7:0]  s_pdu_vpi_i,
  input  wire [15:0] s_pdu_vci_i,
  input  wire [7:0]  s_pdu_uu_i,
  input  wire        s_pdu_clp_i,
  // Cell stream out.
  output wire [31:0] m_cell_tdata_o,
  output wire        m_cell_tvalid_o,
  input  wire        m_cell_tready_i,
  output wire        m_cell_tlast_o,
  // PDUs whose last cell has been queued, and oversize PDUs aborted (both wrap).
  output wire [31:0] stat_pdus_o,
  output wire [31:0] stat_oversize_o
);

  // Largest PDU in bytes (the Length field's range).
  localparam [16:0] MaxBytes = 17'd65535;
  // Payload words a cell.
  localparam [3:0] LastWord = 4'd11;
  // Word of the cell that carries UU, CPI and Length.
  localparam [3:0] LenWord = 4'd10;

  // Ingest states: PDU words, zero pad, the CRC word, discard of an aborted PDU's rest.
  localparam [1:0] StData = 2'd0;
  localparam [1:0] StPad = 2'd1;
  localparam [1:0] StCrc = 2'd2;
  localparam [1:0] StDrain = 2'd3;

  reg [1:0]  st_q, st_d;
  reg        wbank_q, wbank_d;
  reg [3:0]  wword_q, wword_d;
  reg [1:0]  full_q, full_d;
  reg [16:0] len_q, len_d;
  reg        near_q;
  // The next accepted word is the first of a PDU (sideband sampled then).
  reg        first_q, first_d;
  // The next write to a bank is the first of a PDU (CRC restarts).
  reg        crc_first_q, crc_first_d;
  reg        abort_q, abort_d;
  reg        drain_q, drain_d;
  reg [7:0]  vpi_q, vpi_d;
  reg [15:0] vci_q, vci_d;
  reg [7:0]  uu_q, uu_d;
  reg        clp_q, clp_d;
  // Header fields of the cell in each bank.
  reg [7:0]  bvpi_q [0:1];
  reg [15:0] bvci_q [0:1];
  reg [1:0]  bclp_q, bclp_d;
  reg [1:0]  blast_q, blast_d;
  reg        rbank_q, rbank_d;
  reg [3:0]  rword_q, rword_d;
  reg [31:0] pdus_q, pdus_d;
  // The words written to the banks, registered on their way to the CRC unit.
  reg        crc_valid_q, crc_start_q;
  reg [31:0] crc_data_q;
  reg [31:0] oversize_q, oversize_d;

  reg [31:0] mem_q [0:23];

  reg        wr_en;
  reg [31:0] wr_data;
  reg        close_cell;
  reg        close_last;
  reg        in_ready;
  wire [31:0] crc;

  wire in_fire = s_pdu_tvalid_i && in_ready;
  wire out_fire = full_q[rbank_q] && m_cell_tready_i;

  // Bytes in a word from its tkeep (leading bytes only).
  reg [2:0] in_bytes;
  always @(*) begin
    case (s_pdu_tkeep_i)
      4'b1111: in_bytes = 3'd4;
      4'b1110: in_bytes = 3'd3;
      4'b1100: in_bytes = 3'd2;
      4'b1000: in_bytes = 3'd1;
      default: in_bytes = 3'd0;
    endcase
  end

  wire [31:0] in_masked = s_pdu_tdata_i & {{8{s_pdu_tkeep_i[3]}}, {8{s_pdu_tkeep_i[2]}},
                                           {8{s_pdu_tkeep_i[1]}}, {8{s_pdu_tkeep_i[0]}}};
  // Bytes so far plus this word's; the word overflows the PDU when that passes 65535,
  // which needs len_q >= 65532 (near_q, registered) and the low bits to carry.
  wire [16:0] len_next = len_q + {14'd0, in_bytes};
  wire        overflow = near_q && (({1'b0, len_q[1:0]} + in_bytes) > 3'd3);
  wire        bank_free = !full_q[wbank_q];
  // Bank b's payload word w (0..11) lives at 12*b + w; the read side counts words 0..12
  // with the header as word 0.
  wire [4:0]  rd_addr_next = (rword_d == 4'd0) ? 5'd0
                           : (rbank_d ? 5'd11 : 5'd31) + {1'b0, rword_d};
  reg  [31:0] rd_data_q;
  wire [4:0]  wr_addr = (wbank_q ? 5'd12 : 5'd0) + {1'b0, wword_q};

  always @(*) begin
    st_d        = st_q;
    wbank_d     = wbank_q;
    wword_d     = wword_q;
    len_d       = len_q;
    first_d     = first_q;
    crc_first_d = crc_first_q;
    abort_d     = abort_q;
    drain_d     = drain_q;
    vpi_d       = vpi_q;
    vci_d       = vci_q;
    uu_d        = uu_q;
    clp_d       = clp_q;
    oversize_d  = oversize_q;
    pdus_d      = pdus_q;
    wr_en       = 1'b0;
    wr_data     = 32'd0;
    close_cell  = 1'b0;
    close_last  = 1'b0;
    in_ready    = 1'b0;
    case (st_q)
      StData: begin
        in_ready = bank_free;
        if (in_fire) begin
          first_d = 1'b0;
          if (first_q) begin
            vpi_d = s_pdu_vpi_i;
            vci_d = s_pdu_vci_i;
            uu_d  = s_pdu_uu_i;
            clp_d = s_pdu_clp_i;
          end
          if (overflow) begin
            abort_d    = 1'b1;
            drain_d    = !s_pdu_tlast_i;
            oversize_d = oversize_q + 32'd1;
            st_d       = StPad;
          end else begin
            len_d = len_next;
            // An empty last word is written as the first pad word (zero), saving the
            // pad state a cycle, unless the trailer's Length word is due there.
            if (in_bytes != 3'd0 || wword_q != LenWord) begin
              wr_en   = 1'b1;
              wr_data = in_masked;
            end
            if (s_pdu_tlast_i) st_d = StPad;
          end
        end
      end
      StPad: begin
        if (bank_free) begin
          wr_en   = 1'b1;
          wr_data = (wword_q == LenWord) ? {uu_q, 8'h00, abort_q ? 16'd0 : len_q[15:0]} : 32'd0;
          if (wword_q == LenWord) st_d = StCrc;
        end
      end
      StCrc: begin
        // The CRC unit takes the words one cycle after they are written (a register
        // stage for timing): the trailer's Length word must be in before crc is read.
        if (bank_free && !crc_valid_q) begin
          wr_en      = 1'b1;
          wr_data    = crc;
          close_last = 1'b1;
          pdus_d     = pdus_q + 32'd1;
          first_d    = 1'b1;
          len_d      = 17'd0;
          abort_d    = 1'b0;
          drain_d    = 1'b0;
          st_d       = drain_q ? StDrain : StData;
        end
      end
      default: begin  // StDrain
        in_ready = 1'b1;
        if (in_fire && s_pdu_tlast_i) st_d = StData;
      end
    endcase
    if (wr_en) begin
      crc_first_d = close_last;
      if (wword_q == LastWord) begin
        close_cell = 1'b1;
        wword_d    = 4'd0;
        wbank_d    = !wbank_q;
      end else begin
        wword_d = wword_q + 4'd1;
      end
    end
  end

  wire near_d = (len_d >= MaxBytes - 17'd3);
  wire crc_valid_d = wr_en && (st_q != StCrc);

  // Bank flags: set when the ingest side closes a bank, cleared when its cell has left.
  always @(*) begin
    full_d  = full_q;
    bclp_d  = bclp_q;
    blast_d = blast_q;
    rbank_d = rbank_q;
    rword_d = rword_q;
    if (close_cell) begin
      full_d[wbank_q]  = 1'b1;
      bclp_d[wbank_q]  = clp_q;
      blast_d[wbank_q] = close_last;
    end
    if (out_fire) begin
      if (rword_q == 4'd12) begin
        rword_d          = 4'd0;
        full_d[rbank_q]  = 1'b0;
        rbank_d          = !rbank_q;
      end else begin
        rword_d = rword_q + 4'd1;
      end
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      st_q        <= StData;
      wbank_q     <= 1'b0;
      wword_q     <= 4'd0;
      full_q      <= 2'b00;
      len_q       <= 17'd0;
      near_q      <= 1'b0;
      crc_valid_q <= 1'b0;
      crc_start_q <= 1'b1;
      crc_data_q  <= 32'd0;
      first_q     <= 1'b1;
      crc_first_q <= 1'b1;
      abort_q     <= 1'b0;
      drain_q     <= 1'b0;
      vpi_q       <= 8'd0;
      vci_q       <= 16'd0;
      uu_q        <= 8'd0;
      clp_q       <= 1'b0;
      bclp_q      <= 2'b00;
      blast_q     <= 2'b00;
      rbank_q     <= 1'b0;
      rword_q     <= 4'd0;
      pdus_q      <= 32'd0;
      oversize_q  <= 32'd0;
    end else begin
      st_q        <= st_d;
      wbank_q     <= wbank_d;
      wword_q     <= wword_d;
      full_q      <= full_d;
      len_q       <= len_d;
      near_q      <= near_d;
      crc_valid_q <= crc_valid_d;
      crc_start_q <= crc_first_q;
      crc_data_q  <= wr_data;
      first_q     <= first_d;
      crc_first_q <= crc_first_d;
      abort_q     <= abort_d;
      drain_q     <= drain_d;
      vpi_q       <= vpi_d;
      vci_q       <= vci_d;
      uu_q        <= uu_d;
      clp_q       <= clp_d;
      bclp_q      <= bclp_d;
      blast_q     <= blast_d;
      rbank_q     <= rbank_d;
      rword_q     <= rword_d;
      pdus_q      <= pdus_d;
      oversize_q  <= oversize_d;
    end
  end

  // Cell banks (a block RAM with a registered read) and their VPI/VCI, written by the
  // ingest side only; no reset needed. The read runs one word ahead: rd_data_q holds
  // the word rword_q names. A full bank is never written, so a read never meets a write.
  always @(posedge clk_i) begin
    if (wr_en) begin
      mem_q[wr_addr] <= wr_data;
    end
    rd_data_q <= mem_q[rd_addr_next];
  end
  always @(posedge clk_i) begin
    if (close_cell) begin
      bvpi_q[wbank_q] <= vpi_q;
      bvci_q[wbank_q] <= vci_q;
    end
  end

  common_crc32_aal5 #(
    .DataBytes(4)
  ) u_crc (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .start_i     (crc_start_q),
    .valid_i     (crc_valid_q),
    .data_i      (crc_data_q),
    .keep_i      (4'hF),
    .crc_o       (crc),
    .crc_next_o  (),
    .residue_ok_o()
  );


  assign s_pdu_tready_o  = in_ready;
  assign m_cell_tvalid_o = full_q[rbank_q];
  assign m_cell_tdata_o  = (rword_q == 4'd0)
      ? {4'h0, bvpi_q[rbank_q], bvci_q[rbank_q], 2'b00, blast_q[rbank_q], bclp_q[rbank_q]}
      : rd_data_q;
  assign m_cell_tlast_o  = (rword_q == 4'd12);
  assign stat_pdus_o     = pdus_q;
  assign stat_oversize_o = oversize_q;

endmodule
`default_nettype wire
