// Every seed of both cache interfaces through the real sandbox (verify, compile, isolated run),
// with its mechanism, on a synthetic trace; a candidate that uses every helper; and what the
// verifier still refuses with the helpers and the heap allowed.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "evaluators/cache/baselines/baselines.hpp"
#include "evaluators/cache/interfaces.hpp"
#include "evaluators/cache/policy_runner.hpp"
#include "evaluators/domain.hpp"
#include "rank_test_support.hpp"
#include "sandbox/pipeline.hpp"

namespace {

namespace cache = crucible::evaluators::cache;
using crucible::sandbox::ChildReply;
using crucible::sandbox::Status;

const crucible::evaluators::PolicyInterface& interface_named(const std::string& name) {
  static const auto interfaces = cache::cache_interfaces();
  for (const auto& interface : interfaces) {
    if (interface.name == name) return interface;
  }
  FAIL("no cache interface named " << name);
  return interfaces.front();
}

const crucible::traces::Trace& trace() {
  static const auto sized = crucible::testing::sized_synthetic(60'000, 6'000);
  return sized;
}

// The candidate against `interface`, run in the sandbox under `spec`; the payload is the
// counted misses and the miss ratio.
crucible::sandbox::JobResult run_in_sandbox(const std::string& interface_name, std::string source,
                                            const cache::PolicySpec& spec,
                                            const cache::CacheConfig& config,
                                            const crucible::traces::Trace* on = &trace()) {
  const auto& interface = interface_named(interface_name);
  crucible::sandbox::Job job;
  job.candidate.text = std::move(source);
  for (const auto& header : interface.headers) {
    job.candidate.headers.push_back({header.name, header.text});
  }
  job.candidate.entry_symbol = interface.entry_symbol;
  job.candidate.rules.allowed_headers = interface.allowances.headers;
  job.candidate.rules.allowed_functions = interface.allowances.functions;
  job.candidate.rules.allowed_types = interface.allowances.types;
  job.candidate.rules.allows_heap = interface.allowances.allows_heap;
  job.body = [spec, config, on](void* entry) -> ChildReply {
    try {
      auto result = cache::simulate_candidate(on->requests, config, spec, entry);
      return {ChildReply::Kind::kResult, std::to_string(result.misses())};
    } catch (const crucible::evaluators::InvalidDecision& error) {
      return {ChildReply::Kind::kInvalid, error.what()};
    }
  };
  return crucible::sandbox::run_job(std::move(job), crucible::sandbox::PipelineOptions{});
}

uint64_t misses_of(const crucible::sandbox::JobResult& result) {
  INFO("status " << crucible::sandbox::status_name(result.status) << ": " << result.diagnostics);
  REQUIRE(result.status == Status::kOk);
  return std::stoull(result.payload);
}

cache::PolicySpec rank_spec(cache::RankMechanismKind mechanism) {
  cache::PolicySpec spec;
  spec.mechanism = mechanism;
  return spec;
}

}  // namespace

