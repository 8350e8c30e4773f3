// ivrscope check: load, analyse, report, and map the result to an exit code.
#include <algorithm>
#include <boost/program_options.hpp>
#include <fstream>
#include <optional>
#include <ostream>
#include <thread>

#include "cli/commands.hpp"
#include "ivrscope/analysis.hpp"
#include "ivrscope/loader.hpp"
#include "ivrscope/report.hpp"

namespace ivrscope {
namespace {

namespace po = boost::program_options;

struct CheckSettings {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  std::string fail_on = "warning";
  std::string color = "auto";
  int jobs = 0;
  std::size_t max_file_mb = 512;
  std::string vxml_exit = "hangup";
  AnalysisOptions analysis;
  LoadOptions load;
};

po::options_description CheckOptions(CheckSettings* s) {
  po::options_description desc("check options");
  desc.add_options()
      ("help,h", "show this help and exit")
      ("format,f", po::value(&s->format)->default_value(s->format),
       ("report format: " + OutputFormatNames()).c_str())
      ("output,o", po::value(&s->output),
       "write the report to FILE instead of standard output")
      ("fail-on", po::value(&s->fail_on)->default_value(s->fail_on),
       "exit 1 when a finding is at or above: error, warning, note or never")
      ("max-entries", po::value(&s->analysis.max_entries)
           ->default_value(s->analysis.max_entries),
       "most entries a caller may need to reach a human")
      ("max-transfers", po::value(&s->analysis.max_transfers)
           ->default_value(s->analysis.max_transfers),
       "most transfers on one route")
      ("max-options", po::value(&s->analysis.max_options)
           ->default_value(s->analysis.max_options),
       "most choices in one menu, not counting 0, * and #")
      ("jobs,j", po::value(&s->jobs)->default_value(0),
       "threads to use; 0 means one per core")
      ("color", po::value(&s->color)->default_value(s->color),
       "colour the text report: auto (on a terminal), always or never")
      ("max-file-size", po::value(&s->max_file_mb)->default_value(s->max_file_mb),
       "refuse input files larger than this many MiB")
      ("platform-max-tries", po::value(&s->load.platform_max_tries)
           ->default_value(0),
       "VoiceXML: the platform ends the call after N noinput/nomatch events "
       "on one item; 0 means no limit (as the specification says)")
      ("ivr-number", po::value(&s->load.ivr_numbers)->composing()
           ->default_value({}, "none"),
       "a transfer destination that is another IVR, not a person "
       "(repeatable)")
      ("vxml-exit", po::value(&s->vxml_exit)->default_value(s->vxml_exit),
       "VoiceXML: what <exit> does: hangup (common platforms) or stop "
       "(control goes back to the platform)");
  return desc;
}

std::optional<int> FailRank(const std::string& fail_on) {
  if (fail_on == "never") return 3;
  if (auto s = ParseSeverity(fail_on)) return static_cast<int>(*s);
  return std::nullopt;
}

}  // namespace

int RunCheckCommand(const Args& args, CommandIo& io) {
  CheckSettings s;
  po::options_description desc = CheckOptions(&s);
  po::options_description hidden;
  hidden.add_options()("paths", po::value(&s.paths));
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description positional;
  positional.add("paths", -1);
  po::variables_map vm;
  po::store(po::command_line_parser(args).options(all).positional(positional).run(),
            vm);
  if (vm.count("help")) {
    io.out << "usage: ivrscope check [options] PATH...\n\n"
           << "PATH is a file, or a directory searched recursively for *.xml,\n"
           << "*.vxml and *.ivrflow.\n\n"
           << desc;
    return kExitClean;
  }
  po::notify(vm);
  if (s.paths.empty()) return Usage(io.err, "check needs at least one PATH");

  auto format = ParseOutputFormat(s.format);
  if (!format) return Usage(io.err, "unknown --format '" + s.format + "'");
  std::optional<int> fail_rank = FailRank(s.fail_on);
  if (!fail_rank) return Usage(io.err, "unknown --fail-on '" + s.fail_on + "'");
  if (s.color != "auto" && s.color != "always" && s.color != "never") {
    return Usage(io.err, "unknown --color '" + s.color + "'");
  }
  if (s.analysis.max_entries < 0 || s.analysis.max_transfers < 0 ||
      s.analysis.max_options < 0) {
    return Usage(io.err, "thresholds cannot be negative");
  }
  if (s.jobs < 0) return Usage(io.err, "--jobs cannot be negative");
  const int jobs =
      s.jobs > 0 ? s.jobs
                 : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));

  if (s.load.platform_max_tries < 0) {
    return Usage(io.err, "--platform-max-tries cannot be negative");
  }
  if (s.vxml_exit != "hangup" && s.vxml_exit != "stop") {
    return Usage(io.err, "unknown --vxml-exit '" + s.vxml_exit + "'");
  }
  LoadOptions& load = s.load;
  load.exit_hangs_up = s.vxml_exit == "hangup";
  load.jobs = jobs;
  load.max_file_bytes = s.max_file_mb << 20;
  LoadResult loaded = LoadPaths(s.paths, load);
  s.analysis.jobs = jobs;

  Report report;
  report.program = &loaded.program;
  report.flows = Analyze(loaded.program, s.analysis);
  report.errors = std::move(loaded.errors);
  report.files = loaded.files;

  std::ofstream file;
  std::ostream* sink = &io.out;
  bool terminal = io.stdout_is_terminal;
  if (!s.output.empty()) {
    file.open(s.output, std::ios::binary);
    if (!file) return Usage(io.err, "cannot write --output '" + s.output + "'");
    sink = &file;
    terminal = false;
  }
  ReportOptions options;
  options.color = s.color == "always" || (s.color == "auto" && terminal);
  WriteReport(*format, report, options, *sink);
  sink->flush();

  if (!report.errors.empty()) return kExitInput;
  for (const FlowAnalysis& flow : report.flows) {
    for (const Finding& f : flow.findings) {
      if (static_cast<int>(f.severity) >= *fail_rank) return kExitFindings;
    }
  }
  return kExitClean;
}

}  // namespace ivrscope
