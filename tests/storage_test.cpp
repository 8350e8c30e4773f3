// The loaders' and the model's storage: NameTable (id lookups), PointerSet
// (marked DOM nodes), ChunkedVector (a fragment's nodes and edges) and Text,
// the arena's length-prefixed strings that edges hold.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ivrscope/flow.hpp"
#include "loaders/chunked_vector.hpp"
#include "loaders/name_table.hpp"
#include "loaders/pointer_set.hpp"

namespace ivrscope {
namespace {

TEST_CASE("name table finds every name it was given, through growth") {
  // Names that share their first 8 bytes, short ones, an empty one, and
  // enough of them to grow the table many times from its smallest size.
  std::vector<std::string> names = {
      "", "a", "ab", "m1", "m10", "12345678", "123456789", "123456780"};
  for (int i = 0; i < 5000; ++i)
    names.push_back("menu-option-" + std::to_string(i));
  NameTable table([&](std::uint32_t v) { return std::string_view(names[v]); });
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto [value, added] =
        table.Insert(names[i], static_cast<std::uint32_t>(i));
    CHECK(added);
    CHECK(value == i);
  }
  CHECK(table.size() == names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    CAPTURE(names[i]);
    REQUIRE(table.Find(names[i]).has_value());
    CHECK(*table.Find(names[i]) == i);
  }
  for (std::string_view absent :
       {"b", "m2", "12345677", "123456789x", "menu-option-5000"}) {
    CAPTURE(absent);
    CHECK_FALSE(table.Find(absent).has_value());
  }
}

TEST_CASE("name table keeps the first value of a name given twice") {
  const std::vector<std::string> names(10, "start");
  auto name_of = [&](std::uint32_t v) { return std::string_view(names[v]); };
  NameTable table(name_of);
  table.Reserve(3);
  CHECK(table.Insert("start", 7).second);
  const auto [value, added] = table.Insert("start", 9);
  CHECK_FALSE(added);
  CHECK(value == 7);
  CHECK(*table.Find("start") == 7);
  CHECK_FALSE(NameTable(name_of).Find("start").has_value());  // empty
}

TEST_CASE("texts read back what the arena stored, whatever their length") {
  StringArena arena;
  std::vector<std::string> stored = {"1", "otherwise", std::string(70000, 'z'),
                                     "transfer failed", std::string(100, 'q')};
  std::vector<Text> texts;
  for (const std::string& s : stored) texts.push_back(arena.Store(s));
  StringArena moved = std::move(arena);  // texts stay valid when it moves
  for (std::size_t i = 0; i < stored.size(); ++i) {
    CHECK(texts[i].view() == stored[i]);
    CHECK(texts[i].size() == stored[i].size());
    CHECK_FALSE(texts[i].empty());
    CHECK(texts[i] == stored[i]);
  }
  const Text empty = moved.Store("");
  CHECK(empty.empty());
  CHECK(empty.view().empty());
  CHECK(Text().view() == "");
}

TEST_CASE("interned texts are shared, through growth, and long ones are not") {
  StringArena arena;
  std::vector<Text> first;
  for (int i = 0; i < 5000; ++i) {
    first.push_back(arena.Intern("option " + std::to_string(i)));
  }
  for (int i = 0; i < 5000; ++i) {
    const Text again = arena.Intern("option " + std::to_string(i));
    CHECK(again.data() == first[i].data());  // the same bytes, not a copy
    CHECK(again == "option " + std::to_string(i));
  }
  CHECK(arena.Intern("option").data() != arena.Intern("option ").data());
  // Stored and interned texts stay apart: Store always copies.
  CHECK(arena.Store("option 7").data() != first[7].data());
  const std::string long_text(65, 'x');
  const Text a = arena.Intern(long_text);
  CHECK(a == long_text);
  CHECK(arena.Intern(long_text).data() != a.data());
  CHECK(arena.Intern("").empty());
}

TEST_CASE("pointer set holds what was inserted, through growth and merging") {
  std::vector<int> objects(3000);  // adjacent addresses, as DOM nodes are
  PointerSet a;
  PointerSet b;
  for (std::size_t i = 0; i < objects.size(); ++i) {
    CHECK((i % 3 == 0 ? a : b).insert(&objects[i]));
  }
  CHECK_FALSE(a.insert(&objects[0]));  // already there
  CHECK(a.size() == 1000);
  for (std::size_t i = 0; i < objects.size(); ++i) {
    CHECK(a.contains(&objects[i]) == (i % 3 == 0));
  }
  a.merge(b);
  CHECK(a.size() == objects.size());
  for (const int& o : objects) CHECK(a.contains(&o));
  CHECK_FALSE(PointerSet().contains(&objects[0]));
  CHECK_FALSE(a.contains(nullptr));
}

TEST_CASE("chunked vector keeps its elements in place across chunks") {
  // Chunks of 2, 4, then 8: small sizes cross every kind of boundary.
  using Small = ChunkedVector<int, 8, 2>;
  Small v;
  CHECK(v.empty());
  v.push_back(0);
  const int* first = &v[0];
  for (int i = 1; i < 40; ++i) v.push_back(i);
  CHECK(v.size() == 40);
  CHECK(&v[0] == first);  // growing moved nothing
  CHECK(v.back() == 39);
  int expected = 0;
  for (int x : v) CHECK(x == expected++);
  CHECK(expected == 40);
  for (int i = 0; i < 40; ++i) CHECK(v[static_cast<std::size_t>(i)] == i);
  const Small& read = v;
  CHECK(std::count_if(read.begin(), read.end(),
                      [](int x) { return x % 2 == 0; }) == 20);
  v[5] = 50;
  CHECK(read[5] == 50);
  v.clear();
  CHECK(v.empty());
  v.reserve(9);  // chunks made ahead change nothing visible
  CHECK(v.size() == 0);
  v.push_back(7);
  CHECK(v[0] == 7);
}

// Counts the live elements a chunked vector holds (chunks construct them).
struct Counted {
  static inline int live = 0;
  int value = 0;
  Counted() { ++live; }
  Counted(const Counted& other) : value(other.value) { ++live; }
  Counted& operator=(const Counted&) = default;
  ~Counted() { --live; }
};

TEST_CASE(
    "chunked vector gives back the chunks below a point, and only those") {
  {
    ChunkedVector<Counted, 8, 2> v;  // chunks of 2, 4, 8, 8, ...
    Counted c;
    for (int i = 0; i < 40; ++i) {
      c.value = i;
      v.push_back(c);
    }
    const int held = Counted::live;  // 2+4+8*5 = 46 slots, and c
    CHECK(held == 47);
    v.ReleaseBefore(5);  // chunk 1 ends at 6: only chunk 0 goes
    CHECK(Counted::live == held - 2);
    v.ReleaseBefore(6);
    CHECK(Counted::live == held - 6);
    v.ReleaseBefore(6);  // again: nothing more
    CHECK(Counted::live == held - 6);
    CHECK(v.size() == 40);
    for (std::size_t i = 6; i < 40; ++i)
      CHECK(v[i].value == static_cast<int>(i));
    v.ReleaseBefore(30);  // chunk 4 is [22, 30)
    CHECK(Counted::live == held - 30);
    CHECK(v[30].value == 30);
    v.clear();
    CHECK(Counted::live == 1);
  }
  CHECK(Counted::live == 0);
}

TEST_CASE(
    "chunked vector copied out to its end gives back its last chunk too") {
  // The last chunk is only partly used: "wholly below size()" never held for
  // it, and each of the VoiceXML merge's applications kept its largest one.
  ChunkedVector<Counted, 8, 2> v;  // chunks of 2, 4, 8, 8, ...
  Counted c;
  for (int i = 0; i < 17; ++i) v.push_back(c);  // chunk 3 holds 3 of 8
  CHECK(Counted::live == 2 + 4 + 8 + 8 + 1);
  v.ReleaseBefore(16);  // element 16 is still to be read: chunk 3 stays
  CHECK(Counted::live == 8 + 1);
  v.ReleaseBefore(17);
  CHECK(Counted::live == 1);
  CHECK(v.size() == 17);
}

}  // namespace
}  // namespace ivrscope
