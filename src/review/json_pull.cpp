#include "review/json_pull.hpp"

#include <cassert>
#include <utility>

namespace ivrscope {
namespace {

constexpr int kEof = std::char_traits<char>::eof();

int HexValue(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(std::uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

bool IsDigit(int c) { return c >= '0' && c <= '9'; }

}  // namespace

JsonPull::JsonPull(std::streambuf* in, int max_depth, std::uint64_t max_bytes)
    : in_(in),
      max_depth_(max_depth),
      max_bytes_(max_bytes),
      stack_{State::kValue} {}

int JsonPull::Take() {
  ++taken_;
  const int c = in_->sbumpc();
  if (c == '\n') {
    ++at_line_;
    at_column_ = 1;
  } else if (c != kEof && (c & 0xC0) != 0x80) {
    ++at_column_;  // a character, not a UTF-8 continuation byte
  }
  return c;
}

void JsonPull::SkipSpace() {
  for (int c = Peek(); (c == ' ' || c == '\t' || c == '\n' || c == '\r') &&
                       taken_ <= max_bytes_;
       c = Peek()) {
    Take();
  }
}

bool JsonPull::Fail(std::string message) {
  error_ = std::move(message);
  line_ = at_line_;
  column_ = at_column_;
  return false;
}

bool JsonPull::Next() {
  if (!error_.empty()) return false;
  for (;;) {
    SkipSpace();
    if (taken_ > max_bytes_) {
      return Fail("the text is longer than the limit of " +
                  std::to_string(max_bytes_) + " bytes");
    }
    line_ = at_line_;
    column_ = at_column_;
    const int c = Peek();
    switch (stack_.back()) {
      case State::kDone:
        if (c != kEof) return Fail("text after the end of the JSON value");
        token_ = JsonToken::kEnd;
        return true;
      case State::kFirstElement:
        if (c == ']') return Close(JsonToken::kEndArray);
        [[fallthrough]];
      case State::kValue:
      case State::kMemberValue:
      case State::kElement:
        return ReadValueStart(c);
      case State::kFirstMember:
        if (c == '}') return Close(JsonToken::kEndObject);
        [[fallthrough]];
      case State::kMember:
        if (c != '"') return Fail("expected a member name in double quotes");
        Take();
        if (!ReadString()) return false;
        token_ = JsonToken::kKey;
        stack_.back() = State::kColon;
        return true;
      case State::kColon:
        if (c != ':') return Fail("expected ':' after the member name");
        Take();
        stack_.back() = State::kMemberValue;
        continue;
      case State::kAfterMember:
      case State::kAfterElement: {
        const bool object = stack_.back() == State::kAfterMember;
        if (c == ',') {
          Take();
          stack_.back() = object ? State::kMember : State::kElement;
          continue;
        }
        if (c == (object ? '}' : ']')) {
          return Close(object ? JsonToken::kEndObject : JsonToken::kEndArray);
        }
        return Fail(object ? "expected ',' or '}' after the member"
                           : "expected ',' or ']' after the element");
      }
    }
  }
}

bool JsonPull::SkipValue() {
  if (token_ != JsonToken::kBeginObject && token_ != JsonToken::kBeginArray) {
    return true;
  }
  for (std::size_t depth = 1; depth > 0;) {
    if (!Next()) return false;
    if (token_ == JsonToken::kBeginObject || token_ == JsonToken::kBeginArray) {
      ++depth;
    } else if (token_ == JsonToken::kEndObject ||
               token_ == JsonToken::kEndArray) {
      --depth;
    }
  }
  return true;
}

// The container holding a value moves past it when the value starts, so
// that a closing bracket only has to pop.
void JsonPull::AfterValue() {
  State& s = stack_.back();
  switch (s) {
    case State::kValue:
      s = State::kDone;
      break;
    case State::kMemberValue:
      s = State::kAfterMember;
      break;
    case State::kFirstElement:
    case State::kElement:
      s = State::kAfterElement;
      break;
    default:
      assert(false && "a value where none may be");
  }
}

bool JsonPull::ReadValueStart(int c) {
  switch (c) {
    case '{':
      return Open(JsonToken::kBeginObject, State::kFirstMember);
    case '[':
      return Open(JsonToken::kBeginArray, State::kFirstElement);
    case '"':
      Take();
      AfterValue();
      token_ = JsonToken::kString;
      return ReadString();
    case 't':
      return ReadWord("true", JsonToken::kTrue);
    case 'f':
      return ReadWord("false", JsonToken::kFalse);
    case 'n':
      return ReadWord("null", JsonToken::kNull);
    default:
      if (c == '-' || IsDigit(c)) return ReadNumber();
      if (c == kEof) return Fail("the text ends where a value should be");
      return Fail("expected a value");
  }
}

bool JsonPull::Open(JsonToken token, State inner) {
  if (stack_.size() > static_cast<std::size_t>(max_depth_)) {
    return Fail("arrays and objects nested more than " +
                std::to_string(max_depth_) + " deep");
  }
  Take();
  AfterValue();
  stack_.push_back(inner);
  token_ = token;
  return true;
}

bool JsonPull::Close(JsonToken token) {
  Take();
  stack_.pop_back();
  token_ = token;
  return true;
}

bool JsonPull::ReadString() {
  text_.clear();
  for (;;) {
    const int c = Peek();
    if (c == kEof) return Fail("the text ends inside a string");
    if (text_.size() > kMaxToken) {
      return Fail("a string longer than 1 MiB: no report holds one");
    }
    if (c == '"') {
      Take();
      return true;
    }
    if (c < 0x20) return Fail("a control character inside a string");
    Take();
    if (c == '\\') {
      if (!ReadEscape()) return false;
    } else {
      text_ += static_cast<char>(c);
    }
  }
}

bool JsonPull::ReadEscape() {
  const auto hex4 = [this]() -> long {
    long v = 0;
    for (int i = 0; i < 4; ++i) {
      const int d = HexValue(Peek());
      if (d < 0) return -1;
      Take();
      v = v * 16 + d;
    }
    return v;
  };
  const int c = Take();
  switch (c) {
    case '"':
      text_ += '"';
      return true;
    case '\\':
      text_ += '\\';
      return true;
    case '/':
      text_ += '/';
      return true;
    case 'b':
      text_ += '\b';
      return true;
    case 'f':
      text_ += '\f';
      return true;
    case 'n':
      text_ += '\n';
      return true;
    case 'r':
      text_ += '\r';
      return true;
    case 't':
      text_ += '\t';
      return true;
    case 'u':
      break;
    default:
      return Fail("an unknown escape in a string");
  }
  long cp = hex4();
  if (cp < 0) return Fail("\\u needs four hexadecimal digits");
  if (cp >= 0xDC00 && cp <= 0xDFFF) {
    return Fail("a \\u escape of a low surrogate without its high one");
  }
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    if (Peek() != '\\' || (Take(), Peek() != 'u')) {
      return Fail("a \\u escape of a high surrogate without its low one");
    }
    Take();
    const long low = hex4();
    if (low < 0xDC00 || low > 0xDFFF) {
      return Fail("a \\u escape of a high surrogate without its low one");
    }
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  }
  AppendUtf8(static_cast<std::uint32_t>(cp), &text_);
  return true;
}

bool JsonPull::ReadNumber() {
  AfterValue();
  token_ = JsonToken::kNumber;
  text_.clear();
  const auto digits = [this] {
    const std::size_t before = text_.size();
    while (IsDigit(Peek()) && text_.size() <= kMaxToken) {
      text_ += static_cast<char>(Take());
    }
    return text_.size() > before;
  };
  if (Peek() == '-') text_ += static_cast<char>(Take());
  if (Peek() == '0') {
    text_ += static_cast<char>(Take());
  } else if (!digits()) {
    return Fail("a number needs a digit");
  }
  if (Peek() == '.') {
    text_ += static_cast<char>(Take());
    if (!digits()) return Fail("a number needs a digit after '.'");
  }
  if (Peek() == 'e' || Peek() == 'E') {
    text_ += static_cast<char>(Take());
    if (Peek() == '+' || Peek() == '-') text_ += static_cast<char>(Take());
    if (!digits()) return Fail("a number needs a digit in its exponent");
  }
  if (text_.size() > kMaxToken) {
    return Fail("a number longer than 1 MiB: no report holds one");
  }
  return true;
}

bool JsonPull::ReadWord(const char* word, JsonToken token) {
  for (const char* p = word; *p != '\0'; ++p) {
    if (Peek() != static_cast<unsigned char>(*p))
      return Fail("expected a value");
    Take();
  }
  AfterValue();
  token_ = token;
  text_ = word;
  return true;
}

}  // namespace ivrscope
