// Which VoiceXML inputs make one application, and the merge of the
// applications built apart (see voicexml_applications.hpp).
#include "loaders/voicexml_applications.hpp"

#include <filesystem>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

namespace ivrscope::vxml {

// Splits the inputs into applications: union-find over documents, joined
// by every reference a builder could follow, resolved the way it resolves
// them (against the naming document; a root's also against each leaf, as
// an inherited catch handler's are). Documents named but not among the
// inputs are read here, within the same root directory the builder would
// read them in, and kept for it in `prefetched`.
std::vector<Group> SplitApplications(std::vector<VoicexmlInput>& inputs,
                                     const LoadOptions& options,
                                     FileReader& reader,
                                     std::vector<Survey>* surveys,
                                     PrefetchedDocs* prefetched) {
  // Parse inputs given as text, and survey every input, in parallel.
  surveys->resize(inputs.size());
  ParallelFor(inputs.size(), options.jobs, [&](std::size_t i) {
    VoicexmlInput& input = inputs[i];
    std::shared_ptr<ParsedDocument> parsed = input.parsed;
    if (input.reread || !parsed || !parsed->xml) {
      // An input given as text, or one let go to bound memory
      // (LoadOptions::keep_parsed_bytes), read again. If it fails, the
      // builder parses it again and reports the error in its place among
      // the others.
      std::unique_ptr<std::string> text;
      if (input.reread) {
        Result<std::string> read = reader.Read(input.path);
        if (!read.ok()) return;
        text = std::make_unique<std::string>(std::move(read.value()));
      } else {
        text = std::make_unique<std::string>(input.text);  // a copy: see above
      }
      VoicexmlSurveyor surveyor;
      Result<XmlSource> source =
          XmlSource::Parse(input.path, std::move(text), 0, &surveyor);
      if (!source.ok()) return;
      parsed = std::make_shared<ParsedDocument>(
          ParsedDocument{std::make_unique<XmlSource>(std::move(source.value())),
                         surveyor.Finish()});
      // Kept for the builder, unless let go again (it parses it anew).
      if (!input.reread) {
        std::string().swap(input.text);
        input.parsed = parsed;
      }
    }
    const XmlSource& xml = *parsed->xml;
    if (Named(xml.document().document_element(), "vxml")) {
      Survey& survey = (*surveys)[i];
      // Made in the gate's walk when the parse had a surveyor.
      survey =
          parsed->survey ? std::move(*parsed->survey) : SurveyDocument(xml);
      parsed->survey.reset();
      // A document let go takes its nodes with it: the builder surveys its
      // next parse for them.
      if (input.reread) survey.has_jump = PointerSet();
      for (const std::string& uri : survey.refs.uris) {
        survey.resolved.emplace(
            uri, vxml::ResolveUri(uri, input.path, survey.refs.xml_base,
                                  input.root_dir));
      }
    }
  });

  static const References kNone;
  struct Unit {
    std::string path;
    const References* refs = &kNone;
    int parent = -1;  // union-find
    // Its own URIs already resolved under resolved_root (inputs).
    const ResolvedUris* resolved = nullptr;
    std::string resolved_root;
  };
  std::vector<Unit> units;
  std::unordered_map<std::string, int> by_key;
  std::vector<int> unit_of_input(inputs.size());
  auto find = [&](int u) {
    while (units[u].parent != u) {
      units[u].parent = units[units[u].parent].parent;
      u = units[u].parent;
    }
    return u;
  };
  auto unite = [&](int a, int b) {
    a = find(a);
    b = find(b);
    // The smaller index is the root, so a group's root is its first unit.
    if (a != b) units[std::max(a, b)].parent = std::min(a, b);
  };
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    auto [it, fresh] = by_key.emplace(vxml::NormalPath(inputs[i].path),
                                      static_cast<int>(units.size()));
    if (fresh) {
      const int u = static_cast<int>(units.size());
      units.push_back({inputs[i].path, &(*surveys)[i].refs, u,
                       &(*surveys)[i].resolved, inputs[i].root_dir});
    }
    unit_of_input[i] = it->second;
  }
  // A document named for the first time: read and parse it now.
  auto unit_for = [&](const std::string& path) {
    auto [it, fresh] =
        by_key.emplace(vxml::NormalPath(path), static_cast<int>(units.size()));
    if (!fresh) return it->second;
    const int u = static_cast<int>(units.size());
    units.push_back({path, &kNone, u, nullptr, {}});
    Result<std::string> text = reader.Read(path);
    if (!text.ok()) return u;  // the builder reads it again, and says why
    Result<XmlSource> parsed = XmlSource::Parse(
        path, std::make_unique<std::string>(std::move(text.value())), 0);
    if (!parsed.ok()) return u;
    auto xml = std::make_unique<XmlSource>(std::move(parsed.value()));
    Survey survey;
    if (Named(xml->document().document_element(), "vxml")) {
      survey = SurveyDocument(*xml);
    }
    auto [doc, added] = prefetched->emplace(
        it->first, Prefetched{path, std::move(xml), std::move(survey)});
    units[u].refs = &doc->second.survey.refs;
    return u;
  };

