// What the targets for the files `ivrscope check` reads beside the flows
// (the configuration, the baseline) share: each input is written to a
// scratch file and given to `ivrscope check OPTION FILE` on a small flow,
// through RunCli as the tool runs it, so that the file's reader and what
// it changes in the run are fuzzed together.
#ifndef IVRSCOPE_TESTS_FUZZ_FUZZ_CHECK_FILE_HPP_
#define IVRSCOPE_TESTS_FUZZ_FUZZ_CHECK_FILE_HPP_

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "cli/cli.hpp"

namespace ivrscope::fuzz {

// A flow that has findings, so that settings change them and a baseline can
// match them or not.
inline constexpr char kCheckedFlow[] =
    "<ivrflow name='f'>\n"
    "  <menu id='main' tries='3'>\n"
    "    <option key='1' next='main'/><option key='2' next='agent'/>\n"
    "    <option key='3' next='gone'/><option key='4' next='bye'/>\n"
    "    <option key='5' next='main'/><option key='6' next='main'/>\n"
    "  </menu>\n"
    "  <transfer id='agent' to='tel:+18005550100'/>\n"
    "  <hangup id='bye'/>\n"
    "</ivrflow>\n";

inline void WriteFile(const std::string& path, const char* data,
                      std::size_t size) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(data, static_cast<std::streamsize>(size));
}

/// Runs `ivrscope check OPTION scratch/fuzz.EXTENSION --format json flow`
/// with the input as that file, and traps on anything but the three
/// documented exit codes, or an exception that escaped to RunCli's last
/// resort.
inline void CheckWithFile(const char* option, const char* extension,
                          const std::uint8_t* data, std::size_t size) {
  static const std::string dir = "/tmp/ivrscope-fuzz-" +
                                 std::string(extension) + "-" +
                                 std::to_string(getpid());
  static const bool ready = [] {
    std::filesystem::create_directories(dir);
    WriteFile(dir + "/f.ivrflow", kCheckedFlow, sizeof(kCheckedFlow) - 1);
    return true;
  }();
  (void)ready;
  const std::string file = dir + "/fuzz." + extension;
  const std::string flow = dir + "/f.ivrflow";
  WriteFile(file, reinterpret_cast<const char*>(data), size);
  const char* argv[] = {"ivrscope", "check", option,      file.c_str(),
                        "--format", "json",  flow.c_str()};
  std::ostringstream out;
  std::ostringstream err;
  const int code = RunCli(7, argv, out, err, false);
  // Messages may quote the file, so only the start of a line counts.
  const std::string errors = "\n" + err.str();
  if (code < 0 || code > 2 ||
      errors.find("\nivrscope: internal error") != std::string::npos) {
    __builtin_trap();
  }
}

}  // namespace ivrscope::fuzz

#endif  // IVRSCOPE_TESTS_FUZZ_FUZZ_CHECK_FILE_HPP_
