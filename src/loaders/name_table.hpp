// Names to indices, for a loader's lookups of ids: open addressing (linear
// probing) over a power-of-two array of slots. A flow of a million nodes
// looks up a few million names; std::unordered_map made one allocation per
// name and rehashed as it grew, and its lookups were a tenth of the load.
// A slot is 16 bytes: the first 8 bytes of its name, its length and its
// value, so that a lookup of a short id (most are) touches only the slot.
// The names are not kept at all: each value names its own (a node index
// names the node's id), and NameOf(value) gives it back when a longer name
// is compared or the table grows.
#ifndef IVRSCOPE_SRC_LOADERS_NAME_TABLE_HPP_
#define IVRSCOPE_SRC_LOADERS_NAME_TABLE_HPP_

#include <algorithm>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace ivrscope {

template <typename NameOf>
class NameTable {
 public:
  explicit NameTable(NameOf name_of = NameOf())
      : name_of_(std::move(name_of)) {}

  /// Room for `count` names without growing.
  void Reserve(std::size_t count) {
    std::size_t capacity = kMinCapacity;
    while (capacity * kMaxLoadNum < count * kMaxLoadDen) capacity *= 2;
    if (capacity > slots_.size()) Rehash(capacity);
  }

  /// Adds name -> value unless the name is there already. Returns the value
  /// the table holds for the name and whether it was added. `value` must
  /// not be UINT32_MAX, and NameOf(value) must be `name` from now on.
  std::pair<std::uint32_t, bool> Insert(std::string_view name,
                                        std::uint32_t value) {
    assert(value != kUnused);
    if ((size_ + 1) * kMaxLoadDen > slots_.size() * kMaxLoadNum) {
      Rehash(slots_.empty() ? kMinCapacity : slots_.size() * 2);
    }
    const std::uint64_t prefix = Prefix(name);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = Hash(name) & mask;; i = (i + 1) & mask) {
      Slot& slot = slots_[i];
      if (slot.value == kUnused) {
        slot = {prefix, static_cast<std::uint32_t>(name.size()), value};
        ++size_;
        return {value, true};
      }
      if (Is(slot, name, prefix)) return {slot.value, false};
    }
  }

  std::optional<std::uint32_t> Find(std::string_view name) const {
    if (slots_.empty()) return std::nullopt;
    const std::uint64_t prefix = Prefix(name);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = Hash(name) & mask;; i = (i + 1) & mask) {
      const Slot& slot = slots_[i];
      if (slot.value == kUnused) return std::nullopt;
      if (Is(slot, name, prefix)) return slot.value;
    }
  }

  std::size_t size() const { return size_; }
  /// Empties it and gives its memory back.
  void clear() {
    std::vector<Slot>().swap(slots_);
    size_ = 0;
  }

 private:
  static constexpr std::size_t kMinCapacity = 16;
  // At most 7/10 full: probes stay short.
  static constexpr std::size_t kMaxLoadNum = 7;
  static constexpr std::size_t kMaxLoadDen = 10;

  static constexpr std::uint32_t kUnused = UINT32_MAX;  // never an index

  struct Slot {
    std::uint64_t prefix = 0;  // the name's first 8 bytes, zero-padded
    std::uint32_t size = 0;
    std::uint32_t value = kUnused;
  };

  bool Is(const Slot& slot, std::string_view name,
          std::uint64_t name_prefix) const {
    if (slot.size != name.size() || slot.prefix != name_prefix) return false;
    if (slot.size <= sizeof slot.prefix) return true;
    const std::string_view own = name_of_(slot.value);
    return std::memcmp(own.data() + sizeof slot.prefix,
                       name.data() + sizeof slot.prefix,
                       slot.size - sizeof slot.prefix) == 0;
  }

  static std::uint64_t Prefix(std::string_view name) {
    std::uint64_t prefix = 0;
    if (!name.empty()) {
      std::memcpy(&prefix, name.data(), std::min(name.size(), sizeof prefix));
    }
    return prefix;
  }

  // FNV-1a, finished with a multiply-shift so that ids differing only in
  // their last characters ("m1", "m2") spread over the whole table.
  static std::uint32_t Hash(std::string_view name) {
    std::uint64_t h = 14695981039346656037ull;
    for (char c : name) {
      h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    }
    h ^= h >> 29;
    h *= 0xbf58476d1ce4e5b9ull;
    return static_cast<std::uint32_t>(h >> 32);
  }

  void Rehash(std::size_t capacity) {
    std::vector<Slot> old(capacity);
    old.swap(slots_);
    const std::size_t mask = capacity - 1;
    for (const Slot& slot : old) {
      if (slot.value == kUnused) continue;
      std::size_t i = Hash(name_of_(slot.value)) & mask;
      while (slots_[i].value != kUnused) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }

  NameOf name_of_;
  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_LOADERS_NAME_TABLE_HPP_
