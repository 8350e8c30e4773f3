// The rules, one construct per case: where each must fire, and where it must
// not. Flows are small inline ivrflow documents.
#include <doctest/doctest.h>

#include "ivrscope/ivr_map.hpp"
#include "test_support.hpp"

namespace ivrscope {
namespace {

using testing::Analyse;
using testing::Analysed;

std::vector<std::string> NodesOf(const Analysed& a, std::string_view rule) {
  std::vector<std::string> out;
  for (const Finding* f : a.Of(rule)) {
    out.emplace_back(a.program.graph[f->node].id);
  }
  return out;
}

using Nodes = std::vector<std::string>;

// A well-designed flow: every rule must stay silent.
const char* const kClean = R"(
<ivrflow name="clean" start="welcome">
  <play id="welcome" next="main">Welcome.</play>
  <menu id="main" tries="3" on-exhausted="agent">
    <option key="1" next="balance"/>
    <option key="0" phrase="agent" next="agent"/>
  </menu>
  <input id="balance" next="agent" tries="2" on-exhausted="agent"/>
  <transfer id="agent" to="queue:help"/>
</ivrflow>)";

TEST_CASE("a well-designed flow has no findings") {
  Analysed a = Analyse({kClean});
  CHECK(a.Findings().empty());
  const FlowMetrics& m = a.flows.at(0).metrics;
  CHECK(m.nodes == 4);
  CHECK(m.min_entries_to_human == 0);  // staying silent escalates to agent
  CHECK(m.max_entries_to_human == 0);
  CHECK(m.max_transfer_hops == 1);
}

// Menus m1..mN in a chain, option 1 going deeper, the last to an agent.
std::string Chain(int depth, const std::string& extra_on_m1 = "") {
  std::string text = "<ivrflow name='chain'>";
  for (int i = 1; i <= depth; ++i) {
    const std::string next = i == depth ? "agent" : "m" + std::to_string(i + 1);
    text += "<menu id='m" + std::to_string(i) + "'><option key='1' next='" +
            next + "'/>" + (i == 1 ? extra_on_m1 : "") + "</menu>";
  }
  text += "<transfer id='agent' to='queue:a'/></ivrflow>";
  return text;
}

TEST_CASE("too-many-entries: a human four entries deep is reported once") {
  Analysed a = Analyse({Chain(4)});
  REQUIRE(NodesOf(a, "too-many-entries") == Nodes{"m1"});
  const Finding& f = *a.Of("too-many-entries")[0];
  CHECK(f.entries == 4);
  CHECK(a.Route(f) == "m1 -1-> m2 -1-> m3 -1-> m4 -1-> agent");
  CHECK(a.flows[0].metrics.min_entries_to_human == 4);
}

// The ids "<prefix><from>" to "<prefix><to - 1>" joined as a route prints
// automatic steps.
std::string Steps(const std::string& prefix, int from, int to) {
  std::string out;
  for (int i = from; i < to; ++i) out += prefix + std::to_string(i) + " -> ";
  return out;
}

// Prompts p0 .. p<count - 1>, each to the next, the last to `then`.
std::string Prompts(int count, const std::string& then) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    out += "<play id='p" + std::to_string(i) + "' next='" +
           (i + 1 == count ? then : "p" + std::to_string(i + 1)) + "'>x</play>";
  }
  return out;
}

TEST_CASE("too-many-entries: a far human shows the two ends of the way") {
  // Chain(4) with 200 prompts before the agent: the route is 205 steps, so
  // it keeps kRouteEnds at each end and says how many it leaves out.
  std::string flow = Chain(4);
  flow.replace(flow.find("<option key='1' next='agent'/>"),
               std::string("<option key='1' next='agent'/>").size(),
               "<option key='1' next='p0'/>");
  flow.insert(flow.find("<transfer"), Prompts(200, "agent"));
  Analysed a = Analyse({flow});
  REQUIRE(NodesOf(a, "too-many-entries") == Nodes{"m1"});
  const Finding& f = *a.Of("too-many-entries")[0];
  CHECK(f.entries == 4);  // counted on the whole route
  static_assert(kRouteEnds == 40, "the expected route below assumes 40");
  CHECK(a.Route(f) == "m1 -1-> m2 -1-> m3 -1-> m4 -1-> " + Steps("p", 0, 36) +
                          "[125 steps not shown] -> " + Steps("p", 161, 200) +
                          "agent");
  CHECK(f.route.size() == 2 * kRouteEnds);
}

TEST_CASE("too-many-entries: three entries are within the limit") {
  CHECK(Analyse({Chain(3)}).Of("too-many-entries").empty());
}

TEST_CASE("too-many-entries: the threshold is an option") {
  AnalysisOptions options;
  options.max_entries = 4;
  CHECK(Analyse({Chain(4)}, options).Of("too-many-entries").empty());
  options.max_entries = 1;
  CHECK(NodesOf(Analyse({Chain(2)}, options), "too-many-entries") ==
        Nodes{"m1"});
  // One entry is "1 entry", not "1 entries".
  options.max_entries = 0;
  const Analysed one = Analyse({Chain(1)}, options);
  REQUIRE(one.Of("too-many-entries").size() == 1);
  CHECK(one.Of("too-many-entries")[0]->message ==
        "callers who reach 'm1' need 1 entry to reach a human ('agent'), more "
        "than the limit of 0");
}

TEST_CASE("too-many-entries: a zero-out at the start moves the finding down") {
  // m1 offers 0 to the agent (1 entry); the deep branch through m2 needs 4.
  Analysed a = Analyse({Chain(4, "<option key='0' next='agent'/>")});
  CHECK(NodesOf(a, "too-many-entries") == Nodes{"m2"});
  const Finding& f = *a.Of("too-many-entries")[0];
  CHECK(f.entries == 4);
  CHECK(a.Route(f) == "m1 -1-> m2 -1-> m3 -1-> m4 -1-> agent");
}

