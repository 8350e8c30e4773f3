// Shared options and the configuration file.
//
// The file is read with Boost.Program_options' config-file parser, stored
// into the same variables_map after the command line: program_options keeps
// the first explicit value, so the command line wins and the file only
// replaces defaults. program_options reports no line numbers, so the file is
// also scanned here for where each key stands (the parser yields keys in
// file order, one per `key = value` line), and every error names
// path:line:col.
#include "cli/settings.hpp"

#include <algorithm>
#include <boost/program_options.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "cli/command_support.hpp"
#include "ivrscope/review.hpp"

namespace ivrscope {
namespace {

namespace po = boost::program_options;
namespace fs = std::filesystem;

struct KeyAt {
  std::string name;  // "section.key", as program_options names it
  std::uint32_t line = 0;
  std::uint32_t column = 0;
  std::uint32_t value_column = 0;  // where a bad value is pointed at
};

std::string_view TrimSpace(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

// Where each key of the file stands, by the same line rules program_options
// applies ('#' starts a comment, [section] prefixes keys, key = value).
// Returns the first line that is none of these, or a repeated key, as an
// error: program_options would only say "unrecognized line".
std::optional<Diagnostic> ScanConfig(const std::string& path,
                                     const std::string& text,
                                     std::vector<KeyAt>* keys) {
  std::istringstream in(text);
  std::string raw;
  std::string prefix;
  std::map<std::string, std::uint32_t> seen;
  for (std::uint32_t line = 1; std::getline(in, raw); ++line) {
    std::string_view s = raw;
    s = TrimSpace(s.substr(0, s.find('#')));
    if (s.empty()) continue;
    const auto column = static_cast<std::uint32_t>(
        raw.find_first_not_of(" \t") + 1);
    if (s.front() == '[' && s.back() == ']') {
      prefix = std::string(s.substr(1, s.size() - 2));
      if (prefix.empty() || prefix.back() != '.') prefix += '.';
      continue;
    }
    const std::size_t eq = s.find('=');
    if (eq == std::string_view::npos) {
      return Diagnostic{path, line, column,
                        "expected 'key = value' or '[section]', not '" +
                            std::string(s) + "'"};
    }
    std::string name = prefix + std::string(TrimSpace(s.substr(0, eq)));
    if (!name.starts_with("destinations.")) {
      auto [it, fresh] = seen.emplace(name, line);
      if (!fresh) {
        return Diagnostic{path, line, column,
                          "'" + name + "' is given twice (first at line " +
                              std::to_string(it->second) + ")"};
      }
    }
    const std::string_view after = s.substr(eq + 1);
    const std::size_t blank = std::min(after.find_first_not_of(" \t"),
                                       after.size());
    const auto value_column =
        static_cast<std::uint32_t>(column + eq + 1 + blank);
    keys->push_back({std::move(name), line, column, value_column});
  }
  return std::nullopt;
}

std::optional<std::string> FindConfig(const std::vector<std::string>& inputs) {
  std::error_code ec;
  if (fs::is_regular_file(kConfigName, ec)) return std::string(kConfigName);
  if (inputs.empty()) return std::nullopt;
  fs::path dir = fs::absolute(inputs.front(), ec).lexically_normal();
  if (ec) return std::nullopt;
  if (!fs::is_directory(dir, ec)) dir = dir.parent_path();
  for (;;) {
    const fs::path candidate = dir / kConfigName;
    if (fs::is_regular_file(candidate, ec)) return candidate.string();
    if (!dir.has_relative_path()) return std::nullopt;  // the root
    dir = dir.parent_path();
  }
}

po::options_description ConfigKeys(RunSettings* s) {
  po::options_description keys;
  keys.add_options()
      ("fail-on", po::value(&s->fail_on))
      ("max-entries", po::value(&s->analysis.max_entries))
      ("max-transfers", po::value(&s->analysis.max_transfers))
      ("max-options", po::value(&s->analysis.max_options))
      ("platform-max-tries", po::value(&s->load.platform_max_tries))
      ("platform-builtin-dtmf", po::value(&s->load.builtin_dtmf))
      ("destinations.human",
       po::value(&s->load.human_destinations)->composing())
      ("destinations.ivr", po::value(&s->load.ivr_destinations)->composing());
  for (const RuleInfo& rule : Rules()) {
    keys.add_options()(("rules." + std::string(rule.id)).c_str(),
                       po::value<std::string>());
  }
  return keys;
}

std::optional<int> FailRank(const std::string& fail_on) {
  if (fail_on == "never") return 3;
  if (auto s = ParseSeverity(fail_on)) return static_cast<int>(*s);
  return std::nullopt;
}

std::optional<RuleSetting> ParseRuleSetting(const std::string& value) {
  if (value == "off") return RuleSetting{false, std::nullopt};
  if (value == "on") return RuleSetting{};
  if (auto severity = ParseSeverity(value)) return RuleSetting{true, severity};
  return std::nullopt;
}

class ConfigReader {
 public:
  ConfigReader(RunSettings* s, po::variables_map* vm, CommandIo* io)
      : s_(s), vm_(vm), io_(io) {}

  // Reads the file into vm and s; returns the exit code on an error.
  std::optional<int> Read(const std::string& path) {
    // An ifstream opens a directory without complaint, and reads nothing.
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
      return Fail({path, 0, 0,
                   "cannot read configuration file: it is a directory"});
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return Fail({path, 0, 0, "cannot read configuration file"});
    std::stringstream text;
    text << in.rdbuf();
    std::vector<KeyAt> keys;
    if (auto e = ScanConfig(path, text.str(), &keys)) return Fail(*e);

    std::set<std::string> from_command_line;
    for (const auto& [name, value] : *vm_) {
      if (!value.defaulted()) from_command_line.insert(name);
    }
    const po::options_description desc = ConfigKeys(s_);
    std::istringstream stream(text.str());
    po::parsed_options parsed = po::parse_config_file(stream, desc, true);
    if (parsed.options.size() != keys.size()) {
      return Fail({path, 0, 0, "cannot read configuration file"});
    }
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const po::option& opt = parsed.options[i];
      const KeyAt& at = keys[i];
      const std::string value = opt.value.empty() ? "" : opt.value.front();
      const auto fail = [&](const std::string& message) {
        return Fail({path, at.line, at.column, message});
      };
      const auto bad_value = [&](const std::string& message) {
        return Fail({path, at.line, at.value_column, message});
      };
      if (opt.unregistered) {
        if (at.name.starts_with("numbers.") && at.name.size() > 8) {
          if (value.empty()) return bad_value("a number needs a flow name");
          s_->load.flow_numbers[at.name.substr(8)] = value;
          continue;
        }
        return fail("unknown key '" + at.name + "'");
      }
      if (at.name.starts_with("rules.")) {
        std::optional<RuleSetting> setting = ParseRuleSetting(value);
        if (!setting) {
          return bad_value(at.name + " must be off, on, note, warning or "
                           "error, not '" + value + "'");
        }
        s_->analysis.rules[at.name.substr(6)] = *setting;
        continue;
      }
      if (from_command_line.contains(at.name)) continue;
      po::parsed_options one(&desc);
      one.options.push_back(opt);
      try {
        po::store(one, *vm_);
      } catch (const po::error&) {
        return bad_value("invalid value '" + value + "' for " + at.name);
      }
      where_[at.name] = Diagnostic{path, at.line, at.value_column, ""};
    }
    return std::nullopt;
  }

  // An invalid setting: at its line in the file when it came from there,
  // else as a usage error.
  int Invalid(const std::string& key, const std::string& message) {
    auto it = where_.find(key);
    if (it == where_.end()) return Usage(*io_, message);
    Diagnostic d = it->second;
    d.message = message;
    return Fail(d);
  }

 private:
  int Fail(const Diagnostic& d) {
    io_->err << d.ToString() << '\n';
    return kExitInput;
  }

  RunSettings* s_;
  po::variables_map* vm_;
  CommandIo* io_;
  std::map<std::string, Diagnostic> where_;
};

}  // namespace

po::options_description LoadingOptions(RunSettings* s) {
  po::options_description desc("loading options");
  desc.add_options()
      ("config", po::value(&s->config),
       "read settings from FILE (default: .ivrscope.ini in the current "
       "directory, else the nearest one at or above the first PATH)")
      ("platform-max-tries", po::value(&s->load.platform_max_tries)
           ->default_value(s->load.platform_max_tries),
       "VoiceXML: the platform ends the call after this many noinput or "
       "nomatch events on one item; 0 means no limit (as the specification "
       "says)")
      ("platform-builtin-dtmf", po::bool_switch(&s->load.builtin_dtmf),
       "VoiceXML: the platform's builtin grammars (digits, number, date, "
       "time, currency, phone) take keys, so such a field hears digits "
       "itself and a link on a digit does not reach it (default: off; "
       "optional for platforms)")
      ("ivr-number", po::value(&s->load.ivr_numbers)->composing(),
       "a transfer destination that is another IVR, not a person: a number "
       "in any notation (tel:+18005550100, sip:...) or a destination as "
       "written (queue:cards) (repeatable; default: none)")
      ("vxml-exit", po::value(&s->vxml_exit)->default_value(s->vxml_exit),
       "VoiceXML: what <exit> does: hangup (common platforms) or stop "
       "(control goes back to the platform)")
      ("jobs,j", po::value(&s->jobs)->default_value(s->jobs),
       "threads to use; 0 means one per core")
      ("max-file-size", po::value(&s->max_file_mb)->default_value(s->max_file_mb),
       "refuse input files larger than this many MiB");
  return desc;
}

po::options_description SharedOptions(RunSettings* s) {
  po::options_description desc("analysis options");
  desc.add_options()
      ("fail-on", po::value(&s->fail_on)->default_value(s->fail_on),
       "exit 1 when a finding is at or above: error, warning, note or never");
  AddThresholdOptions(&desc, &s->analysis);
  desc.add_options()
      ("progress", po::bool_switch(&s->progress),
       "show progress on stderr even when it is not a terminal (default: "
       "off; on a terminal, shown for runs longer than half a second)")
      ("color", po::value(&s->color)->default_value(s->color),
       "colour the text report: auto (on a terminal), always or never");
  return desc;
}

std::optional<int> ResolveSettings(po::variables_map& vm, RunSettings* s,
                                   CommandIo& io) {
  // The inputs, as stored by ParseWithPaths: the configuration is looked for
  // beside the first one, before notify() fills the command's own copy.
  const std::vector<std::string> inputs =
      vm.count("paths") ? vm["paths"].as<std::vector<std::string>>()
                        : std::vector<std::string>{};
  ConfigReader reader(s, &vm, &io);
  std::optional<std::string> config;
  if (vm.count("config")) {
    config = vm["config"].as<std::string>();
  } else {
    config = FindConfig(inputs);
  }
  if (config) {
    if (auto exit = reader.Read(*config)) return exit;
    s->config_file = *config;
  }
  po::notify(vm);

  std::optional<int> fail_rank = FailRank(s->fail_on);
  if (!fail_rank) {
    return reader.Invalid("fail-on", "unknown fail-on '" + s->fail_on +
                                          "': error, warning, note or never");
  }
  s->fail_rank = *fail_rank;
  for (const char* key : {"max-entries", "max-transfers", "max-options",
                          "platform-max-tries"}) {
    if (vm.count(key) && vm[key].as<int>() < 0) {
      return reader.Invalid(key, std::string(key) + " cannot be negative");
    }
  }
  // Up to 1 TiB: past that the byte count would not fit.
  constexpr long long kMaxFileMb = 1LL << 20;
  if (s->max_file_mb < 1 || s->max_file_mb > kMaxFileMb) {
    return reader.Invalid("max-file-size",
                          "max-file-size must be from 1 to " +
                              std::to_string(kMaxFileMb) + " (MiB)");
  }
  if (s->color != "auto" && s->color != "always" && s->color != "never") {
    return Usage(io, "unknown --color '" + s->color + "'");
  }
  if (s->jobs < 0) return Usage(io, "--jobs cannot be negative");
  if (s->vxml_exit != "hangup" && s->vxml_exit != "stop") {
    return Usage(io, "unknown --vxml-exit '" + s->vxml_exit + "'");
  }
  s->load.exit_hangs_up = s->vxml_exit == "hangup";
  return std::nullopt;
}

void PrepareLoad(RunSettings* s) {
  const int jobs = ResolveJobs(s->jobs);
  s->load.jobs = jobs;
  s->load.max_file_bytes = static_cast<std::size_t>(s->max_file_mb) << 20;
  s->analysis.jobs = jobs;
}

void PrepareRun(RunSettings* s, Progress* progress) {
  PrepareLoad(s);
  s->load.progress = progress->Stage("loading files");
  s->analysis.progress = progress->Stage("analysing flows");
}

std::unique_ptr<AnalysedRun> AnalysePaths(const std::vector<std::string>& paths,
                                          const RunSettings& s) {
  auto run = std::make_unique<AnalysedRun>();
  run->loaded = LoadPaths(paths, s.load);
  Report& report = run->report;
  report.program = &run->loaded.program;
  report.flows = Analyze(run->loaded.program, s.analysis);
  report.errors = std::move(run->loaded.errors);
  report.skipped = std::move(run->loaded.skipped);
  for (Diagnostic& e : ApplySuppressions(run->loaded.program, &report.flows)) {
    report.errors.push_back(std::move(e));
  }
  SortByPlace(&report.errors);
  report.files = run->loaded.files;
  report.rules = ConfiguredRules(s.analysis);
  AddFingerprints(&report);
  return run;
}

bool WriteOutput(const std::string& output, const RunSettings& s,
                 ReportOptions options, CommandIo& io,
                 const std::function<void(const ReportOptions&, std::ostream&)>&
                     write) {
  std::ofstream file;
  std::ostream* sink = &io.out;
  bool terminal = io.stdout_is_terminal;
  if (!IsStandardOutput(output)) {
    file.open(output, std::ios::binary);
    if (!file) {
      io.err << "ivrscope: cannot write --output '" << output << "'\n";
      return false;
    }
    sink = &file;
    terminal = false;
  }
  options.color = s.color == "always" || (s.color == "auto" && terminal);
  write(options, *sink);
  sink->flush();
  if (!*sink) {
    io.err << "ivrscope: cannot write the report\n";
    return false;
  }
  return true;
}

}  // namespace ivrscope
