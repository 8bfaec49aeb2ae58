#include "baselines.hpp"

namespace crucible::evaluators::cache {

std::span<const Baseline> all_baselines() {
  static constexpr Baseline kBaselines[] = {
      {"fifo", "evict the object that entered the cache first; hits change nothing", run_fifo},
      {"lru", "evict the object whose latest request is oldest", run_lru},
  };
  return kBaselines;
}

const Baseline* find_baseline(std::string_view name) {
  for (const auto& baseline : all_baselines()) {
    if (baseline.name == name) return &baseline;
  }
  return nullptr;
}

}  // namespace crucible::evaluators::cache
