// The VoiceXML loader, one construct per case: a small inline application,
// the graph it must give (node kinds, edges, flags) and the rules' findings.
#include "loaders/voicexml_loader.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ivrscope/analysis.hpp"
#include "ivrscope/ivr_map.hpp"
#include "loaders/fragment.hpp"
#include "loaders/voicexml_parts.hpp"

namespace ivrscope {
namespace {

using Files = std::vector<std::pair<std::string, std::string>>;

struct Loaded {
  Program program;
  std::vector<Diagnostic> errors;

  Vertex Find(std::string_view id) const {
    for (Vertex v = 0; v < boost::num_vertices(program.graph); ++v) {
      if (program.graph[v].id == id) return v;
    }
    FAIL("no node " << id);
    return 0;
  }
  const Node& NodeOf(std::string_view id) const { return program.graph[Find(id)]; }
  // Every node with this id: an item and its copies (NextItem), in order.
  std::vector<Vertex> All(std::string_view id) const {
    std::vector<Vertex> out;
    for (Vertex v = 0; v < boost::num_vertices(program.graph); ++v) {
      if (program.graph[v].id == id) out.push_back(v);
    }
    return out;
  }
  // Every finding of `rule`, over the flows.
  std::vector<Finding> Of(std::string_view rule) const {
    std::vector<Finding> out;
    for (const FlowAnalysis& flow : Analyze(program, {})) {
      for (const Finding& f : flow.findings) {
        if (f.rule == rule) out.push_back(f);
      }
    }
    return out;
  }
  // The ids of v's out-edges' targets, in order.
  std::vector<std::string> Targets(Vertex v) const {
    std::vector<std::string> out;
    const Graph& g = program.graph;
    for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) {
      out.emplace_back(g[boost::target(*it, g)].id);
    }
    return out;
  }
  // Edges from `from` whose target has id `to` ("" for any), in order.
  std::vector<Edge> Edges(std::string_view from, std::string_view to = {}) const {
    std::vector<Edge> out;
    const Graph& g = program.graph;
    for (auto [it, end] = boost::out_edges(Find(from), g); it != end; ++it) {
      if (to.empty() || g[boost::target(*it, g)].id == to) out.push_back(g[*it]);
    }
    return out;
  }
  // "rule node" for every finding, sorted.
  std::vector<std::string> Findings(AnalysisOptions options = {}) const {
    std::vector<std::string> out;
    for (const FlowAnalysis& flow : Analyze(program, options)) {
      for (const Finding& f : flow.findings) {
        out.push_back(std::string(f.rule) + " " +
                      std::string(program.graph[f.node].id));
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  std::string Joined(AnalysisOptions options = {}) const {
    std::string out;
    for (const std::string& f : Findings(options)) out += f + "; ";
    return out;
  }
  std::string FindingAt(std::string_view rule) const {
    for (const FlowAnalysis& flow : Analyze(program, {})) {
      for (const Finding& f : flow.findings) {
        if (f.rule == rule) {
          return program.file_of(f.location) + ":" +
                 std::to_string(f.location.line) + " " + f.message;
        }
      }
    }
    return "";
  }
};

Loaded Load(const Files& files, const LoadOptions& options = {}) {
  VoicexmlLoad r = LoadVoicexmlTexts(files, options);
  std::vector<Fragment> fragments;
  fragments.push_back(std::move(r.fragment));
  return {Link(std::move(fragments), options), std::move(r.errors)};
}

Loaded LoadOne(const std::string& body, const LoadOptions& options = {}) {
  return Load({{"app/main.vxml", "<vxml version=\"2.1\">" + body + "</vxml>"}},
              options);
}

std::string FirstError(const Files& files) {
  VoicexmlLoad r = LoadVoicexmlTexts(files);
  return r.errors.empty() ? "" : r.errors.front().ToString();
}

// An entry edge's answer as the tests compare it: "key/phrase".
std::string KeyPhrase(const Edge& e) {
  return std::string(e.key) + "/" + std::string(e.phrase);
}

// KeyPhrase of each answer (entry edge) from `from` to a node of id `to`
// ("" for any), in order.
std::vector<std::string> Answers(const Loaded& l, std::string_view from,
                                 std::string_view to = {}) {
  std::vector<std::string> out;
  for (const Edge& e : l.Edges(from, to)) {
    if (e.kind == EdgeKind::kEntry) out.push_back(KeyPhrase(e));
  }
  return out;
}

// An agent transfer with a fallback, so routing rules have a human.
const std::string kAgent =
    "<form id=\"agent\"><transfer name=\"xfer\" dest=\"tel:+18005550100\" "
    "bridge=\"true\"><filled><disconnect/></filled></transfer></form>";

TEST_CASE("menu: choices, dtmf auto-numbering, choice text, event choices") {
  Loaded l = LoadOne(
      "<menu id=\"main\" dtmf=\"true\"><prompt>Pick</prompt>"
      "<choice next=\"#agent\">billing</choice>"
      "<choice dtmf=\"0\" next=\"#agent\">operator</choice>"
      "<choice next=\"#agent\">support</choice>"
      "<choice event=\"help\">help</choice>"
      "<noinput count=\"1\"><reprompt/></noinput>"
      "<noinput count=\"2\"><goto next=\"#agent\"/></noinput>"
      "<nomatch count=\"2\"><goto next=\"#agent\"/></nomatch></menu>" + kAgent);
  REQUIRE(l.errors.empty());
  CHECK(l.NodeOf("main").kind == NodeKind::kMenu);
  CHECK(Answers(l, "main", "agent") ==
        std::vector<std::string>{"1/billing", "0/operator", "2/support"});
  // help has no handler: the default reprompts, the menu runs again.
  std::vector<Edge> self = l.Edges("main", "main");
  CHECK(std::any_of(self.begin(), self.end(), [](const Edge& e) {
    return e.kind == EdgeKind::kEntry && e.key == "3" && e.phrase == "help";
  }));
  CHECK(l.Joined() == "");
}

TEST_CASE(
    "menu: a choice with a grammar answers to the grammar, not to its text") {
  // §2.2.2: a child <grammar> defines what the caller keys or says; the
  // text is only the prompt, so three choices saying "Sales" do not clash.
  Loaded l = LoadOne(
      "<menu id=\"main\"><choice next=\"#agent\"><grammar mode=\"dtmf\" "
      "root=\"r\"><rule id=\"r\"><one-of><item>5</item></one-of></rule>"
      "</grammar>Sales</choice>"
      "<choice next=\"#agent\"><grammar root=\"s\"><rule id=\"s\"><one-of>"
      "<item>billing</item><item>bills</item></one-of></rule></grammar>"
      "Sales</choice>"
      "<choice next=\"#agent\"><grammar src=\"more.grxml\"/>Sales</choice>"
      "<noinput count=\"2\"><goto next=\"#agent\"/></noinput>"
      "<nomatch count=\"2\"><goto next=\"#agent\"/></nomatch></menu>" +
      kAgent);
  CHECK(Answers(l, "main", "agent") ==
        std::vector<std::string>{"5/", "/billing", "/bills", "/"});
  CHECK(l.Joined() == "");
}

TEST_CASE("menu: dtmf=true with a choice keying a digit is refused") {
  CHECK(FirstError({{"a/m.vxml",
                     "<vxml>\n<menu dtmf=\"true\">\n  <choice dtmf=\"5\" "
                     "next=\"#x\"/></menu></vxml>"}}) ==
        "a/m.vxml:3:11: error: choice has its own dtmf '5' in a menu with "
        "dtmf=\"true\": only *, # or 0 are allowed (VoiceXML raises "
        "error.badfetch)");
}

TEST_CASE("form: items in order, and a form that runs out is an implicit exit") {
  Loaded l = LoadOne(
      "<form id=\"f\"><block>Welcome</block>"
      "<field name=\"acct\" type=\"digits\"><noinput count=\"3\"><exit/></noinput>"
      "<nomatch count=\"3\"><exit/></nomatch></field></form>");
  REQUIRE(l.errors.empty());
  CHECK(l.NodeOf("f.block1").kind == NodeKind::kPlay);
  CHECK(l.Edges("f", "f.block1").size() == 1);
  CHECK(l.Edges("f.block1", "acct").size() == 1);
  CHECK(l.NodeOf("acct").kind == NodeKind::kInput);
  std::vector<Edge> entry = l.Edges("acct", "f/implicit-exit");
  REQUIRE(entry.size() == 1);
  CHECK(entry[0].kind == EdgeKind::kEntry);
  CHECK(l.NodeOf("f/implicit-exit").kind == NodeKind::kStop);
  std::vector<std::string> findings = l.Findings();
  CHECK(std::count(findings.begin(), findings.end(), "dead-end acct") == 1);
}

TEST_CASE("form: a cond guard is a condition edge to the item and one past it") {
  Loaded l = LoadOne(
      "<form id=\"f\"><block cond=\"vip\"><goto next=\"#g\"/></block>"
      "<block><exit/></block></form><form id=\"g\"><block><exit/></block></form>");
  std::vector<Edge> guard = l.Edges("f.block1/cond");
  REQUIRE(guard.size() == 2);
  CHECK(guard[0].kind == EdgeKind::kCondition);
  CHECK(guard[0].label == "vip");
  CHECK(l.Edges("f.block1/cond", "f.block2").size() == 1);
  CHECK(l.NodeOf("f.block2/exit").kind == NodeKind::kHangup);
}

TEST_CASE("filled: if/elseif/else become condition edges after the entry") {
  Loaded l = LoadOne(
      "<form id=\"f\"><field name=\"pick\">"
      "<option dtmf=\"1\">sales</option><option dtmf=\"2\">support</option>"
      "<filled><if cond=\"dept=='sales'\"><goto next=\"#agent\"/>"
      "<elseif cond=\"dept=='support'\"/><disconnect/>"
      "<else/><submit next=\"x.jsp\"/></if></filled>"
      "<noinput count=\"2\"><goto next=\"#agent\"/></noinput>"
      "<nomatch count=\"2\"><goto next=\"#agent\"/></nomatch></field></form>" +
      kAgent);
  REQUIRE(l.errors.empty());
  CHECK(l.NodeOf("pick").kind == NodeKind::kMenu);
  std::vector<Edge> entries = l.Edges("pick", "pick/if@1");
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].key == "1");
  CHECK(entries[1].phrase == "support");
  std::vector<Edge> arms = l.Edges("pick/if@1");
  REQUIRE(arms.size() == 3);
  CHECK(arms[0].label == "dept=='sales'");  // not the field's value: kept
  CHECK(arms[2].label == "else");
  CHECK(l.Joined() == "dynamic-target pick/if@1; ");
}

TEST_CASE("field: inline SRGS items are entries, a builtin grammar one input") {
  Loaded l = LoadOne(
      "<form id=\"f\"><field name=\"yn\"><grammar mode=\"dtmf\" root=\"r\">"
      "<rule id=\"r\"><one-of><item>1</item><item> 2 # </item></one-of></rule>"
      "</grammar></field><field name=\"zip\"><grammar "
      "src=\"builtin:dtmf/digits?length=5\"/></field></form>");
  CHECK(l.NodeOf("yn").kind == NodeKind::kMenu);
  std::vector<Edge> yn = l.Edges("yn", "zip");
  REQUIRE(yn.size() == 2);
  CHECK(yn[1].key == "2#");
  CHECK(l.NodeOf("zip").kind == NodeKind::kInput);
  CHECK(l.Edges("zip", "f/implicit-exit").size() == 1);
}

TEST_CASE(
    "field: an option without content has no phrase, so equal values are no "
    "duplicate") {
  // §2.3.1.3: the value is the field's result; only content is spoken.
  Loaded l = LoadOne(
      "<form id=\"f\"><field name=\"ok\"><prompt>Press 1 or 2</prompt>"
      "<option dtmf=\"1\" value=\"yes\"/><option dtmf=\"2\" value=\"yes\"/>"
      "<filled><goto next=\"#agent\"/></filled></field></form>" +
      kAgent);
  std::vector<Edge> entries = l.Edges("ok", "agent");
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].key == "1");
  CHECK(entries[0].phrase.empty());
  CHECK(entries[1].phrase.empty());
  CHECK(l.Joined() == "retry-loop ok; ");  // and no duplicate-key
}

TEST_CASE("field: the builtin boolean takes its keys from y= and n=") {
  // Appendix P: boolean?y=7;n=9 answers yes on 7 and no on 9; without
  // them (or with more than one key) 1 and 2.
  Loaded l = LoadOne(
      "<form id=\"f\"><field name=\"ok\" type=\"boolean?y=7;n=9\"/>"
      "<field name=\"plain\" type=\"boolean\"/>"
      "<field name=\"odd\" type=\"boolean?n=12;y=\"/></form>");
  auto keys = [&](std::string_view field) { return Answers(l, field); };
  CHECK(keys("ok") == std::vector<std::string>{"7/yes", "9/no"});
  CHECK(keys("plain") == std::vector<std::string>{"1/yes", "2/no"});
  CHECK(keys("odd") == std::vector<std::string>{"1/yes", "2/no"});
}

TEST_CASE("events: count escalation is a bounded retry plus an exhausted edge") {
  Loaded l = LoadOne(
      "<form id=\"f\"><field name=\"acct\" type=\"digits\">"
      "<catch event=\"noinput nomatch\" count=\"1\"><reprompt/></catch>"
      "<catch event=\"noinput nomatch\" count=\"3\"><goto next=\"#agent\"/></catch>"
      "<filled><goto next=\"#agent\"/></filled></field></form>" + kAgent);
  // One <catch> for both events: one handler node, a noinput and a nomatch
  // edge into it.
  std::vector<Edge> first = l.Edges("acct", "acct/noinput");
  REQUIRE(first.size() == 2);
  CHECK(first[0].Has(kRetryBounded));
  CHECK(first[1].Has(kRetryBounded));
  std::vector<Edge> last = l.Edges("acct", "acct/noinput#3");
  REQUIRE(last.size() == 2);
  CHECK(last[0].Has(kExhausted));
  CHECK(last[0].attempts == 3);
  CHECK(l.Joined() == "");
}

TEST_CASE("events: a handler that re-enters its own form never escalates") {
  Loaded l = LoadOne(
      "<form id=\"f\"><field name=\"acct\" type=\"digits\">"
      "<noinput count=\"1\"><goto next=\"#f\"/></noinput>"
      "<noinput count=\"3\"><goto next=\"#agent\"/></noinput>"
      "<nomatch><goto next=\"#agent\"/></nomatch>"
      "<filled><goto next=\"#agent\"/></filled></field></form>" + kAgent);
  for (const Edge& e : l.Edges("acct", "acct/noinput")) {
    CHECK_FALSE(e.Has(kRetryBounded));
  }
  std::vector<std::string> findings = l.Findings();
  CHECK(std::count(findings.begin(), findings.end(), "retry-loop acct") == 1);
}

TEST_CASE(
    "events: past a level of only conditional catches, the lower level's "
    "catch runs, not the default") {
  // §5.2.4: catches whose cond is false are dropped before the count is
  // chosen, so at count 2 without vip the count-1 handler runs again.
  Loaded l = LoadOne(
      "<form id=\"f\"><field name=\"acct\" type=\"digits\">"
      "<noinput><goto next=\"#agent\"/></noinput>"
      "<noinput count=\"2\" cond=\"vip\"><goto next=\"#agent\"/></noinput>"
      "<nomatch><goto next=\"#agent\"/></nomatch>"
      "<catch event=\"oops\"><goto next=\"#agent\"/></catch>"
      "<catch event=\"oops\" count=\"2\" cond=\"vip\"><goto "
      "next=\"#agent\"/></catch>"
      "<filled><throw event=\"oops\"/></filled></field></form>" +
      kAgent);
  for (const Edge& e : l.Edges("acct", "acct")) {
    CHECK(e.kind != EdgeKind::kNoinput);  // no default reprompt
  }
  std::vector<Edge> exhausted = l.Edges("acct", "acct/noinput");
  CHECK(std::any_of(exhausted.begin(), exhausted.end(), [](const Edge& e) {
    return e.Has(kExhausted) && e.attempts == 2;
  }));
  CHECK(l.Edges("acct", "acct/noinput#2").size() == 1);
  // A <throw> offers the two catches, never the default's exit.
  std::vector<Edge> thrown = l.Edges("acct/throw:oops");
  REQUIRE(thrown.size() == 2);
  CHECK(l.Edges("acct/throw:oops", "acct/oops").size() == 1);
  CHECK(l.Edges("acct/throw:oops", "acct/oops#2").size() == 1);
  CHECK(l.Joined() == "");
}

