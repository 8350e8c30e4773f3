# Runs ivrscope once and compares what it printed with a golden file.
#   cmake -DBIN=... -DWORKDIR=... -DGOLDEN=... -DRC=... -DARGS="a;b" -P golden_test.cmake
# The golden file holds stdout, then "--- stderr ---" and stderr when stderr
# is not empty; RC is the expected exit code. With the environment variable
# IVRSCOPE_UPDATE_GOLDEN=1 the golden file is rewritten instead (review the
# diff before committing it).
execute_process(
  COMMAND ${BIN} ${ARGS}
  WORKING_DIRECTORY ${WORKDIR}
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
  RESULT_VARIABLE rc)
set(actual "${out}")
if(NOT err STREQUAL "")
  string(APPEND actual "--- stderr ---\n${err}")
endif()
if("$ENV{IVRSCOPE_UPDATE_GOLDEN}" STREQUAL "1")
  file(WRITE ${GOLDEN} "${actual}")
  message(STATUS "updated ${GOLDEN}")
endif()
file(READ ${GOLDEN} expected)
if(NOT rc STREQUAL RC)
  message(FATAL_ERROR "exit code ${rc}, expected ${RC}\n${actual}")
endif()
if(NOT actual STREQUAL expected)
  file(WRITE ${GOLDEN}.actual "${actual}")
  message(FATAL_ERROR "output differs from ${GOLDEN}; got ${GOLDEN}.actual:\n"
                      "diff ${GOLDEN} ${GOLDEN}.actual")
endif()
