// Helpers for tests that load small inline ivrflow documents and look at the
// graph or the findings.
#ifndef IVRSCOPE_TESTS_TEST_SUPPORT_HPP_
#define IVRSCOPE_TESTS_TEST_SUPPORT_HPP_

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ivrscope/analysis.hpp"
#include "loaders/fragment.hpp"
#include "loaders/ivrflow_loader.hpp"

namespace ivrscope::testing {

/// Flows loaded from inline text (file names flow0.ivrflow, flow1...),
/// linked, and analysed.
struct Analysed {
  Program program;
  std::vector<FlowAnalysis> flows;

  /// "rule node" for every finding of every flow, sorted.
  std::multiset<std::string> Findings() const {
    std::multiset<std::string> out;
    for (const FlowAnalysis& flow : flows) {
      for (const Finding& f : flow.findings) {
        out.insert(std::string(f.rule) + " " +
                   std::string(program.graph[f.node].id));
      }
    }
    return out;
  }
  /// The findings of one rule.
  std::vector<const Finding*> Of(std::string_view rule) const {
    std::vector<const Finding*> out;
    for (const FlowAnalysis& flow : flows) {
      for (const Finding& f : flow.findings) {
        if (f.rule == rule) out.push_back(&f);
      }
    }
    return out;
  }
  /// "main -1-> billing -> agent": a route as node ids and inputs.
  std::string Route(const Finding& f) const {
    std::string out;
    for (const RouteStep& step : f.route) {
      if (step.skipped) out += SkippedText(step.skipped) + " -> ";
      out += program.graph[step.node].id;
      if (step.via) {
        std::string input = RouteInput(program, *step.via);
        out += input.empty() ? " -> " : " -" + input + "-> ";
      }
    }
    return out;
  }
  Vertex Find(std::string_view id) const {
    for (Vertex v = 0; v < boost::num_vertices(program.graph); ++v) {
      if (program.graph[v].id == id) return v;
    }
    FAIL("no node " << id);
    return 0;
  }
};

inline Program LoadLinked(const std::vector<std::string>& texts,
                          const LoadOptions& options = {}) {
  std::vector<Fragment> fragments;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    auto loaded =
        LoadIvrflowText("flow" + std::to_string(i) + ".ivrflow", texts[i]);
    REQUIRE_MESSAGE(loaded.ok(),
                    (loaded.ok() ? "" : loaded.error().ToString()));
    fragments.push_back(std::move(loaded.value()));
  }
  return Link(std::move(fragments), options);
}

inline Analysed Analyse(const std::vector<std::string>& texts,
                        AnalysisOptions options = {}) {
  Analysed a;
  a.program = LoadLinked(texts);
  a.flows = Analyze(a.program, options);
  return a;
}

}  // namespace ivrscope::testing

#endif  // IVRSCOPE_TESTS_TEST_SUPPORT_HPP_
