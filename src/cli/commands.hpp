// The commands of the ivrscope executable, one file each, and what they
// share. Adding a command: write its Run function and add it to kCommands in
// cli.cpp.
#ifndef IVRSCOPE_SRC_CLI_COMMANDS_HPP_
#define IVRSCOPE_SRC_CLI_COMMANDS_HPP_

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "cli/cli.hpp"

namespace ivrscope {

struct CommandIo {
  std::ostream& out;
  std::ostream& err;
  bool stdout_is_terminal;
  bool stderr_is_terminal = false;  // progress is shown only there by default
  std::string_view command;         // "check", for usage errors
};

using Args = std::vector<std::string>;

/// Prints "ivrscope: message" and the usage to err; returns kExitInput.
int Usage(std::ostream& err, const std::string& message);
/// A command's usage error: "ivrscope: message" and where its options are
/// listed (the command list would not say); returns kExitInput.
int Usage(const CommandIo& io, const std::string& message);

int RunCheckCommand(const Args& args, CommandIo& io);
int RunRulesCommand(const Args& args, CommandIo& io);
int RunPathsCommand(const Args& args, CommandIo& io);
int RunGraphCommand(const Args& args, CommandIo& io);
int RunDiffCommand(const Args& args, CommandIo& io);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_CLI_COMMANDS_HPP_
