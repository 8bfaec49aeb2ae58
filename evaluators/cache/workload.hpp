// The cache domain's workload: traces, each simulated at several cache sizes, with FIFO and
// Belady as per-instance references for the metrics and the fitness.
#pragma once

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cache_size.hpp"
#include "evaluators/domain.hpp"
#include "evaluators/windows.hpp"
#include "policy_runner.hpp"
#include "simulation.hpp"
#include "traces/trace.hpp"

namespace crucible::evaluators::cache {

// What search maximizes, as a mean over instances.
enum class Fitness {
  kReductionVsFifo,      // (mr_fifo - mr) / mr_fifo, the S3-FIFO and SIEVE papers' convention
  kByteReductionVsFifo,  // the same with byte miss ratios
  kHitRatio,             // 1 - mr
  kByteHitRatio,         // 1 - byte mr
};

struct CacheInstance {
  size_t trace = 0;       // index into the workload's traces
  uint64_t window = 0;    // the window its trace is of the searched part (0 without windows)
  uint64_t requests = 0;  // how many of the trace's leading requests it simulates (all, except
                          // in a quick workload)
  CacheConfig config;
  double fifo_miss_ratio = 0;
  double fifo_byte_miss_ratio = 0;
  double belady_miss_ratio = 0;
  double belady_byte_miss_ratio = 0;
};

class CacheWorkload final : public Workload {
 public:
  // What a share of the working set ("10%") is a share of: a trace's distinct objects and the
  // bytes of their first-seen sizes.
  struct ShareBasis {
    uint64_t objects = 0;
    uint64_t footprint_bytes = 0;
  };

  // spec: {"traces": [{"path": P, "format": F} | {"synthetic": {...}}, ...],
  //        "sizes": ["1%", 1000, "64MiB", ...], "capacity": "objects" | "bytes",
  //        "warmup": N | "P%", "fitness": NAME, "windows": ...}; a trace may carry a "slice",
  //        whose rest becomes the held-out workload. With "windows" (windows.hpp) each searched
  //        trace is cut into that many windows, each simulated from a cold cache (the warm-up
  //        taken from each), and the fitness combines the windows' means; the held-out part is
  //        scored whole. "shares_of": "part" | "trace" (windows.hpp) says what a share of the
  //        working set is of.
  //        "policy": {"interface": "rank" | "hooks", "mechanism": ..., ...} picks one of
  //        `interfaces` (policy_runner.hpp).
  static std::unique_ptr<CacheWorkload> load(const nlohmann::json& spec,
                                             const std::filesystem::path& base_dir,
                                             const std::vector<PolicyInterface>& interfaces);

  const std::vector<InstanceInfo>& instances() const override { return infos_; }
  const PolicyInterface& policy_interface() const override { return interface_; }
  double fitness(std::span<const InstanceMetrics> metrics) const override;
  std::string fitness_name() const override;
  // One record per instance: the ids of the objects the candidate evicted, in order.
  DecisionRecords record_candidate(void* entry) const override;
  std::vector<InstanceMetrics> replay(std::span<const std::string> records) const override;
  size_t max_record_bytes() const override;
  std::vector<InstanceMetrics> evaluate_baseline(std::string_view name) const override;
  // victim_age (recency against frequency) and unused_victims (quick demotion), means over the
  // instances of what the replay saw of each victim.
  std::vector<BehaviourDescriptor> behaviour_descriptors() const override;
  std::vector<double> behaviour(std::span<const InstanceMetrics> metrics) const override;

  const Workload* held_out() const override { return held_out_.get(); }
  // The leading ceil(fraction x n) requests of each instance's n, at the same capacity; the
  // warm-up keeps its share of the requests (rounded down). The traces are shared, not copied.
  std::unique_ptr<Workload> make_quick(double fraction) const override;
  // Each trace's requests from a change point on (drawn from `seed` and the trace's position,
  // change_point in decision_records.hpp) in reverse order, each keeping its id and size; timestamps
  // stay with their positions and next-request indexes are recomputed. Instances as here.
  std::unique_ptr<Workload> make_altered(uint64_t seed) const override;
  std::optional<std::string> first_difference_before_change(
      std::span<const std::string> original, std::span<const std::string> altered) const override;
  // On an altered workload: each trace's change point (its first altered request); else empty.
  const std::vector<uint64_t>& change_points() const { return change_points_; }

  const std::vector<traces::Trace>& traces() const { return *traces_; }
  const std::vector<CacheInstance>& cells() const { return cells_; }

 private:
  // A workload with this one's interface, policy and fitness and no traces yet (the held-out,
  // quick and altered workloads).
  std::unique_ptr<CacheWorkload> sibling() const;
  // window_of: per trace, the window of the searched part it is (empty: all 0). basis: per trace,
  // what its shares resolve against (a window's is the whole searched part's, so that the search
  // is tested at the capacities it is judged at); empty: each trace's own.
  void add_instances(const std::vector<CacheSize>& sizes, CapacityUnit unit,
                     uint64_t warmup_requests, double warmup_percent, bool is_holdout,
                     const std::vector<uint64_t>& window_of = {},
                     const std::vector<ShareBasis>& basis = {});
  static ShareBasis share_basis(const traces::Trace& trace, const std::vector<CacheSize>& sizes,
                                CapacityUnit unit);
  void compute_references();
  InstanceMetrics to_metrics(size_t instance, const CacheResult& result) const;
  std::span<const traces::Request> requests_of(const CacheInstance& cell) const;

  PolicyInterface interface_;
  PolicySpec policy_;
  Fitness fitness_ = Fitness::kReductionVsFifo;
  WindowSpec windows_;
  // Shared with the quick workloads made from this one, which may outlive it.
  std::shared_ptr<const std::vector<traces::Trace>> traces_;
  std::vector<CacheInstance> cells_;
  std::vector<InstanceInfo> infos_;
  std::unique_ptr<CacheWorkload> held_out_;  // the rest of sliced traces; null when none is
  std::vector<uint64_t> change_points_;      // per trace, on an altered workload
};

// "reduction_vs_fifo" | "byte_reduction_vs_fifo" | "hit_ratio" | "byte_hit_ratio"; throws
// ConfigError naming `context` and the known names.
Fitness parse_fitness(std::string_view name, std::string_view context);

// (reference - value) / reference, 0 when the reference is 0 (nothing to reduce).
double reduction(double reference, double value);

}  // namespace crucible::evaluators::cache
