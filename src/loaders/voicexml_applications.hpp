// Applications built apart, merged as if built together: which VoiceXML
// inputs must be built in one pass (documents that name one another), and
// how the results of builders run in parallel are merged into the order one
// pass over every input makes (voicexml_applications.cpp). The builder
// itself is voicexml_loader.cpp. Internal to the loader.
#ifndef IVRSCOPE_SRC_LOADERS_VOICEXML_APPLICATIONS_HPP_
#define IVRSCOPE_SRC_LOADERS_VOICEXML_APPLICATIONS_HPP_

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "ivrscope/loader.hpp"
#include "ivrscope/status.hpp"
#include "loaders/fragment.hpp"
#include "loaders/voicexml_loader.hpp"
#include "loaders/voicexml_survey.hpp"
#include "loaders/xml_source.hpp"

namespace ivrscope::vxml {

// ---- applications built apart, merged as if built together ----
//
// Documents that name each other (directly or not) make one application,
// and only an application needs building in one pass: each is built by its
// own Builder, on its own thread. The sequential loader this replaced built
// everything in one pass, and its order (of nodes, edges, files, flows and
// errors) is what reports show; each Builder therefore records where its
// work would have fallen in that pass, and Merge interleaves the results
// into exactly that order.

// A document read and parsed ahead of its application's build, to learn
// what it names; handed to the one builder that fetches it.
struct Prefetched {
  std::string path;  // parsed under this path: a fetch spelling it another
                     // way parses again, so that messages name that one
  std::unique_ptr<XmlSource> xml;
  Survey survey;
};
using PrefetchedDocs = std::unordered_map<std::string, Prefetched>;  // by key

// How a document came into a builder: as the input of that index, or
// fetched while document `parent` was built, or (late) while returns were
// wired.
struct Origin {
  int input = -1;
  int parent = -1;
  bool late = false;
};

// What a builder made since its previous mark: the sequential pass made the
// same things at one point, named by (phase, position).
struct Segment {
  enum Phase {
    kDeclareInput,   // doc: the input's index
    kBuildDocument,  // doc: the local document built
    kReturns,        // doc: the local document holding the <return>
    kEventReturns,   // doc and event: a <return event=...>
    kDrainReturns,   // the work the two above left
  };
  Phase phase = kDeclareInput;
  int doc = 0;
  std::string event;
  // Where the segment ends in the builder's vectors.
  std::size_t nodes = 0;
  std::size_t edges = 0;
  std::size_t transfers = 0;
  std::size_t suppressions = 0;
  std::size_t errors = 0;
};

// What deciding the flows needs of a document, once every one is built.
struct DocInfo {
  std::string path;
  std::string root_dir;  // where it was found (Flow::key is relative to it)
  std::vector<std::string> numbers;
  bool input = false;
  bool on_command_line = false;
  bool named = false;
  bool is_root = false;
  int root = -1;            // local document
  std::int64_t start = -1;  // its first dialog's node, local; -1: none
};

// node_doc of a node made while wiring returns: the one-pass loader gave
// those the document it had built last, which may be another application's,
// and which documents a flow reaches (so which become flows of their own)
// follows it.
constexpr int kLastBuilt = -1;

struct Application {
  Fragment fragment;
  std::vector<Diagnostic> errors;
  std::vector<Origin> origins;  // per local document
  std::vector<Segment> segments;
  std::vector<DocInfo> docs;
  std::vector<int> node_doc;  // per node: its local document, or kLastBuilt
  /// (edge, node): edges whose target is set after the build, to a node
  /// made after them (a subdialog call turned to its copy of the callee).
  std::vector<std::pair<std::size_t, std::uint32_t>> retargets;
};

// Calls fn(0..n-1) on up to `jobs` threads. An exception (bad_alloc, a
// file system error) stops the others taking work and is rethrown here, as
// the one-thread loader would have let it through.
template <typename Fn>
void ParallelFor(std::size_t n, int jobs, const Fn& fn) {
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&] {
    for (std::size_t i = next++; i < n; i = next++) {
      try {
        fn(i);
      } catch (...) {
        std::lock_guard<std::mutex> lock(failure_mutex);
        if (!failure) failure = std::current_exception();
        next = n;
      }
    }
  };
  const int threads =
      std::clamp<int>(jobs, 1, static_cast<int>(std::max<std::size_t>(n, 1)));
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
}

struct Group {
  std::vector<int> inputs;              // in input order
  std::vector<std::string> prefetched;  // keys of documents read for it
};

// Splits the inputs into applications (see voicexml_applications.cpp), each
// a Group; surveys every input into (*surveys)[i] and reads the documents
// they name into `prefetched`.
std::vector<Group> SplitApplications(std::vector<VoicexmlInput>& inputs,
                                     const LoadOptions& options,
                                     FileReader& reader,
                                     std::vector<Survey>* surveys,
                                     PrefetchedDocs* prefetched);

/// Interleaves the applications' results into the order one pass over
/// every input would have made them in (see Segment), then decides the
/// flows.
VoicexmlLoad Merge(std::vector<Application> apps);

}  // namespace ivrscope::vxml

#endif  // IVRSCOPE_SRC_LOADERS_VOICEXML_APPLICATIONS_HPP_
