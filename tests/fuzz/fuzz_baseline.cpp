// libFuzzer target for the baseline (an earlier json report, often a CI
// artifact of another change): each input is written to a scratch file and
// given to `ivrscope check --baseline FILE` on a small flow, through RunCli
// as the tool runs it, so that the nesting check, Boost's JSON parser, the
// reading of each finding and the comparison with the flow's findings are
// fuzzed together. Run it with tools/fuzz.sh baseline SECONDS.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/cli.hpp"

namespace ivrscope {
namespace {

// A flow that has findings, for the baseline to match or not.
constexpr char kFlow[] =
    "<ivrflow name='f'>\n"
    "  <menu id='main' tries='3'>\n"
    "    <option key='1' next='main'/><option key='2' next='agent'/>\n"
    "    <option key='3' next='gone'/><option key='4' next='bye'/>\n"
    "    <option key='5' next='main'/><option key='6' next='main'/>\n"
    "  </menu>\n"
    "  <transfer id='agent' to='tel:+18005550100'/>\n"
    "  <hangup id='bye'/>\n"
    "</ivrflow>\n";

void Write(const std::string& path, const char* data, std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data, static_cast<std::streamsize>(size));
}

void RunCheck(const std::uint8_t* data, std::size_t size) {
  static const std::string dir =
      "/tmp/ivrscope-fuzz-baseline-" + std::to_string(getpid());
  static const bool ready = [] {
    std::filesystem::create_directories(dir);
    Write(dir + "/f.ivrflow", kFlow, sizeof(kFlow) - 1);
    return true;
  }();
  (void)ready;
  const std::string baseline = dir + "/fuzz.json";
  const std::string flow = dir + "/f.ivrflow";
  Write(baseline, reinterpret_cast<const char*>(data), size);
  const char* argv[] = {"ivrscope", "check", "--baseline", baseline.c_str(),
                        "--format", "json",  flow.c_str()};
  std::ostringstream out;
  std::ostringstream err;
  const int code = RunCli(7, argv, out, err, false);
  // Only the three documented exit codes; an exception that escaped to
  // RunCli's last resort is a finding. (Messages may quote the file, so only
  // the start of a line counts.)
  const std::string errors = "\n" + err.str();
  if (code < 0 || code > 2 ||
      errors.find("\nivrscope: internal error") != std::string::npos) {
    __builtin_trap();
  }
}

}  // namespace
}  // namespace ivrscope

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  ivrscope::RunCheck(data, size);
  return 0;
}
