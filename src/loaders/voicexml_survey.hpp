// What the VoiceXML loader learns of a document before it builds it, in the
// one walk the gate already makes (VoicexmlSurveyor, voicexml_survey.cpp):
// the refusals an interpreter would make on fetching it, the containers
// that hold a transition, the documents it names. Internal to the loader.
#ifndef IVRSCOPE_SRC_LOADERS_VOICEXML_SURVEY_HPP_
#define IVRSCOPE_SRC_LOADERS_VOICEXML_SURVEY_HPP_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ivrscope/status.hpp"
#include "loaders/pointer_set.hpp"
#include "loaders/string_hash.hpp"
#include "loaders/voicexml_parts.hpp"
#include "loaders/xml_source.hpp"

namespace ivrscope {
namespace vxml {

using ResolvedUris = StringMap<UriPath>;

// Every URI a document could make the builder fetch: the targets of goto,
// choice, link and subdialog (when literal) and its application root. A
// superset is harmless (it only joins applications); missing one is not,
// since two builders would then each load the document it names.
struct References {
  std::string application;
  std::string xml_base;
  std::vector<std::string> uris;  // sorted, unique, never "#dialog"
};

}  // namespace vxml

// What one walk over a document learns before it is built: whether an
// interpreter would refuse it, which containers hold a transition, and what
// it names. Made in the gate's walk (VoicexmlSurveyor) or, for a document
// parsed without one, in a walk of its own (SurveyDocument), so the builder
// never walks a whole document again.
struct Survey {
  std::optional<Diagnostic> problem;
  PointerSet has_jump;
  // Every <assign>: the builder marks the containers of those that fill a
  // form item (it knows the items' names, the walk does not yet).
  std::vector<pugi::xml_node> assigns;
  // Every <data>: its fetch may fail (error.badfetch), which the builder
  // draws where a catch in scope takes it.
  std::vector<pugi::xml_node> fetches;
  std::size_t dialogs = 0;  // <form>s and <menu>s: the builder's table size
  vxml::References refs;
  // refs.uris resolved against the input itself (its path and root), made
  // in parallel while splitting; the builder starts from them.
  vxml::ResolvedUris resolved;
};

/// The survey of a document parsed without a surveyor, in a walk of its own.
Survey SurveyDocument(const XmlSource& source);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_LOADERS_VOICEXML_SURVEY_HPP_
