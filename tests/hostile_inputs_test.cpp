// Hostile inputs: files built to crash, hang, exhaust or mislead an analyser.
// Each must end in a clear error at its position (path:line:col where there
// is one) and exit 2, or, where the input is only large, in an analysis made
// in bounded time; never in a crash. Large inputs are generated here, in the
// build directory, never committed.
//
// Deep inputs run on a thread with a small stack (kSmallStack): any
// recursion whose depth follows the input would overflow it, so these tests
// also hold the code to "no recursion that the input can deepen".
#include <doctest/doctest.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/cli.hpp"
#include "ivrscope/analysis.hpp"
#include "ivrscope/drawing.hpp"
#include "ivrscope/loader.hpp"
#include "ivrscope/report.hpp"
#include "ivrscope/review.hpp"
#include "loaders/ivrflow_loader.hpp"
#include "loaders/voicexml_loader.hpp"
#include "loaders/xml_source.hpp"

namespace ivrscope {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kSmallStack = 512 * 1024;

// Runs work on a thread whose stack is kSmallStack bytes.
void OnSmallStack(const std::function<void()>& work) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, kSmallStack);
  pthread_t thread;
  auto run = [](void* arg) -> void* {
    (*static_cast<const std::function<void()>*>(arg))();
    return nullptr;
  };
  REQUIRE(pthread_create(&thread, &attr, run,
                         const_cast<std::function<void()>*>(&work)) == 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
}

std::string LoadError(std::string_view text) {
  auto result = LoadIvrflowText("f.ivrflow", text);
  return result.ok() ? "(loaded)" : result.error().ToString();
}