TEST_CASE(
    "events: with every level conditional, the top level falls to each lower "
    "catch and to the default") {
  Loaded l = LoadOne(
      "<form id=\"f\"><field name=\"acct\" type=\"digits\">"
      "<noinput cond=\"a\"><goto next=\"#agent\"/></noinput>"
      "<noinput count=\"2\" cond=\"b\"><goto next=\"#agent\"/></noinput>"
      "<filled><goto next=\"#agent\"/></filled></field></form>" +
      kAgent);
  std::vector<Edge> self;
  for (const Edge& e : l.Edges("acct", "acct")) {
    if (e.kind == EdgeKind::kNoinput) self.push_back(e);
  }
  REQUIRE(self.size() == 2);
  CHECK(self[0].Has(kRetryBounded));
  CHECK(self[1].Has(kExhausted));
  // The top level falls to count 1's handler too, when only b is false.
  std::vector<Edge> low = l.Edges("acct", "acct/noinput");
  CHECK(std::any_of(low.begin(), low.end(),
                    [](const Edge& e) { return e.Has(kExhausted); }));
}

// Each nomatch is an entry: the handler for the N-th misunderstood answer
// is N entries away. It was one, so a person reached only by four wrong
// answers counted as one entry away.
TEST_CASE("events: reaching a count-N nomatch handler costs N entries") {
  for (const auto& [count, fires] :
       std::vector<std::pair<int, bool>>{{3, false}, {4, true}}) {
    CAPTURE(count);
    Loaded l = LoadOne(
        "<menu id=\"m\"><choice dtmf=\"1\" next=\"#bye\">Bye</choice>"
        "<noinput><exit/></noinput><nomatch count=\"" +
        std::to_string(count) + "\"><goto next=\"#agent\"/></nomatch>"
        "</menu><form id=\"bye\"><block><disconnect/></block></form>" +
        kAgent);
    REQUIRE(l.errors.empty());
    const std::string findings = l.Joined();
    CHECK((findings.find("too-many-entries m") != std::string::npos) == fires);
  }
}

// An application root that is not analysed (http:) holds every leaf's
// default catches (§5.2.4): "no <catch> handles it" is then only what the
// documents analysed say, and the message must not claim more.
TEST_CASE(
    "events: an uncaught event under an http: root says the root is unknown") {
  const std::string body =
      "<form id=\"f\"><block><throw "
      "event=\"app.agent\"/></block></form></vxml>";
  Loaded remote =
      Load({{"app/main.vxml",
             "<vxml version=\"2.1\" application=\"http://example.com/"
             "root.vxml\">" +
                 body}});
  REQUIRE(remote.errors.empty());
  CHECK(remote.FindingAt("dead-end")
            .find("unless the application root 'http://example.com/root.vxml', "
                  "which is not analysed, catches it") != std::string::npos);
  Loaded local = Load({{"app/main.vxml", "<vxml version=\"2.1\">" + body}});
  CHECK(local.FindingAt("dead-end")
            .find("no <catch> handles 'app.agent': the "
                  "interpreter's default handler exits") != std::string::npos);
}

// The root may catch the event and send the caller to a person: "callers
// can only hang up" was an error about routes ivrscope cannot see.
TEST_CASE(
    "events: under an http: root, an uncaught event is a route ivrscope cannot "
    "follow") {
  const std::string body =
      "<menu id=\"m\"><choice dtmf=\"1\" event=\"app.agent\"/>"
      "<choice dtmf=\"2\" next=\"#bye\"/></menu>"
      "<form id=\"bye\"><block><disconnect/></block></form></vxml>";
  Loaded remote = Load({{"app/main.vxml",
                         "<vxml version=\"2.1\" application=\"http://"
                         "example.com/root.vxml\">" +
                             body}});
  REQUIRE(remote.errors.empty());
  const std::vector<Finding> open = remote.Of("no-route-to-human");
  REQUIRE(open.size() == 1);
  CHECK(open[0].severity == Severity::kWarning);
  CHECK(open[0].message.starts_with("no route ivrscope can follow"));
  CHECK(remote.Of("dead-end").size() == 1);  // the default handler may exit
  Loaded local = Load({{"app/main.vxml", "<vxml version=\"2.1\">" + body}});
  const std::vector<Finding> closed = local.Of("no-route-to-human");
  REQUIRE(closed.size() == 1);
  CHECK(closed[0].severity == Severity::kError);
}

// An author's own tries limit: catches whose conds count the attempts
// (§5.2.4 drops the false ones). The retry goes round only while the data
// says so: the route shows the cond, and retry-loop is a note that says
// the data may end it, not a warning that nothing does.
TEST_CASE("events: a retry through a catch with a cond is a note, cond shown") {
  Loaded l = LoadOne(
      "<var name=\"n\" expr=\"0\"/><form id=\"f\"><field name=\"x\" "
      "type=\"digits\">"
      "<catch event=\"noinput nomatch\" cond=\"n &lt; 2\">"
      "<assign name=\"n\" expr=\"n+1\"/><reprompt/></catch>"
      "<catch event=\"noinput nomatch\" cond=\"n &gt;= 2\"><goto "
      "next=\"#agent\"/>"
      "</catch><filled><disconnect/></filled></field></form>" +
      kAgent);
  REQUIRE(l.errors.empty());
  const std::vector<Finding> loops = l.Of("retry-loop");
  CHECK(!loops.empty());
  for (const Finding& f : loops) {
    CHECK(f.severity == Severity::kNote);
    CHECK(f.message.ends_with(
        "unless the data in the catch's condition changes"));
    REQUIRE(f.route.size() >= 2);
    REQUIRE(f.route[0].via);
    CHECK(RouteInput(l.program, *f.route[0].via) == "noinput [n < 2]");
  }
  // Without a cond nothing but the caller ends it: a warning, as before.
  Loaded plain = LoadOne(
      "<form id=\"f\"><field name=\"x\" type=\"digits\"><catch "
      "event=\"noinput nomatch\"><reprompt/></catch><filled><disconnect/>"
      "</filled></field></form>");
  for (const Finding& f : plain.Of("retry-loop")) {
    CHECK(f.severity == Severity::kWarning);
  }
}

// §6.3.6: the inputmodes property says which grammars are active. Under
// "dtmf" a choice answered only by voice cannot be taken (a goodbye behind
// it was a dead end a caller could reach); under "voice" keys are not
// heard. The innermost scope that sets it wins.
TEST_CASE("inputmodes: only the modes an item hears are its answers") {
  const std::string menu =
      "<menu id=\"m\"><choice dtmf=\"1\" next=\"#agent\">agent</choice>"
      "<choice next=\"#bye\">goodbye</choice></menu>"
      "<form id=\"bye\"><block><disconnect/></block></form>" +
      kAgent;
  auto entries = [](const Loaded& l) { return Answers(l, "m"); };
  using Strings = std::vector<std::string>;
  CHECK(entries(LoadOne(menu)) == Strings{"1/agent", "/goodbye"});
  const std::string dtmf = "<property name=\"inputmodes\" value=\"dtmf\"/>";
  const std::string voice = "<property name=\"inputmodes\" value=\"voice\"/>";
  Loaded keys = LoadOne(dtmf + menu);
  CHECK(entries(keys) == Strings{"1/"});
  CHECK(keys.Joined().find("unreachable bye") != std::string::npos);
  CHECK(entries(LoadOne(voice + menu)) == Strings{"/agent", "/goodbye"});
  // The menu's own property over the document's.
  std::string inner = menu;
  inner.insert(inner.find('>') + 1, voice);
  CHECK(entries(LoadOne(dtmf + inner)) == Strings{"/agent", "/goodbye"});
  // A field's options, and a link, by the field's modes.
  Loaded field = LoadOne(
      dtmf +
      "<link dtmf=\"0\" next=\"#agent\"><grammar><one-of><item>operator"
      "</item></one-of></grammar></link><form id=\"f\"><field name=\"pick\">"
      "<option dtmf=\"1\">sales</option><option>support</option><filled>"
      "<disconnect/></filled></field></form>" +
      kAgent);
  CHECK(Answers(field, "pick") == Strings{"1/", "0/"});
}

// A <goto> to nothing inside an <if> arm, or behind a folded option, was
// reported at the <if> (or the option): the edge into the placeholder is
// the arm's. The placeholder stands at the reference.
TEST_CASE("broken-target: at the goto, not the <if> arm that leads to it") {
  Loaded arm = LoadOne(
      "<form id=\"m2\"><block>\n<if cond=\"x\">\n<prompt>hi</prompt>\n"
      "<goto next=\"#agnet2\"/>\n</if></block></form>");
  REQUIRE(arm.errors.empty());
  const std::vector<Finding> found = arm.Of("broken-target");
  REQUIRE(found.size() == 1);
  CHECK(found[0].location.line == 4);
  CHECK(found[0].location.column == 7);
}

// A count-3 handler runs only for a caller the count-2 one sends back: one
// that always sends the caller to an agent means the third nomatch never
// comes, and its hang-up was a retry-hangup no caller meets. The same two
// levels from other scopes (the document's count 2) likewise.
TEST_CASE("catch count: a level that always leaves closes the higher ones") {
  const std::string agent =
      "<form id=\"agent\"><transfer name=\"t\" dest=\"tel:+18005550100\" "
      "bridge=\"true\"><filled><disconnect/></filled></transfer></form>";
  const std::string field_head =
      "<form id=\"main\"><field name=\"acct\" type=\"digits\">"
      "<nomatch>Again.<reprompt/></nomatch>";
  const std::string field_tail =
      "<nomatch count=\"3\"><disconnect/></nomatch><filled><goto "
      "next=\"#agent\"/></filled></field></form>";
  Loaded own = LoadOne(field_head +
                       "<nomatch count=\"2\"><goto next=\"#agent\"/>"
                       "</nomatch>" +
                       field_tail + agent);
  REQUIRE(own.errors.empty());
  CHECK(own.Of("retry-hangup").empty());
  Loaded scoped = LoadOne(
      "<catch event=\"nomatch\" count=\"2\"><goto "
      "next=\"#agent\"/></catch>" +
      field_head + field_tail + agent);
  REQUIRE(scoped.errors.empty());
  CHECK(scoped.Of("retry-hangup").empty());
  // A count-2 handler that comes back leaves the third reachable.
  Loaded back = LoadOne(field_head +
                        "<nomatch count=\"2\">Once more.<reprompt/>"
                        "</nomatch>" +
                        field_tail + agent);
  CHECK(back.Of("retry-hangup").size() == 1);
}

// A document-scoped choice whose key the field takes is still heard by its
// phrase (§3.1.4: each grammar shadows what it takes, not the whole
// choice), and one whose phrase is taken by its key. The whole choice was
// dropped, and "say operator" was a no-route-to-human error.
TEST_CASE("links: a shadowed key leaves the phrase, and the other way round") {
  const std::string field =
      "<form id=\"main\"><field name=\"f\"><option dtmf=\"1\">balance"
      "</option><option dtmf=\"5\">operator</option><filled><disconnect/>"
      "</filled></field></form>";
  Loaded loaded =
      LoadOne(field +
              "<menu id=\"global\" scope=\"document\"><choice dtmf=\"1\" "
              "next=\"#agent\">help</choice><choice dtmf=\"0\" next=\"#agent\">"
              "operator</choice><choice dtmf=\"5\" next=\"#agent\">balance"
              "</choice></menu>" +
              kAgent);
  REQUIRE(loaded.errors.empty());
  std::vector<std::string> taken;
  for (const Edge& e : loaded.Edges("f", "agent")) {
    taken.push_back(KeyPhrase(e));
  }
  CHECK(taken == std::vector<std::string>{"/help", "0/"});
  CHECK(loaded.Of("no-route-to-human").empty());
}

// VoiceXML 2.1 <data>: a fetch that fails throws error.badfetch (a 404 is
// how a lookup says "no such caller"); where a catch in scope takes it, the
// fetch is a branch to that handler, or on. The designed new-caller branch
// behind a 404 catch was "unreachable".
TEST_CASE("data: a fetch whose failure is caught branches to the handler") {
  const std::string form =
      "<form id=\"check\"><block><if cond=\"x\"><data name=\"d\" "
      "src=\"http://example.com/lookup\"/></if><disconnect/></block></form>"
      "<form id=\"newcaller\"><block><disconnect/></block></form>";
  Loaded specific = LoadOne(
      "<catch event=\"error.badfetch.http.404\"><goto next=\"#newcaller\"/>"
      "</catch>" +
      form);
  REQUIRE(specific.errors.empty());
  std::vector<std::string> labels;
  for (const Edge& e : specific.Edges("check.block1/data@1")) {
    labels.emplace_back(e.label);
  }
  CHECK(labels ==
        std::vector<std::string>{"error.badfetch.http.404", "fetched"});
  CHECK(specific.Joined().find("unreachable") == std::string::npos);
  // <error> takes every error: the failure is error.badfetch itself.
  Loaded generic = LoadOne("<error><goto next=\"#newcaller\"/></error>" + form);
  labels.clear();
  for (const Edge& e : generic.Edges("check.block1/data@1")) {
    labels.emplace_back(e.label);
  }
  CHECK(labels == std::vector<std::string>{"error.badfetch", "fetched"});
  // Nothing catches it: the default handler's exit is not drawn, and the
  // <if> holding the fetch is walked through as before.
  Loaded uncaught = LoadOne(form);
  CHECK(uncaught.Edges("check.block1", "check.block1/disconnect").size() == 1);
}

// Below the top count too: the count-4 handler waits for the fourth wrong
// answer, under a count-6 one. It cost 1 ("human in 1 entry").
TEST_CASE("events: a lower count level costs its count too") {
  Loaded l = LoadOne(
      "<form id=\"f\"><field name=\"a\" type=\"digits\"><nomatch count=\"4\">"
      "<goto next=\"#agent\"/></nomatch><nomatch count=\"6\"><disconnect/>"
      "</nomatch><filled><disconnect/></filled></field></form>" +
      kAgent);
  REQUIRE(l.errors.empty());
  const std::vector<FlowAnalysis> flows = Analyze(l.program, {});
  REQUIRE(flows.size() == 1);
  CHECK(flows[0].metrics.min_entries_to_human == 4);
  CHECK(l.Joined().find("too-many-entries f") != std::string::npos);
  bool shown = false;
  for (const Edge& e : l.Edges("a", "a/nomatch#4")) {
    shown = e.attempts == 4 && e.Has(kRetryBounded);
  }
  CHECK(shown);
}

// A cond that is the literal true or false is decided, not a guess: the
// idiom switches a catch or an item on or off.
TEST_CASE("cond: the literals true and false decide catches and items") {
  // cond="false" drops the catch: the default handler reprompts for ever.
  Loaded off = LoadOne(
      "<form id=\"f\"><field name=\"acct\" type=\"digits\">"
      "<noinput cond=\"false\"><goto next=\"#agent\"/></noinput>"
      "<nomatch><goto next=\"#agent\"/></nomatch>"
      "<filled><goto next=\"#agent\"/></filled></field></form>" + kAgent);
  CHECK(off.Edges("acct", "acct/noinput").empty());
  CHECK(off.Joined().find("retry-loop acct") != std::string::npos);
  // cond=" true " is as if there were none: the top level does not fall to
  // the default handler when its attempts run out.
  Loaded on = LoadOne(
      "<form id=\"f\"><field name=\"acct\" type=\"digits\">"
      "<noinput count=\"2\" cond=\" true \"><goto next=\"#agent\"/></noinput>"
      "<nomatch><goto next=\"#agent\"/></nomatch>"
      "<filled><goto next=\"#agent\"/></filled></field></form>" + kAgent);
  for (const Edge& e : on.Edges("acct", "acct")) {
    CHECK_FALSE(e.Has(kExhausted));
  }
  // Items: cond="true" needs no guard node, cond="false" never runs.
  Loaded items = LoadOne(
      "<form id=\"f\"><block name=\"b1\" cond=\"false\"><disconnect/></block>"
      "<block name=\"b2\" cond=\"true\"><disconnect/></block></form>");
  CHECK(items.Edges("f", "b2").size() == 1);
  CHECK(items.Joined().find("unreachable b1") != std::string::npos);
  for (Vertex v = 0; v < boost::num_vertices(items.program.graph); ++v) {
    CHECK(items.program.graph[v].kind != NodeKind::kBranch);
  }
}

TEST_CASE(
    "events: thousands of conditional counts give edges linear in the "
    "catches") {
  // Each level falls to every lower one: copying them into each level (or
  // giving each level edges to them) would be quadratic.
  std::string body = "<form id=\"f\"><field name=\"acct\" type=\"digits\">";
  const int levels = 3000;
  for (int i = 1; i <= levels; ++i) {
    body += "<noinput count=\"" + std::to_string(i) +
            "\" cond=\"c\"><goto next=\"#agent\"/></noinput>";
  }
  body += "<filled><goto next=\"#agent\"/></filled></field></form>" + kAgent;
  Loaded l = LoadOne(body);
  const std::size_t edges = boost::out_degree(l.Find("acct"), l.program.graph);
  CHECK(edges > static_cast<std::size_t>(3 * levels));
  CHECK(edges < static_cast<std::size_t>(4 * levels));
}

