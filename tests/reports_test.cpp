// Reports, baselines, diffs, suppression, configuration and batch runs,
// driven through the command line in-process (RunCli) on files the tests
// write themselves. The golden-file tests (tests/CMakeLists.txt) pin whole
// outputs; these pin the properties behind them.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/cli.hpp"
#include "reporters/utf8.hpp"

namespace ivrscope {
namespace {

namespace fs = std::filesystem;

struct Output {
  int rc = 0;
  std::string out;
  std::string err;
};

Output Run(std::vector<std::string> args, bool terminal = false) {
  args.insert(args.begin(), "ivrscope");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  Output result;
  result.rc = RunCli(static_cast<int>(argv.size()), argv.data(), out, err,
                     terminal, false);
  result.out = out.str();
  result.err = err.str();
  return result;
}

// The 16-digit fingerprints of a codequality report, in report order.
std::vector<std::string> Fingerprints(const std::string& report) {
  std::vector<std::string> prints;
  const std::string key = "\"fingerprint\": \"";
  for (std::size_t at = report.find(key); at != std::string::npos;
       at = report.find(key, at + 1)) {
    prints.push_back(report.substr(at + key.size(), 16));
  }
  return prints;
}

// A fresh directory under the system's temporary directory, removed after.
class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_(fs::temp_directory_path() / ("ivrscope-test-" + name)) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& text) const {
    const fs::path p = path_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string Read(const std::string& name) const {
    std::ifstream in(path_ / name, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::string path(const std::string& name = "") const {
    return (path_ / name).string();
  }

 private:
  fs::path path_;
};

// A flow with one menu level per entry before a human: `levels` entries.
std::string DeepFlow(const std::string& name, int levels,
                     const std::string& padding = "") {
  std::string xml = "<ivrflow name=\"" + name + "\" start=\"m0\">\n" + padding;
  for (int i = 0; i < levels; ++i) {
    const std::string next =
        i + 1 < levels ? "m" + std::to_string(i + 1) : "agent";
    xml += "  <menu id=\"m" + std::to_string(i) +
           "\" tries=\"2\" on-exhausted=\"bye\">\n"
           "    <option key=\"1\" next=\"" +
           next + "\"/>\n  </menu>\n";
  }
  return xml +
         "  <transfer id=\"agent\" to=\"queue:help\"/>\n"
         "  <hangup id=\"bye\"/>\n</ivrflow>\n";
}

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A file name holding a newline split a finding over two lines (CI parsers
// took "line.ivrflow:1:29:" for the file), and one holding an escape
// sequence drove the terminal. The text report writes them as \xNN; json
// keeps the name as it is.
TEST_CASE("text report: control characters in names are written as \\xNN") {
  TempDir dir("printable");
  const std::string flow =
      "<ivrflow name='x' start='m'><menu id='m'><option key='1' "
      "next='nowhere'/></menu></ivrflow>\n";
  const std::string odd = dir.Write("new\nline\x1b[31m.ivrflow", flow);
  Output out = Run({"check", odd});
  CHECK(out.rc == 1);
  CHECK(Contains(out.out, "new\\x0aline\\x1b[31m.ivrflow:1:58: error: "));
  CHECK(!Contains(out.out, "\x1b"));
  CHECK(!Contains(out.out, "new\nline"));
  Output json = Run({"check", "--format", "json", odd});
  CHECK(Contains(json.out, "new\\nline\\u001b[31m.ivrflow"));
}

// Only the finding's own line was escaped: a phrase holding a newline put
// a line of its own in the route, the IVR map and diff, one a CI problem
// matcher reads as an error ("evil.ivrflow:1:1: error: ...").
TEST_CASE("text outputs keep untrusted text on its line: routes, map, diff") {
  TempDir dir("injected");
  const std::string flow =
      "<ivrflow name=\"nl&#10;x.ivrflow:1:1: error: fake\" start=\"m1\">\n"
      "  <menu id=\"m1\"><option phrase=\"x&#10;evil.ivrflow:1:1: error: "
      "injected&#10;\" next=\"m2\"/></menu>\n"
      "  <menu id=\"m2\"><option key=\"1\" next=\"m3\"/></menu>\n"
      "  <menu id=\"m3\"><option key=\"1\" next=\"m4\"/></menu>\n"
      "  <menu id=\"m4\"><option key=\"1\" next=\"t\"/></menu>\n"
      "  <transfer id=\"t\" to=\"queue:a\"/>\n</ivrflow>\n";
  dir.Write("new/n.ivrflow", flow);
  dir.Write("old/keep.ivrflow",
            "<ivrflow name=\"keep\"><transfer id=\"t\" to=\"queue:a\"/>"
            "</ivrflow>\n");
  const std::string path = dir.path("new/n.ivrflow");
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"check", path},
        std::vector<std::string>{"paths", path},
        std::vector<std::string>{"diff", dir.path("old"), dir.path("new")}}) {
    CAPTURE(args[0]);
    const std::string out = Run(args).out;
    CHECK(Contains(out, "x\\x0aevil.ivrflow:1:1: error: injected\\x0a"));
    CHECK(!Contains(out, "\nevil.ivrflow"));
    CHECK(!Contains(out, "\nx.ivrflow:1:1"));
  }
}

// Reports of earlier releases are baselines too (version 1 never changed):
// those before 8f0cfb6 wrote an automatic step's input as "", those before
// flow keys named a VoiceXML flow by its path as given. Both came back as
// mostly new findings, failing CI on nothing new.
// A VoiceXML flow's key is its path; a stray byte in it is U+FFFD in the
// json report, and the live run hashed the raw byte: the run's own report
// as baseline made every finding of that file new and fixed (exit 1).
TEST_CASE("baseline: a path with invalid UTF-8 matches its own report") {
  TempDir dir("baseline-bad-utf8");
  dir.Write("flows/bad\xFF.vxml",
            "<vxml version=\"2.1\"><menu id=\"m\"><choice dtmf=\"1\" "
            "next=\"#gone\"/></menu></vxml>\n");
  const std::string report = dir.path("base.json");
  Run({"check", "--format", "json", "--output", report, dir.path("flows")});
  const Output again = Run({"check", "--baseline", report, dir.path("flows")});
  CHECK(again.rc == 0);
  CHECK(Contains(again.out, "against the baseline: 0 new, "));
  CHECK(Contains(again.out, " 0 fixed"));
}

// The HTML page listed a bad suppression (its flow analysed all the same)
// under "Inputs not analysed", counted "1 entries", left out what the text
// summary counts, and wrote an ESC from a file name as a raw byte.
TEST_CASE(
    "html report: errors split as counted, words agree, no raw controls") {
  TempDir dir("html-words");
  std::string suppressed = DeepFlow("a", 1);
  suppressed.replace(suppressed.find("</ivrflow>"), 0,
                     "<!-- ivrscope-disable no-such-rule: x -->\n");
  dir.Write("flows/a.ivrflow", suppressed);
  dir.Write("flows/broken.ivrflow", "<ivrflow name=\"b\">\n");
  dir.Write("flows/esc\x1b[31m.ivrflow", DeepFlow("c", 1));
  const std::string page = Run({"check", "--format", "html", "--max-entries",
                                "0", dir.path("flows")})
                               .out;
  const std::size_t lost = page.find("<h2>Inputs not analysed</h2>");
  const std::size_t problems =
      page.find("<h2>Problems in analysed inputs</h2>");
  REQUIRE(lost != std::string::npos);
  REQUIRE(problems != std::string::npos);
  const std::size_t bad = page.find("broken.ivrflow:");
  const std::size_t comment = page.find("a.ivrflow:7:1: error:");
  CHECK((lost < bad && (problems < lost || bad < problems)));
  CHECK((problems < comment && (lost < problems || comment < lost)));
  CHECK(Contains(page, "(1 entry)"));
  CHECK_FALSE(Contains(page, "1 entries"));
  CHECK(Contains(page,
                 "<p>3 files, 2 flows, 1 input not analysed, 1 problem "
                 "in an analysed input: "));
  CHECK_FALSE(Contains(page, "\x1b"));
  CHECK(Contains(page, "esc\\x1b[31m.ivrflow"));
}

// Errors came out grouped by the stage that found them (the flow name
// used twice before every bad suppression), where findings go by place.
TEST_CASE("errors are listed in file, line and column order") {
  TempDir dir("error-order");
  std::string flow = DeepFlow("a", 1);
  flow.replace(flow.find("</ivrflow>"), 0,
               "<!-- ivrscope-disable no-such-rule: x -->\n");
  dir.Write("a.ivrflow", flow);
  dir.Write("b.ivrflow", flow);  // the name 'a' again: b:1:10
  const std::string out = Run({"check", dir.path()}).out;
  const std::size_t a7 = out.find("a.ivrflow:7:1: error:");
  const std::size_t b1 = out.find("b.ivrflow:1:10: error:");
  const std::size_t b7 = out.find("b.ivrflow:7:1: error:");
  REQUIRE(a7 != std::string::npos);
  REQUIRE(b1 != std::string::npos);
  REQUIRE(b7 != std::string::npos);
  CHECK(a7 < b1);
  CHECK(b1 < b7);
}

// A baseline whose read fails threw out of the reader: "internal error".
// One longer than --max-file-size is refused as an input would be.
TEST_CASE("baseline: a read error or an oversized report is its error") {
  TempDir dir("baseline-unreadable");
  const std::string flow = dir.Write("f.ivrflow", DeepFlow("f", 1));
  if (fs::exists("/proc/self/mem")) {
    const Output mem = Run({"check", "--baseline", "/proc/self/mem", flow});
    CHECK(mem.rc == 2);
    CHECK(Contains(mem.err, "/proc/self/mem: error: cannot read json report"));
    CHECK_FALSE(Contains(mem.err, "internal error"));
  } else {
    MESSAGE("skipped the read error: no /proc/self/mem");
  }
  const std::string big = dir.Write(
      "big.json", "{\"version\": 1," + std::string(2 << 20, ' ') + "}");
  const Output over =
      Run({"check", "--max-file-size", "1", "--baseline", big, flow});
  CHECK(over.rc == 2);
  CHECK(
      Contains(over.err, "the text is longer than the limit of 1048576 bytes"));
  // A later version is named where the report says it (it had no place).
  const std::string v2 =
      dir.Write("v2.json", "{\"version\": 2, \"flows\": []}\n");
  CHECK(Contains(Run({"check", "--baseline", v2, flow}).err,
                 "v2.json:1:13: error: json report version 2 is not "
                 "supported (expected 1)"));
}

TEST_CASE("baseline: reports of earlier releases still match") {
  TempDir dir("old-baselines");
  const std::string flow = dir.Write("f.xml", DeepFlow("f", 4));
  const std::string doc =
      dir.Write("d/m.vxml",
                "<vxml version=\"2.1\"><menu id=\"m\"><choice dtmf=\"1\" "
                "next=\"#a\"/></menu><form id=\"a\"><block><goto expr=\"x\"/>"
                "</block></form></vxml>");
  Run({"check", "--format", "json", "-o", dir.path("now.json"), flow, doc});
  std::string text = dir.Read("now.json");
  REQUIRE(Contains(text, "\"input\": null"));
  REQUIRE(Contains(text, "\"key\": \"m.vxml\""));
  // Without keys, and with "" for null inputs.
  std::string old;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = text.find('\n', at);
    std::string line = text.substr(at, end - at + 1);
    at = end == std::string::npos ? text.size() : end + 1;
    if (Contains(line, "\"key\": ")) continue;
    if (const std::size_t n = line.find("\"input\": null");
        n != std::string::npos) {
      line.replace(n, 15, "\"input\": \"\"");
    }
    old += line;
  }
  REQUIRE(!Contains(old, "\"key\""));
  const std::string base = dir.Write("old.json", old);
  const Output out = Run({"check", "--baseline", base, flow, doc});
  CHECK(Contains(out.out, "against the baseline: 0 new, "));
  CHECK(Contains(out.out, " unchanged, 0 fixed"));
  // With a byte order mark, as PowerShell writes one; a directory is said
  // to be one.
  const std::string bom = dir.Write("bom.json", "\xEF\xBB\xBF" + text);
  CHECK(Contains(Run({"check", "--baseline", bom, flow, doc}).out,
                 "against the baseline: 0 new, "));
  const Output folder = Run({"check", "--baseline", dir.path("d"), flow});
  CHECK(folder.rc == 2);
  CHECK(Contains(folder.err, "d: error: is a directory, not a json report"));
}

