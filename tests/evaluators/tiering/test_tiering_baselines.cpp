// The six native tiering baselines (linux_lru, tpp, numa_balancing, hemem, memtis, arms) on
// hand-built traces where each one's defining rule gives a known placement: the pages moved after
// each epoch, in order, and the pages in the fast tier at the end. The expected figures were
// derived by hand from the rules in each baseline's header comment; the derivation is beside them.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "evaluators/tiering/baselines/baselines.hpp"
#include "evaluators/tiering/simulation.hpp"

namespace {

namespace tiering = crucible::evaluators::tiering;
using crucible::traces::PageAccess;
using Moves = std::vector<std::vector<uint32_t>>;  // one list per epoch, in order

// Accesses at consecutive times from a cursor that at() places (an epoch's start, say).
class Accesses {
 public:
  Accesses& at(uint64_t time) {
    time_ = time;
    return *this;
  }
  Accesses& read(uint32_t page, uint32_t count = 1) { return add(page, count, 0); }
  Accesses& write(uint32_t page, uint32_t count = 1) { return add(page, count, 1); }
  const std::vector<PageAccess>& list() const { return list_; }

 private:
  Accesses& add(uint32_t page, uint32_t count, uint32_t is_write) {
    for (uint32_t i = 0; i < count; ++i) {
      PageAccess access;
      access.time = time_++;
      access.page = page;
      access.is_write = is_write;
      list_.push_back(access);
    }
    return *this;
  }

  uint64_t time_ = 0;
  std::vector<PageAccess> list_;
};

tiering::TierConfig config_for(uint64_t fast_capacity, uint64_t pages, uint64_t epoch_length,
                               uint64_t migration_limit) {
  tiering::TierConfig config;
  config.fast_capacity = fast_capacity;
  config.pages = pages;
  config.epoch_length = epoch_length;
  config.memory.migration_limit = migration_limit;
  config.memory.fast_read_ns = 81;
  config.memory.fast_write_ns = 81;
  config.memory.slow_read_ns = 170;
  config.memory.slow_write_ns = 170;
  config.memory.migration_ns = 2000;
  config.sample_period = 1;
  return config;
}

// Forwards to a baseline and records each epoch's moves and where every page is after them.
class Recorder final : public tiering::TierPolicy {
 public:
  explicit Recorder(std::unique_ptr<tiering::TierPolicy> inner) : inner_(std::move(inner)) {}
  bool observes_accesses() const override { return inner_->observes_accesses(); }
  void on_access(uint32_t page, uint64_t time, bool is_write, uint64_t tier) override {
    inner_->on_access(page, time, is_write, tier);
  }
  void on_epoch(std::span<const TierPage> pages, const TierState& state,
                std::vector<uint32_t>& moves) override {
    const size_t before = moves.size();
    inner_->on_epoch(pages, state, moves);
    moves_.emplace_back(moves.begin() + static_cast<ptrdiff_t>(before), moves.end());
    tiers_.clear();
    for (const auto& page : pages) tiers_.push_back(page.tier);
    for (size_t i = before; i < moves.size(); ++i) tiers_[moves[i]] ^= 1U;
  }
  const Moves& moves() const { return moves_; }
  // The pages in the fast tier after the last epoch's moves, by id.
  std::vector<uint32_t> fast_pages() const {
    std::vector<uint32_t> fast;
    for (size_t id = 0; id < tiers_.size(); ++id) {
      if (tiers_[id] == CRUCIBLE_FAST) fast.push_back(static_cast<uint32_t>(id));
    }
    return fast;
  }

 private:
  std::unique_ptr<tiering::TierPolicy> inner_;
  Moves moves_;
  std::vector<uint64_t> tiers_;
};

// "[] [2 3] [1 4]": readable in a failed check.
std::string show(const Moves& moves) {
  std::string out;
  for (const auto& epoch : moves) {
    out += out.empty() ? "[" : " [";
    for (size_t i = 0; i < epoch.size(); ++i) out += (i == 0 ? "" : " ") + std::to_string(epoch[i]);
    out += "]";
  }
  return out;
}

std::string show(const std::vector<uint32_t>& pages) { return show(Moves{pages}); }

struct Run {
  tiering::TierResult result;
  Moves moves;
  std::vector<uint32_t> fast;
};

Run run(std::string_view name, const Accesses& accesses, const tiering::TierConfig& config) {
  const auto* baseline = tiering::find_baseline(name);
  REQUIRE(baseline != nullptr);
  const tiering::BaselineContext context{accesses.list(), config, 1};
  Recorder recorder(baseline->make(context));
  Run out;
  out.result = tiering::simulate(accesses.list(), config, recorder);
  out.moves = recorder.moves();
  out.fast = recorder.fast_pages();
  return out;
}

// A skewed trace with new pages arriving throughout (a 64-bit LCG, so it is the same everywhere).
Accesses mixed_trace(uint32_t pages, uint32_t count) {
  Accesses accesses;
  uint64_t state = 12345;
  uint32_t next_new = 0;
  for (uint32_t i = 0; i < count; ++i) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    const auto draw = static_cast<uint32_t>(state >> 33);
    uint32_t page = 0;
    if (next_new == 0 || (next_new < pages && draw % 8 == 0)) {
      page = next_new++;
    } else {
      const uint32_t window = draw % 3 == 0 ? next_new : std::min<uint32_t>(next_new, 6);
      page = (draw >> 4) % window;
      if (i > count / 2) page = next_new - 1 - page;  // the hot set moves halfway through
    }
    if ((draw >> 3) % 5 == 0) {
      accesses.write(page);
    } else {
      accesses.read(page);
    }
  }
  return accesses;
}

}  // namespace

