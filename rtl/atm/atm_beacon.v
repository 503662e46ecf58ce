`default_nettype none
// atm_beacon: sends one single-cell AAL5 PDU as a 53-byte ATM cell over an 8N1 UART
// every CellPeriodCycles clock cycles (or back to back if a cell takes longer to send).
// It proves a board end to end: the header carries VPI 0, VCI 32, PTI 001 (user data,
// end of PDU) and a HEC from common_hec; the PDU is a 4-byte big-endian sequence number
// and 36 bytes of ASCII text, followed by the AAL5 trailer (UU 0, CPI 0, length 40)
// and its CRC-32 from common_crc32_aal5, both computed byte by byte as the bytes leave.
// The host decodes the serial line with the project's C++ HEC and AAL5 code.
module atm_beacon #(
  // Clock frequency in Hz.
  parameter integer ClkHz = 12_000_000,
  // UART line rate in bits per second.
  parameter integer Baud = 115_200,
  // Clock cycles between the starts of two cells.
  parameter integer CellPeriodCycles = 1_200_000
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  output wire        uart_tx_o,
  output wire        heartbeat_o,
  output wire [31:0] cells_sent_o
);

  // Bytes in a cell on the line: 4 header, 1 HEC, 48 payload.
  localparam integer CellBytes = 53;
  // Byte index of the HEC, and of the first and last bytes covered by the CRC-32.
  localparam [5:0] HecIdx = 6'd4;
  localparam [5:0] CrcFirstIdx = 6'd5;
  localparam [5:0] CrcLastIdx = 6'd48;
  localparam integer LastIdxInt = CellBytes - 1;
  localparam [5:0] LastIdx = LastIdxInt[5:0];
  // Width of the cell-period counter.
  localparam integer PeriodWidth = $clog2(CellPeriodCycles + 1);
  localparam integer PeriodLoadInt = CellPeriodCycles - 1;
  localparam [PeriodWidth-1:0] PeriodLoad = PeriodLoadInt[PeriodWidth-1:0];

  reg [PeriodWidth-1:0] period_q, period_d;
  // A cell is due: set when the period counter expires, cleared when the cell starts.
  reg                   due_q, due_d;
  reg                   busy_q, busy_d;
  reg [5:0]             idx_q, idx_d;
  reg [31:0]            seq_q, seq_d;
  reg                   heartbeat_q, heartbeat_d;

  wire       tx_ready;
  wire       tx_fire = busy_q && tx_ready;
  wire [7:0] hec;
  wire [31:0] crc;
  reg  [7:0] tx_byte;

  // The 36 text bytes of the PDU after the sequence number.
  function [7:0] text_byte(input [5:0] i);
    reg [8*36-1:0] text;
    begin
      text = "Pegasus desk-area network beacon \r\n\000";
      text_byte = text[8*(35 - i) +: 8];
    end
  endfunction

  always @(*) begin
    if (idx_q < HecIdx) begin
      // GFC 0, VPI 0, VCI 32, PTI 001, CLP 0: 00 00 02 02.
      tx_byte = (idx_q >= 6'd2) ? 8'h02 : 8'h00;
    end else if (idx_q == HecIdx) begin
      tx_byte = hec;
    end else if (idx_q < 6'd9) begin
      tx_byte = seq_q[8*(8 - idx_q) +: 8];
    end else if (idx_q < 6'd45) begin
      tx_byte = text_byte(idx_q - 6'd9);
    end else if (idx_q == CrcLastIdx) begin
      tx_byte = 8'd40;  // length low byte; UU, CPI and length high byte are zero
    end else if (idx_q > CrcLastIdx) begin
      tx_byte = crc[8*(LastIdx - idx_q) +: 8];
    end else begin
      tx_byte = 8'h00;
    end
  end

  always @(*) begin
    period_d    = (period_q == {PeriodWidth{1'b0}}) ? PeriodLoad : period_q - 1'b1;
    due_d       = due_q || (period_q == {PeriodWidth{1'b0}});
    busy_d      = busy_q;
    idx_d       = idx_q;
    seq_d       = seq_q;
    heartbeat_d = heartbeat_q;
    if (!busy_q && due_q) begin
      busy_d = 1'b1;
      due_d  = 1'b0;
      idx_d  = 6'd0;
    end else if (tx_fire) begin
      if (idx_q == LastIdx) begin
        busy_d      = 1'b0;
        seq_d       = seq_q + 32'd1;
        heartbeat_d = !heartbeat_q;
      end else begin
        idx_d = idx_q + 6'd1;
      end
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      period_q    <= {PeriodWidth{1'b0}};
      due_q       <= 1'b0;
      busy_q      <= 1'b0;
      idx_q       <= 6'd0;
      seq_q       <= 32'd0;
      heartbeat_q <= 1'b0;
    end else begin
      period_q    <= period_d;
      due_q       <= due_d;
      busy_q      <= busy_d;
      idx_q       <= idx_d;
      seq_q       <= seq_d;
      heartbeat_q <= heartbeat_d;
    end
  end

  common_hec #(
    .DataBytes(1)
  ) u_hec (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .start_i   (idx_q == 6'd0),
    .valid_i   (tx_fire && idx_q < HecIdx),
    .data_i    (tx_byte),
    .keep_i    (1'b1),
    .hec_o     (hec),
    .hec_next_o()
  );

  common_crc32_aal5 #(
    .DataBytes(1)
  ) u_crc (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .start_i     (idx_q == CrcFirstIdx),
    .valid_i     (tx_fire && idx_q >= CrcFirstIdx && idx_q <= CrcLastIdx),
    .data_i      (tx_byte),
    .keep_i      (1'b1),
    .crc_o       (crc),
    .crc_next_o  (),
    .residue_ok_o()
  );

  common_uart_tx #(
    .ClkHz(ClkHz),
    .Baud (Baud)
  ) u_uart (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .valid_i(busy_q),
    .data_i (tx_byte),
    .ready_o(tx_ready),
    .tx_o   (uart_tx_o)
  );

  assign heartbeat_o  = heartbeat_q;
  assign cells_sent_o = seq_q;

endmodule
`default_nettype wire