TEST_CASE(
    "events: a level whose handler re-enters the form leaves the higher "
    "counts unreachable") {
  // The count-1 handler goes back to #f, which resets the counters
  // (§5.2.2): count 2 is never reached, so silence never gets to #agent.
  Loaded l = LoadOne(
      "<form id=\"f\"><field name=\"n\" type=\"digits\">"
      "<noinput><goto next=\"#f\"/></noinput>"
      "<noinput count=\"2\"><goto next=\"#agent\"/></noinput>"
      "<filled><disconnect/></filled></field></form>" +
      kAgent);
  std::vector<Edge> first = l.Edges("n", "n/noinput");
  REQUIRE(first.size() == 1);
  CHECK_FALSE(first[0].Has(kRetryBounded));
  const Graph& g = l.program.graph;
  for (Vertex v = 0; v < boost::num_vertices(g); ++v) {
    CHECK(g[v].id != "n/noinput#2");
  }
  CHECK(l.Joined() ==
        "no-route-to-human f; retry-loop n; unreachable agent; unreachable "
        "xfer; ");
}

TEST_CASE("events: inherited from the document; defaults reprompt for ever") {
  Loaded l = LoadOne(
      "<catch event=\"error\"><goto next=\"#agent\"/></catch>"
      "<form id=\"f\"><field name=\"acct\" type=\"digits\">"
      "<filled><throw event=\"error.lookup\"/></filled></field></form>" + kAgent);
  // The throw in <filled> runs right after the entry.
  std::vector<Edge> thrown = l.Edges("acct", "acct/error.lookup");
  REQUIRE(thrown.size() == 1);
  CHECK(thrown[0].kind == EdgeKind::kEntry);
  CHECK(l.Edges("acct/error.lookup", "agent").size() == 1);
  std::vector<std::string> findings = l.Findings();
  CHECK(std::count(findings.begin(), findings.end(), "retry-loop acct") == 1);
}

TEST_CASE("events: --platform-max-tries ends the call after N attempts") {
  LoadOptions options;
  options.platform_max_tries = 3;
  Loaded l = LoadOne(
      "<form id=\"f\"><field name=\"acct\" type=\"digits\">"
      "<filled><goto next=\"#agent\"/></filled></field></form>" + kAgent,
      options);
  std::vector<Edge> end = l.Edges("acct", "acct/max-tries");
  REQUIRE_FALSE(end.empty());  // one per event: see the next case
  CHECK(end[0].Has(kExhausted));
  CHECK(end[0].attempts == 3);
  CHECK(l.NodeOf("acct/max-tries").kind == NodeKind::kHangup);
  CHECK(l.Joined() == "retry-hangup acct; ");
}

TEST_CASE(
    "events: --platform-max-tries ends nomatch as well as noinput, into one "
    "hang-up") {
  LoadOptions options;
  options.platform_max_tries = 3;
  Loaded l = LoadOne(
      "<form id=\"f\"><field name=\"acct\" type=\"digits\">"
      "<filled><goto next=\"#agent\"/></filled></field></form>" +
          kAgent,
      options);
  std::vector<Edge> end = l.Edges("acct", "acct/max-tries");
  REQUIRE(end.size() == 2);
  CHECK(end[0].kind == EdgeKind::kNoinput);
  CHECK(end[1].kind == EdgeKind::kNomatch);
  CHECK(end[1].Has(kExhausted));
  CHECK(end[1].attempts == 3);
}

const Files kRootApp = {
    {"app/leaf.vxml",
     "<vxml version=\"2.1\" application=\"root.vxml\">\n"
     "<form id=\"f\"><field name=\"acct\" type=\"digits\"/>\n"
     "<field name=\"menu\"><option dtmf=\"0\">repeat</option></field></form>\n"
     "</vxml>"},
    {"app/root.vxml",
     "<vxml version=\"2.1\">\n"
     "<link dtmf=\"0\" next=\"#op\"/>\n"
     "<catch event=\"noinput nomatch\" count=\"2\"><goto next=\"#op\"/></catch>\n"
     "<form id=\"op\"><transfer name=\"agent\" dest=\"tel:+18005550100\"/></form>\n"
     "</vxml>"},
};

TEST_CASE("application root: its links and catches apply in the leaf") {
  Loaded l = Load(kRootApp);
  REQUIRE(l.errors.empty());
  REQUIRE(l.program.flows.size() == 1);  // the root is no entry
  std::vector<Edge> zero = l.Edges("acct", "op");
  REQUIRE_FALSE(zero.empty());
  CHECK(zero[0].kind == EdgeKind::kEntry);
  CHECK(zero[0].key == "0");
  // The location of the link edge is the link, in the root document.
  CHECK(l.program.file_of(zero[0].location) == "app/root.vxml");
  CHECK(zero[0].location.line == 2);
  // The root's catch escalates: bounded retry, then the operator at 2.
  // One handler node (one <catch>) for both events.
  std::vector<Edge> exhausted = l.Edges("acct", "acct/noinput#2");
  REQUIRE(exhausted.size() == 2);
  CHECK(exhausted[0].kind == EdgeKind::kNoinput);
  CHECK(exhausted[1].kind == EdgeKind::kNomatch);
  CHECK(exhausted[1].Has(kExhausted));
  CHECK(exhausted[1].attempts == 2);
}

TEST_CASE("links: a field whose own grammar takes the key shadows the link") {
  Loaded l = Load(kRootApp);
  for (const Edge& e : l.Edges("menu", "op")) CHECK(e.key != "0");
  CHECK(l.Edges("menu", "f/implicit-exit").size() == 1);
}

TEST_CASE("links: a modal field hears only its own grammar") {
  Loaded l = LoadOne(
      "<link dtmf=\"0\" next=\"#agent\"/><form id=\"f\">"
      "<field name=\"pin\" type=\"digits\" modal=\"true\"/></form>" + kAgent);
  for (const Edge& e : l.Edges("pin", "agent")) CHECK(e.kind != EdgeKind::kEntry);
}

// Its own grammars include its links' (§3.1.4): the modal account field's
// "0 for an agent" was dropped with the document's links, and the flow
// reported no route to a human.
TEST_CASE("links: a modal field keeps the links it holds itself") {
  Loaded l = LoadOne(
      "<link dtmf=\"9\" next=\"#agent\"/><form id=\"f\">"
      "<field name=\"pin\" type=\"digits\" modal=\"true\">"
      "<link dtmf=\"0\" next=\"#agent\"/><filled><disconnect/></filled>"
      "</field></form>" +
      kAgent);
  CHECK(Answers(l, "pin", "agent") == std::vector<std::string>{"0/"});
  CHECK(l.Of("no-route-to-human").empty());
}

TEST_CASE("links: a record hears them only with modal=\"false\"") {
  // §2.3.6: modal defaults to true on <record>, so only its own grammars
  // (none here) are active unless it says otherwise.
  Loaded l = LoadOne(
      "<link dtmf=\"0\" next=\"#agent\"/><form id=\"f\">"
      "<record name=\"open\" modal=\"false\"/>"
      "<record name=\"closed\"/></form>" +
      kAgent);
  std::vector<Edge> open = l.Edges("open", "agent");
  REQUIRE(open.size() == 1);
  CHECK(open[0].kind == EdgeKind::kEntry);
  CHECK(open[0].key == "0");
  CHECK(l.Edges("closed", "agent").empty());
}

TEST_CASE("transfer: blind leaves, bridge comes back on failure, IVR numbers") {
  LoadOptions options;
  options.ivr_numbers = {"+1 800 555 0199"};
  Loaded l = LoadOne(
      "<form id=\"f\"><transfer name=\"blind\" dest=\"tel:+18005550100\"/></form>"
      "<form id=\"g\"><transfer name=\"bridged\" type=\"consultation\" "
      "dest=\"tel:+18005550101\"><filled><goto next=\"#h\"/></filled></transfer>"
      "</form><form id=\"h\"><transfer name=\"ivr\" dest=\"tel:+18005550199\"/>"
      "</form><form id=\"d\"><transfer name=\"dyn\" destexpr=\"number\"/></form>",
      options);
  CHECK(l.NodeOf("blind").human);
  CHECK(boost::out_degree(l.Find("blind"), l.program.graph) == 0);
  std::vector<Edge> failed = l.Edges("bridged", "h");
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].kind == EdgeKind::kTransferFailed);
  CHECK_FALSE(l.NodeOf("ivr").human);
  CHECK_FALSE(l.NodeOf("dyn").human);
  CHECK(l.Edges("dyn", "destexpr=number").size() == 1);
}

// A count-2 handler runs only for a caller the count-1 one brings back. Here
// the first silence says goodbye: the agent behind the second was counted
// as reached by silence, in 0 entries.
TEST_CASE("events: a higher count is not reached when the lower leaves") {
  const std::string field =
      "<form id=\"f\"><field name=\"n\" type=\"digits\">"
      "<noinput><goto next=\"#bye\"/></noinput>"
      "<noinput count=\"2\"><goto next=\"#agent\"/></noinput>"
      "<filled><goto next=\"#bye\"/></filled></field></form>";
  Loaded leaves =
      LoadOne(field + "<form id=\"bye\"><block><disconnect/></block></form>" +
              kAgent);
  const std::vector<FlowAnalysis> analysed = Analyze(leaves.program, {});
  REQUIRE(analysed.size() == 1);
  CHECK_FALSE(analysed[0].metrics.min_entries_to_human.has_value());
  // Silence coming back by itself (the default reprompt) climbs the count.
  Loaded reprompt = LoadOne(
      "<form id=\"f\"><field name=\"n\" type=\"digits\">"
      "<noinput count=\"2\"><goto next=\"#agent\"/></noinput>"
      "<filled><disconnect/></filled></field></form>" + kAgent);
  CHECK(Analyze(reprompt.program, {})[0].metrics.min_entries_to_human == 0);
}

// A transfer that cannot be made throws error.connection (§2.3.7.3): its
// designed handler was unreachable (a false unreachable note on the
// voicemail behind it).
// An item's expr gives its variable a first value: a filled item is not
// selected (§2.1.3). `<block expr="true">` switches a block off; it ran.
TEST_CASE("form items: expr fills the item, so a constant one never runs") {
  const std::string rest =
      "<block name=\"b2\"><disconnect/></block></form>" + kAgent;
  Loaded off = LoadOne("<form id=\"f\"><block name=\"b1\" expr=\"true\">"
                       "<goto next=\"#agent\"/></block>" + rest);
  CHECK(off.Edges("f", "b2").size() == 1);  // b1 is passed over
  CHECK(off.Joined().find("unreachable b1") != std::string::npos);
  Loaded maybe = LoadOne("<form id=\"f\"><block name=\"b1\" expr=\"x + 1\">"
                         "<goto next=\"#agent\"/></block>" + rest);
  const std::vector<Edge> runs = maybe.Edges("b1/expr", "b1");
  REQUIRE(runs.size() == 1);
  CHECK(std::string_view(runs[0].label) == "(x + 1) is undefined");
  CHECK(maybe.Edges("b1/expr", "b2").size() == 1);
  for (const char* none : {"undefined", " undefined "}) {
    Loaded l = LoadOne(std::string("<form id=\"f\"><block name=\"b1\" expr=\"") +
                       none + "\"><goto next=\"#agent\"/></block>" + rest);
    CHECK(l.Edges("f", "b1").size() == 1);
  }
}

// §5.3.3, §2.1.6.2.1: a <clear> undefines item variables, and the FIA then
// selects the first unfilled item, so the content falls through to it.
TEST_CASE("clear: falling through goes back to the first item it re-opens") {
  const std::string card =
      "<form id=\"f\"><field name=\"card\" type=\"digits\">"
      "<noinput><reprompt/></noinput><nomatch><reprompt/></nomatch></field>"
      "<field name=\"ok\" type=\"boolean\">"
      "<noinput><reprompt/></noinput><nomatch><reprompt/></nomatch>"
      "<filled><if cond=\"ok\"><goto next=\"#agent\"/><else/>";
  // The confirmation's "no" asks for the card again, not on to the end.
  Loaded confirm =
      LoadOne(card + "<clear namelist=\"card ok\"/></if></filled></field>"
                     "</form>" + kAgent);
  REQUIRE(confirm.errors.empty());
  const std::vector<Edge> arms = confirm.Edges("ok/if@1");
  REQUIRE(arms.size() == 2);
  CHECK(confirm.Edges("ok/if@1", "card").size() == 1);
  CHECK(confirm.Edges("ok/if@1", "f/implicit-exit").empty());
  // Clearing only the running item asks it again; without a namelist every
  // item is cleared; a name that is no item changes nothing.
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"<clear namelist=\"ok\"/>", "ok"},
      {"<clear/>", "card"},
      {"<clear namelist=\"total\"/>", "f/implicit-exit"},
      {"<clear namelist=\"ok\"/><clear namelist=\"card\"/>", "card"},
      {"<clear namelist=\"card\"/><clear namelist=\"ok\"/>", "card"},
  };
  for (const auto& [clear, to] : cases) {
    CAPTURE(clear);
    Loaded l = LoadOne(card + clear + "</if></filled></field></form>" + kAgent);
    CHECK(l.Edges("ok/if@1", to).size() == 1);
  }
  // A transition after the <clear> still wins.
  Loaded jumps = LoadOne(card + "<clear namelist=\"card\"/><goto next=\"#agent\"/>"
                         "</if></filled></field></form>" + kAgent);
  CHECK(jumps.Edges("ok/if@1", "agent").size() == 2);
  CHECK(jumps.Edges("ok/if@1", "card").empty());
  // A form-level <filled> that clears its field asks for it again for ever:
  // before, the form was taken to run out and exit.
  Loaded again = LoadOne(
      "<form id=\"f\"><field name=\"n\" type=\"number\">"
      "<noinput><reprompt/></noinput><nomatch><reprompt/></nomatch></field>"
      "<filled><prompt>You said <value expr=\"n\"/></prompt>"
      "<clear namelist=\"n\"/></filled></form>");
  CHECK(again.Edges("n", "n").size() >= 1);
  CHECK(again.Joined().find("dead-end-loop") != std::string::npos);
  // A block is filled as it runs, so clearing itself runs it again.
  Loaded block = LoadOne(
      "<form id=\"f\"><block name=\"b\"><clear namelist=\"b\"/></block>"
      "<block><disconnect/></block></form>");
  CHECK(block.Edges("b", "b").size() == 1);
  CHECK(block.Edges("b", "f.block2").empty());
}

// §5.3.7, §2.1.6.2.1: <goto nextitem> selects its item whatever is filled;
// once that item is done the FIA takes the first unfilled item, which is the
// one the jump passed over, or the one it left, not the item after the
// target. The jump's item is a copy (synthetic, same id and place) whose
// content falls through there.
TEST_CASE("nextitem: the FIA goes on at the first unfilled item") {
  // The book example: block2 falls through to block1, which re-enters the
  // form: a loop, not the implicit exit it was taken to reach.
  Loaded forward = LoadOne(
      "<form id=\"f\"><block name=\"b0\"><goto nextitem=\"b2\"/></block>"
      "<block name=\"b1\"><goto next=\"#f\"/></block>"
      "<block name=\"b2\">two</block></form>");
  REQUIRE(forward.errors.empty());
  const std::vector<Vertex> b2 = forward.All("b2");
  REQUIRE(b2.size() == 2);
  const Graph& g = forward.program.graph;
  CHECK_FALSE(g[b2[0]].synthetic);
  CHECK(g[b2[1]].synthetic);
  CHECK(g[b2[1]].location.line == g[b2[0]].location.line);
  CHECK(forward.Edges("b0", "b2").size() == 1);
  CHECK(forward.Targets(b2[1]) == std::vector<std::string>{"b1"});
  const std::string found = forward.Joined();
  CHECK(found.find("automatic-loop") != std::string::npos);
  CHECK(found.find("unreachable b2") == std::string::npos);  // its copy runs
  CHECK(found.find("dead-end") == found.find("dead-end-loop"));
  // Back to a filled item from the next one's <filled>: once it is asked
  // again, the FIA goes on past the item that jumped.
  Loaded back = LoadOne(
      "<form id=\"f\"><field name=\"a\" type=\"digits\"/>"
      "<field name=\"b\" type=\"boolean\"><filled><if cond=\"b\">"
      "<goto nextitem=\"a\"/></if></filled></field>"
      "<block name=\"c\"><disconnect/></block></form>");
  REQUIRE(back.errors.empty());
  const std::vector<Vertex> a = back.All("a");
  REQUIRE(a.size() == 2);
  std::vector<std::string> after_a;
  for (const std::string& to : back.Targets(a[1])) {
    if (to == "c" || to == "b") after_a.push_back(to);
  }
  // The answer, and a silence or a wrong answer too: a is filled, so the
  // FIA goes on to c whichever way the question ends.
  CHECK(after_a == std::vector<std::string>{"c", "c", "c"});
  // The copy retries for ever as the item does: one finding, not two.
  const std::vector<std::string> back_findings = back.Findings();
  CHECK(std::count(back_findings.begin(), back_findings.end(),
                   "retry-loop a") == 1);
  // To the first unfilled item itself: no copy, as before.
  Loaded next = LoadOne(
      "<form id=\"f\"><block name=\"b0\"><goto nextitem=\"b1\"/></block>"
      "<block name=\"b1\"><disconnect/></block></form>");
  CHECK(next.All("b1").size() == 1);
  CHECK(next.Edges("b0", "b1").size() == 1);
  // From an item's own handler the item is still unfilled: after the jump's
  // item, the FIA asks for it again.
  Loaded handler = LoadOne(
      "<form id=\"f\"><block name=\"intro\">hi</block>"
      "<field name=\"n\" type=\"digits\"><nomatch><goto nextitem=\"intro\"/></nomatch>"
      "<filled><disconnect/></filled></field></form>");
  const std::vector<Vertex> intro = handler.All("intro");
  REQUIRE(intro.size() == 2);
  CHECK(handler.Targets(intro[1]) == std::vector<std::string>{"n"});
}