// A suppressed finding lacked the fingerprint and baseline keys every
// finding has; three copies of one bad comment gave GitLab one issue (one
// fingerprint); a file name holding U+FFFE made JUnit XML no XML.
TEST_CASE("reports: suppressed keys, unique load errors, XML characters") {
  TempDir dir("contract");
  std::string flow = DeepFlow("f", 4);
  flow.replace(flow.find("  <menu id=\"m0\""), 0,
               "  <!-- ivrscope-disable too-many-entries: legal -->\n");
  const std::string path = dir.Write("f.xml", flow);
  const std::string json = Run({"check", "--format", "json", path}).out;
  const std::size_t suppressed = json.find("\"suppressed\": [");
  REQUIRE(suppressed != std::string::npos);
  const std::string tail = json.substr(
      suppressed,
      json.find("]", json.find("\"reason\"", suppressed)) - suppressed);
  CHECK(Contains(tail, "\"fingerprint\": \""));
  CHECK(Contains(tail, "\"baseline\": null"));

  std::string bad = DeepFlow("g", 1);
  for (int i = 0; i < 3; ++i) {
    bad.replace(bad.find("</ivrflow>"), 0,
                "<!-- ivrscope-disable no-such-rule: x -->\n");
  }
  const std::string bad_path = dir.Write("g.xml", bad);
  const std::string quality =
      Run({"check", "--format", "codequality", bad_path}).out;
  std::vector<std::string> prints = Fingerprints(quality);
  std::sort(prints.begin(), prints.end());
  CHECK(std::adjacent_find(prints.begin(), prints.end()) == prints.end());
  CHECK(prints.size() >= 3);

  const std::string odd = dir.Write("non\xEF\xBF\xBE.xml", DeepFlow("h", 4));
  const std::string junit = Run({"check", "--format", "junit", odd}).out;
  CHECK(!Contains(junit, "\xEF\xBF\xBE"));
  CHECK(Contains(junit, "non\xEF\xBF\xBD.xml"));
}

// Two documents naming each other as application root: b.vxml is analysed
// within a.vxml's flow, but no flow starts there, so its error was counted
// as an input not analysed.
TEST_CASE("summary: a document analysed within another's flow is analysed") {
  TempDir dir("summary-root-cycle");
  const std::string a = dir.Write(
      "a.vxml",
      "<vxml version=\"2.1\" application=\"b.vxml\"><form id=\"f\"><block>"
      "<goto next=\"b.vxml\"/></block></form></vxml>\n");
  dir.Write("b.vxml",
            "<vxml version=\"2.1\" application=\"a.vxml\"><form id=\"g\">"
            "<block><goto next=\"a.vxml\"/></block></form></vxml>\n");
  Output out = Run({"check", a});
  CHECK(out.rc == 2);
  CHECK(Contains(out.out,
                 "ivrscope: 1 file, 1 flow, 2 problems in analysed inputs: "));
}

