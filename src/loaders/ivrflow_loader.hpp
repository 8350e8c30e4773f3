// The ivrflow dialect: the simple XML any designer's export converts into.
// The README documents it; tests/ivrflow_loader_test.cpp pins every error.
#ifndef IVRSCOPE_SRC_LOADERS_IVRFLOW_LOADER_HPP_
#define IVRSCOPE_SRC_LOADERS_IVRFLOW_LOADER_HPP_

#include <string>
#include <string_view>

#include "ivrscope/status.hpp"
#include "loaders/fragment.hpp"
#include "loaders/xml_source.hpp"

namespace ivrscope {

/// Builds the fragment of one <ivrflow> document already parsed. A target
/// (next, on-fail, on-exhausted) that names no node is not an error: it
/// becomes an edge into a kMissing node.
Result<Fragment> LoadIvrflow(const XmlSource& source);

/// Parses and loads one ivrflow document from memory (tests, fuzzing).
Result<Fragment> LoadIvrflowText(const std::string& path,
                                 std::string_view text);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_LOADERS_IVRFLOW_LOADER_HPP_
