# host/atm AAL5 model (segmentation, multi-VC reassembly and its drop counters) and the
# SunATM pcap writer, read back with tshark.
add_host_test(host_atm_aal5_model_test
  SOURCES aal5_model_test.cc
  LIBS pegasus_atm_san)
add_host_test(host_atm_aal5_pcap_test
  SOURCES aal5_pcap_test.cc
  LIBS pegasus_atm_san pegasus_bfm)
