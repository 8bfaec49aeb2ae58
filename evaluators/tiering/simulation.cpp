#include "simulation.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "evaluators/domain.hpp"

namespace crucible::evaluators::tiering {
namespace {

constexpr double kEwmaRates[3] = {1.0 / 2, 1.0 / 8, 1.0 / 32};

// The modelled time of `reads` loads and `writes` stores served by `tier`.
double tier_ns(const TierConfig& config, uint64_t tier, uint64_t reads, uint64_t writes) {
  const auto& memory = config.memory;
  const double read_ns = tier == CRUCIBLE_FAST ? memory.fast_read_ns : memory.slow_read_ns;
  const double write_ns = tier == CRUCIBLE_FAST ? memory.fast_write_ns : memory.slow_write_ns;
  return static_cast<double>(config.sample_period) *
         (static_cast<double>(reads) * read_ns + static_cast<double>(writes) * write_ns);
}

class Simulator {
 public:
  Simulator(const TierConfig& config, TierPolicy& policy)
      : config_(config), policy_(policy), observes_(policy.observes_accesses()) {
    if (config.epoch_length == 0) throw std::invalid_argument("tiering: epoch_length must be >= 1");
    if (config.memory.migration_limit == 0) {
      throw std::invalid_argument("tiering: migration_limit must be >= 1");
    }
    pages_.reserve(config.pages);
    hot_.reserve(config.pages);
  }

  TierResult run(std::span<const traces::PageAccess> accesses) {
    if (accesses.empty()) return result_;
    epoch_end_ = accesses.front().time + config_.epoch_length;
    // By tier and kind: [tier][is_write]. Kept local so the loop holds them in registers.
    uint64_t counted[2][2] = {{0, 0}, {0, 0}};
    for (const auto& access : accesses) {
      while (access.time >= epoch_end_) end_epoch();
      const uint32_t page = access.page;
      if (page >= hot_.size()) first_touch(page);
      const uint32_t is_write = access.is_write & 1U;
      PageCounts& hot = hot_[page];
      ++hot.counts[is_write];
      ++counted[hot.tier][is_write];
      if (observes_) policy_.on_access(page, access.time, is_write != 0, hot.tier);
    }
    for (int tier = 0; tier < 2; ++tier) {
      result_.reads[tier] = counted[tier][0];
      result_.writes[tier] = counted[tier][1];
    }
    result_.accesses = accesses.size();
    result_.fast_accesses = result_.reads[CRUCIBLE_FAST] + result_.writes[CRUCIBLE_FAST];
    result_.access_ns = tier_ns(config_, CRUCIBLE_FAST, result_.reads[CRUCIBLE_FAST],
                                result_.writes[CRUCIBLE_FAST]) +
                        tier_ns(config_, CRUCIBLE_SLOW, result_.reads[CRUCIBLE_SLOW],
                                result_.writes[CRUCIBLE_SLOW]);
    result_.stall_ns = static_cast<double>(result_.promotions + result_.demotions) *
                       config_.memory.migration_ns;
    return result_;
  }

 private:
  void first_touch(uint32_t page) {
    if (page != hot_.size() || page >= config_.pages) {
      throw std::invalid_argument("tiering: page " + std::to_string(page) +
                                  " is not the next new page (" + std::to_string(hot_.size()) +
                                  ") or not below the configured " +
                                  std::to_string(config_.pages) + " pages");
    }
    const uint32_t tier = fast_used_ < config_.fast_capacity ? CRUCIBLE_FAST : CRUCIBLE_SLOW;
    if (tier == CRUCIBLE_FAST) ++fast_used_;
    TierPage entry{};
    entry.id = page;
    entry.first_epoch = epoch_;
    entry.last_access_epoch = epoch_;
    entry.tier = tier;
    entry.last_migration_epoch = CRUCIBLE_TIER_NEVER;
    pages_.push_back(entry);
    hot_.push_back({{0, 0}, tier});
  }

  void end_epoch() {
    uint64_t accesses = 0;
    uint64_t fast = 0;
    for (size_t i = 0; i < pages_.size(); ++i) {
      TierPage& page = pages_[i];
      PageCounts& hot = hot_[i];
      const uint64_t reads = hot.counts[0];
      const uint64_t writes = hot.counts[1];
      const uint64_t count = reads + writes;
      for (int k = CRUCIBLE_TIER_HISTORY - 1; k > 0; --k) page.recent[k] = page.recent[k - 1];
      page.recent[0] = static_cast<uint32_t>(count);
      const auto value = static_cast<double>(count);
      for (int k = 0; k < 3; ++k) page.ewma[k] += kEwmaRates[k] * (value - page.ewma[k]);
      page.epoch_reads = reads;
      page.epoch_writes = writes;
      page.reads += reads;
      page.writes += writes;
      if (count > 0) page.last_access_epoch = epoch_;
      ++page.tier_epochs;
      accesses += count;
      if (hot.tier == CRUCIBLE_FAST) fast += count;
      hot.counts[0] = 0;
      hot.counts[1] = 0;
    }
    const auto& memory = config_.memory;
    TierState state{};
    state.epoch = epoch_;
    state.fast_capacity = config_.fast_capacity;
    state.pages = pages_.size();
    state.fast_used = fast_used_;
    state.fast_free = config_.fast_capacity - fast_used_;
    state.migration_limit = memory.migration_limit;
    state.migrations_last = migrations_last_;
    state.migrations = result_.promotions + result_.demotions;
    state.epoch_accesses = accesses;
    state.new_pages = pages_.size() - pages_before_;
    pages_before_ = pages_.size();
    state.fast_hit_ratio =
        accesses == 0 ? 0.0 : static_cast<double>(fast) / static_cast<double>(accesses);
    state.fast_read_ns = memory.fast_read_ns;
    state.fast_write_ns = memory.fast_write_ns;
    state.slow_read_ns = memory.slow_read_ns;
    state.slow_write_ns = memory.slow_write_ns;
    state.migration_ns = memory.migration_ns;
    state.sample_period = config_.sample_period;
    moves_.clear();
    policy_.on_epoch(std::span<const TierPage>(pages_), state, moves_);
    apply_moves();
    ++result_.epochs;
    ++epoch_;
    epoch_end_ += config_.epoch_length;
  }

