// Fingerprints of findings: what identifies "the same problem" across edits.
#include "review/fingerprint.hpp"

#include <cstdint>
#include <unordered_map>

#include "ivrscope/review.hpp"
#include "reporters/utf8.hpp"

namespace ivrscope {

std::string HashFields(const std::vector<std::string_view>& fields) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  const auto mix = [&](unsigned char c) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  };
  for (std::string_view field : fields) {
    for (char c : field) mix(static_cast<unsigned char>(c));
    mix(0x1f);  // unit separator: ("ab","c") and ("a","bc") differ
  }
  static const char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i) {
    out[static_cast<std::size_t>(i)] = kHex[hash & 0xF];
    hash >>= 4;
  }
  return out;
}

std::string FindingFingerprint(std::string_view rule, std::string_view flow,
                               std::string_view node,
                               const std::vector<std::string>& inputs) {
  std::vector<std::string_view> fields = {"ivrscope/1", rule, flow, node};
  for (const std::string& input : inputs) fields.push_back(input);
  // Hashed as a json report gives them back, where invalid UTF-8 is U+FFFD:
  // else a flow whose path holds a stray byte never matched its baseline.
  std::vector<std::string> repaired;
  repaired.reserve(fields.size());
  for (std::string_view& field : fields) {
    if (!IsValidUtf8(field)) field = repaired.emplace_back(ValidUtf8(field));
  }
  return HashFields(fields);
}

void MakeUnique(std::vector<std::string*> fingerprints) {
  std::unordered_map<std::string, int> seen;
  for (std::string* fp : fingerprints) {
    const int k = ++seen[*fp];
    if (k > 1) *fp = HashFields({*fp, "#" + std::to_string(k)});
  }
}

namespace {

// The pairing key at one level of detail: 0 every field, 1 without the
// place, 2 the fingerprint alone.
std::string DetailKey(const PairKey& key, int level) {
  std::string out(key.fingerprint);
  if (level >= 2) return out;
  out += '\x1f';
  out += key.message;
  if (level >= 1) return out;
  out += '\x1f' + std::to_string(key.line) + ':' + std::to_string(key.column);
  return out;
}

}  // namespace

std::vector<bool> PairFindings(const std::vector<PairKey>& now,
                               const std::vector<PairKey>& before,
                               std::vector<bool>* before_paired) {
  before_paired->assign(before.size(), false);
  std::vector<bool> paired(now.size(), false);
  for (int level = 0; level <= 2; ++level) {
    std::unordered_map<std::string, std::vector<std::size_t>> open;
    for (std::size_t i = before.size(); i-- > 0;) {
      if (!(*before_paired)[i]) open[DetailKey(before[i], level)].push_back(i);
    }
    for (std::size_t i = 0; i < now.size(); ++i) {
      if (paired[i]) continue;
      auto it = open.find(DetailKey(now[i], level));
      if (it == open.end() || it->second.empty()) continue;
      (*before_paired)[it->second.back()] = true;
      it->second.pop_back();
      paired[i] = true;
    }
  }
  return paired;
}

std::vector<PairKey> PairKeys(const Report& report) {
  std::vector<PairKey> keys;
  for (std::size_t i = 0; i < report.shared_fingerprints.size(); ++i) {
    const std::vector<Finding>& findings = report.flows[i].findings;
    for (std::size_t k = 0; k < findings.size(); ++k) {
      const Finding& f = findings[k];
      keys.push_back({report.shared_fingerprints[i][k], f.message,
                      f.location.line, f.location.column});
    }
  }
  return keys;
}

namespace {

std::string FingerprintOf(const Program& program, std::size_t flow,
                          const Finding& f, bool by_name = false) {
  // Only the inputs a json report can give back: an automatic step's is
  // null there, like the last step's, so it is no input here either (the
  // baseline reader rebuilds this list from that report).
  std::vector<std::string> inputs;
  for (const RouteStep& step : f.route) {
    if (!step.via) continue;
    std::string input = RouteInput(program, *step.via);
    if (!input.empty()) inputs.push_back(std::move(input));
  }
  const Flow& named = program.flows[flow];
  return FindingFingerprint(f.rule, by_name ? named.name : named.key,
                            program.node(f.node).id, inputs);
}

}  // namespace

void AddFingerprints(Report* report) {
  const Program& program = *report->program;
  report->fingerprints.assign(report->flows.size(), {});
  report->shared_fingerprints.assign(report->flows.size(), {});
  report->suppressed_fingerprints.assign(report->flows.size(), {});
  std::vector<std::string*> all;
  std::vector<std::string*> all_silenced;
  for (std::size_t i = 0; i < report->flows.size(); ++i) {
    std::vector<std::string>& out = report->fingerprints[i];
    for (const Finding& f : report->flows[i].findings) {
      out.push_back(FingerprintOf(program, i, f));
    }
    report->shared_fingerprints[i] = out;
    for (std::string& fp : out) all.push_back(&fp);
    std::vector<std::string>& silenced = report->suppressed_fingerprints[i];
    for (const SuppressedFinding& s : report->flows[i].suppressed) {
      silenced.push_back(FingerprintOf(program, i, s.finding));
    }
    for (std::string& fp : silenced) all_silenced.push_back(&fp);
  }
  MakeUnique(std::move(all));
  MakeUnique(std::move(all_silenced));
}

std::vector<PairKey> PairKeysByName(const Report& report,
                                    std::vector<std::string>* storage) {
  const Program& program = *report.program;
  storage->clear();
  for (std::size_t i = 0; i < report.flows.size(); ++i) {
    for (const Finding& f : report.flows[i].findings) {
      storage->push_back(FingerprintOf(program, i, f, true));
    }
  }
  std::vector<PairKey> keys = PairKeys(report);
  for (std::size_t k = 0; k < keys.size(); ++k) {
    keys[k].fingerprint = (*storage)[k];
  }
  return keys;
}

}  // namespace ivrscope