// A jump made inside a copy keeps the item the first jump passed over:
// confirm always goes back to q1, which hangs up. It was a dead end: the
// second jump went to the item as if q1 were filled.
TEST_CASE("nextitem: a jump from a copy keeps the item passed over") {
  Loaded l = LoadOne(
      "<form id=\"f\"><link dtmf=\"0\" event=\"ask\"/>"
      "<catch event=\"ask\"><goto nextitem=\"confirm\"/></catch>"
      "<field name=\"q1\" type=\"boolean\"><filled><disconnect/></filled>"
      "</field><field name=\"confirm\" type=\"boolean\"/></form>");
  REQUIRE(l.errors.empty());
  CHECK(l.Joined().find("dead-end ") == std::string::npos);
}

// A silence at a jump's target goes back to the first unfilled item, as an
// answer does: the transfer the jump passed over. The copy's handlers asked
// the copy again, a false "no route to a human".
TEST_CASE(
    "nextitem: a copy's handlers fall through to the first unfilled item") {
  Loaded l = LoadOne(
      "<form id=\"f\"><block><goto nextitem=\"c\"/></block>"
      "<transfer name=\"b\" dest=\"tel:+15550000\" bridge=\"true\"/>"
      "<field name=\"c\" type=\"digits\"><filled><disconnect/></filled></field>"
      "</form>");
  REQUIRE(l.errors.empty());
  const std::string found = l.Joined();
  CHECK(found.find("no-route-to-human f") ==
        std::string::npos);  // at the start
  CHECK(found.find("unreachable b") == std::string::npos);
}

// Re-asking an item from the form-level <filled>: once it is filled again,
// every input item is, and the form's <filled> runs again.
TEST_CASE("nextitem: back from the form-level filled runs it again") {
  Loaded l = LoadOne(
      "<form id=\"f\"><field name=\"acct\" type=\"digits\"/>"
      "<field name=\"pin\" type=\"digits\"/><filled><if cond=\"ok\">"
      "<goto next=\"#agent\"/><else/><goto nextitem=\"acct\"/></if></filled>"
      "</form>" +
      kAgent);
  REQUIRE(l.errors.empty());
  // The copy's answer runs the form's <filled> (as acct/if@1); it ran out of
  // items. (A silence there still does: acct stays filled, so the FIA finds
  // nothing unfilled, which is the design's defect, and is reported.)
  int runs_filled = 0;
  for (Vertex v = 0; v < boost::num_vertices(l.program.graph); ++v) {
    if (l.program.graph[v].id != "acct" || !l.program.graph[v].synthetic)
      continue;
    for (auto [it, end] = boost::out_edges(v, l.program.graph); it != end;
         ++it) {
      const Edge& e = l.program.graph[*it];
      if (e.kind == EdgeKind::kEntry) {
        CHECK(l.program.graph[boost::target(*it, l.program.graph)].id ==
              "acct/if@1");
        ++runs_filled;
      }
    }
  }
  CHECK(runs_filled == 1);
  CHECK(l.Joined().find("no-route-to-human") == std::string::npos);
}

// The IVR map lists an endpoint once, where it is cheapest: a copy of the
// item that ends the call is the same end for a caller.
TEST_CASE("nextitem: the map lists a copied endpoint once") {
  Loaded l = LoadOne(
      "<form id=\"f\"><field name=\"n\" type=\"digits\">"
      "<nomatch><goto nextitem=\"bye\"/></nomatch></field>"
      "<block name=\"bye\"><disconnect/></block></form>");
  REQUIRE(l.errors.empty());
  // The block's own end, and its copy's.
  CHECK(l.All("bye/disconnect").size() == 2);
  const std::vector<FlowMap> maps = BuildIvrMap(l.program);
  REQUIRE(maps.size() == 1);
  int listed = 0;
  for (const Endpoint& e : maps[0].endpoints) {
    if (l.program.graph[e.node].id == "bye/disconnect") ++listed;
  }
  CHECK(listed == 1);
}

// A transfer to a destexpr was listed twice: as an exit itself, and the
// dynamic destination it hands the caller to.
TEST_CASE("map: a transfer to a computed destination is one endpoint") {
  Loaded l = LoadOne(
      "<var name=\"q\" expr=\"'tel:+18005550101'\"/><form id=\"main\">"
      "<transfer name=\"t1\" type=\"blind\" destexpr=\"q\"/></form>");
  REQUIRE(l.errors.empty());
  const std::vector<FlowMap> maps = BuildIvrMap(l.program);
  REQUIRE(maps.size() == 1);
  REQUIRE(maps[0].endpoints.size() == 1);
  CHECK(l.program.graph[maps[0].endpoints[0].node].id == "destexpr=q");
}

// A hostile form must not make each of its items copy a large one.
TEST_CASE("nextitem: at most 16 copies of items per form") {
  std::string form = "<form id=\"f\">";
  for (int i = 0; i < 40; ++i) {
    form += "<block name=\"b" + std::to_string(i) +
            "\"><goto nextitem=\"last\"/></block>";
  }
  form += "<field name=\"last\" type=\"digits\"><filled><disconnect/></filled>"
          "</field></form>";
  Loaded l = LoadOne(form);
  REQUIRE(l.errors.empty());
  CHECK(l.All("last").size() == 17);
}

// §5.3.2, §2.1.6.2.1: an <assign> to an item's variable fills it, so the
// FIA passes it by. The mixed-initiative idiom of the Recommendation: after
// two misunderstood answers the <initial> is filled and the form asks for
// each piece in turn (it was a retry loop "leading straight back").
TEST_CASE("assign: filling the first unfilled item passes it by") {
  Loaded initial = LoadOne(
      "<form id=\"f\"><initial name=\"start\"><prompt>Say it all</prompt>"
      "<nomatch count=\"1\"><reprompt/></nomatch>"
      "<nomatch count=\"2\"><assign name=\"start\" expr=\"true\"/><reprompt/>"
      "</nomatch><noinput><goto next=\"#agent\"/></noinput></initial>"
      "<field name=\"city\" type=\"digits\"><filled><goto next=\"#agent\"/>"
      "</filled><noinput><goto next=\"#agent\"/></noinput>"
      "<nomatch><goto next=\"#agent\"/></nomatch></field></form>" +
      kAgent);
  REQUIRE(initial.errors.empty());
  CHECK(initial.Edges("start/nomatch#2", "city").size() == 1);
  CHECK(initial.Edges("start/nomatch#2", "start").empty());
  CHECK(initial.Joined().find("retry-loop start") == std::string::npos);
  // From an item's <filled>, an assign to the next item skips it; to one
  // further on, or with the literal undefined, it changes nothing here.
  struct Case {
    const char* assign;
    std::size_t to_b;  // ways on to b: from the <if>'s arms, or from a
    std::size_t to_c;
  };
  const Case cases[] = {
      {"<assign name=\"b\" expr=\"1\"/>", 1, 1},  // the else arm, the if arm
      {"<assign name=\"c\" expr=\"1\"/>", 2, 0},
      {"<assign name=\"b\" expr=\"undefined\"/>", 2, 0},
  };
  for (const Case& c : cases) {
    CAPTURE(c.assign);
    Loaded l =
        LoadOne(std::string("<form id=\"f\"><field name=\"a\" type=\"boolean\">"
                            "<filled><if cond=\"a\">") +
                c.assign +
                "</if></filled></field><block name=\"b\"><disconnect/></block>"
                "<block name=\"c\"><exit/></block></form>");
    REQUIRE(l.errors.empty());
    CHECK(l.Edges("a/if@1", "b").size() == c.to_b);
    CHECK(l.Edges("a/if@1", "c").size() == c.to_c);
  }
  // A variable that is no item is walked through, as before.
  Loaded plain = LoadOne(
      "<form id=\"f\"><field name=\"a\" type=\"boolean\"><filled>"
      "<if cond=\"a\"><assign name=\"total\" expr=\"1\"/></if></filled>"
      "</field><block name=\"b\"><disconnect/></block></form>");
  CHECK(plain.Edges("a", "b").size() == 2);
  // An item's own variable in its <filled> is filled already: no branch.
  Loaded own = LoadOne(
      "<form id=\"f\"><field name=\"a\" type=\"boolean\"><filled>"
      "<if cond=\"a\"><assign name=\"a\" expr=\"'yes'\"/></if></filled>"
      "</field><block name=\"b\"><disconnect/></block></form>");
  for (Vertex v = 0; v < boost::num_vertices(own.program.graph); ++v) {
    CHECK(own.program.graph[v].kind != NodeKind::kBranch);
  }
}

// Only a <clear> that always runs resets the counters: in an <if> the
// count may still climb to the escalating handler.
TEST_CASE("clear: a conditional clear in a handler keeps the escalation") {
  Loaded l = LoadOne(
      "<form id=\"f\"><field name=\"a\" type=\"digits\"><nomatch><if "
      "cond=\"x\">"
      "<clear namelist=\"a\"/></if></nomatch><nomatch count=\"3\">"
      "<goto next=\"#agent\"/></nomatch><filled><disconnect/></filled></field>"
      "</form>" +
      kAgent);
  REQUIRE(l.errors.empty());
  CHECK(l.Joined().find("no-route-to-human") == std::string::npos);
  CHECK(l.Edges("a", "a/nomatch#3").size() == 1);
}

// §5.1.2: dialog.a is the item variable a; §2.1.3: assigning it the
// literal undefined re-opens it, as a <clear> does.
TEST_CASE("clear and assign: dialog.x names the item; undefined re-opens it") {
  const std::string head =
      "<form id=\"f\"><field name=\"a\" type=\"digits\"/>"
      "<field name=\"ok\" type=\"boolean\"><filled><if cond=\"ok\">"
      "<disconnect/><else/>";
  const std::string tail = "</if></filled></field></form>";
  for (const char* reopen :
       {"<clear namelist=\"dialog.a ok\"/>",
        "<assign name=\"a\" expr=\"undefined\"/>",
        "<assign name=\"dialog.a\" expr=\" undefined \"/>"}) {
    CAPTURE(reopen);
    Loaded l = LoadOne(head + reopen + tail);
    REQUIRE(l.errors.empty());
    CHECK(l.Edges("ok/if@1", "a").size() == 1);
  }
}

// Re-opening an item behind filled ones: once it is done the FIA passes
// the filled ones over. b0 fills b1 (so b2 runs), b2 clears b1, b1 runs
// and then b3, not b2 again: that was a loop that "never ends".
TEST_CASE("clear: after the re-opened item, the filled ones are passed over") {
  Loaded l = LoadOne(
      "<form id=\"f\"><block name=\"b0\"><assign name=\"dialog.b1\" "
      "expr=\"true\"/>"
      "</block><block name=\"b1\">one</block>"
      "<block name=\"b2\"><clear namelist=\"dialog.b1\"/></block>"
      "<block name=\"b3\"><disconnect/></block></form>");
  REQUIRE(l.errors.empty());
  const std::string found = l.Joined();
  CHECK(found.find("automatic-loop") == std::string::npos);
  CHECK(found.find("dead-end-loop") == std::string::npos);
  CHECK(l.Edges("b0", "b2").size() == 1);
  // b2 goes on to a copy of b1, which goes on to b3.
  std::vector<Edge> on = l.Edges("b2", "b1");
  REQUIRE(on.size() == 1);
  for (Vertex v = 0; v < boost::num_vertices(l.program.graph); ++v) {
    const Node& n = l.program.graph[v];
    if (n.id != "b1" || !n.synthetic) continue;
    CHECK(l.program
              .graph[boost::target(*boost::out_edges(v, l.program.graph).first,
                                   l.program.graph)]
              .id == "b3");
  }
}

// §5.2.2: clearing an item resets its counters, so a handler that does so
// never escalates: like re-entering the form, the retries are unbounded.
TEST_CASE("clear: a handler clearing its own item never escalates") {
  Loaded l = LoadOne(
      "<form id=\"f\"><field name=\"acct\" type=\"digits\">"
      "<noinput count=\"1\"><clear namelist=\"acct\"/><reprompt/></noinput>"
      "<noinput count=\"3\"><goto next=\"#agent\"/></noinput>"
      "<nomatch><goto next=\"#agent\"/></nomatch>"
      "<filled><goto next=\"#agent\"/></filled></field></form>" + kAgent);
  REQUIRE(l.errors.empty());
  auto silences = [](const Loaded& loaded) {
    std::vector<Edge> out;
    for (const Edge& e : loaded.Edges("acct")) {
      if (e.kind == EdgeKind::kNoinput) out.push_back(e);
    }
    return out;
  };
  const std::vector<Edge> reset = silences(l);
  REQUIRE(reset.size() == 1);  // the count-3 level is never reached
  CHECK_FALSE(reset[0].Has(kRetryBounded));
  std::vector<std::string> findings = l.Findings();
  CHECK(std::count(findings.begin(), findings.end(), "retry-loop acct") == 1);
  // Clearing another item keeps the counters: the third silence escalates.
  Loaded other = LoadOne(
      "<form id=\"f\"><field name=\"acct\" type=\"digits\">"
      "<noinput count=\"1\"><clear namelist=\"pin\"/><reprompt/></noinput>"
      "<noinput count=\"3\"><goto next=\"#agent\"/></noinput>"
      "<nomatch><goto next=\"#agent\"/></nomatch>"
      "<filled><goto next=\"#agent\"/></filled></field>"
      "<field name=\"pin\" type=\"digits\"/></form>" + kAgent);
  const std::vector<Edge> kept = silences(other);
  REQUIRE(kept.size() == 2);
  CHECK(kept[0].Has(kRetryBounded));
  CHECK(kept[1].Has(kExhausted));
}

// §3.1.4: the field's own grammar comes before a document's link. Where the
// platform's builtins take keys, a digits field takes the 0 itself and the
// zero-out link does not reach it.
TEST_CASE("links: --platform-builtin-dtmf gives a digits field its digits") {
  const std::string doc =
      "<link dtmf=\"0\" next=\"#agent\"/><link dtmf=\"*\" next=\"#agent\"/>"
      "<form id=\"f\"><field name=\"acct\" type=\"digits?minlength=4\">"
      "<filled><disconnect/></filled></field></form>" + kAgent;
  auto keys_to_agent = [](const Loaded& l) {
    std::vector<std::string> keys;
    for (const Edge& e : l.Edges("acct", "agent")) {
      if (e.kind == EdgeKind::kEntry) keys.emplace_back(e.key);
    }
    std::sort(keys.begin(), keys.end());
    return keys;
  };
  CHECK(keys_to_agent(LoadOne(doc)) == std::vector<std::string>{"*", "0"});
  LoadOptions builtin;
  builtin.builtin_dtmf = true;
  CHECK(keys_to_agent(LoadOne(doc, builtin)) == std::vector<std::string>{"*"});
  // Not a builtin that takes digits: the link still reaches it.
  std::string text = doc;
  text.replace(text.find("digits?minlength=4"), 18, "boolean");
  CHECK(keys_to_agent(LoadOne(text, builtin)) ==
        std::vector<std::string>{"*", "0"});
  // A DTMF builtin asked for by name takes the digits on any platform.
  text = doc;
  const std::string_view typed = " type=\"digits?minlength=4\">";
  text.replace(text.find(typed), typed.size(),
               "><grammar mode=\"dtmf\" src=\" builtin:dtmf/digits\"/>");
  CHECK(keys_to_agent(LoadOne(text)) == std::vector<std::string>{"*"});
  text.replace(text.find("dtmf/digits"), 11, "dtmf/boolean");
  CHECK(keys_to_agent(LoadOne(text)) == std::vector<std::string>{"*", "0"});
}

