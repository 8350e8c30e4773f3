// How this binary was built, where a wrong build would still pass every other
// test and only be slower.
#include <doctest/doctest.h>

#include <filesystem>
#include <pugixml.hpp>
#include <string>

namespace {

// tools/fetch_pugixml.sh puts pugixml's source where CMake looks for it; if
// the two drift apart (a renamed directory, a version spelled otherwise),
// the build quietly links the library and loses its inlined accessors.
TEST_CASE("pugixml_is_compiled_header_only_when_its_source_is_there") {
  const std::filesystem::path source = IVRSCOPE_PUGIXML_SOURCE;
  if (source.empty() || !std::filesystem::exists(source / "pugixml.cpp")) {
    MESSAGE("no pugixml source at '" << source.string()
                                     << "': the library is linked");
    return;
  }
#ifndef PUGIXML_HEADER_ONLY
  FAIL("pugixml's source is at " << source.string()
                                 << " but the build linked the library");
#endif
}

}  // namespace
