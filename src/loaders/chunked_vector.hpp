// A sequence stored in fixed-size chunks: it grows without ever moving what
// it holds. A loader appends millions of edges without knowing how many
// will come, and a std::vector doubling its array holds the old and the new
// one at once at each growth: for a large flow, that moment was the peak of
// the whole run. References to elements stay valid as it grows. Chunks
// double from kFirst elements up to kChunk, so that a small flow (an estate
// has thousands) does not pay for a large chunk it never fills.
#ifndef IVRSCOPE_SRC_LOADERS_CHUNKED_VECTOR_HPP_
#define IVRSCOPE_SRC_LOADERS_CHUNKED_VECTOR_HPP_

#include <malloc.h>

#include <bit>
#include <cassert>
#include <cstddef>
#include <iterator>
#include <memory>
#include <vector>

namespace ivrscope {

/// Gives freed memory back to the system. glibc keeps what is freed in its
/// heap for reuse, but a copy's destination (the graph's arrays, the
/// VoiceXML merge's fragment) grows where that memory cannot be reused: the
/// chunks given back as they were copied stayed resident beside the copy,
/// a quarter of a 10,000-file estate's peak. Each call walks the heap
/// (milliseconds on a large one): call it once per million elements
/// copied, never per fragment.
inline void GiveBackFreedMemory() {
#if defined(__GLIBC__)
  malloc_trim(0);
#endif
}
inline constexpr std::size_t kGiveBackEvery = std::size_t{1} << 20;

template <typename T, std::size_t kChunk = 4096, std::size_t kFirst = 16>
class ChunkedVector {
  static_assert(std::has_single_bit(kChunk) && std::has_single_bit(kFirst) &&
                kFirst <= kChunk);

 public:
  template <typename Owner, typename Value>
  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = Value*;
    using reference = Value&;

    Iterator() = default;
    Iterator(Owner* owner, std::size_t index) : owner_(owner), index_(index) {}
    reference operator*() const { return (*owner_)[index_]; }
    pointer operator->() const { return &(*owner_)[index_]; }
    Iterator& operator++() {
      ++index_;
      return *this;
    }
    Iterator operator++(int) {
      Iterator old = *this;
      ++index_;
      return old;
    }
    bool operator==(const Iterator& other) const {
      return index_ == other.index_;
    }

   private:
    Owner* owner_ = nullptr;
    std::size_t index_ = 0;
  };
  using iterator = Iterator<ChunkedVector, T>;
  using const_iterator = Iterator<const ChunkedVector, const T>;

  void push_back(const T& value) {
    if (size_ == capacity_) AddChunk();
    (*this)[size_++] = value;
  }
  /// Room for `count` elements: the chunks are made now.
  void reserve(std::size_t count) {
    while (capacity_ < count) AddChunk();
  }
  /// Gives back the memory of every chunk that lies wholly below element i:
  /// a consumer copying the elements out in order (the linker, the VoiceXML
  /// merge) need not hold the copy and the original at once. Those elements
  /// must not be read again; size() is unchanged. At i == size() every chunk
  /// goes, the last one (room not yet used) too, and nothing may be added:
  /// kept, the last chunks of the VoiceXML merge's thousand applications
  /// were two fifths of an estate's peak memory.
  void ReleaseBefore(std::size_t i) {
    while (released_ < chunks_.size() && (End(released_) <= i || i >= size_)) {
      chunks_[released_++].reset();
    }
  }
  /// Empties it and gives its memory back.
  void clear() {
    chunks_.clear();
    chunks_.shrink_to_fit();
    size_ = 0;
    capacity_ = 0;
    released_ = 0;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](std::size_t i) {
    assert(i < capacity_);
    const Place at = PlaceOf(i);
    assert(at.chunk >= released_);
    return chunks_[at.chunk][at.offset];
  }
  const T& operator[](std::size_t i) const {
    assert(i < capacity_);
    const Place at = PlaceOf(i);
    assert(at.chunk >= released_);
    return chunks_[at.chunk][at.offset];
  }
  T& back() { return (*this)[size_ - 1]; }
  const T& back() const { return (*this)[size_ - 1]; }

  iterator begin() { return {this, 0}; }
  iterator end() { return {this, size_}; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }

 private:
  // The doubling chunks hold kFirst * (2^k - 1) elements before chunk k;
  // from kGrown elements on, every chunk holds kChunk.
  static constexpr std::size_t kDoubling =
      std::bit_width(kChunk / kFirst) - 1;  // chunks before the full ones
  static constexpr std::size_t kGrown =
      kFirst * ((std::size_t{1} << kDoubling) - 1);

  struct Place {
    std::size_t chunk;
    std::size_t offset;
  };
  static Place PlaceOf(std::size_t i) {
    if (i >= kGrown) {
      return {kDoubling + (i - kGrown) / kChunk, (i - kGrown) % kChunk};
    }
    const std::size_t k = std::bit_width(i / kFirst + 1) - 1;
    return {k, i - kFirst * ((std::size_t{1} << k) - 1)};
  }
  // One past the last element of chunk k.
  static std::size_t End(std::size_t k) {
    if (k < kDoubling) return kFirst * ((std::size_t{2} << k) - 1);
    return kGrown + (k - kDoubling + 1) * kChunk;
  }
  void AddChunk() {
    const std::size_t k = chunks_.size();
    const std::size_t n = k < kDoubling ? kFirst << k : kChunk;
    chunks_.push_back(std::make_unique<T[]>(n));
    capacity_ += n;
  }

  std::vector<std::unique_ptr<T[]>> chunks_;
  std::size_t size_ = 0;
  std::size_t capacity_ = 0;
  std::size_t released_ = 0;  // chunks_[0, released_) are given back
};

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_LOADERS_CHUNKED_VECTOR_HPP_
