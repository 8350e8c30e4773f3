// From paths to a linked Program: find the files, read and parse them (in
// parallel, results kept in input order), hand each to the loader its root
// element names, and link the fragments. ivrflow files load on their own, in
// parallel; VoiceXML documents name each other, so they are collected and
// handed together to the VoiceXML loader, which splits them into
// applications and builds those in parallel (results never depend on
// --jobs).
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <system_error>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <variant>

#include "ivrscope/loader.hpp"
#include "loaders/fragment.hpp"
#include "loaders/ivrflow_loader.hpp"
#include "loaders/voicexml_loader.hpp"
#include "loaders/xml_source.hpp"

namespace ivrscope {
namespace {

namespace fs = std::filesystem;

bool HasFlowExtension(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".xml" || ext == ".vxml" || ext == ".ivrflow";
}

struct FoundFile {
  std::string path;
  std::string root_dir;  // the directory given, or the file's own directory
  bool on_command_line = false;
};

// What tells two names of one file apart from two files: the absolute,
// lexically normal path ("d/../d/./f.xml" is "d/f.xml"); a name that has
// none (standard input, an empty one) is itself.
std::string PathKey(const std::string& path) {
  if (path == kStandardInput) return path;
  // Through symbolic links: a link in the tree to a flow beside it is
  // that flow, read once.
  std::error_code ec;
  const fs::path real = fs::weakly_canonical(path, ec);
  if (!ec) return real.generic_string();
  const fs::path absolute = fs::absolute(path, ec);
  return ec ? path : absolute.lexically_normal().generic_string();
}

// The flow files under `root`, one directory at a time from an explicit
// stack. A directory that cannot be read (no permission) is an error, not
// passed over: the batch would silently lose its flows. Symbolic links to
// directories are not followed (a link loop must not make the walk endless),
// and a link to a file outside the tree is not read: only what lies inside
// the directory given is analysed, as with a target that climbs out of it.
void WalkDirectory(const std::string& root, std::vector<std::string>* found,
                   std::vector<Diagnostic>* errors) {
  std::error_code ec;
  const fs::path real_root = fs::canonical(root, ec);
  std::vector<fs::path> pending = {fs::path(root)};
  while (!pending.empty()) {
    const fs::path dir = std::move(pending.back());
    pending.pop_back();
    fs::directory_iterator it(dir, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      const fs::directory_entry& entry = *it;
      std::error_code type_ec;
      const fs::file_status own = entry.symlink_status(type_ec);
      if (!type_ec && fs::is_directory(own)) {
        pending.push_back(entry.path());
        continue;
      }
      if (!HasFlowExtension(entry.path())) continue;
      if (!type_ec && fs::is_symlink(own) && !real_root.empty()) {
        std::error_code link_ec;
        const fs::path target = fs::weakly_canonical(entry.path(), link_ec);
        const fs::path below = target.lexically_relative(real_root);
        if (!link_ec && (below.empty() || *below.begin() == "..")) {
          errors->push_back({entry.path().string(), 0, 0,
                             "a symbolic link to '" + target.string() +
                                 "', outside the directory analysed ('" + root +
                                 "'): not read"});
          continue;
        }
      }
      // A flow file whose type cannot be read (a link that loops or
      // dangles) is kept: reading it reports why, so no input goes missing
      // silently.
      std::error_code file_ec;
      if (entry.is_regular_file(file_ec) || file_ec) {
        found->push_back(entry.path().string());
      }
    }
    if (ec) {
      errors->push_back(
          {dir.string(), 0, 0, "cannot read directory: " + ec.message()});
      ec.clear();
    }
  }
}

// Expands directories. Errors (missing path, unreadable directory) are
// reported per path; the other paths go on.
std::vector<FoundFile> FindFiles(const std::vector<std::string>& paths,
                                 std::vector<Diagnostic>* errors) {
  std::vector<FoundFile> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (path == kStandardInput) {
      files.push_back({path, "", true});
      continue;
    }
    if (ec && ec != std::errc::no_such_file_or_directory) {
      errors->push_back({path, 0, 0, "cannot read file: " + ec.message()});
      continue;
    }
    if (ec || !fs::exists(status)) {
      errors->push_back({path, 0, 0, "no such file or directory"});
      continue;
    }
    if (!fs::is_directory(status)) {
      files.push_back({path, fs::path(path).parent_path().string(), true});
      continue;
    }
    std::vector<std::string> found;
    std::vector<Diagnostic> unread;
    WalkDirectory(path, &found, &unread);
    std::sort(unread.begin(), unread.end(),
              [](const Diagnostic& a, const Diagnostic& b) {
                return a.file < b.file;
              });
    for (Diagnostic& d : unread) errors->push_back(std::move(d));
    std::sort(found.begin(), found.end());
    for (std::string& f : found) files.push_back({std::move(f), path, false});
  }
  // A file named twice, or named and found in a directory named too, is
  // read once (where it came first): read twice, its flow's name clashed
  // with itself and each finding was reported twice. Standard input too:
  // a second read finds it empty.
  std::unordered_map<std::string, std::size_t> first;
  std::vector<FoundFile> unique;
  for (FoundFile& f : files) {
    const auto [it, fresh] = first.emplace(PathKey(f.path), unique.size());
    if (fresh) {
      unique.push_back(std::move(f));
    } else {
      unique[it->second].on_command_line |= f.on_command_line;
    }
  }
  return unique;
}

// Well-formed XML whose root element is no IVR flow's.
struct OtherXml {
  Diagnostic at;  // the root element's place (message empty)
  std::string root;
};

// A file read and sorted by format: an ivrflow fragment, a VoiceXML document
// still to be loaded with the others, other XML, or why it was refused.
using Loaded = std::variant<Fragment, ParsedDocument, Diagnostic, OtherXml>;

// Whether a directory search passes over other XML found at `file` rather
// than report it: a *.xml file (the extension every XML document may have)
// that was not asked for by name. A *.vxml or *.ivrflow file says it is a
// flow; a misspelt root element there is a mistake to report.
bool SkipsOtherXml(const FoundFile& file) {
  return !file.on_command_line && fs::path(file.path).extension() == ".xml";
}

Loaded LoadFile(const std::string& path, const LoadOptions& options) {
  DiskReader reader(options.max_file_bytes);
  Result<std::string> text = reader.Read(path);
  if (!text.ok()) return text.error();
  // A VoiceXML document is surveyed in the gate's walk; any other turns the
  // surveyor off at its root.
  VoicexmlSurveyor surveyor;
  Result<XmlSource> source = XmlSource::Parse(
      path, std::make_unique<std::string>(std::move(text.value())), 0,
      &surveyor);
  if (!source.ok()) return source.error();
  const XmlSource& xml = source.value();
  pugi::xml_node root = xml.document().document_element();
  if (!root) {
    return Diagnostic{path, 1, 1, "no root element: the file is empty"};
  }
  std::string_view name = root.name();
  if (name == "ivrflow") {
    Result<Fragment> fragment = LoadIvrflow(xml);
    if (!fragment.ok()) return fragment.error();
    return std::move(fragment.value());
  }
  if (name == "vxml") {
    return ParsedDocument{
        std::make_unique<XmlSource>(std::move(source.value())),
        surveyor.Finish()};
  }
  return OtherXml{xml.Error(root, ""), std::string(name)};
}

}  // namespace

