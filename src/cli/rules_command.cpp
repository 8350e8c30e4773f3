// ivrscope rules: the rule table, for people deciding what to fix first.
#include <ostream>

#include "cli/commands.hpp"
#include "ivrscope/analysis.hpp"

namespace ivrscope {

int RunRulesCommand(const Args& args, CommandIo& io) {
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    io.out << "usage: ivrscope rules\n\nLists every rule: id, default "
              "severity, summary, and why it matters to callers.\n";
    return kExitClean;
  }
  if (!args.empty()) return Usage(io, "rules takes no arguments");
  for (const RuleInfo& rule : Rules()) {
    io.out << rule.id << " (" << ToString(rule.severity)
           << "): " << rule.summary << "\n    " << rule.rationale << "\n";
  }
  return kExitClean;
}

}  // namespace ivrscope
