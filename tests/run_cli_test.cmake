# Runs the ivrscope binary once and compares its whole standard output (and,
# when a golden file for it is given, its standard error) and its exit code
# with what is expected. CMake script mode, so the end-to-end tests need
# nothing beyond what builds the project:
#
#   cmake -DIVRSCOPE=<binary> -DARGS="check --format json clean.ivrflow"
#         -DWORKING_DIRECTORY=<dir> -DEXPECTED_STDOUT=<golden file>
#         [-DEXPECTED_STDERR=<golden file>] [-DSTDIN=<file>]
#         -DEXPECTED_EXIT=<code>
#         -DACTUAL_DIR=<dir> -P run_cli_test.cmake
#
# ARGS is split like a shell command line (separate_arguments UNIX_COMMAND).
# The binary runs in WORKING_DIRECTORY so that the paths it prints are the
# relative ones given in ARGS, the same on every machine. The actual output
# is kept in ACTUAL_DIR for inspection.
#
# To regenerate the golden files after an intended change of output, run the
# tests with IVRSCOPE_UPDATE_GOLDEN=1 in the environment, e.g.
#   IVRSCOPE_UPDATE_GOLDEN=1 ctest --test-dir build -R '^cli\.'
# then review the change with git diff. Exit codes live in
# tests/CMakeLists.txt and are never rewritten.
cmake_minimum_required(VERSION 3.25)