LoadResult LoadPaths(const std::vector<std::string>& paths,
                     const LoadOptions& options) {
  LoadResult result;
  std::vector<FoundFile> files = FindFiles(paths, &result.errors);
  result.files = files.size();

  std::vector<std::optional<Loaded>> loaded(files.size());
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::atomic<std::size_t> kept_bytes{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < files.size(); i = next++) {
      loaded[i] = LoadFile(files[i].path, options);
      // Over the budget, a VoiceXML document is let go: it is read again
      // when its application is built (see LoadOptions::keep_parsed_bytes).
      if (auto* parsed = std::get_if<ParsedDocument>(&*loaded[i])) {
        const std::size_t bytes = parsed->xml->text_bytes();
        const std::size_t before = kept_bytes.fetch_add(bytes);
        // Standard input cannot be read twice.
        if (before != 0 && before + bytes > options.keep_parsed_bytes &&
            files[i].path != kStandardInput) {
          parsed->xml.reset();
          parsed->survey.reset();  // it points into the parse
        }
      }
      if (options.progress) options.progress(++done, files.size());
    }
  };
  const int jobs =
      std::clamp<int>(options.jobs, 1,
                      static_cast<int>(std::max<std::size_t>(files.size(), 1)));
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();

  std::vector<Fragment> fragments;
  std::vector<VoicexmlInput> voicexml;
  for (std::size_t i = 0; i < files.size(); ++i) {
    Loaded& one = *loaded[i];
    if (auto* fragment = std::get_if<Fragment>(&one)) {
      for (Diagnostic& d : fragment->problems) {
        result.errors.push_back(std::move(d));
      }
      fragment->problems.clear();
      fragments.push_back(std::move(*fragment));
    } else if (auto* parsed = std::get_if<ParsedDocument>(&one)) {
      const bool reread = parsed->xml == nullptr;
      voicexml.push_back(
          {files[i].path, files[i].root_dir, files[i].on_command_line,
           std::string(),
           reread ? nullptr
                  : std::make_shared<ParsedDocument>(std::move(*parsed)),
           reread});
    } else if (auto* other = std::get_if<OtherXml>(&one)) {
      const std::string root = "the root element is <" + other->root + ">";
      if (SkipsOtherXml(files[i])) {
        Diagnostic& e = result.skipped.emplace_back(std::move(other->at));
        e.message = root + ", not <ivrflow> or <vxml>";
      } else {
        Diagnostic& e = result.errors.emplace_back(std::move(other->at));
        e.message =
            "not an IVR flow: " + root + ", expected <ivrflow> or <vxml>";
      }
    } else {
      result.errors.push_back(std::get<Diagnostic>(one));
    }
  }
  if (!voicexml.empty()) {
    DiskReader reader(options.max_file_bytes);
    VoicexmlLoad applications =
        LoadVoicexml(std::move(voicexml), options, reader);
    fragments.push_back(std::move(applications.fragment));
    for (Fragment& f : applications.storage) fragments.push_back(std::move(f));
    // A malformed document found in the directory was refused above; an
    // application that fetches it is refused it again, with the same
    // error (under the name the target gives it): listed once, or the
    // batch counts one input lost as two.
    using Place =
        std::tuple<std::string, std::uint32_t, std::uint32_t, std::string>;
    auto place = [](const Diagnostic& e) {
      return Place{PathKey(e.file), e.line, e.column, e.message};
    };
    std::set<Place> refused;
    for (const Diagnostic& e : result.errors) refused.insert(place(e));
    for (Diagnostic& e : applications.errors) {
      if (!refused.contains(place(e))) result.errors.push_back(std::move(e));
    }
  }
  result.program = Link(std::move(fragments), options, &result.errors);
  SortByPlace(&result.errors);
  return result;
}

}  // namespace ivrscope
