// libFuzzer target for the configuration file (.ivrscope.ini), given to
// `ivrscope check --config FILE` (fuzz_check_file.hpp), so that the file's
// scanner, Boost's parser, every key's validation and the analysis the
// settings shape are fuzzed together. Run it with
// tools/fuzz.sh config SECONDS.
#include <cstddef>
#include <cstdint>

#include "fuzz_check_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  ivrscope::fuzz::CheckWithFile("--config", "ini", data, size);
  return 0;
}
