// What every libFuzzer target does after its loader: link, analyse, write
// the reports and the IVR map, and check properties any input must keep.
// Shared so each loader's target is only its loading step.
#ifndef IVRSCOPE_TESTS_FUZZ_FUZZ_SUPPORT_HPP_
#define IVRSCOPE_TESTS_FUZZ_FUZZ_SUPPORT_HPP_

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "ivrscope/analysis.hpp"
#include "ivrscope/ivr_map.hpp"
#include "ivrscope/report.hpp"
#include "ivrscope/review.hpp"
#include "ivrscope/status.hpp"
#include "loaders/fragment.hpp"
#include "reporters/utf8.hpp"

namespace ivrscope::fuzz {

/// One fuzz input as up to kMaxFiles files: a form feed (which XML forbids,
/// so no real file has one) separates them, so that linking between flows is
/// fuzzed too. Seeds join the files of a linked estate this way.
inline std::vector<std::string_view> SplitFiles(const std::uint8_t* data,
                                                std::size_t size) {
  constexpr std::size_t kMaxFiles = 4;
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> files;
  while (files.size() + 1 < kMaxFiles) {
    const std::size_t at = rest.find('\f');
    if (at == std::string_view::npos) break;
    files.push_back(rest.substr(0, at));
    rest.remove_prefix(at + 1);
  }
  files.push_back(rest);
  return files;
}

inline bool IsValidUtf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = Utf8Length(text, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

/// A load error must point inside the file (or nowhere, line 0): an editor
/// jumps there. Lines end at LF, CRLF or a lone CR, as XML's do.
inline void CheckError(const Diagnostic& error, std::string_view text) {
  std::size_t lines = 1;
  for (std::size_t i = 0; i < text.size(); ++i) {
    lines += text[i] == '\n' ||
             (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'));
  }
  if (error.line > lines || error.message.empty()) __builtin_trap();
}

/// Links the fragments, runs every rule, and writes every check report but
/// HTML (its drawings are Graphviz's, and slow) and the IVR map in each of
/// its formats; JSON must be valid UTF-8 whatever the input held.
inline void AnalyseAndReport(std::vector<Fragment> fragments,
                             std::vector<Diagnostic> errors) {
  Program program = Link(std::move(fragments));
  Report report;
  report.program = &program;
  report.flows = Analyze(program, AnalysisOptions{});
  report.errors = std::move(errors);
  for (Diagnostic& e : ApplySuppressions(program, &report.flows)) {
    report.errors.push_back(std::move(e));
  }
  report.rules = ConfiguredRules(AnalysisOptions{});
  AddFingerprints(&report);
  report.files = report.flows.size() + report.errors.size();
  std::ostringstream json;
  WriteJson(report, ReportOptions{}, json);
  if (!IsValidUtf8(json.str())) __builtin_trap();
  for (OutputFormat format :
       {OutputFormat::kText, OutputFormat::kSarif, OutputFormat::kCodequality,
        OutputFormat::kJunit, OutputFormat::kCsv}) {
    std::ostringstream out;
    WriteReport(format, report, ReportOptions{}, out);
    if (format == OutputFormat::kSarif && !IsValidUtf8(out.str())) {
      __builtin_trap();
    }
  }
  MapReport map;
  map.program = &program;
  map.flows = BuildIvrMap(program);
  for (MapFormat format :
       {MapFormat::kText, MapFormat::kJson, MapFormat::kCsv}) {
    std::ostringstream out;
    WriteIvrMap(format, map, out);
    if (format == MapFormat::kJson && !IsValidUtf8(out.str())) __builtin_trap();
  }
}

}  // namespace ivrscope::fuzz

#endif  // IVRSCOPE_TESTS_FUZZ_FUZZ_SUPPORT_HPP_
