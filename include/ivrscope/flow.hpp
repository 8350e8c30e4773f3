// The flow model: every loader produces it, every analysis reads it.
//
// A Program is one directed graph (Boost.Graph compressed_sparse_row_graph)
// holding every flow that was analysed together, so that a transfer from one
// flow into another is an ordinary edge and routes can cross files. No analysis
// knows which format a node came from; loaders are the only code that does.
#ifndef IVRSCOPE_FLOW_HPP_
#define IVRSCOPE_FLOW_HPP_

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ivrscope {

enum class NodeKind : std::uint8_t {
  kMenu,      // waits for the caller to pick an option
  kInput,     // waits for the caller to enter data (digits, speech)
  kPlay,      // plays a prompt, then moves on
  kBranch,    // decides on data; every condition is taken as possible
  kTransfer,  // hands the caller to a destination (see Node::human)
  kHangup,    // the call ends on purpose
  kStop,      // the flow stops without hang-up or transfer
  kExternal,  // control leaves for something not known statically (submit,
              // a target computed at run time, an http: document)
  kMissing,   // placeholder for a target that names nothing analysed
};

enum class EdgeKind : std::uint8_t {
  kEntry,           // the caller picks an option or enters input: 1 entry
  kNomatch,         // the caller entered something invalid: 1 entry
  kNoinput,         // the caller stayed silent: 0 entries
  kAuto,            // control moves on by itself
  kCondition,       // taken when a condition on data holds
  kTransferFailed,  // the transfer did not connect (busy, no answer)
};

/// Lowercase names used in every report ("menu", "transfer-failed", ...).
std::string_view ToString(NodeKind kind);
std::string_view ToString(EdgeKind kind);

/// Entries a caller spends on an edge of this kind (0 or 1).
constexpr int EntryCost(EdgeKind kind) {
  return kind == EdgeKind::kEntry || kind == EdgeKind::kNomatch ? 1 : 0;
}

/// Where an element stands in its source. file indexes Program::files.
struct Location {
  std::uint32_t file = 0;
  std::uint32_t line = 0;    // 1-based
  std::uint32_t column = 0;  // 1-based, in characters (code points)

  friend bool operator==(const Location&, const Location&) = default;
};

struct Node {
  std::string_view id;  // the flow's own name for it (for VoiceXML the dialog
                        // or form-item name); for kMissing, the target named
  NodeKind kind = NodeKind::kStop;
  /// Made by a loader for an implicit end (a branch without otherwise, tries
  /// running out): it has no element of its own and is never "unreachable".
  /// Also a copy of a node, with its id and location, standing for it on the
  /// routes where what follows differs (VoiceXML: an item selected by
  /// <goto nextitem>): the node is reached where its copy is.
  bool synthetic = false;
  /// A copy of a node with its id and location, for one caller of a
  /// VoiceXML subdialog (each caller runs the callee on its own, and
  /// returns to itself): counted once, reached where any copy is.
  bool copy = false;
  /// kTransfer: the destination reaches a person.
  bool human = false;
  std::uint32_t flow = 0;  // index of the flow that defines it
  Location location;
  std::string_view text;         // prompt or description, for display only
  std::string_view destination;  // kTransfer: "queue:billing", "tel:+1..."
                                 // kExternal/kMissing: why (attribute, expr)
};

/// A string kept in a StringArena, in one pointer: the arena stores its
/// length before its bytes. Edges are most of the model (a million-node flow
/// has six million), and three string_views made each 64 bytes where three
/// Texts make it 40. Reads as a std::string_view.
class Text {
 public:
  constexpr Text() = default;

  std::size_t size() const {
    if (p_ == nullptr) return 0;
    std::uint32_t n = 0;
    std::memcpy(&n, p_, sizeof n);
    return n;
  }
  bool empty() const { return p_ == nullptr; }
  const char* data() const {
    return p_ == nullptr ? "" : p_ + sizeof(std::uint32_t);
  }
  std::string_view view() const { return {data(), size()}; }
  operator std::string_view() const { return view(); }  // NOLINT: a string

  friend bool operator==(const Text& a, std::string_view b) {
    return a.view() == b;
  }

 private:
  friend class StringArena;
  explicit Text(const char* counted) : p_(counted) {}
  const char* p_ = nullptr;  // -> the length (4 bytes, unaligned), the bytes
};

/// Flags qualifying an edge beyond its kind.
enum EdgeFlag : std::uint8_t {
  /// A retry whose repetition a tries limit (or an escalating handler) ends:
  /// it cannot make the caller loop for ever.
  kRetryBounded = 1u << 0,
  /// Taken when the caller has used up every attempt.
  kExhausted = 1u << 1,
  /// A transfer connecting into another analysed flow's start.
  kFlowLink = 1u << 2,
  /// kExhausted by a limit on every failed attempt, silent or misunderstood
  /// alike (ivrflow's tries), not by one event's own count (VoiceXML's).
  kEveryFailure = 1u << 3,
  /// Taken only as data decides (VoiceXML: into a catch with a cond, or to
  /// the default handler when every catch of its count has one): a loop
  /// through it may end when the data changes.
  kConditional = 1u << 4,
  /// kEntry: an answer of a grammar in scope beyond the item's own (a
  /// VoiceXML link, document-scoped menu, universal command or form-level
  /// grammar), not one of the menu's choices.
  kInScope = 1u << 5,
  /// kTransferFailed: taken only when the call cannot be placed at all (a
  /// bad or forbidden destination: VoiceXML's error.connection.*), not when
  /// the line is busy or unanswered, so it is no fallback for those.
  kUnplaced = 1u << 6,
  /// A return to a caller that a recursive subdialog shares with itself:
  /// the graph has no call stack, but a platform takes it once per level,
  /// so a cycle through it ends when the calls are unwound.
  kUnwinds = 1u << 7,
};

struct Edge {
  EdgeKind kind = EdgeKind::kAuto;
  std::uint8_t flags = 0;      // EdgeFlag bits
  // Failed attempts before it is taken: kExhausted, and a VoiceXML count
  // level (count="4").
  std::uint16_t attempts = 0;
  Location location;           // the element that creates the edge
  Text key;                    // kEntry: DTMF key(s), may be empty
  Text phrase;                 // kEntry: spoken phrase, may be empty
  Text label;                  // kCondition: the condition's text; other
                               // kinds: the event or outcome, may be empty

  bool Has(EdgeFlag flag) const { return (flags & flag) != 0; }
};

/// Built once, by the linker, and only read afterwards: a compressed sparse
/// row graph keeps every out-edge list in one array and every edge property
/// in another, where adjacency_list makes one heap allocation per edge (its
/// memory and its page faults were most of the model's cost). 32-bit vertex
/// and edge indices halve the arrays; the linker refuses a program they
/// cannot number.
using Graph = boost::compressed_sparse_row_graph<boost::directedS, Node, Edge,
                                                 boost::no_property,
                                                 std::uint32_t, std::uint32_t>;
using Vertex = boost::graph_traits<Graph>::vertex_descriptor;
using EdgeRef = boost::graph_traits<Graph>::edge_descriptor;

enum class Format : std::uint8_t { kIvrflow, kVoicexml };
std::string_view ToString(Format format);

/// A flow: one entry point callers dial into, and everything it reaches.
struct Flow {
  std::string_view name;
  /// What names the flow across runs and checkouts, for fingerprints and
  /// diff: ivrflow's name; a VoiceXML document's path relative to the
  /// directory it was found under (the directory given, or a file's own), so
  /// that `check ./flows`, `check /abs/flows` and `diff old/ new/` agree.
  std::string_view key;
  Format format = Format::kIvrflow;
  std::uint32_t file = 0;  // the file that defines its start
  Vertex start = 0;
  std::vector<std::string_view> numbers;  // phone numbers that reach it
  Location named_at;                      // ivrflow: the root's name attribute
};

/// Owns the bytes every string_view in the model points to. Strings are
/// copied once into large blocks so the XML documents can be freed as soon
/// as a flow is built, and views stay valid when the arena is moved.
class StringArena {
 public:
  /// A copy of `text` that lives as long as the arena (an empty text takes
  /// no room).
  Text Store(std::string_view text);
  /// Like Store, but a short text stored this way before is shared: edge
  /// keys, phrases and labels ("1", "Agent", "noinput") repeat on most of a
  /// flow's edges. Longer texts are stored as they come.
  Text Intern(std::string_view text);

 private:
  // Blocks double from kFirstBlock to kBlockSize: an estate's thousands of
  // small flows each have an arena, and a full-size first block each was
  // most of an estate's memory.
  static constexpr std::size_t kFirstBlock = 512;
  static constexpr std::size_t kBlockSize = 64 * 1024;
  static constexpr std::size_t kInternMax = 64;
  std::vector<std::unique_ptr<char[]>> blocks_;
  std::size_t block_size_ = 0;  // of blocks_.back(); no block yet
  std::size_t used_ = 0;        // bytes of blocks_.back() in use
  // Open addressing over the interned texts, grown at half full.
  std::vector<Text> interned_;
  std::size_t interned_count_ = 0;
};

/// An inline `<!-- ivrscope-disable rule-id: reason -->` comment: it silences
/// one rule on the element that follows it. Loaders collect them; the
/// analysis layer applies them to findings (see ApplySuppressions).
struct Suppression {
  std::string_view rule;
  std::string_view reason;
  Location element;  // the element it silences the rule on
  Location comment;  // the comment itself, for reports
  /// Where the element's last attribute starts (the element, without any):
  /// a finding at one of its attributes (a target's `next`) is on it too.
  Location last_attribute;
};

/// Every flow analysed together, in one graph.
struct Program {
  Graph graph;
  std::vector<Flow> flows;
  std::vector<std::string> files;  // paths as the user gave them
  std::vector<StringArena> arenas;
  std::vector<Suppression> suppressions;  // in file order

  const Node& node(Vertex v) const { return graph[v]; }
  const std::string& file_of(const Location& at) const {
    return files[at.file];
  }
};

}  // namespace ivrscope

#endif  // IVRSCOPE_FLOW_HPP_
