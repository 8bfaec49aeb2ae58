// The score is the parent's: a candidate's child sends back only its decisions, which the parent
// replays on its own simulator (every figure comes from there, and an impossible decision is
// invalid_decision); and the causality check, which runs a candidate again on inputs altered
// after a change point and refuses one whose earlier decisions changed. Policies here are
// native functions, given what a hostile candidate could reach only by breaking the verifier:
// the trace itself, or memory kept from one instance to the next.
#include <doctest/doctest.h>

#include <deque>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "cache_hooks.h"
#include "evaluators/cache/policy_runner.hpp"
#include "evaluators/cache/workload.hpp"
#include "evaluators/decision_records.hpp"
#include "evaluators/registry.hpp"
#include "evaluators/tiering/mechanisms.hpp"
#include "evaluators/tiering/workload.hpp"
#include "sandbox/pipeline.hpp"
#include "search/candidate_eval.hpp"

namespace {

namespace cache = crucible::evaluators::cache;
namespace tiering = crucible::evaluators::tiering;
using crucible::evaluators::DecisionRecords;
using crucible::evaluators::InvalidDecision;
using crucible::sandbox::Status;

// ---- policies -------------------------------------------------------------------------------

extern "C" double replay_lru(const CacheObject* obj, const CacheState*) {
  return static_cast<double>(obj->last_access);
}

// What a future-reading policy was handed: the requests of the run it is in.
std::span<const crucible::traces::Request> g_future;

// Belady through the trace: the object whose next request is farthest goes first.
extern "C" double replay_oracle(const CacheObject* obj, const CacheState*) {
  const uint32_t next = g_future[obj->last_access].next;
  return -static_cast<double>(next);
}

// Learns the request sequence honestly on the first instance it plays (from the calls it gets)
// and, on a later one of the same trace, plays Belady from what it learned: the future of the
// later instance is the past of the earlier.
std::vector<uint64_t> g_learned;
uint64_t g_first_capacity = 0;
extern "C" double replay_learner(const CacheObject* obj, const CacheState* state) {
  if (g_first_capacity == 0) g_first_capacity = state->capacity;
  if (state->capacity == g_first_capacity) {
    if (g_learned.size() <= state->now) g_learned.resize(state->now + 1, UINT64_MAX);
    g_learned[state->now] = obj->id;
    return static_cast<double>(obj->last_access);
  }
  for (uint64_t t = state->now + 1; t < g_learned.size(); ++t) {
    if (g_learned[t] == obj->id) return -static_cast<double>(t);
  }
  return -1e18;
}

// FIFO through the hooks interface, its state a plain deque.
struct FifoState {
  std::deque<uint64_t> order;
};
FifoState* state_of(CacheHooksPolicy* policy) { return reinterpret_cast<FifoState*>(policy); }
CacheHooksPolicy* fifo_init(uint64_t, int, uint64_t) {
  return reinterpret_cast<CacheHooksPolicy*>(new FifoState);
}
void fifo_hit(CacheHooksPolicy*, const CacheObject*, const CacheState*) {}
void fifo_miss(CacheHooksPolicy* policy, const CacheObject* obj, const CacheState*) {
  state_of(policy)->order.push_back(obj->id);
}
uint64_t fifo_victim(CacheHooksPolicy* policy, const CacheState*) {
  return state_of(policy)->order.front();
}
void fifo_evict(CacheHooksPolicy* policy, const CacheObject*, const CacheState*) {
  state_of(policy)->order.pop_front();
}
void fifo_free(CacheHooksPolicy* policy) { delete state_of(policy); }
extern "C" void replay_fifo_hooks(CacheHooks* out) {
  *out = {fifo_init, fifo_hit, fifo_miss, fifo_victim, fifo_evict, fifo_free};
}

extern "C" double tier_recent(const TierPage* page, const TierState*) {
  return static_cast<double>(page->recent[0]) + 0.5 * static_cast<double>(page->recent[1]);
}

// What a future-reading tiering policy was handed: the accesses and epoch length of its run.
std::span<const crucible::traces::PageAccess> g_pages_future;
uint64_t g_epoch_length = 1;
// Scores a page by its accesses in the next epoch, read off the trace.
extern "C" double tier_oracle(const TierPage* page, const TierState* state) {
  if (g_pages_future.empty()) return 0;
  const uint64_t begin = g_pages_future.front().time + (state->epoch + 1) * g_epoch_length;
  const uint64_t end = begin + g_epoch_length;
  double count = 0;
  for (const auto& access : g_pages_future) {
    if (access.time >= begin && access.time < end && access.page == page->id) count += 1;
  }
  return count - 0.5;
}

// ---- workloads ------------------------------------------------------------------------------

const crucible::evaluators::Domain& domain_named(const char* name) {
  return crucible::evaluators::find_domain(name);
}

// A Zipf-like synthetic trace at two sizes; `policy` picks the interface and mechanism.
std::unique_ptr<crucible::evaluators::Workload> cache_workload(
    nlohmann::json policy, std::string capacity = "objects",
    nlohmann::json sizes = nlohmann::json{"5%", "20%"}) {
  nlohmann::json spec = {
      {"traces", {{{"synthetic", {{"requests", 30'000}, {"objects", 3'000}}}}}},
      {"sizes", std::move(sizes)},
      {"capacity", capacity},
      {"policy", std::move(policy)}};
  return domain_named("cache").load_workload(spec, ".");
}

const cache::CacheWorkload& as_cache(const crucible::evaluators::Workload& workload) {
  return dynamic_cast<const cache::CacheWorkload&>(workload);
}

std::unique_ptr<crucible::evaluators::Workload> tier_workload() {
  nlohmann::json spec = {
      {"traces",
       {{{"synthetic",
          {{"kind", "gups"}, {"accesses", 60'000}, {"pages", 1'500}, {"hot_pages", 150},
           {"shift_every", 15'000}}}}}},
      {"sizes", {"10%", "30%"}},
      {"epoch", 2'000}};
  return domain_named("tiering").load_workload(spec, ".");
}

// A record with its last victim word removed, one appended, or one replaced.
std::string without_last_word(std::string record) { return record.substr(0, record.size() - 4); }

}  // namespace

TEST_SUITE("sandbox") {
  TEST_CASE("a cache candidate's replayed victims give exactly the figures of its own simulation") {
    struct Form {
      nlohmann::json policy;
      void* entry;
    };
    const Form forms[] = {
        {{{"interface", "rank"}}, reinterpret_cast<void*>(&replay_lru)},
        {{{"interface", "rank"}, {"mechanism", "sampled"}, {"sample", 8}, {"seed", 3}},
         reinterpret_cast<void*>(&replay_lru)},
        {{{"interface", "hooks"}}, reinterpret_cast<void*>(&replay_fifo_hooks)},
    };
    for (const auto& form : forms) {
      for (const std::string capacity : {"objects", "bytes"}) {
        CAPTURE(form.policy.dump());
        CAPTURE(capacity);
        auto workload = cache_workload(form.policy, capacity);
        const auto& cells = as_cache(*workload).cells();
        const auto& trace = as_cache(*workload).traces().front();
        const auto spec = cache::policy_spec_from_json(form.policy, "policy");
        const DecisionRecords records = workload->record_candidate(form.entry);
        REQUIRE(records.size() == cells.size());
        for (size_t i = 0; i < cells.size(); ++i) {
          const auto own = cache::simulate_candidate(trace.requests, cells[i].config, spec,
                                                     form.entry);
          const auto replayed =
              cache::replay_victims(trace.requests, cells[i].config, records[i], "x");
          CHECK(replayed.hits == own.hits);
          CHECK(replayed.requests == own.requests);
          CHECK(replayed.missed_bytes == own.missed_bytes);
          CHECK(records[i].size() > 0);
        }
        const auto metrics = workload->replay(records);
        CHECK(metrics.size() == cells.size());
      }
    }
  }

  TEST_CASE("forged cache records are invalid decisions: too few victims, absent ones, extras") {
    auto workload = cache_workload({{"interface", "rank"}});
    const DecisionRecords honest = workload->record_candidate(reinterpret_cast<void*>(&replay_lru));
    auto replay_error = [&](DecisionRecords records) -> std::string {
      try {
        (void)workload->replay(records);
      } catch (const InvalidDecision& error) {
        return error.what();
      }
      return "accepted";
    };
    CHECK(replay_error(honest) == "accepted");
    // A mechanism whose capacity was raised in the child evicts less: the record runs out.
    DecisionRecords fewer = honest;
    fewer[0] = fewer[0].substr(0, fewer[0].size() / 2 / 4 * 4);
    CHECK(replay_error(fewer).find("ends after") != std::string::npos);
    DecisionRecords extra = honest;
    crucible::evaluators::append_word(extra[1], 0);
    CHECK(replay_error(extra).find("past the last decision") != std::string::npos);
    DecisionRecords absent = honest;
    absent[0].replace(0, 4, std::string("\xff\xff\xff\x7f", 4));
    CHECK(replay_error(absent).find("not in the cache") != std::string::npos);
    DecisionRecords ragged = honest;
    ragged[0].push_back('x');
    CHECK(replay_error(ragged).find("whole 32-bit words") != std::string::npos);
    // Evicting the same object twice: the second time it is no longer resident.
    DecisionRecords twice = honest;
    twice[0].replace(4, 4, twice[0].substr(0, 4));
    CHECK(replay_error(twice).find("not in the cache") != std::string::npos);
    CHECK(replay_error(DecisionRecords{honest[0]}).find("instances") != std::string::npos);
  }

  TEST_CASE("score_result takes no figure from the child: forged frames are bad output") {
    const auto& domain = domain_named("cache");
    auto workload = cache_workload({{"interface", "rank"}});
    const auto key = workload->instances().front().key;
    auto scored_of = [&](std::string payload) {
      crucible::sandbox::JobResult forged;
      forged.status = Status::kOk;
      forged.has_full_run = true;
      forged.payload = std::move(payload);
      return crucible::search::score_result(domain, *workload, std::move(forged));
    };
    // The frame the child used to send: metrics it computed itself, here a miss ratio of zero.
    auto metrics = scored_of("[{\"instance\":\"" + key + "\",\"metric\":0.0,\"details\":{}}]");
    CHECK(metrics.status == Status::kBadOutput);
    CHECK_FALSE(metrics.fitness.has_value());
    auto wrong_count = scored_of(crucible::evaluators::encode_decision_records(DecisionRecords{""}));
    CHECK(wrong_count.status == Status::kBadOutput);
    std::string huge_length = crucible::evaluators::encode_decision_records(DecisionRecords{"", ""});
    huge_length[8] = '\xff';  // the first record claims 255 bytes more than there are
    CHECK(scored_of(huge_length).status == Status::kBadOutput);
    CHECK(scored_of(crucible::evaluators::encode_decision_records(DecisionRecords{"", ""}) + "x")
              .status == Status::kBadOutput);
    // Well framed, but empty: the cache fills and no victim is named.
    auto empty = scored_of(crucible::evaluators::encode_decision_records(DecisionRecords{"", ""}));
    CHECK(empty.status == Status::kInvalidDecision);
    CHECK(empty.diagnostics.find("ends after 0 words") != std::string::npos);
    CHECK_FALSE(empty.fitness.has_value());
    // The honest record scores what the baseline scores.
    auto honest = scored_of(crucible::evaluators::encode_decision_records(
        workload->record_candidate(reinterpret_cast<void*>(&replay_lru))));
    REQUIRE(honest.status == Status::kOk);
    const auto lru = workload->evaluate_baseline("lru");
    CHECK(honest.metrics[0].metric == doctest::Approx(lru[0].metric).epsilon(1e-12));
  }

  TEST_CASE("a tiering candidate's replayed moves give its own figures; forged moves are refused") {
    auto workload = tier_workload();
    const auto& tiers = dynamic_cast<const tiering::TierWorkload&>(*workload);
    const auto& cells = tiers.cells();
    const auto& accesses = tiers.traces().front().accesses;
    const DecisionRecords records =
        workload->record_candidate(reinterpret_cast<void*>(&tier_recent));
    for (size_t i = 0; i < cells.size(); ++i) {
      const auto own = tiering::simulate_candidate(accesses, cells[i].config,
                                                   tiering::PolicyForm::kRank,
                                                   reinterpret_cast<void*>(&tier_recent));
      const auto replayed = tiering::replay_moves(accesses, cells[i].config, records[i], "x");
      CHECK(replayed.time_ns() == own.time_ns());
      CHECK(replayed.promotions == own.promotions);
      CHECK(replayed.demotions == own.demotions);
      CHECK(replayed.pingpongs == own.pingpongs);
      CHECK(own.promotions > 0);
    }
    auto replay_error = [&](DecisionRecords forged) -> std::string {
      try {
        (void)workload->replay(forged);
      } catch (const InvalidDecision& error) {
        return error.what();
      }
      return "accepted";
    };
    CHECK(replay_error(records) == "accepted");
    DecisionRecords too_many = records;
    too_many[0].replace(0, 4, std::string("\x00\x10\x00\x00", 4));  // 4096 moves after epoch 0
    CHECK(replay_error(too_many).find("migration_limit") != std::string::npos);
    DecisionRecords cut = records;
    cut[1] = without_last_word(cut[1]);
    CHECK(replay_error(cut).find("ends after") != std::string::npos);
    // Epoch 0 promotes every slow page at once: the fast tier is full after the first few.
    DecisionRecords flood;
    for (size_t i = 0; i < cells.size(); ++i) {
      std::string record;
      crucible::evaluators::append_word(record, 64);
      for (uint32_t page = 0; page < 64; ++page) {
        crucible::evaluators::append_word(record, static_cast<uint32_t>(cells[i].config.pages - 1 - page));
      }
      flood.push_back(record);
    }
    const std::string flooded = replay_error(flood);
    CHECK((flooded.find("full fast tier") != std::string::npos ||
           flooded.find("have been accessed") != std::string::npos));
  }

  TEST_CASE("a cache policy that reads the trace's future is caught by the causality check") {
    auto workload = cache_workload({{"interface", "rank"}});
    auto altered = workload->make_altered(2026);
    REQUIRE(altered != nullptr);
    const auto& original_trace = as_cache(*workload).traces().front();
    const auto& altered_trace = as_cache(*altered).traces().front();
    const uint64_t point = as_cache(*altered).change_points().front();
    const uint64_t n = original_trace.requests.size();
    CHECK(point >= n / 8);
    CHECK(point < n - n / 16);
    for (uint64_t i = 0; i < point; ++i) {
      REQUIRE(altered_trace.requests[i].id == original_trace.requests[i].id);
    }
    CHECK(altered_trace.requests.back().id == original_trace.requests[point].id);

    auto entry = [](auto* function) { return reinterpret_cast<void*>(function); };
    // A causal policy cannot tell the runs apart before the change point.
    auto honest = workload->record_candidate(entry(&replay_lru));
    auto honest_altered = altered->record_candidate(entry(&replay_lru));
    CHECK_FALSE(altered->first_difference_before_change(honest, honest_altered).has_value());

    g_future = original_trace.requests;
    auto oracle = workload->record_candidate(entry(&replay_oracle));
    g_future = altered_trace.requests;
    auto oracle_altered = altered->record_candidate(entry(&replay_oracle));
    // Its replay is legal, and better than anything causal: only the check can tell.
    const auto metrics = workload->replay(oracle);
    const auto belady = workload->evaluate_baseline("belady");
    CHECK(metrics[0].metric == doctest::Approx(belady[0].metric).epsilon(1e-3));
    auto difference = altered->first_difference_before_change(oracle, oracle_altered);
    REQUIRE(difference.has_value());
    CHECK(difference->find("before the change point") != std::string::npos);

    // What one instance learns honestly is the next instance's future: caught the same way. (It
    // learns on the larger cache and plays Belady on the smaller, where its choices matter.)
    auto two_sizes = cache_workload({{"interface", "rank"}}, "objects", {"20%", "5%"});
    auto two_sizes_altered = two_sizes->make_altered(2026);
    g_learned.clear();
    g_first_capacity = 0;
    auto learner = two_sizes->record_candidate(entry(&replay_learner));
    g_learned.clear();
    g_first_capacity = 0;
    auto learner_altered = two_sizes_altered->record_candidate(entry(&replay_learner));
    auto learned = two_sizes_altered->first_difference_before_change(learner, learner_altered);
    REQUIRE(learned.has_value());
    CHECK(learned->find(two_sizes->instances()[1].key) != std::string::npos);
  }

  TEST_CASE("a tiering policy that reads the future is caught by the causality check") {
    auto workload = tier_workload();
    auto altered = workload->make_altered(7);
    REQUIRE(altered != nullptr);
    const auto& original = dynamic_cast<const tiering::TierWorkload&>(*workload);
    const auto& changed = dynamic_cast<const tiering::TierWorkload&>(*altered);
    g_epoch_length = original.cells().front().config.epoch_length;
    auto entry = [](auto* function) { return reinterpret_cast<void*>(function); };
    auto honest = workload->record_candidate(entry(&tier_recent));
    auto honest_altered = altered->record_candidate(entry(&tier_recent));
    CHECK_FALSE(altered->first_difference_before_change(honest, honest_altered).has_value());
    // The altered trace is a valid trace: pages stay dense in order of first access.
    uint32_t next_new = 0;
    for (const auto& access : changed.traces().front().accesses) {
      REQUIRE(access.page <= next_new);
      if (access.page == next_new) ++next_new;
    }
    g_pages_future = original.traces().front().accesses;
    auto oracle = workload->record_candidate(entry(&tier_oracle));
    g_pages_future = changed.traces().front().accesses;
    auto oracle_altered = altered->record_candidate(entry(&tier_oracle));
    g_pages_future = {};
    CHECK(altered->first_difference_before_change(oracle, oracle_altered).has_value());
  }

  TEST_CASE("through the sandbox, a future-reading child is a sandbox_violation and an honest one ok") {
    const auto& domain = domain_named("cache");
    auto workload = cache_workload({{"interface", "rank"}});
    auto altered = workload->make_altered(99);
    // The child runs the policy natively on the inputs of its run, the trace handed to it.
    auto body_for = [](const crucible::evaluators::Workload& run_on, void* policy) {
      return [&run_on, policy](void*) -> crucible::sandbox::ChildReply {
        g_future = as_cache(run_on).traces().front().requests;
        return {crucible::sandbox::ChildReply::Kind::kResult,
                crucible::evaluators::encode_decision_records(run_on.record_candidate(policy))};
      };
    };
    auto score = [&](void* policy) {
      crucible::sandbox::Job job;
      job.candidate.text = "extern \"C\" int probe() { return 7; }\n";
      job.candidate.entry_symbol = "probe";
      job.body = body_for(*workload, policy);
      job.altered_body = body_for(*altered, policy);
      crucible::sandbox::PipelineOptions options;
      options.limits.wall = std::chrono::milliseconds(20'000);
      auto result = crucible::sandbox::run_job(std::move(job), options);
      CHECK(result.has_altered_run);
      return crucible::search::score_result(domain, *workload, std::move(result), nullptr,
                                            altered.get());
    };
    auto cheat = score(reinterpret_cast<void*>(&replay_oracle));
    CHECK(cheat.status == Status::kSandboxViolation);
    CHECK(cheat.diagnostics.find("reads the future") != std::string::npos);
    CHECK_FALSE(cheat.fitness.has_value());
    auto honest = score(reinterpret_cast<void*>(&replay_lru));
    CHECK(honest.status == Status::kOk);
    CHECK(honest.causality_checked);
    CHECK(honest.fitness.has_value());
  }
}
