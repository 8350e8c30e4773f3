// What the commands that read flows share: PATH... on the command line, the
// analysis thresholds, and --output. Kept apart from each command so that
// every command parses these the same way.
#ifndef IVRSCOPE_SRC_CLI_COMMAND_SUPPORT_HPP_
#define IVRSCOPE_SRC_CLI_COMMAND_SUPPORT_HPP_

#include <boost/program_options.hpp>
#include <fstream>
#include <ostream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "ivrscope/analysis.hpp"

namespace ivrscope {

/// Parses args against desc, collecting the positional arguments into paths.
/// Throws boost::program_options::error on bad options (RunCli reports it).
boost::program_options::variables_map ParseWithPaths(
    const Args& args, const boost::program_options::options_description& desc,
    std::vector<std::string>* paths);

/// --max-entries, --max-transfers, --max-options, with check's defaults, so
/// that a drawing marks the findings `check` reports with the same options.
void AddThresholdOptions(boost::program_options::options_description* desc,
                         AnalysisOptions* analysis);

/// Where a command writes: the --output file, or standard output.
class OutputSink {
 public:
  /// False (and a message in *error) when the file cannot be written.
  bool Open(const std::string& path, std::ostream& standard_output,
            std::string* error);
  std::ostream& stream() { return *stream_; }
  /// Flushes; false, with a message on `err`, when what was written did not
  /// all arrive (a full disk, a closed pipe): the command then exits 2.
  bool Finish(std::ostream& err);

 private:
  std::ofstream file_;
  std::ostream* stream_ = nullptr;
};

/// Whether --output is standard output: not given, or "-" (as "-" is
/// standard input among the inputs).
bool IsStandardOutput(const std::string& output);

/// Whether --output names one of the inputs (a path given, or a file found
/// in a directory given): said on `err`, and the command exits 2 rather
/// than overwrite a flow with its own report.
bool OutputIsInput(const std::string& output,
                   const std::vector<std::string>& paths,
                   const std::vector<std::string>& files, std::ostream& err);

/// Threads for --jobs: 0 means one per core.
int ResolveJobs(int jobs);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_CLI_COMMAND_SUPPORT_HPP_