  // Work: resolve the URIs of unit `of` as if written in unit `in`, under
  // `root_dir`. Each combination once.
  struct Task {
    int of = 0;
    int in = 0;
    std::string root_dir;
  };
  std::vector<Task> tasks;
  std::set<std::tuple<int, int, std::string>> done;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    tasks.push_back({unit_of_input[i], unit_of_input[i], inputs[i].root_dir});
  }
  while (!tasks.empty()) {
    Task t = std::move(tasks.back());
    tasks.pop_back();
    if (!done.emplace(t.of, t.in, t.root_dir).second) continue;
    // Copies: unit_for grows `units`.
    const std::string in_path = units[t.in].path;
    const std::string in_base = units[t.in].refs->xml_base;
    const ResolvedUris* known =
        t.of == t.in && units[t.in].resolved_root == t.root_dir
            ? units[t.in].resolved
            : nullptr;
    auto follow = [&](std::string_view uri) -> int {
      UriPath fresh;
      const UriPath* resolved = nullptr;
      if (known) {
        if (auto it = known->find(uri); it != known->end())
          resolved = &it->second;
      }
      if (!resolved) {
        fresh = vxml::ResolveUri(uri, in_path, in_base, t.root_dir);
        resolved = &fresh;
      }
      const UriPath& p = *resolved;
      if (p.kind != UriPath::Kind::kFile) return -1;
      const int v = unit_for(p.path);
      unite(t.in, v);
      tasks.push_back({v, v, t.root_dir});
      return v;
    };
    // The References themselves never move (see Unit), units[] may.
    const References& refs = *units[t.of].refs;
    for (const std::string& uri : refs.uris) follow(uri);
    if (t.of == t.in && !refs.application.empty()) {
      const int r = follow(refs.application);
      if (r >= 0 && r != t.in) tasks.push_back({r, t.in, t.root_dir});
    }
  }

  std::vector<Group> groups;
  std::unordered_map<int, std::size_t> group_of_root;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const int root = find(unit_of_input[i]);
    auto [it, fresh] = group_of_root.emplace(root, groups.size());
    if (fresh) groups.emplace_back();
    groups[it->second].inputs.push_back(static_cast<int>(i));
  }
  for (auto& [key, doc] : *prefetched) {
    groups[group_of_root.at(find(by_key.at(key)))].prefetched.push_back(key);
  }
  return groups;
}