TEST_CASE("too-many-entries: silence costs nothing, a nomatch costs one") {
  // Staying silent at m1 leads to the agent (0 entries): only the deep
  // branch from m2 on is too far.
  CHECK(NodesOf(Analyse({Chain(5, "<noinput next='agent'/>")}),
                "too-many-entries") == Nodes{"m2"});
  // Being misunderstood costs an entry: 1 + the chain from m4 (2) = 3.
  Analysed ok = Analyse({Chain(5, "<nomatch next='m4'/>")});
  CHECK(NodesOf(ok, "too-many-entries") == Nodes{"m2"});
  Analysed deep = Analyse({Chain(6, "<nomatch next='m4'/>")});
  CHECK(NodesOf(deep, "too-many-entries") == Nodes{"m1"});
  CHECK(deep.Route(*deep.Of("too-many-entries")[0]) ==
        "m1 -nomatch-> m4 -1-> m5 -1-> m6 -1-> agent");
}

TEST_CASE(
    "too-many-entries: conditions are not evaluated, every branch counts") {
  Analysed a = Analyse({R"(<ivrflow name="c">
    <branch id="vip"><when cond="caller.vip" next="agent"/><otherwise next="m1"/></branch>
    <menu id="m1"><option key="1" next="m2"/></menu>
    <menu id="m2"><option key="1" next="m3"/></menu>
    <menu id="m3"><option key="1" next="m4"/></menu>
    <menu id="m4"><option key="1" next="agent"/></menu>
    <transfer id="agent" to="queue:a"/>
  </ivrflow>)"});
  // The VIP branch reaches the agent at once; the others need 4 entries.
  CHECK(NodesOf(a, "too-many-entries") == Nodes{"m1"});
}

TEST_CASE(
    "no-route-to-human: a flow offering no human is one error at the start") {
  Analysed a = Analyse({R"(<ivrflow name="info">
    <menu id="main" tries="2" on-exhausted="bye">
      <option key="1" next="hours"/><option key="2" next="sub"/>
    </menu>
    <play id="hours" next="bye">We are open 9 to 5.</play>
    <menu id="sub" tries="2" on-exhausted="bye"><option key="1" next="bye"/></menu>
    <hangup id="bye"/>
  </ivrflow>)"});
  REQUIRE(NodesOf(a, "no-route-to-human") == Nodes{"main"});
  CHECK(a.Of("no-route-to-human")[0]->severity == Severity::kError);
  CHECK_FALSE(a.flows[0].metrics.min_entries_to_human.has_value());
  CHECK_FALSE(a.flows[0].metrics.max_entries_to_human.has_value());
}

TEST_CASE("no-route-to-human: only the first menu cut off on a route") {
  Analysed a = Analyse({R"(<ivrflow name="m">
    <menu id="main" tries="2" on-exhausted="agent">
      <option key="0" next="agent"/><option key="1" next="info"/>
    </menu>
    <menu id="info" tries="2" on-exhausted="bye"><option key="1" next="more"/></menu>
    <menu id="more" tries="2" on-exhausted="bye"><option key="1" next="bye"/></menu>
    <transfer id="agent" to="queue:a"/>
    <hangup id="bye"/>
  </ivrflow>)"});
  REQUIRE(NodesOf(a, "no-route-to-human") == Nodes{"info"});
  CHECK(a.Of("no-route-to-human")[0]->severity == Severity::kWarning);
}

TEST_CASE(
    "no-route-to-human: a linked flow's menu is reported once, by that flow") {
  Analysed a = Analyse({
      "<ivrflow name='front'><menu id='m' tries='2' on-exhausted='agent'>"
      "<option key='1' next='info'/><option key='0' next='agent'/></menu>"
      "<transfer id='info' to='flow:info' on-fail='agent'/>"
      "<transfer id='agent' to='queue:a'/></ivrflow>",
      "<ivrflow name='info'><menu id='hours' tries='2' on-exhausted='bye'>"
      "<option key='1' next='bye'/></menu><hangup id='bye'/></ivrflow>",
  });
  CHECK(a.flows[0].findings.empty());
  REQUIRE(NodesOf(a, "no-route-to-human") == Nodes{"hours"});
  CHECK(a.Of("no-route-to-human")[0]->severity == Severity::kError);
}

TEST_CASE("no-route-to-human: an announcement-only flow asks nothing") {
  CHECK(Analyse({"<ivrflow name='a'><play id='p' next='h'/><hangup "
                 "id='h'/></ivrflow>"})
            .Of("no-route-to-human")
            .empty());
}

TEST_CASE("dead-end-loop: menus that only lead to each other") {
  Analysed a = Analyse({R"(<ivrflow name="d">
    <menu id="start" tries="2" on-exhausted="agent">
      <option key="1" next="a"/><option key="0" next="agent"/>
    </menu>
    <menu id="a"><option key="1" next="b"/></menu>
    <menu id="b"><option key="1" next="a"/></menu>
    <transfer id="agent" to="queue:x"/>
  </ivrflow>)"});
  REQUIRE(NodesOf(a, "dead-end-loop") == Nodes{"a"});
  CHECK(a.Route(*a.Of("dead-end-loop")[0]) == "a -1-> b -1-> a");
}

TEST_CASE("dead-end-loop: a cycle with an exit is not one") {
  Analysed a = Analyse({R"(<ivrflow name="d">
    <menu id="a"><option key="1" next="b"/></menu>
    <menu id="b"><option key="1" next="a"/><option key="9" next="bye"/></menu>
    <hangup id="bye"/>
  </ivrflow>)"});
  CHECK(a.Of("dead-end-loop").empty());
}

TEST_CASE(
    "retry-loop: fires without a tries limit and when exhaustion loops back") {
  struct {
    const char* name;
    const char* menu;
    bool fires;
  } const cases[] = {
      {"no tries", "<menu id='m'><option key='0' next='agent'/></menu>", true},
      {"tries",
       "<menu id='m' tries='3' on-exhausted='agent'><option key='0' "
       "next='agent'/></menu>",
       false},
      {"exhausted into itself",
       "<menu id='m' tries='3' on-exhausted='m'><option key='0' "
       "next='agent'/></menu>",
       true},
      {"noinput round a help prompt",
       "<menu id='m'><option key='0' next='agent'/><noinput "
       "next='help'/><nomatch next='help'/></menu>"
       "<play id='help' next='m'/>",
       true},
      {"help prompt with tries",
       "<menu id='m' tries='2' on-exhausted='agent'><option key='0' "
       "next='agent'/>"
       "<noinput next='help'/><nomatch next='help'/></menu><play id='help' "
       "next='m'/>",
       false},
  };
  for (const auto& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    Analysed a = Analyse({std::string("<ivrflow name='r'>") + c.menu +
                          "<transfer id='agent' to='queue:a'/></ivrflow>"});
    CHECK(NodesOf(a, "retry-loop") == (c.fires ? Nodes{"m"} : Nodes{}));
  }
}

// Silence went to an agent and only misunderstanding looped, yet the
// message blamed "a caller who stays silent or is not understood".
TEST_CASE("retry-loop: the message names the failure that loops") {
  const std::string head =
      "<ivrflow name='f'><menu id='m'><option key='0' next='a'/>";
  const std::string tail = "</menu><transfer id='a' to='queue:a'/></ivrflow>";
  struct Case {
    std::string handlers;
    std::string who;
  };
  for (const Case& c :
       std::vector<Case>{{"<noinput next='a'/>", "is not understood"},
                         {"<nomatch next='a'/>", "stays silent"},
                         {"", "stays silent or is not understood"}}) {
    CAPTURE(c.handlers);
    Analysed a = Analyse({head + c.handlers + tail});
    REQUIRE(a.Of("retry-loop").size() == 1);
    CHECK(a.Of("retry-loop")[0]->message ==
          "'m' has no tries limit: a caller who " + c.who +
              " is reprompted for ever");
  }
}

TEST_CASE("retry-loop: the route is the cycle") {
  Analysed a = Analyse({R"(<ivrflow name="r">
    <menu id="m"><option key="0" next="agent"/><noinput next="help"/></menu>
    <play id="help" next="m"/>
    <transfer id="agent" to="queue:a"/>
  </ivrflow>)"});
  REQUIRE(a.Of("retry-loop").size() == 1);
  CHECK(a.Route(*a.Of("retry-loop")[0]) == "m -noinput-> help -> m");
}

TEST_CASE("automatic-loop: prompts that lead to each other") {
  Analysed a = Analyse({R"(<ivrflow name="a">
    <play id="p1" next="p2"/><play id="p2" next="p1"/>
  </ivrflow>)"});
  REQUIRE(NodesOf(a, "automatic-loop") == Nodes{"p1"});
  CHECK(a.Of("automatic-loop")[0]->severity == Severity::kError);
  CHECK(a.Route(*a.Of("automatic-loop")[0]) == "p1 -> p2 -> p1");
}

TEST_CASE("automatic-loop: a condition on the cycle makes it a warning") {
  Analysed a = Analyse({R"(<ivrflow name="a">
    <play id="wait" next="check">Please hold.</play>
    <branch id="check"><when cond="queue.busy" next="wait"/><otherwise next="agent"/></branch>
    <transfer id="agent" to="queue:a"/>
  </ivrflow>)"});
  REQUIRE(a.Of("automatic-loop").size() == 1);
  CHECK(a.Of("automatic-loop")[0]->severity == Severity::kWarning);
}

TEST_CASE(
    "automatic-loop: a loop through a menu entry is the caller's choice") {
  Analysed a = Analyse({R"(<ivrflow name="a">
    <play id="intro" next="m"/>
    <menu id="m" tries="2" on-exhausted="agent"><option key="9" next="intro"/><option key="0" next="agent"/></menu>
    <transfer id="agent" to="queue:a"/>
  </ivrflow>)"});
  CHECK(a.Of("automatic-loop").empty());
}

TEST_CASE("retry-hangup: running out of tries must not end the call") {
  struct {
    const char* name;
    const char* menu;
    bool fires;
  } const cases[] = {
      {"no on-exhausted",
       "<menu id='m' tries='3'><option key='0' next='agent'/></menu>", true},
      {"goodbye then hang-up",
       "<menu id='m' tries='3' on-exhausted='sorry'><option key='0' "
       "next='agent'/></menu>"
       "<play id='sorry' next='bye'/><hangup id='bye'/>",
       true},
      {"escalate to an agent",
       "<menu id='m' tries='3' on-exhausted='agent'><option key='0' "
       "next='agent'/></menu>",
       false},
      {"no tries at all", "<menu id='m'><option key='0' next='agent'/></menu>",
       false},
  };
  for (const auto& c : cases) {
    const std::string name = c.name;
    CAPTURE(name);
    Analysed a = Analyse({std::string("<ivrflow name='r'>") + c.menu +
                          "<transfer id='agent' to='queue:a'/></ivrflow>"});
    CHECK(NodesOf(a, "retry-hangup") == (c.fires ? Nodes{"m"} : Nodes{}));
  }
}

TEST_CASE("retry-hangup: one attempt is one attempt, not \"1 attempts\"") {
  for (const char* tries : {"1", "2"}) {
    Analysed a = Analyse({std::string("<ivrflow name='r'><menu id='m' tries='") +
                          tries +
                          "'><option key='0' next='agent'/></menu>"
                          "<transfer id='agent' to='queue:a'/></ivrflow>"});
    REQUIRE(a.Of("retry-hangup").size() == 1);
    const std::string expected =
        std::string("callers who run out of tries at 'm' (") + tries +
        (tries == std::string("1") ? " attempt)" : " attempts)") +
        " are hung up on: nothing sends them to a person";
    CHECK(a.Of("retry-hangup")[0]->message == expected);
  }
}

TEST_CASE("retry-hangup: a long goodbye shows its two ends") {
  // 100 prompts between the menu and the hang-up: 102 steps, of which the
  // route keeps kRouteEnds at each end, built from them (menus sharing one
  // long goodbye once made the rule walk it once per menu).
  std::string flow =
      "<ivrflow name='r'><menu id='m' tries='3' on-exhausted='p0'>"
      "<option key='0' next='agent'/></menu>";
  flow += Prompts(100, "bye");
  flow += "<hangup id='bye'/><transfer id='agent' to='queue:a'/></ivrflow>";
  Analysed a = Analyse({flow});
  REQUIRE(NodesOf(a, "retry-hangup") == Nodes{"m"});
  static_assert(kRouteEnds == 40, "the expected route below assumes 40");
  CHECK(a.Route(*a.Of("retry-hangup")[0]) ==
        "m -noinput x3-> " + Steps("p", 0, 39) + "[22 steps not shown] -> " +
            Steps("p", 61, 100) + "bye");
}

TEST_CASE("too-many-transfers: a long route is cut, and keeps no more room") {
  // Two failing transfers, 200 prompts, a third transfer: the route is 203
  // steps. Routes built whole are cut afterwards; the finding must not keep
  // the whole one's room (ten thousand findings of this kind once held
  // 23 GB).
  std::string flow =
      "<ivrflow name='t'><transfer id='t1' to='tel:+15550001' human='false' "
      "on-fail='t2'/><transfer id='t2' to='tel:+15550002' human='false' "
      "on-fail='p0'/>";
  flow += Prompts(200, "t3");
  flow += "<transfer id='t3' to='queue:a'/></ivrflow>";
  Analysed a = Analyse({flow});
  REQUIRE(NodesOf(a, "too-many-transfers") == Nodes{"t3"});
  const Finding& f = *a.Of("too-many-transfers")[0];
  CHECK(f.hops == 3);
  CHECK(f.route.size() == 2 * kRouteEnds);
  CHECK(f.route.capacity() == 2 * kRouteEnds);
  CHECK(f.route[kRouteEnds].skipped == 203 - 2 * kRouteEnds);
  CHECK(a.program.graph[f.route.front().node].id == "t1");
  CHECK(a.program.graph[f.route.back().node].id == "t3");
}

// "transferred 1 times" with --max-transfers 0.
TEST_CASE("too-many-transfers: one transfer is one time") {
  AnalysisOptions none;
  none.max_transfers = 0;
  Analysed a = Analyse({"<ivrflow name='t'><transfer id='t1' to='queue:a'/>"
                        "</ivrflow>"},
                       none);
  REQUIRE(a.Of("too-many-transfers").size() == 1);
  CHECK(a.Of("too-many-transfers")[0]->message.starts_with(
      "callers can be transferred 1 time on the way to 't1'"));
}

TEST_CASE("dead-end-loop: a long cycle shows its two ends") {
  // 200 prompts round and round: the cycle is 201 steps (the first node
  // again at the end), cut where PathFinder builds it.
  Analysed a =
      Analyse({"<ivrflow name='c'>" + Prompts(200, "p0") + "</ivrflow>"});
  REQUIRE(NodesOf(a, "dead-end-loop") == Nodes{"p0"});
  const Finding& f = *a.Of("dead-end-loop")[0];
  CHECK(f.route.size() == 2 * kRouteEnds);
  CHECK(f.route[kRouteEnds].skipped == 201 - 2 * kRouteEnds);
  CHECK(a.program.graph[f.route.front().node].id == "p0");
  CHECK(a.program.graph[f.route.back().node].id == "p0");
}

// Flows f0 -> f1 -> ... each transferring to the next; the last to an agent.
std::vector<std::string> TransferChain(int flows) {
  std::vector<std::string> texts;
  for (int i = 0; i < flows; ++i) {
    const std::string to =
        i + 1 == flows ? "queue:agents" : "flow:f" + std::to_string(i + 1);
    texts.push_back("<ivrflow name='f" + std::to_string(i) +
                    "'><menu id='menu" + std::to_string(i) +
                    "' tries='2' on-exhausted='t" + std::to_string(i) +
                    "'><option key='1' next='t" + std::to_string(i) +
                    "'/></menu><transfer id='t" + std::to_string(i) + "' to='" +
                    to + "'/></ivrflow>");
  }
  return texts;
}

TEST_CASE("too-many-transfers: counted across linked flows") {
  Analysed a = Analyse(TransferChain(3));
  // Only f0's route passes three transfers; it is reported in f0.
  REQUIRE(a.flows[0].findings.size() == 1);
  const Finding& f = a.flows[0].findings[0];
  CHECK(f.rule == "too-many-transfers");
  CHECK(a.program.graph[f.node].id == "t2");
  CHECK(f.hops == 3);
  CHECK(a.Route(f) == "menu0 -1-> t0 -> menu1 -1-> t1 -> menu2 -1-> t2");
  CHECK(a.flows[0].metrics.max_transfer_hops == 3);
  CHECK(a.flows[1].metrics.max_transfer_hops == 2);
  CHECK(a.flows[1].findings.empty());
  // The route crosses files: each step keeps its own location.
  CHECK(a.program.file_of(a.program.graph[f.route.back().node].location) ==
        "flow2.ivrflow");
}

TEST_CASE("too-many-transfers: two transfers are within the limit") {
  CHECK(Analyse(TransferChain(2)).Of("too-many-transfers").empty());
}

// Three transfers, each tried after the one before fails.
const char* const kFailingTransfers = R"(<ivrflow name="f">
    <transfer id="sales" to="tel:+15550001" on-fail="support"/>
    <transfer id="support" to="tel:+15550002" on-fail="billing"/>
    <transfer id="billing" to="tel:+15550003" on-fail="bye"/>
    <hangup id="bye"/>
  </ivrflow>)";

TEST_CASE("too-many-transfers: failed attempts count") {
  Analysed a = Analyse({kFailingTransfers});
  CHECK(NodesOf(a, "too-many-transfers") == Nodes{"billing"});
}

// The count takes a transfer loop's transfers once each, but the route goes
// through the loop's region by its shortest way, not round every transfer:
// "3 transfers" with a route showing two read as a wrong count.
TEST_CASE("too-many-transfers: a count through a transfer loop says so") {
  const std::string loop = R"(<ivrflow name="f">
    <menu id="m" tries="2" on-exhausted="bye">
      <option key="1" next="t1"/><option key="2" next="tl"/>
    </menu>
    <transfer id="tl" to="tel:+15551234" on-fail="m"/>
    <transfer id="t1" to="agent:a" on-fail="t2"/>
    <transfer id="t2" to="agent:b"/>
    <hangup id="bye"/>
  </ivrflow>)";
  Analysed a = Analyse({loop});
  REQUIRE(NodesOf(a, "too-many-transfers") == Nodes{"t2"});
  const Finding& f = *a.Of("too-many-transfers")[0];
  CHECK(f.hops == 3);
  CHECK(f.message ==
        "callers can be transferred 3 times on the way to 't2' (agent:b), "
        "more than the limit of 2, counting once each transfer of a transfer "
        "loop on the way (see transfer-loop)");
  CHECK(NodesOf(a, "transfer-loop") == Nodes{"tl"});
  // No loop on the way: the plain message.
  Analysed chain = Analyse({kFailingTransfers});
  REQUIRE(chain.Of("too-many-transfers").size() == 1);
  CHECK(chain.Of("too-many-transfers")[0]->message ==
        "callers can be transferred 3 times on the way to 'billing' "
        "(tel:+15550003), more than the limit of 2");
}

// t3 is the third transfer on the way and on a loop: left to transfer-loop,
// the limit of 2 passed there was no too-many-transfers finding, while a
// higher limit gave one further on, at t5.
TEST_CASE("too-many-transfers: a limit passed inside a transfer loop is one") {
  const std::string flow = R"(<ivrflow name="f" start="main">
    <menu id="main" tries="2" on-exhausted="t1"><option key="1" next="t1"/></menu>
    <transfer id="t1" to="queue:a" on-fail="t2"/>
    <transfer id="t2" to="queue:b" on-fail="t3"/>
    <transfer id="t3" to="queue:c" on-fail="m"/>
    <transfer id="t4" to="queue:d" on-fail="m"/>
    <menu id="m" tries="2" on-exhausted="t5">
      <option key="1" next="t3"/><option key="3" next="t4"/>
      <option key="2" next="t5"/>
    </menu>
    <transfer id="t5" to="queue:e"/>
  </ivrflow>)";
  Analysed at_two = Analyse({flow});
  REQUIRE(NodesOf(at_two, "too-many-transfers") == Nodes{"t3"});  // once
  CHECK(at_two.Of("too-many-transfers")[0]->message ==
        "callers can be transferred 4 times on the way to 't3' (queue:c), "
        "more than the limit of 2, counting once each transfer of the "
        "transfer loop it is on (see transfer-loop)");
  AnalysisOptions four;
  four.max_transfers = 4;
  CHECK(NodesOf(Analyse({flow}, four), "too-many-transfers") == Nodes{"t5"});
}

// m3's failures all go to op, so its on-exhausted is never taken: neither
// the route through it to t9 (counted 3 transfers and "257 entries", the
// impassable cost added in) nor the cycle it would close back to t1 exists.
TEST_CASE("transfers: an exhaustion no caller reaches is no way on") {
  const std::string m3 =
      "<menu id='m3' tries='2' on-exhausted='X'><option key='1' next='op'/>"
      "<noinput next='op'/><nomatch next='op'/></menu>";
  auto with = [&](const std::string& target) {
    std::string menu = m3;
    menu.replace(menu.find("'X'"), 3, "'" + target + "'");
    return menu;
  };
  Analysed hops =
      Analyse({"<ivrflow name='f' start='main'><menu id='main' tries='2' "
               "on-exhausted='op'><option key='1' next='m2'/><option key='2' "
               "next='t1'/></menu><transfer id='t1' to='queue:a' on-fail='t2'/>"
               "<transfer id='t2' to='queue:b' on-fail='m3'/>" +
               with("m2") +
               "<menu id='m2' tries='2' on-exhausted='op'><option key='1' "
               "next='t9'/></menu><transfer id='t9' to='queue:z'/>"
               "<transfer id='op' to='queue:x'/></ivrflow>"});
  for (const Finding* f : hops.Of("too-many-transfers")) {
    CHECK(hops.program.graph[f->node].id == "op");  // t1, t2, op: real
  }
  CHECK(hops.flows[0].metrics.max_transfer_hops == 3);
  Analysed loop =
      Analyse({"<ivrflow name='f' start='main'><menu id='main' tries='2' "
               "on-exhausted='op'><option key='1' next='t1'/></menu>"
               "<transfer id='t1' to='queue:a' on-fail='m3'/>" +
               with("t1") + "<transfer id='op' to='queue:x'/></ivrflow>"});
  CHECK(loop.Of("transfer-loop").empty());
  CHECK(loop.flows[0].metrics.max_transfer_hops == 2);  // t1 fails, op
}

TEST_CASE("transfer-loop: two flows transferring to each other") {
  Analysed a = Analyse({
      "<ivrflow name='a'><menu id='ma' tries='1' on-exhausted='ta'><option "
      "key='1' next='ta'/></menu>"
      "<transfer id='ta' to='flow:b' on-fail='ma'/></ivrflow>",
      "<ivrflow name='b'><transfer id='tb' to='flow:a' on-fail='bye'/><hangup "
      "id='bye'/></ivrflow>",
  });
  CHECK(NodesOf(a, "transfer-loop") == Nodes{"ta"});
  CHECK_FALSE(a.flows[0].metrics.max_transfer_hops.has_value());
  CHECK(a.Of("too-many-transfers").empty());
}

TEST_CASE("transfer-loop: a failed transfer leading back to its menu") {
  Analysed a = Analyse({R"(<ivrflow name="f">
    <menu id="m" tries="2" on-exhausted="bye"><option key="0" next="op"/></menu>
    <transfer id="op" to="tel:+15550000" on-fail="m"/>
    <hangup id="bye"/>
  </ivrflow>)"});
  REQUIRE(NodesOf(a, "transfer-loop") == Nodes{"op"});
  CHECK(a.Route(*a.Of("transfer-loop")[0]) ==
        "op -transfer failed-> m -0-> op");
}

TEST_CASE("dead-end: a branch with no otherwise stops the flow") {
  Analysed a = Analyse({R"(<ivrflow name="f">
    <branch id="lookup"><when cond="found" next="agent"/></branch>
    <transfer id="agent" to="queue:a"/>
  </ivrflow>)"});
  REQUIRE(NodesOf(a, "dead-end") == Nodes{"lookup"});
  CHECK(a.Route(*a.Of("dead-end")[0]) ==
        "lookup -[otherwise]-> lookup/no-condition");
  Analysed with_otherwise = Analyse({R"(<ivrflow name="f">
    <branch id="lookup"><when cond="found" next="agent"/><otherwise next="agent"/></branch>
    <transfer id="agent" to="queue:a"/>
  </ivrflow>)"});
  CHECK(with_otherwise.Of("dead-end").empty());
}

TEST_CASE("no-fallback: only transfers to numbers need on-fail") {
  struct {
    const char* transfer;
    bool fires;
  } const cases[] = {
      {"<transfer id='t' to='tel:+15550000'/>", true},
      {"<transfer id='t' to='sip:desk@example.com'/>", true},
      {"<transfer id='t' to='tel:+15550000' on-fail='bye'/>", false},
      {"<transfer id='t' to='queue:help'/>", false},
      {"<transfer id='t' to='agent:alice'/>", false},
  };
  for (const auto& c : cases) {
    const std::string transfer = c.transfer;
    CAPTURE(transfer);
    Analysed a = Analyse(
        {"<ivrflow name='f'>" + transfer + "<hangup id='bye'/></ivrflow>"});
    CHECK(NodesOf(a, "no-fallback") == (c.fires ? Nodes{"t"} : Nodes{}));
  }
}

TEST_CASE(
    "no-fallback: a number that is another analysed flow holds the caller") {
  Analysed a = Analyse({
      "<ivrflow name='a'><transfer id='t' to='tel:+15550199'/></ivrflow>",
      "<ivrflow name='b'><number>+15550199</number><transfer id='q' "
      "to='queue:x'/></ivrflow>",
  });
  CHECK(a.Of("no-fallback").empty());
}

TEST_CASE("unreachable: nodes no route reaches, not the implicit ends") {
  Analysed a = Analyse({R"(<ivrflow name="f">
    <transfer id="agent" to="queue:a"/>
    <menu id="orphan" tries="2"><option key="1" next="agent"/></menu>
  </ivrflow>)"});
  // orphan's synthetic tries-exhausted hang-up is not reported.
  CHECK(NodesOf(a, "unreachable") == Nodes{"orphan"});
}

// Tries run out only for a caller who comes back to try again. Every
// failure at 'm' sending the caller away for good made a free "silence x2"
// to on-exhausted all the same: a false retry-hangup, a human reached in 0
// entries that silence never reaches.
TEST_CASE("exhaustion: tries run out only where failures come back") {
  const std::string agent = "<transfer id='op' to='queue:ops'/>";
  SUBCASE("every failure goes to a person: nothing runs out") {
    Analysed a = Analyse(
        {"<ivrflow name='f'><menu id='m' tries='2'><option key='1' "
         "next='op'/><noinput next='op'/><nomatch next='op'/></menu>" +
         agent + "</ivrflow>"});
    CHECK(NodesOf(a, "retry-hangup").empty());
    for (const FlowMap& map : BuildIvrMap(a.program)) {
      for (const Endpoint& e : map.endpoints) {
        CHECK(a.program.graph[e.node].kind != NodeKind::kHangup);
      }
    }
  }
  SUBCASE("silence leaves, misunderstanding asks again: it costs an entry") {
    Analysed a = Analyse(
        {"<ivrflow name='f'><menu id='m' tries='2' on-exhausted='op'>"
         "<option key='1' next='bye'/><noinput next='bye'/></menu>" +
         agent + "<hangup id='bye'/></ivrflow>"});
    REQUIRE(a.flows.size() == 1);
    CHECK(a.flows[0].metrics.min_entries_to_human == 1);
    const std::vector<FlowMap> maps = BuildIvrMap(a.program);
    REQUIRE(maps.size() == 1);
    bool found = false;
    for (const Endpoint& e : maps[0].endpoints) {
      if (a.program.graph[e.node].id != "op") continue;
      found = true;
      CHECK(e.entries == 1);
      CHECK(KeySequence(a.program, MapRoute(maps[0], e)) == "(invalid x2)");
    }
    CHECK(found);
  }
  // An answer not understood costs an entry, each time: running out by
  // misunderstanding alone costs every attempt but the last (which may be
  // silence). It cost 1 whatever the tries, so a human four misunderstood
  // answers away passed as one entry away.
  SUBCASE("each misunderstood attempt but the last is an entry") {
    for (const auto& [tries, entries] :
         std::vector<std::pair<int, int>>{{2, 1}, {3, 2}, {5, 4}}) {
      CAPTURE(tries);
      Analysed a = Analyse(
          {"<ivrflow name='f'><menu id='m' tries='" + std::to_string(tries) +
           "' on-exhausted='op'><option key='1' next='bye'/>"
           "<noinput next='bye'/></menu>" + agent +
           "<hangup id='bye'/></ivrflow>"});
      REQUIRE(a.flows.size() == 1);
      CHECK(a.flows[0].metrics.min_entries_to_human == entries);
      CHECK(NodesOf(a, "too-many-entries") ==
            (entries > 3 ? Nodes{"m"} : Nodes{}));
    }
  }
  SUBCASE("silence comes back, by itself or through other nodes: free") {
    for (const char* handlers :
         {"<nomatch next='bye'/></menu>",
          "<noinput next='help'/><nomatch next='help'/></menu>"
          "<play id='help' next='m'/>"}) {
      CAPTURE(handlers);
      Analysed a = Analyse(
          {std::string("<ivrflow name='f'><menu id='m' tries='3' "
                       "on-exhausted='op'><option key='1' next='bye'/>") +
           handlers + agent + "<hangup id='bye'/></ivrflow>"});
      CHECK(a.flows[0].metrics.min_entries_to_human == 0);
    }
  }
  SUBCASE("one try: the first failure runs out, wherever handlers lead") {
    Analysed a = Analyse(
        {"<ivrflow name='f'><menu id='m' tries='1'><option key='1' "
         "next='op'/><noinput next='op'/><nomatch next='op'/></menu>" +
         agent + "</ivrflow>"});
    CHECK(NodesOf(a, "retry-hangup") == Nodes{"m"});
    // ...so the handlers' way to a person is none: it was the "0 entries"
    // of the metrics, while retry-hangup said the caller is hung up on.
    CHECK(a.flows[0].metrics.min_entries_to_human == 1);
  }
  // m4's failures all leave, so its on-exhausted back to m3 is never taken,
  // and m3's silence, which goes to m4, does not come back: m3's tries never
  // run out. The way back was judged on components holding that exhaustion.
  SUBCASE("a way back only through an exhaustion never reached is none") {
    Analysed a = Analyse(
        {"<ivrflow name='f' start='m3'><menu id='m3' tries='2' "
         "on-exhausted='op'><option key='1' next='a'/><noinput next='m4'/>"
         "<nomatch next='m4'/></menu>"
         "<menu id='m4' tries='2' on-exhausted='m3'><option key='1' "
         "next='bye'/><noinput next='bye'/><nomatch next='bye'/></menu>"
         "<menu id='a' tries='2' on-exhausted='bye'><option key='1' "
         "next='op'/><noinput next='bye'/><nomatch next='bye'/></menu>" +
         agent + "<hangup id='bye'/></ivrflow>"});
    CHECK(a.flows[0].metrics.min_entries_to_human == 2);  // 1 at m3, 1 at a
  }
  SUBCASE("on-exhausted back into the menu loops only if tries can run out") {
    const std::string loop =
        "<ivrflow name='f'><menu id='m' tries='2' on-exhausted='m'>"
        "<option key='1' next='op'/>";
    CHECK(NodesOf(Analyse({loop + "</menu>" + agent + "</ivrflow>"}),
                  "retry-loop") == Nodes{"m"});
    CHECK(NodesOf(Analyse({loop + "<noinput next='op'/><nomatch next='op'/>"
                                  "</menu>" +
                           agent + "</ivrflow>"}),
                  "retry-loop")
              .empty());
  }
}

TEST_CASE("broken-target: reported where the target is written") {
  Analysed a = Analyse(
      {"<ivrflow name='f'>\n<menu id='m' tries='2' on-exhausted='gone'>\n"
       "  <option key='1' next='billing'/>\n</menu>\n"
       "<transfer id='t' to='flow:cards'/>\n</ivrflow>"});
  std::vector<const Finding*> found = a.Of("broken-target");
  REQUIRE(found.size() == 3);
  CHECK(found[0]->location.line == 2);
  CHECK(found[0]->location.column == 24);
  CHECK(found[0]->message ==
        "on-exhausted of 'm' names 'gone', which is no node of flow 'f'");
  CHECK(found[1]->location.line == 3);
  CHECK(found[1]->location.column == 19);
  CHECK(found[1]->message ==
        "next of 'm' names 'billing', which is no node of flow 'f'");
  // At the to attribute, as the others (it was the transfer's '<').
  CHECK(found[2]->location.line == 5);
  CHECK(found[2]->location.column == 18);
  CHECK(
      found[2]->message ==
      "transfer 't' names flow 'cards', which is not among the analysed flows");
}

TEST_CASE("duplicate-key: same key or same phrase in one menu") {
  Analysed a = Analyse(
      {"<ivrflow name='f'><menu id='m' tries='2' on-exhausted='a'>\n"
       "<option key='1' next='a'/>\n<option key='1' next='b'/>\n"
       "<option phrase='Sales' next='a'/>\n<option phrase='sales' next='b'/>\n"
       "</menu><transfer id='a' to='queue:a'/><transfer id='b' "
       "to='queue:b'/></ivrflow>"});
  std::vector<const Finding*> found = a.Of("duplicate-key");
  REQUIRE(found.size() == 2);
  CHECK(found[0]->location.line == 3);
  CHECK(found[0]->message ==
        "key '1' of 'm' is already taken by the option at line 2 (to 'a'): "
        "callers never reach 'b' this way");
  CHECK(found[1]->location.line == 5);
}

// The option behind a repeated key is never taken, so what only it leads to
// is out of reach: duplicate-key said "callers never reach 'b' this way"
// while the summary and the map still counted b as a human in one entry.
TEST_CASE(
    "duplicate-key: an option heard by neither key nor phrase leads nowhere") {
  Analysed a =
      Analyse({"<ivrflow name='f'><menu id='m' tries='2' on-exhausted='bye'>\n"
               "<option key='1' next='bye'/>\n<option key='1' next='b'/>\n"
               "<option key='2' phrase='sales' next='bye'/>\n"
               "<option key='3' phrase='Sales' next='c'/>\n"
               "</menu><hangup id='bye'/><transfer id='b' to='queue:b'/>"
               "<transfer id='c' to='queue:c'/></ivrflow>"});
  CHECK(a.Of("duplicate-key").size() == 2);
  // Key 3 still reaches c; nothing reaches b.
  CHECK(NodesOf(a, "unreachable") == Nodes{"b"});
  CHECK(a.Of("no-route-to-human").empty());
  Analysed none = Analyse(
      {"<ivrflow name='f'><menu id='m' tries='2' on-exhausted='bye'>"
       "<option key='1' next='bye'/><option key='1' next='b'/>"
       "</menu><hangup id='bye'/><transfer id='b' to='queue:b'/></ivrflow>"});
  CHECK(NodesOf(none, "no-route-to-human") == Nodes{"m"});
}

// Two options to one place are redundant, not a way lost.
TEST_CASE("duplicate-key: a repeat to the same place says it is redundant") {
  Analysed a =
      Analyse({"<ivrflow name='f'><menu id='m' tries='2' on-exhausted='a'>\n"
               "<option key='1' next='a'/>\n<option key='1' next='a'/>\n"
               "</menu><transfer id='a' to='queue:a'/></ivrflow>"});
  std::vector<const Finding*> found = a.Of("duplicate-key");
  REQUIRE(found.size() == 1);
  CHECK(found[0]->message ==
        "key '1' of 'm' is already taken by the option at line 2 (to 'a' as "
        "well): the repeat is redundant");
}

// The screen that spares most menus a comparison hashes phrases into 256
// bits: among many distinct phrases some share a bit, and that must neither
// hide a repeat nor invent one.
TEST_CASE("duplicate-key: one repeat among many phrases, whatever their case") {
  for (const bool repeat : {false, true}) {
    std::string options;
    for (int i = 0; i < 300; ++i) {
      options +=
          "<option phrase='Option " + std::to_string(i) + "' next='a'/>\n";
    }
    if (repeat) options += "<option phrase='OPTION 123' next='a'/>\n";
    options += "<option phrase='x' next='a'/><option phrase='xy' next='a'/>\n";
    Analysed a = Analyse(
        {"<ivrflow name='f'><menu id='m' tries='2' on-exhausted='a'>\n" +
         options + "</menu><transfer id='a' to='queue:a'/></ivrflow>"});
    std::vector<const Finding*> found = a.Of("duplicate-key");
    REQUIRE(found.size() == (repeat ? 1u : 0u));
    if (repeat) {
      CHECK(found[0]->location.line == 302);
      CHECK(found[0]->message.starts_with(
          "phrase 'OPTION 123' of 'm' is already taken by "
          "the option at line 125"));
    }
  }
}

TEST_CASE("menu-too-wide: 0, * and # are not counted") {
  std::string options;
  for (int k = 1; k <= 5; ++k) {
    options += "<option key='" + std::to_string(k) + "' next='a'/>";
  }
  const std::string tail = "</menu><transfer id='a' to='queue:a'/></ivrflow>";
  const std::string head =
      "<ivrflow name='f'><menu id='m' tries='2' on-exhausted='a'>";
  CHECK(Analyse({head + options +
                 "<option key='0' next='a'/><option key='*' next='a'/>" + tail})
            .Of("menu-too-wide")
            .empty());
  Analysed wide =
      Analyse({head + options + "<option key='6' next='a'/>" + tail});
  CHECK(NodesOf(wide, "menu-too-wide") == Nodes{"m"});
}

TEST_CASE("results do not depend on the number of threads") {
  std::vector<std::string> texts = TransferChain(4);
  texts.push_back(Chain(5));
  AnalysisOptions one;
  AnalysisOptions two;
  two.jobs = 2;
  CHECK(Analyse(texts, one).Findings() == Analyse(texts, two).Findings());
}

TEST_CASE("the rule table lists each rule once with a rationale") {
  std::set<std::string_view> ids;
  for (const RuleInfo& rule : Rules()) {
    CHECK(ids.insert(rule.id).second);
    CHECK_FALSE(rule.rationale.empty());
    CHECK(FindRule(rule.id) == &rule);
  }
  CHECK(ids.size() == 15);
  CHECK(FindRule("no-such-rule") == nullptr);
}

}  // namespace
}  // namespace ivrscope
