`default_nettype none
`include "pegasus_memory_map.vh"
// soc_top: the Pegasus SoC: cpu_core, boot ROM, RAM, console UART, CLINT, test
// finisher (at the addresses of QEMU virt), the Pegasus interrupt controller and the
// NIC (soc_nic), at the addresses of the generated memory map.
//
// Interconnect: Wishbone B4 pipelined. The core's instruction port reaches the boot
// ROM and the RAM (through their own read ports); its data port reaches every slave.
// An address decodes to a region by (adr & MASK) == BASE; an address in no region gets
// ERR one cycle later (an access fault). Every slave inside the SoC answers one cycle
// after the request and never stalls, so loads, stores and fetches take one cycle each
// (the external devices bus, below, takes as long as its device; with RamSinglePort a
// fetch from the RAM waits while a load, a store or the NIC has it). The
// NIC's DMA master shares the RAM's data port with the core's data port: the core has
// priority and is never held up; the NIC's request is stalled in every cycle in which
// the core's data port uses the RAM (with RamSinglePort, also while a fetch waits for
// it), and is taken in any other cycle (the core leaves
// the port free at least every other cycle of a load/store sequence: an instruction
// stream cannot store on every cycle for long, so the NIC always progresses). The NIC
// reaches only the RAM: any other address gets ERR one cycle later.
//
// Simulation and loading ports: uart_tx_byte_* shows each byte written to the UART,
// uart_rx_* feeds received bytes, finish_* reports a write to the test finisher, the
// loader port writes RAM words while rst_ni is low, and trace_* is the core's commit
// trace (see cpu_core). irq_devices_i are the interrupt lines of the Pegasus devices
// (bit n is line n of the interrupt controller; the UART's and the NIC's lines are
// added inside), which drives mip.MEIP. m_cell_* and s_cell_* are the NIC's cell
// streams (to and from the switch); with nic_loopback_i high the NIC's cells come back
// to its own input inside the SoC and the s_cell_* and m_cell_tready_i ports are not
// used (for simulation; boards tie it low).
//
// External devices bus (xbus_*): a Wishbone B4 pipelined master for the regions of the
// devices that live outside the SoC: SWITCH (the switch's management port), CAMERA,
// DISPLAY and AUDIO. xbus_adr_o is the full byte address; the outside decodes the
// region from it with the generated map. A core access to one of these regions is
// registered and goes out the next cycle (STB held until STALL is low, CYC until the
// answer); the core waits for ACK or ERR, however many cycles they take. A cycle that
// gets no answer in XbusTimeout cycles is ended by the SoC with ERR (an access fault)
// and CYC dropped, so an absent device never hangs the core; an answer after that is
// ignored. With Xbus 0 there is no such bus (see Xbus).
module soc_top #(
  // Clock frequency in Hz.
  parameter integer ClkHz = 12_000_000,
  // Console line rate in bits per second.
  parameter integer Baud = 115_200,
  // 1: the UART paces THRE by its serial transmitter; 0: THRE always set (simulation).
  parameter integer SerialTx = 1,
  // Cells in the NIC's reassembly pool (a power of two; 1366 hold a 65535-byte PDU).
  parameter integer NicPoolCells = 256,
  // Checked PDUs the NIC's reassembler queues for its receive engine (a power of two).
  parameter integer NicRxQueue = 16,
  // 1: the NIC (the CPU's port on the switch). 0: no NIC, for a board without a
  // switch: its region answers ERR like an address in no region, its interrupt line
  // stays low, m_cell_* are idle and s_cell_tready_o is low (no cell is taken).
  parameter integer Nic = 1,
  // 1: the external devices bus (xbus_*, below). 0: none, for a board without those
  // devices (no switch, camera, display or audio beside the SoC): their regions answer
  // ERR like an address in no region, and the xbus_* outputs stay low.
  parameter integer Xbus = 1,
  // Interrupt controller lines implemented, counting line 0 (soc_intc, 2..32); never
  // fewer than the memory map's sources use (PEGASUS_IRQ_HIGHEST + 1), which a smaller
  // value gives instead.
  parameter integer IntcLines = 32,
  // Cycles an external-bus access may stay unanswered before it ends with ERR (>= 2).
  parameter integer XbusTimeout = 1024,
  // The core's PMP granularity G (regions are multiples of 2^(G+2) bytes).
  parameter integer CpuPmpGranularity = 0,
  // The core's data port and instruction port from registers (see cpu_core:
  // DbusFromW, FetchRegistered): on by default, since the 128 KiB RAM's block RAMs
  // are spread over the part and every path into them must start at a flip-flop
  // (rtl/cpu/README.md, "Size and speed"); 0 and 0 give the core's lower CPI.
  parameter integer CpuDbusFromW = 1,
  parameter integer CpuFetchRegistered = 1,
  // The core's PMP decision cache, late redirects and two-cycle multiply sum (see
  // cpu_core: PmpCache, RedirectLate, MulSumCycles), for small parts.
  parameter integer CpuPmpCache = 0,
  parameter integer CpuRedirectLate = 0,
  parameter integer CpuMulSumCycles = 1,
  // The core's one-entry-a-cycle PMP checker for its caches' misses (cpu_core
  // PmpSerial), for the smallest parts.
  parameter integer CpuPmpSerial = 0,
  // Shifts through the core's multiplier (cpu_core ShiftMul), for the smallest parts.
  parameter integer CpuShiftMul = 0,
  // D's predicted jumps reach the fetch a cycle late (cpu_core PredictLate), so that
  // the RAM's read data do not reach its address in one cycle (the UP5K's SPRAM).
  parameter integer CpuPredictLate = 0,
  // 1: the RAM is one single-port RAM that the instruction and data ports share (the
  // UP5K's SPRAM; see soc_ram): a fetch waits a cycle when a load, a store or the
  // NIC's DMA has the RAM. 0: dual-port block RAM, each port the core's own.
  parameter integer RamSinglePort = 0
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  output wire        uart_tx_o,
  output wire        uart_tx_byte_valid_o,
  output wire [7:0]  uart_tx_byte_o,
  input  wire        uart_rx_valid_i,
  input  wire [7:0]  uart_rx_data_i,
  output wire        uart_rx_ready_o,
  output wire        finish_o,
  output wire [31:0] finish_data_o,
  input  wire        load_we_i,
  input  wire [31:0] load_word_i,
  input  wire [31:0] load_data_i,
  input  wire [31:0] irq_devices_i,
  output wire [31:0] m_cell_tdata_o,
  output wire        m_cell_tvalid_o,
  input  wire        m_cell_tready_i,
  output wire        m_cell_tlast_o,
  input  wire [31:0] s_cell_tdata_i,
  input  wire        s_cell_tvalid_i,
  output wire        s_cell_tready_o,
  input  wire        s_cell_tlast_i,
  input  wire        nic_loopback_i,
  output wire        xbus_cyc_o,
  output wire        xbus_stb_o,
  output wire        xbus_we_o,
  output wire [31:0] xbus_adr_o,
  output wire [3:0]  xbus_sel_o,
  output wire [31:0] xbus_dat_o,
  input  wire        xbus_stall_i,
  input  wire        xbus_ack_i,
  input  wire        xbus_err_i,
  input  wire [31:0] xbus_dat_i,
  output wire        trace_w_valid_o,
  output wire [31:0] trace_w_pc_o,
  output wire [31:0] trace_w_insn_o,
  output wire [4:0]  trace_w_rd_o,
  output wire [31:0] trace_w_rd_wdata_o,
  output wire        trace_w_mem_we_o,
  output wire [31:0] trace_w_mem_addr_o,
  output wire [3:0]  trace_w_mem_sel_o,
  output wire [31:0] trace_w_mem_wdata_o,
  output wire        trace_trap_valid_o,
  output wire [31:0] trace_trap_pc_o,
  output wire [31:0] trace_trap_cause_o,
  output wire [31:0] trace_trap_tval_o,
  output wire        trace_x_valid_o,
  output wire [31:0] trace_x_pc_o,
  output wire [31:0] trace_x_insn_o,
  output wire [4:0]  trace_x_rd_o,
  output wire [31:0] trace_x_rd_wdata_o
);

  localparam [31:0] RomBase   = `PEGASUS_BOOTROM_BASE;
  localparam [31:0] RomMask   = `PEGASUS_BOOTROM_MASK;
  localparam [31:0] RamBase   = `PEGASUS_RAM_BASE;
  localparam [31:0] RamMask   = `PEGASUS_RAM_MASK;
  localparam [31:0] RamSize   = `PEGASUS_RAM_SIZE;
  localparam [31:0] UartBase  = `PEGASUS_UART_BASE;
  localparam [31:0] UartMask  = `PEGASUS_UART_MASK;
  localparam [31:0] ClintBase = `PEGASUS_CLINT_BASE;
  localparam [31:0] ClintMask = `PEGASUS_CLINT_MASK;
  localparam [31:0] FinBase   = `PEGASUS_TEST_FINISHER_BASE;
  localparam [31:0] FinMask   = `PEGASUS_TEST_FINISHER_MASK;
  localparam [31:0] IntcBase  = `PEGASUS_INTC_BASE;
  localparam [31:0] IntcMask  = `PEGASUS_INTC_MASK;
  localparam [31:0] NicBase   = `PEGASUS_NIC_BASE;
  localparam [31:0] NicMask   = `PEGASUS_NIC_MASK;
  localparam [31:0] SwBase    = `PEGASUS_SWITCH_BASE;
  localparam [31:0] SwMask    = `PEGASUS_SWITCH_MASK;
  localparam [31:0] CamBase   = `PEGASUS_CAMERA_BASE;
  localparam [31:0] CamMask   = `PEGASUS_CAMERA_MASK;
  localparam [31:0] DispBase  = `PEGASUS_DISPLAY_BASE;
  localparam [31:0] DispMask  = `PEGASUS_DISPLAY_MASK;
  localparam [31:0] AudBase   = `PEGASUS_AUDIO_BASE;
  localparam [31:0] AudMask   = `PEGASUS_AUDIO_MASK;
  // Width of the external bus's timeout counter.
  localparam integer XtBits   = $clog2(XbusTimeout + 1);
  localparam [XtBits-1:0] XtLast = XtBits'(XbusTimeout - 1);
  // Interrupt controller lines of the UART and the NIC.
  localparam integer IrqUart  = `PEGASUS_IRQ_UART;
  localparam integer IrqNic   = `PEGASUS_IRQ_NIC;
  localparam integer IntcBuilt = (IntcLines > `PEGASUS_IRQ_HIGHEST) ? IntcLines :
                                 `PEGASUS_IRQ_HIGHEST + 1;
  // RAM words.
  localparam integer RamWords = RamSize / 4;

  // Core ports.
  wire        ibus_cyc;
  wire        ibus_stb;
  wire [31:0] ibus_adr;
  wire        ibus_ack;
  wire        ibus_err;
  wire [31:0] ibus_dat;
  wire        dbus_cyc;
  wire        dbus_stb;
  wire        dbus_we;
  wire [31:0] dbus_adr;
  wire [3:0]  dbus_sel;
  wire [31:0] dbus_wdat;
  wire        dbus_ack;
  wire        dbus_err;
  wire        dbus_mem;     // the core may send a load or store this cycle
  wire [31:0] dbus_rdat;
  wire        irq_timer;
  wire        irq_software;
  wire        irq_uart;
  wire        irq_nic;
  // NIC DMA master.
  wire        nic_cyc;
  wire        nic_stb;
  wire        nic_we;
  wire [31:0] nic_adr;
  wire [3:0]  nic_sel;
  wire [31:0] nic_wdat;
  wire        irq_external;

  // ---------------------------------------------------------------- decode
  wire i_rom = (ibus_adr & RomMask) == RomBase;
  wire i_ram = (ibus_adr & RamMask) == RamBase;
  wire d_rom = (dbus_adr & RomMask) == RomBase;
  wire d_ram = (dbus_adr & RamMask) == RamBase;
  wire d_uart = (dbus_adr & UartMask) == UartBase;
  wire d_clint = (dbus_adr & ClintMask) == ClintBase;
  wire d_fin = (dbus_adr & FinMask) == FinBase;
  wire d_intc = (dbus_adr & IntcMask) == IntcBase;
  wire d_nic = Nic != 0 && (dbus_adr & NicMask) == NicBase;
  wire d_xbus = Xbus != 0 &&
                (((dbus_adr & SwMask) == SwBase) ||
                 ((dbus_adr & CamMask) == CamBase) ||
                 ((dbus_adr & DispMask) == DispBase) ||
                 ((dbus_adr & AudMask) == AudBase));
  wire d_none = !(d_rom || d_ram || d_uart || d_clint || d_fin || d_intc || d_nic || d_xbus);
  // RAM data port: the core first, the NIC's DMA in the cycles the core leaves free.
  // The port's address, byte selects and write data belong to the core in every cycle
  // in which it may send a load or store (dbus_mem, from one of its registers),
  // whatever its address and whether or not it goes out this cycle; the
  // NIC's DMA gets them in every other cycle. Every core RAM access is such a cycle
  // (cpu_core raises dbus_stb only while dbus_mem is high), so the core never waits,
  // and the select is known at the start of the cycle: only the port's enable
  // (core_ram) waits for the core's address decode and PMP check, not the port's
  // address and data mux.
  // The NIC's requests reach the port from a one-entry request register (nq_*), so
  // that its engines' request logic ends there and not at the RAM's write enables,
  // which are spread over the part: a request is taken into it when it is empty or
  // drains this cycle, and drains in the first cycle the core leaves the port free
  // (one request a cycle still; each answered a cycle later than from the port
  // directly). A request outside the RAM drains too and is answered with ERR, so
  // that the NIC's answers stay in the order of its requests.
  // With a single-port RAM (RamSinglePort) the NIC goes before a new fetch, which
  // then waits, and after a fetch that waits (ram_a_wait): under contention each has
  // every other cycle, and neither waits for long.
  wire x_ldst    = dbus_mem;
  wire ram_a_wait;
  wire core_ram  = dbus_stb && d_ram;
  reg        nq_v_q, nq_v_d;       // a NIC request waits for the port
  reg        nq_ram_q, nq_ram_d;   // ... for the RAM (else it is answered with ERR)
  reg        nq_we_q, nq_we_d;
  reg [31:0] nq_adr_q, nq_adr_d;
  reg [3:0]  nq_sel_q, nq_sel_d;
  reg [31:0] nq_dat_q, nq_dat_d;
  wire nq_drain  = nq_v_q && !x_ldst && !ram_a_wait;
  wire nic_stall = nq_v_q && !nq_drain;
  wire nic_take  = nic_stb && !nic_stall;
  wire nic_ram   = nq_drain && nq_ram_q;

  always @(*) begin
    nq_v_d   = nq_v_q && !nq_drain;
    nq_ram_d = nq_ram_q;
    nq_we_d  = nq_we_q;
    nq_adr_d = nq_adr_q;
    nq_sel_d = nq_sel_q;
    nq_dat_d = nq_dat_q;
    if (nic_take) begin
      nq_v_d   = 1'b1;
      nq_ram_d = (nic_adr & RamMask) == RamBase;
      nq_we_d  = nic_we;
      nq_adr_d = nic_adr;
      nq_sel_d = nic_sel;
      nq_dat_d = nic_wdat;
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      nq_v_q   <= 1'b0;
      nq_ram_q <= 1'b0;
      nq_we_q  <= 1'b0;
      nq_adr_q <= 32'd0;
      nq_sel_q <= 4'd0;
      nq_dat_q <= 32'd0;
    end else begin
      nq_v_q   <= nq_v_d;
      nq_ram_q <= nq_ram_d;
      nq_we_q  <= nq_we_d;
      nq_adr_q <= nq_adr_d;
      nq_sel_q <= nq_sel_d;
      nq_dat_q <= nq_dat_d;
    end
  end

  // Which slave answers next cycle, and errors. The instruction port needs only
  // "RAM or not": with no error, the other answer is the boot ROM's.
  reg       i_ram_q, i_ram_d;
  reg       i_err_q, i_err_d;
  reg [5:0] d_sel_q, d_sel_d;     // {nic, intc, clint, uart, ram, rom}
  reg       d_err_q, d_err_d;
  reg       n_ram_q, n_ram_d;     // the RAM's answer is the NIC's
  reg       n_err_q, n_err_d;

  always @(*) begin
    // With RamSinglePort a fetch may be answered late: held until then.
    i_ram_d = (RamSinglePort != 0 && !ibus_stb) ? i_ram_q : i_ram;
    i_err_d = ibus_stb && !i_ram && !i_rom;
    d_sel_d = {d_nic, d_intc, d_clint, d_uart, d_ram, d_rom};
    d_err_d = dbus_stb && d_none;
    n_ram_d = nic_ram;
    n_err_d = nq_drain && !nq_ram_q;
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      i_ram_q <= 1'b0;
      i_err_q <= 1'b0;
      d_sel_q <= 6'd0;
      d_err_q <= 1'b0;
      n_ram_q <= 1'b0;
      n_err_q <= 1'b0;
    end else begin
      i_ram_q <= i_ram_d;
      i_err_q <= i_err_d;
      d_sel_q <= d_sel_d;
      d_err_q <= d_err_d;
      n_ram_q <= n_ram_d;
      n_err_q <= n_err_d;
    end
  end

  // ---------------------------------------------------------------- external bus
  // One access at a time (the core waits for its answer): registered request, STB until
  // taken, CYC until ACK, ERR or the timeout.
  reg              x_cyc_q, x_cyc_d;
  reg              x_stb_q, x_stb_d;
  reg              x_we_q, x_we_d;
  reg [31:0]       x_adr_q, x_adr_d;
  reg [3:0]        x_sel_q, x_sel_d;
  reg [31:0]       x_dat_q, x_dat_d;
  reg [XtBits-1:0] x_time_q, x_time_d;    // cycles the open cycle has waited

  wire x_ack = x_cyc_q && xbus_ack_i;
  wire x_err = x_cyc_q && !xbus_ack_i && (xbus_err_i || x_time_q == XtLast);

  always @(*) begin
    x_cyc_d  = x_cyc_q;
    x_stb_d  = x_stb_q;
    x_we_d   = x_we_q;
    x_adr_d  = x_adr_q;
    x_sel_d  = x_sel_q;
    x_dat_d  = x_dat_q;
    x_time_d = x_time_q;
    if (x_cyc_q) begin
      x_time_d = x_time_q + 1'b1;
      if (!xbus_stall_i) x_stb_d = 1'b0;
      if (x_ack || x_err) begin
        x_cyc_d = 1'b0;
        x_stb_d = 1'b0;
      end
    end
    if (dbus_stb && d_xbus) begin
      x_cyc_d  = 1'b1;
      x_stb_d  = 1'b1;
      x_we_d   = dbus_we;
      x_adr_d  = dbus_adr;
      x_sel_d  = dbus_sel;
      x_dat_d  = dbus_wdat;
      x_time_d = '0;
    end
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      x_cyc_q  <= 1'b0;
      x_stb_q  <= 1'b0;
      x_we_q   <= 1'b0;
      x_adr_q  <= 32'd0;
      x_sel_q  <= 4'd0;
      x_dat_q  <= 32'd0;
      x_time_q <= '0;
    end else begin
      x_cyc_q  <= x_cyc_d;
      x_stb_q  <= x_stb_d;
      x_we_q   <= x_we_d;
      x_adr_q  <= x_adr_d;
      x_sel_q  <= x_sel_d;
      x_dat_q  <= x_dat_d;
      x_time_q <= x_time_d;
    end
  end

  assign xbus_cyc_o = x_cyc_q;
  assign xbus_stb_o = x_stb_q;
  assign xbus_we_o  = x_we_q;
  assign xbus_adr_o = x_adr_q;
  assign xbus_sel_o = x_sel_q;
  assign xbus_dat_o = x_dat_q;

  // ---------------------------------------------------------------- slaves
  wire        rom_a_ack;
  wire [31:0] rom_a_dat;
  wire        rom_b_ack;
  wire [31:0] rom_b_dat;
  wire        ram_a_ack;
  wire [31:0] ram_a_dat;
  wire        ram_b_ack;
  wire [31:0] ram_b_dat;
  wire        uart_ack;
  wire [31:0] uart_dat;
  wire        clint_ack;
  wire [31:0] clint_dat;
  wire        fin_ack;
  wire        intc_ack;
  wire [31:0] intc_dat;
  wire        nic_ack;
  wire [31:0] nic_dat;

  soc_bootrom u_bootrom (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .a_stb_i (ibus_stb && i_rom),
    .a_adr_i (ibus_adr),
    .a_ack_o (rom_a_ack),
    .a_dat_o (rom_a_dat),
    .b_stb_i (dbus_stb && d_rom),
    .b_adr_i (dbus_adr),
    .b_ack_o (rom_b_ack),
    .b_dat_o (rom_b_dat)
  );

  soc_ram #(
    .Words      (RamWords),
    .SinglePort (RamSinglePort)
  ) u_ram (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .a_stb_i     (ibus_stb && i_ram),
    .a_adr_i     (ibus_adr),
    .a_ack_o     (ram_a_ack),
    .a_dat_o     (ram_a_dat),
    .b_stb_i     (core_ram || nic_ram),
    .b_we_i      (x_ldst ? dbus_we : nq_we_q),
    .b_adr_i     (x_ldst ? dbus_adr : nq_adr_q),
    .b_sel_i     (x_ldst ? dbus_sel : nq_sel_q),
    .b_dat_i     (x_ldst ? dbus_wdat : nq_dat_q),
    .b_ack_o     (ram_b_ack),
    .b_dat_o     (ram_b_dat),
    .a_wait_o    (ram_a_wait),
    .load_we_i   (load_we_i),
    .load_word_i (load_word_i),
    .load_data_i (load_data_i)
  );

  soc_uart #(
    .ClkHz    (ClkHz),
    .Baud     (Baud),
    .SerialTx (SerialTx)
  ) u_uart (
    .clk_i           (clk_i),
    .rst_ni          (rst_ni),
    .stb_i           (dbus_stb && d_uart),
    .we_i            (dbus_we),
    .adr_i           (dbus_adr),
    .sel_i           (dbus_sel),
    .dat_i           (dbus_wdat),
    .ack_o           (uart_ack),
    .dat_o           (uart_dat),
    .tx_o            (uart_tx_o),
    .tx_byte_valid_o (uart_tx_byte_valid_o),
    .tx_byte_o       (uart_tx_byte_o),
    .rx_valid_i      (uart_rx_valid_i),
    .rx_data_i       (uart_rx_data_i),
    .rx_ready_o      (uart_rx_ready_o),
    .irq_o           (irq_uart)
  );

  soc_clint u_clint (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .stb_i          (dbus_stb && d_clint),
    .we_i           (dbus_we),
    .adr_i          (dbus_adr),
    .sel_i          (dbus_sel),
    .dat_i          (dbus_wdat),
    .ack_o          (clint_ack),
    .dat_o          (clint_dat),
    .irq_timer_o    (irq_timer),
    .irq_software_o (irq_software)
  );

  soc_finisher u_finisher (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .stb_i         (dbus_stb && d_fin),
    .we_i          (dbus_we),
    .dat_i         (dbus_wdat),
    .ack_o         (fin_ack),
    .finish_o      (finish_o),
    .finish_data_o (finish_data_o)
  );

  // The NIC; its cells loop back to its input when nic_loopback_i is high.
  wire [31:0] nic_tx_tdata;
  wire        nic_tx_tvalid;
  wire        nic_tx_tlast;
  wire        nic_rx_tready;

  if (Nic != 0) begin : g_nic
    soc_nic #(
      .ClkHz     (ClkHz),
      .PoolCells (NicPoolCells),
      .RxQueue   (NicRxQueue),
      .DmaBase   (RamBase),
      .DmaMask   (RamMask)
    ) u_nic (
      .clk_i           (clk_i),
      .rst_ni          (rst_ni),
      .wb_stb_i        (dbus_stb && d_nic),
      .wb_we_i         (dbus_we),
      .wb_adr_i        (dbus_adr[7:2]),
      .wb_sel_i        (dbus_sel),
      .wb_dat_i        (dbus_wdat),
      .wb_ack_o        (nic_ack),
      .wb_dat_o        (nic_dat),
      .dma_cyc_o       (nic_cyc),
      .dma_stb_o       (nic_stb),
      .dma_we_o        (nic_we),
      .dma_adr_o       (nic_adr),
      .dma_sel_o       (nic_sel),
      .dma_dat_o       (nic_wdat),
      .dma_stall_i     (nic_stall),
      .dma_ack_i       (ram_b_ack && n_ram_q),
      .dma_err_i       (n_err_q),
      .dma_dat_i       (ram_b_dat),
      .m_cell_tdata_o  (nic_tx_tdata),
      .m_cell_tvalid_o (nic_tx_tvalid),
      .m_cell_tready_i (nic_loopback_i ? nic_rx_tready : m_cell_tready_i),
      .m_cell_tlast_o  (nic_tx_tlast),
      .s_cell_tdata_i  (nic_loopback_i ? nic_tx_tdata : s_cell_tdata_i),
      .s_cell_tvalid_i (nic_loopback_i ? nic_tx_tvalid : s_cell_tvalid_i),
      .s_cell_tready_o (nic_rx_tready),
      .s_cell_tlast_i  (nic_loopback_i ? nic_tx_tlast : s_cell_tlast_i),
      .irq_o           (irq_nic)
    );
  end else begin : g_no_nic
    assign nic_ack       = 1'b0;
    assign nic_dat       = 32'd0;
    assign nic_cyc       = 1'b0;
    assign nic_stb       = 1'b0;
    assign nic_we        = 1'b0;
    assign nic_adr       = 32'd0;
    assign nic_sel       = 4'd0;
    assign nic_wdat      = 32'd0;
    assign nic_tx_tdata  = 32'd0;
    assign nic_tx_tvalid = 1'b0;
    assign nic_tx_tlast  = 1'b0;
    assign nic_rx_tready = 1'b0;
    assign irq_nic       = 1'b0;
    wire unused_ok = &{1'b0, nic_stall, n_ram_q, n_err_q, m_cell_tready_i,
                       s_cell_tdata_i, s_cell_tvalid_i, s_cell_tlast_i};
  end

  assign m_cell_tdata_o  = nic_tx_tdata;
  assign m_cell_tvalid_o = nic_tx_tvalid && !nic_loopback_i;
  assign m_cell_tlast_o  = nic_tx_tlast;
  assign s_cell_tready_o = nic_rx_tready && !nic_loopback_i;

  // Device lines plus the UART's and the NIC's.
  wire [31:0] irq_lines = irq_devices_i | ({31'd0, irq_uart} << IrqUart) |
                          ({31'd0, irq_nic} << IrqNic);

  soc_intc #(
    .Lines (IntcBuilt)
  ) u_intc (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .stb_i  (dbus_stb && d_intc),
    .we_i   (dbus_we),
    .adr_i  (dbus_adr),
    .sel_i  (dbus_sel),
    .dat_i  (dbus_wdat),
    .ack_o  (intc_ack),
    .dat_o  (intc_dat),
    .irq_i  (irq_lines),
    .irq_o  (irq_external)
  );

  // ---------------------------------------------------------------- responses
  assign ibus_ack = rom_a_ack || ram_a_ack;
  assign ibus_err = i_err_q;
  assign ibus_dat = i_ram_q ? ram_a_dat : rom_a_dat;

  assign dbus_ack  = rom_b_ack || (ram_b_ack && !n_ram_q) || uart_ack || clint_ack || fin_ack ||
                     intc_ack || nic_ack || x_ack;
  assign dbus_err  = d_err_q || x_err;
  assign dbus_rdat = x_cyc_q    ? xbus_dat_i :
                     d_sel_q[1] ? ram_b_dat :
                     d_sel_q[2] ? uart_dat :
                     d_sel_q[3] ? clint_dat :
                     d_sel_q[4] ? intc_dat :
                     d_sel_q[5] ? nic_dat :
                     d_sel_q[0] ? rom_b_dat : 32'd0;

  // ---------------------------------------------------------------- core
  cpu_core #(
    .BootAddr        (RomBase),
    .HartId          (32'd0),
    .PmpGranularity  (CpuPmpGranularity),
    .DbusFromW       (CpuDbusFromW),
    .FetchRegistered (CpuFetchRegistered),
    .PmpCache        (CpuPmpCache),
    .RedirectLate    (CpuRedirectLate),
    .MulSumCycles    (CpuMulSumCycles),
    .PmpSerial       (CpuPmpSerial),
    .ShiftMul        (CpuShiftMul),
    .PredictLate     (CpuPredictLate)
  ) u_core (
    .clk_i               (clk_i),
    .rst_ni              (rst_ni),
    .ibus_cyc_o          (ibus_cyc),
    .ibus_stb_o          (ibus_stb),
    .ibus_adr_o          (ibus_adr),
    .ibus_ack_i          (ibus_ack),
    .ibus_err_i          (ibus_err),
    .ibus_dat_i          (ibus_dat),
    .dbus_cyc_o          (dbus_cyc),
    .dbus_stb_o          (dbus_stb),
    .dbus_we_o           (dbus_we),
    .dbus_adr_o          (dbus_adr),
    .dbus_sel_o          (dbus_sel),
    .dbus_dat_o          (dbus_wdat),
    .dbus_ack_i          (dbus_ack),
    .dbus_err_i          (dbus_err),
    .dbus_dat_i          (dbus_rdat),
    .dbus_mem_o          (dbus_mem),
    .irq_timer_i         (irq_timer),
    .irq_software_i      (irq_software),
    .irq_external_i      (irq_external),
    .trace_w_valid_o     (trace_w_valid_o),
    .trace_w_pc_o        (trace_w_pc_o),
    .trace_w_insn_o      (trace_w_insn_o),
    .trace_w_rd_o        (trace_w_rd_o),
    .trace_w_rd_wdata_o  (trace_w_rd_wdata_o),
    .trace_w_mem_we_o    (trace_w_mem_we_o),
    .trace_w_mem_addr_o  (trace_w_mem_addr_o),
    .trace_w_mem_sel_o   (trace_w_mem_sel_o),
    .trace_w_mem_wdata_o (trace_w_mem_wdata_o),
    .trace_trap_valid_o  (trace_trap_valid_o),
    .trace_trap_pc_o     (trace_trap_pc_o),
    .trace_trap_cause_o  (trace_trap_cause_o),
    .trace_trap_tval_o   (trace_trap_tval_o),
    .trace_x_valid_o     (trace_x_valid_o),
    .trace_x_pc_o        (trace_x_pc_o),
    .trace_x_insn_o      (trace_x_insn_o),
    .trace_x_rd_o        (trace_x_rd_o),
    .trace_x_rd_wdata_o  (trace_x_rd_wdata_o)
  );

endmodule
`default_nettype wire