  void apply_moves() {
    if (moves_.size() > config_.memory.migration_limit) {
      throw InvalidDecision("after epoch " + std::to_string(epoch_) + " the policy moved " +
                            std::to_string(moves_.size()) + " pages; migration_limit is " +
                            std::to_string(config_.memory.migration_limit));
    }
    for (const uint32_t id : moves_) {
      if (id >= pages_.size()) {
        throw InvalidDecision("after epoch " + std::to_string(epoch_) + " the policy moved page " +
                              std::to_string(id) + ", but only " + std::to_string(pages_.size()) +
                              " pages have been accessed");
      }
      TierPage& page = pages_[id];
      uint32_t& tier = hot_[id].tier;
      if (tier == CRUCIBLE_SLOW) {
        if (fast_used_ >= config_.fast_capacity) {
          throw InvalidDecision("after epoch " + std::to_string(epoch_) + " the policy promoted page " +
                                std::to_string(id) + " into a full fast tier (" +
                                std::to_string(config_.fast_capacity) + " pages)");
        }
        ++fast_used_;
        ++result_.promotions;
        tier = CRUCIBLE_FAST;
      } else {
        --fast_used_;
        ++result_.demotions;
        tier = CRUCIBLE_SLOW;
      }
      if (page.last_migration_epoch != CRUCIBLE_TIER_NEVER &&
          epoch_ - page.last_migration_epoch < config_.pingpong_window) {
        ++result_.pingpongs;
      }
      page.tier = tier;
      page.tier_epochs = 0;
      ++page.migrations;
      page.last_migration_epoch = epoch_;
    }
    migrations_last_ = moves_.size();
  }

  const TierConfig& config_;
  TierPolicy& policy_;
  const bool observes_;
  // What the replay loop touches per access: this epoch's loads and stores, and the tier (the
  // simulator's own copy; pages_ is what policies read, refreshed after each epoch).
  struct PageCounts {
    uint32_t counts[2];
    uint32_t tier;
  };
  std::vector<TierPage> pages_;
  std::vector<PageCounts> hot_;
  std::vector<uint32_t> moves_;
  uint64_t fast_used_ = 0;
  uint64_t epoch_ = 0;
  uint64_t epoch_end_ = 0;
  uint64_t migrations_last_ = 0;
  uint64_t pages_before_ = 0;  // pages accessed before the epoch now ending
  TierResult result_;
};

struct Candidate {
  uint32_t id;
  double score;
};

}  // namespace

double all_in_tier_ns(std::span<const traces::PageAccess> accesses, const TierConfig& config,
                      uint64_t tier) {
  uint64_t writes = 0;
  for (const auto& access : accesses) writes += access.is_write & 1U;
  return tier_ns(config, tier, accesses.size() - writes, writes);
}

TierResult simulate(std::span<const traces::PageAccess> accesses, const TierConfig& config,
                    TierPolicy& policy) {
  Simulator simulator(config, policy);
  return simulator.run(accesses);
}

void plan_moves(std::span<const double> scores, std::span<const TierPage> pages,
                const TierState& state, double promote_margin, double swap_margin,
                std::vector<uint32_t>& moves, double demote_below, uint64_t reserve) {
  // Reused across epochs: building these is a pass over every page each time.
  thread_local std::vector<Candidate> slow;
  thread_local std::vector<Candidate> fast;
  slow.clear();
  fast.clear();
  for (size_t i = 0; i < pages.size(); ++i) {
    (pages[i].tier == CRUCIBLE_FAST ? fast : slow).push_back({static_cast<uint32_t>(i), scores[i]});
  }
  const uint64_t budget = state.migration_limit;
  // Promotion order: highest score first; demotion order: lowest first. Ties: lower id first.
  auto best_first = [](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score > b.score : a.id < b.id;
  };
  auto worst_first = [](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score < b.score : a.id < b.id;
  };
  const size_t promote = std::min<size_t>(slow.size(), budget);
  const size_t demote = std::min<size_t>(fast.size(), budget);
  std::partial_sort(slow.begin(), slow.begin() + static_cast<ptrdiff_t>(promote), slow.end(),
                    best_first);
  std::partial_sort(fast.begin(), fast.begin() + static_cast<ptrdiff_t>(demote), fast.end(),
                    worst_first);
  uint64_t free = state.fast_free;
  uint64_t used = 0;
  size_t victim = 0;
  for (size_t i = 0; i < promote && used < budget; ++i) {
    const Candidate& up = slow[i];
    if (free > 0) {
      if (!(up.score > promote_margin)) break;
      moves.push_back(up.id);
      --free;
      ++used;
      continue;
    }
    if (victim >= demote || used + 2 > budget) break;
    const Candidate& down = fast[victim];
    if (!(up.score - down.score > swap_margin)) break;
    moves.push_back(down.id);
    moves.push_back(up.id);
    ++victim;
    used += 2;
  }
  for (; victim < demote && used < budget && free < reserve && fast[victim].score < demote_below;
       ++victim, ++used, ++free) {
    moves.push_back(fast[victim].id);
  }
}

}  // namespace crucible::evaluators::tiering