namespace {

// Flow::key: the path below root_dir, '/'-separated ("menus/main.vxml"),
// however the directory was written; the path itself where it is not below.
std::string FlowKey(const std::string& path, const std::string& root_dir) {
  namespace fs = std::filesystem;
  const fs::path file = fs::path(path).lexically_normal();
  fs::path root =
      fs::path(root_dir.empty() ? "." : root_dir).lexically_normal();
  if (!root.has_filename() && root.has_parent_path()) {
    root = root.parent_path();  // "flows/": the trailing separator
  }
  const fs::path below = file.lexically_relative(root);
  if (below.empty() || *below.begin() == "..") return file.generic_string();
  return below.generic_string();
}

// The flows, once every application is merged: an entry per input named on
// the command line or named by no document, then one per document only a
// cycle reaches; every node goes to the first flow reaching it, else to its
// document's (see the loop at the end). `docs` and `node_doc` are in the
// merged numbering.
void MakeFlows(Fragment& out, const std::vector<const DocInfo*>& docs,
               const std::vector<int>& node_doc) {
  const std::size_t n = out.nodes.size();
  // Successors as one array (counting sort by source): the order among a
  // node's successors does not matter to who owns what.
  std::vector<std::uint32_t> first(n + 1, 0);
  for (const Fragment::EdgeDraft& e : out.edges) ++first[e.from + 1];
  std::partial_sum(first.begin(), first.end(), first.begin());
  std::vector<std::uint32_t> next(out.edges.size());
  {
    std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
    for (const Fragment::EdgeDraft& e : out.edges) next[fill[e.from]++] = e.to;
  }
  std::vector<int> owner(n, -1);
  // A subdialog callee's copies (Node::copy) and their original are one
  // element: they go to one flow, the first to reach any of them, so that
  // what is found there is reported once, as for any node several entries
  // reach. The other flows still walk through them to what follows.
  using Place = std::tuple<std::uint32_t, std::uint32_t, std::uint32_t,
                           std::string_view, NodeKind>;
  const auto place = [&](std::uint32_t v) {
    const Node& node = out.nodes[v];
    return Place{node.location.file, node.location.line, node.location.column,
                 node.id, node.kind};
  };
  std::map<Place, int> element_owner;
  for (std::size_t v = 0; v < n; ++v) {
    if (out.nodes[v].copy) element_owner.emplace(place(v), -1);
  }
  const auto take = [&](std::uint32_t v, int flow) {
    if (!element_owner.empty()) {
      if (auto it = element_owner.find(place(v)); it != element_owner.end()) {
        if (it->second < 0) it->second = flow;
        owner[v] = it->second;
        return;
      }
    }
    owner[v] = flow;
  };
  std::vector<bool> doc_reached(docs.size(), false);
  std::vector<int> doc_owner(docs.size(), -1);
  std::vector<std::uint32_t> stack;

  auto claim = [&](std::size_t d) {
    const DocInfo& doc = *docs[d];
    const int flow = static_cast<int>(out.flows.size());
    Flow f;
    f.name = out.arena.Store(doc.path);
    f.key = out.arena.Store(FlowKey(doc.path, doc.root_dir));
    f.format = Format::kVoicexml;
    f.file = static_cast<std::uint32_t>(d);
    f.start = static_cast<std::uint32_t>(doc.start);
    for (const std::string& number : doc.numbers) {
      f.numbers.push_back(out.arena.Store(number));
    }
    out.flows.push_back(f);
    // Nodes an earlier entry reaches stay with it: a finding reached from
    // several entries is reported once, in the first.
    if (owner[f.start] < 0) {
      take(f.start, flow);
      stack.push_back(f.start);
    }
    while (!stack.empty()) {
      const std::uint32_t v = stack.back();
      stack.pop_back();
      const int vd = node_doc[v];
      doc_reached[vd] = true;
      if (doc_owner[vd] < 0) doc_owner[vd] = flow;
      for (std::uint32_t i = first[v]; i < first[v + 1]; ++i) {
        const std::uint32_t w = next[i];
        if (owner[w] < 0) {
          take(w, flow);
          stack.push_back(w);
        }
      }
    }
  };
  auto runnable = [&](const DocInfo& doc) {
    return !doc.is_root && doc.start >= 0;
  };
  // A root named on the command line is where the call starts, as any
  // document loaded first (§1.5.1): its main menu was never run, and the
  // leaf it leads to was taken for the entry.
  for (std::size_t d = 0; d < docs.size(); ++d) {
    const DocInfo& doc = *docs[d];
    if (doc.input && doc.start >= 0 &&
        (doc.on_command_line || (runnable(doc) && !doc.named))) {
      claim(d);
    }
  }
  // Whether the dialogs of root r lead into a document no entry reached:
  // a root that keeps the main menu and names each leaf, each leaf naming
  // it as its root, is a cycle the call enters at the root.
  std::vector<bool> seen;
  const auto leads_on = [&](std::size_t r) {
    seen.assign(n, false);
    stack.assign(1, static_cast<std::uint32_t>(docs[r]->start));
    seen[stack.back()] = true;
    bool found = false;
    while (!stack.empty() && !found) {
      const std::uint32_t v = stack.back();
      stack.pop_back();
      const int vd = node_doc[v];
      found = vd >= 0 && static_cast<std::size_t>(vd) != r &&
              !doc_reached[vd] && runnable(*docs[vd]);
      for (std::uint32_t i = first[v]; i < first[v + 1]; ++i) {
        const std::uint32_t w = next[i];
        if (owner[w] < 0 && !seen[w]) {
          seen[w] = true;
          stack.push_back(w);
        }
      }
    }
    stack.clear();
    return found;
  };
  // Documents that only name each other in a cycle: nobody enters them from
  // outside, but they are still analysed, each cycle from its first
  // document, or from the application root whose dialogs lead into it.
  for (std::size_t d = 0; d < docs.size(); ++d) {
    const DocInfo& doc = *docs[d];
    if (!doc_reached[d] && doc.is_root && doc.start >= 0 && leads_on(d)) {
      claim(d);
    }
  }
  for (std::size_t d = 0; d < docs.size(); ++d) {
    if (!doc_reached[d] && runnable(*docs[d])) claim(d);
  }
  if (out.flows.empty()) {
    out.nodes.clear();
    out.edges.clear();
    out.transfers.clear();
    return;
  }
  for (std::size_t d = 0; d < docs.size(); ++d) {
    if (doc_owner[d] >= 0 || docs[d]->root < 0) continue;
    const int r = docs[d]->root;
    if (doc_owner[r] < 0) doc_owner[r] = -2 - static_cast<int>(d);
  }
  for (std::size_t v = 0; v < n; ++v) {
    int o = owner[v];
    if (o < 0 && !element_owner.empty()) {
      if (auto it = element_owner.find(place(static_cast<std::uint32_t>(v)));
          it != element_owner.end()) {
        o = it->second;
      }
    }
    if (o < 0) {
      o = doc_owner[node_doc[v]];
      if (o <= -2) o = doc_owner[-2 - o];
      if (o < 0) o = 0;
    }
    out.nodes[v].flow = static_cast<std::uint32_t>(o);
  }
}

}  // namespace

