// libFuzzer target for the ivrflow loader and everything after it: each input
// is loaded (XmlSource's checks, then the dialect), linked, analysed by every
// rule and written as both reports. Run it with tools/fuzz.sh ivrflow SECONDS.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "loaders/ivrflow_loader.hpp"

namespace ivrscope {
namespace {

void LoadAnalyseReport(const std::uint8_t* data, std::size_t size) {
  std::vector<Fragment> fragments;
  std::vector<Diagnostic> errors;
  int index = 0;
  for (std::string_view file : fuzz::SplitFiles(data, size)) {
    const std::string path = "f" + std::to_string(index++) + ".ivrflow";
    Result<Fragment> loaded = LoadIvrflowText(path, file);
    if (loaded.ok()) {
      fragments.push_back(std::move(loaded.value()));
    } else {
      fuzz::CheckError(loaded.error(), file);
      errors.push_back(loaded.error());
    }
  }
  fuzz::AnalyseAndReport(std::move(fragments), std::move(errors));
}

}  // namespace
}  // namespace ivrscope

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  ivrscope::LoadAnalyseReport(data, size);
  return 0;
}