TEST_CASE("baseline: moved lines stay unchanged, new and fixed are counted") {
  TempDir dir("baseline");
  const std::string old_flow = dir.Write("old/f.xml", DeepFlow("f", 4));
  Output before = Run({"check", "--format", "json", "--output",
                       dir.path("base.json"), old_flow});
  REQUIRE(before.rc == 1);

  // The same flow, every line moved down: nothing is new.
  const std::string moved =
      dir.Write("moved/f.xml", DeepFlow("f", 4, "  <!-- moved -->\n\n\n"));
  Output same = Run({"check", "--baseline", dir.path("base.json"), moved});
  CHECK(same.rc == 0);  // unchanged findings do not count for --fail-on
  CHECK(
      Contains(same.out, "against the baseline: 0 new, 5 unchanged, 0 fixed"));
  CHECK(Contains(same.out, "[too-many-entries] (baseline)"));

  // One level more: the too-many-entries finding on m0 changes route, so
  // it is fixed and a new one appears; the four retry-hangups that stay
  // match, the fifth (on the new menu) is new.
  const std::string shorter = dir.Write("new/f.xml", DeepFlow("f", 5));
  Output changed = Run({"check", "--baseline", dir.path("base.json"), shorter});
  CHECK(changed.rc == 1);
  CHECK(Contains(changed.out,
                 "against the baseline: 2 new, 4 unchanged, 1 fixed"));

  Output json = Run({"check", "--format", "json", "--baseline",
                     dir.path("base.json"), shorter});
  CHECK(Contains(json.out, "\"baseline\": \"new\""));
  CHECK(Contains(json.out, "\"baseline\": \"unchanged\""));
  CHECK(Contains(json.out, "\"fixed\": 1"));
}

// A route's automatic steps (a play, a branch) have no input: null in the
// json report. The baseline reader skipped them, the live fingerprint
// counted each as an empty input, so every finding with such a step was
// "new" and "fixed" against the report of the very same run (11 of 29 on
// the samples), and --fail-on failed an unchanged design.
TEST_CASE("baseline: a run's own report is its baseline, automatic steps too") {
  TempDir dir("own-baseline");
  const std::string samples = std::string(IVRSCOPE_SOURCE_DIR) + "/samples";
  Output before = Run({"check", "--format", "json", "--output",
                       dir.path("base.json"), samples});
  REQUIRE(before.rc == 1);
  REQUIRE(Contains(dir.Read("base.json"), "\"input\": null"));
  Output same = Run({"check", "--baseline", dir.path("base.json"), samples});
  CHECK(same.rc == 0);
  CHECK(Contains(same.out, "against the baseline: 0 new, "));
  CHECK(Contains(same.out, " unchanged, 0 fixed"));
  // A route that is all automatic, as dead-end's is: welcome -> check.
  const std::string flow =
      dir.Write("d.ivrflow",
                "<ivrflow name='d' start='welcome'>\n"
                "<play id='welcome' next='check'>Hi.</play>\n"
                "<branch id='check'><when cond='open' next='op'/></branch>\n"
                "<transfer id='op' to='queue:general'/></ivrflow>\n");
  REQUIRE(
      Run({"check", "--format", "json", "--output", dir.path("d.json"), flow})
          .rc == 1);
  Output dead_end = Run({"check", "--baseline", dir.path("d.json"), flow});
  CHECK(dead_end.rc == 0);
  CHECK(Contains(dead_end.out,
                 "against the baseline: 0 new, 1 unchanged, 0 fixed"));
}

// Two files that both name their flow "main": flow:main linked to the
// first without a word, and both findings had one fingerprint, which GitLab
// takes for one issue.
TEST_CASE("a flow name used twice is an error, and fingerprints stay apart") {
  TempDir dir("same-name");
  const std::string flow =
      "<ivrflow name=\"main\">\n"
      "  <menu id=\"m\"><option key=\"1\" next=\"agent\"/></menu>\n"
      "  <transfer id=\"agent\" to=\"queue:help\"/>\n</ivrflow>\n";
  dir.Write("a/main.ivrflow", flow);
  dir.Write("b/main.ivrflow", flow);
  Output text = Run({"check", dir.path()});
  CHECK(text.rc == 2);
  CHECK(Contains(text.out,
                 "b/main.ivrflow:1:10: error: flow name 'main' is "
                 "already the name of the flow in '"));
  CHECK(Contains(text.out, "2 flows, 1 problem in an analysed input"));
  Output quality = Run({"check", "--format", "codequality", dir.path()});
  const std::vector<std::string> fingerprints = Fingerprints(quality.out);
  REQUIRE(fingerprints.size() == 3);  // two retry-loops, the error
  CHECK(fingerprints[0] != fingerprints[1]);
  // Both flows were analysed: the error is not "cannot analyse", and in the
  // spreadsheet it is in the second flow's row, not a row of a lost input.
  CHECK_FALSE(Contains(quality.out, "cannot analyse"));
  const std::string csv = Run({"check", "--format", "csv", dir.path()}).out;
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 3);  // header, 2 flows
  CHECK(Contains(csv, "main.ivrflow:1:10: error: flow name 'main' is already"));
  CHECK_FALSE(Contains(csv, "\r\n,"));  // no row without a flow
  // Each file's own report is its baseline, the second flow's finding too.
  Run({"check", "--format", "json", "--output", dir.path("base.json"),
       dir.path()});
  CHECK(Contains(
      Run({"check", "--baseline", dir.path("base.json"), dir.path()}).out,
      "against the baseline: 0 new, 2 unchanged, 0 fixed"));
}

// Two flows of one name made two suites of that name, and two errors in
// one file two load testcases of one name: GitLab merges cases it cannot
// tell apart, so a failure hid behind a pass.
TEST_CASE("junit: suite and testcase names are distinct for dashboards") {
  TempDir dir("junit-names");
  dir.Write("a/main.ivrflow", DeepFlow("main", 1));
  dir.Write("b/main.ivrflow", DeepFlow("main", 4));
  std::string bad = DeepFlow("g", 1);
  for (int i = 0; i < 2; ++i) {
    bad.replace(bad.find("</ivrflow>"), 0,
                "<!-- ivrscope-disable no-such-rule: x -->\n");
  }
  dir.Write("c/g.ivrflow", bad);
  const std::string junit = Run({"check", "--format", "junit", dir.path()}).out;
  // Every testcase's (classname, name), and every suite's name.
  std::vector<std::string> suites;
  std::vector<std::string> cases;
  const auto attribute = [&](std::size_t tag, const std::string& name) {
    const std::size_t at =
        junit.find(" " + name + "=\"", tag) + name.size() + 3;
    return junit.substr(at, junit.find('"', at) - at);
  };
  for (std::size_t at = junit.find("<testsuite "); at != std::string::npos;
       at = junit.find("<testsuite ", at + 1)) {
    suites.push_back(attribute(at, "name"));
  }
  for (std::size_t at = junit.find("<testcase "); at != std::string::npos;
       at = junit.find("<testcase ", at + 1)) {
    cases.push_back(attribute(at, "classname") + "/" + attribute(at, "name"));
  }
  CHECK(suites.size() == 4);  // a/main, b/main, c/g and ivrscope.load
  const std::string b = (fs::path("b") / "main.ivrflow").string();
  CHECK(std::find_if(suites.begin(), suites.end(), [&](const auto& s) {
          return s.starts_with("main (") && s.ends_with(b + ")");
        }) != suites.end());
  CHECK(Contains(junit, "g.ivrflow (7:1)\" classname=\"ivrscope.load\""));
  std::sort(suites.begin(), suites.end());
  std::sort(cases.begin(), cases.end());
  CHECK(std::adjacent_find(suites.begin(), suites.end()) == suites.end());
  CHECK(std::adjacent_find(cases.begin(), cases.end()) == cases.end());
}

