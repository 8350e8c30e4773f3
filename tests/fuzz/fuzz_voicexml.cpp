// libFuzzer target for the VoiceXML loader and everything after it. The input
// is up to four documents (fuzz_support.hpp), app/f0.vxml to app/f3.vxml, read
// from memory: f0 is the entry, the others are loaded only when a document
// names them (next, src, application), so goto chains, application roots and
// targets that climb out of app/ are all fuzzed. Then link, analyse, report.
// Run it with tools/fuzz.sh voicexml SECONDS.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "fuzz_support.hpp"
#include "loaders/voicexml_loader.hpp"

namespace ivrscope {
namespace {

void LoadAnalyseReport(const std::uint8_t* data, std::size_t size) {
  std::vector<std::pair<std::string, std::string>> files;
  for (std::string_view file : fuzz::SplitFiles(data, size)) {
    files.emplace_back("app/f" + std::to_string(files.size()) + ".vxml",
                       std::string(file));
  }
  VoicexmlLoad loaded = LoadVoicexmlTexts(files);
  const std::string_view all(reinterpret_cast<const char*>(data), size);
  for (const Diagnostic& e : loaded.errors) fuzz::CheckError(e, all);
  std::vector<Fragment> fragments;
  fragments.push_back(std::move(loaded.fragment));
  fuzz::AnalyseAndReport(std::move(fragments), std::move(loaded.errors));
}

}  // namespace
}  // namespace ivrscope

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  ivrscope::LoadAnalyseReport(data, size);
  return 0;
}
