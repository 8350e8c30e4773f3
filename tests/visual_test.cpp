// Tests for the pictures: the IVR map (`paths`), the DOT drawing (golden
// files under tests/data/visual/), SVG and HTML for every sample, and the
// escaping of untrusted text in the HTML report. The commands run in-process
// through RunCli, from the source directory so that paths in the output are
// the same on every machine. IVRSCOPE_UPDATE_GOLDEN=1 rewrites the golden
// files from the current output (review the diff before committing it).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "cli/cli.hpp"
#include "ivrscope/drawing.hpp"
#include "ivrscope/ivr_map.hpp"
#include "ivrscope/loader.hpp"
#include "test_support.hpp"

namespace ivrscope {
namespace {

namespace fs = std::filesystem;

const char kVisual[] = "tests/data/visual";

// Runs the test from the source directory, and goes back afterwards.
class InSourceDir {
 public:
  InSourceDir() : before_(fs::current_path()) {
    fs::current_path(IVRSCOPE_SOURCE_DIR);
  }
  ~InSourceDir() { fs::current_path(before_); }

 private:
  fs::path before_;
};

struct Run {
  int code = 0;
  std::string out;
  std::string err;
};

Run Ivrscope(std::vector<std::string> args) {
  args.insert(args.begin(), "ivrscope");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out;
  std::ostringstream err;
  Run run;
  run.code =
      RunCli(static_cast<int>(argv.size()), argv.data(), out, err, false);
  run.out = out.str();
  run.err = err.str();
  return run;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void CheckGolden(const std::string& actual, const std::string& golden) {
  const fs::path path = fs::path(kVisual) / golden;
  if (std::getenv("IVRSCOPE_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
  }
  INFO("golden file: " << path.string());
  CHECK(actual == ReadFile(path));
}

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos;
       at = text.find(what, at + 1)) {
    ++n;
  }
  return n;
}

TEST_CASE("graph: golden DOT of two linked flows, findings marked") {
  InSourceDir here;
  const Run run = Ivrscope({"graph", "tests/data/visual/acme.ivrflow",
                            "tests/data/visual/cards.ivrflow"});
  CHECK(run.code == 0);
  CHECK(run.err.empty());
  CheckGolden(run.out, "acme.dot");
  // One cluster per flow; the flow link is bold; a warning colours its node.
  CHECK(Count(run.out, "subgraph cluster_f") == 2);
  CHECK(run.out.find("style=bold") != std::string::npos);
  CHECK(run.out.find("fillcolor=\"#ffe0b2\"") != std::string::npos);
}

TEST_CASE("graph: --focus draws the neighbourhood of one node") {
  InSourceDir here;
  const Run run = Ivrscope({"graph", "tests/data/visual/acme.ivrflow",
                            "tests/data/visual/cards.ivrflow", "--focus",
                            "cards:cards-menu", "--radius", "1"});
  CHECK(run.code == 0);
  CheckGolden(run.out, "acme-focus.dot");
}

TEST_CASE("graph: bad options and names are usage errors") {
  InSourceDir here;
  const std::string acme = "tests/data/visual/acme.ivrflow";
  Run run = Ivrscope({"graph", acme, "--focus", "nowhere"});
  CHECK(run.code == 2);
  CHECK(run.err == "ivrscope: error: --focus: no node is named 'nowhere'\n");
  run = Ivrscope({"graph", acme, "--radius", "3"});
  CHECK(run.code == 2);
  CHECK(run.err.find("--radius needs --focus") != std::string::npos);
  run = Ivrscope({"graph", acme, "--format", "png"});
  CHECK(run.code == 2);
  CHECK(run.err.find("unknown --format 'png' (dot, svg)") != std::string::npos);
  run = Ivrscope({"graph"});
  CHECK(run.code == 2);
}

TEST_CASE("graph: a file that does not load gives path:line:col and exit 2") {
  InSourceDir here;
  const Run run = Ivrscope({"graph", "tests/data/visual/broken.ivrflow"});
  CHECK(run.code == 2);
  CHECK(run.err.rfind("tests/data/visual/broken.ivrflow:5:20: error: unknown "
                      "attribute 'colour' on <hangup>\n",
                      0) == 0);
}

TEST_CASE("FindNode: an id several flows define must be qualified") {
  InSourceDir here;
  LoadResult loaded = LoadPaths(
      {"tests/data/visual/acme.ivrflow", "tests/data/visual/twin.ivrflow"},
      LoadOptions{});
  REQUIRE(loaded.errors.empty());
  Result<Vertex> plain = FindNode(loaded.program, "operator");
  REQUIRE_FALSE(plain.ok());
  CHECK(plain.error().message ==
        "several flows define 'operator': name one as FLOW:ID (acme:operator, "
        "twin:operator)");
  Result<Vertex> qualified = FindNode(loaded.program, "twin:operator");
  REQUIRE(qualified.ok());
  CHECK(loaded.program.node(qualified.value()).flow == 1);
}

TEST_CASE("Neighbourhood follows edges both ways up to the radius") {
  InSourceDir here;
  LoadResult loaded =
      LoadPaths({"tests/data/visual/acme.ivrflow"}, LoadOptions{});
  REQUIRE(loaded.errors.empty());
  const Program& p = loaded.program;
  const Vertex accounts = FindNode(p, "accounts").value();
  const auto names = [&](const std::vector<bool>& inside) {
    std::vector<std::string> out;
    for (Vertex v = 0; v < inside.size(); ++v) {
      if (inside[v]) out.emplace_back(p.node(v).id);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  CHECK(names(Neighbourhood(p, accounts, 0)) ==
        std::vector<std::string>{"accounts"});
  // main leads to accounts (an in-edge); balance and disputes follow it.
  CHECK(names(Neighbourhood(p, accounts, 1)) ==
        std::vector<std::string>{"accounts", "balance", "disputes", "main"});
}

TEST_CASE("paths: golden IVR map as text, JSON and CSV") {
  InSourceDir here;
  const std::vector<std::string> inputs{"tests/data/visual/acme.ivrflow",
                                        "tests/data/visual/cards.ivrflow"};
  const struct {
    const char* format;
    const char* golden;
  } cases[] = {{"text", "acme.paths.txt"},
               {"json", "acme.paths.json"},
               {"csv", "acme.paths.csv"}};
  for (const auto& c : cases) {
    CAPTURE(c.format);
    std::vector<std::string> args{"paths", "--format", c.format};
    args.insert(args.end(), inputs.begin(), inputs.end());
    const Run run = Ivrscope(args);
    CHECK(run.code == 0);
    CheckGolden(run.out, c.golden);
  }
}

TEST_CASE("IVR map: cheapest route, keys with phrases, transfers passed") {
  InSourceDir here;
  LoadResult loaded = LoadPaths(
      {"tests/data/visual/acme.ivrflow", "tests/data/visual/cards.ivrflow"},
      LoadOptions{});
  REQUIRE(loaded.errors.empty());
  const Program& p = loaded.program;
  const std::vector<FlowMap> map = BuildIvrMap(p);
  REQUIRE(map.size() == 2);
  const auto& endpoints = map[0].endpoints;
  CHECK(std::is_sorted(endpoints.begin(), endpoints.end(),
                       [](const Endpoint& a, const Endpoint& b) {
                         return a.entries < b.entries;
                       }));
  const auto lost = std::find_if(
      endpoints.begin(), endpoints.end(),
      [&](const Endpoint& e) { return p.node(e.node).id == "lost"; });
  REQUIRE(lost != endpoints.end());
  CHECK(lost->kind == EndpointKind::kHuman);
  CHECK(lost->entries == 2);
  const std::vector<RouteStep> route = MapRoute(map[0], *lost);
  CHECK(KeySequence(p, route) == "2/\"cards\" 1/\"lost card\"");
  const std::vector<Vertex> transfers = TransfersPassed(p.graph, route);
  REQUIRE(transfers.size() == 1);
  CHECK(p.node(transfers[0]).id == "to-cards");
  CHECK(NodeName(p, lost->node, 0) == "cards:lost");
  // A transfer into another analysed flow is a step, not an endpoint.
  CHECK(std::none_of(
      endpoints.begin(), endpoints.end(),
      [&](const Endpoint& e) { return p.node(e.node).id == "to-cards"; }));
}

TEST_CASE("IVR map of a deep flow holds each node once, its routes whole") {
  // A chain of menus with a transfer out of every one: the routes to the
  // endpoints share their beginnings. Held as whole lists they took the
  // product of depth and endpoints (a 3.5 MB file of 20,000 menus took
  // 5 GB); the map keeps one tree, and still gives every key of each.
  constexpr int kMenus = 300;
  std::string flow = "<ivrflow name=\"deep\" start=\"m0\">";
  for (int i = 0; i < kMenus; ++i) {
    const std::string n = std::to_string(i);
    const std::string next =
        i + 1 < kMenus ? "m" + std::to_string(i + 1) : std::string("bye");
    flow += "<menu id=\"m" + n +
            "\"><prompt>p</prompt><option key=\"1\" next=\"" + next +
            "\"/><option key=\"2\" next=\"t" + n +
            "\"/></menu><transfer id=\"t" + n + "\" to=\"queue:q" + n + "\"/>";
  }
  flow += "<hangup id=\"bye\"/></ivrflow>";
  const Program p = testing::LoadLinked({flow});
  const std::vector<FlowMap> map = BuildIvrMap(p);
  REQUIRE(map.size() == 1);
  REQUIRE(map[0].endpoints.size() == kMenus + 1);
  CHECK(map[0].steps.size() == 2 * kMenus + 1);
  std::string ones;
  for (const Endpoint& e : map[0].endpoints) {
    const std::vector<RouteStep> route = MapRoute(map[0], e);
    REQUIRE(route.size() == static_cast<std::size_t>(e.entries) + 1);
    CHECK(route.front().node == p.flows[0].start);
    CHECK(route.back().node == e.node);
    CHECK_FALSE(route.back().via);
    CHECK(std::none_of(route.begin(), route.end(),
                       [](const RouteStep& s) { return s.skipped > 0; }));
    const std::string id(p.node(e.node).id);
    if (id == "bye") {
      CHECK(e.entries == kMenus);
      continue;
    }
    // t<i> is i presses of 1, then 2: the endpoints come by entries.
    CHECK(id == "t" + std::to_string(e.entries - 1));
    CHECK(KeySequence(p, route) == ones + "2");
    ones += "1 ";
  }
}

TEST_CASE("paths: unknown format is a usage error") {
  const Run run = Ivrscope({"paths", "--format", "xml", "x.ivrflow"});
  CHECK(run.code == 2);
  CHECK(run.err.find("unknown --format 'xml' (text, json, csv)") !=
        std::string::npos);
}

// Every flow the project ships, and the inputs of these tests: whatever
// samples exist when the tests run (the sample set grows on its own).
std::vector<std::string> DrawableInputs() {
  std::vector<std::string> files;
  for (const char* dir : {"samples", kVisual}) {
    if (!fs::is_directory(dir)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
      const std::string ext = entry.path().extension().string();
      if (entry.is_regular_file() && (ext == ".ivrflow" || ext == ".vxml") &&
          entry.path().filename() != "broken.ivrflow") {
        files.push_back(entry.path().generic_string());
      }
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

TEST_CASE("SVG and HTML are produced for every sample") {
  InSourceDir here;
  const std::vector<std::string> files = DrawableInputs();
  REQUIRE(files.size() >= 3);
  const fs::path html = fs::temp_directory_path() / "ivrscope_visual_test.html";
  for (const std::string& file : files) {
    CAPTURE(file);
    const Run svg = Ivrscope({"graph", file, "--format", "svg"});
    if (CanRenderSvg()) {
      CHECK(svg.code == 0);
      CHECK(svg.err.empty());
      CHECK(svg.out.find("<svg") != std::string::npos);
      CHECK(svg.out.find("</svg>") != std::string::npos);
    } else {
      CHECK(svg.code == 2);
      CHECK(svg.err.find("built without Graphviz") != std::string::npos);
    }
    const Run check = Ivrscope(
        {"check", file, "--format", "html", "--output", html.string()});
    CHECK((check.code == 0 || check.code == 1));
    const std::string page = ReadFile(html);
    CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(page.find("</html>\n") != std::string::npos);
    CHECK(Count(page, "<svg") ==
          (CanRenderSvg() ? Count(page, "class=\"flow\"") : 0));
  }
  // The whole set together, as a review of an estate would run it.
  std::vector<std::string> args{"check", "--format", "html", "--output",
                                html.string()};
  args.insert(args.end(), files.begin(), files.end());
  const Run all = Ivrscope(args);
  CHECK((all.code == 0 || all.code == 1));
  fs::remove(html);
}

// Graphviz gave a named subgraph the address of its interned name as its
// id, and orders subgraphs by id: the clusters of each drawing moved from
// run to run, so no two HTML reports of one input were the same.
TEST_CASE("HTML: the same input gives the same page, whatever --jobs") {
  InSourceDir here;
  if (!CanRenderSvg()) {
    MESSAGE("skipped: built without Graphviz, the page has no drawings");
    return;
  }
  const Run first = Ivrscope({"check", "samples", "--format", "html"});
  REQUIRE(first.out.find("class=\"cluster\"") != std::string::npos);
  for (const char* jobs : {"1", "2", "1"}) {
    CAPTURE(jobs);
    const Run again =
        Ivrscope({"check", "samples", "--format", "html", "--jobs", jobs});
    CHECK(again.out == first.out);
  }
}

// Graphviz named each drawing "graph0" and each edge it had no id for
// "edge1": a page of thirteen drawings repeated them thirteen times.
TEST_CASE("HTML: every id on the page is distinct") {
  InSourceDir here;
  const Run run = Ivrscope({"check", "samples", "--format", "html"});
  std::vector<std::string> ids;
  const std::string key = " id=\"";
  for (std::size_t at = run.out.find(key); at != std::string::npos;
       at = run.out.find(key, at + 1)) {
    const std::size_t begin = at + key.size();
    ids.push_back(run.out.substr(begin, run.out.find('"', begin) - begin));
  }
  CHECK(ids.size() > 100);
  std::sort(ids.begin(), ids.end());
  const auto twice = std::adjacent_find(ids.begin(), ids.end());
  CHECK_MESSAGE(twice == ids.end(),
                "repeated id: " << (twice == ids.end() ? "" : *twice));
}

// paths and graph flushed and exited 0 when nothing could be written (a
// full disk): a CI job kept an empty map as if it were the real one.
TEST_CASE("a report that cannot be written is exit 2, for every command") {
  InSourceDir here;
  if (!fs::exists("/dev/full")) {
    MESSAGE("skipped: no /dev/full to write to");
    return;
  }
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"paths", "samples/bank.ivrflow", "--output", "/dev/full"},
           {"graph", "samples/bank.ivrflow", "--output", "/dev/full"},
           {"check", "samples/bank.ivrflow", "--output", "/dev/full"}}) {
    CAPTURE(args[0]);
    const Run run = Ivrscope(args);
    CHECK(run.code == 2);
    CHECK(run.err.find("cannot write the") != std::string::npos);
  }
}

// `check -o f.ivrflow f.ivrflow` replaced the flow with its own report.
TEST_CASE("--output naming an input is refused, the input kept") {
  const fs::path dir = fs::temp_directory_path() / "ivrscope_output_input";
  fs::remove_all(dir);
  fs::create_directories(dir / "tree");
  const std::string flow = (dir / "f.ivrflow").string();
  const std::string found = (dir / "tree" / "g.ivrflow").string();
  const std::string text =
      "<ivrflow name='f'><transfer id='t' to='queue:a'/></ivrflow>\n";
  for (const std::string& path : {flow, found}) {
    std::ofstream(path, std::ios::binary) << text;
  }
  for (const char* command : {"check", "paths", "graph"}) {
    CAPTURE(command);
    for (const auto& [output, input] :
         std::vector<std::pair<std::string, std::string>>{
             {flow, flow}, {found, (dir / "tree").string()}}) {
      const Run run = Ivrscope({command, "--output", output, input});
      CHECK(run.code == 2);
      CHECK(run.err.find("' is an input: not overwritten") !=
            std::string::npos);
      CHECK(ReadFile(output) == text);
    }
  }
  // diff wrote over a flow of NEW, or of OLD, and exited 0.
  for (const auto& [output, old_side, new_side] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {found, flow, (dir / "tree").string()},
           {flow, flow, (dir / "tree").string()}}) {
    const Run run = Ivrscope({"diff", "--output", output, old_side, new_side});
    CHECK(run.code == 2);
    CHECK(run.err.find("' is an input: not overwritten") != std::string::npos);
    CHECK(ReadFile(output) == text);
  }
  fs::remove_all(dir);
}

TEST_CASE("HTML: text from the XML stays text") {
  InSourceDir here;
  const fs::path html =
      fs::temp_directory_path() / "ivrscope_hostile_test.html";
  const Run run = Ivrscope({"check", "tests/data/visual/hostile.ivrflow",
                            "--format", "html", "--output", html.string()});
  CHECK(run.code == 1);
  const std::string page = ReadFile(html);
  fs::remove(html);
  // Our script is the only script element, and nothing else opens a tag
  // the XML smuggled in.
  CHECK(Count(page, "<script") == 1);
  CHECK(page.find("<img") == std::string::npos);
  CHECK(page.find("</svg><script") == std::string::npos);
  // What the XML said is still shown, escaped.
  CHECK(page.find("&lt;script&gt;alert(&#39;flow&#39;)&lt;/script&gt;") !=
        std::string::npos);
  CHECK(page.find("&lt;img src=x onerror=alert(1)&gt;") != std::string::npos);
  if (CanRenderSvg()) {
    // The prompt only appears in the drawing's tooltip, escaped by Graphviz.
    CHECK(page.find("&lt;script&gt;alert(&quot;prompt&quot;)&lt;/script&gt;") !=
          std::string::npos);
  }
  // No network: the policy forbids every fetch and any other script.
  CHECK(page.find("default-src 'none'") != std::string::npos);
  CHECK(page.find("script-src 'sha256-") != std::string::npos);
  // (SVG's xmlns URIs name namespaces; nothing is loaded from them.)
  CHECK(page.find("href=\"http") == std::string::npos);
  CHECK(page.find("src=\"http") == std::string::npos);
}

// Graphviz reads a tooltip's escapes twice: a prompt's "\N" showed as the
// node's name there, while labels kept it.
TEST_CASE("graph: backslashes in the text stay backslashes, tooltips too") {
  if (!CanRenderSvg()) {
    MESSAGE("skipped: built without Graphviz, no SVG");
    return;
  }
  const fs::path flow =
      fs::temp_directory_path() / "ivrscope_backslash_test.ivrflow";
  {
    std::ofstream out(flow);
    out << "<ivrflow name=\"x\\Nq\">\n"
           "  <menu id=\"m\\G\" tries=\"2\" on-exhausted=\"agent\">"
           "<prompt>Press \\N \\L \\G \\\\N</prompt>\n"
           "    <option key=\"1\" next=\"agent\"/></menu>\n"
           "  <transfer id=\"agent\" to=\"queue:help\"/>\n</ivrflow>\n";
  }
  const Run run = Ivrscope({"graph", "--format", "svg", flow.string()});
  fs::remove(flow);
  REQUIRE(run.code == 0);
  CHECK(run.out.find("xlink:title=\"menu: Press \\N \\L \\G \\\\N\"") !=
        std::string::npos);
  CHECK(run.out.find(">m\\G</text>") != std::string::npos);
  CHECK(run.out.find(">x\\Nq (") != std::string::npos);
}

}  // namespace
}  // namespace ivrscope
