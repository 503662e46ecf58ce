`default_nettype none
// icebreaker_top: the iCEBreaker (iCE40UP5K-SG48) board top for the ATM beacon. It
// only wires pins: the 12 MHz oscillator clocks the core directly (no PLL), the user
// button BTN_N resets it through a reset synchroniser, the beacon's serial output goes
// to the FTDI's second channel (the host sees it as the board's second ttyUSB port),
// and the two red/green user LEDs, active low, show the heartbeat and bit 0 of the
// count of cells sent. Pins are in constraints/icebreaker.pcf.
module icebreaker_top (
  // 12 MHz oscillator (pin 35).
  input  wire clk_12m_i,
  // User button BTN_N, low when pressed (pin 10); resets the beacon.
  input  wire btn_ni,
  // Serial data to the FTDI (pin 9, FPGA transmits).
  output wire uart_tx_o,
  // Green user LED LEDG_N, active low (pin 37): heartbeat.
  output wire led_g_no,
  // Red user LED LEDR_N, active low (pin 11): bit 0 of the cells sent.
  output wire led_r_no
);

  // Frequency of clk_12m_i in Hz.
  localparam integer ClkHz = 12_000_000;
  // Serial line rate in bits per second.
  localparam integer Baud = 115_200;
  // One cell every 100 ms.
  localparam integer CellPeriodCycles = ClkHz / 10;

  wire        rst_n;
  wire        heartbeat;
  wire        cells_sent_bit0;
  wire [30:0] unused_cells_sent;

  common_reset_sync #(
    .Stages(2)
  ) u_reset_sync (
    .clk_i (clk_12m_i),
    .rst_ni(btn_ni),
    .rst_no(rst_n)
  );

  atm_beacon #(
    .ClkHz           (ClkHz),
    .Baud            (Baud),
    .CellPeriodCycles(CellPeriodCycles)
  ) u_beacon (
    .clk_i       (clk_12m_i),
    .rst_ni      (rst_n),
    .uart_tx_o   (uart_tx_o),
    .heartbeat_o (heartbeat),
    .cells_sent_o({unused_cells_sent, cells_sent_bit0})
  );

  assign led_g_no = ~heartbeat;
  assign led_r_no = ~cells_sent_bit0;

endmodule
`default_nettype wire
