// --baseline: read an earlier json report and tell new findings from the
// ones already known. Only fields of the version 1 contract are read, so any
// report ivrscope ever wrote in version 1 serves as a baseline.
#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string_view>
#include <utility>

#include "ivrscope/review.hpp"
#include "review/fingerprint.hpp"
#include "review/json_pull.hpp"

namespace ivrscope {
namespace {

// An ivrscope report nests 7 deep (report, flows, flow, findings, finding,
// route, step); a baseline nesting deeper than this is not one.
constexpr int kMaxJsonDepth = 64;

// Reads the report's fields of the version 1 contract from the stream and
// skips the rest, so a report of any later release that only adds fields
// still reads. Its shape is fixed (report, flows, findings, route), so
// each level is a loop here; only skipped values nest, and JsonPull keeps
// their stack.
class ReportReader {
 public:
  ReportReader(std::streambuf* in, std::string path, std::uint64_t max_bytes)
      : json_(in, kMaxJsonDepth, max_bytes), path_(std::move(path)) {}

  Result<std::vector<RecordedFinding>> Read() {
    if (!ReadReport()) return *problem_;
    if (!version_) return ShapeError(1, 1, "no \"version\"");
    if (*version_ != "1") {
      return Diagnostic{path_, version_at_.line, version_at_.column,
                        "json report version " + *version_ +
                            " is not supported (expected 1)"};
    }
    if (!saw_flows_) return ShapeError(1, 1, "no \"flows\" array");
    std::vector<std::string*> fingerprints;
    for (RecordedFinding& f : findings_) fingerprints.push_back(&f.fingerprint);
    MakeUnique(std::move(fingerprints));
    return std::move(findings_);
  }

 private:
  struct Place {
    std::uint32_t line, column;
  };

  Diagnostic ShapeError(std::uint32_t line, std::uint32_t column,
                        const std::string& what) const {
    return Diagnostic{path_, line, column,
                      "not an ivrscope json report: " + what};
  }
  bool Shape(const std::string& what) {
    problem_ = ShapeError(json_.line(), json_.column(), what);
    return false;
  }
  bool Shape(Place at, const std::string& what) {
    problem_ = ShapeError(at.line, at.column, what);
    return false;
  }
  bool Next() {
    if (json_.Next()) return true;
    problem_ = Diagnostic{path_, json_.line(), json_.column(),
                          "cannot read json report: " + json_.error()};
    return false;
  }
  bool Skip() {
    if (json_.SkipValue()) return true;
    return Next();  // sets the problem from the same error
  }
  Place Here() const { return {json_.line(), json_.column()}; }
  bool Is(JsonToken t) const { return json_.token() == t; }

  // Reads a string value into *out.
  bool String(const std::string& key, std::string* out) {
    if (!Next()) return false;
    if (!Is(JsonToken::kString)) {
      return Shape('"' + key + "\" is not a string");
    }
    *out = json_.text();
    return true;
  }
  bool Count(const std::string& key, std::uint32_t* out) {
    if (!Next()) return false;
    const std::string& t = json_.text();
    const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), *out);
    if (!Is(JsonToken::kNumber) || ec != std::errc() ||
        end != t.data() + t.size()) {
      return Shape('"' + key + "\" is not a whole number from 0 to 4294967295");
    }
    return true;
  }

  // Reads the members of the object whose '{' was just read: member(name)
  // reads each one's value.
  template <typename Member>
  bool Members(Member member) {
    for (;;) {
      if (!Next()) return false;
      if (Is(JsonToken::kEndObject)) return true;
      const std::string name = json_.text();
      if (!member(name)) return false;
    }
  }
  // Reads the value of member `name`, an array: element() reads each one
  // from its first token.
  template <typename Element>
  bool Array(const std::string& name, Element element) {
    if (!Next()) return false;
    if (!Is(JsonToken::kBeginArray))
      return Shape('"' + name + "\" is no array");
    for (;;) {
      if (!Next()) return false;
      if (Is(JsonToken::kEndArray)) return true;
      if (!element()) return false;
    }
  }
  bool SkipMember() { return Next() && Skip(); }

  bool ReadReport() {
    if (!Next()) return false;
    if (!Is(JsonToken::kBeginObject)) return Shape("the report is no object");
    const bool read = Members([&](const std::string& name) {
      if (name == "version") {
        if (!Next()) return false;
        if (!Is(JsonToken::kNumber) && !Is(JsonToken::kString)) {
          return Shape("\"version\" is neither a number nor a string");
        }
        version_ = json_.text();
        version_at_ = Here();
        return true;
      }
      if (name == "flows") {
        saw_flows_ = true;
        return Array(name, [&] { return ReadFlow(); });
      }
      return SkipMember();
    });
    return read && Next();  // the end, or text after it
  }

