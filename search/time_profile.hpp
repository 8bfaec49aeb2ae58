// Where a search's time goes: milliseconds summed per phase of a candidate's life, from every
// thread that works on it (the proposer's threads, the sandbox's children, the pipeline's thread),
// so a phase's total may exceed the wall time. Safe to add to from several threads.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace crucible::search {

class TimeProfile {
 public:
  enum Phase : size_t {
    kDraft,      // the proposer's work for one child, its own parses included
    kNovelty,    // the child's canonical form (a Clang parse) and its keys
    kVerify,     // the verifier child: parse, checks, object code
    kLink,       // the link into a shared object and its check
    kQuick,      // the cascade's quick run
    kFull,       // the full run
    kRecheck,    // the full run again at shifted addresses
    kCausality,  // the run on altered inputs
    kReplay,     // the parent's replay of the child's decisions, and the causality comparison
    kStore,      // the candidate's row, its metrics and lineage in SQLite, and the progress line
    kPhaseCount
  };

  void add(Phase phase, double ms) {
    micros_[phase].fetch_add(static_cast<uint64_t>(ms * 1000.0), std::memory_order_relaxed);
    counts_[phase].fetch_add(1, std::memory_order_relaxed);
  }
  [[nodiscard]] double total_ms(Phase phase) const {
    return static_cast<double>(micros_[phase].load(std::memory_order_relaxed)) / 1000.0;
  }
  [[nodiscard]] uint64_t count(Phase phase) const {
    return counts_[phase].load(std::memory_order_relaxed);
  }

  static std::string_view name(Phase phase);

  // A table: each phase's count, total seconds, mean milliseconds and share of the core time
  // (`cores` x `wall_s`) the run had.
  [[nodiscard]] std::string render(double wall_s, unsigned cores, uint64_t candidates) const;

 private:
  std::array<std::atomic<uint64_t>, kPhaseCount> micros_{};
  std::array<std::atomic<uint64_t>, kPhaseCount> counts_{};
};

}  // namespace crucible::search
