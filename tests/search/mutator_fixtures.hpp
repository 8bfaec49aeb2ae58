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

// The cache domain's policy interface of that name ("rank" or "hooks").
inline evaluators::PolicyInterface cache_interface(std::string_view name) {
  for (auto& interface : evaluators::cache::cache_interfaces()) {
    if (interface.name == name) return interface;
  }
  FAIL("no cache interface " << name);
  return {};
}

inline std::vector<sandbox::HeaderFile> headers_of(const evaluators::PolicyInterface& interface) {
  std::vector<sandbox::HeaderFile> headers;
  for (const auto& header : interface.headers) headers.push_back({header.name, header.text});
  return headers;
}

// The verifier's findings on `source` as a policy of that interface; empty when it is accepted.
inline std::string verifier_findings(const std::string& source, std::string_view interface_name) {
  const evaluators::PolicyInterface interface = cache_interface(interface_name);
  sandbox::CandidateSource candidate;
  candidate.text = source;
  candidate.headers = headers_of(interface);
  candidate.entry_symbol = interface.entry_symbol;
  candidate.rules.allowed_headers = interface.allowances.headers;
  candidate.rules.allowed_functions = interface.allowances.functions;
  candidate.rules.allowed_types = interface.allowances.types;
  candidate.rules.allows_heap = interface.allowances.allows_heap;
  const sandbox::VerifyOutcome outcome = sandbox::verify(candidate);
  if (outcome.status == sandbox::Status::kOk) return {};
  return std::string(sandbox::status_name(outcome.status)) + ": " +
         sandbox::format_diagnostics(outcome.diagnostics);
}

inline std::string rank_verifier_findings(const std::string& source) {
  return verifier_findings(source, "rank");
}

}  // namespace crucible::search::proposers::testing