VoicexmlLoad Merge(std::vector<Application> apps) {
  VoicexmlLoad out;
  Fragment& merged = out.fragment;

  // Documents: inputs in input order, then each document fetched while
  // another was built, in the order they were built; then those fetched
  // while returns were wired (never built).
  struct DocRef {
    std::size_t app = 0;
    int doc = 0;
  };
  std::vector<DocRef> order;
  std::vector<std::vector<std::vector<int>>> children(apps.size());
  std::vector<std::pair<int, DocRef>> inputs;
  for (std::size_t a = 0; a < apps.size(); ++a) {
    const std::vector<Origin>& origins = apps[a].origins;
    children[a].resize(origins.size());
    for (std::size_t d = 0; d < origins.size(); ++d) {
      const Origin& o = origins[d];
      if (o.input >= 0) {
        inputs.push_back({o.input, {a, static_cast<int>(d)}});
      } else if (!o.late && o.parent >= 0) {
        children[a][o.parent].push_back(static_cast<int>(d));
      }
    }
  }
  std::sort(inputs.begin(), inputs.end(),
            [](const auto& x, const auto& y) { return x.first < y.first; });
  for (const auto& [index, ref] : inputs) order.push_back(ref);
  for (std::size_t i = 0; i < order.size(); ++i) {
    const DocRef ref = order[i];
    for (int child : children[ref.app][ref.doc])
      order.push_back({ref.app, child});
  }
  const std::size_t built = order.size();
  for (std::size_t a = 0; a < apps.size(); ++a) {
    const std::vector<Origin>& origins = apps[a].origins;
    for (std::size_t d = 0; d < origins.size(); ++d) {
      if (origins[d].late) order.push_back({a, static_cast<int>(d)});
    }
  }
  std::vector<std::vector<std::uint32_t>> file_of(apps.size());
  for (std::size_t a = 0; a < apps.size(); ++a) {
    file_of[a].resize(apps[a].origins.size());
  }
  for (std::size_t i = 0; i < order.size(); ++i) {
    file_of[order[i].app][order[i].doc] = static_cast<std::uint32_t>(i);
  }
  const int last_built = built > 0 ? static_cast<int>(built - 1) : 0;

  std::vector<int> node_doc;
  if (apps.size() == 1) {
    // One application: its order is the one pass's order already.
    Application& app = apps[0];
    merged = std::move(app.fragment);
    for (const auto& [edge, node] : app.retargets) merged.edges[edge].to = node;
    out.errors = std::move(app.errors);
    node_doc = std::move(app.node_doc);
    for (int& d : node_doc) {
      if (d == kLastBuilt) d = last_built;
    }
  } else {
    for (const DocRef& ref : order) {
      merged.files.push_back(std::move(apps[ref.app].fragment.files[ref.doc]));
    }
    auto file = [&](std::size_t a, std::uint32_t f) {
      return f < file_of[a].size() ? file_of[a][f] : f;
    };
    // Segments in the one pass's order.
    struct SegmentRef {
      int phase = 0;
      std::size_t position = 0;
      const std::string* event = nullptr;
      std::size_t app = 0;
      std::size_t index = 0;
    };
    std::vector<SegmentRef> segments;
    std::size_t nodes = 0, transfers = 0, suppressions = 0, errors = 0;
    for (std::size_t a = 0; a < apps.size(); ++a) {
      const Fragment& f = apps[a].fragment;
      nodes += f.nodes.size();
      transfers += f.transfers.size();
      suppressions += f.suppressions.size();
      errors += apps[a].errors.size();
      for (std::size_t i = 0; i < apps[a].segments.size(); ++i) {
        const Segment& s = apps[a].segments[i];
        std::size_t position = a;
        if (s.phase == Segment::kDeclareInput) {
          position = static_cast<std::size_t>(s.doc);
        } else if (s.phase != Segment::kDrainReturns) {
          position = file_of[a][s.doc];
        }
        segments.push_back({s.phase, position, &s.event, a, i});
      }
    }
    std::sort(segments.begin(), segments.end(),
              [](const SegmentRef& x, const SegmentRef& y) {
                return std::tie(x.phase, x.position, *x.event, x.app) <
                       std::tie(y.phase, y.position, *y.event, y.app);
              });
    // The merged nodes and edges grow chunk by chunk as the applications'
    // chunks are given back (below): reserved up front, both would be held
    // in full at once.
    node_doc.reserve(nodes);
    merged.transfers.reserve(transfers);
    merged.suppressions.reserve(suppressions);
    out.errors.reserve(errors);
    std::vector<std::vector<std::uint32_t>> node_of(apps.size());
    // Retargeted edges, by local index, and where each lands when merged.
    std::vector<std::unordered_map<std::size_t, std::uint32_t>> retarget(
        apps.size());
    for (std::size_t a = 0; a < apps.size(); ++a) {
      for (const auto& [edge, node] : apps[a].retargets) {
        retarget[a][edge] = node;
      }
    }
    std::vector<std::tuple<std::size_t, std::size_t, std::uint32_t>>
        pending;  // (merged edge, app, local node)
    std::vector<std::vector<bool>> copied(apps.size());
    std::vector<std::size_t> copied_prefix(apps.size(), 0);
    for (std::size_t a = 0; a < apps.size(); ++a) {
      node_of[a].resize(apps[a].fragment.nodes.size());
      copied[a].resize(apps[a].segments.size());
    }
    for (const SegmentRef& ref : segments) {
      Application& app = apps[ref.app];
      Fragment& f = app.fragment;
      const Segment& s = app.segments[ref.index];
      const Segment* previous =
          ref.index > 0 ? &app.segments[ref.index - 1] : nullptr;
      const std::size_t a = ref.app;
      for (std::size_t v = previous ? previous->nodes : 0; v < s.nodes; ++v) {
        Node node = f.nodes[v];
        node.location.file = file(a, node.location.file);
        node_of[a][v] = static_cast<std::uint32_t>(merged.nodes.size());
        merged.nodes.push_back(node);
        const int d = app.node_doc[v];
        node_doc.push_back(d == kLastBuilt ? last_built
                                           : static_cast<int>(file_of[a][d]));
      }
      for (std::size_t e = previous ? previous->edges : 0; e < s.edges; ++e) {
        Fragment::EdgeDraft draft = f.edges[e];
        draft.from = node_of[a][draft.from];
        draft.to = node_of[a][draft.to];
        if (!retarget[a].empty()) {
          if (auto it = retarget[a].find(e); it != retarget[a].end()) {
            pending.emplace_back(merged.edges.size(), a, it->second);
          }
        }
        draft.edge.location.file = file(a, draft.edge.location.file);
        merged.edges.push_back(draft);
        if (merged.edges.size() % kGiveBackEvery == 0) GiveBackFreedMemory();
      }
      for (std::size_t t = previous ? previous->transfers : 0; t < s.transfers;
           ++t) {
        Fragment::PendingTransfer transfer = f.transfers[t];
        transfer.node = node_of[a][transfer.node];
        transfer.at.file = file(a, transfer.at.file);
        merged.transfers.push_back(transfer);
      }
      for (std::size_t i = previous ? previous->suppressions : 0;
           i < s.suppressions; ++i) {
        Suppression suppression = f.suppressions[i];
        suppression.element.file = file(a, suppression.element.file);
        suppression.last_attribute.file =
            file(a, suppression.last_attribute.file);
        suppression.comment.file = file(a, suppression.comment.file);
        merged.suppressions.push_back(suppression);
      }
      for (std::size_t i = previous ? previous->errors : 0; i < s.errors; ++i) {
        out.errors.push_back(std::move(app.errors[i]));
      }
      // What lies below an application's first segment not yet copied is
      // never read again: given back, so that the merged copy and the
      // originals are not all held at once.
      copied[a][ref.index] = true;
      std::size_t& done = copied_prefix[a];
      while (done < copied[a].size() && copied[a][done]) ++done;
      if (done > 0) {
        f.nodes.ReleaseBefore(app.segments[done - 1].nodes);
        f.edges.ReleaseBefore(app.segments[done - 1].edges);
      }
    }
    for (const auto& [edge, a, node] : pending) {
      merged.edges[edge].to = node_of[a][node];
    }
    // Documents point at each other and at nodes in the merged numbering.
    for (std::size_t a = 0; a < apps.size(); ++a) {
      for (DocInfo& doc : apps[a].docs) {
        if (doc.root >= 0) doc.root = static_cast<int>(file_of[a][doc.root]);
        if (doc.start >= 0) doc.start = node_of[a][doc.start];
      }
    }
  }
  std::vector<const DocInfo*> docs;
  for (const DocRef& ref : order) docs.push_back(&apps[ref.app].docs[ref.doc]);
  MakeFlows(merged, docs, node_doc);
  if (apps.size() > 1) {
    for (Application& app : apps) {
      // Only the strings are still needed: free the rest now.
      Fragment storage;
      storage.arena = std::move(app.fragment.arena);
      app = Application();
      out.storage.push_back(std::move(storage));
    }
  }
  return out;
}

}  // namespace ivrscope::vxml