// Two findings alike (the same fingerprint: two flows of one name) were
// paired by order alone: when the first went, the second took its
// fingerprint and the one named fixed was the one still there.
TEST_CASE("of two findings alike, the one fixed is the one named fixed") {
  TempDir dir("fixed-of-two");
  const std::string menu =
      "  <menu id=\"m\"><option key=\"1\" next=\"agent\"/></menu>\n"
      "  <transfer id=\"agent\" to=\"queue:help\"/>\n</ivrflow>\n";
  dir.Write("old/a/main.ivrflow", "<ivrflow name=\"main\">\n" + menu);
  dir.Write("old/b/main.ivrflow", "<ivrflow name=\"main\">\n\n\n" + menu);
  dir.Write("new/b/main.ivrflow", "<ivrflow name=\"main\">\n\n\n" + menu);
  Run({"check", "--format", "json", "--output", dir.path("base.json"),
       dir.path("old")});
  Output now =
      Run({"check", "--baseline", dir.path("base.json"), dir.path("new")});
  CHECK(Contains(now.out, "against the baseline: 0 new, 1 unchanged, 1 fixed"));
  CHECK(Contains(now.out, "fixed since the baseline:\n  " +
                              dir.path("old/a/main.ivrflow") + ":2:3: "));
  Output diff = Run({"diff", dir.path("old"), dir.path("new")});
  CHECK(Contains(diff.out, "fixed findings:\n" +
                               dir.path("old/a/main.ivrflow") + ":2:3: "));
  CHECK(Contains(diff.out, "0 new ("));
}

// "../flows/f.xml" was written as it came, under %SRCROOT%: a code scanner
// cannot resolve a path that climbs out of the checkout.
TEST_CASE(
    "sarif and code quality give a path above the current directory whole") {
  TempDir dir("above");
  const std::string flow = dir.Write("f.ivrflow", DeepFlow("f", 4));
  const std::string climbing =
      fs::path(flow).lexically_relative(fs::current_path()).string();
  if (!climbing.starts_with("..")) {  // run from an ancestor of the temp dir
    MESSAGE("skipped: " << flow << " lies under the current directory");
    return;
  }
  const std::string whole = fs::path(flow).lexically_normal().generic_string();
  Output sarif = Run({"check", "--format", "sarif", climbing});
  CHECK(Contains(sarif.out, "\"uri\": \"file://" + whole + "\""));
  CHECK_FALSE(Contains(sarif.out, "\"uri\": \".."));
  Output quality = Run({"check", "--format", "codequality", climbing});
  CHECK(Contains(quality.out, "\"path\": \"" + whole + "\""));
}

// Read twice, a file's flow clashed with itself by name, and each finding
// was reported twice.
TEST_CASE(
    "a file named twice, or named and in a directory named, is read once") {
  TempDir dir("twice");
  const std::string flow = dir.Write("d/f.ivrflow", DeepFlow("f", 4));
  const std::string same = dir.path("d/../d/./f.ivrflow");
  Output once = Run({"check", flow});
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"check", flow, flow},
        std::vector<std::string>{"check", flow, same},
        std::vector<std::string>{"check", dir.path("d"), flow}}) {
    CAPTURE(args.back());
    Output twice = Run(args);
    CHECK(twice.rc == once.rc);
    CHECK(Contains(twice.out, "ivrscope: 1 file, 1 flow: "));
  }
}

TEST_CASE("baseline: an unreadable baseline is an error, nothing analysed") {
  TempDir dir("bad-baseline");
  const std::string flow = dir.Write("f.xml", DeepFlow("f", 1));
  const std::string bad =
      dir.Write("bad.json", "{\n  \"version\": 1,\n  oops\n}\n");
  Output out = Run({"check", "--baseline", bad, flow});
  CHECK(out.rc == 2);
  CHECK(out.out.empty());
  CHECK(Contains(out.err, bad + ":3:3: error: cannot read json report: "
                                "expected a member name in double quotes"));
  const std::string wrong =
      dir.Write("v2.json", "{\"version\": 2, \"flows\": []}");
  CHECK(Contains(Run({"check", "--baseline", wrong, flow}).err,
                 "json report version 2 is not supported"));
  // What a field is missing or mistyped is said, and where its object is.
  const std::string shapeless = dir.Write(
      "shape.json",
      "{\"version\": 1, \"flows\": [{\"key\": \"f\", \"findings\": [\n"
      "  {\"severity\": \"error\", \"message\": \"m\", \"node\": \"n\",\n"
      "   \"file\": \"f.xml\", \"line\": 1, \"column\": 1, \"route\": []}]}]}");
  CHECK(Contains(Run({"check", "--baseline", shapeless, flow}).err,
                 shapeless + ":2:3: error: not an ivrscope json report: a "
                             "finding has no \"rule\""));
  const std::string negative = dir.Write(
      "negative.json",
      "{\"version\": 1, \"flows\": [{\"key\": \"f\", \"findings\": [\n"
      "  {\"line\": -1}]}]}");
  CHECK(Contains(Run({"check", "--baseline", negative, flow}).err,
                 negative + ":2:12: error: not an ivrscope json report: "
                            "\"line\" is not a whole number"));
}

TEST_CASE("baseline nested deeper than any report is refused, not a crash") {
  // Boost's JSON parser recursed per level: a million '[' overflowed the
  // stack. Brackets inside strings do not nest.
  TempDir dir("deep-baseline");
  const std::string flow = dir.Write("f.xml", DeepFlow("f", 1));
  struct Case {
    const char* name;
    std::string text;
    const char* error;  // expected in stderr
  };
  const std::string quoted(100000, '[');
  const Case cases[] = {
      {"arrays.json", "{\n  \"x\": " + std::string(1000000, '['),
       ":2:71: error: cannot read json report: arrays and objects nested "
       "more than 64 deep"},
      {"objects.json",
       [] {
         std::string t;
         for (int i = 0; i < 100000; ++i) t += "{\"a\":";
         return t;
       }(),
       ":1:321: error: cannot read json report: arrays and objects nested"},
      {"strings.json",
       "{\"version\": 1, \"flows\": [], \"x\": \"" + quoted + "\\\"" + quoted +
           "\"}",
       nullptr},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    const std::string path = dir.Write(c.name, c.text);
    Output out = Run({"check", "--baseline", path, flow});
    if (c.error == nullptr) {
      CHECK(out.rc != 2);
      CHECK(out.err.empty());
    } else {
      CHECK(out.rc == 2);
      CHECK(out.out.empty());
      CHECK(Contains(out.err, path + c.error));
    }
  }
}

