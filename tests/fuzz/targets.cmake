# The fuzz targets and the stage library each exercises (shared by the fuzz and replay builds).
set(CA_FUZZ_TARGETS source_decoding cst_walker scip_decoder python_protocol)
set(CA_FUZZ_DEPS_source_decoding ca_source)
set(CA_FUZZ_DEPS_cst_walker ca_extract_cst)
set(CA_FUZZ_DEPS_scip_decoder ca_extract_scip)
set(CA_FUZZ_DEPS_python_protocol ca_extract_python)
