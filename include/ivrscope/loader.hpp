// Loading: from paths on disk to one linked Program.
#ifndef IVRSCOPE_LOADER_HPP_
#define IVRSCOPE_LOADER_HPP_

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "ivrscope/flow.hpp"
#include "ivrscope/status.hpp"

namespace ivrscope {

struct LoadOptions {
  /// Threads that read and parse files; results never depend on it.
  int jobs = 1;
  /// Files larger than this are refused rather than read (--max-file-size).
  std::size_t max_file_bytes = std::size_t{512} << 20;

  // VoiceXML: where the Recommendation leaves a thing to the platform.
  /// The platform ends the call after this many noinput or nomatch events on
  /// one item (--platform-max-tries); 0: no limit, as the specification says.
  int platform_max_tries = 0;
  /// Transfer destinations that are other IVRs, not people (--ivr-number).
  std::vector<std::string> ivr_numbers;
  /// What <exit> is (--vxml-exit): true, a hang-up (what the common platforms
  /// do); false, a stop (control returns to the platform, which decides).
  bool exit_hangs_up = true;
  /// The platform's builtin grammars take DTMF as well as speech
  /// (--platform-builtin-dtmf; optional for platforms, §2.3.1.2): a digits,
  /// number, date, time, currency or phone field then hears digit keys
  /// itself, and a link or document-scoped menu on a digit does not reach it
  /// (§3.1.4: the field's grammar comes first).
  bool builtin_dtmf = false;

  /// Transfer destinations (glob patterns, `*` matches any run of
  /// characters, e.g. "tel:+1800555*") that reach a person, and ones that
  /// are other IVRs (not people). A transfer's own human="..." wins over
  /// both; a destination matching both is a human.
  std::vector<std::string> human_destinations;
  std::vector<std::string> ivr_destinations;
  /// Phone number -> flow name: a transfer to that number links into the
  /// flow, as if the flow listed the number in a <number>.
  std::map<std::string, std::string> flow_numbers;

  /// VoiceXML: file bytes of parsed inputs kept from reading (which learns
  /// each file's format) to building its application. A parsed document
  /// takes about five times its file; past this, a document is parsed again
  /// when its application is built, so that an estate's memory does not
  /// grow with every document it holds. The first document is always kept.
  /// Results never depend on it.
  std::size_t keep_parsed_bytes = std::size_t{64} << 20;

  /// Called as files are loaded (done, total), from any loading thread,
  /// for progress displays. May be empty.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct LoadResult {
  Program program;
  /// One per input that could not be loaded; the others are still loaded.
  std::vector<Diagnostic> errors;
  /// *.xml files a directory search found whose root element is neither
  /// <ivrflow> nor <vxml> (the grammars, configurations and other XML an
  /// exported estate holds beside its flows), each with its root element:
  /// not analysed, and not errors. Named on the command line, or called
  /// *.vxml or *.ivrflow, such a file is an error.
  std::vector<Diagnostic> skipped;
  std::size_t files = 0;  // input files found (loaded or not)
};

/// Files, or directories searched recursively for *.xml, *.vxml and
/// *.ivrflow (in sorted order, symbolic links to directories not followed).
/// Each file's format is decided by its root element (see
/// LoadResult::skipped).
LoadResult LoadPaths(const std::vector<std::string>& paths,
                     const LoadOptions& options);

}  // namespace ivrscope

#endif  // IVRSCOPE_LOADER_HPP_
