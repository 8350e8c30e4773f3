// The JSON pull reader behind --baseline: tokens of well-formed text, and
// malformed text refused at the right place.
#include "review/json_pull.hpp"

#include <doctest/doctest.h>

#include <sstream>
#include <string>

namespace ivrscope {
namespace {

// The tokens of `text`, one letter each ({ } [ ] k(ey) s n t f 0 .), with
// the decoded text of keys and strings after a '=', or "!line:col error".
std::string Tokens(const std::string& text, int max_depth = 8) {
  std::stringbuf in(text);
  JsonPull json(&in, max_depth);
  std::string out;
  for (;;) {
    if (!json.Next()) {
      return out + "!" + std::to_string(json.line()) + ":" +
             std::to_string(json.column()) + " " + json.error();
    }
    switch (json.token()) {
      case JsonToken::kBeginObject:
        out += '{';
        break;
      case JsonToken::kEndObject:
        out += '}';
        break;
      case JsonToken::kBeginArray:
        out += '[';
        break;
      case JsonToken::kEndArray:
        out += ']';
        break;
      case JsonToken::kKey:
        out += "k=" + json.text() + ' ';
        break;
      case JsonToken::kString:
        out += "s=" + json.text() + ' ';
        break;
      case JsonToken::kNumber:
        out += "n=" + json.text() + ' ';
        break;
      case JsonToken::kTrue:
        out += 't';
        break;
      case JsonToken::kFalse:
        out += 'f';
        break;
      case JsonToken::kNull:
        out += '0';
        break;
      case JsonToken::kEnd:
        return out + '.';
    }
  }
}

TEST_CASE("json pull: well-formed text, token by token") {
  struct Case {
    const char* text;
    const char* tokens;
  };
  const Case cases[] = {
      {"{}", "{}."},
      {" [ ] \n", "[]."},
      {"{\"a\": 1, \"b\": [true, false, null]}", "{k=a n=1 k=b [tf0]}."},
      {"[-0, 12.5e-3, 1E+2, 0.0]", "[n=-0 n=12.5e-3 n=1E+2 n=0.0 ]."},
      {"\"\\\"\\\\\\/\\n\\t\\u0041\\u00e9\\ud83d\\ude00\"",
       "s=\"\\/\n\tA\xC3\xA9\xF0\x9F\x98\x80 ."},
      {"\"caf\xC3\xA9\"", "s=caf\xC3\xA9 ."},  // UTF-8 as it comes
      {"[[[]],{}]", "[[[]]{}]."},
      {"42", "n=42 ."},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(Tokens(c.text) == c.tokens);
  }
}

TEST_CASE("json pull: malformed text is refused where it goes wrong") {
  struct Case {
    const char* text;
    const char* tokens;
  };
  const Case cases[] = {
      {"", "!1:1 the text ends where a value should be"},
      {"{\n  oops}", "{!2:3 expected a member name in double quotes"},
      {"{\"a\" 1}", "{k=a !1:6 expected ':' after the member name"},
      {"{\"a\": 1 \"b\": 2}",
       "{k=a n=1 !1:9 expected ',' or '}' after the member"},
      {"[1 2]", "[n=1 !1:4 expected ',' or ']' after the element"},
      {"[1,]", "[n=1 !1:4 expected a value"},
      {"{\"a\":1,}", "{k=a n=1 !1:8 expected a member name in double quotes"},
      {"[01]", "[n=0 !1:3 expected ',' or ']' after the element"},
      {"[-]", "[!1:3 a number needs a digit"},
      {"[1.]", "[!1:4 a number needs a digit after '.'"},
      {"[1e]", "[!1:4 a number needs a digit in its exponent"},
      {"[tru]", "[!1:5 expected a value"},
      {"\"a\nb\"", "!1:3 a control character inside a string"},
      {"\"\\x\"", "!1:4 an unknown escape in a string"},
      {"\"\\u12\"", "!1:6 \\u needs four hexadecimal digits"},
      {"\"\\udc00\"",
       "!1:8 a \\u escape of a low surrogate without its high one"},
      {"\"\\ud800x\"",
       "!1:8 a \\u escape of a high surrogate without its low one"},
      {"\"abc", "!1:5 the text ends inside a string"},
      {"{} {}", "{}!1:4 text after the end of the JSON value"},
      {"[[[[[[[[[", "[[[[[[[[!1:9 arrays and objects nested more than 8 deep"},
      // Columns count characters: "\xC3\xA9" is one.
      {"[\"\xC3\xA9\" 1]",
       "[s=\xC3\xA9 !1:6 expected ',' or ']' after the element"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(Tokens(c.text) == c.tokens);
  }
}

// An endless string held the whole stream (3.9 GB, then bad_alloc), and
// an endless stream of white space was read for ever.
TEST_CASE(
    "json pull: a token over 1 MiB and a text over the limit are refused") {
  const std::string long_string =
      "[\"" + std::string(JsonPull::kMaxToken + 1, 'a') + "\"]";
  CHECK(Tokens(long_string)
            .ends_with("a string longer than 1 MiB: no "
                       "report holds one"));
  CHECK(Tokens("[" + std::string(JsonPull::kMaxToken + 1, '7') + "]")
            .ends_with("a number longer than 1 MiB: no report holds one"));
  const std::string spaces = "[1," + std::string(1000, ' ') + "2]";
  std::stringbuf in(spaces);
  JsonPull json(&in, 8, 500);
  bool ok = true;
  do {
    ok = json.Next();
  } while (ok && json.token() != JsonToken::kEnd);
  CHECK_FALSE(ok);
  CHECK(json.error() == "the text is longer than the limit of 500 bytes");
  std::stringbuf whole(spaces);
  JsonPull enough(&whole, 8, spaces.size());
  for (int i = 0; i < 5; ++i) CHECK(enough.Next());
  CHECK(enough.token() == JsonToken::kEnd);
}

TEST_CASE("json pull: a skipped value is read to its end, however nested") {
  std::stringbuf in(
      "{\"skip\": {\"a\": [1, {\"b\": []}], \"c\": \"]\"}, \"k\": 2}");
  JsonPull json(&in, 8);
  REQUIRE(json.Next());  // {
  REQUIRE(json.Next());  // "skip"
  REQUIRE(json.Next());  // {
  REQUIRE(json.SkipValue());
  REQUIRE(json.Next());
  CHECK(json.token() == JsonToken::kKey);
  CHECK(json.text() == "k");
}

}  // namespace
}  // namespace ivrscope
