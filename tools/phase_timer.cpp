// phase_timer: times ivrscope's phases (load, analyse, write JSON) on the
// given inputs, to see where time goes on large flows. Not a test: the
// machines are shared and noisy, so compare ratios from one run. Each phase
// is shown as wall time and as CPU time of this process (single-threaded
// here, so CPU time is the work done, even on a busy machine), and the
// peak resident memory when it ends (the peak so far: what a phase added
// to it is the difference from the line before).
//
//   phase_timer big.ivrflow
#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include "ivrscope/analysis.hpp"
#include "ivrscope/loader.hpp"
#include "ivrscope/report.hpp"
#include "ivrscope/review.hpp"

namespace {

// Resident now, from /proc (glibc keeps freed memory mapped, so this is
// an upper bound on what the program holds).
long NowMb() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0;
  long resident = 0;
  statm >> pages >> resident;
  return resident * (sysconf(_SC_PAGESIZE) / 1024) / 1024;
}

long PeakMb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;  // Linux gives KiB
}

}  // namespace

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
  auto cpu_ms = [](std::clock_t a, std::clock_t b) {
    return 1000.0 * static_cast<double>(b - a) / CLOCKS_PER_SEC;
  };
  const std::clock_t c0 = std::clock();
  const auto t0 = Clock::now();
  ivrscope::LoadResult loaded = ivrscope::LoadPaths(paths, {});
  const auto t1 = Clock::now();
  const std::clock_t c1 = std::clock();
  const long peak_load = PeakMb();
  malloc_trim(0);
  const long now_load = NowMb();
  ivrscope::Report report;
  report.program = &loaded.program;
  const ivrscope::AnalysisOptions options;
  report.flows = ivrscope::Analyze(loaded.program, options);
  report.files = loaded.files;
  report.rules = ivrscope::ConfiguredRules(options);
  ivrscope::AddFingerprints(&report);
  const auto t2 = Clock::now();
  const std::clock_t c2 = std::clock();
  const long peak_analyse = PeakMb();
  std::ostringstream json;
  ivrscope::WriteJson(report, {}, json);
  const auto t3 = Clock::now();
  const std::clock_t c3 = std::clock();
  const long peak_json = PeakMb();
  const auto nodes = boost::num_vertices(loaded.program.graph);
  const auto edges = boost::num_edges(loaded.program.graph);
  std::cout << "nodes " << nodes << ", edges " << edges << ", errors "
            << loaded.errors.size() << "\n"
            << "load    " << ms(t0, t1) << " ms wall, " << cpu_ms(c0, c1)
            << " ms cpu, peak " << peak_load << " MB, then " << now_load
            << " MB\n"
            << "analyse " << ms(t1, t2) << " ms wall, " << cpu_ms(c1, c2)
            << " ms cpu ("
            << cpu_ms(c1, c2) * 1e6 / static_cast<double>(nodes + edges)
            << " ns cpu per node+edge), peak " << peak_analyse << " MB\n"
            << "json    " << ms(t2, t3) << " ms wall, " << cpu_ms(c2, c3)
            << " ms cpu (" << json.str().size() << " bytes), peak " << peak_json
            << " MB\n";
  return 0;
}
