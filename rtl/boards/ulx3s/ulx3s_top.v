`default_nettype none
// ulx3s_top: the ULX3S (ECP5 LFE5U-25F/45F/85F, CABGA381) board top for the ATM beacon;
// the same top serves all three sizes. It only wires pins: the 25 MHz oscillator
// clocks the core directly (no PLL), the power button BTN_PWRn (low when pressed)
// resets it through a reset synchroniser, the beacon's serial output goes to the
// FT231X USB serial port, LED 0 shows the heartbeat and LEDs 7..1 the low seven bits
// of the count of cells sent (the LEDs are active high). wifi_gpio0 is held high, as
// the board makers' examples do, so that a fitted ESP32 module (whose GPIO0 selects
// its serial bootloader when low) does not disturb the board. Pins are in
// constraints/ulx3s.lpf.
module ulx3s_top (
  // 25 MHz oscillator (G2).
  input  wire       clk_25m_i,
  // Power button BTN_PWRn, low when pressed (D6); resets the beacon.
  input  wire       btn_pwr_ni,
  // Serial data to the FT231X, its RXD pin (L4, FPGA transmits).
  output wire       ftdi_rxd_o,
  // User LEDs, active high: [0] heartbeat, [7:1] cells sent, bits 6..0.
  output wire [7:0] led_o,
  // ESP32 GPIO0 (L2), held high.
  output wire       wifi_gpio0_o
);

  // Frequency of clk_25m_i in Hz.
  localparam integer ClkHz = 25_000_000;
  // Serial line rate in bits per second.
  localparam integer Baud = 115_200;
  // One cell every 100 ms.
  localparam integer CellPeriodCycles = ClkHz / 10;

  wire        rst_n;
  wire [24:0] unused_cells_sent;

  common_reset_sync #(
    .Stages(2)
  ) u_reset_sync (
    .clk_i (clk_25m_i),
    .rst_ni(btn_pwr_ni),
    .rst_no(rst_n)
  );

  atm_beacon #(
    .ClkHz           (ClkHz),
    .Baud            (Baud),
    .CellPeriodCycles(CellPeriodCycles)
  ) u_beacon (
    .clk_i       (clk_25m_i),
    .rst_ni      (rst_n),
    .uart_tx_o   (ftdi_rxd_o),
    .heartbeat_o (led_o[0]),
    .cells_sent_o({unused_cells_sent, led_o[7:1]})
  );

  assign wifi_gpio0_o = 1'b1;

endmodule
`default_nettype wire
