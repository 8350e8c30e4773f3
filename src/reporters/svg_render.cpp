// SVG from DOT through Graphviz's library (gvc), in-process: no `dot`
// executable to find on PATH, no temporary files. Graphviz is optional
// (IVRSCOPE_HAVE_GRAPHVIZ, set by CMake when pkg-config finds libgvc):
// without it, RenderSvg says so and DOT output still works.
#include "ivrscope/drawing.hpp"

#ifdef IVRSCOPE_HAVE_GRAPHVIZ
#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <mutex>
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

  GVC_t* gvc = gvContext();
  if (gvc == nullptr) return fail("Graphviz could not start");
  const std::string text(dot);  // agmemread wants a NUL-terminated string
  Agraph_t* graph = agmemread(text.c_str());
  if (graph == nullptr) {
    gvFreeContext(gvc);
    return fail("Graphviz could not read the drawing");
  }
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
  gvFreeContext(gvc);
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
