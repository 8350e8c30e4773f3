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

// Everything a report says about a load: flows, findings with their routes,
// errors, in order.
std::string Fingerprint(const LoadResult& loaded) {
  std::ostringstream out;
  const std::vector<FlowAnalysis> flows = Analyze(loaded.program, {});
  for (std::size_t i = 0; i < flows.size(); ++i) {
    out << "flow " << loaded.program.flows[i].name << " "
        << flows[i].metrics.nodes << "\n";
    for (const Finding& f : flows[i].findings) {
      out << f.rule << " " << loaded.program.file_of(f.location) << ":"
          << f.location.line << ":" << f.location.column << " " << f.message
          << " via";
      for (const RouteStep& step : f.route) {
        out << " " << loaded.program.node(step.node).id;
      }
      out << "\n";
    }
  }
  for (const Diagnostic& e : loaded.errors) out << e.ToString() << "\n";
  return out.str();
}

// LoadOptions::keep_parsed_bytes lets parsed VoiceXML documents go and has
// them parsed again when their application is built: with a budget of one
// byte, every document but the first is read twice.
TEST_CASE("voicexml: results do not depend on how many parsed documents are kept") {
  std::vector<std::string> dirs = {IVRSCOPE_SOURCE_DIR "/samples/voicexml"};
  if (std::filesystem::exists(kCorpus)) {
    dirs.push_back(kCorpus);
  } else {
    MESSAGE("corpus part skipped: " << kCorpus << " is absent");
  }
  for (const std::string& dir : dirs) {
    CAPTURE(dir);
    LoadOptions kept;
    kept.jobs = 2;
    LoadOptions reread = kept;
    reread.keep_parsed_bytes = 1;
    const std::string expected = Fingerprint(LoadPaths({dir}, kept));
    CHECK(expected.find("flow ") != std::string::npos);
    CHECK(Fingerprint(LoadPaths({dir}, reread)) == expected);
  }
}

}  // namespace
}  // namespace ivrscope
