// A small streaming JSON writer: just what the reporters need, with commas
// placed for the caller and strings escaped (invalid UTF-8 becomes U+FFFD, so
// hostile bytes in an id cannot break the document).
#ifndef IVRSCOPE_SRC_REPORTERS_JSON_WRITER_HPP_
#define IVRSCOPE_SRC_REPORTERS_JSON_WRITER_HPP_

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "ivrscope/status.hpp"

namespace ivrscope {

/// text as a JSON string literal, quotes included.
std::string JsonQuote(std::string_view text);
/// Appends JsonQuote(text) to *out without a temporary string.
void AppendJsonQuoted(std::string_view text, std::string* out);

/// Writes through a buffer of its own, flushed to the stream when it fills
/// and when the outermost value is closed (or the writer is destroyed): a
/// report is mostly short tokens, and one ostream call per token costs more
/// than formatting it.
class JsonWriter {
 public:
  explicit JsonWriter(std::ostream& out, bool pretty = true)
      : out_(out), pretty_(pretty) {}
  ~JsonWriter() { Flush(); }
  JsonWriter(const JsonWriter&) = delete;
  JsonWriter& operator=(const JsonWriter&) = delete;

  JsonWriter& BeginObject() { return Open('{'); }
  JsonWriter& EndObject() { return Close('}'); }
  JsonWriter& BeginArray() { return Open('['); }
  JsonWriter& EndArray() { return Close(']'); }
  /// The next value is this member of the current object.
  JsonWriter& Key(std::string_view key);

  JsonWriter& String(std::string_view value);
  JsonWriter& Number(long long value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  template <typename T>
  JsonWriter& Optional(const std::optional<T>& value) {
    return value ? Number(*value) : Null();
  }
  JsonWriter& OptionalString(std::string_view value) {
    return value.empty() ? Null() : String(value);
  }

 private:
  JsonWriter& Open(char bracket);
  JsonWriter& Close(char bracket);
  void BeforeValue();
  void Newline();
  void Put(std::string_view text) {
    buffer_.append(text);
    if (buffer_.size() >= kFlushAt) Flush();
  }
  void Flush();

  static constexpr std::size_t kFlushAt = 64 * 1024;
  std::ostream& out_;
  std::string buffer_;
  bool pretty_;
  std::vector<bool> has_items_;  // per open container
  bool after_key_ = false;
};

/// The "errors" array every JSON document shares: one object per input that
/// could not be analysed, {"file", "line", "column", "message"}, with an
/// unknown line or column as null.
/// One load error as the json contract's `errors` entry, and the array of
/// them (line and column null when not known).
void WriteDiagnostic(JsonWriter& json, const Diagnostic& error);
void WriteDiagnostics(JsonWriter& json, const std::vector<Diagnostic>& errors);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_REPORTERS_JSON_WRITER_HPP_
