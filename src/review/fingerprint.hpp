// Fingerprints, shared by the live report (from the model) and the json
// reader (from an earlier report): both must hash exactly the same fields.
#ifndef IVRSCOPE_SRC_REVIEW_FINGERPRINT_HPP_
#define IVRSCOPE_SRC_REVIEW_FINGERPRINT_HPP_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ivrscope {

/// 16 hex digits of a 64-bit FNV-1a hash over the fields: stable across
/// runs, platforms and versions (std::hash is none of these).
std::string HashFields(const std::vector<std::string_view>& fields);

/// rule + flow + node + the route's inputs (the `input` of each step that
/// has one).
std::string FindingFingerprint(std::string_view rule, std::string_view flow,
                               std::string_view node,
                               const std::vector<std::string>& inputs);

/// The k-th repeat (k >= 2) of a fingerprint among a report's findings is
/// rehashed with "#k", so that every fingerprint is unique. Only flows of one
/// name can share one (the name is hashed): two files that each name their
/// flow "main" are told apart by their order.
void MakeUnique(std::vector<std::string*> fingerprints);

/// What pairing looks at of a finding: its fingerprint before MakeUnique,
/// then, to tell apart findings sharing one, its message and place.
struct PairKey {
  std::string_view fingerprint;
  std::string_view message;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

struct Report;
/// A report's findings, flow after flow (the order of Report::fingerprints).
std::vector<PairKey> PairKeys(const Report& report);
/// The same with each fingerprint hashing the flow's name for its key, as
/// reports did before flows had keys (a VoiceXML flow's name is its path as
/// given); `storage` holds them.
std::vector<PairKey> PairKeysByName(const Report& report,
                                    std::vector<std::string>* storage);

/// Pairs each finding of `now` with one of `before` of the same fingerprint:
/// first those of the same message and place, then of the same message, then
/// any (first come, first paired). Findings sharing a fingerprint are found
/// at one node by one route, so an order-only match would name the wrong one
/// fixed when the first of two goes. Returns per entry of `now` whether it
/// found a pair; `before_paired` gets the same per entry of `before`.
std::vector<bool> PairFindings(const std::vector<PairKey>& now,
                               const std::vector<PairKey>& before,
                               std::vector<bool>* before_paired);

}  // namespace ivrscope

#endif  // IVRSCOPE_SRC_REVIEW_FINGERPRINT_HPP_