TEST_CASE("directory search passes over other XML; named, it is an error") {
  // Exports keep grammars and settings beside the flows, often as *.xml.
  TempDir dir("other-xml");
  dir.Write("estate/f.xml", DeepFlow("f", 1));
  const std::string grammar =
      dir.Write("estate/grammars/yes-no.xml",
                "<grammar root='r'><rule id='r'/></grammar>");
  dir.Write("estate/settings.xml", "<?xml version='1.0'?>\n<configuration/>");
  const std::string estate = dir.path("estate");
  Output text = Run({"check", "--fail-on", "never", estate});
  CHECK(text.rc == 0);
  CHECK(Contains(text.out,
                 "ivrscope: 3 files, 1 flow, 2 other XML files "
                 "skipped: "));
  CHECK_FALSE(Contains(text.out, "error:"));
  Output json =
      Run({"check", "--format", "json", "--fail-on", "never", estate});
  CHECK(json.rc == 0);
  CHECK(Contains(json.out,
                 "\"skipped\": [\n    {\n      \"file\": \"" + grammar +
                     "\",\n      \"line\": 1,\n      "
                     "\"column\": 1,\n      \"message\": \"the root "
                     "element is <grammar>, not <ivrflow> or <vxml>\""));
  CHECK(Contains(json.out, "\"skipped\": 2,"));
  Output html =
      Run({"check", "--format", "html", "--fail-on", "never", estate});
  CHECK(Contains(html.out, "2 other XML files skipped (not IVR flows)"));
  CHECK(Contains(html.out, "<li><code>" + grammar +
                               ":1:1</code> the root "
                               "element is &lt;grammar&gt;"));
  // Asked for by name, or called *.vxml, it is a mistake to report.
  Output named = Run({"check", "--fail-on", "never", grammar});
  CHECK(named.rc == 2);
  CHECK(Contains(named.out, grammar + ":1:1: error: not an IVR flow: the root "
                                      "element is <grammar>, expected "
                                      "<ivrflow> or <vxml>"));
  dir.Write("estate/menu.vxml", "<grammar/>");
  Output vxml = Run({"check", "--fail-on", "never", estate});
  CHECK(vxml.rc == 2);
  CHECK(Contains(vxml.out, "menu.vxml:1:1: error: not an IVR flow"));
  CHECK(Contains(vxml.out, "1 input not analysed, 2 other XML files skipped"));
}

// Flows were paired by key alone: an ivrflow named "clinic.vxml" added
// beside clinic.vxml took the VoiceXML flow's place, and five of its
// metrics "moved".
TEST_CASE("diff: flows of two formats with one key are not paired") {
  TempDir dir("diff-key-formats");
  const std::string vxml =
      "<vxml version=\"2.1\"><menu id=\"m\"><choice dtmf=\"1\" "
      "next=\"#t\"/></menu><form id=\"t\"><transfer name=\"x\" "
      "dest=\"tel:+18005550100\" bridge=\"true\"><filled><disconnect/>"
      "</filled></transfer></form></vxml>\n";
  dir.Write("old/clinic.vxml", vxml);
  dir.Write("new/clinic.vxml", vxml);
  dir.Write("new/x.ivrflow",
            "<ivrflow name=\"clinic.vxml\"><transfer id=\"b\" "
            "to=\"queue:a\"/></ivrflow>\n");
  const Output diff = Run({"diff", dir.path("old"), dir.path("new")});
  CHECK(Contains(diff.out, "flow added: clinic.vxml\n"));
  CHECK(Contains(diff.out, ", 0 metrics moved"));
}

TEST_CASE("diff: new, fixed, metric moves and the exit code") {
  TempDir dir("diff");
  dir.Write("old/f.xml", DeepFlow("f", 2));
  dir.Write("new/f.xml", DeepFlow("f", 4, "\n\n"));
  Output worse = Run({"diff", dir.path("old"), dir.path("new")});
  CHECK(worse.rc == 1);
  CHECK(Contains(worse.out, "new findings:\n"));
  CHECK(Contains(worse.out, "f: 2 \u2192 4 entries to the farthest human\n"));
  Output better = Run({"diff", dir.path("new"), dir.path("old")});
  CHECK(better.rc == 0);  // only fixes: nothing new at or above --fail-on
  CHECK(Contains(better.out, "fixed findings:\n"));
  CHECK(Contains(better.out, "f: 4 \u2192 2 entries to the farthest human\n"));
  // Only moved lines: no finding is new or fixed.
  dir.Write("moved/f.xml", DeepFlow("f", 4, "\n\n\n\n\n"));
  Output moved = Run({"diff", dir.path("new"), dir.path("moved")});
  CHECK(moved.rc == 0);
  CHECK(moved.out ==
        "ivrscope diff: 0 new (0 errors, 0 warnings, 0 notes), 0 fixed "
        "(0 errors, 0 warnings, 0 notes), 0 metrics moved\n");
  CHECK(Run({"diff", dir.path("old")}).rc == 2);
}

// A VoiceXML flow is named by its path, and its findings' fingerprints
// hashed that name: `diff old/ new/` saw every flow removed and added and
// every finding new and fixed, and a baseline made from `check flows`
// matched nothing in `check ./flows`. The key is the path below the
// directory given.
TEST_CASE("VoiceXML fingerprints do not depend on how the directory is named") {
  TempDir dir("vxml-key");
  const std::string doc =
      "<vxml version=\"2.1\">\n<menu id=\"main\">\n"
      "<choice dtmf=\"1\" next=\"#nowhere\">Sales</choice>\n</menu>\n"
      "</vxml>\n";
  dir.Write("old/menus/main.vxml", doc);
  dir.Write("new/menus/main.vxml", doc);
  Output same = Run({"diff", dir.path("old"), dir.path("new")});
  CHECK(same.rc == 0);
  CHECK(same.out ==
        "ivrscope diff: 0 new (0 errors, 0 warnings, 0 notes), 0 fixed "
        "(0 errors, 0 warnings, 0 notes), 0 metrics moved\n");
  REQUIRE(Run({"check", "--format", "json", "--output", dir.path("base.json"),
               dir.path("old")})
              .rc == 1);
  CHECK(Contains(dir.Read("base.json"), "\"key\": \"menus/main.vxml\""));
  Output spelt = Run(
      {"check", "--baseline", dir.path("base.json"), dir.path("new") + "/./"});
  CHECK(spelt.rc == 0);
  CHECK(Contains(spelt.out, "against the baseline: 0 new, "));
  CHECK(Contains(spelt.out, " unchanged, 0 fixed"));
  // A report from before flows had a key: ivrflow's name is its key.
  const std::string flow = dir.Write("f.ivrflow", DeepFlow("f", 4));
  REQUIRE(
      Run({"check", "--format", "json", "--output", dir.path("f.json"), flow})
          .rc == 1);
  std::string old_report = dir.Read("f.json");
  const std::string field = "\"key\": \"f\",";
  const std::size_t key = old_report.find(field);
  REQUIRE(key != std::string::npos);
  old_report.erase(key, field.size());
  dir.Write("f-old.json", old_report);
  Output old = Run({"check", "--baseline", dir.path("f-old.json"), flow});
  CHECK(old.rc == 0);
  CHECK(Contains(old.out, "0 new, "));
}

TEST_CASE("suppression: works in VoiceXML documents too") {
  TempDir dir("suppress-vxml");
  const std::string menu =
      "  <menu id=\"main\">\n"
      "    <choice dtmf=\"0\" next=\"#agent\">Agent</choice>\n"
      "  </menu>\n"
      "  <form id=\"agent\"><transfer name=\"t\" "
      "dest=\"tel:+15550100\"/></form>\n";
  const std::string head =
      "<?xml version=\"1.0\"?>\n<vxml version=\"2.1\" "
      "xmlns=\"http://www.w3.org/2001/vxml\">\n";
  const std::string plain = dir.Write("plain.vxml", head + menu + "</vxml>\n");
  CHECK(Contains(Run({"check", plain}).out, "[retry-loop]"));
  const std::string silenced =
      dir.Write("silenced.vxml", head +
                                     "  <!-- ivrscope-disable retry-loop: the "
                                     "platform caps retries -->\n" +
                                     menu + "</vxml>\n");
  Output out = Run({"check", silenced});
  CHECK(!Contains(out.out, "[retry-loop]"));
  CHECK(Contains(out.out, ", 1 suppressed\n"));
}

