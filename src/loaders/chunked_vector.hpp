// A sequence stored in fixed-size chunks: it grows without ever moving what
// it holds. A loader appends millions of edges without knowing how many
// will come, and a std::vector doubling its array holds the old and the new
// one at once at each growth: for a large flow, that moment was the peak of
// the whole run. References to elements stay valid as it grows.
#ifndef IVRSCOPE_SRC_LOADERS_CHUNKED_VECTOR_HPP_
#define IVRSCOPE_SRC_LOADERS_CHUNKED_VECTOR_HPP_

#include <cassert>
#include <cstddef>
#include <iterator>
#include <memory>
#include <vector>

namespace ivrscope {

template <typename T, std::size_t kChunk = 4096>
class ChunkedVector {
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
    if (size_ == chunks_.size() * kChunk) {
      chunks_.push_back(std::make_unique<T[]>(kChunk));
    }
    chunks_[size_ / kChunk][size_ % kChunk] = value;
    ++size_;
  }
  /// Room for `count` elements: the chunks are made now.
  void reserve(std::size_t count) {
    chunks_.reserve((count + kChunk - 1) / kChunk);
    while (chunks_.size() * kChunk < count) {
      chunks_.push_back(std::make_unique<T[]>(kChunk));
    }
  }
  /// Empties it and gives its memory back.
  void clear() {
    chunks_.clear();
    chunks_.shrink_to_fit();
    size_ = 0;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](std::size_t i) {
    assert(i < size_);
    return chunks_[i / kChunk][i % kChunk];
  }
  const T& operator[](std::size_t i) const {
    assert(i < size_);
    return chunks_[i / kChunk][i % kChunk];
  }
  T& back() { return (*this)[size_ - 1]; }
  const T& back() const { return (*this)[size_ - 1]; }

  iterator begin() { return {this, 0}; }
  iterator end() { return {this, size_}; }
  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }

 private:
  std::vector<std::unique_ptr<T[]>> chunks_;
  std::size_t size_ = 0;
};

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_LOADERS_CHUNKED_VECTOR_HPP_
