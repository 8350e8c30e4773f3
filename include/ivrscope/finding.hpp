// Findings: what the analyses say about a flow, and what every reporter
// prints. A finding names one rule, one node and, where a route explains it,
// the caller's cheapest route as evidence.
#ifndef IVRSCOPE_FINDING_HPP_
#define IVRSCOPE_FINDING_HPP_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ivrscope/flow.hpp"

namespace ivrscope {

enum class Severity : std::uint8_t { kNote, kWarning, kError };
std::string_view ToString(Severity severity);
/// Parses "note", "warning" or "error".
std::optional<Severity> ParseSeverity(std::string_view text);

/// One step of a caller's route: a node, and the edge taken to leave it
/// (none on the last step).
///
/// A long route keeps only its ends (kRouteEnds steps each): `skipped` counts
/// the steps left out just before this one (0: none). A hostile flow can
/// make a great many findings whose routes all run through one long chain,
/// and in full their evidence grows with the square of the flow.
struct RouteStep {
  Vertex node = 0;
  std::optional<EdgeRef> via;
  std::size_t skipped = 0;
};

/// Steps a route keeps at each end when it is longer than twice this.
inline constexpr std::size_t kRouteEnds = 40;

/// "[12 steps not shown]": how reports mark the steps a route leaves out.
std::string SkippedText(std::size_t steps);

/// What the caller does on an edge, as reports show it: the key ("1"), the
/// phrase ("\"support\""), the event ("noinput"), the condition ("[cond]"),
/// or "" for an automatic step.
std::string RouteInput(const Program& program, const EdgeRef& edge);

struct Finding {
  std::string_view rule;  // points into the rule table
  Severity severity = Severity::kWarning;
  std::string message;
  Vertex node = 0;
  Location location;
  std::optional<int> entries;  // entries the route costs, where it applies
  std::optional<int> hops;     // transfers on the route, where it applies
  std::vector<RouteStep> route;
};

}  // namespace ivrscope

#endif  // IVRSCOPE_FINDING_HPP_
