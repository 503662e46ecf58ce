`default_nettype none
// cpu_pmp_napot: the NAPOT mask of a pmpaddr value (privileged architecture 1.12,
// 3.7.1): the address bits a NAPOT region compares. The trailing ones of pmpaddr (as
// it reads in NAPOT mode, bits G-2:0 ones with granularity G) and the zero above them
// are don't-care, and so is everything within a granule (bits G-1:0). One adder:
// a ^ (a + 1) has ones exactly over the trailing ones and the zero above them.
// cpu_csr forms it when pmpaddrN is written (for the parallel checkers);
// cpu_pmp_serial forms it for the entry it selects.
module cpu_pmp_napot #(
  // PMP granularity G (0..20): regions are multiples of 2^(G+2) bytes.
  parameter integer Granularity = 0
) (
  input  wire [31:0] addr_i,    // pmpaddr (address bits 33:2)
  output wire [31:0] mask_o
);

  localparam [31:0] GranuleBits = (32'd1 << Granularity) - 32'd1;
  localparam [31:0] GranuleOnes = (Granularity >= 2) ?
                                  ((32'd1 << (Granularity - 1)) - 32'd1) : 32'd0;
  wire [31:0] ones = addr_i | GranuleOnes;
  assign mask_o = ~(ones ^ (ones + 32'd1)) & ~GranuleBits;

endmodule
`default_nettype wire
