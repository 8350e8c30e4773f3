// The command line: parses options, calls the library, maps the result to an
// exit code. main() only forwards to RunCli so tests can drive it in-process.
#ifndef IVRSCOPE_SRC_CLI_CLI_HPP_
#define IVRSCOPE_SRC_CLI_CLI_HPP_

#include <iosfwd>

namespace ivrscope {

enum ExitCode : int {
  kExitClean = 0,     // nothing at or above --fail-on
  kExitFindings = 1,  // findings at or above --fail-on
  kExitInput = 2,     // some input could not be analysed, or a usage error
};

/// Runs `ivrscope argv[1..]`. `stdout_is_terminal` decides --color auto,
/// `stderr_is_terminal` whether progress is shown without --progress.
int RunCli(int argc, const char* const* argv, std::ostream& out,
           std::ostream& err, bool stdout_is_terminal,
           bool stderr_is_terminal = false);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_CLI_CLI_HPP_
