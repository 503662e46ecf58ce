`default_nettype none
// display_windows: the window descriptor table of the display, NumWin windows indexed
// by the low bits of a PDU's VC index. Each descriptor holds an offset (signed x, y:
// where the video frame's top-left pixel lands on the screen), a clip rectangle
// (x0, y0, x1, y1, inclusive, unsigned screen pixels), an enable and a 4-bit z-order
// (higher z in front; equal z: higher window number in front).
//
// Storage: one block RAM of 2 x NumWin descriptors (two slots a window), one write and
// one read port, registered read. Descriptor layout, off_x in the least significant
// bits: {en, z[3:0], clip_y1, clip_x1, clip_y0, clip_x0, off_y, off_x}, CoordBits-bit
// coordinates. Per window two flags in flip-flops say which slot is active (act_q)
// and whether the shadow (the copy that writes change) has diverged from it (dirty_q:
// the shadow is then the other slot, else both are the active slot); a first write to
// a window after a swap copies the active descriptor into the other slot (copy on
// write). The swap (at a frame boundary) is then one cycle for the whole table:
// act_q ^= dirty_q, dirty_q = 0. zero flags (shadow and active) stand for the reset
// value, all fields zero (disabled), since block RAM has no reset.
//
// Update port (one operation at a time, upd_ready_o high): a field read or
// read-modify-write (field 0 offset {y, x} in bits 27:16 and 11:0; 1 clip min {y0, x0};
// 2 clip max {y1, x1}; 3 control: enable bit 0, z bits 11:8; upd_mask_i selects the
// bits written) reads the shadow in the request cycle, returns the field on
// upd_rdata_o the next cycle and writes there; a whole-descriptor write (upd_whole_i)
// writes in the request cycle. A write counts as done in the cycle after its request:
// a swap in that cycle includes it. Table read port (the blitter, active copy): a read
// of window tab_win_i when tab_req_i is granted (tab_gnt_o: the update port does not
// read this cycle) returns the descriptor on tab_desc_o the next cycle, tab_valid_o
// high, en forced to 0 for a window never written since reset.
//
// Swap: swap_req_i (vsync, a pulse in this clock domain) makes a swap pending; it
// happens in the first cycle with blit_idle_i high (swap_o pulses the cycle after),
// and swap_pending_o tells the blitter not to start a new PDU meanwhile. So every PDU
// is drawn with one consistent table and a window never tears.
module display_windows #(
  // Windows in the table (a power of two, at least 16 in the display).
  parameter integer NumWin = 16,
  // Coordinate bits (offsets two's complement, clip corners unsigned).
  parameter integer CoordBits = 12
) (
  input  wire                            clk_i,
  input  wire                            rst_ni,
  // Update port (shadow copy).
  input  wire                            upd_req_i,
  output wire                            upd_ready_o,
  input  wire [$clog2(NumWin)-1:0]       upd_win_i,
  input  wire                            upd_whole_i,
  input  wire                            upd_we_i,
  input  wire [1:0]                      upd_field_i,
  input  wire [31:0]                     upd_data_i,
  input  wire [31:0]                     upd_mask_i,
  input  wire [6*CoordBits+4:0]          upd_desc_i,
  output reg  [31:0]                     upd_rdata_o,
  // Table read port (active copy).
  input  wire                            tab_req_i,
  input  wire [$clog2(NumWin)-1:0]       tab_win_i,
  output wire                            tab_gnt_o,
  output reg                             tab_valid_o,
  output wire [6*CoordBits+4:0]          tab_desc_o,
  // Frame boundary handshake.
  input  wire                            swap_req_i,
  input  wire                            blit_idle_i,
  output wire                            swap_pending_o,
  output wire                            swap_o
);

  localparam integer DescBits = 6 * CoordBits + 5;
  localparam integer WinBits = $clog2(NumWin);
  localparam integer C = CoordBits;

  // A read and a write never meet at one address in one cycle (the table port reads
  // active slots, writes go to the other slot; the update port reads only when no
  // write is due), so the RAM needs no read-during-write bypass.
  (* no_rw_check *)
  reg  [DescBits-1:0] mem_q [0:2*NumWin-1];
  reg  [DescBits-1:0] rd_q;
  reg  [NumWin-1:0]   act_q;
  reg  [NumWin-1:0]   dirty_q;
  reg  [NumWin-1:0]   sh_zero_q;
  reg  [NumWin-1:0]   act_zero_q;
  reg                 pending_q;
  reg                 swap_q;
  // The read-modify-write in its second cycle.
  reg                 rmw_q;
  reg                 rmw_we_q;
  reg  [WinBits-1:0]  rmw_win_q;
  reg  [1:0]          rmw_field_q;
  reg  [31:0]         rmw_data_q;
  reg  [31:0]         rmw_mask_q;
  reg                 rmw_zero_q;
  reg                 tab_zero_q;

  wire do_swap = pending_q & blit_idle_i;
  wire upd_rd = upd_req_i & ~upd_whole_i;
  assign upd_ready_o = ~rmw_q;
  assign tab_gnt_o = tab_req_i & ~upd_rd;

  // The shadow (as read in the request cycle) with one field replaced.
  wire [DescBits-1:0] rmw_old = rmw_zero_q ? {DescBits{1'b0}} : rd_q;
  reg  [31:0]         old_field;
  always @(*) begin
    old_field = 32'd0;
    case (rmw_field_q)
      2'd0: old_field = {{(16-C){1'b0}}, rmw_old[C +: C], {(16-C){1'b0}}, rmw_old[0 +: C]};
      2'd1: old_field = {{(16-C){1'b0}}, rmw_old[3*C +: C], {(16-C){1'b0}}, rmw_old[2*C +: C]};
      2'd2: old_field = {{(16-C){1'b0}}, rmw_old[5*C +: C], {(16-C){1'b0}}, rmw_old[4*C +: C]};
      default: old_field = {20'd0, rmw_old[6*C +: 4], 7'd0, rmw_old[6*C + 4]};
    endcase
  end
  wire [31:0] new_field = (old_field & ~rmw_mask_q) | (rmw_data_q & rmw_mask_q);
  reg  [DescBits-1:0] rmw_desc;
  always @(*) begin
    rmw_desc = rmw_old;
    case (rmw_field_q)
      2'd0: begin
        rmw_desc[0 +: C] = new_field[C-1:0];
        rmw_desc[C +: C] = new_field[16 +: C];
      end
      2'd1: begin
        rmw_desc[2*C +: C] = new_field[C-1:0];
        rmw_desc[3*C +: C] = new_field[16 +: C];
      end
      2'd2: begin
        rmw_desc[4*C +: C] = new_field[C-1:0];
        rmw_desc[5*C +: C] = new_field[16 +: C];
      end
      default: begin
        rmw_desc[6*C +: 4] = new_field[11:8];
        rmw_desc[6*C + 4] = new_field[0];
      end
    endcase
  end
  always @(*) begin
    upd_rdata_o = old_field;
  end

  // Writes: a whole descriptor in its request cycle, a read-modify-write in its
  // second cycle; both into the slot that is not active.
  wire                wr_en = (upd_req_i & upd_whole_i & upd_we_i) | (rmw_q & rmw_we_q);
  wire [WinBits-1:0]  wr_win = rmw_q ? rmw_win_q : upd_win_i;
  wire [DescBits-1:0] wr_desc = rmw_q ? rmw_desc : upd_desc_i;
  wire [NumWin-1:0]   wr_onehot = wr_en ? ({{(NumWin-1){1'b0}}, 1'b1} << wr_win) :
                                          {NumWin{1'b0}};
  wire [WinBits:0]    wr_addr = {~act_q[wr_win], wr_win};
  // Reads: the update port's shadow slot, else the table port's active slot.
  wire [WinBits:0]    rd_addr = upd_rd ? {act_q[upd_win_i] ^ dirty_q[upd_win_i], upd_win_i} :
                                         {act_q[tab_win_i], tab_win_i};

  always @(posedge clk_i) begin
    if (wr_en) begin
      mem_q[wr_addr] <= wr_desc;
    end
    rd_q <= mem_q[rd_addr];
  end

  always @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      act_q <= {NumWin{1'b0}};
      dirty_q <= {NumWin{1'b0}};
      sh_zero_q <= {NumWin{1'b1}};
      act_zero_q <= {NumWin{1'b1}};
      pending_q <= 1'b0;
      swap_q <= 1'b0;
      rmw_q <= 1'b0;
      rmw_we_q <= 1'b0;
      rmw_win_q <= {WinBits{1'b0}};
      rmw_field_q <= 2'd0;
      rmw_data_q <= 32'd0;
      rmw_mask_q <= 32'd0;
      rmw_zero_q <= 1'b0;
      tab_valid_o <= 1'b0;
      tab_zero_q <= 1'b0;
    end else begin
      rmw_q <= upd_rd;
      if (upd_rd) begin
        rmw_we_q <= upd_we_i;
        rmw_win_q <= upd_win_i;
        rmw_field_q <= upd_field_i;
        rmw_data_q <= upd_data_i;
        rmw_mask_q <= upd_mask_i;
        rmw_zero_q <= sh_zero_q[upd_win_i];
      end
      tab_valid_o <= tab_gnt_o;
      tab_zero_q <= act_zero_q[tab_win_i];
      if (do_swap) begin
        act_q <= act_q ^ (dirty_q | wr_onehot);
        dirty_q <= {NumWin{1'b0}};
        act_zero_q <= sh_zero_q & ~wr_onehot;
      end else begin
        dirty_q <= dirty_q | wr_onehot;
      end
      sh_zero_q <= sh_zero_q & ~wr_onehot;
      pending_q <= (pending_q & ~blit_idle_i) | swap_req_i;
      swap_q <= do_swap;
    end
  end

  assign tab_desc_o = {rd_q[DescBits-1] & ~tab_zero_q, rd_q[DescBits-2:0]};
  assign swap_pending_o = pending_q;
  assign swap_o = swap_q;

  // Bits outside the register fields are ignored on writes.
  wire unused_ok = &{1'b0, new_field[31:16+C], new_field[15:C]};

endmodule
`default_nettype wire
