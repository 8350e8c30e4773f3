// From paths to a linked Program: find the files, read and parse them (in
// parallel, results kept in input order), hand each to the loader its root
// element names, and link the fragments.
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <thread>

#include "ivrscope/loader.hpp"
#include "loaders/fragment.hpp"
#include "loaders/ivrflow_loader.hpp"
#include "loaders/xml_source.hpp"

namespace ivrscope {
namespace {

namespace fs = std::filesystem;

bool HasFlowExtension(const fs::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".xml" || ext == ".vxml" || ext == ".ivrflow";
}

// Expands directories. Errors (missing path, unreadable directory) are
// reported per path; the other paths go on.
std::vector<std::string> FindFiles(const std::vector<std::string>& paths,
                                   std::vector<Diagnostic>* errors) {
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code ec;
    fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      errors->push_back({path, 0, 0, "no such file or directory"});
      continue;
    }
    if (!fs::is_directory(status)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    // Symbolic links to directories are not followed: a link loop in an
    // exported tree must not make the walk endless.
    fs::recursive_directory_iterator it(
        path, fs::directory_options::skip_permission_denied, ec);
    for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      // A flow file whose type cannot be read (a link that loops or dangles)
      // is kept: reading it reports why, so no input goes missing silently.
      std::error_code type_ec;
      if (HasFlowExtension(it->path()) &&
          (it->is_regular_file(type_ec) || type_ec)) {
        found.push_back(it->path().string());
      }
    }
    if (ec) {
      errors->push_back({path, 0, 0, "cannot read directory: " + ec.message()});
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

Result<std::string> ReadFile(const std::string& path, std::size_t max_bytes) {
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(path, ec);
  if (ec) return Diagnostic{path, 0, 0, "cannot read file: " + ec.message()};
  if (size > max_bytes) {
    return Diagnostic{path, 0, 0,
                      "file is " + std::to_string(size) +
                          " bytes, more than the limit of " +
                          std::to_string(max_bytes) + " (--max-file-size)"};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Diagnostic{path, 0, 0, "cannot open file"};
  std::string text(size, '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

Result<Fragment> LoadFile(const std::string& path, const LoadOptions& options) {
  Result<std::string> text = ReadFile(path, options.max_file_bytes);
  if (!text.ok()) return text.error();
  Result<XmlSource> source = XmlSource::Parse(path, text.value(), 0);
  if (!source.ok()) return source.error();
  const XmlSource& xml = source.value();
  pugi::xml_node root = xml.document().document_element();
  if (!root) {
    return Diagnostic{path, 1, 1, "no root element: the file is empty"};
  }
  std::string_view name = root.name();
  if (name == "ivrflow") return LoadIvrflow(xml);
  return xml.Error(root, "not an IVR flow: the root element is <" +
                             std::string(name) +
                             ">, expected <ivrflow> or <vxml>");
}

}  // namespace

LoadResult LoadPaths(const std::vector<std::string>& paths,
                     const LoadOptions& options) {
  LoadResult result;
  std::vector<std::string> files = FindFiles(paths, &result.errors);
  result.files = files.size();

  std::vector<std::optional<Result<Fragment>>> loaded(files.size());
  std::atomic<std::size_t> next{0};
  auto worker = [&] {
    for (std::size_t i = next++; i < files.size(); i = next++) {
      loaded[i].emplace(LoadFile(files[i], options));
    }
  };
  const int jobs = std::clamp<int>(
      options.jobs, 1, static_cast<int>(std::max<std::size_t>(files.size(), 1)));
  std::vector<std::thread> threads;
  for (int t = 1; t < jobs; ++t) threads.emplace_back(worker);
  worker();
  for (std::thread& t : threads) t.join();

  std::vector<Fragment> fragments;
  for (auto& one : loaded) {
    if (one->ok()) {
      fragments.push_back(std::move(one->value()));
    } else {
      result.errors.push_back(one->error());
    }
  }
  result.program = Link(std::move(fragments));
  return result;
}

}  // namespace ivrscope
