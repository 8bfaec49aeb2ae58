#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "sandbox/clang_parse.hpp"
#include "search/mutator_fixtures.hpp"
#include "search/proposers/builtin/ast_mutator.hpp"
#include "search/proposers/builtin/builtin_proposer.hpp"
#include "search/proposers/builtin/mutation_sites.hpp"

namespace crucible::search::proposers {
namespace {

using testing::cache_headers;
using testing::contains;
using testing::kEntry;
using testing::rank_verifier_findings;

constexpr const char* kParent =
    "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
    "  double age = (double)(state->now - obj->last_access);\n"
    "  return (double)obj->access_count - age * 0.001;\n"
    "}\n";

// Other parameter names, a library call, and a local that must not travel.
constexpr const char* kDonor =
    "#include <cmath>\n"
    "double crucible_cache_priority(const CacheObject* o, const CacheState* s) {\n"
    "  double bias = 2.0;\n"
    "  return std::log1p((double)o->total_requests) / ((double)o->size + bias);\n"
    "}\n";

std::optional<Mutation> cross_with_seed(std::string_view parent, std::string_view donor,
                                        std::uint64_t seed) {
  const AstMutator mutator(cache_headers(), kEntry);
  std::mt19937_64 rng(seed);
  return mutator.crossover(parent, donor, rng);
}

ProposalRequest request_with_inspiration(std::string donor_source) {
  ProposalRequest request;
  request.parent = {1, kParent, 0.5, "ok", ""};
  request.inspirations = {{7, std::move(donor_source), 0.4, "ok", ""}};
  return request;
}

}  // namespace

TEST_SUITE("search") {
  TEST_CASE("Donor expressions that read a local of the donor are not taken") {
    sandbox::ParsedSource parsed = sandbox::parse_source(kDonor, cache_headers());
    REQUIRE(parsed.is_ok());
    const MutationSites sites = collect_mutation_sites(*parsed.ast, cache_headers());
    std::set<std::string> portable;
    for (const ExpressionSite& site : sites.expressions) {
      if (site.is_portable) portable.insert(site.text);
      if (site.text == "(double)o->size") {
        CHECK(site.parameters == std::vector<std::string>{"o", "s"});
        REQUIRE(site.parameter_uses.size() == 1);
        CHECK(site.parameter_uses[0].offset == 8);
        CHECK(site.parameter_uses[0].length == 1);
        CHECK(site.parameter_uses[0].index == 0);
      }
    }
    CHECK(portable == std::set<std::string>{"std::log1p((double)o->total_requests)",
                                            "(double)o->total_requests", "o->total_requests",
                                            "(double)o->size", "o->size"});
  }

  TEST_CASE("Crossover puts donor code into the parent with the parent's parameter names") {
    std::set<std::string> children;
    for (std::uint64_t seed = 0; seed < 10; ++seed) {
      const auto child = cross_with_seed(kParent, kDonor, seed);
      if (!child) continue;
      CAPTURE(child->source);
      CHECK(child->source != kParent);
      CHECK(child->description.starts_with("donor "));
      CHECK(contains(child->description, " for "));
      CHECK(rank_verifier_findings(child->source).empty());
      // Donor-only code arrives renamed: o->total_requests or o->size, now read through obj.
      CHECK(
          (contains(child->source, "obj->total_requests") || contains(child->source, "obj->size")));
      CHECK_FALSE(contains(child->source, "bias"));
      if (contains(child->source, "std::log1p"))
        CHECK(contains(child->source, "#include <cmath>\n"));
      children.insert(child->source);
    }
    CHECK(children.size() > 3);
  }

  TEST_CASE("Crossover is deterministic and needs two parsing candidates") {
    for (std::uint64_t seed = 0; seed < 4; ++seed) {
      const auto first = cross_with_seed(kParent, kDonor, seed);
      const auto second = cross_with_seed(kParent, kDonor, seed);
      REQUIRE(first.has_value() == second.has_value());
      if (!first) continue;
      CHECK(first->source == second->source);
      CHECK(first->description == second->description);
    }
    CHECK_FALSE(cross_with_seed(kParent, "double crucible_cache_priority(", 1).has_value());
    CHECK_FALSE(cross_with_seed("int x = ;", kDonor, 1).has_value());
  }

  TEST_CASE("The built-in proposer crosses with an inspiration at its crossover rate") {
    BuiltinProposer always(cache_headers(), kEntry, 2, 1.0);
    BuiltinProposer never(cache_headers(), kEntry, 2, 0.0);
    CHECK(always.name() == "builtin");
    int crossovers = 0;
    for (std::uint64_t seed = 0; seed < 4; ++seed) {
      std::mt19937_64 rng(seed);
      const auto crossed = always.propose(request_with_inspiration(kDonor), rng);
      REQUIRE(crossed.has_value());
      CAPTURE(crossed->origin);
      if (crossed->origin.starts_with("crossover: donor ")) {
        ++crossovers;
        CHECK(crossed->donors == std::vector<int64_t>{7});
      } else {
        // The crossover found nothing that type-checks: a mutation instead.
        CHECK(crossed->origin.starts_with("mutation: "));
        CHECK(crossed->donors.empty());
      }
      std::mt19937_64 again(seed);
      CHECK(always.propose(request_with_inspiration(kDonor), again)->source == crossed->source);
      std::mt19937_64 other(seed);
      const auto mutated = never.propose(request_with_inspiration(kDonor), other);
      REQUIRE(mutated.has_value());
      CHECK(mutated->origin.starts_with("mutation: "));
      CHECK(mutated->donors.empty());
    }
    CHECK(crossovers >= 3);
  }

  TEST_CASE("Without a usable inspiration the proposer mutates") {
    BuiltinProposer always(cache_headers(), kEntry, 2, 1.0);
    for (std::uint64_t seed = 0; seed < 4; ++seed) {
      std::mt19937_64 rng(seed);
      ProposalRequest alone;
      alone.parent = {1, kParent, 0.5, "ok", ""};
      const auto child = always.propose(alone, rng);
      REQUIRE(child.has_value());
      CHECK(child->origin.starts_with("mutation: "));
      const auto broken = always.propose(request_with_inspiration("double f( {"), rng);
      REQUIRE(broken.has_value());
      CHECK(broken->origin.starts_with("mutation: "));
      CHECK(broken->donors.empty());
    }
  }

  TEST_CASE("A crossover rate outside 0 to 1 is refused with its value") {
    for (const double rate : {-0.1, 1.5, std::nan("")}) {
      CAPTURE(rate);
      try {
        BuiltinProposer proposer(cache_headers(), kEntry, 2, rate);
        FAIL("accepted");
      } catch (const std::invalid_argument& error) {
        CHECK(contains(error.what(), "crossover_rate"));
      }
    }
  }
}

}  // namespace crucible::search::proposers