// A finding at an attribute (broken-target points at `next`) was matched
// to no element: the comment right before the <option> did nothing.
TEST_CASE("suppression: a finding at an attribute is on its element") {
  TempDir dir("suppress-attribute");
  const std::string path = dir.Write(
      "f.ivrflow",
      "<ivrflow name=\"f\" start=\"m\">\n"
      "  <menu id=\"m\" tries=\"2\" on-exhausted=\"t\">\n"
      "    <!-- ivrscope-disable broken-target: being built -->\n"
      "    <option key=\"1\" next=\"nope1\"/>\n"
      "    <option key=\"2\" next=\"nope2\"/>\n"
      "    <option key=\"0\" next=\"t\"/>\n"
      "  </menu>\n  <transfer id=\"t\" to=\"queue:a\"/>\n</ivrflow>\n");
  const Output out = Run({"check", path});
  CHECK(!Contains(out.out, "'nope1'"));
  CHECK(Contains(out.out, ":5:21: error: "));  // nope2, not silenced
  CHECK(Contains(out.out, ", 1 suppressed\n"));
}

// Each directive of a run walked the rest of the run to find its element:
// 200,000 comments before one <transfer> took 48 s. The run is walked once;
// every comment of it still silences that element, and the next run its own.
TEST_CASE("suppression: every comment of a run is on the element after it") {
  TempDir dir("suppress-run");
  std::string run;
  for (int i = 0; i < 50000; ++i) {
    run += "<!--ivrscope-disable no-fallback: " + std::to_string(i) + "-->";
  }
  const std::string path = dir.Write(
      "f.ivrflow",
      "<ivrflow name=\"f\" start=\"m\">\n"
      "  <menu id=\"m\"><option key=\"1\" next=\"a\"/>"
      "<option key=\"2\" next=\"b\"/></menu>\n  " +
          run +
          "<!-- other -->\n  <!-- ivrscope-disable retry-loop: x -->\n"
          "  <transfer id=\"a\" to=\"tel:+18005550100\"/>\n"
          "  <!-- ivrscope-disable no-fallback: b too -->\n"
          "  <transfer id=\"b\" to=\"tel:+18005550101\"/>\n</ivrflow>\n");
  const Output out = Run({"check", "--show-suppressed", path});
  CHECK(Contains(out.out, "reason: 49999 ("));
  CHECK(Contains(out.out, "reason: b too ("));
  CHECK_FALSE(Contains(out.out, ": note: transfer"));
  CHECK(Contains(out.out, ", 2 suppressed\n"));
}

TEST_CASE("suppression: silences one rule on one element, counted") {
  TempDir dir("suppress");
  std::string flow = DeepFlow("f", 4);
  flow.replace(flow.find("  <menu id=\"m0\""), 0,
               "  <!-- ivrscope-disable too-many-entries, retry-hangup: "
               "legal requires the menu -->\n");
  const std::string path = dir.Write("f.xml", flow);
  Output out = Run({"check", path});
  CHECK(!Contains(out.out, "f.xml:3:3: warning"));
  CHECK(Contains(out.out, ", 2 suppressed\n"));
  Output shown = Run({"check", "--show-suppressed", path});
  CHECK(Contains(shown.out, ":3:3: suppressed warning:"));
  CHECK(Contains(shown.out, "  reason: legal requires the menu ("));

  std::string typo = DeepFlow("g", 1);
  typo.replace(typo.find("  <menu"), 0,
               "  <!-- ivrscope-disable retry-hangups: typo -->\n");
  const std::string typo_path = dir.Write("g.xml", typo);
  Output bad = Run({"check", typo_path});
  CHECK(bad.rc == 2);
  CHECK(Contains(bad.out, typo_path +
                              ":2:3: error: ivrscope-disable names no rule: "
                              "'retry-hangups'"));

  std::string no_reason = DeepFlow("h", 1);
  no_reason.replace(no_reason.find("  <menu"), 0,
                    "  <!-- ivrscope-disable retry-hangup -->\n");
  const std::string no_reason_path = dir.Write("h.xml", no_reason);
  Output missing = Run({"check", no_reason_path});
  CHECK(missing.rc == 2);
  CHECK(Contains(missing.out, no_reason_path +
                                  ":2:3: error: ivrscope-disable needs rules "
                                  "and a reason"));
}

// A broken comment refused the whole document: every finding of the file
// was lost for want of a reason in one comment (the README promised it
// analysed all the same). Found earlier by the VoiceXML fuzzer: a sound
// comment before the broken one must name a file the program holds.
TEST_CASE(
    "suppression: a broken comment is an error, the document still analysed") {
  TempDir dir("suppress-refused");
  const std::string head =
      "<?xml version=\"1.0\"?>\n<vxml version=\"2.1\" "
      "xmlns=\"http://www.w3.org/2001/vxml\">\n";
  const std::string bad = dir.Write(
      "bad.vxml", head +
                      "  <!-- ivrscope-disable no-such-rule: kept first -->\n"
                      "  <form id=\"a\"><block><exit/></block></form>\n"
                      "  <!-- ivrscope-disable : no rule -->\n"
                      "  <form id=\"b\"><block><exit/></block></form>\n"
                      "</vxml>\n");
  std::string flow = DeepFlow("f", 1);
  flow.replace(flow.find("  <menu"), 0,
               "  <!-- ivrscope-disable no-such-rule: first -->\n"
               "  <!-- ivrscope-disable retry-hangup -->\n");
  const std::string bad_flow = dir.Write("bad.xml", flow);
  for (const std::string& path : {bad, bad_flow}) {
    CAPTURE(path);
    Output out = Run({"check", path});
    CHECK(out.rc == 2);
    CHECK(Contains(out.out,
                   ": error: ivrscope-disable needs rules and a reason"));
    CHECK(Contains(out.out, "names no rule: 'no-such-rule'"));
    CHECK(Contains(out.out, "1 file, 1 flow, 2 problems in analysed inputs"));
  }
  // The findings the broken comment stood over are still reported.
  CHECK(Contains(Run({"check", bad_flow}).out, "[retry-hangup]"));
}

// A directive naming no rule is an error of the report, but its flow is
// analysed: the summary said "1 flow, 1 input not analysed".
TEST_CASE("summary: a bad directive in an analysed file loses no input") {
  TempDir dir("summary-directive");
  std::string flow = DeepFlow("f", 1);
  flow.replace(flow.find("  <menu"), 0,
               "  <!-- ivrscope-disable no-such-rule: typo -->\n");
  const std::string path = dir.Write("f.xml", flow);
  const std::string broken = dir.Write("broken.xml", "<ivrflow name='b'>");
  Output out = Run({"check", path, broken});
  CHECK(out.rc == 2);
  CHECK(Contains(out.out, "names no rule: 'no-such-rule'"));
  CHECK(Contains(out.out,
                 "ivrscope: 2 files, 1 flow, 1 input not analysed, 1 problem "
                 "in an analysed input: "));
}

TEST_CASE("configuration: platform-builtin-dtmf in the file, and its option") {
  TempDir dir("builtin-dtmf");
  const std::string flow = dir.Write(
      "f.vxml",
      "<vxml version=\"2.1\" xmlns=\"http://www.w3.org/2001/vxml\">"
      "<link dtmf=\"0\" next=\"#agent\"/><form id=\"f\"><field name=\"n\" "
      "type=\"digits\"><filled><disconnect/></filled></field></form>"
      "<form id=\"agent\"><transfer name=\"desk\" "
      "dest=\"tel:+18005550100\"/></form></vxml>");
  // The zero-out reaches the person, unless the field takes the 0 itself.
  CHECK(Contains(Run({"paths", flow}).out, "human"));
  CHECK(!Contains(Run({"paths", "--platform-builtin-dtmf", flow}).out,
                  "human"));
  dir.Write(".ivrscope.ini", "platform-builtin-dtmf = true\n");
  CHECK(!Contains(Run({"paths", flow}).out, "human"));
  CHECK(!Contains(Run({"check", "--format", "json", flow}).out,
                  "\"min_entries_to_human\": 1"));
}

