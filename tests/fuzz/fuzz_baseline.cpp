// libFuzzer target for the baseline (an earlier json report, often a CI
// artifact of another change), given to `ivrscope check --baseline FILE`
// (fuzz_check_file.hpp), so that the nesting check, Boost's JSON parser,
// the reading of each finding and the comparison with the flow's findings
// are fuzzed together. Run it with tools/fuzz.sh baseline SECONDS.
#include <cstddef>
#include <cstdint>

#include "fuzz_check_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  ivrscope::fuzz::CheckWithFile("--baseline", "json", data, size);
  return 0;
}