TEST_CASE("transfer: a caught error.connection is a way on") {
  const std::string voicemail =
      "<form id=\"vm\"><block><disconnect/></block></form>";
  Loaded caught = LoadOne(
      "<form id=\"f\"><transfer name=\"t\" dest=\"tel:+18005550100\" "
      "type=\"bridge\"><catch event=\"error.connection\"><goto "
      "next=\"#vm\"/></catch></transfer></form>" + voicemail);
  const std::vector<Edge> out = caught.Edges("t", "t/error.connection");
  REQUIRE(out.size() == 1);
  CHECK(out[0].kind == EdgeKind::kTransferFailed);
  CHECK(caught.Edges("t/error.connection", "vm").size() == 1);
  CHECK(caught.Joined().find("unreachable vm") == std::string::npos);
  // Nothing catches it: the default handler's exit is not drawn.
  Loaded uncaught = LoadOne(
      "<form id=\"f\"><transfer name=\"t\" dest=\"tel:+18005550100\" "
      "type=\"bridge\"/></form>" + voicemail);
  for (const Edge& e : uncaught.Edges("t", "")) {
    CHECK(std::string_view(e.label) != "error.connection");
  }
  // A handler that falls through leaves the transfer unfilled: the FIA
  // selects it again (§2.1.6), and the caller is transferred again.
  Loaded again = LoadOne(
      "<form id=\"f\"><transfer name=\"t\" dest=\"tel:+18005550100\" "
      "type=\"bridge\"><error><log>failed</log></error></transfer></form>");
  CHECK(again.Edges("t/error.connection", "t").size() == 1);
  // A catch of one name (§2.3.7.3: error.connection.baddestination, ...)
  // takes that failure: it was looked up under error.connection only, so
  // its handler was unreachable.
  Loaded specific = LoadOne(
      "<form id=\"f\"><catch event=\"error.connection.baddestination\">"
      "<goto next=\"#vm\"/></catch><catch event=\"error.connection\">"
      "<disconnect/></catch><transfer name=\"t\" dest=\"tel:+18005550100\" "
      "type=\"bridge\"/></form>" +
      voicemail);
  REQUIRE(specific.errors.empty());
  std::vector<std::string> labels;
  for (const Edge& e : specific.Edges("t")) {
    if (e.kind == EdgeKind::kTransferFailed) labels.emplace_back(e.label);
  }
  CHECK(labels == std::vector<std::string>{"error.connection",
                                           "error.connection.baddestination",
                                           "busy, noanswer, network_busy"});
  CHECK(specific.Joined().find("unreachable vm") == std::string::npos);
}

// A blind transfer does not watch its outcome (§2.3.7): a catch of
// error.connection.baddestination sends a caller on only when the call
// cannot be placed, and a busy line still drops them. The catch silenced
// the no-fallback note.
TEST_CASE("no-fallback: a handler of an unplaced call is no fallback") {
  const std::string catches =
      "<catch event=\"error.connection.baddestination\"><goto "
      "next=\"#sorry\"/></catch>";
  const std::string sorry =
      "<form id=\"sorry\"><block><disconnect/></block></form>";
  Loaded blind = LoadOne(catches +
                         "<form id=\"f\"><transfer name=\"t\" bridge=\"false\" "
                         "dest=\"tel:+18005550101\"/></form>" +
                         sorry);
  REQUIRE(blind.errors.empty());
  for (const Edge& e : blind.Edges("t")) CHECK(e.Has(kUnplaced));
  CHECK(blind.Of("no-fallback").size() == 1);
  // A bridge transfer's <filled> hears busy and noanswer: that is one.
  Loaded bridge = LoadOne(catches +
                          "<form id=\"f\"><transfer name=\"t\" bridge=\"true\" "
                          "dest=\"tel:+18005550101\"><filled><goto "
                          "next=\"#sorry\"/></filled></transfer></form>" +
                          sorry);
  REQUIRE(bridge.errors.empty());
  CHECK(bridge.Of("no-fallback").empty());
}

// The copies were bounded by their nodes alone: a helper of one field
// with 6,000 options, called by 6,000 dialogs, made 36 million edges (3 GB
// from a 780 KB file). Nodes and edges are counted now.
// A dialog both called and reached by <goto> ran its nodes for its first
// caller: the goto's route went through the helper's <return> into that
// caller, "2" reaching billing's agent in two entries. Reached by goto, a
// <return> has no caller (error.semantic); each caller runs a copy.
TEST_CASE(
    "subdialog: a dialog also reached by goto returns to no caller there") {
  Loaded l = LoadOne(
      "<menu id=\"main\"><choice dtmf=\"1\" next=\"#billing\"/>"
      "<choice dtmf=\"2\" next=\"#getacct\"/></menu>"
      "<form id=\"billing\"><subdialog name=\"b\" src=\"#getacct\"/>"
      "<transfer name=\"t\" dest=\"tel:+18005550101\" bridge=\"true\">"
      "<filled><disconnect/></filled></transfer></form>"
      "<form id=\"getacct\"><field name=\"n\" type=\"digits\"><filled>"
      "<return/></filled></field></form>");
  REQUIRE(l.errors.empty());
  const Vertex original = l.Find("getacct/return");
  const Graph& g = l.program.graph;
  CHECK(l.Targets(original) ==
        std::vector<std::string>{"getacct/return/no-caller"});
  // The caller's copy returns to the transfer.
  bool copy_returns = false;
  for (Vertex v : l.All("getacct/return")) {
    for (auto [e, end] = boost::out_edges(v, g); e != end; ++e) {
      copy_returns |= g[v].copy && g[boost::target(*e, g)].id == "t";
    }
  }
  CHECK(copy_returns);
  CHECK(l.Of("dead-end").size() == 1);
}

// A recursive helper shares itself (the graph keeps no call stack): its
// return went back to its own call's next item and on to the return, an
// error-level automatic-loop. A platform takes that return once a level.
TEST_CASE("subdialog: a recursive helper's return is no automatic loop") {
  Loaded l = LoadOne(
      "<form id=\"main\"><subdialog name=\"a\" src=\"#h\"/>"
      "<transfer name=\"t\" dest=\"tel:+18005550101\" bridge=\"true\">"
      "<filled><disconnect/></filled></transfer></form>"
      "<form id=\"h\"><field name=\"more\" type=\"boolean\"><filled>"
      "<if cond=\"more\"><goto nextitem=\"again\"/></if><return/></filled>"
      "</field><subdialog name=\"again\" src=\"#h\"/><block><return/></block>"
      "</form>");
  REQUIRE(l.errors.empty());
  CHECK(l.Of("automatic-loop").empty());
  bool unwinds = false;
  const Graph& g = l.program.graph;
  for (auto [e, end] = boost::edges(g); e != end; ++e) {
    unwinds |= g[*e].Has(kUnwinds);
  }
  CHECK(unwinds);
}

// Mixed initiative (§2.3.3, App. C): one answer to the initial prompt may
// fill every slot of the form's grammar, and the form-level <filled> runs.
// The answer only went to the next field, so two fields asked again cost
// two more entries than a caller who says it all at once needs.
TEST_CASE("initial: one answer may fill every field") {
  Loaded l = LoadOne(
      "<form id=\"trip\"><grammar src=\"trip.grxml\"/><initial name=\"start\">"
      "<prompt>Where from and to?</prompt></initial>"
      "<field name=\"from\"><grammar src=\"city.grxml\"/></field>"
      "<field name=\"to\"><grammar src=\"city.grxml\"/></field>"
      "<filled mode=\"all\" namelist=\"from to\"><goto next=\"#agent\"/>"
      "</filled></form><form id=\"agent\"><transfer name=\"t\" "
      "dest=\"tel:+18005550101\" bridge=\"true\"><filled><disconnect/>"
      "</filled></transfer></form>");
  REQUIRE(l.errors.empty());
  const std::vector<Edge> all = l.Edges("start", "agent");
  REQUIRE(all.size() == 1);
  CHECK(all[0].kind == EdgeKind::kEntry);
  CHECK(std::string_view(all[0].label) == "every field");
  CHECK(l.Edges("start", "from").size() == 1);  // or only some of them
}

// A form-level grammar listens at every field that is not modal (App. C):
// the trip form of four fields was four entries for a caller who could say
// it all at the first.
TEST_CASE("form grammar: one answer at a field may fill every field") {
  Loaded l = LoadOne(
      "<form id=\"trip\"><grammar src=\"trip.grxml\"/>"
      "<field name=\"from\"><grammar src=\"city.grxml\"/></field>"
      "<field name=\"to\" modal=\"true\"><grammar src=\"city.grxml\"/></field>"
      "<field name=\"day\"><grammar src=\"day.grxml\"/></field>"
      "<filled><goto next=\"#agent\"/></filled></form>" +
      kAgent);
  REQUIRE(l.errors.empty());
  const std::vector<Edge> all = l.Edges("from", "agent");
  REQUIRE(all.size() == 1);
  CHECK(std::string_view(all[0].label) == "every field");
  CHECK(all[0].Has(kInScope));            // no choice of the field's
  CHECK(l.Edges("to", "agent").empty());  // modal: its own grammar only
}

// Two callers of a helper whose own subdialog returns an event: in the
// second caller's copy, the handler of that event was the original's, and
// its <return> went back into the first caller (a sales caller's route
// ended in billing's implicit exit).
TEST_CASE("subdialog: an event returned in a copy is handled in the copy") {
  Loaded l = LoadOne(
      "<menu id=\"main\"><choice dtmf=\"1\" next=\"#billing\"/>"
      "<choice dtmf=\"2\" next=\"#sales\"/></menu>"
      "<form id=\"billing\"><subdialog name=\"b\" src=\"#outer\"/>"
      "<block>Your balance is zero.</block></form>"
      "<form id=\"sales\"><subdialog name=\"s\" src=\"#outer\"/>"
      "<transfer name=\"t\" dest=\"tel:+18005550101\" bridge=\"true\">"
      "<filled><disconnect/></filled></transfer></form>"
      "<form id=\"outer\"><subdialog name=\"in\" src=\"#inner\">"
      "<catch event=\"x\"><return/></catch></subdialog>"
      "<block><return/></block></form>"
      "<form id=\"inner\"><field name=\"n\" type=\"digits\">"
      "<noinput><return event=\"x\"/></noinput>"
      "<filled><return/></filled></field></form>");
  REQUIRE(l.errors.empty());
  // Each handler of x returns to one caller: billing's end or sales' agent.
  const Graph& g = l.program.graph;
  std::vector<std::string> after;
  for (Vertex handler : l.All("in/x")) {
    for (auto [e, end] = boost::out_edges(handler, g); e != end; ++e) {
      const Vertex r = boost::target(*e, g);
      for (auto [f, fend] = boost::out_edges(r, g); f != fend; ++f) {
        after.emplace_back(g[boost::target(*f, g)].id);
      }
    }
  }
  std::sort(after.begin(), after.end());
  CHECK(after == std::vector<std::string>{"billing.block2", "t"});
  for (const Finding& f : l.Of("dead-end")) {
    // Not from sales: a route to billing's end starts with its "1".
    REQUIRE_FALSE(f.route.empty());
    REQUIRE(f.route[0].via);
    CHECK(RouteInput(l.program, *f.route[0].via) == "1");
  }
}

TEST_CASE("subdialog: copies are bounded by edges as well as nodes") {
  constexpr int kCallers = 400;
  constexpr int kOptions = 400;
  std::string body;
  for (int i = 0; i < kCallers; ++i) {
    body += "<form id=\"c" + std::to_string(i) +
            "\"><subdialog name=\"s\" src=\"#helper\"/><block><goto next=\"#" +
            (i + 1 < kCallers ? "c" + std::to_string(i + 1) : "agent") +
            "\"/></block></form>";
  }
  body +=
      "<form id=\"agent\"><transfer name=\"t\" dest=\"tel:+18005550201\"/>"
      "</form><form id=\"helper\"><field name=\"f\">";
  for (int k = 0; k < kOptions; ++k) {
    body += "<option dtmf=\"" + std::to_string(k) + "\">o</option>";
  }
  body += "<filled><return/></filled></field></form>";
  Loaded l = LoadOne(body);
  REQUIRE(l.errors.empty());
  // Copied for every caller, the helper is kCallers x kOptions = 160,000
  // edges; the budget is the graph's own size (about 2,000) plus 65,536.
  CHECK(boost::num_edges(l.program.graph) < 80000);
  CHECK(l.All("f").size() > 1);  // copies were made, as far as they fit
}

TEST_CASE("subdialog: a call returning to the next item; no return ends it") {
  Loaded l = Load({
      {"app/main.vxml",
       "<vxml><form id=\"f\"><subdialog name=\"ask\" src=\"sub.vxml\"/>"
       "<block><goto next=\"#g\"/></block></form>"
       "<form id=\"g\"><subdialog name=\"ask2\" src=\"sub2.vxml\"/></form></vxml>"},
      {"app/sub.vxml",
       "<vxml><form id=\"s\"><field name=\"x\" type=\"digits\"/>"
       "<block><return/></block></form></vxml>"},
      {"app/sub2.vxml", "<vxml><form id=\"t\"><block>hi</block></form></vxml>"},
  });
  REQUIRE(l.errors.empty());
  CHECK(l.Edges("ask", "s").size() == 1);
  CHECK(l.Edges("s/return", "f.block2").size() == 1);
  CHECK(l.Edges("ask2", "t").size() == 1);
  CHECK(l.Edges("t.block1", "t/implicit-exit").size() == 1);
}

// Every <return> of a document went back to every caller of any of its
// dialogs: two helpers, each called once, made a loop through the wrong
// caller (a false automatic-loop error) and routes no caller can take.
TEST_CASE("subdialog: a return goes back only to the callers of its dialog") {
  Loaded l = LoadOne(
      "<form id=\"start\"><subdialog name=\"hello\" src=\"#greeting\"/>"
      "<block><goto next=\"#main\"/></block></form>"
      "<form id=\"main\"><subdialog name=\"terms\" src=\"#legal\"/>"
      "<transfer name=\"agent\" dest=\"tel:+18005550100\"/></form>"
      "<form id=\"greeting\"><block>Welcome.<goto next=\"#more\"/></block>"
      "</form>"
      "<form id=\"more\"><subdialog name=\"inner\" src=\"#note\"/>"
      "<block><return/></block></form>"
      "<form id=\"legal\"><block>Recorded.<return/></block></form>"
      "<form id=\"note\"><block>Note.<return/></block></form>"
      "<form id=\"orphan\"><block><return/></block></form>");
  REQUIRE(l.errors.empty());
  // greeting's return is made where it goes on (the goto to 'more', which
  // makes a call of its own), and goes back to 'hello' alone; legal's to
  // 'terms', note's to 'inner'.
  CHECK(l.Edges("more/return", "start.block2").size() == 1);
  CHECK(l.Edges("more/return").size() == 1);
  CHECK(l.Edges("legal/return", "agent").size() == 1);
  CHECK(l.Edges("legal/return").size() == 1);
  CHECK(l.Edges("note/return", "more.block2").size() == 1);
  CHECK(l.Edges("note/return").size() == 1);
  // Reached by no call, a return is error.semantic: the interpreter exits.
  CHECK(l.Edges("orphan/return", "orphan/return/no-caller").size() == 1);
  CHECK(l.Of("automatic-loop").empty());
}

// One return node for every caller of a callee sent each caller's route
// back into the other's: a helper called twice in a row made a loop (a
// false automatic-loop error), a PIN helper shared by two menus gave the
// one's keys to the other's agent, and an application's callers leaked
// into another's. The second caller runs a copy of the callee.
TEST_CASE("subdialog: each caller of a shared callee is returned to alone") {
  Loaded l = LoadOne(
      "<form id=\"a\"><subdialog name=\"s1\" src=\"#h\"><catch "
      "event=\"bad\"><goto next=\"#x\"/></catch></subdialog>"
      "<block><goto next=\"#b\"/></block></form>"
      "<form id=\"b\"><subdialog name=\"s2\" src=\"#h\"><catch "
      "event=\"bad\"><goto next=\"#y\"/></catch></subdialog>"
      "<transfer name=\"agent\" dest=\"tel:+18005550100\"/></form>"
      "<form id=\"h\"><subdialog name=\"inner\" src=\"#leaf\"/>"
      "<block><if cond=\"p\"><return event=\"bad\"/><elseif cond=\"q\"/>"
      "<return/></if></block><transfer name=\"desk\" dest=\"queue:desk\"/>"
      "</form>"
      "<form id=\"leaf\"><block><return/></block></form>"
      "<form id=\"x\"><block><exit/></block></form>"
      "<form id=\"y\"><block><exit/></block></form>");
  REQUIRE(l.errors.empty());
  const Graph& g = l.program.graph;
  const std::vector<Vertex> returns = l.All("h/return");
  REQUIRE(returns.size() == 2);
  CHECK(l.Targets(returns[0]) == std::vector<std::string>{"a.block2"});
  CHECK(l.Targets(returns[1]) == std::vector<std::string>{"agent"});
  CHECK_FALSE(g[returns[0]].copy);
  CHECK(g[returns[1]].copy);
  // A <return event> is caught at its own caller.
  const std::vector<Vertex> bad = l.All("h/return:bad");
  REQUIRE(bad.size() == 2);
  CHECK(l.Targets(bad[0]) == std::vector<std::string>{"s1/bad"});
  CHECK(l.Targets(bad[1]) == std::vector<std::string>{"s2/bad"});
  // A call nested in the copy calls a copy of its own, which returns into
  // the copy: the shared leaf made a loop from one caller into the other.
  const std::vector<Vertex> leaf = l.All("leaf/return");
  REQUIRE(leaf.size() == 2);
  const std::vector<Vertex> after_inner = l.All("h.block2");
  REQUIRE(after_inner.size() == 2);
  for (int i = 0; i < 2; ++i) {
    REQUIRE(boost::out_degree(leaf[i], g) == 1);
    CHECK(boost::target(*boost::out_edges(leaf[i], g).first, g) ==
          after_inner[i]);
  }
  // A transfer in the copy still reaches its person.
  for (Vertex v : l.All("desk")) CHECK(g[v].human);
  CHECK(l.All("desk").size() == 2);
  CHECK(l.Of("automatic-loop").empty());
  // A copy is no node of its own: counted once, never unreachable.
  CHECK(l.Of("unreachable").empty());
}

