# rtl/atm link: atm_link_tx and atm_link_rx against the C++ model (host/atm/link.h),
# and the two in loopback.
add_rtl_test(rtl_atm_link_tx
  TOP atm_link_tx
  TESTS link_tx_test.cc
  LIBS pegasus_atm)
add_rtl_test(rtl_atm_link_rx
  TOP atm_link_rx
  TESTS link_rx_test.cc
  LIBS pegasus_atm)

# Loopback: both modules Verilated into one binary; the test names the transmitter
# through PEGASUS_RTL_MODEL/HEADER and the receiver through LINK_RX_MODEL/HEADER.
add_rtl_test(rtl_atm_link_loopback
  TOP atm_link_tx
  TESTS link_loopback_test.cc
  LIBS pegasus_atm)
pegasus_verilate(rtl_atm_link_loopback TOP atm_link_rx PREFIX Vrtl_atm_link_loopback_rx
                 MODEL_MACRO LINK_RX)
