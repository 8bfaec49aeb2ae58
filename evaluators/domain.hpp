// The host-side Domain API: what a policy domain (cache eviction, memory tiering, congestion
// control, CUDA kernels, or a plugin) gives the rest of Crucible. Evaluators never know how they
// are searched: search/ composes a Domain with the sandbox.
#pragma once

#include <filesystem>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace crucible::evaluators {

// An interface header as candidates see it.
struct InterfaceHeader {
  std::string name;  // for example "cache.h"
  std::string text;
};

// A policy in source form, as a seed for search.
struct NamedSource {
  std::string name;
  std::string source;
};

// What a domain's candidates may use besides the language itself; the verifier refuses the rest.
struct CandidateAllowances {
  std::vector<std::string> headers;    // #include <...> names
  std::vector<std::string> functions;  // library functions, unqualified ("log", "min")
  std::vector<std::string> types;      // library classes whose members may be used ("array")
  bool allows_heap = false;            // new/delete and allocating containers
};

// One way a domain's candidates can be written (the cache domain has "rank" and "hooks"): what
// they compile against, the symbol they must define, what they may use, and seeds in that form.
struct PolicyInterface {
  std::string name;     // chosen per experiment by the workload; the domain's first is the default
  std::string summary;  // one line, for `crucible domains`
  std::vector<InterfaceHeader> headers;
  std::string entry_symbol;
  CandidateAllowances allowances;
  std::vector<NamedSource> seeds;
};

// One scoring unit of a workload, for example (trace, cache size).
struct InstanceInfo {
  std::string key;      // unique within the workload, stable across runs: "OLTP@1000"
  std::string trace;    // the trace's short name
  std::string setting;  // the domain's knob, as text: "1000" or "1% (489)"
  bool is_holdout = false;  // held out of search, scored only in the final evaluation
};

// A policy's result on one instance. `metric` is the domain's primary metric (see Domain).
struct InstanceMetrics {
  std::string instance;   // InstanceInfo::key
  double metric = 0;
  nlohmann::json details; // every other figure, domain-specific
};

// [{"instance", "metric", "details"}, ...]: how metrics travel from the sandbox child and print.
inline nlohmann::json metrics_to_json(std::span<const InstanceMetrics> metrics) {
  auto list = nlohmann::json::array();
  for (const auto& m : metrics) {
    list.push_back({{"instance", m.instance}, {"metric", m.metric}, {"details", m.details}});
  }
  return list;
}

// Thrown by a Workload when a candidate's decision breaks the interface's contract (a NaN
// priority, evicting something absent). A scored failure of the candidate, never a process exit.
class InvalidDecision : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown for bad configuration or input; the message names the field or value at fault.
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Loaded inputs (traces, parameters) and everything needed to score policies on them.
class Workload {
 public:
  virtual ~Workload() = default;
  virtual const std::vector<InstanceInfo>& instances() const = 0;
  // The interface this workload's candidates are written against (one of Domain::interfaces()).
  virtual const PolicyInterface& policy_interface() const = 0;
  // The fitness search maximizes, from a candidate's per-instance metrics as validated by the
  // parent process; and its name for progress lines and reports.
  virtual double fitness(std::span<const InstanceMetrics> metrics) const = 0;
  virtual std::string fitness_name() const = 0;
  // Scores the candidate entry point on every instance. Runs only inside the sandbox's child.
  virtual std::vector<InstanceMetrics> evaluate_candidate(void* entry) const = 0;
  // Scores a native baseline on every instance; throws ConfigError for an unknown name.
  virtual std::vector<InstanceMetrics> evaluate_baseline(std::string_view name) const = 0;
  // The part of the inputs held out of search (for example the rest of a sliced trace), for a
  // final evaluation of the best candidates; null when nothing is held out. Its instances are
  // marked is_holdout.
  virtual const Workload* held_out() const { return nullptr; }
  // A cheaper workload for the cascade's first stage, with the same instance keys, scored the
  // same way and sharing this workload's loaded inputs: for a trace-driven domain, the leading
  // `fraction` (in (0, 1]) of each instance's requests at the same settings, its references
  // recomputed on that prefix. Null (the default): the domain has no cheap stage, and every
  // candidate gets the full evaluation. Throws ConfigError for a fraction outside (0, 1].
  virtual std::unique_ptr<Workload> make_quick(double fraction) const {
    (void)fraction;
    return nullptr;
  }
};

class Domain {
 public:
  virtual ~Domain() = default;
  virtual std::string_view name() const = 0;
  virtual std::string_view summary() const = 0;

  // The ways candidates can be written; the first is the default. A workload picks one.
  virtual std::vector<PolicyInterface> interfaces() const = 0;

  // The primary metric: its name and direction.
  virtual std::string_view metric_name() const = 0;
  virtual bool is_lower_better() const = 0;

  virtual std::vector<std::string> baselines() const = 0;
  virtual std::vector<std::string> default_baselines() const = 0;

  // Builds a workload from the experiment's "workload" object. Relative paths are resolved
  // against `base_dir`. Throws ConfigError (or a trace error) naming the field or file at fault.
  virtual std::unique_ptr<Workload> load_workload(const nlohmann::json& spec,
                                                  const std::filesystem::path& base_dir) const = 0;
};

// The interface called `name` (empty: the domain's default); throws ConfigError naming the known.
PolicyInterface find_interface(const Domain& domain, std::string_view name);

}  // namespace crucible::evaluators
