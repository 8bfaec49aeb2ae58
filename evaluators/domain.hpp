// The host-side Domain API: what a policy domain (cache eviction, memory tiering, congestion
// control, CUDA kernels, or a plugin) gives the rest of Crucible. Evaluators never know how they
// are searched: search/ composes a Domain with the sandbox.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
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

// A field of an interface record that lets a policy fit the searched inputs rather than the
// workload (an object's identity, an absolute time): the built-in proposer never writes it and
// the prompts ask models not to read it, unless the experiment allows it (search.allow_features).
struct GatedFeature {
  std::string name;  // "Record.field", as the interface header declares them: "CacheObject.id"
  std::string why;   // a phrase for prompts and errors: "the object's identity"
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
  std::vector<GatedFeature> gated_features;
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

// [{"instance", "metric", "details"}, ...]: how metrics print and are stored.
inline nlohmann::json metrics_to_json(std::span<const InstanceMetrics> metrics) {
  auto list = nlohmann::json::array();
  for (const auto& m : metrics) {
    list.push_back({{"instance", m.instance}, {"metric", m.metric}, {"details", m.details}});
  }
  return list;
}

// What the sandbox child sends back: the candidate's decisions on each instance, in the order of
// Workload::instances(), each an opaque record (the victims a cache policy chose, the pages a
// tiering policy moved) that the domain writes in the child and reads, as untrusted bytes, in
// the parent. The child computes no figure the parent keeps.
using DecisionRecords = std::vector<std::string>;

// The records in one frame: a count, then each record's length and bytes (little-endian u64s).
std::string encode_decision_records(std::span<const std::string> records);
// The records of `payload`, or nullopt with `why` unless it holds exactly `count` well-formed
// records and nothing more.
std::optional<DecisionRecords> decode_decision_records(std::string_view payload, size_t count,
                                                       std::string& why);

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

// A behaviour descriptor a workload offers the search's archive (search.archive.features): a
// value in [0, 1] that tells policies apart by what they do, not how well.
struct BehaviourDescriptor {
  std::string name;     // as search.archive.features names it: "victim_age"
  std::string meaning;  // one line for docs and `crucible domains`
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
  // Runs the candidate's entry point on every instance and records its decisions. Runs only
  // inside the sandbox's child; throws InvalidDecision for a decision that breaks the contract.
  virtual DecisionRecords record_candidate(void* entry) const = 0;
  // Replays a child's records on the parent's own simulator and computes every metric from them:
  // the only figures of a candidate Crucible keeps. `records` is untrusted: throws
  // InvalidDecision for a malformed record or an impossible decision (a victim that is not
  // resident, a promotion into a full tier, a record that ends early or runs on).
  virtual std::vector<InstanceMetrics> replay(std::span<const std::string> records) const = 0;
  // The most bytes an honest run's records take, framing included: the child's reply limit.
  virtual size_t max_record_bytes() const = 0;
  // In one process (tests, tools): replay(record_candidate(entry)).
  std::vector<InstanceMetrics> evaluate_candidate(void* entry) const {
    return replay(record_candidate(entry));
  }
  // Scores a native baseline on every instance; throws ConfigError for an unknown name.
  virtual std::vector<InstanceMetrics> evaluate_baseline(std::string_view name) const = 0;
  // What the archive may tell candidates apart by, beside the search's own descriptors
  // (complexity, wins, reads); used by default. None by default.
  virtual std::vector<BehaviourDescriptor> behaviour_descriptors() const { return {}; }
  // A candidate's value for each of behaviour_descriptors(), in its order, each in [0, 1], from
  // the per-instance metrics replay() computed: figures of the parent's own, never the child's.
  virtual std::vector<double> behaviour(std::span<const InstanceMetrics> metrics) const {
    (void)metrics;
    return {};
  }
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
  // The causality check's twin: the same instances, each with its inputs after a change point
  // altered (the point drawn from `seed`, so a candidate cannot know it; see change_point in
  // decision_records.hpp). Null (the default): the domain offers no check.
  virtual std::unique_ptr<Workload> make_altered(uint64_t seed) const {
    (void)seed;
    return nullptr;
  }
  // On a workload from make_altered: nullopt when, on every instance, the decisions made before
  // its change point are the same in `original` (records on the workload it was made from) and
  // `altered` (records on this one); else a sentence naming the instance and the first decision
  // that differs. A causal policy cannot tell the two apart before the change point. Throws
  // InvalidDecision for a record that is malformed before its change point.
  virtual std::optional<std::string> first_difference_before_change(
      std::span<const std::string> original, std::span<const std::string> altered) const {
    (void)original, (void)altered;
    return std::nullopt;
  }
};

// The mean over `metrics` of the number each holds at details[key] (one without it, or not a
// finite number, is left out); 0 when none holds one. For Workload::behaviour.
inline double mean_detail(std::span<const InstanceMetrics> metrics, const char* key) {
  double sum = 0;
  size_t count = 0;
  for (const auto& m : metrics) {
    if (!m.details.is_object()) continue;
    const auto found = m.details.find(key);
    if (found == m.details.end() || !found->is_number()) continue;
    const double value = found->get<double>();
    if (!std::isfinite(value)) continue;
    sum += value;
    ++count;
  }
  return count == 0 ? 0.0 : sum / static_cast<double>(count);
}

// The names of workload.behaviour_descriptors(), in order.
inline std::vector<std::string> behaviour_names(const Workload& workload) {
  std::vector<std::string> names;
  for (const auto& descriptor : workload.behaviour_descriptors()) names.push_back(descriptor.name);
  return names;
}

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
