// Progress on stderr for long batch runs: loading, then analysing. On a
// terminal it redraws one line and stays silent for runs shorter than half a
// second; forced onto a pipe (--progress) it prints a line per tenth done, so
// CI logs stay short. Never touches stdout: reports stay byte-identical.
#ifndef IVRSCOPE_SRC_CLI_PROGRESS_HPP_
#define IVRSCOPE_SRC_CLI_PROGRESS_HPP_

#include <chrono>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <mutex>
#include <string>

namespace ivrscope {

class Progress {
 public:
  /// Shows nothing unless `enabled`; `terminal` chooses the redrawn line.
  Progress(std::ostream& err, bool enabled, bool terminal);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// A callback for LoadOptions/AnalysisOptions::progress that reports
  /// "verb done/total"; empty when progress is off. Thread-safe.
  std::function<void(std::size_t, std::size_t)> Stage(std::string verb);

 private:
  // `printed_tenth` is the stage's own: the last tenth a line was printed
  // for (callbacks from several threads may arrive slightly out of order).
  void Update(const std::string& verb, std::size_t done, std::size_t total,
              std::size_t* printed_tenth);

  std::ostream& err_;
  bool enabled_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
  bool drawn_ = false;  // a terminal line is showing
  std::mutex mutex_;
};

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_CLI_PROGRESS_HPP_
