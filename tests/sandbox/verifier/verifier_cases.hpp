// Shared by the verifier's check tests: a snippet becomes a candidate of the real cache domain (its
// interface header and its allowances), goes through sandbox::verify, and the verdict is asserted
// with the check's name and the line it must point at. Each snippet is verified twice, with the
// headers force-included and with the domain's precompiled prelude as the pipeline does, and both
// verdicts must hold.
#pragma once

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "evaluators/registry.hpp"
#include "sandbox/compiler.hpp"
#include "sandbox/prelude.hpp"
#include "sandbox/verifier.hpp"
#include "search/candidate_eval.hpp"

namespace crucible::testing {

// Snippets are raw strings that open with a newline, so that their first written line is line 1.
inline std::string snippet(std::string_view text) {
  if (!text.empty() && text.front() == '\n') text.remove_prefix(1);
  return std::string(text);
}

inline sandbox::CandidateSource cache_candidate(std::string text) {
  return search::make_candidate(evaluators::find_interface(evaluators::find_domain("cache"), "rank"),
                                std::move(text));
}

// True when a diagnostic of `check` ("check: reason") sits on `line`.
inline bool has_finding(const sandbox::VerifyOutcome& outcome, std::string_view check,
                        unsigned line) {
  std::string prefix = std::string(check) + ": ";
  for (const auto& diagnostic : outcome.diagnostics) {
    if (diagnostic.line == line && diagnostic.message.starts_with(prefix)) return true;
  }
  return false;
}

// The verdicts without and with the prelude, each with its name. The prelude is built once per
// process; where it cannot be built, only the first verdict is given.
inline std::vector<std::pair<std::string, sandbox::VerifyOutcome>> verify_both_ways(
    const std::string& text) {
  auto candidate = cache_candidate(text);
  std::vector<std::pair<std::string, sandbox::VerifyOutcome>> verdicts;
  verdicts.emplace_back("headers force-included", sandbox::verify(candidate));
  auto prelude = sandbox::Prelude::for_candidate(candidate, sandbox::CompilerOptions{});
  if (prelude == nullptr) {
    MESSAGE("skipped the precompiled-prelude verdict: the prelude could not be built");
  } else {
    verdicts.emplace_back("precompiled prelude",
                          sandbox::verify(candidate, prelude->pch().string()));
  }
  return verdicts;
}

// The candidate is refused, and `check` says so on `line`.
inline void check_rejected_source(const std::string& text, std::string_view check, unsigned line) {
  for (const auto& [how, outcome] : verify_both_ways(text)) {
    INFO("snippet:\n" << text);
    INFO("status " << sandbox::status_name(outcome.status) << " (" << how << "), diagnostics:\n"
                   << sandbox::format_diagnostics(outcome.diagnostics));
    INFO("expected " << check << " on line " << line);
    CHECK(outcome.status == sandbox::Status::kRejected);
    CHECK(has_finding(outcome, check, line));
  }
}

inline void check_rejected(std::string_view text, std::string_view check, unsigned line) {
  check_rejected_source(snippet(text), check, line);
}

// The candidate passes every check.
inline void check_accepted_source(const std::string& text) {
  for (const auto& [how, outcome] : verify_both_ways(text)) {
    INFO("snippet:\n" << text);
    INFO("status " << sandbox::status_name(outcome.status) << " (" << how << "), diagnostics:\n"
                   << sandbox::format_diagnostics(outcome.diagnostics));
    CHECK(outcome.status == sandbox::Status::kOk);
    CHECK(outcome.diagnostics.empty());
  }
}

inline void check_accepted(std::string_view text) { check_accepted_source(snippet(text)); }

}  // namespace crucible::testing
