`default_nettype none
// atm_link_rx: the receive side of a Pegasus link (doc/wire_formats.md, "Link"). Takes
// one byte per link_valid_i (a link cannot be held back, so there is no ready) and
// delivers the user cells it carries on a cell stream. Cell delineation follows ITU-T
// I.432 byte by byte: HUNT tries every byte as the HEC of the four before it (common_hec
// over a sliding window); PRESYNC needs Delta more correct HECs, cell by cell, and goes
// back to HUNT on the first wrong one; SYNC is lost after Alpha consecutive wrong HECs.
// In SYNC, header error control has two modes: in correction mode a single-bit error
// is corrected (syndrome table below) and the receiver moves to detection mode; any
// other error discards the cell and also moves to detection mode; in detection mode
// every errored cell is discarded; a cell without error returns to correction mode.
// With hec_correct_i low the receiver never corrects (every errored cell is discarded,
// so all odd-weight header errors are caught). Idle cells (header 00 00 00 01) are
// discarded; payloads are descrambled (x^43 + 1, atm_scrambler) while descramble_i is
// high. Only cells whose HEC arrives in SYNC are received.
// A cell is accepted or dropped when its HEC arrives: it is queued only if the output
// FIFO (2^FifoAddrWidth words, block RAM) has room for all 13 words, otherwise it is
// dropped and counted in overflow_o; words leave as they arrive (cut-through), so
// m_cell_tvalid_o may drop between the words of a cell when the link is slower than
// the clock. The HEC check has two stages: the delineation state moves in the cycle
// that takes the HEC byte (state_o follows each byte at once); the HEC mode, the
// counters and the delivery decision follow one cycle later.
// Latency: the header word is on m_cell_* 2 cycles after the cycle that takes the HEC
// byte, each payload word 1 cycle after the cycle that takes its last byte.
// Throughput: one link byte a cycle.
module atm_link_rx #(
  // Width of each counter output (they wrap).
  parameter integer CounterWidth = 32,
  // log2 of the output FIFO depth in words; at least 4 (one cell).
  parameter integer FifoAddrWidth = 5,
  // Correct HECs in PRESYNC, after the one found in HUNT, before SYNC (I.432 DELTA).
  parameter integer Delta = 6,
  // Consecutive wrong HECs in SYNC that lose delineation (I.432 ALPHA).
  parameter integer Alpha = 7
) (
  input  wire                    clk_i,
  input  wire                    rst_ni,
  // Descramble payload bytes (sampled byte by byte).
  input  wire                    descramble_i,
  // Allow correction mode (I.432); low: every errored header is discarded.
  input  wire                    hec_correct_i,
  // Link in.
  input  wire [7:0]              link_data_i,
  input  wire                    link_valid_i,
  // Cell stream out.
  output wire [31:0]             m_cell_tdata_o,
  output wire                    m_cell_tvalid_o,
  input  wire                    m_cell_tready_i,
  output wire                    m_cell_tlast_o,
  // Delineation state (0 HUNT, 1 PRESYNC, 2 SYNC) and HEC mode (0 correction, 1 detection).
  output wire [1:0]              state_o,
  output wire                    hec_mode_o,
  // Counters, as host/atm/link.h LinkRxCounters.
  output wire [CounterWidth-1:0] received_o,
  output wire [CounterWidth-1:0] delivered_o,
  output wire [CounterWidth-1:0] hec_corrected_o,
  output wire [CounterWidth-1:0] hec_discarded_o,
  output wire [CounterWidth-1:0] idle_discarded_o,
  output wire [CounterWidth-1:0] sync_losses_o,
  output wire [CounterWidth-1:0] overflow_o
);

  localparam [1:0] StHunt = 2'd0;
  localparam [1:0] StPresync = 2'd1;
  localparam [1:0] StSync = 2'd2;
  localparam [5:0] HecIdx = 6'd4;
  localparam [5:0] LastByte = 6'd52;
  localparam [31:0] IdleHeader = 32'h0000_0001;
  localparam integer Depth = 1 << FifoAddrWidth;
  localparam integer CellWords = 13;
  localparam integer MaxUsedInt = Depth - CellWords;
  localparam [FifoAddrWidth:0] MaxUsed = MaxUsedInt[FifoAddrWidth:0];
  localparam [FifoAddrWidth:0] CellWordsW = CellWords[FifoAddrWidth:0];
  localparam [2:0] DeltaW = Delta[2:0];
  localparam [2:0] AlphaW = Alpha[2:0];

  // CRC-8 (x^8 + x^2 + x + 1, preset 0, no coset) of a 32-bit word, MSB first: the
  // syndrome a single-bit header error gives, since the HEC is linear.
  function automatic [7:0] crc8_word(input [31:0] w);
    integer k;
    reg [7:0] r;
    begin
      r = 8'h00;
      for (k = 31; k >= 0; k = k - 1) begin
        r = (r[7] ^ w[k]) ? ((r << 1) ^ 8'h07) : (r << 1);
      end
      crc8_word = r;
    end
  endfunction

  reg [31:0]             win_q, win_d;
  reg [1:0]              state_q, state_d;
  reg [5:0]              pos_q, pos_d;
  // Where byte pos_q lies, registered from pos_d to keep the compares off the byte
  // path: the HEC byte (4), a payload byte (5..52), the last byte (52).
  reg                    at_hec_q, in_pay_q, at_last_q;
  wire                   at_hec_d = pos_d == HecIdx;
  wire                   in_pay_d = pos_d > HecIdx;
  wire                   at_last_d = pos_d == LastByte;
  reg [2:0]              presync_q, presync_d;
  reg [2:0]              wrong_q, wrong_d;
  reg                    mode_q, mode_d;
  reg                    deliver_q, deliver_d;
  reg [23:0]             asm_q, asm_d;
  reg [CounterWidth-1:0] received_q, received_d;
  reg [CounterWidth-1:0] delivered_q, delivered_d;
  reg [CounterWidth-1:0] corrected_q, corrected_d;
  reg [CounterWidth-1:0] discarded_q, discarded_d;
  reg [CounterWidth-1:0] idle_q, idle_d;
  reg [CounterWidth-1:0] losses_q, losses_d;
  reg [CounterWidth-1:0] overflow_q, overflow_d;

  // Output FIFO: written words wr_ptr_q - rd_ptr_q; used_q also counts the words
  // reserved for the cell being received.
  reg [FifoAddrWidth:0]  wr_ptr_q, wr_ptr_d;
  reg [FifoAddrWidth:0]  rd_ptr_q, rd_ptr_d;
  reg [FifoAddrWidth:0]  used_q, used_d;
  reg                    we;
  reg [32:0]             wdata;
  reg [32:0]             fifo_mem [0:Depth-1];
  reg [32:0]             rd_data_q;
  reg [32:0]             byp_q;
  reg                    use_byp_q;

  // ---- header check ----
  // hec_q: the HEC of the latest four bytes (win_q), computed as the last of them
  // arrives, so that the syndrome of a new byte is one XOR away.
  wire [7:0] hec_q;
  wire [7:0] syndrome = hec_q ^ link_data_i;

  common_hec #(
    .DataBytes(4)
  ) u_hec (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .start_i   (link_valid_i),
    .valid_i   (link_valid_i),
    .data_i    ({win_q[23:0], link_data_i}),
    .keep_i    (4'hF),
    .hec_o     (hec_q),
    .hec_next_o()
  );

  // Second stage of the check in SYNC, the cycle after a HEC byte: its syndrome and
  // header. The delineation state moves in the first stage; the HEC mode, the counters
  // and the decision to deliver follow here, long before the cell's first payload word.
  reg        chk_q, chk_d;
  reg [7:0]  syn_q, syn_d;
  reg [31:0] hdr_q, hdr_d;

  // One bit per header bit: the syndrome is that of a single error in it.
  wire [31:0] fix_mask;
  genvar gb;
  generate
    for (gb = 0; gb < 32; gb = gb + 1) begin : g_syndrome
      localparam [7:0] BitSyndrome = crc8_word(32'd1 << gb);
      assign fix_mask[gb] = (syn_q == BitSyndrome);
    end
  endgenerate
  // A single error in the HEC byte itself leaves the header as it is.
  wire hec_bit_error = (syn_q != 8'h00) && ((syn_q & (syn_q - 8'd1)) == 8'h00);
  wire correctable = hec_bit_error || (fix_mask != 32'd0);

  wire [7:0] data_byte;
  wire       payload_byte = link_valid_i && (state_q != StHunt) && in_pay_q;

  atm_scrambler #(
    .Descramble(1)
  ) u_descrambler (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .enable_i(descramble_i),
    .valid_i (payload_byte),
    .data_i  (link_data_i),
    .data_o  (data_byte)
  );

  wire fifo_pop = m_cell_tvalid_o && m_cell_tready_i;
  reg  reserve;
  reg  [31:0] header;
  reg  accept;

  always @(*) begin
    win_d       = win_q;
    state_d     = state_q;
    pos_d       = pos_q;
    presync_d   = presync_q;
    wrong_d     = wrong_q;
    mode_d      = mode_q;
    deliver_d   = deliver_q;
    asm_d       = asm_q;
    received_d  = received_q;
    delivered_d = delivered_q;
    corrected_d = corrected_q;
    discarded_d = discarded_q;
    idle_d      = idle_q;
    losses_d    = losses_q;
    overflow_d  = overflow_q;
    we          = 1'b0;
    wdata       = 33'd0;
    reserve     = 1'b0;
    accept      = 1'b0;
    header      = hdr_q;
    chk_d       = 1'b0;
    syn_d       = syn_q;
    hdr_d       = hdr_q;

    // Second stage of a HEC check in SYNC (see chk_q).
    if (chk_q) begin
      if (syn_q == 8'h00) begin
        mode_d = 1'b0;
        accept = 1'b1;
      end else begin
        mode_d = 1'b1;
        if (!mode_q && correctable && hec_correct_i) begin
          header      = hdr_q ^ fix_mask;
          corrected_d = corrected_q + 1'b1;
          accept      = 1'b1;
        end else begin
          discarded_d = discarded_q + 1'b1;
        end
      end
      if (accept) begin
        if (header == IdleHeader) begin
          idle_d = idle_q + 1'b1;
        end else if (used_q <= MaxUsed) begin
          delivered_d = delivered_q + 1'b1;
          deliver_d   = 1'b1;
          reserve     = 1'b1;
          we          = 1'b1;
          wdata       = {1'b0, header};
        end else begin
          overflow_d = overflow_q + 1'b1;
        end
      end
    end

    if (link_valid_i) begin
      win_d = {win_q[23:0], link_data_i};
      if (state_q == StHunt) begin
        if (syndrome == 8'h00) begin
          state_d   = StPresync;
          presync_d = 3'd0;
          pos_d     = HecIdx + 6'd1;
        end
      end else if (at_hec_q) begin
        pos_d = HecIdx + 6'd1;
        if (state_q == StPresync) begin
          if (syndrome != 8'h00) begin
            state_d = StHunt;
          end else begin
            presync_d = presync_q + 3'd1;
            if (presync_q + 3'd1 == DeltaW) begin
              state_d = StSync;
              mode_d  = 1'b0;
              wrong_d = 3'd0;
            end
          end
        end else begin
          received_d = received_q + 1'b1;
          if (syndrome == 8'h00) begin
            wrong_d = 3'd0;
            chk_d   = 1'b1;
          end else if (wrong_q + 3'd1 == AlphaW) begin
            discarded_d = discarded_q + 1'b1;
            losses_d    = losses_q + 1'b1;
            state_d     = StHunt;
          end else begin
            wrong_d = wrong_q + 3'd1;
            chk_d   = 1'b1;
          end
          syn_d = syndrome;
          hdr_d = win_q;
        end
      end else if (in_pay_q) begin
        asm_d = {asm_q[15:0], data_byte};
        // Payload byte pos - 5 ends a word when (pos - 5) mod 4 = 3, i.e. pos mod 4 = 0.
        if (deliver_q && pos_q[1:0] == 2'd0) begin
          we    = 1'b1;
          wdata = {at_last_q, asm_q, data_byte};
        end
        if (at_last_q) begin
          pos_d     = 6'd0;
          deliver_d = 1'b0;
        end else begin
          pos_d = pos_q + 6'd1;
        end
      end else begin
        pos_d = pos_q + 6'd1;
      end
    end

    wr_ptr_d = wr_ptr_q + {{FifoAddrWidth{1'b0}}, we};
    rd_ptr_d = rd_ptr_q + {{FifoAddrWidth{1'b0}}, fifo_pop};
    used_d   = used_q + (reserve ? CellWordsW : {(FifoAddrWidth + 1){1'b0}})
                      - {{FifoAddrWidth{1'b0}}, fifo_pop};
  end

  // FIFO RAM, no reset (block RAM). The read address comes from the next read pointer;
  // a word written to that address in the same cycle is forwarded through byp_q.
  always @(posedge clk_i) begin
    if (we) begin
      fifo_mem[wr_ptr_q[FifoAddrWidth-1:0]] <= wdata;
    end
    rd_data_q <= fifo_mem[rd_ptr_d[FifoAddrWidth-1:0]];
    byp_q     <= wdata;
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      win_q       <= 32'd0;
      state_q     <= StHunt;
      pos_q       <= 6'd0;
      at_hec_q    <= 1'b0;
      in_pay_q    <= 1'b0;
      at_last_q   <= 1'b0;
      presync_q   <= 3'd0;
      wrong_q     <= 3'd0;
      mode_q      <= 1'b0;
      deliver_q   <= 1'b0;
      asm_q       <= 24'd0;
      received_q  <= {CounterWidth{1'b0}};
      delivered_q <= {CounterWidth{1'b0}};
      corrected_q <= {CounterWidth{1'b0}};
      discarded_q <= {CounterWidth{1'b0}};
      idle_q      <= {CounterWidth{1'b0}};
      losses_q    <= {CounterWidth{1'b0}};
      overflow_q  <= {CounterWidth{1'b0}};
      wr_ptr_q    <= {(FifoAddrWidth + 1){1'b0}};
      rd_ptr_q    <= {(FifoAddrWidth + 1){1'b0}};
      used_q      <= {(FifoAddrWidth + 1){1'b0}};
      use_byp_q   <= 1'b0;
      chk_q       <= 1'b0;
      syn_q       <= 8'h00;
      hdr_q       <= 32'd0;
    end else begin
      win_q       <= win_d;
      state_q     <= state_d;
      pos_q       <= pos_d;
      at_hec_q    <= at_hec_d;
      in_pay_q    <= in_pay_d;
      at_last_q   <= at_last_d;
      presync_q   <= presync_d;
      wrong_q     <= wrong_d;
      mode_q      <= mode_d;
      deliver_q   <= deliver_d;
      asm_q       <= asm_d;
      received_q  <= received_d;
      delivered_q <= delivered_d;
      corrected_q <= corrected_d;
      discarded_q <= discarded_d;
      idle_q      <= idle_d;
      losses_q    <= losses_d;
      overflow_q  <= overflow_d;
      wr_ptr_q    <= wr_ptr_d;
      rd_ptr_q    <= rd_ptr_d;
      used_q      <= used_d;
      use_byp_q   <= we && (wr_ptr_q[FifoAddrWidth-1:0] == rd_ptr_d[FifoAddrWidth-1:0]);
      chk_q       <= chk_d;
      syn_q       <= syn_d;
      hdr_q       <= hdr_d;
    end
  end

  wire [32:0] head = use_byp_q ? byp_q : rd_data_q;

  assign m_cell_tvalid_o  = wr_ptr_q != rd_ptr_q;
  assign m_cell_tdata_o   = head[31:0];
  assign m_cell_tlast_o   = head[32];
  assign state_o          = state_q;
  assign hec_mode_o       = mode_q;
  assign received_o       = received_q;
  assign delivered_o      = delivered_q;
  assign hec_corrected_o  = corrected_q;
  assign hec_discarded_o  = discarded_q;
  assign idle_discarded_o = idle_q;
  assign sync_losses_o    = losses_q;
  assign overflow_o       = overflow_q;

endmodule
`default_nettype wire