TEST_CASE("subdialog: a callee two applications share does not join them") {
  const std::string legal =
      "<vxml><form id=\"legal\"><block>Recorded.<return/></block></form>"
      "</vxml>";
  Loaded l = Load({
      {"app/info.vxml",
       "<vxml><form id=\"info\"><subdialog name=\"l\" "
       "src=\"common.vxml#legal\"/><field name=\"ok\" type=\"boolean\">"
       "<filled><disconnect/></filled></field></form></vxml>"},
      {"app/sales.vxml",
       "<vxml><form id=\"sales\"><subdialog name=\"l\" "
       "src=\"common.vxml#legal\"/><transfer name=\"agent\" "
       "dest=\"tel:+18005550100\"/></form></vxml>"},
      {"app/common.vxml", legal},
  });
  REQUIRE(l.errors.empty());
  const std::vector<Finding> none = l.Of("no-route-to-human");
  REQUIRE(none.size() == 1);
  CHECK(l.program.file_of(none[0].location) == "app/info.vxml");
}

// Each caller of a callee gets a copy, and so does each call in a copy:
// 24 levels of helpers each calling the next twice would make 2^24 copies.
// They stop at as many nodes again as the graph had (and 65,536), and a
// helper calling itself shares itself rather than copying without end.
TEST_CASE("subdialog: copies are bounded, however the calls nest") {
  constexpr int kLevels = 24;
  std::string body =
      "<form id=\"start\"><subdialog name=\"c\" src=\"#h0\"/>"
      "<transfer name=\"agent\" dest=\"tel:+18005550100\"/>"
      "</form>";
  for (int i = 0; i < kLevels; ++i) {
    const std::string next = "#h" + std::to_string(i + 1);
    body += "<form id=\"h" + std::to_string(i) + "\">";
    if (i + 1 < kLevels) {
      body += "<subdialog name=\"a" + std::to_string(i) + "\" src=\"" + next +
              "\"/><subdialog name=\"b" + std::to_string(i) + "\" src=\"" +
              next + "\"/>";
    } else {
      body += "<subdialog name=\"self\" src=\"#h" + std::to_string(i) +
              "\" cond=\"again\"/>";
    }
    body += "<block><return/></block></form>";
  }
  Loaded l = LoadOne(body);
  REQUIRE(l.errors.empty());
  const std::size_t nodes = boost::num_vertices(l.program.graph);
  CHECK(nodes > 2 * 6 * kLevels);  // some copies were made
  CHECK(nodes < 2 * (1u << 16));
  CHECK(l.Of("automatic-loop").size() <= 1);  // the recursion may loop
}

// A subdialog's context is the call's, wherever its <goto>s lead: the
// <return> of a document it goes on to was "outside a subdialog".
TEST_CASE("subdialog: a return in a document the callee goes to returns") {
  Loaded l = Load({
      {"app/main.vxml",
       "<vxml><form id=\"f\"><subdialog name=\"s\" src=\"sub.vxml\"/>"
       "<transfer name=\"agent\" dest=\"tel:+18005550100\"/></form></vxml>"},
      {"app/sub.vxml",
       "<vxml><form id=\"a\"><block><goto next=\"other.vxml\"/></block>"
       "</form></vxml>"},
      {"app/other.vxml",
       "<vxml><form id=\"o\"><block><return/></block></form></vxml>"},
  });
  REQUIRE(l.errors.empty());
  CHECK(l.Edges("o/return", "agent").size() == 1);
  CHECK(l.Edges("o/return").size() == 1);
}

// Each callee's walk to its returns may cover most of the document: 400
// helpers leading into one chain of 1,000 blocks would walk 400,000 nodes.
// Past a bound (a multiple of the graph) the walks stop, and a document's
// returns go back to every caller of the document, as they all once did.
TEST_CASE("subdialog: the walks to the returns are bounded by the graph") {
  constexpr int kHelpers = 400;
  constexpr int kChain = 1000;
  std::string body = "<form id=\"start\">";
  for (int i = 0; i < kHelpers; ++i) {
    body += "<subdialog name=\"c" + std::to_string(i) + "\" src=\"#h" +
            std::to_string(i) + "\"/>";
  }
  body += "<transfer name=\"agent\" dest=\"tel:+18005550100\"/></form>";
  for (int i = 0; i < kHelpers; ++i) {
    body += "<form id=\"h" + std::to_string(i) +
            "\"><block><goto next=\"#k0\"/></block></form>";
  }
  for (int i = 0; i < kChain; ++i) {
    body += "<form id=\"k" + std::to_string(i) + "\"><block><goto next=\"#k" +
            std::to_string(i + 1) + "\"/></block></form>";
  }
  body += "<form id=\"k" + std::to_string(kChain) +
          "\"><block><return/></block></form>"
          "<form id=\"orphan\"><block><return/></block></form>";
  Loaded l = LoadOne(body);
  REQUIRE(l.errors.empty());
  const std::string last = "k" + std::to_string(kChain) + "/return";
  CHECK(l.Edges(last).size() == kHelpers);
  // The walks that ran out left the document's every return to every caller
  // of theirs: 'orphan' too, which no helper reaches.
  CHECK(l.Edges("orphan/return").size() > 1);
  CHECK(l.Edges("orphan/return", "orphan/return/no-caller").empty());
}

// What follows a <return> is the caller's: a dynamic target in a caller's
// <filled> is reported there, once per caller (it was one note, in the
// callee, at its <return>).
TEST_CASE("subdialog: what follows the return is reported at each caller") {
  const std::string caller =
      "<vxml><form id=\"f\"><subdialog name=\"s\" src=\"sub.vxml\"><filled>"
      "<goto expr=\"s.target\"/></filled></subdialog></form></vxml>";
  std::string first = caller;  // which also goes on to the other caller
  first.insert(first.find("<subdialog"),
               "<block><if cond=\"x\"><goto next=\"b.vxml\"/></if></block>");
  Loaded l = Load({
      {"app/a.vxml", first},
      {"app/b.vxml", caller},
      {"app/sub.vxml",
       "<vxml><form id=\"c\"><block><return namelist=\"x\"/></block></form>"
       "</vxml>"},
  });
  REQUIRE(l.errors.empty());
  std::vector<std::string> at;
  for (const Finding& f : l.Of("dynamic-target")) {
    at.push_back(l.program.file_of(f.location));
  }
  std::sort(at.begin(), at.end());
  std::string joined;
  for (const std::string& a : at) joined += a + ";";
  CHECK(joined == "app/a.vxml;app/b.vxml;");
}

TEST_CASE("targets: submit and expressions are dynamic, literals resolve") {
  Loaded l = LoadOne(
      "<form id=\"f\"><block><goto expr=\"'#g'\"/></block></form>"
      "<form id=\"g\"><field name=\"a\" type=\"digits\"><filled>"
      "<if cond=\"a=='1'\"><goto expr=\"next\"/><elseif cond=\"a=='2'\"/>"
      "<goto next=\"http://x.example/a.vxml\"/></if>"
      "<submit next=\"save.jsp\"/></filled></field></form>");
  CHECK(l.Edges("f.block1", "g").size() == 1);
  CHECK(l.NodeOf("expr=next").kind == NodeKind::kExternal);
  std::vector<std::string> findings = l.Findings();
  CHECK(std::count(findings.begin(), findings.end(), "dynamic-target a/if@1") == 2);
}

// §5.3.7: expritem names an item of the running form, whatever it
// computes: a branch to each, not a dynamic target. Both blocks were
// "unreachable" behind the expression.
TEST_CASE("targets: a computed expritem branches to the form's items") {
  Loaded l = LoadOne(
      "<form id=\"f\"><field name=\"order\" type=\"boolean\"><filled>"
      "<goto expritem=\"order ? 'b1' : 'b2'\"/></filled></field>"
      "<block name=\"b1\"><prompt>one</prompt></block>"
      "<block name=\"b2\"><disconnect/></block></form>");
  REQUIRE(l.errors.empty());
  std::vector<std::string> labels;
  for (const Edge& e : l.Edges("order/expritem@1")) {
    CHECK(e.kind == EdgeKind::kCondition);
    labels.emplace_back(e.label);
  }
  CHECK(labels == std::vector<std::string>{"order ? 'b1' : 'b2' == 'order'",
                                           "order ? 'b1' : 'b2' == 'b1'",
                                           "order ? 'b1' : 'b2' == 'b2'"});
  const std::string found = l.Joined();
  CHECK(found.find("unreachable") == std::string::npos);
  CHECK(found.find("dynamic-target") == std::string::npos);
  // An anonymous item's name is the interpreter's own: no branch to it.
  Loaded anonymous = LoadOne(
      "<form id=\"f\"><block><disconnect/></block><field name=\"a\" "
      "type=\"digits\"><nomatch><goto "
      "expritem=\"q\"/></nomatch></field></form>");
  for (const Edge& e : anonymous.Edges("a/expritem@1")) {
    CHECK(std::string_view(e.label).find("f.block1") == std::string_view::npos);
  }
  CHECK(anonymous.Edges("a/expritem@1").size() == 1);
}

// Beyond a target known only at run time a person may answer: "no route
// reaches a human" is then a warning about the routes ivrscope can follow,
// and unreachable says what it could not follow. A flow that submits its
// caller to a server was an error, "callers can only hang up".
TEST_CASE("targets: past a dynamic target, no-route-to-human is not proven") {
  Loaded l = LoadOne(
      "<form id=\"f\"><field name=\"a\" type=\"digits\"><filled>"
      "<submit next=\"save.jsp\"/></filled></field>"
      "<block><disconnect/></block></form><form id=\"lost\"><block>x</block>"
      "</form>");
  REQUIRE(l.errors.empty());
  std::string route;
  for (const Finding& f : l.Of("no-route-to-human")) {
    CHECK(f.severity == Severity::kWarning);
    route = f.message;
  }
  CHECK(route.starts_with("no route ivrscope can follow from the start"));
  CHECK(route.find("see dynamic-target") != std::string::npos);
  CHECK(l.FindingAt("unreachable")
            .find("a route goes on at a target ivrscope does not "
                  "follow") != std::string::npos);
  Loaded closed = LoadOne(
      "<form id=\"f\"><field name=\"a\" type=\"digits\"><filled>"
      "<disconnect/></filled></field></form>");
  for (const Finding& f : closed.Of("no-route-to-human")) {
    CHECK(f.severity == Severity::kError);
  }
}

// A document ivrscope does not fetch is as open as an expression: a person
// may answer there. A menu whose "1" went to http://.../sales.vxml was an
// error, "callers can only hang up" (13 such errors in the corpus).
TEST_CASE(
    "targets: past an http: document or server page, no-route-to-human is not "
    "proven") {
  const char* kTargets[] = {
      "<choice dtmf=\"1\" next=\"http://example.com/sales.vxml\"/>",
      "<choice dtmf=\"1\" next=\"/app/sales.jsp\"/>",
      "<choice dtmf=\"1\" next=\"sales.php\"/>",
      "<choice dtmf=\"1\" next=\"?page=sales\"/>",
  };
  for (const char* target : kTargets) {
    CAPTURE(target);
    Loaded l = LoadOne(std::string("<menu id=\"m\">") + target +
                       "<choice dtmf=\"2\" next=\"#bye\"/></menu>"
                       "<form id=\"bye\"><block><exit/></block></form>");
    REQUIRE(l.errors.empty());
    const std::vector<Finding> found = l.Of("no-route-to-human");
    REQUIRE(found.size() == 1);
    CHECK(found[0].severity == Severity::kWarning);
    CHECK(found[0].message.starts_with("no route ivrscope can follow"));
    CHECK(l.Of("dynamic-target").empty());  // nothing computed at run time
  }
}

TEST_CASE("dynamic-target: one note per expression, at the expression") {
  // Each option of the field leads to the <goto expr> of its <filled>: the
  // note was given once per option, at the option's line.
  Loaded l = LoadOne(
      "<form id=\"f\">\n<field name=\"c\">\n<option dtmf=\"1\">one</option>\n"
      "<option dtmf=\"2\">two</option>\n<filled>\n<goto expr=\"dest\"/>\n"
      "</filled></field></form>");
  REQUIRE(l.errors.empty());
  const std::vector<Finding> notes = l.Of("dynamic-target");
  REQUIRE(notes.size() == 1);
  CHECK(notes[0].location.line == 6);  // the <goto>, not an <option>
  CHECK(notes[0].message.find("expr=\"dest\"") != std::string::npos);
}

// An event named by an expression goes to a handler no one can name before
// the call: a dynamic target, as a computed goto is. It was a stop ("which
// handler catches it is unknown"): a dead-end warning and an error that
// callers can only hang up, on a menu whose 0 reaches an operator.
TEST_CASE("targets: an event computed by eventexpr is a dynamic target") {
  const std::string agent =
      "<form id=\"agent\"><transfer name=\"t\" dest=\"tel:+18005550101\" "
      "bridge=\"true\"><filled><disconnect/></filled></transfer></form>";
  const std::string menu_end =
      "<choice dtmf=\"2\" next=\"#bye\">bye</choice></menu>"
      "<form id=\"bye\"><block><disconnect/></block></form>";
  struct Case {
    const char* what;
    std::string text;
    const char* expr;
  } const cases[] = {
      {"link",
       "<link dtmf=\"0\" eventexpr=\"app.op\"/><menu id=\"m\">" + menu_end +
           agent,
       "app.op"},
      {"choice",
       "<menu id=\"m\"><choice dtmf=\"0\" eventexpr=\"'e.' + x\"/>" + menu_end +
           agent,
       "'e.' + x"},
      {"throw",
       "<form id=\"f\"><block><throw eventexpr=\"e\"/></block></form>" + agent,
       "e"},
      {"return",
       "<form id=\"f\"><subdialog name=\"s\" src=\"#h\"><filled>"
       "<disconnect/></filled></subdialog></form><form id=\"h\">"
       "<block><return eventexpr=\"ev\"/></block></form>" +
           agent,
       "ev"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.what);
    Loaded l = LoadOne(c.text);
    REQUIRE(l.errors.empty());
    const std::vector<Finding> notes = l.Of("dynamic-target");
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].message.find("eventexpr=\"" + std::string(c.expr) + "\"") !=
          std::string::npos);
    CHECK(l.Of("dead-end").empty());
    for (const Finding& f : l.Of("no-route-to-human")) {
      CHECK(f.severity ==
            Severity::kWarning);  // not proven: a person may answer
    }
  }
  // A <return eventexpr> no call leads to is error.semantic, as a plain one.
  Loaded stray = LoadOne(
      "<form id=\"f\"><block><return eventexpr=\"ev\"/></block></form>");
  CHECK(stray.Of("dynamic-target").empty());
  CHECK(stray.NodeOf("f/return:eventexpr/no-caller").kind == NodeKind::kStop);
}

TEST_CASE("targets: climbing out of the input's root is broken, and not read") {
  Loaded l = Load({{"app/main.vxml",
                    "<vxml>\n<form id=\"f\"><block><goto next=\"../../etc/x.vxml\"/>"
                    "</block></form></vxml>"},
                   {"etc/x.vxml", "<vxml><form/></vxml>"}});
  CHECK(l.FindingAt("broken-target") ==
        "app/main.vxml:2 ../../etc/x.vxml cannot be followed: "
        "'../../etc/x.vxml' leads to '../etc/x.vxml', outside the analysed "
        "directory 'app': it is not read");
  CHECK(l.program.files.size() == 1);
}

TEST_CASE("targets: a missing dialog or document is a broken target") {
  Loaded l = LoadOne(
      "<form id=\"f\"><block><goto next=\"#nowhere\"/></block>"
      "<block><goto next=\"gone.vxml\"/></block></form>");
  std::vector<std::string> findings = l.Findings();
  CHECK(std::count(findings.begin(), findings.end(), "broken-target f.block1") == 1);
}

TEST_CASE("entries: unnamed documents are entries, named ones and roots not") {
  MemoryReader reader;
  std::vector<VoicexmlInput> inputs;
  auto add = [&](std::string path, std::string text) {
    reader.Add(path, text);
    inputs.push_back({path, "d", false, text});
  };
  add("d/a.vxml", "<vxml application=\"r.vxml\"><form><block><goto next=\"b.vxml\"/></block></form></vxml>");
  add("d/b.vxml", "<vxml application=\"r.vxml\"><form><block><exit/></block></form></vxml>");
  add("d/r.vxml", "<vxml><form id=\"op\"><block><exit/></block></form></vxml>");
  VoicexmlLoad r = LoadVoicexml(inputs, {}, reader);
  REQUIRE(r.fragment.flows.size() == 1);
  CHECK(r.fragment.flows[0].name == "d/a.vxml");
}