foreach(var IN ITEMS IVRSCOPE WORKING_DIRECTORY EXPECTED_STDOUT EXPECTED_EXIT
                     ACTUAL_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run_cli_test.cmake: -D${var}=... is required")
  endif()
endforeach()

separate_arguments(args UNIX_COMMAND "${ARGS}")
# -DSTDIN=FILE: the binary's standard input (else it inherits ctest's).
set(input "")
if(DEFINED STDIN)
  set(input INPUT_FILE "${STDIN}")
endif()
execute_process(
  COMMAND "${IVRSCOPE}" ${args}
  WORKING_DIRECTORY "${WORKING_DIRECTORY}"
  ${input}
  OUTPUT_VARIABLE actual_stdout
  ERROR_VARIABLE actual_stderr
  RESULT_VARIABLE actual_exit)

# Lines of text as a CMake list. Characters that lists treat specially are
# replaced first (and restored by Unescape) so that JSON's brackets and any
# semicolon survive.
function(SplitLines text out)
  string(REPLACE "\\" "<BS>" text "${text}")
  string(REPLACE ";" "<SC>" text "${text}")
  string(REPLACE "[" "<LB>" text "${text}")
  string(REPLACE "]" "<RB>" text "${text}")
  string(REPLACE "\n" ";" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

function(Unescape line out)
  string(REPLACE "<BS>" "\\" line "${line}")
  string(REPLACE "<SC>" ";" line "${line}")
  string(REPLACE "<LB>" "[" line "${line}")
  string(REPLACE "<RB>" "]" line "${line}")
  set(${out} "${line}" PARENT_SCOPE)
endfunction()

# Appends lines [begin, end) of the list `lines`, each after `mark`, to the
# variable `out`; at most 40, so a golden that is all wrong stays readable.
macro(AppendLines lines begin end mark out)
  set(_i ${begin})
  set(_shown 0)
  while(_i LESS ${end})
    if(_shown EQUAL 40)
      math(EXPR _rest "${end} - ${_i}")
      string(APPEND ${out} "${mark}... ${_rest} more lines\n")
      break()
    endif()
    list(GET ${lines} ${_i} _l)
    Unescape("${_l}" _l)
    string(APPEND ${out} "${mark}${_l}\n")
    math(EXPR _i "${_i} + 1")
    math(EXPR _shown "${_shown} + 1")
  endwhile()
endmacro()

# Appends to `report` a unified-diff-like view of one hunk: the lines from
# the first difference to the last, with three lines of context around.
function(Diff expected actual label report)
  SplitLines("${expected}" want)
  SplitLines("${actual}" got)
  list(LENGTH want want_n)
  list(LENGTH got got_n)
  set(head 0)  # common leading lines
  while(head LESS want_n AND head LESS got_n)
    list(GET want ${head} a)
    list(GET got ${head} b)
    if(NOT a STREQUAL b)
      break()
    endif()
    math(EXPR head "${head} + 1")
  endwhile()
  set(tail 0)  # common trailing lines, not overlapping the head
  while(tail LESS want_n AND tail LESS got_n)
    math(EXPR i "${want_n} - ${tail} - 1")
    math(EXPR j "${got_n} - ${tail} - 1")
    if(i LESS head OR j LESS head)
      break()
    endif()
    list(GET want ${i} a)
    list(GET got ${j} b)
    if(NOT a STREQUAL b)
      break()
    endif()
    math(EXPR tail "${tail} + 1")
  endwhile()

  set(text "--- expected ${label}\n+++ actual ${label}\n")
  math(EXPR from "${head} - 3")
  if(from LESS 0)
    set(from 0)
  endif()
  math(EXPR line "${from} + 1")
  string(APPEND text "@@ line ${line} @@\n")
  math(EXPR want_end "${want_n} - ${tail}")
  math(EXPR got_end "${got_n} - ${tail}")
  AppendLines(want ${from} ${head} " " text)
  AppendLines(want ${head} ${want_end} "-" text)
  AppendLines(got ${head} ${got_end} "+" text)
  math(EXPR after "${want_end} + 3")
  if(after GREATER want_n)
    set(after ${want_n})
  endif()
  AppendLines(want ${want_end} ${after} " " text)
  set(${report} "${${report}}${text}" PARENT_SCOPE)
endfunction()

get_filename_component(name "${EXPECTED_STDOUT}" NAME_WE)
file(MAKE_DIRECTORY "${ACTUAL_DIR}")
file(WRITE "${ACTUAL_DIR}/${name}.stdout" "${actual_stdout}")
file(WRITE "${ACTUAL_DIR}/${name}.stderr" "${actual_stderr}")

set(streams stdout)
if(DEFINED EXPECTED_STDERR)
  list(APPEND streams stderr)
endif()

set(failures "")
set(output_differs FALSE)
foreach(stream IN LISTS streams)
  string(TOUPPER "${stream}" upper)
  set(golden "${EXPECTED_${upper}}")
  if("$ENV{IVRSCOPE_UPDATE_GOLDEN}" STREQUAL "1")
    file(WRITE "${golden}" "${actual_${stream}}")
    message(STATUS "updated ${golden}")
    continue()
  endif()
  if(EXISTS "${golden}")
    file(READ "${golden}" expected)
  else()
    set(expected "")
    string(APPEND failures "missing golden file ${golden}\n")
  endif()
  if(NOT expected STREQUAL actual_${stream})
    set(output_differs TRUE)
    Diff("${expected}" "${actual_${stream}}" "${stream}" failures)
  endif()
endforeach()

if(NOT actual_exit STREQUAL EXPECTED_EXIT)
  string(APPEND failures
    "exit code: expected ${EXPECTED_EXIT}, got ${actual_exit}\n")
endif()

if(NOT failures STREQUAL "")
  # NOTICE prints the text as it is (FATAL_ERROR would rewrap the diff).
  if(output_differs)
    string(APPEND failures
      "actual output: ${ACTUAL_DIR}/${name}.stdout and .stderr\n"
      "if the new output is right: IVRSCOPE_UPDATE_GOLDEN=1 ctest -R '^cli\\.'")
  endif()
  message(NOTICE "ivrscope ${ARGS}\n(in ${WORKING_DIRECTORY})\n${failures}")
  message(FATAL_ERROR "output or exit code differs from what is expected")
endif()
