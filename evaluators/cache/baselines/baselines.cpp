#include "baselines.hpp"

#include <stdexcept>
#include <string>

namespace crucible::evaluators::cache {

std::span<const Baseline> all_baselines() {
  static constexpr Baseline kBaselines[] = {
      {"fifo", "evict the object that entered the cache first; hits change nothing", run_fifo},
      {"lru", "evict the object whose latest request is oldest", run_lru},
      {"sieve", "FIFO plus a visited bit; a hand kept from the tail evicts the first unvisited",
       run_sieve},
      {"clock", "a hand sweeps a ring of reference bits, clearing set ones, evicting a clear one",
       run_clock},
      {"s3fifo", "small FIFO filters into a main 2-bit CLOCK; ids evicted from small go to a ghost",
       run_s3fifo},
      {"belady", "offline optimal: evict the object whose next request is furthest away",
       run_belady},
      {"lfu", "evict the fewest requests since insertion; ties go to the least recently used",
       run_lfu},
      {"arc", "evict from recency list T1 or frequency list T2 by a target size that ghost hits adapt",
       run_arc},
      {"2q", "new objects wait in a FIFO; only those recalled after leaving it enter an LRU", run_twoq},
      {"lecar", "LRU or LFU evicts, drawn by weights that misses in its own eviction history cut",
       run_lecar},
      {"cacheus", "LeCaR over scan-resistant LRU and churn-resistant LFU, learning rate adapted",
       run_cacheus},
      {"lirs",
       "evict the oldest resident HIR block; a block re-requested within the LIR set's "
       "recency becomes LIR",
       run_lirs},
      {"lhd",
       "evict the lowest hit density (hits per space-time, from age-class statistics) of a "
       "random sample",
       run_lhd},
      {"gdsf", "evict the minimum L + frequency / size; L becomes the victim's priority", run_gdsf},
      {"hyperbolic", "evict the lowest requests / time in cache of 64 random residents",
       run_hyperbolic},
      {"beladysize",
       "offline: never admit an object not requested again; evict the largest "
       "size x distance to next request of 128 sampled residents",
       run_belady_size},
  };
  return kBaselines;
}

const Baseline* find_baseline(std::string_view name) {
  for (const auto& baseline : all_baselines()) {
    if (baseline.name == name) return &baseline;
  }
  return nullptr;
}

void check_dense_ids(std::string_view policy, std::span<const traces::Request> requests,
                     const CacheConfig& config) {
  for (size_t index = 0; index < requests.size(); ++index) {
    if (requests[index].id < config.objects) continue;
    throw std::invalid_argument(
        std::string(policy) + ": request " + std::to_string(index) + " has object id " +
        std::to_string(requests[index].id) +
        ", not below CacheConfig::objects = " + std::to_string(config.objects));
  }
}

}  // namespace crucible::evaluators::cache
