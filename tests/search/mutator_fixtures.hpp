// Shared by the built-in proposer's tests: the cache interface as a candidate sees it, and the
// verifier run as the pipeline runs it, so a child that the sandbox would refuse fails a test.
#pragma once

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "evaluators/cache/interfaces.hpp"
#include "sandbox/source.hpp"
#include "sandbox/verifier.hpp"

namespace crucible::search::proposers::testing {

inline constexpr const char* kEntry = "crucible_cache_priority";

inline std::vector<sandbox::HeaderFile> cache_headers() {
  std::ifstream in(std::string(CRUCIBLE_SOURCE_DIR) + "/interfaces/cache.h");
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  return {{"cache.h", text.str()}};
}

inline bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// The verifier's findings on `source` as a rank policy; empty when it is accepted.
inline std::string rank_verifier_findings(const std::string& source) {
  const auto interfaces = evaluators::cache::cache_interfaces();
  const evaluators::PolicyInterface& rank = interfaces.front();
  sandbox::CandidateSource candidate;
  candidate.text = source;
  for (const auto& header : rank.headers) candidate.headers.push_back({header.name, header.text});
  candidate.entry_symbol = rank.entry_symbol;
  candidate.rules.allowed_headers = rank.allowances.headers;
  candidate.rules.allowed_functions = rank.allowances.functions;
  candidate.rules.allowed_types = rank.allowances.types;
  candidate.rules.allows_heap = rank.allowances.allows_heap;
  const sandbox::VerifyOutcome outcome = sandbox::verify(candidate);
  if (outcome.status == sandbox::Status::kOk) return {};
  return std::string(sandbox::status_name(outcome.status)) + ": " +
         sandbox::format_diagnostics(outcome.diagnostics);
}

}  // namespace crucible::search::proposers::testing
