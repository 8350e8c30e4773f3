// The rule table and the driver that runs every rule on every flow.
#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>
#include <thread>

#include "analyses/rule.hpp"

namespace ivrscope {
namespace {

struct RuleEntry {
  RuleInfo info;
  std::unique_ptr<Rule> (*make)();
};

// The single list of rules. Order: routing first, then structure.
const std::array<RuleEntry, 15> kRules = {{
    {{"too-many-entries", Severity::kWarning,
      "a human is more than --max-entries entries away",
      "Callers should reach a person in three entries or fewer. Each menu "
      "level, option and misunderstood answer on the way is another chance "
      "to give up. The route shows the cheapest way to a human through the "
      "first node where the limit is passed."},
     MakeTooManyEntriesRule},
    {{"no-route-to-human", Severity::kWarning,
      "a menu or input from which no human can be reached",
      "Callers must always be able to zero out. From this point every route "
      "ends the call without a person; at the start of a flow it means the "
      "whole line offers no human (error)."},
     MakeNoRouteToHumanRule},
    {{"dead-end-loop", Severity::kError,
      "a loop the caller cannot leave",
      "Whatever the caller does from here, the call neither reaches a human "
      "nor ends: it goes round until they hang up. The route is a cycle the "
      "caller is caught in."},
     MakeDeadEndLoopRule},
    {{"retry-loop", Severity::kWarning,
      "a caller who cannot answer is reprompted for ever",
      "Silence or unrecognised input leads back to the same prompt with no "
      "tries limit (or on-exhausted leads straight back): a caller who "
      "cannot be understood is never offered a way out."},
     MakeRetryLoopRule},
    {{"automatic-loop", Severity::kError,
      "the flow loops without the caller doing anything",
      "A cycle with no entry and no retry spins on its own: prompts replay "
      "or the platform loops until it gives up. Warning when a condition is "
      "on the cycle (data may break it)."},
     MakeAutomaticLoopRule},
    {{"retry-hangup", Severity::kWarning,
      "running out of tries hangs up on the caller",
      "Callers should never be cut off for not being understood: when tries "
      "run out, send them to an agent rather than ending the call."},
     MakeRetryHangupRule},
    {{"too-many-transfers", Severity::kWarning,
      "a route passes more than --max-transfers transfers",
      "Being passed from department to department (\"pass the parcel\") is "
      "the experience callers hate most. Every transfer on the route counts, "
      "failed attempts included."},
     MakeTooManyTransfersRule},
    {{"transfer-loop", Severity::kError,
      "a cycle passes a transfer",
      "A caller can be transferred round and round without end; the number "
      "of transfers on a route is unbounded."},
     MakeTransferLoopRule},
    {{"dead-end", Severity::kWarning,
      "the flow stops without hanging up or transferring",
      "The platform drops or takes back the call with no goodbye and no "
      "person: a branch with no otherwise, a form that runs out of items."},
     MakeDeadEndRule},
    {{"no-fallback", Severity::kNote,
      "a transfer to a number with nowhere to go when it fails",
      "A busy or unanswered line drops the caller. Queue, agent and flow "
      "transfers hold the caller, so only tel: and sip: need on-fail."},
     MakeNoFallbackRule},
    {{"unreachable", Severity::kNote, "no route from the start reaches this",
      "Dead design weight: nobody can ever hear it, and it usually means a "
      "target somewhere names the wrong node."},
     MakeUnreachableRule},
    {{"broken-target", Severity::kError,
      "a target names nothing analysed",
      "A caller sent there falls out of the flow (a platform error, usually "
      "a dropped call)."},
     MakeBrokenTargetRule},
    {{"duplicate-key", Severity::kError,
      "two options of one menu answer to the same key or phrase",
      "Only one of them can ever be chosen: the other option is unreachable "
      "and callers pressing the key may not get what the prompt promised."},
     MakeDuplicateKeyRule},
    {{"menu-too-wide", Severity::kNote,
      "a menu offers more than --max-options choices",
      "Callers cannot keep more than a handful of options in mind; long "
      "menus make them replay the prompt or guess."},
     MakeMenuTooWideRule},
    {{"dynamic-target", Severity::kNote,
      "a route continues at a target known only at run time",
      "VoiceXML expr, expritem, srcexpr and destexpr targets, and <submit>, "
      "are decided by a script or a web server while the call runs. The "
      "route cannot be followed there, so no other rule sees what comes "
      "after; check that part of the application by hand."},
     MakeDynamicTargetRule},
}};

std::array<RuleInfo, kRules.size()> MakeInfos() {
  std::array<RuleInfo, kRules.size()> infos;
  for (std::size_t i = 0; i < kRules.size(); ++i) infos[i] = kRules[i].info;
  return infos;
}
const std::array<RuleInfo, kRules.size()> kInfos = MakeInfos();

FlowMetrics ComputeMetrics(const FlowContext& ctx) {
  FlowMetrics m;
  const Graph& g = ctx.graph();
  const std::vector<std::uint32_t>& row = RowStart(g);
  for (Vertex v : ctx.facts.NodesOf(ctx.flow)) {
    if (ctx.facts.Synthetic(v)) continue;
    ++m.nodes;
    m.edges += static_cast<int>(row[v + 1] - row[v]);
  }
  const int h = ctx.facts.ToHuman(ctx.walk.start());
  if (h != kUnreached) m.min_entries_to_human = h;
  for (Vertex v : ctx.walk.Order()) {
    if (ctx.facts.Human(v)) {
      m.max_entries_to_human =
          std::max(m.max_entries_to_human.value_or(0), ctx.walk.Distance(v));
    }
  }
  if (!ctx.hops.Unbounded()) m.max_transfer_hops = ctx.hops.Max();
  return m;
}

}  // namespace

// Small keys are sorted and each finding is
// moved once, where a stable sort of the findings themselves moves their
// strings and routes log n times.
void SortFindings(std::vector<Finding>* findings) {
  // Keys of plain integers: the rule as its rank among the rule ids in
  // alphabetical order (found again only when the rule changes, findings
  // come in runs of one rule), ties broken by position (a flow's findings
  // number far fewer than 2^32).
  struct Key {
    std::uint64_t file_line;
    std::uint32_t column;
    std::uint64_t rule_index;
  };
  std::vector<Key> keys;
  keys.reserve(findings->size());
  std::string_view rule;
  std::uint64_t rank = 0;
  for (std::size_t i = 0; i < findings->size(); ++i) {
    const Finding& f = (*findings)[i];
    if (i == 0 || f.rule.data() != rule.data() ||
        f.rule.size() != rule.size()) {
      rule = f.rule;
      rank = static_cast<std::uint64_t>(
          std::count_if(kInfos.begin(), kInfos.end(),
                        [&](const RuleInfo& r) { return r.id < rule; }));
    }
    keys.push_back({std::uint64_t{f.location.file} << 32 | f.location.line,
                    f.location.column, rank << 32 | i});
  }
  auto less = [](const Key& a, const Key& b) {
    return std::tie(a.file_line, a.column, a.rule_index) <
           std::tie(b.file_line, b.column, b.rule_index);
  };
  // Each rule's findings are one block, usually in order already (rules
  // that go through a flow's nodes find them in document order): sort the
  // blocks that are not, then merge blocks pairwise. The keys are distinct,
  // so this gives exactly the order one sort would.
  std::vector<std::size_t> bounds{0};
  for (std::size_t i = 1; i < keys.size(); ++i) {
    if ((*findings)[i].rule.data() != (*findings)[i - 1].rule.data()) {
      bounds.push_back(i);
    }
  }
  bounds.push_back(keys.size());
  bool sorted_already = true;
  for (std::size_t b = 0; b + 1 < bounds.size(); ++b) {
    const auto first = keys.begin() + static_cast<std::ptrdiff_t>(bounds[b]);
    const auto last = keys.begin() + static_cast<std::ptrdiff_t>(bounds[b + 1]);
    if (!std::is_sorted(first, last, less)) {
      std::sort(first, last, less);
      sorted_already = false;
    }
    if (b > 0 && less(*first, *(first - 1))) sorted_already = false;
  }
  if (sorted_already) return;  // nothing to move
  while (bounds.size() > 2) {
    std::size_t kept = 1;
    for (std::size_t b = 0; b + 2 < bounds.size(); b += 2) {
      const auto at = [&](std::size_t i) {
        return keys.begin() + static_cast<std::ptrdiff_t>(bounds[i]);
      };
      std::inplace_merge(at(b), at(b + 1), at(b + 2), less);
      bounds[kept++] = bounds[b + 2];
    }
    if (bounds.size() % 2 == 0) bounds[kept++] = bounds.back();
    bounds.resize(kept);
  }
  std::vector<Finding> sorted;
  sorted.reserve(findings->size());
  for (const Key& key : keys) {
    sorted.push_back(std::move((*findings)[key.rule_index & 0xffffffffu]));
  }
  findings->swap(sorted);
}

// A finding identical to one before it (rule, place and message) says
// nothing more: a node and its copy (see Node::synthetic) can each give it.
// Sorted, the findings of one rule at one place are adjacent, and few.
void DropRepeats(std::vector<Finding>* findings) {
  auto same_place = [](const Finding& a, const Finding& b) {
    return a.rule == b.rule && a.location == b.location;
  };
  std::size_t kept = 0;
  std::size_t run = 0;  // where the kept run of this rule and place begins
  for (std::size_t i = 0; i < findings->size(); ++i) {
    Finding& f = (*findings)[i];
    if (kept == 0 || !same_place((*findings)[kept - 1], f)) run = kept;
    bool repeat = false;
    for (std::size_t j = run; j < kept && !repeat; ++j) {
      repeat = (*findings)[j].message == f.message;
    }
    if (repeat) continue;
    if (kept != i) (*findings)[kept] = std::move(f);
    ++kept;
  }
  findings->resize(kept);
}

std::span<const RuleInfo> Rules() { return kInfos; }

const RuleInfo* FindRule(std::string_view id) {
  for (const RuleInfo& info : kInfos) {
    if (info.id == id) return &info;
  }
  return nullptr;
}

std::string Quote(const Node& node) { return Concat({"'", node.id, "'"}); }

std::string Concat(std::initializer_list<std::string_view> pieces) {
  std::size_t size = 0;
  for (std::string_view piece : pieces) size += piece.size();
  std::string out(size, '\0');
  char* at = out.data();
  for (std::string_view piece : pieces) {
    std::memcpy(at, piece.data(), piece.size());
    at += piece.size();
  }
  return out;
}

// The configured form of rule i, or none when it is disabled.
std::optional<RuleInfo> Configured(std::size_t i,
                                   const AnalysisOptions& options) {
  RuleInfo info = kInfos[i];
  auto it = options.rules.find(info.id);
  if (it == options.rules.end()) return info;
  if (!it->second.enabled) return std::nullopt;
  info.severity = it->second.severity.value_or(info.severity);
  return info;
}

std::vector<RuleInfo> ConfiguredRules(const AnalysisOptions& options) {
  std::vector<RuleInfo> infos;
  for (std::size_t i = 0; i < kRules.size(); ++i) {
    if (auto info = Configured(i, options)) infos.push_back(*info);
  }
  return infos;
}

std::vector<FlowAnalysis> Analyze(const Program& program,
                                  const AnalysisOptions& options) {
  GraphFacts facts(program);
  std::vector<std::unique_ptr<Rule>> rules;
  std::vector<RuleInfo> infos;  // parallel to rules
  for (std::size_t i = 0; i < kRules.size(); ++i) {
    std::optional<RuleInfo> info = Configured(i, options);
    if (!info) continue;
    infos.push_back(*info);
    rules.push_back(kRules[i].make());
    rules.back()->Prepare(facts);
  }

  std::vector<FlowAnalysis> result(program.flows.size());
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  auto worker = [&] {
    FlowWalk walk(program.graph, facts.EdgeCost());
    TransferHops hops(facts);
    PathFinder paths;
    for (std::size_t i = next++; i < program.flows.size(); i = next++) {
      walk.Run(program.flows[i].start);
      hops.Run(walk);
      FlowContext ctx{program, options, facts, static_cast<std::uint32_t>(i),
                      walk,    hops,    paths};
      FlowAnalysis& out = result[i];
      out.metrics = ComputeMetrics(ctx);
      for (std::size_t r = 0; r < rules.size(); ++r) {
        FindingSink sink(infos[r], &out.findings);
        rules[r]->Check(ctx, sink);
      }
      SortFindings(&out.findings);
      DropRepeats(&out.findings);
      if (options.progress) options.progress(++done, program.flows.size());
    }
  };
  const int jobs = std::clamp<int>(
      options.jobs, 1,
      static_cast<int>(std::max<std::size_t>(program.flows.size(), 1)));
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();
  return result;
}

}  // namespace ivrscope
