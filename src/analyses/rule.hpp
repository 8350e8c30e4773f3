// The interface every rule implements, and the context it is given.
//
// A rule may look at the whole graph once (Prepare) and then checks one flow
// at a time (Check). Check is const: flows are checked in parallel.
#ifndef IVRSCOPE_SRC_ANALYSES_RULE_HPP_
#define IVRSCOPE_SRC_ANALYSES_RULE_HPP_

#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "analyses/graph_facts.hpp"
#include "analyses/transfer_hops.hpp"
#include "ivrscope/analysis.hpp"

namespace ivrscope {

struct FlowContext {
  const Program& program;
  const AnalysisOptions& options;
  const GraphFacts& facts;
  std::uint32_t flow;
  const FlowWalk& walk;          // from this flow's start
  const TransferHops& hops;      // from this flow's start
  PathFinder& paths;             // this thread's, for witness routes

  const Graph& graph() const { return program.graph; }
  const Node& node(Vertex v) const { return program.graph[v]; }
  /// The flow owns v (defines it).
  bool Owns(Vertex v) const { return facts.FlowOf(v) == flow; }
};

/// Collects one rule's findings with its id and default severity.
class FindingSink {
 public:
  FindingSink(const RuleInfo& rule, std::vector<Finding>* out)
      : rule_(rule), out_(out) {}

  /// A finding on node v at the node's own location.
  Finding& Add(const Program& program, Vertex v, std::string message) {
    return Add(v, program.graph[v].location, std::move(message));
  }
  Finding& Add(Vertex v, Location at, std::string message) {
    Finding& f = out_->emplace_back();
    f.rule = rule_.id;
    f.severity = rule_.severity;
    f.message = std::move(message);
    f.node = v;
    f.location = at;
    return f;
  }

 private:
  const RuleInfo& rule_;
  std::vector<Finding>* out_;
};

class Rule {
 public:
  virtual ~Rule() = default;
  /// Whole-graph work done once, before any Check.
  virtual void Prepare(const GraphFacts& facts) { (void)facts; }
  virtual void Check(const FlowContext& ctx, FindingSink& sink) const = 0;
};

/// "'main'": how messages name a node.
std::string Quote(const Node& node);

/// Orders a flow's findings by file, line, column and rule id; findings
/// that tie keep their order. Analyze calls it on every flow.
void SortFindings(std::vector<Finding>* findings);

/// Drops each finding (of sorted ones) whose rule, place and message an
/// earlier one has: a node and its copy may both give it. Analyze calls it
/// on every flow, after SortFindings.
void DropRepeats(std::vector<Finding>* findings);

/// The pieces joined, with one allocation: a program can have hundreds of
/// thousands of findings, and a chain of + reallocates as the text grows.
std::string Concat(std::initializer_list<std::string_view> pieces);

// One factory per rule, each defined in the file named after its rule.
std::unique_ptr<Rule> MakeTooManyEntriesRule();
std::unique_ptr<Rule> MakeNoRouteToHumanRule();
std::unique_ptr<Rule> MakeDeadEndLoopRule();
std::unique_ptr<Rule> MakeRetryLoopRule();
std::unique_ptr<Rule> MakeAutomaticLoopRule();
std::unique_ptr<Rule> MakeRetryHangupRule();
std::unique_ptr<Rule> MakeTooManyTransfersRule();
std::unique_ptr<Rule> MakeTransferLoopRule();
std::unique_ptr<Rule> MakeDeadEndRule();
std::unique_ptr<Rule> MakeNoFallbackRule();
std::unique_ptr<Rule> MakeUnreachableRule();
std::unique_ptr<Rule> MakeBrokenTargetRule();
std::unique_ptr<Rule> MakeDuplicateKeyRule();
std::unique_ptr<Rule> MakeMenuTooWideRule();
std::unique_ptr<Rule> MakeDynamicTargetRule();

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_ANALYSES_RULE_HPP_
