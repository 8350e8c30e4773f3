// The survey of a VoiceXML document (see voicexml_survey.hpp): made element
// by element as the gate's walk shows them, so that the builder never walks
// a whole document before building it.
#include "loaders/voicexml_survey.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>

#include "loaders/voicexml_loader.hpp"

namespace ivrscope {
namespace {

using pugi::xml_attribute;
using pugi::xml_node;

using vxml::Key;
using vxml::Named;

}  // namespace

namespace {

enum class Tag : std::uint8_t {
  kOther,
  kGoto,
  kChoice,
  kLink,
  kSubdialog,
  kTransfer,
  kMenu,
  kForm,
  kSubmit,
  kExit,
  kDisconnect,
  kReturn,
  kThrow,
  kClear,
  kAssign,
  kField,  // the other form items (transfer and subdialog have their own)
  kData,
};

Tag TagOf(std::string_view name) {
  switch (name.size()) {
    case 4:
      if (name == "goto") return Tag::kGoto;
      if (name == "link") return Tag::kLink;
      if (name == "menu") return Tag::kMenu;
      if (name == "form") return Tag::kForm;
      if (name == "exit") return Tag::kExit;
      if (name == "data") return Tag::kData;
      break;
    case 5:
      if (name == "throw") return Tag::kThrow;
      if (name == "clear") return Tag::kClear;
      if (name == "field" || name == "block") return Tag::kField;
      break;
    case 6:
      if (name == "choice") return Tag::kChoice;
      if (name == "submit") return Tag::kSubmit;
      if (name == "return") return Tag::kReturn;
      if (name == "assign") return Tag::kAssign;
      if (name == "record" || name == "object") return Tag::kField;
      break;
    case 7:
      if (name == "initial") return Tag::kField;
      break;
    case 8:
      if (name == "transfer") return Tag::kTransfer;
      break;
    case 9:
      if (name == "subdialog") return Tag::kSubdialog;
      break;
    case 10:
      if (name == "disconnect") return Tag::kDisconnect;
      break;
    default:
      break;
  }
  return Tag::kOther;
}

}  // namespace

// The checks a VoiceXML interpreter makes when it fetches a document
// (error.badfetch): a document failing them never runs, so it is refused.
// Shown the document's elements in document order, the root first.
bool VoicexmlSurveyor::Element(const XmlSource& src, const xml_node& n) {
  if (!survey_) {
    if (!Named(n, "vxml")) return false;  // not VoiceXML: nothing to learn
    survey_ = std::make_shared<Survey>();
    root_ = n;
    survey_->refs.application = n.attribute("application").value();
    survey_->refs.xml_base = n.attribute("xml:base").value();
  }
  Survey& survey = *survey_;
  std::optional<Diagnostic>& problem = survey.problem;
  const xml_node& root = root_;
  auto add_uri = [&](std::string_view uri) {
    const std::size_t start = uri.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos || uri[start] == '#') return;
    survey.refs.uris.emplace_back(uri);
  };
  // Exactly one of the four attributes, and the target it names (when
  // `targets`: the first two are a URI and an expression): one pass over the
  // element's attributes rather than a lookup by name per name.
  auto one_of = [&](const xml_node& n,
                    const std::array<std::string_view, 4>& attrs,
                    bool targets = true) {
    int given = 0;
    for (xml_attribute a = n.first_attribute(); a; a = a.next_attribute()) {
      std::string_view name = a.name();
      for (std::size_t i = 0; i < attrs.size(); ++i) {
        if (attrs[i].empty() || name != attrs[i]) continue;
        ++given;
        if (!targets) continue;
        // next / src are URIs; expr / srcexpr are too when literal.
        if (i == 0) add_uri(a.value());
        if (i == 1) {
          if (auto text = vxml::StringLiteral(a.value())) add_uri(*text);
        }
      }
    }
    if (given != 1 && !problem) {
      // Spelled out only for the message.
      std::string names;
      for (std::string_view a : attrs) {
        if (a.empty()) continue;
        names += (names.empty() ? "" : ", ") + std::string(a);
      }
      problem =
          src.Error(n, "<" + std::string(n.name()) + "> needs exactly one of " +
                           names + " (VoiceXML raises error.badfetch)");
    }
  };
  if (problem) return true;
  std::string_view name = n.name();
  if (name.starts_with("conf:")) {
    problem =
        src.Error(n, "templated W3C test document: <" + std::string(name) +
                         "> must first be expanded by the test "
                         "suite's generator (XSLT)");
    return true;
  }
  const Tag tag = TagOf(name);
  if (tag == Tag::kMenu || tag == Tag::kForm) ++survey.dialogs;
  switch (tag) {
    case Tag::kGoto:
    case Tag::kSubmit:
    case Tag::kExit:
    case Tag::kDisconnect:
    case Tag::kReturn:
    case Tag::kThrow:
    case Tag::kClear:
      // Mark the containers that hold a transition, or a <clear> (which
      // re-opens form items, so changes which item runs next): an <if>
      // without one changes no route and is walked through.
      for (xml_node up = n.parent(); up && up != root; up = up.parent()) {
        if (!survey.has_jump.insert(Key(up))) break;
      }
      break;
    default:
      break;
  }
  if (tag == Tag::kAssign) survey.assigns.push_back(n);
  if (tag == Tag::kData) survey.fetches.push_back(n);
  // Form items stand directly in a <form> (§2.1.2); in executable content
  // (a <transfer> in an <if>, say) the document does not validate.
  if ((tag == Tag::kField || tag == Tag::kTransfer || tag == Tag::kSubdialog) &&
      !Named(n.parent(), "form")) {
    problem = src.Error(n, "<" + std::string(name) + "> inside <" +
                               std::string(n.parent().name()) +
                               ">: a form item stands directly in a <form> "
                               "(VoiceXML raises error.badfetch)");
    return true;
  }
  switch (tag) {
    case Tag::kGoto:
      one_of(n, {"next", "expr", "nextitem", "expritem"});
      break;
    case Tag::kChoice:
    case Tag::kLink:
      one_of(n, {"next", "expr", "event", "eventexpr"});
      break;
    case Tag::kSubdialog:
      one_of(n, {"src", "srcexpr", "", ""});
      break;
    // An event to throw and a page to submit to: a <throw/> of nothing was
    // a dead end "of an event computed at run time" (§5.2.1, §5.3.8).
    case Tag::kThrow:
      one_of(n, {"event", "eventexpr", "", ""}, false);
      break;
    case Tag::kSubmit:
      one_of(n, {"next", "expr", "", ""}, false);
      break;
    case Tag::kTransfer:
      if (n.attribute("dest") && n.attribute("destexpr")) {
        problem = src.Error(n,
                            "<transfer> has both dest and destexpr "
                            "(VoiceXML raises error.badfetch)");
      } else if (n.attribute("bridge") && n.attribute("type")) {
        problem = src.Error(n,
                            "<transfer> has both bridge and type "
                            "(VoiceXML 2.1 raises error.badfetch)");
      }
      break;
    case Tag::kMenu:
      if (std::string_view(n.attribute("dtmf").value()) != "true") break;
      for (xml_node c : n.children("choice")) {
        std::string key = vxml::DtmfKey(c.attribute("dtmf").value());
        if (c.attribute("dtmf") && key != "*" && key != "#" && key != "0") {
          problem = src.Error(src.At(c, c.attribute("dtmf")),
                              "choice has its own dtmf '" + key +
                                  "' in a menu with dtmf=\"true\": only *, # "
                                  "or 0 are allowed (VoiceXML raises "
                                  "error.badfetch)");
          return true;
        }
      }
      break;
    default:
      break;
  }
  return true;
}

std::shared_ptr<Survey> VoicexmlSurveyor::Finish() {
  if (survey_) {
    std::vector<std::string>& uris = survey_->refs.uris;
    std::sort(uris.begin(), uris.end());
    uris.erase(std::unique(uris.begin(), uris.end()), uris.end());
  }
  return std::move(survey_);
}

Survey SurveyDocument(const XmlSource& src) {
  VoicexmlSurveyor surveyor;
  vxml::ForEachElement(src.document(),
                       [&](const xml_node& n) { surveyor.Element(src, n); });
  std::shared_ptr<Survey> survey = surveyor.Finish();
  return survey ? std::move(*survey) : Survey();
}

}  // namespace ivrscope
