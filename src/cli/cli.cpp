// Dispatch to the command named by the first argument. Exceptions thrown by
// libraries (option parsing, allocation, the filesystem) stop here.
#include "cli/cli.hpp"

#include <algorithm>
#include <array>
#include <boost/program_options/errors.hpp>
#include <ostream>

#include "cli/commands.hpp"
#include "version.hpp"

namespace ivrscope {
namespace {

struct Command {
  const char* name;
  const char* summary;
  int (*run)(const Args&, CommandIo&);
};

const std::array<Command, 5> kCommands = {{
    {"check", "analyse IVR flows and report what keeps callers from a human",
     RunCheckCommand},
    {"diff", "compare two versions: new and fixed findings, metric moves",
     RunDiffCommand},
    {"rules", "list every rule, its severity and why it matters to callers",
     RunRulesCommand},
    {"paths", "the IVR map: every endpoint, its keys and fewest entries",
     RunPathsCommand},
    {"graph", "draw flows as DOT or SVG, findings marked in colour",
     RunGraphCommand},
}};

std::string UsageText() {
  std::string text =
      "usage: ivrscope <command> [options] [PATH...]\n\ncommands:\n";
  for (const Command& c : kCommands) {
    std::string name = c.name;
    name.resize(10, ' ');
    text += "  " + name + c.summary + "\n";
  }
  text +=
      "\n  ivrscope <command> --help   options of a command\n"
      "  ivrscope --version          print the version\n";
  return text;
}

}  // namespace

int Usage(std::ostream& err, const std::string& message) {
  err << "ivrscope: " << message << "\n\n" << UsageText();
  return kExitInput;
}

int Usage(const CommandIo& io, const std::string& message) {
  io.err << "ivrscope: " << message << "\nrun 'ivrscope " << io.command
         << " --help' for its options\n";
  return kExitInput;
}

int RunCli(int argc, const char* const* argv, std::ostream& out,
           std::ostream& err, bool stdout_is_terminal,
           bool stderr_is_terminal) {
  Args args(argv + std::min(argc, 1), argv + argc);
  if (args.empty()) return Usage(err, "no command given");
  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "--help" || command == "-h" || command == "help") {
    out << UsageText();
    return kExitClean;
  }
  if (command == "--version") {
    out << "ivrscope " << kVersion << '\n';
    return kExitClean;
  }
  CommandIo io{out, err, stdout_is_terminal, stderr_is_terminal, {}};
  for (const Command& c : kCommands) {
    if (command != c.name) continue;
    io.command = c.name;
    try {
      return c.run(args, io);
    } catch (const boost::program_options::error& e) {
      return Usage(io, e.what());
    } catch (const std::exception& e) {
      err << "ivrscope: internal error: " << e.what() << '\n';
      return kExitInput;
    }
  }
  return Usage(err, "unknown command '" + command + "'");
}

}  // namespace ivrscope
