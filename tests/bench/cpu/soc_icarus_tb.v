`timescale 1ns / 1ps
`default_nettype none
`include "pegasus_memory_map.vh"
// soc_icarus_tb: the Pegasus SoC (soc_top, same parameters as pegasus-sim) under Icarus
// Verilog, for bench_cpu's simulator comparison. It fills the RAM from a word image
// (+image=<file>, $readmemh format with @word-index lines, written by cpu_bench.py from
// the ELF), releases reset, copies UART bytes to stdout, and ends at the first write to
// the test finisher with "finish <hex word> cycles <n>", or after +max_cycles=<n> with
// "timeout cycles <n>". The count is that of pegasus-sim: clock edges out of reset
// before the one at which finish_o is seen.
module soc_icarus_tb;
  localparam integer RamWords = `PEGASUS_RAM_SIZE / 4;

  reg         clk = 1'b0;
  reg         rst_n = 1'b0;
  wire        finish;
  wire [31:0] finish_data;
  wire        tx_valid;
  wire [7:0]  tx_byte;
  reg  [63:0] cycles = 64'd0;
  reg  [63:0] max_cycles;
  reg  [8*512-1:0] image_path;
  reg  [31:0] image [0:RamWords-1];
  integer     i;

  soc_top #(
    .ClkHz    (50_000_000),
    .Baud     (12_500_000),
    .SerialTx (0)
  ) u_soc (
    .clk_i                (clk),
    .rst_ni               (rst_n),
    .uart_tx_o            (),
    .uart_tx_byte_valid_o (tx_valid),
    .uart_tx_byte_o       (tx_byte),
    .uart_rx_valid_i      (1'b0),
    .uart_rx_data_i       (8'd0),
    .uart_rx_ready_o      (),
    .finish_o             (finish),
    .finish_data_o        (finish_data),
    .load_we_i            (1'b0),
    .load_word_i          (32'd0),
    .load_data_i          (32'd0),
    .irq_devices_i        (32'd0),
    .m_cell_tdata_o       (),
    .m_cell_tvalid_o      (),
    .m_cell_tready_i      (1'b1),
    .m_cell_tlast_o       (),
    .s_cell_tdata_i       (32'd0),
    .s_cell_tvalid_i      (1'b0),
    .s_cell_tready_o      (),
    .s_cell_tlast_i       (1'b0),
    .nic_loopback_i       (1'b0),
    .trace_w_valid_o      (),
    .trace_w_pc_o         (),
    .trace_w_insn_o       (),
    .trace_w_rd_o         (),
    .trace_w_rd_wdata_o   (),
    .trace_w_mem_we_o     (),
    .trace_w_mem_addr_o   (),
    .trace_w_mem_sel_o    (),
    .trace_w_mem_wdata_o  (),
    .trace_trap_valid_o   (),
    .trace_trap_pc_o      (),
    .trace_trap_cause_o   (),
    .trace_trap_tval_o    (),
    .trace_x_valid_o      (),
    .trace_x_pc_o         (),
    .trace_x_insn_o       (),
    .trace_x_rd_o         (),
    .trace_x_rd_wdata_o   ()
  );

  always #10 clk = ~clk;

  initial begin
    if (!$value$plusargs("image=%s", image_path)) begin
      $display("soc_icarus_tb: no +image=<file>");
      $finish;
    end
    if (!$value$plusargs("max_cycles=%d", max_cycles)) max_cycles = 64'd100_000_000;
    for (i = 0; i < RamWords; i = i + 1) image[i] = 32'd0;
    $readmemh(image_path, image);
    // The RAM as the loader port would leave it, without RamWords cycles of loading.
    for (i = 0; i < RamWords; i = i + 1) u_soc.u_ram.g_dual.mem_q[i] = image[i];
    repeat (4) @(posedge clk);
    @(negedge clk) rst_n = 1'b1;
  end

  always @(posedge clk) begin
    if (rst_n) begin
      cycles <= cycles + 64'd1;
      if (tx_valid) $write("%c", tx_byte);
      if (finish) begin
        $display("finish %08h cycles %0d", finish_data, cycles);
        $finish;
      end
      if (cycles + 64'd1 >= max_cycles) begin
        $display("timeout cycles %0d", cycles + 64'd1);
        $finish;
      end
    end
  end
endmodule
