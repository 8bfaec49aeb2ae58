// Proposing overlaps evaluating: the evaluator receives a generation's first child while later
// ones are still being drafted; drafts finishing in any order give the same run; a failure on
// either side ends the run with its error and nothing hangs.
#include <doctest/doctest.h>

#include <tbb/global_control.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>

#include "number_game.hpp"
#include "support.hpp"

namespace {

using namespace crucible::testing::numbers;  // NOLINT(google-build-using-namespace)
using crucible::search::RequestFeed;

// What the two sides of a generation saw, shared between them.
struct Meeting {
  std::mutex mutex;
  std::condition_variable changed;
  std::vector<size_t> taken;  // per evaluate() call, the requests taken so far
  bool did_time_out = false;
};

// A proposer whose every 6th call (the last of a generation of 6) waits until the evaluator has
// taken a request of that generation. A loop that evaluated only after proposing all would make
// it wait in vain: it gives up after 20 s and says so. Every child is a new number (no
// duplicates), so the generation's first slot always reaches the evaluator.
class WaitingProposer final : public proposers::Proposer {
 public:
  explicit WaitingProposer(Meeting& meeting) : meeting_(meeting) {}
  std::string name() const override { return "waiting"; }
  std::optional<proposers::Proposal> propose(const proposers::ProposalRequest&,
                                             std::mt19937_64&) override {
    const size_t call = calls_++;
    if (call % 6 == 5) {
      const size_t evaluation = 1 + call / 6;  // evaluate() call 0 was the seeds'
      std::unique_lock lock(meeting_.mutex);
      if (!meeting_.changed.wait_for(lock, std::chrono::seconds(20), [&] {
            return meeting_.taken.size() > evaluation && meeting_.taken[evaluation] > 0;
          })) {
        meeting_.did_time_out = true;
      }
    }
    return proposers::Proposal{program_of(100'000 + static_cast<int64_t>(call)), "step", {}, {}, 0, nullptr};
  }

 private:
  Meeting& meeting_;
  std::atomic<size_t> calls_{0};
};

// Scores each request as it is taken, and tells the meeting.
class StreamingEvaluator final : public crucible::search::CandidateEvaluator {
 public:
  explicit StreamingEvaluator(Meeting& meeting) : meeting_(meeting) {}
  void evaluate(RequestFeed& requests,
                const std::function<void(size_t, ScoredCandidate)>& on_done) override {
    size_t call = 0;
    {
      std::lock_guard lock(meeting_.mutex);
      call = meeting_.taken.size();
      meeting_.taken.push_back(0);
    }
    for (size_t i = 0; auto request = requests.take(); ++i) {
      {
        std::lock_guard lock(meeting_.mutex);
        ++meeting_.taken[call];
      }
      meeting_.changed.notify_all();
      if (fail_at_call && call == *fail_at_call) throw std::runtime_error("evaluator broke");
      ScoredCandidate scored;
      const double value = static_cast<double>(value_of(request->source));
      scored.metrics = {{"target", std::fabs(1000.0 - value), nlohmann::json::object()}};
      scored.fitness = -scored.metrics[0].metric;
      on_done(i, scored);
    }
  }
  std::optional<size_t> fail_at_call;

 private:
  Meeting& meeting_;
};

// A NumberProposer that takes a random while (from outside the run's generators) to answer, so
// drafts finish in a different order each time; with `fail_after`, it throws on that call.
class JitteryProposer final : public proposers::Proposer {
 public:
  std::string name() const override { return "number"; }
  std::optional<proposers::Proposal> propose(const proposers::ProposalRequest& request,
                                             std::mt19937_64& rng) override {
    const size_t call = calls_++;
    if (fail_after && call == *fail_after) throw std::runtime_error("proposer broke");
    uint64_t pause = 0;
    {
      std::lock_guard lock(mutex_);
      pause = jitter_() % 3000;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(pause));
    return inner_.propose(request, rng);
  }
  std::optional<size_t> fail_after;

 private:
  NumberProposer inner_;
  std::mutex mutex_;  // guards jitter_
  std::minstd_rand jitter_{std::random_device{}()};
  std::atomic<size_t> calls_{0};
};

// A NumberProposer that, at one call, acts as a proposer interrupted by Ctrl-C: it sets the stop
// flag, makes nothing and says it was interrupted.
class InterruptedProposer final : public proposers::Proposer {
 public:
  InterruptedProposer(std::atomic<bool>& stop, size_t at_call) : stop_(stop), at_call_(at_call) {}
  std::string name() const override { return "number"; }
  std::optional<proposers::Proposal> propose(const proposers::ProposalRequest& request,
                                             std::mt19937_64& rng) override {
    if (calls_++ == at_call_ || was_interrupted_) {
      stop_ = true;
      was_interrupted_ = true;
      return std::nullopt;
    }
    return inner_.propose(request, rng);
  }
  bool was_interrupted() const override { return was_interrupted_; }

 private:
  std::atomic<bool>& stop_;
  size_t at_call_;
  NumberProposer inner_;
  std::atomic<size_t> calls_{0};
  std::atomic<bool> was_interrupted_{false};
};

}  // namespace

TEST_SUITE("search") {
  TEST_CASE("the evaluator takes a generation's first child before its last one is proposed") {
    // One drafting thread: the slots are then drafted in slot order, so the waiting (last) call
    // is never slot 0's, whose release the evaluator needs.
    tbb::global_control serial(tbb::global_control::max_allowed_parallelism, 1);
    crucible::testing::TempDir dir;
    crucible::search::Store store(dir.path() / "overlap.db");
    Meeting meeting;
    WaitingProposer proposer(meeting);
    StreamingEvaluator evaluator(meeting);
    auto json = experiment(4);
    json["search"]["tuning"] = {{"evaluations", 0}};
    auto run = run_search(store, evaluator, json, std::nullopt, nullptr, false, &proposer);
    CHECK(run.result.generation == 4);
    CHECK_FALSE(meeting.did_time_out);
    REQUIRE(meeting.taken.size() == 5);  // the seeds, then 4 generations
    for (size_t call = 1; call < 5; ++call) CHECK(meeting.taken[call] == 6);
  }

  TEST_CASE("drafts that finish in any order give the same candidates and scores") {
    auto rows = [](const char* name) {
      crucible::testing::TempDir dir;
      crucible::search::Store store(dir.path() / name);
      JitteryProposer proposer;
      NumberEvaluator evaluator;
      auto run = run_search(store, evaluator, experiment(12), std::nullopt, nullptr, false,
                            &proposer);
      return rows_of(store, run.run_id);
    };
    const auto first = rows("a.db");
    CHECK(first.size() > 40);
    CHECK(rows("b.db") == first);
    // and the same as a proposer that answers at once
    crucible::testing::TempDir dir;
    crucible::search::Store store(dir.path() / "c.db");
    NumberEvaluator evaluator;
    auto run = run_search(store, evaluator, experiment(12));
    CHECK(rows_of(store, run.run_id) == first);
  }

  TEST_CASE("an evaluator that fails while drafts are being made ends the run with its error") {
    crucible::testing::TempDir dir;
    crucible::search::Store store(dir.path() / "broken.db");
    Meeting meeting;
    StreamingEvaluator evaluator(meeting);
    evaluator.fail_at_call = 3;  // the third generation's first request
    JitteryProposer proposer;
    CHECK_THROWS_WITH_AS(
        run_search(store, evaluator, experiment(10), std::nullopt, nullptr, false, &proposer),
        "evaluator broke", std::runtime_error);
    const int64_t run_id = *store.latest_run_id();
    for (const auto& candidate : store.candidates(run_id)) CHECK(candidate.generation < 3);
    CHECK(store.latest_checkpoint(run_id)->first == 2);
  }

  TEST_CASE("a proposer that fails ends the run with its error once the evaluations finish") {
    crucible::testing::TempDir dir;
    crucible::search::Store store(dir.path() / "broken.db");
    NumberEvaluator evaluator;
    JitteryProposer proposer;
    proposer.fail_after = 15;  // inside the third generation of 6
    CHECK_THROWS_WITH_AS(
        run_search(store, evaluator, experiment(10), std::nullopt, nullptr, false, &proposer),
        "proposer broke", std::runtime_error);
    const int64_t run_id = *store.latest_run_id();
    CHECK(store.latest_checkpoint(run_id)->first == 2);
  }

  TEST_CASE("a generation a proposer gave up on is left open and the resume completes it exactly") {
    tbb::global_control serial(tbb::global_control::max_allowed_parallelism, 1);
    crucible::testing::TempDir dir;
    crucible::search::Store whole(dir.path() / "whole.db");
    NumberEvaluator once;
    auto full = run_search(whole, once, experiment(8));
    crucible::search::Store split(dir.path() / "split.db");
    NumberEvaluator twice;
    std::atomic<bool> stop{false};
    InterruptedProposer interrupted(stop, 6 * 4 + 2);  // the fifth generation's third slot
    auto first = run_search(split, twice, experiment(8), std::nullopt, &stop, false, &interrupted);
    CHECK(first.result.reason == crucible::search::StopReason::kInterrupted);
    CHECK(first.result.generation == 4);  // the fifth was not checkpointed
    CHECK(split.latest_checkpoint(first.run_id)->first == 4);
    bool has_fifth = false;
    for (const auto& c : split.candidates(first.run_id)) has_fifth = has_fifth || c.generation == 5;
    CHECK(has_fifth);  // its first slots were evaluated and stored
    auto rest = run_search(split, twice, experiment(8), first.run_id);
    CHECK(rest.result.generation == 8);
    CHECK(rows_of(split, first.run_id) == rows_of(whole, full.run_id));
    CHECK(twice.evaluated == once.evaluated);  // the stored ones were not evaluated again
  }
}
