// The ivrflow loader: every load error with its exact line:column, and the
// graph each construct gives.
#include "loaders/ivrflow_loader.hpp"

#include <doctest/doctest.h>

#include <map>

#include "test_support.hpp"

namespace ivrscope {
namespace {

std::string LoadError(const std::string& text) {
  auto result = LoadIvrflowText("f.ivrflow", text);
  if (result.ok()) return "(loaded)";
  return result.error().ToString();
}

TEST_CASE("ivrflow load errors carry path:line:col and a clear message") {
  struct {
    const char* name;
    const char* text;
    const char* error;
  } const cases[] = {
      {"malformed XML", "<ivrflow name='a'>\n  <play id='p' next='p'>\n</ivrflow>",
       "f.ivrflow:3:3: error: malformed XML: Start-end tags mismatch"},
      {"empty file", "", "f.ivrflow:1:1: error: malformed XML: No document element found"},
      {"second root element",
       "<ivrflow name='a'><hangup id='h'/></ivrflow>\n<ivrflow name='b'><hangup id='h'/></ivrflow>",
       "f.ivrflow:2:1: error: malformed XML: a second root element <ivrflow> after <ivrflow>: a document has exactly one"},
      // XML 1.0 §2.8: the declaration is the file's first bytes (Card.vxml
      // and Root3.vxml in the corpus put a comment first, and loaded).
      {"declaration after a comment",
       "<!-- exported -->\n<?xml version='1.0'?>\n<ivrflow name='a'><hangup id='h'/></ivrflow>",
       "f.ivrflow:2:1: error: malformed XML: the XML declaration '<?xml ...?>' is not at the start of the file (nothing, not even white space or a comment, may come before it)"},
      {"declaration after a byte order mark is at the start",
       "\xEF\xBB\xBF<?xml version='1.0'?>\n<ivrflow name='a'><jump id='j'/></ivrflow>",
       "f.ivrflow:2:19: error: unknown element <jump> in <ivrflow>"},
      {"declaration after white space", "\n  <?xml version='1.0'?><ivrflow name='a'><hangup id='h'/></ivrflow>",
       "f.ivrflow:2:3: error: malformed XML: the XML declaration '<?xml ...?>' is not at the start of the file (nothing, not even white space or a comment, may come before it)"},
      {"declaration after the root", "<ivrflow name='a'><hangup id='h'/></ivrflow>\n<?XML version='1.0'?>",
       "f.ivrflow:2:1: error: malformed XML: the XML declaration '<?xml ...?>' is not at the start of the file (nothing, not even white space or a comment, may come before it)"},
      {"declaration inside the root", "<ivrflow name='a'>\n<?xml version='1.0'?><hangup id='h'/></ivrflow>",
       "f.ivrflow:2:6: error: malformed XML: Error parsing document declaration/processing instruction"},
      {"text after the root", "<ivrflow name='a'><hangup id='h'/></ivrflow>\noops",
       "f.ivrflow:2:1: error: malformed XML: text after the root element"},
      {"undefined entity",
       "<ivrflow name='a'>\n<play id='p' next='h'>&pound;5</play><hangup id='h'/></ivrflow>",
       "f.ivrflow:2:23: error: malformed XML: undefined entity &pound;: without a DTD XML knows only &lt; &gt; &amp; &apos; &quot;"},
      {"NUL character reference", "<ivrflow name='a'>\n<hangup id='h&#0;'/></ivrflow>",
       "f.ivrflow:2:14: error: malformed XML: character reference &#0; is to a character XML does not allow"},
      {"lines end at a lone CR",
       "<ivrflow name='a'>\r  <hangup id='h'/>\r  <hangup id='h'/>\r</ivrflow>\r",
       "f.ivrflow:3:11: error: duplicate id 'h' (first defined at line 2)"},
      {"wrong root", "<?xml version='1.0'?>\n<flow name='a'/>",
       "f.ivrflow:2:1: error: expected <ivrflow> as the root element, found <flow>"},
      {"unknown element", "<ivrflow name='a'>\n  <hangup id='h'/>\n  <jump id='j'/>\n</ivrflow>",
       "f.ivrflow:3:3: error: unknown element <jump> in <ivrflow>"},
      {"unknown element in menu",
       "<ivrflow name='a'>\n<menu id='m'>\n  <opt key='1' next='m'/>\n</menu>\n</ivrflow>",
       "f.ivrflow:3:3: error: unknown element <opt> in <menu>"},
      // Below the second level too: <x/> in these loaded without a word.
      {"unknown element in option",
       "<ivrflow name='a'>\n<menu id='m'>\n  <option key='1' next='m'><x/></option>\n</menu>\n</ivrflow>",
       "f.ivrflow:3:28: error: unknown element <x> in <option>"},
      {"unknown element in prompt",
       "<ivrflow name='a'>\n<menu id='m'>\n  <prompt>Hi <b>there</b></prompt>\n</menu>\n</ivrflow>",
       "f.ivrflow:3:14: error: unknown element <b> in <prompt>"},
      {"unknown element in noinput",
       "<ivrflow name='a'>\n<menu id='m'>\n  <noinput next='m'><z/></noinput>\n</menu>\n</ivrflow>",
       "f.ivrflow:3:21: error: unknown element <z> in <noinput>"},
      {"unknown element in when",
       "<ivrflow name='a'>\n<branch id='b'>\n  <when cond='c' next='b'><x/></when>\n</branch>\n</ivrflow>",
       "f.ivrflow:3:27: error: unknown element <x> in <when>"},
      {"unknown element in otherwise",
       "<ivrflow name='a'>\n<branch id='b'>\n  <otherwise next='b'><y/></otherwise>\n</branch>\n</ivrflow>",
       "f.ivrflow:3:23: error: unknown element <y> in <otherwise>"},
      {"unknown element in number",
       "<ivrflow name='a'>\n  <number>1<n/></number>\n<hangup id='h'/></ivrflow>",
       "f.ivrflow:2:12: error: unknown element <n> in <number>"},
      {"unknown attribute", "<ivrflow name='a'>\n  <hangup id='h' colour='red'/>\n</ivrflow>",
       "f.ivrflow:2:18: error: unknown attribute 'colour' on <hangup>"},
      {"missing flow name", "<ivrflow>\n  <hangup id='h'/>\n</ivrflow>",
       "f.ivrflow:1:1: error: <ivrflow> needs attribute 'name'"},
      {"empty id", "<ivrflow name='a'>\n  <hangup id=''/>\n</ivrflow>",
       "f.ivrflow:2:11: error: id is empty"},
      {"empty flow name", "<ivrflow name=''>\n  <hangup id='h'/>\n</ivrflow>",
       "f.ivrflow:1:10: error: name is empty: flows are reported, and linked by flow:NAME, by their names"},
      {"missing id", "<ivrflow name='a'>\n  <play next='x'/>\n</ivrflow>",
       "f.ivrflow:2:3: error: <play> needs attribute 'id'"},
      {"missing option target",
       "<ivrflow name='a'>\n<menu id='m'>\n    <option key='1'/>\n</menu>\n</ivrflow>",
       "f.ivrflow:3:5: error: <option> needs attribute 'next'"},
      {"option without key or phrase",
       "<ivrflow name='a'>\n<menu id='m'>\n    <option next='m'/>\n</menu>\n</ivrflow>",
       "f.ivrflow:3:5: error: <option> needs attribute 'key' or 'phrase'"},
      {"bad key", "<ivrflow name='a'>\n<menu id='m'>\n  <option key='1*' next='m'/>\n</menu>\n</ivrflow>",
       "f.ivrflow:3:11: error: key must be one of 0-9, * or #, or a string of digits, not '1*'"},
      {"duplicate id",
       "<ivrflow name='a'>\n  <hangup id='h'/>\n  <hangup   id='h'/>\n</ivrflow>",
       "f.ivrflow:3:13: error: duplicate id 'h' (first defined at line 2)"},
      {"tries zero", "<ivrflow name='a'>\n<menu id='m' tries='0'/>\n</ivrflow>",
       "f.ivrflow:2:14: error: tries must be a positive whole number (at most 1000), not '0'"},
      {"tries negative", "<ivrflow name='a'>\n<input id='i' next='i' tries='-2'/>\n</ivrflow>",
       "f.ivrflow:2:24: error: tries must be a positive whole number (at most 1000), not '-2'"},
      {"tries text", "<ivrflow name='a'>\n<menu id='m' tries='three'/>\n</ivrflow>",
       "f.ivrflow:2:14: error: tries must be a positive whole number (at most 1000), not 'three'"},
      {"tries fraction", "<ivrflow name='a'>\n<menu id='m' tries='2.5'/>\n</ivrflow>",
       "f.ivrflow:2:14: error: tries must be a positive whole number (at most 1000), not '2.5'"},
      {"on-exhausted without tries",
       "<ivrflow name='a'>\n<menu id='m' on-exhausted='m'/>\n</ivrflow>",
       "f.ivrflow:2:14: error: on-exhausted needs tries: without a tries limit the caller is reprompted for ever"},
      {"bad destination", "<ivrflow name='a'>\n<transfer id='t' to='pstn:123'/>\n</ivrflow>",
       "f.ivrflow:2:18: error: to must be agent:NAME, queue:NAME, flow:NAME, tel:NUMBER or sip:URI, not 'pstn:123'"},
      {"empty destination", "<ivrflow name='a'>\n<transfer id='t' to='queue:'/>\n</ivrflow>",
       "f.ivrflow:2:18: error: to must be agent:NAME, queue:NAME, flow:NAME, tel:NUMBER or sip:URI, not 'queue:'"},
      {"bad human", "<ivrflow name='a'>\n<transfer id='t' to='tel:1' human='yes'/>\n</ivrflow>",
       "f.ivrflow:2:29: error: human must be 'true' or 'false', not 'yes'"},
      {"start names nothing", "<ivrflow name='a' start='nope'>\n<hangup id='h'/>\n</ivrflow>",
       "f.ivrflow:1:19: error: start names no node: 'nope'"},
      {"no nodes", "<ivrflow name='a'>\n  <number>123</number>\n</ivrflow>",
       "f.ivrflow:1:1: error: <ivrflow> defines no nodes"},
      {"empty number", "<ivrflow name='a'>\n  <number> </number>\n<hangup id='h'/></ivrflow>",
       "f.ivrflow:2:3: error: <number> is empty"},
      {"when after otherwise",
       "<ivrflow name='a'>\n<branch id='b'>\n <otherwise next='b'/>\n <when cond='x' next='b'/>\n</branch>\n</ivrflow>",
       "f.ivrflow:4:2: error: <when> after <otherwise> is never tried"},
      {"noinput twice",
       "<ivrflow name='a'>\n<menu id='m'>\n <noinput next='m'/>\n <noinput next='m'/>\n</menu>\n</ivrflow>",
       "f.ivrflow:4:2: error: <noinput> is given twice in <menu>"},
      {"option in input",
       "<ivrflow name='a'>\n<input id='i' next='i'>\n <option key='1' next='i'/>\n</input>\n</ivrflow>",
       "f.ivrflow:3:2: error: unknown element <option> in <input>"},
  };
  for (const auto& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    CHECK(LoadError(c.text) == c.error);
  }
}

TEST_CASE("a target that names no node loads, as an edge to a missing node") {
  auto result = LoadIvrflowText(
      "f.ivrflow", "<ivrflow name='a'>\n<play id='p' next='nowhere'/>\n</ivrflow>");
  REQUIRE(result.ok());
  const Fragment& f = result.value();
  REQUIRE(f.nodes.size() == 2);
  CHECK(f.nodes[1].kind == NodeKind::kMissing);
  CHECK(f.nodes[1].id == "nowhere");
  CHECK(f.nodes[1].destination == "next");
  REQUIRE(f.edges.size() == 1);
  CHECK(f.edges[0].edge.location.line == 2);
  CHECK(f.edges[0].edge.location.column == 14);
}

TEST_CASE("start defaults to the first node element") {
  auto result = LoadIvrflowText(
      "f.ivrflow",
      "<ivrflow name='a'><number>+1 800</number><hangup id='first'/><hangup id='second'/></ivrflow>");
  REQUIRE(result.ok());
  const Flow& flow = result.value().flows.at(0);
  CHECK(result.value().nodes[flow.start].id == "first");
  REQUIRE(flow.numbers.size() == 1);
  CHECK(flow.numbers[0] == "+1 800");
}

struct EdgeView {
  std::string from, to;
  EdgeKind kind;
  std::uint8_t flags;
  std::string key, phrase, label;
  int attempts;
  bool operator==(const EdgeView&) const = default;
};

std::vector<EdgeView> Edges(const Fragment& f) {
  std::vector<EdgeView> out;
  for (const auto& e : f.edges) {
    out.push_back({std::string(f.nodes[e.from].id), std::string(f.nodes[e.to].id),
                   e.edge.kind, e.edge.flags, std::string(e.edge.key),
                   std::string(e.edge.phrase), std::string(e.edge.label),
                   e.edge.attempts});
  }
  return out;
}

TEST_CASE("a menu gives one entry per option and its retry edges") {
  auto result = LoadIvrflowText("f.ivrflow", R"(
<ivrflow name="a">
  <menu id="main" tries="3" on-exhausted="op">
    <prompt>Press 1.</prompt>
    <option key="1" next="op"/>
    <option key="2" phrase="support" next="op"/>
    <noinput next="help"/>
  </menu>
  <play id="help" next="main">Try again.</play>
  <transfer id="op" to="queue:general"/>
</ivrflow>)");
  REQUIRE(result.ok());
  const Fragment& f = result.value();
  CHECK(f.nodes[0].kind == NodeKind::kMenu);
  CHECK(f.nodes[0].text == "Press 1.");
  const std::vector<EdgeView> expected = {
      {"main", "help", EdgeKind::kNoinput, kRetryBounded, "", "", "", 0},
      {"main", "main", EdgeKind::kNomatch, kRetryBounded, "", "", "", 0},
      {"help", "main", EdgeKind::kAuto, 0, "", "", "", 0},
  };
  // Self-loops and the help handler are added directly; targets resolve in
  // a second pass, so compare as sets of edges.
  std::vector<EdgeView> edges = Edges(f);
  CHECK(edges.size() == 6);
  for (const EdgeView& e : expected) {
    CAPTURE(e.from + "->" + e.to);
    CHECK(std::find(edges.begin(), edges.end(), e) != edges.end());
  }
  const EdgeView option2{"main", "op", EdgeKind::kEntry, 0, "2", "support", "", 0};
  CHECK(std::find(edges.begin(), edges.end(), option2) != edges.end());
  const EdgeView exhausted{"main", "op", EdgeKind::kNoinput, kExhausted | kEveryFailure, "", "", "", 3};
  CHECK(std::find(edges.begin(), edges.end(), exhausted) != edges.end());
  // Whether a transfer reaches a person is decided when flows are linked
  // (destination patterns and other flows' numbers are known only then).
  REQUIRE(f.transfers.size() == 1);
  CHECK(f.transfers[0].node == 2);
}

TEST_CASE("without tries the retries are unbounded and nothing is exhausted") {
  auto result = LoadIvrflowText(
      "f.ivrflow", "<ivrflow name='a'><input id='i' next='h'/><hangup id='h'/></ivrflow>");
  REQUIRE(result.ok());
  for (const EdgeView& e : Edges(result.value())) {
    CHECK((e.flags & (kRetryBounded | kExhausted)) == 0);
  }
  CHECK(Edges(result.value()).size() == 3);  // entry, noinput, nomatch
}

TEST_CASE("tries without on-exhausted ends the call at a synthetic hang-up") {
  auto result = LoadIvrflowText(
      "f.ivrflow",
      "<ivrflow name='a'><input id='pin' next='h' tries='2'/><hangup id='h'/></ivrflow>");
  REQUIRE(result.ok());
  const Fragment& f = result.value();
  REQUIRE(f.nodes.size() == 3);
  const EdgeView exhausted{"pin", "pin/tries-exhausted", EdgeKind::kNoinput,
                           kExhausted | kEveryFailure, "", "", "", 2};
  const std::vector<EdgeView> edges = Edges(f);
  CHECK(std::find(edges.begin(), edges.end(), exhausted) != edges.end());
  for (const Node& node : f.nodes) {
    if (node.id != "pin/tries-exhausted") continue;
    CHECK(node.kind == NodeKind::kHangup);
    CHECK(node.synthetic);
  }
}

TEST_CASE("a branch without otherwise stops at a synthetic stop") {
  auto result = LoadIvrflowText("f.ivrflow", R"(<ivrflow name="a">
  <branch id="b"><when cond="x &gt; 1" next="h"/></branch>
  <hangup id="h"/>
</ivrflow>)");
  REQUIRE(result.ok());
  const Fragment& f = result.value();
  std::vector<EdgeView> edges = Edges(f);
  const EdgeView when{"b", "h", EdgeKind::kCondition, 0, "", "", "x > 1", 0};
  const EdgeView none{"b", "b/no-condition", EdgeKind::kCondition, 0, "", "", "otherwise", 0};
  CHECK(std::find(edges.begin(), edges.end(), when) != edges.end());
  CHECK(std::find(edges.begin(), edges.end(), none) != edges.end());
}

TEST_CASE("transfer destinations decide whether a human is reached") {
  struct {
    const char* to;
    const char* human_attr;
    bool human;
  } const cases[] = {
      {"agent:alice", nullptr, true},  {"queue:billing", nullptr, true},
      {"queue:robot", "false", false}, {"tel:+18005550100", nullptr, true},
      {"sip:desk@example.com", nullptr, true},
      {"tel:+18005550199", "false", false},
  };
  for (const auto& c : cases) {
    const std::string to = c.to;
    CAPTURE(to);
    std::string human = c.human_attr ? std::string(" human='") + c.human_attr + "'" : "";
    testing::Analysed a = testing::Analyse(
        {std::string("<ivrflow name='a'><transfer id='t' to='") + c.to + "'" +
         human + "/></ivrflow>"});
    CHECK(a.program.graph[a.Find("t")].human == c.human);
  }
}

TEST_CASE("a tel: number of another analysed flow links into that flow") {
  testing::Analysed a = testing::Analyse({
      "<ivrflow name='main'><transfer id='t' to='tel:+1 (800) 555-0199'/></ivrflow>",
      "<ivrflow name='sales'><number>+18005550199</number><hangup id='bye'/></ivrflow>",
  });
  const Vertex t = a.Find("t");
  CHECK_FALSE(a.program.graph[t].human);
  auto [it, end] = boost::out_edges(t, a.program.graph);
  REQUIRE(it != end);
  CHECK(a.program.graph[*it].Has(kFlowLink));
  CHECK(boost::target(*it, a.program.graph) == a.Find("bye"));
}

// --ivr-number was applied by the VoiceXML loader only: an ivrflow transfer
// to the same number still counted as reaching a person.
TEST_CASE("--ivr-number makes a transfer to that number not a human") {
  LoadOptions options;
  options.ivr_numbers = {"tel:+1 800 555 0199"};
  const Program program = testing::LoadLinked(
      {"<ivrflow name='a'><transfer id='ivr' to='tel:+18005550199'/>"
       "<transfer id='sip' to='sip:+18005550199@pbx'/>"
       "<transfer id='person' to='tel:+18005550100'/>"
       "<transfer id='said' to='tel:+18005550199' human='true'/></ivrflow>"},
      options);
  auto human = [&](std::string_view id) {
    for (Vertex v = 0; v < boost::num_vertices(program.graph); ++v) {
      if (program.graph[v].id == id) return program.graph[v].human;
    }
    FAIL("no node " << id);
    return false;
  };
  CHECK_FALSE(human("ivr"));
  CHECK_FALSE(human("sip"));
  CHECK(human("person"));
  CHECK(human("said"));  // the flow's own word wins
}

// --ivr-number queue:cards was read as a number, found none, and was
// dropped: the queue still counted as a person ([destinations] ivr = in the
// configuration file worked). And queue:ivr2 is not the number 2.
TEST_CASE("--ivr-number takes any destination, not only numbers") {
  LoadOptions options;
  options.ivr_numbers = {"queue:cards", "2"};
  const Program program = testing::LoadLinked(
      {"<ivrflow name='a'><transfer id='cards' to='queue:cards'/>"
       "<transfer id='other' to='queue:cards-team'/>"
       "<transfer id='ivr2' to='queue:ivr2'/>"
       "<transfer id='two' to='tel:2'/></ivrflow>"},
      options);
  std::map<std::string, bool> human;
  for (Vertex v = 0; v < boost::num_vertices(program.graph); ++v) {
    human[std::string(program.graph[v].id)] = program.graph[v].human;
  }
  CHECK_FALSE(human.at("cards"));
  CHECK(human.at("other"));  // as written: not a pattern
  CHECK(human.at("ivr2"));
  CHECK_FALSE(human.at("two"));
  // With or without the plus, one number.
  options.ivr_numbers = {"18005550199"};
  const Program plus = testing::LoadLinked(
      {"<ivrflow name='a'><transfer id='ivr' to='tel:+1-800-555-0199'/>"
       "</ivrflow>"},
      options);
  CHECK_FALSE(plus.graph[0].human);
}

TEST_CASE("NormalizeNumber keeps the digits, however the number is written") {
  // --ivr-number 18005550100 did not match a transfer to tel:+18005550100,
  // nor <number>1 800 555 0002</number> link tel:+18005550002.
  CHECK(NormalizeNumber("tel:+1 (800) 555-0100") == "18005550100");
  CHECK(NormalizeNumber("18005550100") == "18005550100");
  CHECK(NormalizeNumber("sip:+4420@pbx.example;user=phone") == "4420");
  CHECK(NormalizeNumber("tel:0800;ext=12") == "0800");
}

}  // namespace
}  // namespace ivrscope