TEST_SUITE("evaluators.cache") {
  TEST_CASE("every seed runs in the sandbox with sensible miss ratios") {
    const cache::CacheConfig config{600, false, trace().objects(), 0};
    const uint64_t lru = cache::run_lru(trace().requests, config).misses();
    const uint64_t optimal = cache::run_belady(trace().requests, config).misses();
    const uint64_t all = trace().requests.size();
    for (auto mechanism : {cache::RankMechanismKind::kLazy, cache::RankMechanismKind::kSampled}) {
      for (const auto& seed : interface_named("rank").seeds) {
        INFO("rank seed " << seed.name << (mechanism == cache::RankMechanismKind::kLazy
                                              ? " (lazy)" : " (sampled)"));
        uint64_t misses = misses_of(run_in_sandbox("rank", seed.source, rank_spec(mechanism),
                                                   config));
        CHECK(misses >= optimal);
        CHECK(misses < all);
        if (seed.name == "lru" && mechanism == cache::RankMechanismKind::kLazy) {
          CHECK(misses == lru);
        }
        MESSAGE(seed.name << ": miss ratio " << static_cast<double>(misses) / all);
      }
    }
    cache::PolicySpec hooks;
    hooks.interface = cache::PolicyForm::kHooks;
    for (const auto& seed : interface_named("hooks").seeds) {
      INFO("hooks seed " << seed.name);
      CHECK(misses_of(run_in_sandbox("hooks", seed.source, hooks, config)) == lru);
      auto bytes = config;
      bytes.is_bytes = true;
      bytes.capacity = 30'000;
      CHECK(misses_of(run_in_sandbox("hooks", seed.source, hooks, bytes)) ==
            crucible::testing::run_reference(trace(), bytes, true).misses());
    }
  }

  TEST_CASE("the irr seed keeps a reused set through a scan that flushes LRU") {
    // 300 hot objects requested in turn (a reuse gap of 300 requests, inside a 400-object
    // cache's reach once the cache is full), with a burst of 500 objects never seen again after
    // every fourth round: LRU loses the whole hot set to each burst; irr, by the reuse gaps it
    // saw, keeps it.
    crucible::traces::TraceBuilder builder;
    uint64_t fresh = 1'000'000;
    uint64_t time = 0;
    for (int round = 0; round < 40; ++round) {
      for (uint64_t id = 0; id < 300; ++id) builder.add({id, 1, time++});
      if (round % 4 == 3) {
        for (int i = 0; i < 500; ++i) builder.add({fresh++, 1, time++});
      }
    }
    const crucible::traces::Trace scans = builder.finish();
    const cache::CacheConfig config{400, false, scans.objects(), 0};
    const uint64_t lru = cache::run_lru(scans.requests, config).misses();
    const uint64_t bursts = 10 * 500;
    CHECK(lru == 300 + bursts + 9 * 300);  // cold, every burst object, the hot set after 9 bursts
    const crucible::evaluators::NamedSource* irr = nullptr;
    for (const auto& seed : interface_named("rank").seeds) {
      if (seed.name == "irr") irr = &seed;
    }
    REQUIRE(irr != nullptr);
    const uint64_t misses = misses_of(
        run_in_sandbox("rank", irr->source, rank_spec(cache::RankMechanismKind::kLazy), config,
                       &scans));
    // Cold misses, the bursts, and the hot set once: before the first burst no resident is older
    // than the hot set's reuse gap, so the reach does not yet cover it.
    CHECK(misses == 300 + bursts + 300);
  }

  TEST_CASE("a rank candidate may call every helper, in the sandbox child") {
    const char* source = R"(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double size_rank = crucible_cache_rank(state, CRUCIBLE_SIZE, (double)obj->size);
  double median_age = crucible_cache_percentile(state, CRUCIBLE_AGE, 0.5);
  double recent = (double)crucible_cache_recent_requests(state, obj->id);
  int ghost = crucible_cache_ghost_contains(state, obj->id, state->occupancy);
  double direct = state->helpers->percentile(state, CRUCIBLE_FREQUENCY, 0.9);
  return (double)obj->last_access + recent + ghost - size_rank + 0 * (median_age + direct) +
         state->miss_ratio_ewma[1] + state->size_ewma[0] * 0;
}
)";
    const cache::CacheConfig config{600, false, trace().objects(), 0};
    for (auto mechanism : {cache::RankMechanismKind::kLazy, cache::RankMechanismKind::kSampled}) {
      auto misses = misses_of(run_in_sandbox("rank", source, rank_spec(mechanism), config));
      CHECK(misses > 0);
      CHECK(misses < trace().requests.size());
    }
  }

  TEST_CASE("with helpers and the heap allowed, the verifier still refuses the rest") {
    const cache::CacheConfig config{600, false, trace().objects(), 0};
    auto rejected = [&](const std::string& interface, const std::string& source,
                        const std::string& why) {
      cache::PolicySpec spec;
      spec.interface = interface == "rank" ? cache::PolicyForm::kRank : cache::PolicyForm::kHooks;
      auto result = run_in_sandbox(interface, source, spec, config);
      INFO(interface << " candidate:\n" << source << "\ndiagnostics: " << result.diagnostics);
      CHECK(result.status == Status::kRejected);
      CHECK(result.diagnostics.find(why) != std::string::npos);
    };
    rejected("rank",
             "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
             "  double* p = new double(1.0); return *p; }\n",
             "heap");
    rejected("hooks",
             "#include <cstdlib>\nstruct CacheHooksPolicy { int x; };\n"
             "void crucible_cache_hooks(CacheHooks* out) { std::malloc(8); }\n",
             "not allowed");
    rejected("hooks",
             "#include <vector>\nstruct CacheHooksPolicy { std::vector<int> v; };\n"
             "static int peek(CacheHooksPolicy* p) { return *p->v.data(); }\n"
             "void crucible_cache_hooks(CacheHooks* out) {}\n",
             "position");
  }

  TEST_CASE("a hooks candidate's bad victim comes back as invalid_decision") {
    const char* source = R"(
struct CacheHooksPolicy { int unused; };
static CacheHooksPolicy* init(uint64_t, int, uint64_t) { return new CacheHooksPolicy{0}; }
static void hit(CacheHooksPolicy*, const CacheObject*, const CacheState*) {}
static void miss(CacheHooksPolicy*, const CacheObject*, const CacheState*) {}
static uint64_t victim(CacheHooksPolicy*, const CacheState*) { return CRUCIBLE_NO_OBJECT; }
static void evict(CacheHooksPolicy*, const CacheObject*, const CacheState*) {}
static void release(CacheHooksPolicy* p) { delete p; }
void crucible_cache_hooks(CacheHooks* out) {
  out->init = init; out->on_hit = hit; out->on_miss = miss;
  out->choose_victim = victim; out->on_evict = evict; out->free = release;
}
)";
    cache::PolicySpec spec;
    spec.interface = cache::PolicyForm::kHooks;
    auto result = run_in_sandbox("hooks", source, spec, {600, false, trace().objects(), 0});
    CHECK(result.status == Status::kInvalidDecision);
    CHECK(result.diagnostics.find("CRUCIBLE_NO_OBJECT") != std::string::npos);
  }
}