TEST_SUITE("evaluators.tiering.baselines") {
  TEST_CASE("linux_lru demotes the fast inactive tail at the low watermark and never promotes") {
    // Four fast pages: low watermark 1, high 2. Epoch 0: pages 0-2 (referenced once: flagged).
    // Epoch 1: 0 and 1 again (activated), new page 3 fills the tier; free 0 < 1, so the inactive
    // tail goes until two are free: 2 (unreferenced), then 3. FIFO or plain LRU-by-id would take
    // 0 and 1. Epoch 2: new pages 4 and 5 refill it, 0 is touched, 1 is not: the scan (in id
    // order) deactivates 1 to the inactive head, then 4 and 5 rotate ahead of it on reference, so
    // the tail is 1 then 4. Pages 2 and 3 are hot in slow memory later and are never promoted.
    Accesses accesses;
    accesses.at(0).read(0).read(1).read(2);
    accesses.at(10).read(0).read(1).read(3);
    accesses.at(20).read(4).read(5).read(0);
    accesses.at(30).read(2, 8).read(3, 8);
    accesses.at(40).read(2, 8).read(3, 8);
    const Run lru = run("linux_lru", accesses, config_for(4, 6, 10, 8));
    CHECK(show(lru.moves) == "[] [2 3] [1 4] [] []");
    CHECK(show(lru.fast) == "[0 5]");
    CHECK(lru.result.promotions == 0);
    CHECK(lru.result.demotions == 4);
  }

  TEST_CASE("linux_lru demotes oldest first within the migration limit") {
    // The same first three epochs with one move per epoch: after epoch 1 only page 2 goes, so
    // page 3 stays, unreferenced in epoch 2 and so older than 1 (deactivated then) and 4.
    Accesses accesses;
    accesses.at(0).read(0).read(1).read(2);
    accesses.at(10).read(0).read(1).read(3);
    accesses.at(20).read(4).read(5).read(0);
    accesses.at(30).read(2);
    const Run lru = run("linux_lru", accesses, config_for(4, 6, 10, 1));
    CHECK(show(lru.moves) == "[] [2] [3]");
    CHECK(show(lru.fast) == "[0 1 4]");
  }

  TEST_CASE("tpp promotes a faulting slow page only once it is on the active list") {
    // Four fast pages: demotion watermark 2 (high 2 + 2% of 4 = 0). Epoch 0: pages 0-3 fast, 4
    // and 5 slow, all flagged by the scan; free 0 < 2 demotes the inactive tail 0, 1. Epoch 1:
    // 4 faults (inactive and flagged: activated, not a candidate); 2 is referenced (activated);
    // 5 is idle (flag cleared). Epoch 2: 4 faults on the active list: promoted into free room;
    // 5 faults unflagged: flagged only. Epoch 3: 5 faults (activated); free 1 < 2 demotes the
    // fast inactive tail 3 (2 and 4 were deactivated after it). Epoch 4: 5 faults active: promoted.
    Accesses accesses;
    accesses.at(0).read(0).read(1).read(2).read(3).read(4).read(5);
    accesses.at(10).read(4, 3).read(2);
    accesses.at(20).read(4).read(5);
    accesses.at(30).read(5);
    accesses.at(40).read(5);
    accesses.at(50).read(0);
    const Run tpp = run("tpp", accesses, config_for(4, 6, 10, 8));
    CHECK(show(tpp.moves) == "[0 1] [] [4] [3] [5]");
    CHECK(show(tpp.fast) == "[2 4 5]");
    CHECK(tpp.result.promotions == 2);
    CHECK(tpp.result.demotions == 3);
  }

  TEST_CASE("tpp demotes proactively above the low watermark where linux_lru waits") {
    // One free page of four is below TPP's demotion watermark (2) but not below the low one (1):
    // TPP demotes its inactive tail, page 0.
    Accesses accesses;
    accesses.at(0).read(0).read(1).read(2);
    accesses.at(10).read(0);
    CHECK(show(run("tpp", accesses, config_for(4, 3, 10, 8)).moves) == "[0]");
    CHECK(show(run("linux_lru", accesses, config_for(4, 3, 10, 8)).moves) == "[]");
  }

  TEST_CASE("numa_balancing promotes fast faults under a rate limit and an adapting threshold") {
    // Epochs of 160: reference threshold 80, step 10, bounds [10, 160]; four moves per epoch, so
    // two promotions. Epoch 0: pages 0-3 fast, 4-7 slow; reclaim (free 0 < low 1) demotes 0 and 1
    // to the high watermark 2; no candidates, so the threshold rises to 90. Epoch 1 (scan at 160):
    // 4, 5 and 6 fault after 5, 40 and 70 (candidates; 6 is past the rate limit), 7 after 140
    // (too slow); 4 and 5 are promoted; three candidates > 2.2 lower the threshold to 80.
    // Epoch 2 (scan at 320): 7 faults after 65 (candidate), 6 after 85 (not, under 80); one
    // candidate < 1.8 raises the threshold to 90; free 0 < 1 wakes reclaim, which demotes the
    // inactive tail 2 and 3 (4 and 5, idle, were deactivated behind them) before 7 goes up.
    // Epoch 3 (scan at 480): 6 faults after 85, now under 90: promoted into the free page.
    Accesses accesses;
    accesses.at(0).read(0).read(1).read(2).read(3).read(4).read(5).read(6).read(7);
    accesses.at(165).read(4).at(200).read(5).at(230).read(6).at(300).read(7);
    accesses.at(385).read(7).at(405).read(6);
    accesses.at(565).read(6);
    accesses.at(650).read(0);
    const Run numa = run("numa_balancing", accesses, config_for(4, 8, 160, 4));
    CHECK(show(numa.moves) == "[0 1] [4 5] [2 3 7] [6]");
    CHECK(show(numa.fast) == "[4 5 6 7]");
  }

  TEST_CASE("numa_balancing counts one hint fault per page per scan") {
    // Page 4 is read three times just after the scan at 160: one fault, one promotion (a fault
    // per access would queue it twice, promoting and then demoting it).
    Accesses accesses;
    accesses.at(0).read(0).read(1).read(2).read(3).read(4);
    accesses.at(161).read(4, 3);
    accesses.at(330).read(0);
    const Run numa = run("numa_balancing", accesses, config_for(4, 5, 160, 4));
    CHECK(show(numa.moves) == "[0 1] [4]");
  }

  TEST_CASE("hemem swaps hot slow pages for cold fast ones and cools every count at 18") {
    // Two fast pages. Epoch 0: 2 reads 8 times (hot), 3 reads 7 and writes 3 (not hot), 4 writes
    // 4 times (hot): 2 and 4, in the order they turned hot, replace the cold 0 and 1. Epoch 1:
    // 3 reaches 8 reads, but both fast pages are hot: nothing moves. Epoch 2: 2's reads reach 18,
    // which halves every count: 2 keeps 9 reads (hot), 4 falls to 2 writes (cold), 3 halves to 4
    // reads before 8 more make it 12 (hot): 3 replaces 4. Without cooling 4 would stay hot.
    Accesses accesses;
    accesses.at(0).read(0).read(1).read(2, 8).read(3, 7).write(3, 3).write(4, 4);
    accesses.at(100).read(3);
    accesses.at(200).read(2, 10).read(3, 8);
    accesses.at(300).read(0);
    const Run hemem = run("hemem", accesses, config_for(2, 5, 100, 8));
    CHECK(show(hemem.moves) == "[0 2 1 4] [] [4 3]");
    CHECK(show(hemem.fast) == "[2 3]");
  }

  TEST_CASE("hemem swaps only within the migration limit and only for cold fast pages") {
    // Two fast pages, three moves per epoch: one swap (two moves) per epoch. Epoch 0: 2, 3, 4 are
    // hot; 2 (hot first) replaces 0, the next swap would need a fourth move. Epoch 1: 3 replaces
    // 1. Epoch 2: 4 is still hot in slow memory, but both fast pages are hot: nothing moves.
    Accesses accesses;
    accesses.at(0).read(0).read(1).read(2, 8).read(3, 8).read(4, 8);
    accesses.at(100).read(0);
    accesses.at(200).read(0);
    accesses.at(300).read(0);
    const Run hemem = run("hemem", accesses, config_for(2, 5, 100, 3));
    CHECK(show(hemem.moves) == "[0 2] [1 3] []");
    CHECK(show(hemem.fast) == "[2 3]");
  }

  TEST_CASE("memtis takes the lowest histogram bin that fits the fast tier as hot and cools") {
    // Two fast pages; cooling every 16 samples; bins floor(log2(count + 1)). Epoch 0: counts
    // 1, 1, 8, 8 (18 samples: cooled to 0, 0, 4, 4); bins >= 1 hold two pages, which fit: 2 and
    // 3 replace 0 and 1. Epoch 1: 4 samples for page 4: counts 4, 4, 4 all in bin 2, three
    // pages: no bin fits but 3, which is empty: nothing is hot. Epoch 2: page 4 reaches 8, bin 3,
    // alone: hot; it replaces 2, the colder of the fast pages by id. Without the cooling 2 and 3
    // (8 each, bin 3) would share bin 3 with 4 and nothing would be hot.
    Accesses accesses;
    accesses.at(0).read(0).read(1).read(2, 8).read(3, 8);
    accesses.at(100).read(4, 4);
    accesses.at(200).read(4, 4);
    accesses.at(300).read(0);
    const Run memtis = run("memtis", accesses, config_for(2, 5, 100, 8));
    CHECK(show(memtis.moves) == "[0 2 1 3] [] [2 4]");
    CHECK(show(memtis.fast) == "[3 4]");
  }

  TEST_CASE("memtis bins a count c by floor of log2 of c plus one") {
    // One fast page, five samples (no cooling). Counts 2 (fast) and 3 (slow) fall in bins 1 and 2,
    // so bin 2 alone fits and page 1 replaces page 0; with bins of floor(log2(c)) + 1 both would
    // be in bin 2, which does not fit, and nothing would be hot.
    Accesses accesses;
    accesses.at(0).read(0, 2).read(1, 3);
    accesses.at(100).read(0);
    CHECK(show(run("memtis", accesses, config_for(1, 2, 100, 8)).moves) == "[0 1]");
  }

  TEST_CASE("arms swaps only when the expected gain exceeds two migrations") {
    // One fast page; page 0 (fast) read once, page 1 (slow) n times in epoch 0. The hot sets
    // agree, so the blend is 0.25 x ewma[0] + 0.75 x ewma[2] = (0.125 + 0.0234375) x count; the
    // gain is the blend difference x 89 ns x 4 epochs, against 4000 ns: n = 77 gives
    // 0.1484375 x 76 x 356 = 4016 ns (swap), n = 76 gives 3963 ns (no swap).
    for (const uint32_t n : {76U, 77U}) {
      Accesses accesses;
      accesses.at(0).read(0).read(1, n);
      accesses.at(100).read(0);
      const Run arms = run("arms", accesses, config_for(1, 2, 100, 8));
      CHECK(show(arms.moves) == (n == 77 ? "[0 1]" : "[]"));
    }
  }

  TEST_CASE("arms follows the short-term average once the hot sets diverge") {
    // Epoch 0: page 0 (fast) 64 reads, page 1 (slow) 1. Epoch 1: page 1 60 reads, page 0 none.
    // Short-term: 16 vs 30.25 (page 1 leads); long-term: 1.9375 vs 1.9053 (page 0 leads): the
    // one-page hot sets differ, so the blend is the short-term average alone and the gain
    // (30.25 - 16) x 356 = 5073 ns beats 4000: swap. The stable blend would give 3.54 x 356.
    Accesses accesses;
    accesses.at(0).read(0, 64).read(1);
    accesses.at(100).read(1, 60);
    accesses.at(200).read(1);
    const Run arms = run("arms", accesses, config_for(1, 2, 100, 8));
    CHECK(show(arms.moves) == "[] [0 1]");
    CHECK(show(arms.fast) == "[1]");
  }

  TEST_CASE("every tiering baseline keeps the move contract and is deterministic") {
    // A bad move list throws InvalidDecision from simulate; a rerun must give the same figures.
    const Accesses accesses = mixed_trace(64, 8000);
    for (const std::string name :
         {"linux_lru", "tpp", "numa_balancing", "hemem", "memtis", "arms"}) {
      for (const uint64_t limit : {1U, 2U, 3U, 16U}) {
        CAPTURE(name);
        CAPTURE(limit);
        const tiering::TierConfig config = config_for(8, 64, 200, limit);
        const Run first = run(name, accesses, config);
        const Run second = run(name, accesses, config);
        CHECK(first.moves == second.moves);
        CHECK(first.result.fast_accesses == second.result.fast_accesses);
        for (const auto& epoch : first.moves) CHECK(epoch.size() <= limit);
        if (name == "linux_lru") {
          CHECK(first.result.promotions == 0);
        } else if (limit >= 2) {
          CHECK(first.result.promotions > 0);
        }
      }
    }
  }
}