// The root that keeps the main menu, each leaf naming it as its root: named
// on the command line it was no entry (the leaf it leads to was, its menu
// unreachable and "no route to a human" at the leaf), and in a directory
// the cycle of names was entered at the leaf.
TEST_CASE(
    "entries: a root named on the command line, or leading into its "
    "leaves, is where the call starts") {
  const std::string root =
      "<vxml><menu id=\"main\"><choice dtmf=\"1\" next=\"pay.vxml\"/>"
      "<choice dtmf=\"2\" next=\"#op\"/></menu><form id=\"op\">"
      "<transfer name=\"t\" dest=\"tel:+18005550111\"/></form></vxml>";
  const std::string leaf =
      "<vxml application=\"root.vxml\"><form id=\"pay\"><field name=\"amt\" "
      "type=\"digits\"><filled><disconnect/></filled></field></form></vxml>";
  for (const bool named : {true, false}) {
    CAPTURE(named);
    MemoryReader reader;
    reader.Add("d/root.vxml", root);
    reader.Add("d/pay.vxml", leaf);
    std::vector<VoicexmlInput> inputs = {{"d/root.vxml", "d", named, root}};
    if (!named) inputs.push_back({"d/pay.vxml", "d", false, leaf});
    VoicexmlLoad r = LoadVoicexml(inputs, {}, reader);
    REQUIRE(r.fragment.flows.size() == 1);
    CHECK(r.fragment.flows[0].name == "d/root.vxml");
    CHECK(r.fragment.nodes[r.fragment.flows[0].start].id == "main");
  }
  // A root whose dialogs lead nowhere new is still no entry.
  MemoryReader reader;
  const std::string lone =
      "<vxml><form id=\"op\"><block><exit/></block>"
      "</form></vxml>";
  reader.Add("d/root.vxml", lone);
  reader.Add("d/pay.vxml", leaf);
  VoicexmlLoad r = LoadVoicexml(
      {{"d/root.vxml", "d", false, lone}, {"d/pay.vxml", "d", false, leaf}}, {},
      reader);
  REQUIRE(r.fragment.flows.size() == 1);
  CHECK(r.fragment.flows[0].name == "d/pay.vxml");
}

TEST_CASE("refusals: malformed, not VoiceXML, templated, badfetch") {
  CHECK(FirstError({{"a/x.vxml", "<vxml>\n  <form></vxml>"}}) ==
        "a/x.vxml:2:11: error: malformed XML: Start-end tags mismatch");
  CHECK(FirstError({{"a/x.vxml", "<grammar/>"}}) ==
        "a/x.vxml:1:1: error: not a VoiceXML document: the root element is <grammar>");
  CHECK(FirstError({{"a/x.txml",
                     "<vxml xmlns:conf=\"http://www.w3.org/2002/vxml-conformance\">\n"
                     "<form><block><conf:pass/></block></form></vxml>"}}) ==
        "a/x.txml:2:14: error: templated W3C test document: <conf:pass> must "
        "first be expanded by the test suite's generator (XSLT)");
  CHECK(FirstError({{"a/x.vxml",
                     "<vxml><form>\n<block><goto next=\"#a\" expr=\"b\"/></block>"
                     "</form></vxml>"}}) ==
        "a/x.vxml:2:8: error: <goto> needs exactly one of next, expr, "
        "nextitem, expritem (VoiceXML raises error.badfetch)");
  // A <throw/> of nothing was a dead end "of an event computed at run time";
  // one of both threw the event and dropped the expression.
  for (const char* element : {"throw", "throw event=\"a\" eventexpr=\"b\"",
                              "submit", "submit next=\"a.jsp\" expr=\"b\""}) {
    CAPTURE(element);
    const std::string name =
        std::string(element).substr(0, std::string(element).find(' '));
    CHECK(
        FirstError({{"a/x.vxml", std::string("<vxml><form>\n<block><") +
                                     element + "/></block></form></vxml>"}}) ==
        "a/x.vxml:2:8: error: <" + name + "> needs exactly one of " +
            (name == "throw" ? "event, eventexpr" : "next, expr") +
            " (VoiceXML raises error.badfetch)");
  }
  CHECK(FirstError({{"a/x.vxml",
                     "<vxml><form id=\"a\"/>\n<menu id=\"a\"/></vxml>"}}) ==
        "a/x.vxml:2:7: error: duplicate dialog id 'a' (first defined at line 1; "
        "VoiceXML raises error.badfetch)");
  // A form item in executable content: the branch holding it was drawn as
  // running out of items, a false dead end and "no human" behind it.
  for (const char* item :
       {"transfer dest=\"tel:+1555\"", "subdialog src=\"s.vxml\"", "field",
        "block", "record", "object", "initial"}) {
    CAPTURE(item);
    const std::string name =
        std::string(item).substr(0, std::string(item).find(' '));
    CHECK(FirstError({{"a/x.vxml",
                       std::string("<vxml><form><field name=\"a\"><filled>"
                                   "<if cond=\"a\">\n<") +
                           item + "/></if></filled></field></form></vxml>"}}) ==
          "a/x.vxml:2:1: error: <" + name +
              "> inside <if>: a form item stands "
              "directly in a <form> (VoiceXML raises error.badfetch)");
  }
  CHECK(
      FirstError({{"a/x.vxml", "<vxml>\n<block/></vxml>"}}) ==
      "a/x.vxml:2:1: error: <block> inside <vxml>: a form item stands directly "
      "in a <form> (VoiceXML raises error.badfetch)");
}

TEST_CASE("deep <if> nesting does not recurse") {
  std::string body = "<form id=\"f\"><block>";
  // As deep as XmlSource lets a document be (vxml, form and block above).
  const int depth = static_cast<int>(XmlSource::kMaxDepth) - 4;
  for (int i = 0; i < depth; ++i) body += "<if cond=\"c\">";
  body += "<exit/>";
  for (int i = 0; i < depth; ++i) body += "</if>";
  body += "</block></form>";
  Loaded l = LoadOne(body);
  CHECK(l.errors.empty());
  CHECK(boost::num_vertices(l.program.graph) > static_cast<std::size_t>(depth));
}

TEST_CASE("<if> nested 20,000 deep is refused where it passes the depth limit") {
  std::string body = "<form id=\"f\"><block>";
  for (int i = 0; i < 20000; ++i) body += "<if cond=\"c\">";
  body += "<exit/>";
  for (int i = 0; i < 20000; ++i) body += "</if>";
  body += "</block></form>";
  Loaded l = LoadOne(body);
  REQUIRE(l.errors.size() == 1);
  CHECK(l.errors[0].ToString() ==
        "app/main.vxml:1:3330: error: elements are nested more than 256 deep");
}

// ---- applications built apart (LoadVoicexml splits and merges) ----

std::vector<std::string> FlowNames(const Fragment& f) {
  std::vector<std::string> names;
  for (const Flow& flow : f.flows) names.emplace_back(flow.name);
  return names;
}

// Inputs found in directories (not named on the command line), all in memory.
VoicexmlLoad LoadFound(const Files& files, int jobs) {
  MemoryReader reader;
  std::vector<VoicexmlInput> inputs;
  for (const auto& [path, text] : files) {
    reader.Add(path, text);
    inputs.push_back({path, path.substr(0, path.find('/')), false, text});
  }
  LoadOptions options;
  options.jobs = jobs;
  return LoadVoicexml(inputs, options, reader);
}

TEST_CASE(
    "applications: a malformed document both fetched and found is one error") {
  // a.vxml's application fetches b.vxml and is refused it; b.vxml, found in
  // the directory too, is refused again in its own: it was listed twice, and
  // the summary counted two inputs not analysed.
  const Files files = {
      {"d/a.vxml",
       "<vxml><form id=\"f\"><block><goto next=\"b.vxml\"/></block></form>"
       "</vxml>"},
      {"d/b.vxml", "<vxml>\n<form id=\"g\"><block>\n</vxml>"},
      {"d/c.vxml",
       "<vxml><form id=\"h\"><block><goto next=\"./b.vxml\"/></block>"
       "</form></vxml>"}};
  for (int jobs : {1, 2}) {
    CAPTURE(jobs);
    VoicexmlLoad r = LoadFound(files, jobs);
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].ToString() ==
          "d/b.vxml:3:3: error: malformed XML: Start-end tags mismatch");
  }
}

TEST_CASE(
    "applications: nodes made wiring returns belong to the last document "
    "built") {
  // The one-pass loader gave the nodes it made while wiring <return>s (here
  // help.vxml's "no caller" stop) to the document it had built last: b's
  // sub.vxml once b is analysed too. So help.vxml's flow "reaches" that
  // document, a/sub.vxml (reached by nothing else) becomes a flow of its
  // own, and b/sub.vxml does not. Built apart, the applications must agree.
  Files files;
  for (const std::string d : {"a/", "b/"}) {
    files.push_back({d + "help.vxml",
                     "<vxml><form><block><return/></block></form></vxml>"});
    files.push_back({d + "leaf.vxml",
                     "<vxml><form><block><goto "
                     "next=\"main.vxml#m\"/></block></form></vxml>"});
    files.push_back(
        {d + "main.vxml",
         "<vxml><form id=\"f\"><subdialog name=\"s\" src=\"sub.vxml\"/></form>"
         "<menu id=\"m\"><choice dtmf=\"1\" "
         "next=\"#m\">m</choice></menu></vxml>"});
    files.push_back({d + "sub.vxml",
                     "<vxml><form id=\"s\"><block><return "
                     "event=\"oops\"/></block></form></vxml>"});
  }
  const std::vector<std::string> expected = {
      "a/help.vxml", "a/leaf.vxml", "b/help.vxml", "b/leaf.vxml", "a/sub.vxml"};
  for (int jobs : {1, 2}) {
    CAPTURE(jobs);
    VoicexmlLoad r = LoadFound(files, jobs);
    CHECK(r.errors.empty());
    CHECK(FlowNames(r.fragment) == expected);
    CHECK(r.fragment.files ==
          std::vector<std::string>{"a/help.vxml", "a/leaf.vxml", "a/main.vxml",
                                   "a/sub.vxml", "b/help.vxml", "b/leaf.vxml",
                                   "b/main.vxml", "b/sub.vxml"});
  }
}

TEST_CASE(
    "applications: interleaved inputs keep one-pass file, flow and error "
    "order") {
  // x1 and x2 are one application (x2 names x3, not an input, and a broken
  // document), y1 another; inputs interleave them.
  MemoryReader reader;
  auto add = [&](const std::string& path, const std::string& text) {
    reader.Add(path, text);
    return VoicexmlInput{path, "d", true, text};
  };
  reader.Add("d/x3.vxml",
             "<vxml><form id=\"x3\"><block><exit/></block></form></vxml>");
  reader.Add("d/bad.vxml", "<vxml><form id=\"z\"/><form id=\"z\"/></vxml>");
  std::vector<VoicexmlInput> inputs = {
      add("d/x1.vxml",
          "<vxml><form><block><goto next=\"x2.vxml\"/></block></form></vxml>"),
      add("d/y1.vxml",
          "<vxml><form><block><goto next=\"y2.vxml\"/></block></form></vxml>"),
      add("d/x2.vxml",
          "<vxml><form><block><goto next=\"x3.vxml\"/></block></form>"
          "<form id=\"q\"><block><goto "
          "next=\"bad.vxml\"/></block></form></vxml>"),
      add("d/dup.vxml", "<vxml><menu id=\"a\"/><menu id=\"a\"/></vxml>"),
  };
  reader.Add(
      "d/y2.vxml",
      "<vxml><form><block><goto next=\"#nowhere\"/></block></form></vxml>");
  std::vector<std::string> first_errors;
  for (int jobs : {1, 3}) {
    CAPTURE(jobs);
    LoadOptions options;
    options.jobs = jobs;
    VoicexmlLoad r = LoadVoicexml(inputs, options, reader);
    // Inputs first, in input order (dup.vxml keeps its slot), then the
    // documents found, in the order the one pass built their namers.
    // bad.vxml is refused only once declared, so it keeps a slot too.
    CHECK(r.fragment.files ==
          std::vector<std::string>{"d/x1.vxml", "d/y1.vxml", "d/x2.vxml",
                                   "d/dup.vxml", "d/y2.vxml", "d/x3.vxml",
                                   "d/bad.vxml"});
    CHECK(FlowNames(r.fragment) ==
          std::vector<std::string>{"d/x1.vxml", "d/y1.vxml", "d/x2.vxml"});
    std::vector<std::string> errors;
    for (const Diagnostic& e : r.errors) errors.push_back(e.ToString());
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].find("d/dup.vxml") == 0);
    CHECK(errors[1].find("d/bad.vxml") == 0);
    if (first_errors.empty()) first_errors = errors;
    CHECK(errors == first_errors);
  }
}

TEST_CASE("uris: '#dialog' stays in the document, spaces aside") {
  using vxml::UriPath;
  UriPath p = vxml::ResolveUri("  #menu2 ", "d/a.vxml", "", "d");
  CHECK(p.kind == UriPath::Kind::kSameDocument);
  CHECK(p.fragment == "menu2");
  p = vxml::ResolveUri("#a?b", "d/a.vxml", "http://example.com/", "d");
  CHECK(p.kind == UriPath::Kind::kSameDocument);  // xml:base plays no part
  CHECK(p.fragment == "a?b");
}

TEST_CASE(
    "uris: a query-only reference asks the server for another page, not this "
    "file") {
  // grammar_links.vxml in the corpus, saved from index.php: its
  // <goto next="?page=goodbye"/> read as this document made a retry loop.
  using vxml::UriPath;
  for (const char* uri : {"?page=goodbye", " ?x=1#m", "?"}) {
    CAPTURE(uri);
    UriPath p = vxml::ResolveUri(uri, "d/a.vxml", "", "d");
    CHECK(p.kind == UriPath::Kind::kExternal);
    CHECK(p.why.find("server") != std::string::npos);
  }
  // A query on a named document is still that document (the query is for a
  // server that would serve the same file).
  UriPath p = vxml::ResolveUri("b.vxml?x=1#m", "d/a.vxml", "", "d");
  CHECK(p.kind == UriPath::Kind::kFile);
  CHECK(p.fragment == "m");
}

TEST_CASE("conditions: a test of one variable against literals folds") {
  struct {
    const char* cond;
    const char* value;
    std::optional<bool> holds;
  } const cases[] = {
      {"lang == 'English'", "English", true},
      {"lang=='English'", "French", false},
      {"'English' == lang", "English", true},
      {"lang === \"fr\"", "fr", true},
      {"lang != 'fr'", "fr", false},
      {"lang !== 'fr'", "en", true},
      {"lang == 'en' || lang == 'fr'", "fr", true},
      {"lang == 'en' || lang == 'fr'", "de", false},
      {"lang != 'en' && lang != 'fr'", "de", true},
      {"lang == 1", "1", true},
      {"lang == 1", "01", true},  // ECMAScript's loose equality
      {"lang == 10", "1", false},
      {"lang == 99999999999999999999999", "99999999999999999999999", true},
      {"lang == 'a||b'", "a||b", true},  // the operator inside a literal
      // Not known statically: left to the run time (both arms stay).
      {"lang === 1", "1", std::nullopt},
      {"lang == 1", "one", std::nullopt},
      {"other == 'en'", "en", std::nullopt},
      {"lang.length == 2", "en", std::nullopt},
      {"lang == x", "en", std::nullopt},
      {"lang", "en", std::nullopt},
      {"!lang", "en", std::nullopt},
      {"lang = 'en'", "en", std::nullopt},
      {"(lang == 'en')", "en", std::nullopt},
      {"lang == 'en' || lang == 'fr' && x", "en", std::nullopt},
      {"lang == 'it\\'s'", "it's", std::nullopt},
      {"lang == 'open", "open", std::nullopt},
      {"", "en", std::nullopt},
  };
  for (const auto& c : cases) {
    CAPTURE(c.cond);
    CAPTURE(c.value);
    CHECK(vxml::FoldValueTest(c.cond, "lang", c.value) == c.holds);
  }
}

