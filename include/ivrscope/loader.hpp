// Loading: from paths on disk to one linked Program.
#ifndef IVRSCOPE_LOADER_HPP_
#define IVRSCOPE_LOADER_HPP_

#include <cstddef>
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
};

struct LoadResult {
  Program program;
  /// One per input that could not be loaded; the others are still loaded.
  std::vector<Diagnostic> errors;
  std::size_t files = 0;  // input files found (loaded or not)
};

/// Files, or directories searched recursively for *.xml, *.vxml and
/// *.ivrflow (in sorted order, symbolic links to directories not followed).
/// Each file's format is decided by its root element.
LoadResult LoadPaths(const std::vector<std::string>& paths,
                     const LoadOptions& options);

}  // namespace ivrscope

#endif  // IVRSCOPE_LOADER_HPP_
