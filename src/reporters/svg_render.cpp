// SVG from DOT through Graphviz's library (gvc), in-process: no `dot`
// executable to find on PATH, no temporary files. Graphviz is optional
// (IVRSCOPE_HAVE_GRAPHVIZ, set by CMake when pkg-config finds libgvc):
// without it, RenderSvg says so and DOT output still works.
#include "ivrscope/drawing.hpp"

#ifdef IVRSCOPE_HAVE_GRAPHVIZ
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#endif

namespace ivrscope {

#ifdef IVRSCOPE_HAVE_GRAPHVIZ

namespace {

// Graphviz reports through a global callback; collect its messages so that
// they reach the user as one diagnostic instead of stray lines on stderr.
std::string* g_graphviz_errors = nullptr;

int CollectGraphvizError(char* message) {
  if (g_graphviz_errors != nullptr) *g_graphviz_errors += message;
  return 0;
}

// Graphviz keeps global state (error callback, plugin registry): one
// rendering at a time.
std::mutex g_graphviz_mutex;

// One context for the whole process, never freed. Graphviz 2.43's pango
// plugin caches the last font name as a pointer into the context's font
// dictionary; freeing the context after a drawing left the next drawing
// comparing against freed memory (found by AddressSanitizer). A context
// that outlives every drawing keeps those names alive. Call with
// g_graphviz_mutex held.
GVC_t* Context() {
  static GVC_t* const context = gvContext();
  return context;
}

// Object ids that follow the drawing, not the heap. Graphviz's own id
// discipline makes a named object's id the address of its interned name,
// and a graph keeps its subgraphs ordered by id: the clusters of one DOT
// text came out in a different order from run to run (and from drawing to
// drawing in one process), so the HTML report was never the same twice.
// Here a name's id is its order of first appearance (even, as Graphviz
// expects of named ids; anonymous objects get odd ones).
struct IdState {
  std::unordered_map<std::string, IDTYPE> ids;
  std::deque<std::string> names;  // names[id / 2 - 1]; stable addresses
  IDTYPE next_anonymous = 1;
};

void* IdOpen(Agraph_t* /*graph*/, Agdisc_t* /*disc*/) { return new IdState; }

long IdMap(void* state, int /*objtype*/, char* name, IDTYPE* id, int create) {
  auto* ids = static_cast<IdState*>(state);
  if (name == nullptr) {
    *id = ids->next_anonymous;
    ids->next_anonymous += 2;
    return 1;
  }
  auto it = ids->ids.find(name);
  if (it == ids->ids.end()) {
    if (!create) return 0;
    ids->names.emplace_back(name);
    it = ids->ids.emplace(name, 2 * static_cast<IDTYPE>(ids->names.size()))
             .first;
  }
  *id = it->second;
  return 1;
}

long IdAlloc(void* /*state*/, int /*objtype*/, IDTYPE /*id*/) { return 0; }

void IdFree(void* /*state*/, int /*objtype*/, IDTYPE /*id*/) {}

char* IdPrint(void* state, int /*objtype*/, IDTYPE id) {
  auto* ids = static_cast<IdState*>(state);
  if (id % 2 != 0 || id == 0 || id / 2 > ids->names.size()) return nullptr;
  return ids->names[id / 2 - 1].data();
}

void IdClose(void* state) { delete static_cast<IdState*>(state); }

void IdRegister(void* /*state*/, int /*objtype*/, void* /*object*/) {}

Agiddisc_t g_id_disc = {IdOpen,  IdMap,   IdAlloc,   IdFree,
                        IdPrint, IdClose, IdRegister};

// The DOT text, handed to Graphviz's reader a line at a time (as its own
// agmemread does).
struct DotText {
  const char* data;
  std::size_t size;
  std::size_t at = 0;
};

int ReadDot(void* channel, char* buffer, int size) {
  auto* text = static_cast<DotText*>(channel);
  if (size <= 1 || text->at >= text->size) return 0;
  int n = 0;
  while (n < size - 1 && text->at < text->size) {
    const char c = text->data[text->at++];
    buffer[n++] = c;
    if (c == '\n') break;
  }
  buffer[n] = '\0';
  return n;
}

Agraph_t* ReadGraph(std::string_view dot) {
  static Agiodisc_t io = {ReadDot, AgIoDisc.putstr, AgIoDisc.flush};
  Agdisc_t disc = {&AgMemDisc, &g_id_disc, &io};
  DotText text{dot.data(), dot.size()};
  return agread(&text, &disc);
}

}  // namespace

bool CanRenderSvg() { return true; }

Result<std::string> RenderSvg(std::string_view dot) {
  std::lock_guard<std::mutex> lock(g_graphviz_mutex);
  std::string errors;
  g_graphviz_errors = &errors;
  agseterr(AGERR);
  agseterrf(CollectGraphvizError);
  const auto fail = [&](const std::string& what) {
    g_graphviz_errors = nullptr;
    Diagnostic d;
    d.message = what + (errors.empty() ? "" : ": " + errors);
    while (!d.message.empty() && d.message.back() == '\n') {
      d.message.pop_back();
    }
    return d;
  };

  GVC_t* gvc = Context();
  if (gvc == nullptr) return fail("Graphviz could not start");
  Agraph_t* graph = ReadGraph(dot);
  if (graph == nullptr) return fail("Graphviz could not read the drawing");
  std::string svg;
  bool ok = gvLayout(gvc, graph, "dot") == 0;
  if (ok) {
    char* data = nullptr;
    unsigned int length = 0;
    ok = gvRenderData(gvc, graph, "svg", &data, &length) == 0;
    if (ok && data != nullptr) svg.assign(data, length);
    if (data != nullptr) gvFreeRenderData(data);
    gvFreeLayout(gvc, graph);
  }
  agclose(graph);
  if (!ok || svg.empty()) {
    return fail("Graphviz could not lay out or render the drawing (is the "
                "'dot' layout and 'svg' output plugin installed?)");
  }
  g_graphviz_errors = nullptr;
  return svg;
}

#else  // !IVRSCOPE_HAVE_GRAPHVIZ

bool CanRenderSvg() { return false; }

Result<std::string> RenderSvg(std::string_view /*dot*/) {
  Diagnostic d;
  d.message =
      "this ivrscope was built without Graphviz, so it cannot draw SVG "
      "(install libgraphviz-dev and rebuild, or use --format dot)";
  return d;
}

#endif  // IVRSCOPE_HAVE_GRAPHVIZ

}  // namespace ivrscope
