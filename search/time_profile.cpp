#include "search/time_profile.hpp"

#include <fmt/format.h>

namespace crucible::search {

std::string_view TimeProfile::name(Phase phase) {
  switch (phase) {
    case kDraft: return "draft (proposer)";
    case kNovelty: return "novelty (canonical form)";
    case kVerify: return "verify + object code";
    case kLink: return "link";
    case kQuick: return "quick run";
    case kFull: return "full run";
    case kRecheck: return "recheck run";
    case kCausality: return "causality run";
    case kReplay: return "replay in the parent";
    case kStore: return "store";
    case kPhaseCount: break;
  }
  return "?";
}

std::string TimeProfile::render(double wall_s, unsigned cores, uint64_t candidates) const {
  const double core_ms = wall_s * 1000.0 * cores;
  std::string text = fmt::format(
      "Where the time went: {} candidates in {:.1f} s on {} cores ({:.1f} per minute)\n\n"
      "| phase | times | total s | mean ms | ms per candidate | share of core time |\n"
      "|---|---:|---:|---:|---:|---:|\n",
      candidates, wall_s, cores, wall_s > 0 ? 60.0 * static_cast<double>(candidates) / wall_s : 0.0);
  double accounted = 0;
  for (size_t i = 0; i < kPhaseCount; ++i) {
    const auto phase = static_cast<Phase>(i);
    const double total = total_ms(phase);
    accounted += total;
    const uint64_t n = count(phase);
    text += fmt::format("| {} | {} | {:.1f} | {:.1f} | {:.1f} | {:.1f}% |\n", name(phase), n,
                        total / 1000.0, n > 0 ? total / static_cast<double>(n) : 0.0,
                        candidates > 0 ? total / static_cast<double>(candidates) : 0.0,
                        core_ms > 0 ? 100.0 * total / core_ms : 0.0);
  }
  text += fmt::format("| not in a phase (idle, waits, placement, checkpoints) | | {:.1f} | | {:.1f} | {:.1f}% |\n",
                      (core_ms - accounted) / 1000.0,
                      candidates > 0 ? (core_ms - accounted) / static_cast<double>(candidates) : 0.0,
                      core_ms > 0 ? 100.0 * (core_ms - accounted) / core_ms : 0.0);
  return text;
}

}  // namespace crucible::search
