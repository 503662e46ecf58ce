# host/atm link model: wire bytes, scrambler, HEC delineation and header error control.
add_host_test(host_atm_link_model_test
  SOURCES link_model_test.cc
  LIBS pegasus_atm_san)