// --max-file-size was a size_t: "-5" wrapped round to no limit, and a huge
// value shifted into a limit of 0 that refused every file.
TEST_CASE("--max-file-size out of range is refused, not wrapped") {
  TempDir dir("max-file-size");
  const std::string flow = dir.Write("f.xml", DeepFlow("f", 1));
  for (const char* value : {"-5", "0", "17592186044416"}) {
    CAPTURE(value);
    Output out = Run({"check", "--max-file-size", value, flow});
    CHECK(out.rc == 2);
    CHECK(Contains(out.err, "max-file-size must be from 1 to 1048576 (MiB)"));
  }
  CHECK(Run({"check", "--max-file-size", "1", flow}).rc != 2);
}

// --config /tmp opened the directory as a file, read nothing, and ran with
// the defaults as if configured.
TEST_CASE("configuration: a directory named as the file is an error") {
  TempDir dir("config-dir");
  const std::string flow = dir.Write("f.xml", DeepFlow("f", 1));
  Output out = Run({"check", "--config", dir.path(""), flow});
  CHECK(out.rc == 2);
  CHECK(Contains(out.err,
                 "error: cannot read configuration file: it is a "
                 "directory"));
}

TEST_CASE("configuration: command line over file over defaults") {
  TempDir dir("config");
  const std::string flow = dir.Write("flows/f.xml", DeepFlow("f", 3));
  // No file: the default max-entries 3 is met.
  CHECK(!Contains(Run({"check", flow}).out, "too-many-entries"));
  // The nearest .ivrscope.ini above the first input applies.
  dir.Write(".ivrscope.ini", "max-entries = 2\n[rules]\nretry-hangup = off\n");
  Output file = Run({"check", flow});
  CHECK(Contains(file.out, "[too-many-entries]"));
  CHECK(!Contains(file.out, "[retry-hangup]"));
  // The command line wins over the file.
  CHECK(!Contains(Run({"check", "--max-entries", "3", flow}).out,
                  "too-many-entries"));
  // Re-grading changes the severity reports and --fail-on see.
  dir.Write(".ivrscope.ini",
            "[rules]\ntoo-many-entries = note\nretry-hangup = off\n"
            "max-entries = 2\n");
  Output graded = Run({"check", "--config", dir.path(".ivrscope.ini"), flow});
  CHECK(Contains(graded.err, ":4:1: error: unknown key 'rules.max-entries'"));
  dir.Write(".ivrscope.ini",
            "max-entries = 2\n[rules]\ntoo-many-entries = note\n"
            "retry-hangup = off\n");
  graded = Run({"check", flow});
  CHECK(graded.rc == 0);
  CHECK(Contains(graded.out, "note: callers who reach"));
  // A bad value is pointed at (it was at column 1, the key's); from the
  // command line it is a usage error.
  dir.Write(".ivrscope.ini", "# thresholds\n\n   max-entries = -1\n");
  CHECK(Contains(Run({"check", flow}).err,
                 ".ivrscope.ini:3:18: error: max-entries cannot be negative"));
  dir.Write(".ivrscope.ini", "max-entries = many\n");
  CHECK(Contains(
      Run({"check", flow}).err,
      ".ivrscope.ini:1:15: error: invalid value 'many' for max-entries"));
  dir.Write(".ivrscope.ini", "max-entries = 2\nmax-entries = 3\n");
  CHECK(Contains(Run({"check", flow}).err,
                 ":2:1: error: 'max-entries' is given twice"));
  dir.Write(".ivrscope.ini", "just words\n");
  CHECK(Contains(Run({"check", flow}).err,
                 ":1:1: error: expected 'key = value'"));
}

TEST_CASE("configuration: destinations and the number map") {
  TempDir dir("destinations");
  const std::string a = dir.Write(
      "flows/a.xml",
      "<ivrflow name=\"a\"><menu id=\"m\"><option key=\"1\" next=\"t\"/>"
      "</menu><transfer id=\"t\" to=\"tel:+18005550199\"/>"
      "</ivrflow>\n");
  dir.Write(
      "flows/b.xml",
      "<ivrflow name=\"b\"><transfer id=\"q\" to=\"queue:x\"/></ivrflow>\n");
  const auto metric = [&](const std::string& name) {
    const std::string out = Run({"check", "--format", "json", a}).out;
    const std::size_t at = out.find("\"" + name + "\": ");
    return out.substr(at + name.size() + 4,
                      out.find_first_of(",\n", at) - at - name.size() - 4);
  };
  CHECK(metric("min_entries_to_human") == "1");  // a number is a person
  dir.Write(".ivrscope.ini", "[destinations]\nivr = tel:+1800555*\n");
  CHECK(metric("min_entries_to_human") == "null");  // another IVR
  dir.Write(".ivrscope.ini",
            "[destinations]\nivr = tel:+1800555*\nhuman = tel:+18005550199\n");
  CHECK(metric("min_entries_to_human") == "1");  // human wins over ivr
  dir.Write(".ivrscope.ini", "[numbers]\n+1 800 555 0199 = b\n");
  Output linked = Run({"check", "--format", "json", dir.path("flows")});
  CHECK(Contains(linked.out, "\"max_transfer_hops\": 2"));  // a's t, then b's q
}

// Flow names and files come from untrusted XML; the paths CSV already
// guarded its cells, the check CSV wrote "=HYPERLINK(...)" as it came.
TEST_CASE("csv: a cell a spreadsheet would run as a formula is defused") {
  TempDir dir("csv");
  const std::string flow = dir.Write(
      "f.ivrflow",
      "<ivrflow name='=HYPERLINK(\"x\")'><hangup id='h'/></ivrflow>");
  const Output csv = Run({"check", "--format", "csv", flow});
  CHECK(Contains(csv.out, "\r\n\"'=HYPERLINK(\"\"x\"\")\","));
  CHECK(!Contains(csv.out, "\r\n=HYPERLINK"));
  CHECK(!Contains(csv.out, "\r\n\"=HYPERLINK"));
}

// The sheet carried a file name's raw escape sequence and byte 0xFF: it
// drove the terminal of a CI log that printed it, and was no UTF-8. JUnit's
// attributes carried a raw tab, which a reader turns into a space.
TEST_CASE("csv and junit: control characters and invalid UTF-8 are escaped") {
  TempDir dir("csv-bytes");
  dir.Write("a\x1b[31m.ivrflow", DeepFlow("a", 4));
  dir.Write(
      "c\xFF"
      "d.ivrflow",
      DeepFlow("c", 4));
  const std::string csv = Run({"check", "--format", "csv", dir.path()}).out;
  CHECK_FALSE(Contains(csv, "\x1b"));
  CHECK(Contains(csv, "a\\x1b[31m.ivrflow,"));
  CHECK(IsValidUtf8(csv));
  CHECK(Contains(csv,
                 "c\xEF\xBF\xBD"
                 "d.ivrflow,"));
  const std::string flow =
      dir.Write("t.ivrflow",
                "<ivrflow name='t'><menu id='m'><option key='1' "
                "next='x&#9;y'/></menu></ivrflow>");
  const std::string junit = Run({"check", "--format", "junit", flow}).out;
  CHECK(Contains(junit, "x&#9;y"));
  CHECK_FALSE(Contains(junit, "x\ty"));
}

