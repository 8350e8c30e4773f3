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

// What a check finds in each text: nothing (offset npos), or a problem at
// that offset with that message.
struct ProblemCase {
  const char* text;
  std::size_t offset;
  const char* message;
};

template <std::size_t N>
void ExpectProblems(std::optional<TextProblem> (*check)(std::string_view),
                    const ProblemCase (&cases)[N]) {
  for (const ProblemCase& c : cases) {
    CAPTURE(c.text);
    const std::optional<TextProblem> problem = check(c.text);
    if (c.offset == std::string_view::npos) {
      CHECK_FALSE(problem.has_value());
      continue;
    }
    REQUIRE(problem.has_value());
    CHECK(problem->offset == c.offset);
    CHECK(problem->message == c.message);
  }
}

// pugixml keeps an '&' it does not know as text and ends a string at
// &#0;: each of these was analysed as if it were well-formed.
TEST_CASE("references XML does not allow are found where they stand") {
  const ProblemCase cases[] = {
      {"<a>&lt;&gt;&amp;&apos;&quot;</a>", std::string_view::npos, ""},
      {"<a b='&#65;&#x41;&#x10FFFF;&#9;'/>", std::string_view::npos, ""},
      {"<a>AT&T</a>", 5,
       "'&' does not start a reference (write a literal & as &amp;)"},
      {"<a>&nbsp;</a>", 3,
       "undefined entity &nbsp;: without a DTD XML knows only &lt; &gt; "
       "&amp; &apos; &quot;"},
      {"<a b='x&y'/>", 7,
       "'&' does not start a reference (write a literal & as &amp;)"},
      {"<a>&#0;</a>", 3,
       "character reference &#0; is to a character XML does not allow"},
      {"<a>&#xD800;</a>", 3,
       "character reference &#xD800; is to a character XML does not allow"},
      {"<a>&#x110000;</a>", 3,
       "character reference &#x110000; is to a character XML does not allow"},
      {"<a>&#12a;</a>", 3, "malformed character reference &#12a;"},
      {"<a>&#;</a>", 3, "malformed character reference &#;"},
      // Literal text: comments, CDATA, processing instructions, DOCTYPE.
      {"<a><!-- AT&T &#0; --><![CDATA[ & ]]><?p & ?></a>",
       std::string_view::npos, ""},
      {"<!DOCTYPE a [<!ATTLIST a b CDATA 'x&y'>]><a/>", std::string_view::npos,
       ""},
      // A bad one after literal markup that held some.
      {"<a><!-- & & --> & </a>", 16,
       "'&' does not start a reference (write a literal & as &amp;)"},
      {"<a><!-- & --><b/><!-- & -->&x;</a>", 27,
       "undefined entity &x;: without a DTD XML knows only &lt; &gt; &amp; "
       "&apos; &quot;"},
  };
  ExpectProblems(CheckReferences, cases);
}

TEST_CASE("text outside the root element is found, markup around it is not") {
  const ProblemCase cases[] = {
      {"<a/>", std::string_view::npos, ""},
      {"\xEF\xBB\xBF<?xml version='1.0'?>\n<!-- c -->\n<!DOCTYPE a [<!ELEMENT "
       "a ANY>]>\n<a>t</a  >\n<!-- d -->\n<?p q?>\n",
       std::string_view::npos, ""},
      {"hello <a/>", 0, "text before the root element"},
      {"<!-- c --> x <a/>", 11, "text before the root element"},
      {"<a/>\ntext", 5, "text after the root element"},
      {"<a></a> x>", 8, "text after the root element"},
      {"<a></a><!-- c --> x <?p?>", 18, "text after the root element"},
      {"", std::string_view::npos, ""},  // no root: the parser says so
  };
  ExpectProblems(CheckOutsideRoot, cases);
}

}  // namespace
}  // namespace ivrscope
