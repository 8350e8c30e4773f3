// Acceptance on real documents written by others: every VoiceXML document of
// ../shared/corpus (listed in its MANIFEST.tsv) is either analysed or refused
// with a path:line:col message of a kind a VoiceXML engineer agrees with
// (not well-formed, not VoiceXML, a templated test file, a document the
// interpreter itself refuses with error.badfetch). None may crash or hang
// (ctest's timeout catches a hang). Skipped when the corpus is absent.
#include <doctest/doctest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "ivrscope/analysis.hpp"
#include "ivrscope/loader.hpp"

namespace ivrscope {
namespace {

const std::string kCorpus = IVRSCOPE_SOURCE_DIR "/../shared/corpus";

constexpr std::array<std::string_view, 7> kAcceptedRefusals = {
    "malformed XML",           "invalid UTF-8",  "not a VoiceXML document",
    "not an IVR flow",         "templated W3C test document",
    "error.badfetch",          "application root",
};

std::string Kind(const std::string& message) {
  for (std::string_view kind : kAcceptedRefusals) {
    if (message.find(kind) != std::string::npos) return std::string(kind);
  }
  return "";
}

TEST_CASE("corpus: every VoiceXML document is analysed or clearly refused") {
  std::ifstream manifest(kCorpus + "/MANIFEST.tsv");
  if (!manifest) {
    MESSAGE("skipped: " << kCorpus << " is absent");
    return;
  }
  std::string line;
  std::getline(manifest, line);  // header
  int analysed = 0;
  std::map<std::string, int> refused;
  while (std::getline(manifest, line)) {
    std::istringstream row(line);
    std::string file, source, repo, commit, original, kind;
    std::getline(row, file, '\t');
    std::getline(row, source, '\t');
    std::getline(row, repo, '\t');
    std::getline(row, commit, '\t');
    std::getline(row, original, '\t');
    std::getline(row, kind, '\t');
    if (kind != "vxml") continue;
    const std::string path = kCorpus + "/" + file;
    CAPTURE(path);
    LoadResult loaded = LoadPaths({path}, {});
    std::vector<FlowAnalysis> flows = Analyze(loaded.program, {});
    CHECK(flows.size() == loaded.program.flows.size());
    bool own_error = false;
    for (const Diagnostic& e : loaded.errors) {
      CAPTURE(e.ToString());
      CHECK(e.line > 0);
      CHECK(e.column > 0);
      CHECK_FALSE(Kind(e.message).empty());
      if (e.file == path) {
        own_error = true;
        ++refused[Kind(e.message)];
      }
    }
    if (!own_error) {
      // Loaded: with flows, or an application root that runs no dialog.
      CHECK(loaded.program.files.size() >= 1);
      ++analysed;
    }
  }
  std::ostringstream summary;
  summary << analysed << " analysed";
  for (const auto& [kind, count] : refused) {
    summary << ", " << count << " refused (" << kind << ")";
  }
  MESSAGE(summary.str());
  CHECK(analysed > 500);
}

TEST_CASE("corpus: the whole tree at once, as a directory") {
  if (!std::filesystem::exists(kCorpus)) {
    MESSAGE("skipped: " << kCorpus << " is absent");
    return;
  }
  LoadOptions options;
  options.jobs = 2;
  LoadResult loaded = LoadPaths({kCorpus}, options);
  std::vector<FlowAnalysis> flows = Analyze(loaded.program, {});
  CHECK(flows.size() > 400);
  for (const Diagnostic& e : loaded.errors) {
    CAPTURE(e.ToString());
    CHECK(e.line > 0);
    CHECK_FALSE(Kind(e.message).empty());
  }
}

}  // namespace
}  // namespace ivrscope
