#include "ivrscope/flow.hpp"

#include <algorithm>
#include <cstring>
#include <tuple>

#include "ivrscope/finding.hpp"
#include "ivrscope/status.hpp"

namespace ivrscope {

std::string_view ToString(NodeKind kind) {
  switch (kind) {
    case NodeKind::kMenu:
      return "menu";
    case NodeKind::kInput:
      return "input";
    case NodeKind::kPlay:
      return "play";
    case NodeKind::kBranch:
      return "branch";
    case NodeKind::kTransfer:
      return "transfer";
    case NodeKind::kHangup:
      return "hangup";
    case NodeKind::kStop:
      return "stop";
    case NodeKind::kExternal:
      return "external";
    case NodeKind::kMissing:
      return "missing";
  }
  return "?";
}

std::string_view ToString(EdgeKind kind) {
  switch (kind) {
    case EdgeKind::kEntry:
      return "entry";
    case EdgeKind::kNomatch:
      return "nomatch";
    case EdgeKind::kNoinput:
      return "noinput";
    case EdgeKind::kAuto:
      return "auto";
    case EdgeKind::kCondition:
      return "condition";
    case EdgeKind::kTransferFailed:
      return "transfer-failed";
  }
  return "?";
}

std::string_view ToString(Format format) {
  return format == Format::kIvrflow ? "ivrflow" : "voicexml";
}

std::string_view ToString(Severity severity) {
  switch (severity) {
    case Severity::kNote:
      return "note";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "?";
}

std::optional<Severity> ParseSeverity(std::string_view text) {
  if (text == "note") return Severity::kNote;
  if (text == "warning") return Severity::kWarning;
  if (text == "error") return Severity::kError;
  return std::nullopt;
}

Text StringArena::Store(std::string_view text) {
  if (text.empty()) return Text();
  // The length first, then the bytes (Text reads it back).
  const std::size_t need = sizeof(std::uint32_t) + text.size();
  const auto length = static_cast<std::uint32_t>(text.size());
  char* at = nullptr;
  if (need > kBlockSize / 4) {
    // A large string gets a block of its own so it does not waste the tail
    // of the current one; it goes before the current block.
    auto block = std::make_unique<char[]>(need);
    at = block.get();
    blocks_.insert(blocks_.end() - (blocks_.empty() ? 0 : 1), std::move(block));
  } else {
    if (block_size_ - used_ < need) {
      block_size_ = block_size_ == 0 ? kFirstBlock
                                     : std::min(2 * block_size_, kBlockSize);
      while (block_size_ < need) block_size_ *= 2;
      blocks_.push_back(std::make_unique<char[]>(block_size_));
      used_ = 0;
    }
    at = blocks_.back().get() + used_;
    used_ += need;
  }
  std::memcpy(at, &length, sizeof length);
  std::memcpy(at + sizeof length, text.data(), text.size());
  return Text(at);
}

namespace {

std::size_t HashText(std::string_view text) {
  // Eight bytes at a time: interned texts are short, and this runs for
  // every key, phrase and label of every edge.
  constexpr std::uint64_t kMul = 0xff51afd7ed558ccdull;
  std::uint64_t h = text.size() * 0x9e3779b97f4a7c15ull;
  std::size_t i = 0;
  for (; i + 8 <= text.size(); i += 8) {
    std::uint64_t w = 0;
    std::memcpy(&w, text.data() + i, 8);
    h = (h ^ w) * kMul;
    h ^= h >> 32;
  }
  if (i < text.size()) {
    std::uint64_t w = 0;
    std::memcpy(&w, text.data() + i, text.size() - i);
    h = (h ^ w) * kMul;
    h ^= h >> 32;
  }
  return static_cast<std::size_t>(h ^ (h >> 29));
}

}  // namespace

Text StringArena::Intern(std::string_view text) {
  if (text.empty() || text.size() > kInternMax) return Store(text);
  if (2 * (interned_count_ + 1) > interned_.size()) {
    std::vector<Text> grown(std::max<std::size_t>(64, 2 * interned_.size()));
    const std::size_t mask = grown.size() - 1;
    for (const Text t : interned_) {
      if (t.empty()) continue;
      std::size_t i = HashText(t.view()) & mask;
      while (!grown[i].empty()) i = (i + 1) & mask;
      grown[i] = t;
    }
    interned_ = std::move(grown);
  }
  const std::size_t mask = interned_.size() - 1;
  std::size_t i = HashText(text) & mask;
  while (!interned_[i].empty()) {
    if (interned_[i].view() == text) return interned_[i];
    i = (i + 1) & mask;
  }
  interned_[i] = Store(text);
  ++interned_count_;
  return interned_[i];
}

void SortByPlace(std::vector<Diagnostic>* diagnostics) {
  std::stable_sort(diagnostics->begin(), diagnostics->end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::tie(a.file, a.line, a.column) <
                            std::tie(b.file, b.line, b.column);
                   });
}

std::string Diagnostic::ToString() const {
  std::string out = file;
  if (line != 0) {
    out += ':' + std::to_string(line) + ':' + std::to_string(column);
  }
  out += ": error: ";
  out += message;
  return out;
}

std::string RouteInput(const Program& program, const EdgeRef& edge) {
  const Edge& e = program.graph[edge];
  std::string out;
  switch (e.kind) {
    case EdgeKind::kEntry:
      if (!e.key.empty()) {
        out = e.key;
      } else if (!e.phrase.empty()) {
        out = '"' + std::string(e.phrase) + '"';
      } else {
        out = e.label.empty() ? "input" : std::string(e.label);
      }
      break;
    case EdgeKind::kNomatch:
    case EdgeKind::kNoinput:
      out = ToString(e.kind);
      if (e.attempts > 1) out += " x" + std::to_string(e.attempts);
      // A catch's cond, as the loader labels it: "noinput [n < 2]".
      if (e.Has(kConditional)) {
        const std::string_view label = e.label;
        if (const std::size_t at = label.find(" ["); at != label.npos) {
          out += label.substr(at);
        }
      }
      break;
    case EdgeKind::kCondition:
      out = '[' + std::string(e.label) + ']';
      break;
    case EdgeKind::kTransferFailed:
      out = e.label.empty() ? "transfer-failed" : std::string(e.label);
      break;
    case EdgeKind::kAuto:
      break;
  }
  return out;
}

std::string SkippedText(std::size_t steps) {
  return "[" + std::to_string(steps) + (steps == 1 ? " step" : " steps") +
         " not shown]";
}

}  // namespace ivrscope
