`default_nettype none
`include "pegasus_memory_map.vh"
// soc_uart: the console UART, a 16550 subset with byte-spaced registers (as QEMU virt's
// ns16550a): RBR/THR, IER, IIR/FCR, LCR, MCR, LSR (DR, THRE, TEMT), MSR, SCR and the
// divisor latches (stored, but the line rate is fixed by the parameters). A byte
// written to THR appears for one cycle on tx_byte_valid_o/tx_byte_o (the simulator's
// console) and, with SerialTx, is sent on tx_o through common_uart_tx from a one-byte
// holding register (THRE is clear while it is full). Without SerialTx, THRE and TEMT
// always read 1, as on QEMU, so firmware polls the same number of times in both.
// Received bytes come from rx_valid_i/rx_data_i into a one-byte RBR (rx_ready_o while
// it is empty); LSR.DR is set while it is full. Wishbone B4 pipelined slave with byte
// selects, never stalls, answers one cycle after the request; a word holds the four
// registers at its byte lanes.
module soc_uart #(
  // Clock frequency in Hz.
  parameter integer ClkHz = 12_000_000,
  // Serial line rate in bits per second.
  parameter integer Baud = 115_200,
  // 1: drive tx_o and pace THRE by the serial line; 0: THRE always set.
  parameter integer SerialTx = 1
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  input  wire        stb_i,
  input  wire        we_i,
  input  wire [31:0] adr_i,
  input  wire [3:0]  sel_i,
  input  wire [31:0] dat_i,
  output wire        ack_o,
  output wire [31:0] dat_o,
  output wire        tx_o,
  output wire        tx_byte_valid_o,
  output wire [7:0]  tx_byte_o,
  input  wire        rx_valid_i,
  input  wire [7:0]  rx_data_i,
  output wire        rx_ready_o,
  output wire        irq_o
);

  localparam [7:0] OffData = `PEGASUS_UART_THR_OFFSET;
  localparam [7:0] OffIer  = `PEGASUS_UART_IER_OFFSET;
  localparam [7:0] OffIir  = `PEGASUS_UART_IIR_OFFSET;
  localparam [7:0] OffLcr  = `PEGASUS_UART_LCR_OFFSET;
  localparam [7:0] OffMcr  = `PEGASUS_UART_MCR_OFFSET;
  localparam [7:0] OffLsr  = `PEGASUS_UART_LSR_OFFSET;
  localparam [7:0] OffMsr  = `PEGASUS_UART_MSR_OFFSET;
  localparam [7:0] OffScr  = `PEGASUS_UART_SCR_OFFSET;
  localparam [7:0] MsrValue = `PEGASUS_UART_MSR_RESET;

  reg        ack_q, ack_d;
  reg [31:0] dat_q, dat_d;
  reg [7:0]  ier_q, ier_d;
  reg [7:0]  lcr_q, lcr_d;
  reg [7:0]  mcr_q, mcr_d;
  reg [7:0]  scr_q, scr_d;
  reg [7:0]  dll_q, dll_d;
  reg [7:0]  dlm_q, dlm_d;
  reg        fifo_en_q, fifo_en_d;
  reg        hold_v_q, hold_v_d;      // transmit holding register full
  reg [7:0]  hold_q, hold_d;
  reg        txb_v_q, txb_v_d;        // console byte strobe
  reg [7:0]  txb_q, txb_d;
  reg        rbr_v_q, rbr_v_d;
  reg [7:0]  rbr_q, rbr_d;

  wire       tx_ready;
  wire       serial = (SerialTx != 0);
  wire       thre = serial ? !hold_v_q : 1'b1;
  wire       temt = serial ? (!hold_v_q && tx_ready) : 1'b1;
  wire       dlab = lcr_q[7];
  wire [7:0] lsr  = {1'b0, temt, thre, 4'd0, rbr_v_q};
  wire [7:0] iir  = {{2{fifo_en_q}}, 5'd0, 1'b1};

  function automatic [7:0] read_reg(input [7:0] off, input [7:0] rbr, input [7:0] ier,
                                    input [7:0] iir_v, input [7:0] lcr, input [7:0] mcr,
                                    input [7:0] lsr_v, input [7:0] scr, input [7:0] dll,
                                    input [7:0] dlm, input dl);
    case (off)
      OffData: read_reg = dl ? dll : rbr;
      OffIer:  read_reg = dl ? dlm : ier;
      OffIir:  read_reg = iir_v;
      OffLcr:  read_reg = lcr;
      OffMcr:  read_reg = mcr;
      OffLsr:  read_reg = lsr_v;
      OffMsr:  read_reg = MsrValue;
      OffScr:  read_reg = scr;
      default: read_reg = 8'd0;
    endcase
  endfunction

  integer lane;
  reg [7:0] off;
  reg [7:0] wbyte;
  always @(*) begin
    ack_d     = stb_i;
    dat_d     = 32'd0;
    ier_d     = ier_q;
    lcr_d     = lcr_q;
    mcr_d     = mcr_q;
    scr_d     = scr_q;
    dll_d     = dll_q;
    dlm_d     = dlm_q;
    fifo_en_d = fifo_en_q;
    hold_v_d  = hold_v_q && !tx_ready;
    hold_d    = hold_q;
    txb_v_d   = 1'b0;
    txb_d     = txb_q;
    rbr_v_d   = rbr_v_q;
    rbr_d     = rbr_q;
    if (!rbr_v_q && rx_valid_i) begin
      rbr_v_d = 1'b1;
      rbr_d   = rx_data_i;
    end
    for (lane = 0; lane < 4; lane = lane + 1) begin
      off   = {5'd0, adr_i[2], lane[1:0]};
      wbyte = dat_i[8*lane +: 8];
      if (stb_i && sel_i[lane]) begin
        dat_d[8*lane +: 8] = read_reg(off, rbr_q, ier_q, iir, lcr_q, mcr_q, lsr, scr_q,
                                      dll_q, dlm_q, dlab);
        if (!we_i && off == OffData && !dlab) rbr_v_d = 1'b0;
        if (we_i) begin
          case (off)
            OffData: begin
              if (dlab) begin
                dll_d = wbyte;
              end else begin
                txb_v_d  = 1'b1;
                txb_d    = wbyte;
                hold_v_d = serial;
                hold_d   = wbyte;
              end
            end
            OffIer: if (dlab) dlm_d = wbyte; else ier_d = {4'd0, wbyte[3:0]};
            OffIir: fifo_en_d = wbyte[0];
            OffLcr: lcr_d = wbyte;
            OffMcr: mcr_d = {3'd0, wbyte[4:0]};
            OffScr: scr_d = wbyte;
            default: ;
          endcase
        end
      end
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      ack_q     <= 1'b0;
      dat_q     <= 32'd0;
      ier_q     <= 8'd0;
      lcr_q     <= 8'd0;
      mcr_q     <= 8'd0;
      scr_q     <= 8'd0;
      dll_q     <= 8'd0;
      dlm_q     <= 8'd0;
      fifo_en_q <= 1'b0;
      hold_v_q  <= 1'b0;
      hold_q    <= 8'd0;
      txb_v_q   <= 1'b0;
      txb_q     <= 8'd0;
      rbr_v_q   <= 1'b0;
      rbr_q     <= 8'd0;
    end else begin
      ack_q     <= ack_d;
      dat_q     <= dat_d;
      ier_q     <= ier_d;
      lcr_q     <= lcr_d;
      mcr_q     <= mcr_d;
      scr_q     <= scr_d;
      dll_q     <= dll_d;
      dlm_q     <= dlm_d;
      fifo_en_q <= fifo_en_d;
      hold_v_q  <= hold_v_d;
      hold_q    <= hold_d;
      txb_v_q   <= txb_v_d;
      txb_q     <= txb_d;
      rbr_v_q   <= rbr_v_d;
      rbr_q     <= rbr_d;
    end
  end

  common_uart_tx #(
    .ClkHz (ClkHz),
    .Baud  (Baud)
  ) u_tx (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .valid_i (hold_v_q),
    .data_i  (hold_q),
    .ready_o (tx_ready),
    .tx_o    (tx_o)
  );

  assign ack_o           = ack_q;
  assign dat_o           = dat_q;
  assign tx_byte_valid_o = txb_v_q;
  assign tx_byte_o       = txb_q;
  assign rx_ready_o      = !rbr_v_q;
  // Received data available (ERBFI) or transmitter empty (ETBEI).
  assign irq_o           = (ier_q[0] && rbr_v_q) || (ier_q[1] && thre);

endmodule
`default_nettype wire
