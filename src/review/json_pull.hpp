// A pull reader of JSON (RFC 8259) for --baseline: one token at a time from
// a stream, so that reading a report costs what the findings kept cost, not
// a tree of the whole text (Boost's property tree took 7 times the file's
// size, and recursed once per level). The nesting is an explicit stack.
#ifndef IVRSCOPE_SRC_REVIEW_JSON_PULL_HPP_
#define IVRSCOPE_SRC_REVIEW_JSON_PULL_HPP_

#include <cstdint>
#include <streambuf>
#include <string>
#include <vector>

namespace ivrscope {

enum class JsonToken {
  kBeginObject,
  kEndObject,
  kBeginArray,
  kEndArray,
  kKey,  // a member's name; text() holds it, decoded
  kString,
  kNumber,  // text() holds it as written
  kTrue,
  kFalse,
  kNull,
  kEnd,  // after the one top-level value, only white space followed
};

class JsonPull {
 public:
  /// Nesting deeper than `max_depth` is an error: no report needs it, and
  /// a hostile file should not make us hold a stack of millions. So is a
  /// text longer than `max_bytes`, and a string or number of over
  /// kMaxToken bytes (an endless one would be held whole).
  JsonPull(std::streambuf* in, int max_depth,
           std::uint64_t max_bytes = UINT64_MAX);

  static constexpr std::size_t kMaxToken = std::size_t{1} << 20;

  /// Reads the next token. False on malformed JSON: error() says what, and
  /// line()/column() where.
  bool Next();
  /// After Next() gave the first token of a value, reads the rest of it.
  bool SkipValue();

  JsonToken token() const { return token_; }
  const std::string& text() const { return text_; }
  /// Where the current token (or the error) starts, 1-based, the column in
  /// characters.
  std::uint32_t line() const { return line_; }
  std::uint32_t column() const { return column_; }
  const std::string& error() const { return error_; }

 private:
  // What may come next inside the innermost container.
  enum class State : std::uint8_t {
    kValue,         // the top-level value
    kFirstMember,   // '{' read: a key or '}'
    kMember,        // ',' read in an object: a key
    kColon,         // a key read: ':'
    kMemberValue,   // ':' read: a value
    kAfterMember,   // ',' or '}'
    kFirstElement,  // '[' read: a value or ']'
    kElement,       // ',' read in an array: a value
    kAfterElement,  // ',' or ']'
    kDone,          // the top-level value read
  };

  int Peek() { return in_->sgetc(); }
  int Take();
  void SkipSpace();
  bool Fail(std::string message);
  bool ReadValueStart(int c);
  bool ReadString();
  bool ReadEscape();
  bool ReadNumber();
  bool ReadWord(const char* word, JsonToken token);
  bool Open(JsonToken token, State inner);
  bool Close(JsonToken token);
  void AfterValue();

  std::streambuf* in_;
  int max_depth_;
  std::uint64_t max_bytes_;
  std::uint64_t taken_ = 0;
  std::vector<State> stack_;  // one per open container, the top level below
  JsonToken token_ = JsonToken::kEnd;
  std::string text_;
  std::string error_;
  std::uint32_t line_ = 1;
  std::uint32_t column_ = 1;
  std::uint32_t at_line_ = 1;  // of the next character
  std::uint32_t at_column_ = 1;
};

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_REVIEW_JSON_PULL_HPP_
