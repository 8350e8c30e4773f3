# Runs the ivrscope binary RUNS times on the same arguments, in separate
# processes (a layout that depends on heap addresses differs only between
# processes), the odd runs with --jobs 1 and the even ones with --jobs 2, and
# fails unless every standard output is byte-identical to the first:
#
#   cmake -DIVRSCOPE=<binary> -DWORKING_DIRECTORY=<dir> -DRUNS=4
#         "-DARGS=check --format html samples" -P same_output_test.cmake
cmake_minimum_required(VERSION 3.25)

separate_arguments(args UNIX_COMMAND "${ARGS}")
set(first "")
foreach(run RANGE 1 ${RUNS})
  math(EXPR odd "${run} % 2")
  if(odd)
    set(jobs 1)
  else()
    set(jobs 2)
  endif()
  execute_process(
    COMMAND ${IVRSCOPE} ${args} --jobs ${jobs}
    WORKING_DIRECTORY ${WORKING_DIRECTORY}
    OUTPUT_VARIABLE out
    RESULT_VARIABLE rc)
  if(NOT rc MATCHES "^[01]$")
    message(FATAL_ERROR "run ${run} exited ${rc}")
  endif()
  if(run EQUAL 1)
    set(first "${out}")
  elseif(NOT out STREQUAL first)
    string(LENGTH "${first}" a)
    string(LENGTH "${out}" b)
    message(FATAL_ERROR
      "run ${run} (--jobs ${jobs}) differs from run 1 (${b} bytes, ${a})")
  endif()
endforeach()
message(STATUS "${RUNS} runs, one output")
