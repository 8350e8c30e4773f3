// VoiceXML 2.0/2.1 applications as flows. A VoiceXML application is several
// documents tied together by URIs (next, src, application), so unlike an
// ivrflow file it cannot be loaded one file at a time: this loader takes every
// VoiceXML input at once, reads the documents they name from disk (never
// over the network, never outside the input's root directory) and builds one
// fragment whose flows are the application entries.
#ifndef IVRSCOPE_SRC_LOADERS_VOICEXML_LOADER_HPP_
#define IVRSCOPE_SRC_LOADERS_VOICEXML_LOADER_HPP_

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ivrscope/loader.hpp"
#include "ivrscope/status.hpp"
#include "loaders/fragment.hpp"
#include "loaders/xml_source.hpp"

namespace ivrscope {

/// Where documents come from, so tests can feed documents from strings.
/// Read is called from several threads at once when LoadOptions::jobs > 1.
class FileReader {
 public:
  virtual ~FileReader() = default;
  /// The file's bytes, or a Diagnostic (path, 0, 0, why) when it cannot be
  /// read (missing, too large, unreadable).
  virtual Result<std::string> Read(const std::string& path) = 0;
};

/// The path that names standard input, as on most command lines.
inline constexpr char kStandardInput[] = "-";

/// Reads files from disk, refusing those over max_bytes. A file with no size
/// to ask for (a pipe, /dev/stdin) is read to its end, up to the limit;
/// kStandardInput is standard input.
class DiskReader : public FileReader {
 public:
  explicit DiskReader(std::size_t max_bytes) : max_bytes_(max_bytes) {}
  Result<std::string> Read(const std::string& path) override;

 private:
  std::size_t max_bytes_;
};

/// Documents held in memory, keyed by their lexically normal path.
class MemoryReader : public FileReader {
 public:
  void Add(const std::string& path, std::string text);
  Result<std::string> Read(const std::string& path) override;

 private:
  std::map<std::string, std::string> files_;
};

/// What the VoiceXML loader learns of a document in one walk: the refusals
/// an interpreter would make on fetching it, the containers that hold a
/// transition, the documents it names (voicexml_survey.hpp).
struct Survey;

/// Makes a document's Survey as the gate's walk passes its elements (pass
/// it to XmlSource::Parse), so that the loader need not walk the document
/// again. A document whose root is not <vxml> turns it off at once.
class VoicexmlSurveyor : public ElementVisitor {
 public:
  bool Element(const XmlSource& source, const pugi::xml_node& element) override;
  /// The survey; null if the document was not VoiceXML.
  std::shared_ptr<Survey> Finish();

 private:
  std::shared_ptr<Survey> survey_;
  pugi::xml_node root_;
};

/// A VoiceXML document found among the inputs, already parsed (the source
/// owns its text), and its survey when the parse made one.
struct ParsedDocument {
  std::unique_ptr<XmlSource> xml;
  std::shared_ptr<Survey> survey;
};

struct VoicexmlInput {
  std::string path;      // as the user gave it (or as found in a directory)
  std::string root_dir;  // nothing outside this directory tree is read
  bool named_on_command_line = false;  // a file argument: always an entry
  std::string text;
  /// Instead of text, the document already parsed: LoadPaths parses every
  /// file in parallel to learn its format, and parsing it again here would
  /// double the parse. Taken (emptied) by the loader.
  std::shared_ptr<ParsedDocument> parsed = nullptr;
  /// Neither text nor parsed: read the file at `path` again (LoadPaths
  /// parsed it, and let it go to keep memory bounded).
  bool reread = false;
};

struct VoicexmlLoad {
  Fragment fragment;
  /// Fragments holding only string storage `fragment` points into (one per
  /// application beyond the first, whose strings were stored apart while
  /// the applications were built in parallel). Link them after `fragment`
  /// so that Program keeps them: they add no nodes, flows or files.
  std::vector<Fragment> storage;
  std::vector<Diagnostic> errors;  // documents refused; the rest still loads
};

/// Loads every VoiceXML application the inputs make up. Entries: each input
/// named on the command line; each other input no loaded document names;
/// never an application root. The result does not depend on input order
/// beyond the order of entries (which is input order), nor on options.jobs:
/// applications (documents that name one another, directly or not) are
/// built on options.jobs threads and merged into the fragment, errors and
/// order that building them all together in input order gives.
VoicexmlLoad LoadVoicexml(std::vector<VoicexmlInput> inputs,
                          const LoadOptions& options, FileReader& reader);

/// Tests: loads the documents of `files` (path, text) from memory; the first
/// is the command-line entry, the others are found through references.
VoicexmlLoad LoadVoicexmlTexts(
    const std::vector<std::pair<std::string, std::string>>& files,
    const LoadOptions& options = {});

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_LOADERS_VOICEXML_LOADER_HPP_
