#include "cli.hpp"

#include <algorithm>
#include <array>
#include <boost/program_options.hpp>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ivrscope/analysis.hpp"
#include "ivrscope/loader.hpp"
#include "ivrscope/report.hpp"
#include "version.hpp"

namespace ivrscope {
namespace {

namespace po = boost::program_options;

constexpr const char* kUsage =
    "usage: ivrscope <command> [options] PATH...\n"
    "\n"
    "commands:\n"
    "  check PATH...   analyse IVR flows (ivrflow, VoiceXML) and report the\n"
    "                  routes that keep callers from a human\n"
    "  rules           list every rule with its severity and why it matters\n"
    "\n"
    "  ivrscope <command> --help   options of a command\n"
    "  ivrscope --version\n";

struct CheckSettings {
  std::vector<std::string> paths;
  std::string format = "text";
  std::string output;
  std::string fail_on = "warning";
  std::string color = "auto";
  int jobs = 0;
  std::size_t max_file_mb = 512;
  AnalysisOptions analysis;
};

po::options_description CheckOptions(CheckSettings* s) {
  po::options_description desc("check options");
  desc.add_options()
      ("help,h", "show this help and exit")
      ("format,f", po::value(&s->format)->default_value(s->format),
       "report format: text or json")
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
       "refuse input files larger than this many MiB");
  return desc;
}

int Usage(std::ostream& err, const std::string& message) {
  err << "ivrscope: " << message << "\n\n" << kUsage;
  return kExitInput;
}

std::optional<int> FailRank(const std::string& fail_on) {
  if (fail_on == "never") return 3;
  if (auto s = ParseSeverity(fail_on)) return static_cast<int>(*s);
  return std::nullopt;
}

int RunCheck(const std::vector<std::string>& args, std::ostream& out,
             std::ostream& err, bool terminal) {
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
    out << "usage: ivrscope check [options] PATH...\n\n"
        << "PATH is a file, or a directory searched recursively for *.xml,\n"
        << "*.vxml and *.ivrflow.\n\n"
        << desc;
    return kExitClean;
  }
  po::notify(vm);
  if (s.paths.empty()) return Usage(err, "check needs at least one PATH");

  auto format = ParseOutputFormat(s.format);
  if (!format) return Usage(err, "unknown --format '" + s.format + "'");
  std::optional<int> fail_rank = FailRank(s.fail_on);
  if (!fail_rank) return Usage(err, "unknown --fail-on '" + s.fail_on + "'");
  if (s.color != "auto" && s.color != "always" && s.color != "never") {
    return Usage(err, "unknown --color '" + s.color + "'");
  }
  if (s.analysis.max_entries < 0 || s.analysis.max_transfers < 0 ||
      s.analysis.max_options < 0) {
    return Usage(err, "thresholds cannot be negative");
  }
  if (s.jobs < 0) return Usage(err, "--jobs cannot be negative");
  const int jobs =
      s.jobs > 0 ? s.jobs
                 : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));

  LoadOptions load;
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
  std::ostream* sink = &out;
  if (!s.output.empty()) {
    file.open(s.output, std::ios::binary);
    if (!file) return Usage(err, "cannot write --output '" + s.output + "'");
    sink = &file;
    terminal = false;
  }
  if (*format == OutputFormat::kJson) {
    WriteJson(report, *sink);
  } else {
    TextOptions text;
    text.color = s.color == "always" || (s.color == "auto" && terminal);
    WriteText(report, text, *sink);
  }
  sink->flush();

  if (!report.errors.empty()) return kExitInput;
  for (const FlowAnalysis& flow : report.flows) {
    for (const Finding& f : flow.findings) {
      if (static_cast<int>(f.severity) >= *fail_rank) return kExitFindings;
    }
  }
  return kExitClean;
}

int RunRules(const std::vector<std::string>& args, std::ostream& out,
             std::ostream& err) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    out << "usage: ivrscope rules\n\nLists every rule: id, default severity, "
           "summary, and why it matters to callers.\n";
    return kExitClean;
  }
  if (!args.empty()) return Usage(err, "rules takes no arguments");
  for (const RuleInfo& rule : Rules()) {
    out << rule.id << " (" << ToString(rule.severity) << "): " << rule.summary
        << "\n    " << rule.rationale << "\n";
  }
  return kExitClean;
}

struct Command {
  const char* name;
  int (*run)(const std::vector<std::string>&, std::ostream&, std::ostream&,
             bool);
};

const std::array<Command, 2> kCommands = {{
    {"check", RunCheck},
    {"rules",
     [](const std::vector<std::string>& a, std::ostream& o, std::ostream& e,
        bool) { return RunRules(a, o, e); }},
}};

}  // namespace

int RunCli(int argc, const char* const* argv, std::ostream& out,
           std::ostream& err, bool stdout_is_terminal) {
  std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  if (args.empty()) return Usage(err, "no command given");
  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "--help" || command == "-h" || command == "help") {
    out << kUsage;
    return kExitClean;
  }
  if (command == "--version") {
    out << "ivrscope " << kVersion << '\n';
    return kExitClean;
  }
  for (const Command& c : kCommands) {
    if (command != c.name) continue;
    try {
      return c.run(args, out, err, stdout_is_terminal);
    } catch (const po::error& e) {
      return Usage(err, e.what());
    } catch (const std::exception& e) {
      // Libraries' exceptions stop at this edge (bad_alloc, filesystem).
      err << "ivrscope: internal error: " << e.what() << '\n';
      return kExitInput;
    }
  }
  return Usage(err, "unknown command '" + command + "'");
}

}  // namespace ivrscope
