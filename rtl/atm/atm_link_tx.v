`default_nettype none
// atm_link_tx: the transmit side of a Pegasus link (doc/wire_formats.md, "Link"). Takes
// cells from a cell stream (13 words: header without HEC, then 48 payload bytes) and
// sends them as 53-byte cells, one byte per link_valid_o && link_ready_i: four header
// bytes, the HEC (common_hec), and the payload, scrambled by atm_scrambler (x^43 + 1)
// while scramble_i is high. A link never pauses: when no whole cell is queued at a cell
// boundary it sends an idle cell (00 00 00 01, HEC 0x52, 48 bytes 0x6A, also scrambled).
// Cells are stored whole before they are sent (two cell buffers in one 32 x 32-bit
// RAM, ping-pong), so a source may pause between words without starving the link.
// Latency: a stored cell goes out at the next cell boundary, after the rest of the
// cell on the line (at most 53 link bytes; 1 cycle more when its last word arrives as
// the boundary passes). Throughput: one link byte a cycle;
// the stream side takes one word a cycle while a buffer is free, so back-to-back cells
// keep the link full. A malformed input cell (tlast before word 12, or word 12 without
// tlast) is dropped whole, counted in malformed_o, and the input is read on to its
// tlast; it never stalls the link. link_valid_o is high from the first cycle after reset.
module atm_link_tx #(
  // Width of each counter output (they wrap).
  parameter integer CounterWidth = 32
) (
  input  wire                    clk_i,
  input  wire                    rst_ni,
  // Scramble payload bytes (sampled byte by byte).
  input  wire                    scramble_i,
  // Cell stream in.
  input  wire [31:0]             s_cell_tdata_i,
  input  wire                    s_cell_tvalid_i,
  output wire                    s_cell_tready_o,
  input  wire                    s_cell_tlast_i,
  // Link out: a byte moves when link_valid_o && link_ready_i.
  output wire [7:0]              link_data_o,
  output wire                    link_valid_o,
  input  wire                    link_ready_i,
  // Counters: user cells sent, idle cells sent, malformed input cells dropped.
  output wire [CounterWidth-1:0] cells_sent_o,
  output wire [CounterWidth-1:0] idle_sent_o,
  output wire [CounterWidth-1:0] malformed_o
);

  // Index of the last word of a cell, and of the last byte of a cell on the link.
  localparam [3:0] LastWord = 4'd12;
  localparam [5:0] LastByte = 6'd52;
  // Byte index of the HEC on the link; the payload starts after it.
  localparam [5:0] HecIdx = 6'd4;
  localparam [7:0] IdlePayload = 8'h6A;

  // ---- stream side: fill the buffer slot wr_slot_q ----
  reg                    wr_slot_q, wr_slot_d;
  reg [3:0]              wr_idx_q, wr_idx_d;
  reg                    discard_q, discard_d;
  reg [1:0]              full_q, full_d;
  reg [CounterWidth-1:0] malformed_q, malformed_d;

  // ---- link side: send cell byte idx_q from slot rd_slot_q (or an idle cell) ----
  reg                    valid_q;
  reg [5:0]              idx_q, idx_d;
  reg                    idle_q, idle_d;
  reg                    rd_slot_q, rd_slot_d;
  reg [CounterWidth-1:0] sent_q, sent_d;
  reg [CounterWidth-1:0] idle_cnt_q, idle_cnt_d;

  // Two cell buffers: slot s, word w at address {s, w}. Registered read whose address
  // comes from the next-state byte index, so rd_word_q holds the word of byte idx_q.
  reg [31:0]             cell_mem [0:31];
  reg [31:0]             rd_word_q;

  wire s_ready = discard_q || !full_q[wr_slot_q];
  wire s_fire  = s_cell_tvalid_i && s_ready;
  wire wr_en   = s_fire && !discard_q;
  wire link_fire = valid_q && link_ready_i;

  always @(*) begin
    wr_slot_d   = wr_slot_q;
    wr_idx_d    = wr_idx_q;
    discard_d   = discard_q;
    full_d      = full_q;
    malformed_d = malformed_q;
    idx_d       = idx_q;
    idle_d      = idle_q;
    rd_slot_d   = rd_slot_q;
    sent_d      = sent_q;
    idle_cnt_d  = idle_cnt_q;

    // Link side first: it may free the slot it has just sent.
    if (link_fire) begin
      if (idx_q == LastByte) begin
        idx_d = 6'd0;
        if (idle_q) begin
          idle_cnt_d = idle_cnt_q + 1'b1;
          idle_d     = !full_q[rd_slot_q];
        end else begin
          sent_d             = sent_q + 1'b1;
          full_d[rd_slot_q]  = 1'b0;
          rd_slot_d          = !rd_slot_q;
          idle_d             = !full_q[!rd_slot_q];
        end
      end else begin
        idx_d = idx_q + 6'd1;
      end
    end

    if (s_fire) begin
      if (discard_q) begin
        discard_d = !s_cell_tlast_i;
      end else if (s_cell_tlast_i) begin
        wr_idx_d = 4'd0;
        if (wr_idx_q == LastWord) begin
          full_d[wr_slot_q] = 1'b1;
          wr_slot_d         = !wr_slot_q;
        end else begin
          malformed_d = malformed_q + 1'b1;
        end
      end else if (wr_idx_q == LastWord) begin
        // Too long: drop it and read on to its tlast.
        wr_idx_d    = 4'd0;
        discard_d   = 1'b1;
        malformed_d = malformed_q + 1'b1;
      end else begin
        wr_idx_d = wr_idx_q + 4'd1;
      end
    end
  end

  // Word of the buffer that holds link byte i: 0 for the header, (i - 1) / 4 for
  // payload byte i (i >= 5); the HEC byte needs no word.
  function [3:0] word_of(input [5:0] i);
    begin
      word_of = (i < HecIdx) ? 4'd0 : i[5:2] - {3'b000, i[1:0] == 2'b00};
    end
  endfunction

  // Where byte idx_q lies, registered from idx_d to keep the compares off the byte path:
  // header (0..3), HEC (4) or payload (5..52), and its byte in the word: i mod 4 in the
  // header, (i - 5) mod 4 = (i - 1) mod 4 in the payload.
  reg        in_hdr_q, in_hec_q, in_pay_q;
  reg [1:0]  byte_sel_q;
  wire       in_hdr_d = idx_d < HecIdx;
  wire       in_hec_d = idx_d == HecIdx;
  wire       in_pay_d = idx_d > HecIdx;
  wire [1:0] byte_sel_d = in_hdr_d ? idx_d[1:0] : idx_d[1:0] - 2'd1;
  wire [1:0] byte_sel = byte_sel_q;
  reg  [7:0] buf_byte;
  always @(*) begin
    case (byte_sel)
      2'd0:    buf_byte = rd_word_q[31:24];
      2'd1:    buf_byte = rd_word_q[23:16];
      2'd2:    buf_byte = rd_word_q[15:8];
      default: buf_byte = rd_word_q[7:0];
    endcase
  end
  wire [7:0] idle_byte = in_hdr_q ? ((byte_sel_q == 2'd3) ? 8'h01 : 8'h00) : IdlePayload;
  wire [7:0] raw_byte = idle_q ? idle_byte : buf_byte;
  wire [7:0] hec;
  wire [7:0] scrambled;

  assign link_data_o = in_hdr_q ? raw_byte : in_hec_q ? hec : scrambled;

  common_hec #(
    .DataBytes(1)
  ) u_hec (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .start_i   (in_hdr_q && byte_sel_q == 2'd0),
    .valid_i   (link_fire && in_hdr_q),
    .data_i    (raw_byte),
    .keep_i    (1'b1),
    .hec_o     (hec),
    .hec_next_o()
  );

  atm_scrambler #(
    .Descramble(0)
  ) u_scrambler (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .enable_i(scramble_i),
    .valid_i (link_fire && in_pay_q),
    .data_i  (raw_byte),
    .data_o  (scrambled)
  );

  // The cell buffer RAM: no reset, so that it maps onto block RAM.
  always @(posedge clk_i) begin
    if (wr_en) begin
      cell_mem[{wr_slot_q, wr_idx_q}] <= s_cell_tdata_i;
    end
    rd_word_q <= cell_mem[{rd_slot_d, word_of(idx_d)}];
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_slot_q   <= 1'b0;
      wr_idx_q    <= 4'd0;
      discard_q   <= 1'b0;
      full_q      <= 2'b00;
      malformed_q <= {CounterWidth{1'b0}};
      valid_q     <= 1'b0;
      idx_q       <= 6'd0;
      idle_q      <= 1'b1;
      rd_slot_q   <= 1'b0;
      sent_q      <= {CounterWidth{1'b0}};
      idle_cnt_q  <= {CounterWidth{1'b0}};
      in_hdr_q    <= 1'b1;
      in_hec_q    <= 1'b0;
      in_pay_q    <= 1'b0;
      byte_sel_q  <= 2'd0;
    end else begin
      wr_slot_q   <= wr_slot_d;
      wr_idx_q    <= wr_idx_d;
      discard_q   <= discard_d;
      full_q      <= full_d;
      malformed_q <= malformed_d;
      valid_q     <= 1'b1;
      idx_q       <= idx_d;
      idle_q      <= idle_d;
      rd_slot_q   <= rd_slot_d;
      sent_q      <= sent_d;
      idle_cnt_q  <= idle_cnt_d;
      in_hdr_q    <= in_hdr_d;
      in_hec_q    <= in_hec_d;
      in_pay_q    <= in_pay_d;
      byte_sel_q  <= byte_sel_d;
    end
  end

  assign s_cell_tready_o = s_ready;
  assign link_valid_o    = valid_q;
  assign cells_sent_o    = sent_q;
  assign idle_sent_o     = idle_cnt_q;
  assign malformed_o     = malformed_q;

endmodule
`default_nettype wire