TEST_CASE("output: --output, --color auto|always|never") {
  TempDir dir("output");
  const std::string flow = dir.Write("f.xml", DeepFlow("f", 4));
  CHECK(Contains(Run({"check", flow}, true).out, "\033["));  // a terminal
  CHECK(!Contains(Run({"check", flow}, false).out, "\033["));
  CHECK(!Contains(Run({"check", "--color", "never", flow}, true).out, "\033["));
  CHECK(
      Contains(Run({"check", "--color", "always", flow}, false).out, "\033["));
  Output to_file = Run({"check", "--output", dir.path("r.txt"), flow}, true);
  CHECK(to_file.out.empty());
  CHECK(Contains(dir.Read("r.txt"), "[too-many-entries]"));
  CHECK(!Contains(dir.Read("r.txt"), "\033["));  // auto: a file is no terminal
  CHECK(Run({"check", "--output", dir.path("no/such/dir/r"), flow}).rc == 2);
  // "-" is standard output, as it is standard input: it made a file "-".
  const fs::path dash = fs::current_path() / "-";
  fs::remove(dash);
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{
           {"check", "--output", "-", flow},
           {"paths", "--output", "-", flow},
           {"graph", "--output", "-", flow},
           {"diff", "--output", "-", flow, flow}}) {
    CAPTURE(args[0]);
    CHECK(!Run(args).out.empty());
    CHECK_FALSE(fs::exists(dash));
  }
  CHECK(Run({"check", "--color", "sometimes", flow}).rc == 2);
  CHECK(Run({"check", "--format", "yaml", flow}).rc == 2);
}

TEST_CASE("batch: --jobs N output is byte-identical to --jobs 1") {
  TempDir dir("batch");
  constexpr int kFlows = 240;
  for (int i = 0; i < kFlows; ++i) {
    const std::string name = "flow" + std::to_string(i);
    std::string xml = DeepFlow(name, 1 + i % 5);
    // Link every flow to the next so routes and hops cross files.
    xml.replace(xml.find("queue:help"), 10,
                "flow:flow" + std::to_string((i + 1) % kFlows));
    if (i % 37 == 0) xml = "<ivrflow name=\"broken" + std::to_string(i) + "\">";
    dir.Write("estate/" + std::to_string(i % 10) + "/" + name + ".xml", xml);
  }
  for (const char* format :
       {"text", "json", "sarif", "codequality", "junit", "csv"}) {
    CAPTURE(format);
    Output one =
        Run({"check", "--format", format, "--jobs", "1", dir.path("estate")});
    Output many =
        Run({"check", "--format", format, "--jobs", "8", dir.path("estate")});
    CHECK(one.rc == 2);  // the broken files
    CHECK(many.rc == one.rc);
    CHECK(many.out == one.out);
  }
  Output text = Run({"check", "--jobs", "8", dir.path("estate")});
  CHECK(Contains(text.out,
                 "ivrscope: 240 files, 233 flows, 7 inputs not analysed"));

  // --progress reports on stderr only; stdout stays the same.
  Output progress =
      Run({"check", "--progress", "--jobs", "8", dir.path("estate")});
  CHECK(progress.out == text.out);
  CHECK(Contains(progress.err, "ivrscope: loading files 240/240\n"));
  CHECK(Contains(progress.err, "ivrscope: analysing flows 233/233\n"));
  CHECK(Run({"check", "--jobs", "8", dir.path("estate")}).err.empty());
}

// The VoiceXML loader builds each application (documents naming each other)
// on its own thread and merges them in the order of one pass over the
// inputs: node, file, flow and error order must come out the same.
TEST_CASE("batch: VoiceXML applications built in parallel match --jobs 1") {
  TempDir dir("vxml-batch");
  std::vector<std::string> named;  // some on the command line, the rest found
  constexpr int kApps = 24;
  for (int i = 0; i < kApps; ++i) {
    const std::string app = "app" + std::to_string(i) + "/";
    const std::string n = std::to_string(i);
    const std::string other = std::to_string((i + 1) % kApps);
    dir.Write("estate/" + app + "root.vxml",
              "<vxml version=\"2.1\"><link dtmf=\"9\" next=\"help.vxml\"/>"
              "<catch event=\"nomatch noinput\" count=\"3\"><goto "
              "next=\"agent.vxml\"/></catch><form id=\"r\"><block><exit/>"
              "</block></form></vxml>");
    dir.Write(
        "estate/" + app + "main.vxml",
        "<vxml version=\"2.1\" application=\"root.vxml\"><meta "
        "name=\"ivrscope:number\" content=\"+1800555000" +
            n +
            "\"/>"
            "<form id=\"f\"><subdialog name=\"s\" src=\"sub.vxml\"><filled>"
            "<goto next=\"#m\"/></filled></subdialog></form><menu id=\"m\">"
            "<choice dtmf=\"1\" next=\"leaf.vxml\">leaf</choice><choice "
            "dtmf=\"2\" event=\"x\">x</choice><choice dtmf=\"3\" "
            "next=\"#t\">t</choice></menu><form id=\"t\"><transfer "
            "name=\"x\" dest=\"tel:+1800555000" +
            other +
            "\" "
            "bridge=\"true\"/></form></vxml>");
    dir.Write("estate/" + app + "sub.vxml",
              "<vxml version=\"2.1\"><form id=\"s\"><field name=\"q\" "
              "type=\"boolean\"><filled><if cond=\"q\"><return/><else/>"
              "<return event=\"oops\"/></if></filled></field></form></vxml>");
    dir.Write("estate/" + app + "leaf.vxml",
              "<vxml version=\"2.1\" application=\"root.vxml\"><form><block>"
              "<goto next=\"" +
                  std::string(i % 3 ? "main.vxml#m" : "bad.vxml") +
                  "\"/></block></form></vxml>");
    dir.Write(
        "estate/" + app + "help.vxml",
        "<vxml version=\"2.1\"><form><block><return/></block></form></vxml>");
    dir.Write("estate/" + app + "agent.vxml",
              "<vxml version=\"2.1\"><form><transfer name=\"t\" "
              "dest=\"queue:agents\"/></form></vxml>");
    if (i % 3 == 0) {
      dir.Write(
          "estate/" + app + "bad.vxml",
          "<vxml version=\"2.1\"><form id=\"d\"/><form id=\"d\"/></vxml>");
    }
    if (i % 4 == 0) dir.Write("estate/" + app + "broken.vxml", "<vxml><form>");
    named.push_back(dir.path("estate/" + app + "main.vxml"));
    if (i % 2) named.push_back(dir.path("estate/" + app + "leaf.vxml"));
  }
  // Interleave applications on the command line: later inputs of one
  // application come after earlier inputs of others.
  std::reverse(named.begin() + kApps / 2, named.end());
  for (const char* format : {"text", "json", "sarif"}) {
    CAPTURE(format);
    for (const std::vector<std::string>& paths :
         {std::vector<std::string>{dir.path("estate")}, named}) {
      std::vector<std::string> one = {"check", "--format", format, "--jobs",
                                      "1"};
      std::vector<std::string> many = {"check", "--format", format, "--jobs",
                                       "4"};
      one.insert(one.end(), paths.begin(), paths.end());
      many.insert(many.end(), paths.begin(), paths.end());
      Output a = Run(one);
      Output b = Run(many);
      CHECK(a.rc == b.rc);
      CHECK(a.out == b.out);
    }
  }
  // Found documents that fail are reported once, in the order of one pass.
  std::vector<std::string> args = {"check", "--jobs", "4"};
  args.insert(args.end(), named.begin(), named.end());
  const std::string text = Run(args).out;
  CHECK(Contains(text, "bad.vxml"));
  CHECK(text.find("app0/bad.vxml") < text.find("app3/bad.vxml"));
}

}  // namespace
}  // namespace ivrscope
