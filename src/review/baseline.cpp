// --baseline: read an earlier json report and tell new findings from the
// ones already known. Only fields of the version 1 contract are read, so any
// report ivrscope ever wrote in version 1 serves as a baseline.
#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>
#include <fstream>
#include <optional>
#include <sstream>
#include <string_view>

#include "ivrscope/review.hpp"
#include "review/fingerprint.hpp"

namespace ivrscope {
namespace {

namespace pt = boost::property_tree;

// An ivrscope report nests 7 deep (report, flows, flow, findings, finding,
// route, step); a baseline nesting deeper than this is not one.
constexpr int kMaxJsonDepth = 64;

struct TextPlace {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

// Where the text first opens an array or object more than kMaxJsonDepth
// deep, if it does. Boost's JSON parser recurses once per level: a baseline
// of a million '[' (a CI artifact is not a trusted file) overflowed the
// stack before this look, which needs none.
std::optional<TextPlace> TooDeep(std::string_view text) {
  TextPlace at;
  int depth = 0;
  bool in_string = false;
  bool escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return at;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
    if (c == '\n') {
      ++at.line;
      at.column = 1;
    } else {
      ++at.column;
    }
  }
  return std::nullopt;
}

// Reads one finding; throws pt::ptree_error on a missing or mistyped field.
RecordedFinding ReadFinding(const pt::ptree& f, const std::string& flow) {
  RecordedFinding out;
  out.flow = flow;
  out.rule = f.get<std::string>("rule");
  const std::string severity = f.get<std::string>("severity");
  if (auto s = ParseSeverity(severity)) {
    out.severity = *s;
  } else {
    throw pt::ptree_error("unknown severity '" + severity + "'");
  }
  out.message = f.get<std::string>("message");
  out.node = f.get<std::string>("node");
  out.file = f.get<std::string>("file");
  out.line = f.get<std::uint32_t>("line");
  out.column = f.get<std::uint32_t>("column");
  std::vector<std::string> inputs;
  for (const auto& [key, step] : f.get_child("route")) {
    (void)key;
    // The reader stores JSON null as "null"; a real input never is that
    // bare word (phrases are quoted, conditions bracketed).
    std::string input = step.get<std::string>("input");
    if (input != "null") inputs.push_back(std::move(input));
  }
  out.fingerprint = FindingFingerprint(out.rule, flow, out.node, inputs);
  out.shared_fingerprint = out.fingerprint;
  return out;
}

}  // namespace

Result<std::vector<RecordedFinding>> ReadJsonReport(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Diagnostic{path, 0, 0, "cannot open json report"};
  std::ostringstream bytes;
  bytes << file.rdbuf();
  std::string text = std::move(bytes).str();
  if (const std::optional<TextPlace> at = TooDeep(text)) {
    return Diagnostic{path, at->line, at->column,
                      "cannot read json report: arrays and objects nested "
                      "more than " +
                          std::to_string(kMaxJsonDepth) +
                          " deep (an ivrscope report nests 7)"};
  }
  pt::ptree tree;
  try {
    std::istringstream in(std::move(text));  // a report can be large
    pt::read_json(in, tree);
  } catch (const pt::json_parser_error& e) {
    const auto line = static_cast<std::uint32_t>(e.line());
    return Diagnostic{path, line, line == 0 ? 0u : 1u,
                      "cannot read json report: " + e.message()};
  }
  std::vector<RecordedFinding> findings;
  try {
    const std::string version = tree.get<std::string>("version");
    if (version != "1") {
      return Diagnostic{
          path, 0, 0,
          "json report version " + version + " is not supported (expected 1)"};
    }
    for (const auto& [key, flow] : tree.get_child("flows")) {
      (void)key;
      // Reports before flows had a key name them by name (the same for
      // ivrflow).
      const std::string name =
          flow.get<std::string>("key", flow.get<std::string>("name"));
      for (const auto& [k, f] : flow.get_child("findings")) {
        (void)k;
        findings.push_back(ReadFinding(f, name));
      }
    }
    std::vector<std::string*> fingerprints;
    for (RecordedFinding& f : findings) fingerprints.push_back(&f.fingerprint);
    MakeUnique(std::move(fingerprints));
  } catch (const pt::ptree_error& e) {
    return Diagnostic{path, 0, 0,
                      std::string("not an ivrscope json report: ") + e.what()};
  }
  return findings;
}

BaselineComparison CompareWithBaseline(
    const Report& report, const std::vector<RecordedFinding>& baseline) {
  const std::vector<PairKey> now = PairKeys(report);
  std::vector<PairKey> before;
  for (const RecordedFinding& f : baseline) {
    before.push_back({f.shared_fingerprint, f.message, f.line, f.column});
  }
  std::vector<bool> before_paired;
  const std::vector<bool> paired = PairFindings(now, before, &before_paired);

  BaselineComparison out;
  std::size_t k = 0;
  for (const auto& flow : report.fingerprints) {
    std::vector<bool>& unchanged = out.unchanged.emplace_back();
    for (std::size_t i = 0; i < flow.size(); ++i, ++k) {
      unchanged.push_back(paired[k]);
      ++(paired[k] ? out.unchanged_findings : out.new_findings);
    }
  }
  for (std::size_t i = 0; i < baseline.size(); ++i) {
    if (!before_paired[i]) out.fixed.push_back(baseline[i]);
  }
  return out;
}

}  // namespace ivrscope