// "Press 1 for English, 2 for French", then <if cond="lang == 'English'">:
// built as one branch, each key could take every arm, so the <else> that no
// option reaches was a dead end (7 in the corpus) and the French transfer
// was reached by "1".
TEST_CASE("fields: each option goes to the arm of the <if> its value selects") {
  const std::string kField =
      "<field name=\"lang\"><option dtmf=\"1\">English</option>"
      "<option dtmf=\"2\" value=\"fr\">French</option>"
      "<option dtmf=\"3\">Deutsch</option>";
  const std::string kFilled =
      "<filled><prompt>Thanks.</prompt><assign name=\"x\" expr=\"1\"/>"
      "<if cond=\"lang == 'English'\"><goto next=\"#en\"/>"
      "<elseif cond=\"lang == 'fr'\"/><goto next=\"#fr\"/>"
      "<else/><prompt>Sorry.</prompt></if></filled>";
  const std::string kDialogs =
      "<form id=\"en\"><block><disconnect/></block></form>"
      "<form id=\"fr\"><block><disconnect/></block></form>";
  Loaded l = LoadOne("<form id=\"f\">" + kField + kFilled + "</field></form>" +
                     kDialogs);
  REQUIRE(l.errors.empty());
  const std::vector<Edge> en = l.Edges("lang", "en");
  REQUIRE(en.size() == 1);
  CHECK(std::string_view(en[0].key) == "1");
  const std::vector<Edge> fr = l.Edges("lang", "fr");
  REQUIRE(fr.size() == 1);
  CHECK(std::string_view(fr[0].key) == "2");
  // Deutsch takes the <else>, which falls out of the form: its implicit exit.
  CHECK(l.Edges("lang", "f/implicit-exit").size() == 1);
  CHECK(l.All("lang/if@1").empty());  // no branch left to take

  // One <if> after another, on the items of an inline DTMF grammar and
  // numbers (VXMLUnit's dtmf.vxml): "3" passes the first two tests by.
  Loaded sequence = LoadOne(
      "<form id=\"f\"><field name=\"o\"><grammar mode=\"dtmf\" root=\"r\">"
      "<rule id=\"r\"><one-of><item> 1 </item><item>2</item><item>3</item>"
      "</one-of></rule></grammar><filled>"
      "<if cond=\"o == 1\"><goto next=\"#en\"/></if>"
      "<if cond=\"o == 2\"><goto next=\"#fr\"/></if>"
      "<if cond=\"o ==3\"><goto next=\"#en\"/></if>"
      "</filled></field></form>" +
      kDialogs);
  REQUIRE(sequence.errors.empty());
  CHECK(sequence.Edges("o", "en").size() == 2);
  CHECK(sequence.Edges("o", "fr").size() == 1);
  CHECK(sequence.Of("dead-end").empty());  // no key falls out of the form

  // An option's value is its text with the ends trimmed, the inside kept
  // (§2.3.1.3).
  Loaded spaced = LoadOne(
      "<form id=\"f\"><field name=\"c\"><option dtmf=\"1\">\n New  York "
      "</option><filled><if cond=\"c == 'New  York'\"><goto next=\"#en\"/>"
      "<else/><goto next=\"#fr\"/></if></filled></field></form>" +
      kDialogs);
  CHECK(spaced.Edges("c", "en").size() == 1);
  CHECK(spaced.Edges("c", "fr").empty());

  // Where a value can come from elsewhere, or change, the branch stays.
  const std::string kOpen[] = {
      // a form-level grammar fills the field with anything
      "<form id=\"f\"><grammar src=\"all.grxml\"/>" + kField + kFilled +
          "</field></form>",
      // so does a builtin type or an external grammar
      "<form id=\"f\">" +
          std::string(kField).replace(0, 18,
                                      "<field name=\"lang\" type=\"digits\"") +
          kFilled + "</field></form>",
      "<form id=\"f\">" + kField + "<grammar src=\"more.grxml\"/>" + kFilled +
          "</field></form>",
      // the value is changed before the test
      "<form id=\"f\">" + kField +
          "<filled><assign name=\"lang\" expr=\"'fr'\"/>" + kFilled.substr(8) +
          "</field></form>",
      // the test is on something else
      "<form id=\"f\">" + kField +
          "<filled><if cond=\"hour &lt; 9\"><goto next=\"#en\"/></if></filled>"
          "</field></form>",
  };
  for (const std::string& form : kOpen) {
    CAPTURE(form);
    Loaded open = LoadOne(form + kDialogs);
    REQUIRE(open.errors.empty());
    bool branch = false;
    for (Vertex v = 0; v < boost::num_vertices(open.program.graph); ++v) {
      branch |= open.program.graph[v].kind == NodeKind::kBranch;
    }
    CHECK(branch);
  }
}

// §6.3.6: with universals on, saying "help" throws help wherever the caller
// is asked something; a <help> that transfers is then a way to a person
// from every menu. It was ignored, so that route was missing.
TEST_CASE("universals: the platform's commands throw their events") {
  const std::string kBody =
      "<help><goto next=\"#agent\"/></help>"
      "<menu id=\"m\"><choice dtmf=\"1\" next=\"#m\">again</choice></menu>" +
      kAgent;
  auto help_edges = [](const Loaded& l) {
    std::size_t n = 0;
    for (const Edge& e : l.Edges("m")) {
      n += std::string_view(e.phrase) == "help" &&
           std::string_view(e.label) == "universal";
    }
    return n;
  };
  Loaded off = LoadOne(kBody);
  CHECK(help_edges(off) == 0);                 // none by default
  CHECK(off.Of("dead-end-loop").size() == 1);  // "again" for ever
  Loaded on = LoadOne("<property name=\"universals\" value=\"help\"/>" + kBody);
  REQUIRE(on.errors.empty());
  CHECK(help_edges(on) == 1);
  CHECK(on.Of("dead-end-loop").empty());
  // "all" is help, cancel and exit; exit's default handler exits as <exit>
  // does (a hang-up by default), cancel's waits again.
  Loaded all = LoadOne(
      "<menu id=\"m\"><property name=\"universals\" value=\"all\"/>"
      "<choice dtmf=\"1\" next=\"#m\">again</choice></menu>");
  REQUIRE(all.errors.empty());
  std::vector<std::string> heard;
  for (const Edge& e : all.Edges("m")) {
    if (std::string_view(e.label) == "universal") heard.emplace_back(e.phrase);
  }
  CHECK(heard == std::vector<std::string>{"help", "cancel", "exit"});
  CHECK(all.NodeOf("m/uncaught:exit").kind == NodeKind::kHangup);
  CHECK(all.Of("dead-end").empty());
  // A modal item hears only its own grammar.
  Loaded modal = LoadOne(
      "<property name=\"universals\" value=\"all\"/><form id=\"f\">"
      "<field name=\"n\" type=\"digits\" modal=\"true\"/></form>");
  for (const Edge& e : modal.Edges("n")) {
    CHECK(std::string_view(e.label) != "universal");
  }
}

// §2.4: a form-level <filled> runs once the items its namelist names are
// filled (mode="all", the default: all of them; "any": any one), not always
// after the last input item: a form that hands over once a and b are known
// asked for c as well, and counted its entry.
TEST_CASE("form filled: its namelist and mode say after which item it runs") {
  auto form = [](const std::string& filled_attributes) {
    return LoadOne(
        "<form id=\"f\"><field name=\"a\" type=\"digits\"/>"
        "<field name=\"b\" type=\"digits\"/>"
        "<field name=\"c\" type=\"digits\"/><filled" +
        filled_attributes + "><goto next=\"#agent\"/></filled></form>" +
        kAgent);
  };
  struct {
    std::string attributes;
    std::string runs_after;  // the items whose filling runs it
  } const cases[] = {
      {"", "c"},  // every field item, all of them
      {" namelist=\"a b\"", "b"},
      {" mode=\"all\" namelist=\"dialog.b a\"", "b"},
      {" mode=\"any\" namelist=\"b c\"", "bc"},
      {" mode=\"any\"", "abc"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.attributes);
    Loaded l = form(c.attributes);
    REQUIRE(l.errors.empty());
    std::string runs_after;
    for (const char* item : {"a", "b", "c"}) {
      if (!l.Edges(item, "agent").empty()) runs_after += item;
    }
    CHECK(runs_after == c.runs_after);
  }
  // mode="any" runs again after each item it names, when it falls through.
  Loaded each = LoadOne(
      "<form id=\"f\"><field name=\"a\" type=\"digits\"/>"
      "<field name=\"b\" type=\"digits\"/><filled mode=\"any\">"
      "<if cond=\"a == 1\"><goto next=\"#agent\"/></if></filled></form>" +
      kAgent);
  CHECK(each.Edges("a/if@1").size() == 2);  // to the agent, or on to b
  CHECK(each.Edges("b/if@1").size() == 2);  // to the agent, or out
}

// Appendix C runs the triggered <filled>s in document order: a form-level
// one above the field ran after the field's own, which had left the form,
// so its "0 for an agent" was never reached (no route to a human).
TEST_CASE("form filled: one before the field runs before the field's own") {
  Loaded l = LoadOne(
      "<form id=\"f\"><filled mode=\"any\" namelist=\"acct\"><if "
      "cond=\"acct == '0'\"><goto next=\"#agent\"/></if></filled>"
      "<field name=\"acct\" type=\"digits\"><filled><goto next=\"#bye\"/>"
      "</filled></field><filled mode=\"any\" namelist=\"acct\">"
      "<goto next=\"#late\"/></filled></form>"
      "<form id=\"bye\"><block><disconnect/></block></form>"
      "<form id=\"late\"><block><disconnect/></block></form>" +
      kAgent);
  REQUIRE(l.errors.empty());
  REQUIRE(l.Edges("acct", "acct/if@1").size() == 1);  // the answer
  CHECK(l.Edges("acct", "bye").empty());
  const std::vector<std::string> arms = l.Targets(l.Find("acct/if@1"));
  CHECK(std::count(arms.begin(), arms.end(), "agent") == 1);
  CHECK(std::count(arms.begin(), arms.end(), "bye") == 1);  // falls through
  CHECK(l.Of("no-route-to-human").empty());
  // The one after the field runs after its own, which leaves first.
  CHECK(l.Joined().find("unreachable late;") != std::string::npos);
}

// A menu's choices are its <choice>s: a choice said three ways was three
// choices, and a document's links and the platform's commands counted as
// the menu's own.
TEST_CASE("menu-too-wide: choices are elements, commands in scope are not") {
  std::string choices;
  for (int i = 1; i <= 5; ++i) {
    choices += "<choice dtmf=\"" + std::to_string(i) + "\" next=\"#m\">c" +
               std::to_string(i) + "</choice>";
  }
  Loaded narrow = LoadOne(
      "<property name=\"universals\" value=\"all\"/>"
      "<link dtmf=\"9\" next=\"#m\"/><menu id=\"m\">" +
      choices + "</menu>");
  REQUIRE(narrow.errors.empty());
  CHECK(narrow.Of("menu-too-wide").empty());
  Loaded spoken = LoadOne(
      "<menu id=\"m\">" + choices +
      "<choice next=\"#m\"><grammar root=\"r\"><rule id=\"r\"><one-of>"
      "<item>six</item><item>sechs</item><item>six please</item></one-of>"
      "</rule></grammar></choice></menu>");
  REQUIRE(spoken.errors.empty());
  const std::vector<Finding> wide = spoken.Of("menu-too-wide");
  REQUIRE(wide.size() == 1);
  CHECK(wide[0].message.starts_with("'m' offers 6 choices"));
}

// Voximal's transfers run Asterisk commands in the place of a destination
// (execute:set(X)=1): they were people, so flows that only run commands
// "reached a human".
TEST_CASE("transfer: a platform command in the place of a dest is no person") {
  Loaded l = LoadOne(
      "<form id=\"f\"><transfer name=\"set\" bridge=\"true\" "
      "dest=\"execute:set(VXML_ID)=10\"/><transfer name=\"fn\" "
      "bridge=\"true\" dest=\"exec:function(CALLERID(number))\"/>"
      "<transfer name=\"app\" bridge=\"true\" dest=\"application:Noop\"/>"
      "<transfer name=\"dial\" bridge=\"true\" "
      "dest=\"dial:SIP/600@192.168.1.100\"/></form>");
  REQUIRE(l.errors.empty());
  CHECK_FALSE(l.NodeOf("set").human);
  CHECK_FALSE(l.NodeOf("fn").human);
  CHECK_FALSE(l.NodeOf("app").human);
  CHECK(l.NodeOf("dial").human);  // dials a number: someone answers
}

TEST_CASE("catch: an event attribute of only spaces catches every event") {
  Loaded l = LoadOne(
      "<form id=\"f\"><field name=\"n\" type=\"digits\">"
      "<catch event=\"  \"><goto next=\"#done\"/></catch></field></form>"
      "<form id=\"done\"><block><exit/></block></form>");
  // One handler node (named after the first event) takes both.
  CHECK(l.Edges("n", "n/noinput").size() == 2);
}

// Only document-scoped menus were offered: a form's grammar active in the
// document (its form's scope, or its own) was not, and the zero-out it
// held gave a false no-route-to-human error.
TEST_CASE("links: a document-scoped form grammar enters its form") {
  const std::string grammar =
      "<grammar mode=\"dtmf\" root=\"z\"%s><rule id=\"z\"><one-of>"
      "<item>0</item></one-of></rule></grammar>";
  const auto doc = [&](const std::string& form_scope,
                       const std::string& grammar_scope) {
    std::string g = grammar;
    g.replace(g.find("%s"), 2, grammar_scope);
    return "<form id=\"bal\"><field name=\"acct\" type=\"digits\">"
           "<filled><disconnect/></filled></field></form>"
           "<form id=\"operator\"" +
           form_scope + ">" + g +
           "<block><goto next=\"#agent\"/></block></form>" + kAgent;
  };
  const auto zero_to_operator = [](const Loaded& l) {
    std::string keys;
    for (const Edge& e : l.Edges("acct", "operator")) keys += e.key;
    return keys;
  };
  CHECK(zero_to_operator(LoadOne(doc(" scope=\"document\"", ""))) == "0");
  CHECK(zero_to_operator(LoadOne(doc("", " scope=\"document\""))) == "0");
  CHECK(zero_to_operator(LoadOne(doc("", ""))).empty());
  CHECK(
      zero_to_operator(LoadOne(doc(" scope=\"document\"", " scope=\"dialog\"")))
          .empty());
  CHECK(
      LoadOne(doc(" scope=\"document\"", "")).Of("no-route-to-human").empty());
}

// An item's literal cond was decided, an <if>'s was not: <if cond="true">
// still had its else, a false dead end.
TEST_CASE("if: the literals true and false decide the arms") {
  struct Case {
    const char* arms;
    const char* edges;  // the branch's edge labels, in order
  };
  const Case cases[] = {
      {"<if cond=\"true\"><goto next=\"#a\"/><else/><exit/></if>", "true;"},
      {"<if cond=\"false\"><exit/><else/><goto next=\"#a\"/></if>", "else;"},
      {"<if cond=\"x\"><exit/><elseif cond=\"true\"/><goto next=\"#a\"/>"
       "<elseif cond=\"y\"/><exit/><else/><exit/></if>",
       "x;true;"},
      {"<if cond=\" false \"><exit/></if><goto next=\"#a\"/>", "else;"},
      {"<if cond=\"x\"><exit/><elseif cond=\"false\"/><exit/></if>"
       "<goto next=\"#a\"/>",
       "x;else;"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.arms);
    Loaded l = LoadOne(std::string("<form id=\"f\"><block>") + c.arms +
                       "</block></form><form id=\"a\"><transfer name=\"t\" "
                       "dest=\"tel:+18005550100\"/></form>");
    REQUIRE(l.errors.empty());
    std::string labels;
    REQUIRE(l.All("f.block1/if@1").size() == 1);
    for (const Edge& e : l.Edges("f.block1/if@1")) {
      labels += std::string(e.label) + ";";
    }
    CHECK(labels == c.edges);
  }
}

// The trailing dot was stripped before "." was looked for, so "." became
// an empty name that matched nothing, and a catch-all caught nothing.
TEST_CASE("catch: event=\".\" catches every event") {
  Loaded l = LoadOne(
      "<catch event=\".\"><goto next=\"#agent\"/></catch>"
      "<form id=\"f\"><block><throw event=\"error.badfetch\"/></block></form>"
      "<form id=\"agent\"><transfer name=\"t\" dest=\"tel:+18005550100\"/>"
      "</form>");
  REQUIRE(l.errors.empty());
  CHECK(l.Of("dead-end").empty());
  CHECK(l.Of("unreachable").empty());
}

TEST_CASE(
    "links: a form-level link may fetch a document while the form's lists are "
    "in use") {
  // The fetched document declares forms of its own: the form whose links
  // are being walked must not move (forms are kept in a deque).
  Loaded l =
      Load({{"app/main.vxml",
             "<vxml><form id=\"f\"><link dtmf=\"9\" next=\"other.vxml\"/>"
             "<link dtmf=\"8\" next=\"other.vxml#o2\"/>"
             "<field name=\"n\" type=\"digits\"/></form></vxml>"},
            {"app/other.vxml",
             "<vxml><form id=\"o1\"><block><exit/></block></form>"
             "<form id=\"o2\"><block><exit/></block></form></vxml>"}});
  CHECK(l.errors.empty());
  CHECK(l.Edges("n", "o1").size() == 1);
  CHECK(l.Edges("n", "o2").size() == 1);
}

}  // namespace
}  // namespace ivrscope
