// A set of pointers (pugixml nodes, by internal_object()), by open
// addressing: the VoiceXML loader marks every container that holds a jump
// and asks about them while it builds. std::unordered_set made an
// allocation per mark and a scattered node per lookup; this is one array.
#ifndef IVRSCOPE_SRC_LOADERS_POINTER_SET_HPP_
#define IVRSCOPE_SRC_LOADERS_POINTER_SET_HPP_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ivrscope {

class PointerSet {
 public:
  /// Adds p (not null); false if it was there already.
  bool insert(const void* p) {
    if ((size_ + 1) * 10 > slots_.size() * 7) {
      Grow(slots_.empty() ? 64 : slots_.size() * 2);
    }
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = Hash(p) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == p) return false;
      if (slots_[i] == nullptr) {
        slots_[i] = p;
        ++size_;
        return true;
      }
    }
  }
  bool contains(const void* p) const {
    if (slots_.empty() || p == nullptr) return false;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = Hash(p) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == p) return true;
      if (slots_[i] == nullptr) return false;
    }
  }
  /// Adds every pointer of `other`.
  void merge(const PointerSet& other) {
    for (const void* p : other.slots_) {
      if (p != nullptr) insert(p);
    }
  }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  static std::size_t Hash(const void* p) {
    // A full mix of the address. Keeping a page's nodes in one group of
    // slots, for locality, made long runs that probing walked: pages share
    // groups and their marks fall on the same places in them.
    std::uint64_t h =
        static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(p)) >> 3;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    return static_cast<std::size_t>(h);
  }
  void Grow(std::size_t capacity) {
    std::vector<const void*> old(capacity, nullptr);
    old.swap(slots_);
    size_ = 0;
    for (const void* p : old) {
      if (p != nullptr) insert(p);
    }
  }

  std::vector<const void*> slots_;  // nullptr: empty
  std::size_t size_ = 0;
};

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_LOADERS_POINTER_SET_HPP_
