// ivrscope check: load, analyse, compare with a baseline, report, and map
// the result to an exit code.
#include <boost/program_options.hpp>
#include <ostream>

#include "cli/command_support.hpp"
#include "cli/commands.hpp"
#include "cli/settings.hpp"
#include "ivrscope/review.hpp"

namespace ivrscope {
namespace {

namespace po = boost::program_options;

struct CheckSettings {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  std::string baseline;
  bool show_suppressed = false;
  RunSettings run;
};

po::options_description CheckOptions(CheckSettings* s) {
  po::options_description desc("check options");
  desc.add_options()
      ("help,h", "show this help and exit")
      ("format,f", po::value(&s->format)->default_value(s->format),
       ("report format: " + OutputFormatNames()).c_str())
      ("output,o", po::value(&s->output),
       "write the report to FILE (default: standard output, as - is)")
      ("baseline", po::value(&s->baseline),
       "an earlier json report: findings already in it are reported as "
       "unchanged and do not count for --fail-on (default: none)")
      ("show-suppressed", po::bool_switch(&s->show_suppressed),
       "text report: also list findings silenced by ivrscope-disable "
       "comments (default: off; always counted)");
  desc.add(SharedOptions(&s->run));
  desc.add(LoadingOptions(&s->run));
  return desc;
}

}  // namespace

int RunCheckCommand(const Args& args, CommandIo& io) {
  CheckSettings s;
  po::options_description desc = CheckOptions(&s);
  po::variables_map vm = ParseWithPaths(args, desc, &s.paths);
  if (vm.count("help")) {
    io.out << "usage: ivrscope check [options] PATH...\n\n"
           << "PATH is a file, or a directory searched recursively for *.xml,\n"
           << "*.vxml and *.ivrflow (an *.xml file there that is not a flow,\n"
           << "a grammar say, is skipped and counted); - is standard input.\n\n"
           << desc;
    return kExitClean;
  }
  if (auto exit = ResolveSettings(vm, &s.run, io)) return *exit;
  if (s.paths.empty()) return Usage(io, "check needs at least one PATH");
  auto format = ParseOutputFormat(s.format);
  if (!format) return Usage(io, "unknown --format '" + s.format + "'");

  std::optional<std::vector<RecordedFinding>> baseline;
  if (!s.baseline.empty()) {
    // As large as an input may be: a pipe that never ends is refused.
    Result<std::vector<RecordedFinding>> read = ReadJsonReport(
        s.baseline, static_cast<std::uint64_t>(s.run.max_file_mb) << 20);
    if (!read.ok()) {
      io.err << read.error().ToString() << '\n';
      return kExitInput;
    }
    baseline = std::move(read.value());
  }

  Progress progress(io.err, s.run.progress || io.stderr_is_terminal,
                    io.stderr_is_terminal);
  PrepareRun(&s.run, &progress);
  std::unique_ptr<AnalysedRun> run = AnalysePaths(s.paths, s.run);
  Report& report = run->report;
  if (baseline) report.baseline = CompareWithBaseline(report, *baseline);

  if (OutputIsInput(s.output, s.paths, run->loaded.program.files, io.err)) {
    return kExitInput;
  }
  ReportOptions options;
  options.show_suppressed = s.show_suppressed;
  if (!WriteOutput(s.output, s.run, options, io,
                   [&](const ReportOptions& o, std::ostream& out) {
                     WriteReport(*format, report, o, out);
                   })) {
    return kExitInput;
  }

  if (!report.errors.empty()) return kExitInput;
  for (std::size_t i = 0; i < report.flows.size(); ++i) {
    const std::vector<Finding>& findings = report.flows[i].findings;
    for (std::size_t k = 0; k < findings.size(); ++k) {
      if (report.baseline && report.baseline->unchanged[i][k]) continue;
      if (static_cast<int>(findings[k].severity) >= s.run.fail_rank) {
        return kExitFindings;
      }
    }
  }
  return kExitClean;
}

}  // namespace ivrscope
