// CheckXmlText, the gate's scan of every input byte: it skips printable
// ASCII sixteen and eight bytes at a time, so a bad byte must be found at
// its exact offset wherever it falls against those blocks.
#include "loaders/text_encoding.hpp"

#include <doctest/doctest.h>

#include <string>

namespace ivrscope {
namespace {

TEST_CASE("text check finds a bad byte at every offset against its blocks") {
  struct {
    std::string bytes;  // inserted into printable ASCII
    bool ok;
  } const cases[] = {
      {std::string(1, '\0'), false},
      {"\x01", false},
      {"\x1f", false},
      {"\xff", false},
      {"\xc0\x80", false},      // overlong NUL
      {"\xed\xa0\x80", false},  // a surrogate
      {"\xef\xbf\xbe", false},  // U+FFFE
      {"\t", true},
      {"\n", true},
      {"\r\n", true},
      {"\xc3\xa9", true},
      {"\xe2\x82\xac", true},
      {"\xf0\x9f\x93\x9e", true},  // a telephone receiver, U+1F4DE
  };
  for (const auto& c : cases) {
    for (std::size_t at = 0; at <= 40; ++at) {
      const std::string text =
          std::string(at, 'a') + c.bytes + std::string(40 - at, 'b');
      CAPTURE(at);
      CAPTURE(c.bytes.size());
      const auto problem = CheckXmlText(text);
      if (c.ok) {
        CHECK_FALSE(problem.has_value());
      } else {
        REQUIRE(problem.has_value());
        CHECK(problem->offset == at);
      }
    }
  }
}

}  // namespace
}  // namespace ivrscope
