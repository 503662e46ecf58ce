# AAL5 segmenter and reassembler: one program holding both models (the reassembler as
# the add_rtl_test top, the segmenter beside it as AAL5_SEG_MODEL) so that the loopback
# test can run segmenter -> cell interleaver -> reassembler. The reference
# model is host/atm/aal5. PEGASUS_LONG=1 runs the full acceptance counts.
add_rtl_test(rtl_atm_aal5
  TOP atm_aal5_reasm
  PARAMS IndexBits=6 NumCells=4096 DescDepth=256
  TESTS aal5_test.cc
  LIBS pegasus_atm)
pegasus_verilate(rtl_atm_aal5 TOP atm_aal5_seg PREFIX Vaal5_seg MODEL_MACRO AAL5_SEG)
