// The JSON writer; see json_writer.hpp.
#include "reporters/json_writer.hpp"

#include "reporters/utf8.hpp"

namespace ivrscope {

std::string JsonQuote(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (std::size_t i = 0; i < text.size();) {
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
  return out;
}

void JsonWriter::Newline() {
  if (!pretty_) return;
  // One write per line break: reports of many findings are mostly this.
  static constexpr std::string_view kIndent =
      "\n                                                                ";
  const std::size_t width = 1 + 2 * has_items_.size();
  if (width <= kIndent.size()) {
    out_.write(kIndent.data(), static_cast<std::streamsize>(width));
  } else {
    out_ << '\n' << std::string(width - 1, ' ');
  }
}

void JsonWriter::BeforeValue() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!has_items_.empty()) {
    if (has_items_.back()) out_ << ',';
    has_items_.back() = true;
    Newline();
  }
}

JsonWriter& JsonWriter::Key(std::string_view key) {
  BeforeValue();
  // Keys are our own identifiers: no escaping needed.
  out_ << '"' << key << (pretty_ ? "\": " : "\":");
  after_key_ = true;
  return *this;
}

JsonWriter& JsonWriter::Open(char bracket) {
  BeforeValue();
  out_ << bracket;
  has_items_.push_back(false);
  return *this;
}

JsonWriter& JsonWriter::Close(char bracket) {
  const bool had = has_items_.back();
  has_items_.pop_back();
  if (had) Newline();
  out_ << bracket;
  if (has_items_.empty() && pretty_) out_ << '\n';
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view value) {
  BeforeValue();
  out_ << JsonQuote(value);
  return *this;
}

JsonWriter& JsonWriter::Number(long long value) {
  BeforeValue();
  out_ << value;
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  BeforeValue();
  out_ << (value ? "true" : "false");
  return *this;
}

JsonWriter& JsonWriter::Null() {
  BeforeValue();
  out_ << "null";
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
