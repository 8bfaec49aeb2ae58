// LeCaR (Vietri et al., HotStorage 2018): two experts, LRU and LFU, each propose a victim; one is
// drawn by the experts' weights. Each expert keeps a history of the ids it alone evicted, and a
// miss found there is that expert's regret: its weight shrinks by exp(-lr * discount^age).
//
// Rules and defaults as libCacheSim's LeCaR.c (1a1a11a/libCacheSim): lr 0.45, discount
// 0.005^(1/N) for a cache of N (objects or bytes), weights 0.5 each; the draw is
// (next_rand() % 100) / 100 < w_lru, taken only when the two experts disagree; each history holds
// up to N/2 of charge (the two together are the paper's history of size N), oldest dropped first;
// LFU breaks ties by the oldest arrival at its frequency, and an object re-admitted from a history
// starts again at frequency 1.
#include <array>
#include <cmath>

#include "baselines.hpp"
#include "expert_support.hpp"

namespace crucible::evaluators::cache {
namespace {

constexpr double kLearningRate = 0.45;
constexpr double kFinalDiscount = 0.005;  // a regret N requests old counts this much
constexpr double kWeightFloor = 1e-10;    // libCacheSim's guard that keeps a weight above zero

class LecarCache {
 public:
  explicit LecarCache(const CacheConfig& config)
      : config_(config),
        lists_(config.objects),
        by_frequency_(config.objects),
        frequency_(config.objects, 0),
        evicted_at_(config.objects, 0),
        discount_(std::pow(kFinalDiscount, 1.0 / static_cast<double>(config.capacity))) {}

  bool access(const traces::Request& request, uint64_t time) {
    const uint32_t id = request.id;
    const uint8_t where = lists_.list_of(id);
    if (where == kResident) {
      lists_.move_to_front(kResident, id);
      by_frequency_.set(id, {++frequency_[id], time});
      return true;
    }
    if (where == kLruHistory || where == kLfuHistory) {
      regret(where == kLruHistory ? Expert::kLru : Expert::kLfu, time - evicted_at_[id]);
      lists_.unlink(id);
    }
    const uint64_t need = charge(request, config_);
    if (need > config_.capacity) return false;
    while (lists_.weight(kResident) + need > config_.capacity) evict(time);
    lists_.push_front(kResident, id, static_cast<uint32_t>(need));
    frequency_[id] = 1;
    by_frequency_.set(id, {1, time});
    return false;
  }

  [[nodiscard]] ExpertReport report(const CacheResult& result) const {
    ExpertReport out;
    out.result = result;
    out.lru_weight = lru_weight_;
    out.lfu_weight = lfu_weight_;
    out.lru_history_hits = history_hits_[0];
    out.lfu_history_hits = history_hits_[1];
    out.lru_evictions = evictions_[0];
    out.lfu_evictions = evictions_[1];
    out.learning_rate = kLearningRate;
    return out;
  }

 private:
  enum List : uint8_t { kResident, kLruHistory, kLfuHistory };  // resident: most recent first

  // A miss on an id that `expert` evicted `age` requests ago: shrink that expert's weight, the
  // more the more recent the mistake, then renormalise (libCacheSim's update_weight).
  void regret(Expert expert, uint64_t age) {
    const bool is_lru = expert == Expert::kLru;
    ++history_hits_[is_lru ? 0 : 1];
    double& blamed = is_lru ? lru_weight_ : lfu_weight_;
    double& other = is_lru ? lfu_weight_ : lru_weight_;
    blamed = blamed * std::exp(-kLearningRate * std::pow(discount_, static_cast<double>(age))) +
             kWeightFloor;
    const double total = blamed + other + 2 * kWeightFloor;
    blamed /= total;
    other = (other + kWeightFloor) / total;
  }

  void evict(uint64_t time) {
    const uint32_t lru_choice = lists_.back(kResident);
    const uint32_t lfu_choice = by_frequency_.top();
    Expert expert = Expert::kBoth;
    uint32_t victim = lru_choice;
    if (lru_choice != lfu_choice) {
      expert = random_.percent() < lru_weight_ ? Expert::kLru : Expert::kLfu;
      victim = expert == Expert::kLru ? lru_choice : lfu_choice;
    }
    const uint64_t victim_charge = lists_.charge_of(victim);
    lists_.unlink(victim);
    by_frequency_.erase(victim);
    if (expert == Expert::kBoth) return;
    const uint8_t history = expert == Expert::kLru ? kLruHistory : kLfuHistory;
    ++evictions_[expert == Expert::kLru ? 0 : 1];
    evicted_at_[victim] = time;
    lists_.push_front(history, victim, static_cast<uint32_t>(victim_charge));
    while (lists_.weight(history) > config_.capacity / 2) lists_.unlink(lists_.back(history));
  }

  CacheConfig config_;
  DenseLists<3> lists_;
  KeyedHeap by_frequency_;  // residents by (requests since admission, time it reached that count)
  std::vector<uint64_t> frequency_;
  std::vector<uint64_t> evicted_at_;  // request index of the eviction, for ids in a history
  double discount_;
  double lru_weight_ = 0.5;
  double lfu_weight_ = 0.5;
  MmixRandom random_;
  std::array<uint64_t, 2> history_hits_{};  // LRU, LFU
  std::array<uint64_t, 2> evictions_{};
};

}  // namespace

ExpertReport run_lecar_report(std::span<const traces::Request> requests,
                              const CacheConfig& config) {
  check_dense_ids("lecar", requests, config);
  LecarCache cache(config);
  const CacheResult result = simulate(requests, config, cache);
  return cache.report(result);
}

CacheResult run_lecar(std::span<const traces::Request> requests, const CacheConfig& config) {
  return run_lecar_report(requests, config).result;
}

}  // namespace crucible::evaluators::cache
