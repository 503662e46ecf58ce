`default_nettype none
// soc_ram: the SoC's main RAM of Words 32-bit words: an inferred dual-port block RAM,
// or (SinglePort 1) one single-port RAM shared by both ports, for the iCE40 UP5K's
// SPRAM. Port a is the core's instruction port (read only), port b its data port (read
// and write with byte selects); both are Wishbone B4 pipelined slaves that never stall.
// The loader port writes whole words while the system is held in reset (the
// simulator's ELF loader, or a board's boot loader); it takes port b's write path, so
// it must not be used while the core runs.
//
// Dual port (the default): each port answers every request one cycle later (ACK from a
// register, read data from the RAM's output register).
// A read on port a of the word port b writes in the same cycle returns the old or the
// new value (the RTL returns the old one; the block RAMs do not say), so that synthesis
// maps both ports onto one set of true dual-port block RAMs instead of a copy for each
// read port with collision logic (no_rw_check: on the ECP5-85F 64 DP16KD instead of
// 128). Code written by a store or by DMA is fetched as written once the write is done,
// as FENCE.I asks.
//
// Single port: one access a cycle, port b first. Port b is answered one cycle after
// each request, as above. A port a request in a cycle in which port b has one waits in
// a register (a_wait_o high) and goes to the RAM in the first cycle without a port b
// request; port a is answered one cycle after its access (so one cycle or more after
// its request). Port a must not send a new request before the last one is answered
// (one outstanding request, as cpu_core's instruction port does). The RAM is marked
// ram_style "huge": Yosys maps it to SB_SPRAM256KA on the UP5K (16K x 16 each; 128 KiB
// are four), whose read data hold during a write (a write returns no data).
// Assumption: Words is a power of two; addresses wrap inside the RAM.
module soc_ram #(
  // Size in 32-bit words.
  parameter integer Words = 32768,
  // 1: one single-port RAM shared by ports a and b (SPRAM); 0: dual-port block RAM.
  parameter integer SinglePort = 0
) (
  input  wire        clk_i,
  input  wire        rst_ni,
  // Port a: instruction fetch.
  input  wire        a_stb_i,
  input  wire [31:0] a_adr_i,
  output wire        a_ack_o,
  output wire [31:0] a_dat_o,
  // Port b: data.
  input  wire        b_stb_i,
  input  wire        b_we_i,
  input  wire [31:0] b_adr_i,
  input  wire [3:0]  b_sel_i,
  input  wire [31:0] b_dat_i,
  output wire        b_ack_o,
  output wire [31:0] b_dat_o,
  // Single port: a port a request waits for a cycle without a port b request.
  output wire        a_wait_o,
  // Loader: one word per cycle.
  input  wire        load_we_i,
  input  wire [31:0] load_word_i,
  input  wire [31:0] load_data_i
);

  // Width of a word index.
  localparam integer AddrBits = $clog2(Words);

  reg a_ack_q, a_ack_d;
  reg b_ack_q, b_ack_d;

  wire [AddrBits-1:0] a_index = a_adr_i[AddrBits+1:2];
  wire [AddrBits-1:0] b_index = load_we_i ? load_word_i[AddrBits-1:0] : b_adr_i[AddrBits+1:2];
  wire [3:0]          b_wsel  = load_we_i ? 4'b1111 : ((b_stb_i && b_we_i) ? b_sel_i : 4'b0000);
  wire [31:0]         b_wdata = load_we_i ? load_data_i : b_dat_i;

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      a_ack_q <= 1'b0;
      b_ack_q <= 1'b0;
    end else begin
      a_ack_q <= a_ack_d;
      b_ack_q <= b_ack_d;
    end
  end

  assign a_ack_o = a_ack_q;
  assign b_ack_o = b_ack_q;

  generate
    if (SinglePort != 0) begin : g_single
      (* ram_style = "huge" *) reg [31:0] mem_q [0:Words-1];
      reg [31:0]          dat_q;
      reg                 wait_q, wait_d;    // a port a request waits for the RAM
      reg [AddrBits-1:0]  wait_idx_q, wait_idx_d;

      // This cycle's access: the loader or port b, else the waiting port a request,
      // else a new one.
      wire                b_go  = load_we_i || b_stb_i;
      wire                a_go  = !b_go && (wait_q || a_stb_i);
      wire [AddrBits-1:0] index = b_go ? b_index : (wait_q ? wait_idx_q : a_index);
      wire                write = b_wsel != 4'b0000;

      always @(*) begin
        b_ack_d    = b_stb_i;
        a_ack_d    = a_go;
        wait_d     = b_go && (wait_q || a_stb_i);
        wait_idx_d = wait_q ? wait_idx_q : a_index;
      end

      always @(posedge clk_i or negedge rst_ni) begin
        if (!rst_ni) begin
          wait_q     <= 1'b0;
          wait_idx_q <= {AddrBits{1'b0}};
        end else begin
          wait_q     <= wait_d;
          wait_idx_q <= wait_idx_d;
        end
      end

      // Single-port RAM: read data from its output register, which holds during a
      // write. It reads in every cycle without a write, whether or not a port asks
      // (an answer is taken in the cycle after its request only), so that the RAM's
      // enables do not wait for the fetch address's decode: a fetch address reaches
      // only the RAM's address and bank select.
      always @(posedge clk_i) begin
        if (write) begin
          if (b_wsel[0]) mem_q[index][7:0]   <= b_wdata[7:0];
          if (b_wsel[1]) mem_q[index][15:8]  <= b_wdata[15:8];
          if (b_wsel[2]) mem_q[index][23:16] <= b_wdata[23:16];
          if (b_wsel[3]) mem_q[index][31:24] <= b_wdata[31:24];
        end else begin
          dat_q <= mem_q[index];
        end
      end

      assign a_dat_o  = dat_q;
      assign b_dat_o  = dat_q;
      assign a_wait_o = wait_q;
    end else begin : g_dual
      (* no_rw_check *) reg [31:0] mem_q [0:Words-1];
      reg [31:0] a_dat_q;
      reg [31:0] b_dat_q;

      always @(*) begin
        a_ack_d = a_stb_i;
        b_ack_d = b_stb_i;
      end

      // Block RAM: read-first ports, byte write enables on port b.
      always @(posedge clk_i) begin
        a_dat_q <= mem_q[a_index];
        b_dat_q <= mem_q[b_index];
        if (b_wsel[0]) mem_q[b_index][7:0]   <= b_wdata[7:0];
        if (b_wsel[1]) mem_q[b_index][15:8]  <= b_wdata[15:8];
        if (b_wsel[2]) mem_q[b_index][23:16] <= b_wdata[23:16];
        if (b_wsel[3]) mem_q[b_index][31:24] <= b_wdata[31:24];
      end

      assign a_dat_o  = a_dat_q;
      assign b_dat_o  = b_dat_q;
      assign a_wait_o = 1'b0;
    end
  endgenerate

endmodule
`default_nettype wire