  // The flow's key (its name in reports before keys) may come after its
  // findings in a hand-made file: they take it when the flow ends.
  bool ReadFlow() {
    if (!Is(JsonToken::kBeginObject)) return Shape("a flow is no object");
    const Place at = Here();
    const std::size_t first = findings_.size();
    std::optional<std::string> key, flow_name;
    bool saw_findings = false;
    const bool read = Members([&](const std::string& name) {
      if (name == "key" || name == "name") {
        std::string value;
        if (!String(name, &value)) return false;
        (name == "key" ? key : flow_name) = std::move(value);
        return true;
      }
      if (name == "findings") {
        saw_findings = true;
        return Array(name, [&] { return ReadFinding(); });
      }
      return SkipMember();
    });
    if (!read) return false;
    if (!key && !flow_name) {
      return Shape(at, "a flow has no \"key\" nor \"name\"");
    }
    if (!saw_findings) return Shape(at, "a flow has no \"findings\" array");
    const std::string& flow = key ? *key : *flow_name;
    for (std::size_t i = first; i < findings_.size(); ++i) {
      RecordedFinding& f = findings_[i];
      f.flow = flow;
      f.fingerprint =
          FindingFingerprint(f.rule, flow, f.node, inputs_[i - first]);
      f.shared_fingerprint = f.fingerprint;
      f.keyless = !key;
    }
    inputs_.clear();
    return true;
  }

  bool ReadFinding() {
    if (!Is(JsonToken::kBeginObject)) return Shape("a finding is no object");
    const Place at = Here();
    RecordedFinding out;
    std::vector<std::string>& inputs = inputs_.emplace_back();
    std::string severity;
    // Every field of the contract's finding that the fingerprint or the
    // "fixed" list needs; each must be there.
    const std::pair<const char*, std::string*> texts[] = {
        {"rule", &out.rule},
        {"severity", &severity},
        {"message", &out.message},
        {"node", &out.node},
        {"file", &out.file}};
    const std::pair<const char*, std::uint32_t*> counts[] = {
        {"line", &out.line}, {"column", &out.column}};
    std::vector<std::string_view> missing = {"rule",   "severity", "message",
                                             "node",   "file",     "line",
                                             "column", "route"};
    const bool read = Members([&](const std::string& name) {
      std::erase(missing, name);
      for (const auto& [field, to] : texts) {
        if (name == field) return String(name, to);
      }
      for (const auto& [field, to] : counts) {
        if (name == field) return Count(name, to);
      }
      if (name == "route") return ReadRoute(&inputs);
      return SkipMember();
    });
    if (!read) return false;
    if (!missing.empty()) {
      return Shape(at, "a finding has no \"" + std::string(missing[0]) + '"');
    }
    if (auto s = ParseSeverity(severity)) {
      out.severity = *s;
    } else {
      return Shape(at, "unknown severity '" + severity + "'");
    }
    findings_.push_back(std::move(out));
    return true;
  }

  // Each step's input. An automatic step's (and the last step's) is null:
  // a real input never is (phrases are quoted, conditions bracketed), and
  // the live fingerprint leaves those steps out alike.
  bool ReadRoute(std::vector<std::string>* inputs) {
    return Array("route", [&] {
      if (!Is(JsonToken::kBeginObject)) {
        return Shape("a route step is no object");
      }
      const Place at = Here();
      bool saw_input = false;
      const bool read = Members([&](const std::string& name) {
        if (name != "input") return SkipMember();
        saw_input = true;
        if (!Next()) return false;
        // Reports before 8f0cfb6 wrote an automatic step's input as "";
        // the live fingerprint leaves empty inputs out as well.
        if (Is(JsonToken::kString)) {
          if (!json_.text().empty()) inputs->push_back(json_.text());
        } else if (!Is(JsonToken::kNull)) {
          return Shape("\"input\" is neither a string nor null");
        }
        return true;
      });
      if (!read) return false;
      if (!saw_input) return Shape(at, "a route step has no \"input\"");
      return true;
    });
  }

  JsonPull json_;
  std::string path_;
  std::optional<Diagnostic> problem_;
  std::optional<std::string> version_;
  Place version_at_;
  bool saw_flows_ = false;
  std::vector<RecordedFinding> findings_;
  // Per finding of the flow being read, its route's inputs.
  std::vector<std::vector<std::string>> inputs_;
};

}  // namespace

Result<std::vector<RecordedFinding>> ReadJsonReport(const std::string& path,
                                                    std::uint64_t max_bytes) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return Diagnostic{path, 0, 0, "is a directory, not a json report"};
  }
  std::filebuf file;
  if (!file.open(path, std::ios::in | std::ios::binary)) {
    return Diagnostic{path, 0, 0, "cannot open json report"};
  }
  // A read that fails (an I/O error, /proc/self/mem) throws from the
  // stream buffer: it is this file's error, not ours.
  try {
    // A byte order mark, as Windows PowerShell writes one: not JSON's, but
    // what it marks is.
    if (file.sgetc() == 0xEF) {
      char bom[3] = {};
      if (file.sgetn(bom, 3) != 3 ||
          std::string_view(bom, 3) != "\xEF\xBB\xBF") {
        file.pubseekpos(0);
      }
    }
    return ReportReader(&file, path, max_bytes).Read();
  } catch (const std::exception& e) {
    return Diagnostic{path, 0, 0,
                      std::string("cannot read json report: ") + e.what()};
  }
}

BaselineComparison CompareWithBaseline(
    const Report& report, const std::vector<RecordedFinding>& baseline) {
  // A report from before flows had keys fingerprinted VoiceXML flows by
  // their path as given: the findings are matched the same way then, so
  // that its unchanged findings do not come back as new.
  const bool keyless =
      !baseline.empty() &&
      std::all_of(baseline.begin(), baseline.end(),
                  [](const RecordedFinding& f) { return f.keyless; });
  std::vector<std::string> by_name;
  const std::vector<PairKey> now =
      keyless ? PairKeysByName(report, &by_name) : PairKeys(report);
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
