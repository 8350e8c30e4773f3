// phase_timer: times ivrscope's phases (load, analyse, write JSON) on the
// given inputs, to see where time goes on large flows. Not a test: the
// machines are shared and noisy, so compare ratios from one run.
//
//   phase_timer big.ivrflow
#include <chrono>
#include <iostream>
#include <sstream>

#include "ivrscope/analysis.hpp"
#include "ivrscope/loader.hpp"
#include "ivrscope/report.hpp"
#include "ivrscope/review.hpp"

int main(int argc, char** argv) {
  using Clock = std::chrono::steady_clock;
  if (argc < 2) {
    std::cerr << "usage: phase_timer PATH...\n";
    return 2;
  }
  std::vector<std::string> paths(argv + 1, argv + argc);
  auto ms = [](Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
  };
  const auto t0 = Clock::now();
  ivrscope::LoadResult loaded = ivrscope::LoadPaths(paths, {});
  const auto t1 = Clock::now();
  ivrscope::Report report;
  report.program = &loaded.program;
  report.flows = ivrscope::Analyze(loaded.program, {});
  report.files = loaded.files;
  ivrscope::AddFingerprints(&report);  // the JSON report prints them
  const auto t2 = Clock::now();
  std::ostringstream json;
  ivrscope::WriteJson(report, {}, json);
  const auto t3 = Clock::now();
  const auto nodes = boost::num_vertices(loaded.program.graph);
  const auto edges = boost::num_edges(loaded.program.graph);
  std::cout << "nodes " << nodes << ", edges " << edges << ", errors "
            << loaded.errors.size() << "\n"
            << "load    " << ms(t0, t1) << " ms\n"
            << "analyse " << ms(t1, t2) << " ms ("
            << ms(t1, t2) * 1e6 / static_cast<double>(nodes + edges)
            << " ns per node+edge)\n"
            << "json    " << ms(t2, t3) << " ms (" << json.str().size()
            << " bytes)\n";
  return 0;
}
