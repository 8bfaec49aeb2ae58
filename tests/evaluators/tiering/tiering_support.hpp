// Hand-built page-access traces and configurations for the tiering tests.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "evaluators/tiering/simulation.hpp"

namespace crucible::testing {

inline traces::PageAccess page_access(uint64_t time, uint32_t page, bool is_write = false) {
  traces::PageAccess access;
  access.time = time;
  access.page = page;
  access.is_write = is_write ? 1 : 0;
  return access;
}

// Loads of `pages` in order, one time unit apart from `start`.
inline void append_loads(std::vector<traces::PageAccess>& accesses, uint64_t start,
                         std::initializer_list<uint32_t> pages) {
  uint64_t time = start;
  for (const uint32_t page : pages) accesses.push_back(page_access(time++, page));
}

// Round latencies (fast 100 ns, slow 300 ns, loads and stores alike) so expected times are easy
// to work out by hand; 1,000 ns per moved page.
inline evaluators::tiering::TierConfig tier_config(uint64_t fast_capacity, uint64_t pages,
                                                   uint64_t epoch_length,
                                                   uint64_t migration_limit = 64) {
  evaluators::tiering::TierConfig config;
  config.memory.fast_read_ns = 100;
  config.memory.fast_write_ns = 100;
  config.memory.slow_read_ns = 300;
  config.memory.slow_write_ns = 300;
  config.memory.migration_ns = 1000;
  config.memory.migration_limit = migration_limit;
  config.fast_capacity = fast_capacity;
  config.pages = pages;
  config.epoch_length = epoch_length;
  config.sample_period = 1;
  config.pingpong_window = 4;
  return config;
}

}  // namespace crucible::testing
