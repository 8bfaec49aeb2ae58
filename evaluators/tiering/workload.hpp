// The tiering domain's workload: page traces, each replayed at several fast-tier sizes, with
// all-slow, all-fast, the oracle and every baseline as per-instance references.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "evaluators/domain.hpp"
#include "evaluators/windows.hpp"
#include "mechanisms.hpp"
#include "simulation.hpp"
#include "traces/page_trace.hpp"

namespace crucible::evaluators::tiering {

// What search maximizes, as a mean over instances.
enum class Fitness {
  kSpeedup,     // all-slow time / modelled time
  kOracleGain,  // (all-slow - time) / (all-slow - oracle): the share of the oracle's gain
};

struct TierInstance {
  size_t trace = 0;       // index into the workload's traces
  uint64_t window = 0;    // the window its trace is of the searched part (0 without windows)
  uint64_t accesses = 0;  // how many of the trace's leading accesses it replays
  TierConfig config;
  double all_slow_ns = 0;
  double all_fast_ns = 0;
  TierResult oracle;                            // the oracle bound's replay
  std::map<std::string, TierResult> baselines;  // every other baseline's replay
};

class TierWorkload final : public Workload {
 public:
  // spec: {"traces": [{"path": "x.pages.zst"} | {"synthetic": {...}}, each with an optional
  //        "slice"], "sizes": ["25%", 1000, ...] (fast-tier pages, or a share of the trace's
  //        footprint), "memory": {...} (memory_model.hpp), "epoch": N (trace time units per
  //        epoch; default 1/200 of each trace's span before slicing), "pingpong_window": N,
  //        "fitness": "speedup" | "oracle_gain", "windows": ...,
  //        "policy": {"interface": "rank" | "hooks"}}. With "windows" (windows.hpp) each
  //        searched trace is cut into that many windows of consecutive accesses, each replayed
  //        from a cold start at the trace's epoch length, and the fitness combines the windows'
  //        means; the held-out part is replayed whole. "shares_of": "part" | "trace"
  //        (windows.hpp) says what a share of the footprint is of.
  static std::unique_ptr<TierWorkload> load(const nlohmann::json& spec,
                                            const std::filesystem::path& base_dir,
                                            const std::vector<PolicyInterface>& interfaces);

  const std::vector<InstanceInfo>& instances() const override { return infos_; }
  const PolicyInterface& policy_interface() const override { return interface_; }
  double fitness(std::span<const InstanceMetrics> metrics) const override;
  std::string fitness_name() const override;
  // One record per instance: after each epoch, the number of pages moved, then their ids.
  DecisionRecords record_candidate(void* entry) const override;
  std::vector<InstanceMetrics> replay(std::span<const std::string> records) const override;
  size_t max_record_bytes() const override;
  std::vector<InstanceMetrics> evaluate_baseline(std::string_view name) const override;
  // moves (how much a policy migrates) and promotions (whether it promotes or only reclaims),
  // means over the instances of what the replay counted.
  std::vector<BehaviourDescriptor> behaviour_descriptors() const override;
  std::vector<double> behaviour(std::span<const InstanceMetrics> metrics) const override;
  const Workload* held_out() const override { return held_out_.get(); }
  // The leading ceil(fraction x n) accesses of each instance's n, at the same settings; the
  // traces are shared, not copied.
  std::unique_ptr<Workload> make_quick(double fraction) const override;
  // Each trace's accesses from a change point on (drawn from `seed` and the trace's position,
  // change_point in decision_records.hpp) in reverse order, each keeping its page and kind; times
  // stay with their positions, and pages first touched after the point are renumbered in order
  // of first access. Instances as here.
  std::unique_ptr<Workload> make_altered(uint64_t seed) const override;
  std::optional<std::string> first_difference_before_change(
      std::span<const std::string> original, std::span<const std::string> altered) const override;
  // On an altered workload: each trace's change point (its first altered access); else empty.
  const std::vector<uint64_t>& change_points() const { return change_points_; }

  const std::vector<traces::PageTrace>& traces() const { return *traces_; }
  const std::vector<TierInstance>& cells() const { return cells_; }

 private:
  struct Size {
    uint64_t pages = 0;    // a fixed capacity, or
    double percent = 0;    // a share of the footprint
    std::string label;
  };
  struct Settings {
    MemoryModel memory;
    uint64_t pingpong_window = 4;
  };
  static std::vector<Size> load_sizes(const nlohmann::json& spec);
  // A workload with this one's interface and fitness and no traces yet (the held-out and the
  // quick workloads).
  std::unique_ptr<TierWorkload> sibling() const;
  // epoch_lengths: one per trace; window_of: per trace, the window of the searched part it is
  // (empty: all 0); share_pages: per trace, the page count a share of the footprint ("10%") is of
  // (a window's is the whole searched part's, so that the search is tested at the fast-tier sizes
  // it is judged at; empty: each trace's own).
  void add_instances(const std::vector<Size>& sizes, const Settings& settings,
                     const std::vector<uint64_t>& epoch_lengths, bool is_holdout,
                     const std::vector<uint64_t>& window_of = {},
                     const std::vector<uint64_t>& share_pages = {});
  void compute_references();
  std::span<const traces::PageAccess> accesses_of(const TierInstance& cell) const;
  InstanceMetrics to_metrics(size_t instance, const TierResult& result) const;

  PolicyInterface interface_;
  PolicyForm form_ = PolicyForm::kRank;
  Fitness fitness_ = Fitness::kSpeedup;
  WindowSpec windows_;
  std::shared_ptr<const std::vector<traces::PageTrace>> traces_;
  std::vector<TierInstance> cells_;
  std::vector<InstanceInfo> infos_;
  std::unique_ptr<TierWorkload> held_out_;
  std::vector<uint64_t> change_points_;  // per trace, on an altered workload
};

// (all_slow - time) / (all_slow - oracle); 0 when the oracle gains nothing.
double oracle_gain(double all_slow_ns, double oracle_ns, double time_ns);

}  // namespace crucible::evaluators::tiering
