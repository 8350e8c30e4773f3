// What the commands that read flows share: the options that shape loading and
// analysis, read from the command line and from the configuration file
// (.ivrscope.ini), the command line winning; one load-analyse run; writing
// to --output.
#ifndef IVRSCOPE_SRC_CLI_SETTINGS_HPP_
#define IVRSCOPE_SRC_CLI_SETTINGS_HPP_

#include <boost/program_options.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "ivrscope/analysis.hpp"
#include "ivrscope/finding.hpp"
#include "ivrscope/loader.hpp"
#include "ivrscope/report.hpp"

namespace ivrscope {

inline constexpr const char* kConfigName = ".ivrscope.ini";

struct RunSettings {
  std::string config;  // --config; empty: look for .ivrscope.ini
  std::string fail_on = "warning";
  std::string color = "auto";
  int jobs = 0;
  long long max_file_mb = 512;  // signed: "-5" is refused, not wrapped
  bool progress = false;
  std::string vxml_exit = "hangup";
  AnalysisOptions analysis;
  LoadOptions load;

  // Resolved by ResolveSettings.
  int fail_rank = 0;  // findings with static_cast<int>(severity) >= fail
  std::string config_file;  // the file read, or empty
};

/// The options that shape loading (the configuration file, the platform's
/// behaviour, --jobs, --max-file-size), with their defaults: what every
/// command that reads flows takes, so that `paths` and `graph` see the flows
/// `check` sees.
boost::program_options::options_description LoadingOptions(RunSettings* s);

/// The other options `check` and `diff` take, with their defaults: the
/// thresholds, --fail-on and the display.
boost::program_options::options_description SharedOptions(RunSettings* s);

/// Call after the command line is stored in `vm` (not notified): reads the
/// configuration file (--config, else .ivrscope.ini in the current directory,
/// else in the first input's directory or its nearest parent that has one)
/// under it, notifies, validates and fills the resolved fields. Returns the
/// exit code when something is wrong (already reported on io.err).
std::optional<int> ResolveSettings(boost::program_options::variables_map& vm,
                                   RunSettings* s, CommandIo& io);

/// Load and analysis options with --jobs and --max-file-size applied.
void PrepareLoad(RunSettings* s);
/// PrepareLoad, and progress shown.
void PrepareRun(RunSettings* s, Progress* progress);

/// A loaded and analysed set of inputs: suppressions applied (a suppression
/// naming no rule is an error of the report), rules and fingerprints set.
struct AnalysedRun {
  LoadResult loaded;
  Report report;
};
std::unique_ptr<AnalysedRun> AnalysePaths(const std::vector<std::string>& paths,
                                          const RunSettings& s);

/// Calls `write` on --output FILE (no colour) or io.out (colour per --color).
/// Returns false, reported on io.err, when FILE cannot be written.
bool WriteOutput(const std::string& output, const RunSettings& s,
                 ReportOptions options, CommandIo& io,
                 const std::function<void(const ReportOptions&, std::ostream&)>&
                     write);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_CLI_SETTINGS_HPP_
