// The IVR map: where every key sequence leads. For each flow, every place a
// call can end (a person, a hang-up, an exit from the analysed flows) with the
// cheapest route a caller takes to get there. It is what IVR-testing tools
// produce by crawling a live line, computed here from the design itself.
//
// The map is an analysis result (built from the same 0-1 search as the
// routing rules); the writers below only format it.
#ifndef IVRSCOPE_IVR_MAP_HPP_
#define IVRSCOPE_IVR_MAP_HPP_

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "ivrscope/finding.hpp"
#include "ivrscope/flow.hpp"
#include "ivrscope/status.hpp"

namespace ivrscope {

enum class EndpointKind : std::uint8_t {
  kHuman,   // a transfer that reaches a person
  kHangup,  // the call ends on purpose (tries running out included)
  kExit,    // the call leaves what was analysed: a stop, a transfer out of
            // the analysed flows, something only known at run time, or a
            // target that names nothing
};
std::string_view ToString(EndpointKind kind);

/// One endpoint of a flow; its cheapest route is MapRoute(map, endpoint).
struct Endpoint {
  Vertex node = 0;
  EndpointKind kind = EndpointKind::kExit;
  int entries = 0;         // d(node): fewest entries from the start
  std::uint32_t step = 0;  // node's place in FlowMap::steps
};

/// A node on the map's routes: they are held as one tree per flow, rooted
/// at its start, because the routes to a flow's endpoints share their
/// beginnings. Listed whole, a deep flow's routes would take the product
/// of its depth and its endpoints (20,000 endpoints in a chain of 20,000
/// menus: 200 million steps); the tree takes what the routes pass through.
struct MapStep {
  static constexpr std::uint32_t kNoParent = ~std::uint32_t{0};
  Vertex node = 0;
  std::uint32_t parent = kNoParent;  // index in FlowMap::steps
  EdgeRef in{};                      // the edge from the parent's node
};

struct FlowMap {
  /// Every endpoint the flow's callers can reach (also in flows it links
  /// into), sorted by entries, then by source location.
  std::vector<Endpoint> endpoints;
  /// The cheapest routes to the endpoints; a parent comes before its
  /// children, and the flow's start (when it has an endpoint) first.
  std::vector<MapStep> steps;
};

/// The cheapest route from the flow's start to e, every step of it (the
/// key sequences drive test calls); the last step has no edge. Linear in
/// its length.
std::vector<RouteStep> MapRoute(const FlowMap& map, const Endpoint& e);

/// A route as the JSON map lists its nodes: past 2 * kRouteEnds steps it
/// keeps its ends, as findings' routes do (RouteStep::skipped). The keys
/// and transfers are listed whole; a node list of every step of every
/// endpoint is what made a 3.5 MB flow's JSON map 46 GB.
std::vector<RouteStep> ShownRoute(std::vector<RouteStep> route);

/// The transfer nodes a route passes before its last step.
std::vector<Vertex> TransfersPassed(const Graph& graph,
                                    const std::vector<RouteStep>& route);

/// One FlowMap per Program::flows entry, in the same order. Linear in the
/// size of what each flow reaches, whatever the length of its routes.
std::vector<FlowMap> BuildIvrMap(const Program& program);

/// What a caller does on an edge, as the map shows it: the key ("1"), the key
/// and the phrase that also selects it ("2/\"support\""), "(silence)",
/// "(invalid)", "(input)"; "" when the caller does nothing (a condition, an
/// automatic step, a failed transfer).
std::string CallerAction(const Program& program, const EdgeRef& edge);

/// "1 2/\"support\" (silence)": the caller's actions along a route, or
/// "(none)" when the caller does nothing.
std::string KeySequence(const Program& program,
                        const std::vector<RouteStep>& route);

/// How a map or a drawing names a node: its id, prefixed with its flow's
/// name ("cards:agent") when it belongs to another flow than `flow`.
std::string NodeName(const Program& program, Vertex v, std::uint32_t flow);

/// "main -1-> billing -\"agent\"-> agent": a route as reports print it, nodes
/// named as by NodeName.
std::string RouteText(const Program& program,
                      const std::vector<RouteStep>& route, std::uint32_t flow);

enum class MapFormat { kText, kJson, kCsv };

/// Everything one `paths` run produced.
struct MapReport {
  const Program* program = nullptr;
  std::vector<FlowMap> flows;      // parallel to program->flows
  std::vector<Diagnostic> errors;  // inputs that could not be loaded
};

/// text: one table per flow; json: {"version": 1, "flows": [...],
/// "errors": [...]} (see the README); csv: one row per endpoint.
void WriteIvrMap(MapFormat format, const MapReport& report, std::ostream& out);

}  // namespace ivrscope

#endif  // IVRSCOPE_IVR_MAP_HPP_
