// The samples carry their own expectations, as include-what-you-use's test
// inputs do: each finding the analysis must report on a sample is written in
// that sample as a comment
//
//   <!-- EXPECT: rule-id node-id -->
//
// where node-id is the finding's node (the JSON "node"). These tests analyse
// the whole samples/ directory at once, so linked flows (flow: and tel:
// transfers between files) are analysed together as the tool would, and give
// each finding to the sample named by its location (the JSON "file"). For
// every sample the set of (rule, node) findings must equal its EXPECT
// comments: a missing or an extra finding fails, naming sample, rule and
// node. The reader only looks at comments, so it serves every format under
// samples/ (*.ivrflow, *.vxml, *.xml).
//
// Why doctest on the library rather than ctest on the binary's JSON: the
// test then needs no JSON parser (none is among our dependencies, and
// CMake's string(JSON) would make the runner hard to read), and it compares
// exactly what the reporters print from. The binary's whole output is
// covered by the golden CLI tests (run_cli_test.cmake).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "ivrscope/analysis.hpp"
#include "ivrscope/loader.hpp"

namespace ivrscope {
namespace {

namespace fs = std::filesystem;

const fs::path kSourceDir = IVRSCOPE_SOURCE_DIR;
const fs::path kSamplesDir = kSourceDir / "samples";

// (rule id, node id)
using Expectation = std::pair<std::string, std::string>;

struct Sample {
  std::string path;  // relative to the source directory, for messages
  std::map<Expectation, int> expected;  // -> line of the EXPECT comment
  std::vector<std::string> malformed;   // EXPECT comments we cannot read
  // Reported findings: (rule, node) -> "line:col: severity: message".
  std::map<Expectation, std::string> found;
  std::vector<std::string> warnings;  // findings at warning or error
};

struct SampleSet {
  std::map<std::string, Sample> samples;  // by path
  std::vector<std::string> load_errors;
};

bool IsSampleFile(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".ivrflow" || ext == ".vxml" || ext == ".xml";
}

// A deliberately bad sample: under a directory named "bad", or bad-*.
bool IsBad(const std::string& path) {
  for (const fs::path& part : fs::path(path)) {
    if (part == "bad") return true;
  }
  return fs::path(path).filename().string().starts_with("bad-");
}

std::string Relative(const std::string& path) {
  return fs::path(path).lexically_relative(kSourceDir).generic_string();
}

// Reads every comment whose text starts with EXPECT.
void ReadExpectations(const fs::path& file, Sample* sample) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  static const std::regex kExpect(R"(^\s*EXPECT:\s*(\S+)\s+(\S+)\s*$)");
  for (std::size_t open = text.find("<!--"); open != std::string::npos;
       open = text.find("<!--", open + 4)) {
    const std::size_t close = text.find("-->", open + 4);
    if (close == std::string::npos) break;
    const std::string body = text.substr(open + 4, close - open - 4);
    const std::size_t first = body.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || body.compare(first, 6, "EXPECT") != 0) {
      continue;
    }
    const int line =
        1 + static_cast<int>(std::count(text.begin(), text.begin() + open, '\n'));
    std::smatch m;
    if (!std::regex_match(body, m, kExpect)) {
      sample->malformed.push_back(
          sample->path + ":" + std::to_string(line) +
          ": cannot read this EXPECT; write <!-- EXPECT: rule-id node-id -->");
      continue;
    }
    if (FindRule(m[1].str()) == nullptr) {
      sample->malformed.push_back(sample->path + ":" + std::to_string(line) +
                                  ": EXPECT names no rule: '" + m[1].str() +
                                  "' (see ivrscope rules)");
      continue;
    }
    sample->expected.emplace(Expectation{m[1].str(), m[2].str()}, line);
  }
}

// Loads and analyses samples/ once for all test cases.
const SampleSet& Samples() {
  static const SampleSet set = [] {
    SampleSet s;
    for (const fs::directory_entry& entry :
         fs::recursive_directory_iterator(kSamplesDir)) {
      if (!entry.is_regular_file() || !IsSampleFile(entry.path())) continue;
      Sample sample;
      sample.path = Relative(entry.path().string());
      ReadExpectations(entry.path(), &sample);
      s.samples.emplace(sample.path, std::move(sample));
    }

    LoadResult loaded = LoadPaths({kSamplesDir.string()}, LoadOptions{});
    for (const Diagnostic& e : loaded.errors) {
      s.load_errors.push_back(Relative(e.file) + ":" + std::to_string(e.line) +
                              ":" + std::to_string(e.column) + ": " +
                              e.message);
    }
    const Program& program = loaded.program;
    const std::vector<FlowAnalysis> flows =
        Analyze(program, AnalysisOptions{});
    for (const FlowAnalysis& flow : flows) {
      for (const Finding& f : flow.findings) {
        const std::string file = Relative(program.file_of(f.location));
        Sample& sample = s.samples[file];
        if (sample.path.empty()) sample.path = file;
        const std::string where =
            file + ":" + std::to_string(f.location.line) + ":" +
            std::to_string(f.location.column) + ": " +
            std::string(ToString(f.severity)) + ": " + f.message;
        sample.found.emplace(
            Expectation{std::string(f.rule), std::string(program.graph[f.node].id)},
            where);
        if (f.severity != Severity::kNote) sample.warnings.push_back(where);
      }
    }
    return s;
  }();
  return set;
}

TEST_CASE("samples: every sample loads") {
  const SampleSet& set = Samples();
  CHECK(set.samples.size() >= 5);
  for (const std::string& error : set.load_errors) FAIL_CHECK(error);
}

TEST_CASE("samples: every EXPECT comment can be read") {
  for (const auto& [path, sample] : Samples().samples) {
    for (const std::string& problem : sample.malformed) FAIL_CHECK(problem);
  }
}

TEST_CASE("samples: findings are exactly the EXPECT comments") {
  for (const auto& [path, sample] : Samples().samples) {
    for (const auto& [expectation, line] : sample.expected) {
      if (sample.found.count(expectation) != 0) continue;
      FAIL_CHECK(path << ":" << line << ": expected finding not reported: "
                          << expectation.first << " " << expectation.second);
    }
    for (const auto& [finding, where] : sample.found) {
      if (sample.expected.count(finding) != 0) continue;
      FAIL_CHECK(path << ": finding not expected: " << finding.first << " "
                          << finding.second << "\n  " << where
                          << "\n  (if it is right, add <!-- EXPECT: "
                          << finding.first << " " << finding.second
                          << " --> to the sample)");
    }
  }
}

TEST_CASE("samples: the good samples have no warnings or errors") {
  for (const auto& [path, sample] : Samples().samples) {
    if (IsBad(path)) continue;
    for (const std::string& where : sample.warnings) {
      FAIL_CHECK("a good sample must not warn: " << where);
    }
  }
}

TEST_CASE("samples: the bad samples trigger every rule") {
  std::set<std::string> expected;
  for (const auto& [path, sample] : Samples().samples) {
    if (!IsBad(path)) continue;
    for (const auto& [expectation, line] : sample.expected) {
      expected.insert(expectation.first);
    }
  }
  for (const RuleInfo& rule : Rules()) {
    if (expected.count(std::string(rule.id)) != 0) continue;
    FAIL_CHECK("no bad sample expects rule " << rule.id
                   << ": add a construct that triggers it to samples/bad/");
  }
}

}  // namespace
}  // namespace ivrscope