std::string Repeat(std::string_view piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

// A fresh directory for one test, under the build directory.
fs::path Scratch(const std::string& name) {
  const fs::path dir = fs::path(IVRSCOPE_TEST_SCRATCH) / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void Write(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  REQUIRE(out.good());
}

// Loads, links, analyses and writes the JSON report of one text.
std::string AnalyseToJson(std::string_view text) {
  auto loaded = LoadIvrflowText("f.ivrflow", text);
  REQUIRE_MESSAGE(loaded.ok(), (loaded.ok() ? "" : loaded.error().ToString()));
  std::vector<Fragment> fragments;
  fragments.push_back(std::move(loaded.value()));
  Program program = Link(std::move(fragments));
  Report report;
  report.program = &program;
  report.flows = Analyze(program, AnalysisOptions{});
  report.rules = ConfiguredRules(AnalysisOptions{});
  AddFingerprints(&report);
  std::ostringstream json;
  WriteJson(report, ReportOptions{}, json);
  return json.str();
}

long PeakRssMiB() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

const char* const kValidFlow =
    "<ivrflow name='ok'>\n"
    "  <menu id='main'>\n"
    "    <option key='0' next='agent'/>\n"
    "  </menu>\n"
    "  <transfer id='agent' to='agent:desk'/>\n"
    "</ivrflow>\n";

TEST_CASE(
    "nesting 100,000 elements deep is refused at the first element "
    "past the limit, without recursion") {
  const std::size_t depth = 100000;
  const std::string text = "<ivrflow name='deep'>\n" + Repeat("<a>", depth) +
                           Repeat("</a>", depth) + "\n</ivrflow>\n";
  std::string error;
  OnSmallStack([&] { error = LoadError(text); });
  // The root is level 1, so the 256th <a> is the first past 256 levels.
  const std::size_t column = 3 * (XmlSource::kMaxDepth - 1) + 1;
  CHECK(error == "f.ivrflow:2:" + std::to_string(column) +
                     ": error: elements are nested more than 256 deep");
}

TEST_CASE(
    "100,000 unclosed elements are malformed XML at the end, without "
    "recursion") {
  const std::string text = "<ivrflow name='deep'>\n" + Repeat("<a>", 100000);
  std::string error;
  OnSmallStack([&] { error = LoadError(text); });
  CHECK(error ==
        "f.ivrflow:2:300000: error: malformed XML: Start-end tags "
        "mismatch");
}

TEST_CASE(
    "a DOCTYPE of 100,000 nested groups is malformed XML, not a stack "
    "overflow") {
  const std::string text =
      "<!DOCTYPE x [" + Repeat("<!x ", 100000) + "]>\n<ivrflow name='a'/>";
  std::string error;
  OnSmallStack([&] { error = LoadError(text); });
  CHECK(error.starts_with("f.ivrflow:"));
  CHECK(error.find(": error: malformed XML: ") != std::string::npos);
}

TEST_CASE(
    "a chain of 100,000 nodes closing into one loop is analysed "
    "without recursion") {
  std::string text = "<ivrflow name='chain'>\n";
  const int n = 100000;
  for (int i = 0; i < n; ++i) {
    text += "<play id='p" + std::to_string(i) + "' next='p" +
            std::to_string((i + 1) % n) + "'/>\n";
  }
  text += "</ivrflow>\n";
  std::string json;
  OnSmallStack([&] { json = AnalyseToJson(text); });
  CHECK(json.find("\"rule\": \"automatic-loop\"") != std::string::npos);
}

TEST_CASE(
    "billion laughs: a DOCTYPE that declares entities is refused at "
    "the declaration") {
  std::string dtd = "<!DOCTYPE ivrflow [\n<!ENTITY lol \"lol\">\n";
  for (int i = 1; i <= 9; ++i) {
    const std::string prev = i == 1 ? "lol" : "lol" + std::to_string(i - 1);
    dtd += "<!ENTITY lol" + std::to_string(i) + " \"" +
           Repeat("&" + prev + ";", 10) + "\">\n";
  }
  dtd += "]>\n";
  const std::string text =
      dtd + "<ivrflow name='a'>\n<play id='p' next='&lol9;'/>\n</ivrflow>\n";
  CHECK(LoadError(text) ==
        "f.ivrflow:2:1: error: the DOCTYPE declares entity 'lol': refused, "
        "ivrscope does not expand entities and the flow would be analysed "
        "without them");
}

TEST_CASE(
    "an external entity naming /etc/passwd is refused, and nothing of "
    "that file is read") {
  const std::string text =
      "<?xml version='1.0'?>\n"
      "<!DOCTYPE ivrflow [ <!ENTITY % dtd SYSTEM 'file:///etc/passwd'>\n"
      "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\"> ]>\n"
      "<ivrflow name='a'><play id='&xxe;' next='x'/></ivrflow>\n";
  const std::string error = LoadError(text);
  CHECK(error ==
        "f.ivrflow:2:21: error: the DOCTYPE declares external entity 'dtd': "
        "refused, ivrscope never reads the files or addresses a document "
        "names");
  CHECK(error.find("root:") == std::string::npos);
}

// XML has every processor apply the internal subset's attribute defaults
// (§5.1), pugixml applies none: a flow would be analysed without them. A
// "<!ENTITY" quoted in a default or commented out declares nothing, and
// was refused as if it did; CDATA before the root was taken as it came.
TEST_CASE("DOCTYPE attribute defaults are refused, quoted markup is not") {
  const std::string flow =
      "<ivrflow name='a'><transfer id='t' to='queue:x'/>"
      "</ivrflow>\n";
  struct Case {
    std::string text;
    const char* error;
  };
  const Case cases[] = {
      {"<!DOCTYPE ivrflow [\n <!ATTLIST transfer human CDATA 'false'>\n]>\n" +
           flow,
       "f.ivrflow:2:2: error: the DOCTYPE gives attributes of <transfer> "
       "default values: refused, ivrscope does not apply them and the flow "
       "would be analysed without them"},
      {"<!DOCTYPE ivrflow [ <!ATTLIST transfer human CDATA #FIXED \"x\">]>" +
           flow,
       "f.ivrflow:1:21: error: the DOCTYPE gives attributes of <transfer> "
       "default values: refused, ivrscope does not apply them and the flow "
       "would be analysed without them"},
      {"<!DOCTYPE ivrflow [\n <!ATTLIST transfer human (true|false) #IMPLIED>"
       "\n <!-- <!ENTITY q 'q'> --> <?pi <!ENTITY ?>\n]>\n" +
           flow,
       "(loaded)"},
      {"<!DOCTYPE ivrflow SYSTEM 'x<!ENTITY y'>" + flow, "(loaded)"},
      {"<!DOCTYPE ivrflow [<!ELEMENT x ANY>\n <!ENTITY e \">\">]>" + flow,
       "f.ivrflow:2:2: error: the DOCTYPE declares entity 'e': refused, "
       "ivrscope does not expand entities and the flow would be analysed "
       "without them"},
      {"<![CDATA[x]]>\n" + flow,
       "f.ivrflow:1:1: error: malformed XML: a CDATA section outside the root "
       "element"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(LoadError(c.text) == c.error);
  }
}

TEST_CASE("a DOCTYPE without entities, as VoiceXML files carry, is read") {
  const std::string text =
      "<?xml version='1.0'?>\n"
      "<!DOCTYPE ivrflow PUBLIC '-//W3C//DTD VOICEXML 2.1//EN'\n"
      "  'http://www.w3.org/TR/voicexml21/vxml.dtd'>\n" +
      std::string(kValidFlow);
  CHECK(LoadError(text) == "(loaded)");
}

// The DOCTYPE's end was found by counting brackets: a '[' or ']' in a
// comment, a processing instruction or a literal of the internal subset
// refused a well-formed file ("text before the root element"), or ran the
// DOCTYPE to the end of the file, so that a bad '&' and text after the root
// went unchecked. A conditional section (pugixml skips it whole, quotes
// and all) hid an attribute default from the DOCTYPE check.
TEST_CASE("the DOCTYPE ends where XML says, and hides nothing after it") {
  const std::string flow = kValidFlow;
  for (const char* subset :
       {"<!-- ] -->", "<!-- ]]> -->", "<?pi ] ?>", "<!NOTATION n SYSTEM ']'>",
        "<!NOTATION n SYSTEM \"]>\">", "<!ELEMENT ivrflow ANY>"}) {
    CAPTURE(subset);
    CHECK(LoadError("<!DOCTYPE ivrflow [ " + std::string(subset) + " ]>\n" +
                    flow) == "(loaded)");
  }
  CHECK(LoadError("<!DOCTYPE ivrflow SYSTEM \"a[b>.dtd\">\n" + flow) ==
        "(loaded)");
  CHECK(LoadError("<!DOCTYPE ivrflow [ <!-- [ --> ]>\n" + flow +
                  "stray text\n") ==
        "f.ivrflow:8:1: error: malformed XML: text after the root element");
  CHECK(LoadError("<!DOCTYPE ivrflow [\n<![IGNORE[ ' ]]>\n<!ATTLIST transfer "
                  "human CDATA \"false\">\n]>\n" +
                  flow) ==
        "f.ivrflow:2:1: error: malformed XML: a conditional section "
        "(<![IGNORE[ or <![INCLUDE[) is not allowed in the internal subset");
}

TEST_CASE("invalid UTF-8 is refused at the line and column of its byte") {
  CHECK(LoadError("<ivrflow name='a'>\n<play id='caf\xE9' next='x'/>") ==
        "f.ivrflow:2:14: error: invalid UTF-8 (byte 0xE9): save the file as "
        "UTF-8, or declare its encoding, e.g. <?xml version=\"1.0\" "
        "encoding=\"ISO-8859-1\"?>");
  // Overlong forms and encoded surrogates are invalid too.
  CHECK(LoadError("<ivrflow name='\xC0\xBC'/>")
            .starts_with("f.ivrflow:1:16: error: invalid UTF-8 (byte 0xC0)"));
  CHECK(LoadError("<ivrflow name='\xED\xA0\x80'/>")
            .starts_with("f.ivrflow:1:16: error: invalid UTF-8 (byte 0xED)"));
}

TEST_CASE(
    "a file declared ISO-8859-1 is read as Latin-1 and reported in "
    "UTF-8") {
  const std::string text =
      "<?xml version='1.0' encoding='iso-8859-1'?>\n"
      "<ivrflow name='caf\xE9'>\n"
      "  <menu id='m\xE9nu'><option key='0' next='agent'/></menu>\n"
      "  <transfer id='agent' to='agent:desk'/>\n"
      "</ivrflow>\n";
  const std::string json = AnalyseToJson(text);
  CHECK(json.find("\"name\": \"caf\xC3\xA9\"") != std::string::npos);
  // Positions are those of the converted text: lines are the file's lines.
  CHECK(LoadError("<?xml version='1.0' encoding='latin1'?>\n<ivrflow "
                  "name='\xE9'>\n<bad/></ivrflow>") ==
        "f.ivrflow:3:1: error: unknown element <bad> in <ivrflow>");
}

// text (ASCII) in UTF-16, with a byte order mark.
std::string Utf16(std::string_view text, bool big_endian) {
  std::string out = big_endian ? "\xFE\xFF" : "\xFF\xFE";
  for (char c : text) {
    if (big_endian) out += '\0';
    out += c;
    if (!big_endian) out += '\0';
  }
  return out;
}

TEST_CASE(
    "UTF-16 with a byte order mark is read, and errors keep the "
    "line:column they have in UTF-8") {
  const std::string bad =
      "<?xml version='1.0' encoding='UTF-16'?>\n<ivrflow name='a'>\n"
      "  <hangup id='h' colour='red'/>\n</ivrflow>\n";
  const std::string expected =
      "f.ivrflow:3:18: error: unknown attribute 'colour' on <hangup>";
  CHECK(LoadError(bad) == expected);
  CHECK(LoadError(Utf16(bad, false)) == expected);
  CHECK(LoadError(Utf16(bad, true)) == expected);
  CHECK(LoadError(Utf16(kValidFlow, false)) == "(loaded)");
}

TEST_CASE(
    "columns count characters, the same in UTF-8, Latin-1 and UTF-16 "
    "files") {
  // 'colour' is the 21st character of its line, its 22nd byte in UTF-8.
  const std::string expected =
      "f.ivrflow:3:21: error: unknown attribute 'colour' on <hangup>";
  const auto flow = [](std::string_view encoding, std::string_view e_acute) {
    return "<?xml version='1.0' encoding='" + std::string(encoding) +
           "'?>\n<ivrflow name='a'>\n  <hangup id='caf" + std::string(e_acute) +
           "' colour='red'/>\n</ivrflow>\n";
  };
  CHECK(LoadError(flow("UTF-8", "\xC3\xA9")) == expected);
  CHECK(LoadError(flow("ISO-8859-1", "\xE9")) == expected);
  // U+00E9 in UTF-16 is the Latin-1 byte widened.
  CHECK(LoadError(Utf16(flow("UTF-16", "\xE9"), false)) == expected);
  CHECK(LoadError(Utf16(flow("UTF-16", "\xE9"), true)) == expected);
}

TEST_CASE("malformed UTF-16 and UTF-32 are refused clearly") {
  std::string unpaired = Utf16("<ivrflow name='a'>\n<x/>", false);
  unpaired.insert(unpaired.size() - 8, "\x00\xD8", 2);  // a lone high surrogate
  CHECK(LoadError(unpaired) ==
        "f.ivrflow:2:1: error: invalid UTF-16: unpaired surrogate 0xD800");
  CHECK(LoadError(Utf16("<a/>", false) + "x") ==
        "f.ivrflow:1:5: error: invalid UTF-16: the file ends in the middle "
        "of a character (an odd number of bytes)");
  CHECK(LoadError(std::string("\xFF\xFE\0\0<\0\0\0", 8)) ==
        "f.ivrflow:1:1: error: UTF-32 is not supported: convert the file to "
        "UTF-8 (or UTF-16)");
}

TEST_CASE(
    "a NUL byte is refused at its position, even after the root "
    "element") {
  using namespace std::string_literals;
  CHECK(LoadError("<ivrflow name='a'>\n<play id='p\0' next='p'/>"s) ==
        "f.ivrflow:2:12: error: a NUL byte is not allowed in XML");
  // pugixml alone would stop at the NUL and call the file well formed.
  CHECK(LoadError(std::string(kValidFlow) + "\0<garbage"s) ==
        "f.ivrflow:7:1: error: a NUL byte is not allowed in XML");
  CHECK(LoadError("<ivrflow name='a\x01'/>") ==
        "f.ivrflow:1:17: error: control character U+0001 is not allowed in "
        "XML");
}

TEST_CASE("an attribute of 10 MB is refused at the attribute") {
  const std::string text = "<ivrflow name='a'>\n  <play id='" +
                           std::string(10 << 20, 'x') +
                           "' next='p'/>\n</ivrflow>\n";
  CHECK(LoadError(text) ==
        "f.ivrflow:2:9: error: attribute 'id' is 10485760 bytes long, more "
        "than the limit of 65536");
}

TEST_CASE("name and value limits hold wherever the attribute stands") {
  // The gate measures a string only when the text around it could hold one
  // over the limit: first, last and only attributes, and values whose
  // escapes shrink them, must all be judged by their real length.
  const std::string x64k(64 * 1024, 'x');
  const std::string longname(2000, 'a');
  struct {
    std::string play;  // the attributes of a <play>
    std::string error;
  } const cases[] = {
      {"next='p' id='" + x64k + "x'",
       "f.ivrflow:2:16: error: attribute 'id' is 65537 bytes long, more than "
       "the limit of 65536"},
      {"id='" + x64k + "x'",
       "f.ivrflow:2:7: error: attribute 'id' is 65537 bytes long, more than "
       "the limit of 65536"},
      {"id='p' next='p' " + longname + "='1'",
       "f.ivrflow:2:23: error: an attribute name is longer than 1024 bytes"},
      {"id='" + x64k + "' next='p'", "(loaded)"},  // exactly at the limit
      // 100,000 bytes of text, 20,000 once the escapes are read: allowed.
      {"id='" + Repeat("&amp;", 20000) + "' next='p'", "(loaded)"},
      {"id='" + Repeat("&amp;", 70000) + "' next='p'",
       "f.ivrflow:2:7: error: attribute 'id' is 70000 bytes long, more than "
       "the limit of 65536"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.play.size());
    CHECK(LoadError("<ivrflow name='a'>\n<play " + c.play +
                    "/>\n<play id='q' next='q'/>\n</ivrflow>\n") == c.error);
  }
}

TEST_CASE(
    "an attribute given twice is refused, not read as its first "
    "value") {
  CHECK(LoadError("<ivrflow name='a'>\n<play id='p' next='p' next='q'/>"
                  "</ivrflow>") ==
        "f.ivrflow:2:14: error: attribute 'next' is given twice on <play>");
}

TEST_CASE("1,000,000 options in one menu are analysed, in bounded time") {
  std::string text = "<ivrflow name='wide'>\n<menu id='m'>\n";
  text.reserve(40u << 20);
  for (int i = 0; i < 1000000; ++i) {
    text += "<option key='" + std::to_string(i) + "' next='agent'/>\n";
  }
  text += "</menu>\n<transfer id='agent' to='agent:desk'/>\n</ivrflow>\n";
  const auto start = std::chrono::steady_clock::now();
  const std::string json = AnalyseToJson(text);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  MESSAGE("1,000,000 options: " << seconds << " s");
  CHECK(json.find("\"rule\": \"menu-too-wide\"") != std::string::npos);
  CHECK(json.find("\"edges\": 1000002") != std::string::npos);
  CHECK(seconds < 120);  // a guard against a quadratic step, not a benchmark
}

// A field's options are folded into the arms of its <filled>'s tests, each
// value walking the tests: 100,000 options before 10,000 <if>s would be a
// billion steps. Past a budget, the field is built unfolded.
TEST_CASE("a field of many options before many tests folds in bounded time") {
  std::string text = "<vxml version='2.1'><form id='f'><field name='x'>\n";
  text.reserve(8u << 20);
  for (int i = 0; i < 100000; ++i) {
    text += "<option dtmf='" + std::to_string(i) + "'>o" + std::to_string(i) +
            "</option>\n";
  }
  text += "<filled>\n";
  for (int i = 0; i < 10000; ++i) {
    text += "<if cond=\"x == 'o" + std::to_string(i) +
            "'\"><goto next='#agent'/></if>\n";
  }
  text +=
      "</filled></field></form><form id='agent'><transfer name='t' "
      "dest='tel:+18005550100'/></form></vxml>\n";
  const auto start = std::chrono::steady_clock::now();
  VoicexmlLoad loaded = LoadVoicexmlTexts({{"app/wide.vxml", text}});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();
  MESSAGE("100,000 options, 10,000 tests: " << seconds << " s");
  CHECK(loaded.errors.empty());
  CHECK(seconds < 120);  // a guard against a quadratic step, not a benchmark
}

// A form-level <filled mode="any"> runs after each item it names: 2,000 of
// them naming 2,000 fields would be 4,000,000 runs, each a branch node.
TEST_CASE("many form-level filled of mode any stay a bounded graph") {
  std::string text = "<vxml version='2.1'><form id='f'>\n";
  for (int i = 0; i < 2000; ++i) {
    text += "<field name='f" + std::to_string(i) + "' type='digits'/>\n";
  }
  for (int i = 0; i < 2000; ++i) {
    text += "<filled mode='any'><if cond='f0 == " + std::to_string(i) +
            "'><goto next='#agent'/></if></filled>\n";
  }
  text +=
      "</form><form id='agent'><transfer name='t' dest='tel:+18005550100'/>"
      "</form></vxml>\n";
  VoicexmlLoad loaded = LoadVoicexmlTexts({{"app/many.vxml", text}});
  CHECK(loaded.errors.empty());
  CHECK(loaded.fragment.nodes.size() < 200000);
}

TEST_CASE("findings whose routes share one long chain keep the report small") {
  // 729 menus three entries deep, each one key from a chain of 20,000
  // prompts before the agent: 729 too-many-entries findings, whose routes
  // in full would be 14.6 million steps (a 4 MB file of this shape once
  // made an 11 GB report). Each keeps the ends of its way to the agent.
  std::string text = "<ivrflow name='bomb' start='a'>\n";
  auto menu = [&](const std::string& id, const std::string& child, bool tries) {
    text += "<menu id='" + id + "'" +
            (tries ? " tries='3' on-exhausted='agent'" : "") + ">";
    if (child.empty()) {
      text += "<option key='1' next='p0'/>";
    } else {
      for (int k = 1; k <= 9; ++k) {
        text += "<option key='" + std::to_string(k) + "' next='" + child +
                std::to_string(k) + "'/>";
      }
      text += "<option key='0' next='agent'/>";
    }
    text += "</menu>\n";
  };
  menu("a", "b", true);
  for (int i = 1; i <= 9; ++i) {
    const std::string b = "b" + std::to_string(i);
    menu(b, "c" + std::to_string(i), true);
    for (int j = 1; j <= 9; ++j) {
      const std::string c = "c" + std::to_string(i) + std::to_string(j);
      menu(c, "d" + std::to_string(i) + std::to_string(j), true);
      for (int k = 1; k <= 9; ++k) {
        menu("d" + c.substr(1) + std::to_string(k), "", false);
      }
    }
  }
  constexpr int kChain = 20000;
  for (int p = 0; p < kChain; ++p) {
    text += "<play id='p" + std::to_string(p) + "' next='" +
            (p + 1 < kChain ? "p" + std::to_string(p + 1) : "agent") +
            "'>x</play>\n";
  }
  text += "<transfer id='agent' to='queue:agents'/>\n</ivrflow>\n";
  const std::string json = AnalyseToJson(text);
  MESSAGE("report of " << json.size() << " bytes");
  std::size_t findings = 0;
  for (std::size_t at = 0; (at = json.find("\"rule\": \"too-many-entries\"",
                                           at)) != std::string::npos;
       ++at) {
    ++findings;
  }
  CHECK(findings == 729);
  // d, then 20,001 nodes to the agent: the first and last kRouteEnds shown.
  std::size_t gaps = 0;
  const std::string gap =
      "\"steps\": " + std::to_string(kChain + 2 - 2 * kRouteEnds);
  for (std::size_t at = 0; (at = json.find(gap, at)) != std::string::npos;
       ++at) {
    ++gaps;
  }
  CHECK(gaps == 729);
  CHECK(json.size() < (20u << 20));
}

TEST_CASE(
    "symbolic link loops in an input directory end the walk, and a "
    "looping link named like a flow is an error") {
  const fs::path dir = Scratch("symlink_loops");
  fs::create_directories(dir / "sub");
  Write(dir / "sub" / "ok.ivrflow", kValidFlow);
  fs::create_directory_symlink("..", dir / "sub" / "up");   // a cycle
  fs::create_directory_symlink(dir, dir / "sub" / "self");  // another
  fs::create_symlink("b.ivrflow", dir / "a.ivrflow");       // a -> b -> a
  fs::create_symlink("a.ivrflow", dir / "b.ivrflow");
  LoadResult result = LoadPaths({dir.string()}, LoadOptions{});
  REQUIRE(result.program.flows.size() == 1);
  CHECK(result.program.files[0] == (dir / "sub" / "ok.ivrflow").string());
  REQUIRE(result.errors.size() == 2);
  CHECK(result.errors[0].ToString() ==
        (dir / "a.ivrflow").string() +
            ": error: cannot read file: Too many levels of symbolic links");
  CHECK(result.errors[1].file == (dir / "b.ivrflow").string());
}

// A file the reader could not open said only "cannot open file", where the
// directory walk said why (a permission to fix). A socket cannot be opened
// even by root, who may read any file.
TEST_CASE("a file that cannot be opened says why") {
  const fs::path dir = Scratch("unopenable");
  const fs::path socket_path = dir / "s.ivrflow";
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  const std::string name = socket_path.string();
  REQUIRE(name.size() < sizeof(address.sun_path));
  name.copy(address.sun_path, name.size());
  REQUIRE(::bind(fd, reinterpret_cast<const sockaddr*>(&address),
                 sizeof(address)) == 0);
  LoadResult result = LoadPaths({name}, LoadOptions{});
  ::close(fd);
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].ToString() ==
        name + ": error: cannot open file: No such device or address");
}

// A link in an exported tree to a file elsewhere (/etc/passwd) was read:
// its "malformed XML" error gave away the file's shape, and a flow outside
// the tree was analysed as if it were inside.
TEST_CASE("a symbolic link to a file outside the input directory is not read") {
  const fs::path dir = Scratch("symlink_outside");
  fs::create_directories(dir / "tree" / "sub");
  Write(dir / "tree" / "ok.ivrflow", kValidFlow);
  Write(dir / "elsewhere.ivrflow", kValidFlow);
  fs::create_symlink("/etc/passwd", dir / "tree" / "passwd.vxml");
  fs::create_symlink("../../elsewhere.ivrflow",
                     dir / "tree" / "sub" / "out.ivrflow");
  fs::create_symlink("../ok.ivrflow", dir / "tree" / "sub" / "in.ivrflow");
  LoadResult result = LoadPaths({(dir / "tree").string()}, LoadOptions{});
  // ok.ivrflow, and the link to it inside the tree (read once).
  CHECK(result.program.flows.size() == 1);
  REQUIRE(result.errors.size() == 2);
  CHECK(result.errors[0].file == (dir / "tree" / "passwd.vxml").string());
  CHECK(result.errors[0].message ==
        "a symbolic link to '/etc/passwd', outside the directory analysed ('" +
            (dir / "tree").string() + "'): not read");
  CHECK(result.errors[1].file ==
        (dir / "tree" / "sub" / "out.ivrflow").string());
}

// skip_permission_denied passed an unreadable directory over: its flows
// were lost from the batch and the run exited 0.
TEST_CASE("an unreadable directory in the input is an error") {
  const fs::path dir = Scratch("unreadable_dir");
  fs::create_directories(dir / "locked");
  Write(dir / "a.ivrflow", kValidFlow);
  Write(dir / "locked" / "c.ivrflow", kValidFlow);
  fs::permissions(dir / "locked", fs::perms::none);
  std::error_code ec;
  const bool readable =
      fs::directory_iterator(dir / "locked", ec) != fs::directory_iterator() ||
      !ec;
  if (readable) {
    fs::permissions(dir / "locked", fs::perms::owner_all);
    MESSAGE("skipped: permissions do not stop this user (root) reading");
    return;
  }
  LoadResult result = LoadPaths({dir.string()}, LoadOptions{});
  fs::permissions(dir / "locked", fs::perms::owner_all);
  CHECK(result.program.flows.size() == 1);
  REQUIRE(result.errors.size() == 1);
  CHECK(result.errors[0].ToString() ==
        (dir / "locked").string() +
            ": error: cannot read directory: Permission denied");
}

TEST_CASE(
    "a 200 MB file is refused above --max-file-size before it is read, "
    "and below it is parsed in bounded memory up to its error") {
  const fs::path dir = Scratch("large_file");
  const fs::path big = dir / "big.ivrflow";
  const std::size_t target = 200u << 20;
  std::size_t lines = 2;
  {
    // A valid prefix, then text that never closes <play>.
    std::ofstream out(big, std::ios::binary);
    out << "<ivrflow name='big'>\n<play id='p' next='p'>\n";
    const std::string line(79, 'w');
    std::size_t written = 0;
    while (written < target) {
      out << line << '\n';
      written += line.size() + 1;
      ++lines;
    }
    out << "</ivrflow>\n";
  }
  const std::size_t size = fs::file_size(big);

  LoadOptions limited;
  limited.max_file_bytes = std::size_t{100} << 20;  // --max-file-size 100
  LoadResult refused = LoadPaths({big.string()}, limited);
  REQUIRE(refused.errors.size() == 1);
  CHECK(refused.errors[0].ToString() ==
        big.string() + ": error: file is " + std::to_string(size) +
            " bytes, more than the limit of 104857600 (--max-file-size)");

  const long before = PeakRssMiB();
  LoadResult parsed = LoadPaths({big.string()}, LoadOptions{});
  const long peak = PeakRssMiB();
  REQUIRE(parsed.errors.size() == 1);
  CHECK(parsed.errors[0].ToString() ==
        big.string() + ":" + std::to_string(lines + 1) +
            ":3: error: malformed XML: Start-end tags mismatch");
  MESSAGE("200 MB file: peak RSS " << before << " MiB before, " << peak
                                   << " MiB after");
  // The text, pugixml's copy of it and the line index: about 2x the file.
  CHECK(peak < static_cast<long>(4 * (size >> 20)));
  fs::remove_all(dir);
}

TEST_CASE(
    "a goto chain through 10,000 VoiceXML documents that loops back "
    "is loaded once each, without recursion") {
  const int n = 10000;
  std::vector<std::pair<std::string, std::string>> files;
  for (int i = 0; i < n; ++i) {
    files.emplace_back("app/d" + std::to_string(i) + ".vxml",
                       "<vxml version='2.1'><form id='f'><block><goto next='d" +
                           std::to_string((i + 1) % n) +
                           ".vxml#f'/></block></form></vxml>");
  }
  VoicexmlLoad loaded;
  OnSmallStack([&] { loaded = LoadVoicexmlTexts(files); });
  CHECK(loaded.errors.empty());
  CHECK(loaded.fragment.files.size() == n);
  REQUIRE(loaded.fragment.flows.size() == 1);
}

TEST_CASE(
    "VoiceXML application roots that name each other are refused "
    "as roots, and no flow vanishes") {
  // Without the check each became the other's root, so neither was an entry
  // and the flow given on the command line was silently not analysed.
  VoicexmlLoad mutual;
  OnSmallStack([&] {
    mutual = LoadVoicexmlTexts(
        {{"app/a.vxml", "<vxml application='b.vxml'><form/></vxml>"},
         {"app/b.vxml", "<vxml application='a.vxml'><form/></vxml>"}});
  });
  REQUIRE(mutual.errors.size() == 2);
  CHECK(mutual.errors[0].ToString() ==
        "app/a.vxml:1:7: error: application root 'b.vxml' is not analysed (it "
        "names an application root of its own, and roots do not nest): its "
        "links and catch handlers are missing from this document's flow");
  CHECK(mutual.errors[1].file == "app/b.vxml");
  // Neither is anyone's root now, so each is analysed as its own entry.
  CHECK(mutual.fragment.flows.size() == 2);
  // A document naming itself as its root has no other root: nothing to refuse.
  VoicexmlLoad self = LoadVoicexmlTexts(
      {{"app/a.vxml", "<vxml application='a.vxml'><form/></vxml>"}});
  CHECK(self.errors.empty());
  CHECK(self.fragment.flows.size() == 1);
}

TEST_CASE(
    "drawing a flow too large to lay out is refused, not a "
    "minutes-long Graphviz run") {
  if (!CanRenderSvg()) return;  // built without Graphviz: nothing to lay out
  const fs::path dir = Scratch("large_drawing");
  std::string text = "<ivrflow name='chain'>\n";
  for (int i = 0; i < 2000; ++i) {
    text += "<play id='p" + std::to_string(i) + "' next='p" +
            std::to_string(i + 1) + "'/>\n";
  }
  text += "<hangup id='p2000'/>\n</ivrflow>\n";
  Write(dir / "chain.ivrflow", text);
  const std::string path = (dir / "chain.ivrflow").string();
  const char* argv[] = {"ivrscope", "graph", "--format", "svg", path.c_str()};
  std::ostringstream out;
  std::ostringstream err;
  CHECK(RunCli(5, argv, out, err, false) == kExitInput);
  CHECK(err.str() ==
        "ivrscope: error: the drawing has 2001 nodes, too many to lay out (the "
        "limit is 1500): draw part of it with --focus NODE, or use --format "
        "dot\n");

  // 100 menus whose ten options lead anywhere: 101 nodes, but edges across
  // the whole height of the drawing, 140,000 virtual nodes to dot (minutes
  // of layout; the node count let it through).
  std::string dense = "<ivrflow name='dense' start='m0'>\n";
  std::uint32_t state = 1;
  for (int i = 0; i < 100; ++i) {
    dense +=
        "<menu id='m" + std::to_string(i) + "' tries='2' on-exhausted='t'>";
    for (int k = 0; k < 10; ++k) {
      state = state * 1103515245u + 12345u;
      dense += "<option key='" + std::to_string(k) + "' next='m" +
               std::to_string((state >> 8) % 100) + "'/>";
    }
    dense += "</menu>\n";
  }
  dense += "<transfer id='t' to='queue:a'/>\n</ivrflow>\n";
  Write(dir / "dense.ivrflow", dense);
  const std::string dense_path = (dir / "dense.ivrflow").string();
  const char* dense_argv[] = {"ivrscope", "graph", "--format", "svg",
                              dense_path.c_str()};
  std::ostringstream dense_out;
  std::ostringstream dense_err;
  CHECK(RunCli(5, dense_argv, dense_out, dense_err, false) == kExitInput);
  CHECK(dense_err.str().find("too tangled for a layout in reasonable time") !=
        std::string::npos);
}

// The layout estimate follows dot's ranks: a chain is about its nodes and
// edges, and a loop back to the top spans the whole chain once.
TEST_CASE("layout size: a chain and a loop back to its top") {
  std::string text = "<ivrflow name='c' start='p0'>\n";
  for (int i = 0; i < 50; ++i) {
    text += "<play id='p" + std::to_string(i) + "' next='p" +
            std::to_string(i + 1) + "'/>\n";
  }
  text += "<menu id='p50'><option key='1' next='p0'/></menu>\n</ivrflow>\n";
  auto loaded = LoadIvrflowText("c.ivrflow", text);
  REQUIRE(loaded.ok());
  std::vector<Fragment> fragments;
  fragments.push_back(std::move(loaded.value()));
  const Program chain = Link(std::move(fragments));
  Drawing drawing;
  drawing.program = &chain;
  // 51 nodes; 50 edges of two ranks; the loop back crosses all 100.
  CHECK(LayoutSize(drawing) == 51 + 50 * 2 + 100);
}

// Batch runs: whatever is mixed in a directory, every good file's flow is
// analysed and reported exactly once and every bad file is in `errors`.
TEST_CASE("a file with no size is read to its end, and never past the limit") {
  // A pipe, /dev/stdin, a shell's <(...) have no size to check first: they
  // were refused ("Operation not supported"). A device that never ends must
  // not be read forever.
  DiskReader reader(std::size_t{1} << 20);
  Result<std::string> zero = reader.Read("/dev/zero");
  REQUIRE_FALSE(zero.ok());
  CHECK(zero.error().message ==
        "file is over 1048576 bytes, more than the limit of 1048576 "
        "(--max-file-size)");

  const fs::path dir = Scratch("fifo");
  const fs::path fifo = dir / "flow.ivrflow";
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  const std::string text = std::string(kValidFlow) + std::string(200000, ' ');
  std::thread writer([&] { Write(fifo, text); });
  Result<std::string> read = reader.Read(fifo.string());
  writer.join();
  REQUIRE(read.ok());
  CHECK(read.value() == text);
  fs::remove_all(dir);
}

TEST_CASE("a batch: a malformed document both found and fetched is one error") {
  // b.vxml is refused as a file of the directory, and again when a.vxml's
  // application fetches it (by another spelling of its path): it was listed
  // twice, and the summary said two inputs were not analysed.
  const fs::path dir = Scratch("found-and-fetched");
  Write(dir / "a.vxml",
        "<vxml><form id='f'><block><goto next='./sub/../b.vxml'/></block>"
        "</form></vxml>");
  Write(dir / "b.vxml", "<vxml>\n<form id='g'><block>\n</vxml>");
  for (int jobs : {1, 2}) {
    CAPTURE(jobs);
    LoadOptions options;
    options.jobs = jobs;
    LoadResult result = LoadPaths({dir.string()}, options);
    REQUIRE(result.errors.size() == 1);
    CHECK(result.errors[0].ToString() ==
          (dir / "b.vxml").string() +
              ":3:3: error: malformed XML: Start-end tags mismatch");
    CHECK(result.program.flows.size() == 1);  // a.vxml, its target broken
  }
  fs::remove_all(dir);
}

TEST_CASE("a batch mixing good, malformed and hostile files loses no result") {
  using namespace std::string_literals;
  const fs::path dir = Scratch("batch");
  const int kGood = 12;
  for (int i = 0; i < kGood; ++i) {
    std::string flow = kValidFlow;
    flow.replace(flow.find("'ok'"), 4, "'good" + std::to_string(i) + "'");
    Write(dir / ("good" + std::to_string(i) + ".ivrflow"), flow);
  }
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"malformed.ivrflow", "<ivrflow name='m'>\n<play id='p' next='p'>"},
      {"laughs.ivrflow",
       "<!DOCTYPE a [<!ENTITY a 'aaaa'>]><ivrflow name='l'/>"},
      {"nul.ivrflow", "<ivrflow name='n'>\0</ivrflow>"s},
      {"latin.ivrflow", "<ivrflow name='\xE9'/>"},
      {"deep.ivrflow", "<ivrflow name='d'>" + Repeat("<a>", 5000)},
      {"empty.ivrflow", ""},
      {"not-a-flow.vxml", "<html/>"},
      {"unknown.ivrflow", "<ivrflow name='u'><jump id='j'/></ivrflow>"},
  };
  for (const auto& [name, text] : bad) Write(dir / name, text);
  // Other XML beside the flows (a grammar) is no flow and no error: the
  // search passes over it, and says so.
  Write(dir / "yes-no.xml",
        "<grammar root='r'><rule id='r'>yes</rule></grammar>");

  for (int jobs : {1, 4}) {
    CAPTURE(jobs);
    LoadOptions options;
    options.jobs = jobs;
    LoadResult result = LoadPaths({dir.string()}, options);
    CHECK(result.files == kGood + bad.size() + 1);
    REQUIRE(result.skipped.size() == 1);
    CHECK(fs::path(result.skipped[0].file).filename() == "yes-no.xml");
    CHECK(result.skipped[0].message ==
          "the root element is <grammar>, not <ivrflow> or <vxml>");
    std::multiset<std::string> flows;
    for (const Flow& flow : result.program.flows)
      flows.insert(std::string(flow.name));
    CHECK(flows.size() == kGood);
    for (int i = 0; i < kGood; ++i) {
      CHECK(flows.count("good" + std::to_string(i)) == 1);
    }
    std::multiset<std::string> failed;
    for (const Diagnostic& e : result.errors) {
      failed.insert(fs::path(e.file).filename().string());
    }
    CHECK(failed.size() == bad.size());
    for (const auto& entry : bad) CHECK(failed.count(entry.first) == 1);
  }

  // The command line: exit 2, each good flow once in the JSON report.
  const std::string path = dir.string();
  const char* argv[] = {"ivrscope", "check", "--format",  "json",
                        "--jobs",   "2",     path.c_str()};
  std::ostringstream out;
  std::ostringstream err;
  CHECK(RunCli(7, argv, out, err, false) == kExitInput);
  const std::string json = out.str();
  for (int i = 0; i < kGood; ++i) {
    const std::string key = "\"name\": \"good" + std::to_string(i) + "\"";
    const std::size_t first = json.find(key);
    CHECK(first != std::string::npos);
    CHECK(json.find(key, first + 1) == std::string::npos);
  }
  CHECK(json.find("\"errors\": " + std::to_string(bad.size())) !=
        std::string::npos);
  CHECK(json.find("\"skipped\": 1") != std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ivrscope
