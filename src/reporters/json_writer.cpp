// The JSON writer; see json_writer.hpp.
#include "reporters/json_writer.hpp"

#include <charconv>

#include "reporters/utf8.hpp"

namespace ivrscope {

std::string JsonQuote(std::string_view text) {
  std::string out;
  AppendJsonQuoted(text, &out);
  return out;
}

void AppendJsonQuoted(std::string_view text, std::string* out_ptr) {
  std::string& out = *out_ptr;
  out += '"';
  // Most values (ids, file names, messages) need no escaping: copy them in
  // one go and take the byte-by-byte way only for what needs it.
  std::size_t plain = 0;
  while (plain < text.size()) {
    const auto c = static_cast<unsigned char>(text[plain]);
    if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\') break;
    ++plain;
  }
  out.append(text.substr(0, plain));
  for (std::size_t i = plain; i < text.size();) {
    const char c = text[i];
    const std::size_t n = Utf8Length(text, i);
    if (n == 0) {
      out += "\\ufffd";
      ++i;
      continue;
    }
    if (n > 1) {
      out.append(text.substr(i, n));
      i += n;
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
          static const char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(c >> 4) & 0xF];
          out += kHex[c & 0xF];
        } else {
          out += c;
        }
    }
    ++i;
  }
  out += '"';
}

void JsonWriter::Flush() {
  if (buffer_.empty()) return;
  out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
  buffer_.clear();
}

void JsonWriter::Newline() {
  if (!pretty_) return;
  // One write per line break: reports of many findings are mostly this.
  static constexpr std::string_view kIndent =
      "\n                                                                ";
  const std::size_t width = 1 + 2 * has_items_.size();
  if (width <= kIndent.size()) {
    Put(kIndent.substr(0, width));
  } else {
    buffer_ += '\n';
    buffer_.append(width - 1, ' ');
  }
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_items_.empty()) {
    if (has_items_.back()) buffer_ += ',';
    has_items_.back() = true;
    Newline();
  }
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  BeforeValue();
  // Keys are our own identifiers: no escaping needed.
  buffer_ += '"';
  buffer_.append(key);
  Put(pretty_ ? "\": " : "\":");
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::Open(char bracket) {
  BeforeValue();
  buffer_ += bracket;
  has_items_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::Close(char bracket) {
  const bool had = has_items_.back();
  has_items_.pop_back();
  if (had) Newline();
  buffer_ += bracket;
  if (has_items_.empty()) {
    if (pretty_) buffer_ += '\n';
    Flush();
  }
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  BeforeValue();
  AppendJsonQuoted(value, &buffer_);
  if (buffer_.size() >= kFlushAt) Flush();
  return *this;
}

JsonWriter& JsonWriter::Number(long long value) {
  BeforeValue();
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  (void)ec;  // 24 characters hold any long long
  Put(std::string_view(digits, static_cast<std::size_t>(end - digits)));
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  Put(value ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  Put("null");
  return *this;
}

void WriteDiagnostic(JsonWriter& json, const Diagnostic& e) {
  json.BeginObject();
  json.Key("file").String(e.file);
  json.Key("line");
  e.line == 0 ? json.Null() : json.Number(e.line);
  json.Key("column");
  e.column == 0 ? json.Null() : json.Number(e.column);
  json.Key("message").String(e.message);
  json.EndObject();
}

void WriteDiagnostics(JsonWriter& json, const std::vector<Diagnostic>& errors) {
  json.BeginArray();
  for (const Diagnostic& e : errors) WriteDiagnostic(json, e);
  json.EndArray();
}

}  // namespace ivrscope
