#include "workload.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>

#include "baselines/baselines.hpp"
#include "cache_size.hpp"
#include "evaluators/config.hpp"
#include "evaluators/decision_records.hpp"
#include "rank_mechanism.hpp"
#include "traces/slice.hpp"
#include "traces/synthetic.hpp"
#include "traces/trace_spec.hpp"

namespace crucible::evaluators::cache {
namespace {

struct FitnessName {
  Fitness fitness;
  std::string_view name;
  std::string_view description;
};
constexpr std::array<FitnessName, 4> kFitnessNames{{
    {Fitness::kReductionVsFifo, "reduction_vs_fifo", "mean miss-ratio reduction vs FIFO"},
    {Fitness::kByteReductionVsFifo, "byte_reduction_vs_fifo",
     "mean byte-miss-ratio reduction vs FIFO"},
    {Fitness::kHitRatio, "hit_ratio", "mean hit ratio"},
    {Fitness::kByteHitRatio, "byte_hit_ratio", "mean byte hit ratio"},
}};

// One workload trace as configured: read or generated, then split when it carries a slice.
struct LoadedTrace {
  traces::Trace search;
  std::optional<traces::Trace> holdout;
};

// on_whole, when given, sees the whole trace before it is sliced.
LoadedTrace load_trace(const nlohmann::json& entry, const std::string& context,
                       const std::filesystem::path& base_dir,
                       const std::function<void(const traces::Trace&)>& on_whole) {
  if (!entry.is_object()) throw ConfigError(context + ": expected an object, got " + entry.dump());
  if (entry.contains("path") == entry.contains("synthetic")) {
    throw ConfigError(context + ": give exactly one of \"path\" or \"synthetic\"");
  }
  traces::Trace trace;
  std::optional<traces::SliceSpec> slice;
  try {
    if (entry.contains("synthetic")) {
      require_keys(entry, context, {"synthetic", "slice"});
      trace = traces::generate_synthetic(
          traces::synthetic_from_json(entry["synthetic"], context + ".synthetic"));
      if (entry.contains("slice")) {
        slice = traces::slice_spec_from_json(entry["slice"], context + ".slice");
      }
    } else {
      traces::TraceSpec spec = traces::trace_spec_from_json(entry, context);
      if (spec.path.is_relative()) spec.path = base_dir / spec.path;
      trace = traces::read_trace(spec.path, spec.options);
      slice = spec.slice;
    }
    if (on_whole) on_whole(trace);
    if (!slice) return {std::move(trace), std::nullopt};
    traces::Split split = traces::split_trace(trace, *slice);
    return {std::move(split.slice), std::move(split.holdout)};
  } catch (const std::invalid_argument& error) {
    throw ConfigError(error.what());
  }
}

std::vector<CacheSize> load_sizes(const nlohmann::json& spec) {
  auto it = spec.find("sizes");
  if (it == spec.end() || !it->is_array() || it->empty()) {
    throw ConfigError(
        "workload.sizes: expected a non-empty list of cache sizes like [\"1%\", 1000, \"64MiB\"]");
  }
  std::vector<CacheSize> sizes;
  for (size_t i = 0; i < it->size(); ++i) {
    const auto& value = (*it)[i];
    std::string context = "workload.sizes[" + std::to_string(i) + "]";
    if (value.is_string()) {
      sizes.push_back(parse_cache_size(value.get<std::string>(), context));
    } else if (value.is_number()) {
      sizes.push_back(parse_cache_size(value.dump(), context));
    } else {
      throw ConfigError(context + ": expected a number or a string like \"1%\", got " + value.dump());
    }
  }
  return sizes;
}

// Warm-up as a request count or a share of each trace's requests ("10%").
struct Warmup {
  uint64_t requests = 0;
  double percent = 0;
  uint64_t of(uint64_t trace_requests) const {
    if (percent == 0) return std::min(requests, trace_requests);
    return static_cast<uint64_t>(std::floor(percent / 100.0 * static_cast<double>(trace_requests)));
  }
};

Warmup load_warmup(const nlohmann::json& spec) {
  auto it = spec.find("warmup");
  Warmup warmup;
  if (it == spec.end()) return warmup;
  constexpr std::string_view kHow = "expected a request count (100000) or a share like \"10%\"";
  if (it->is_number_integer() && it->get<int64_t>() >= 0) {
    warmup.requests = it->get<uint64_t>();
    return warmup;
  }
  std::string text = it->is_string() ? it->get<std::string>() : "";
  if (!text.ends_with('%')) {
    throw ConfigError("workload.warmup: " + std::string(kHow) + ", got " + it->dump());
  }
  try {
    size_t used = 0;
    warmup.percent = std::stod(text.substr(0, text.size() - 1), &used);
    if (used != text.size() - 1) throw std::invalid_argument("trailing text");
  } catch (const std::exception&) {
    throw ConfigError("workload.warmup: " + std::string(kHow) + ", got " + it->dump());
  }
  if (!(warmup.percent >= 0 && warmup.percent < 100)) {
    throw ConfigError("workload.warmup: the share must be in [0%, 100%), got " + it->dump());
  }
  return warmup;
}

std::string setting_label(const CacheSize& size, const ResolvedCapacity& resolved) {
  if (size.kind != CacheSize::Kind::kPercent) return size.label;
  return size.label + " (" + std::to_string(resolved.capacity) + (resolved.is_bytes ? " B" : "") +
         ")";
}

}  // namespace

Fitness parse_fitness(std::string_view name, std::string_view context) {
  std::string known;
  for (const auto& entry : kFitnessNames) {
    if (entry.name == name) return entry.fitness;
    known += (known.empty() ? "" : ", ") + std::string(entry.name);
  }
  throw ConfigError(std::string(context) + ": unknown fitness \"" + std::string(name) +
                    "\" (known: " + known + ")");
}

double reduction(double reference, double value) {
  return reference > 0 ? (reference - value) / reference : 0.0;
}

std::unique_ptr<CacheWorkload> CacheWorkload::load(const nlohmann::json& spec,
                                                   const std::filesystem::path& base_dir,
                                                   const std::vector<PolicyInterface>& interfaces) {
  require_keys(spec, "workload",
               {"traces", "sizes", "capacity", "warmup", "fitness", "policy", "windows",
                "shares_of"});
  auto workload = std::make_unique<CacheWorkload>();
  if (auto policy = spec.find("policy"); policy != spec.end()) {
    workload->policy_ = policy_spec_from_json(*policy, "workload.policy");
  }
  const std::string_view form = interface_name(workload->policy_.interface);
  auto chosen = std::find_if(interfaces.begin(), interfaces.end(),
                             [&](const PolicyInterface& entry) { return entry.name == form; });
  if (chosen == interfaces.end()) {
    throw ConfigError("workload.policy.interface: the cache domain has no \"" + std::string(form) +
                      "\" interface");
  }
  workload->interface_ = *chosen;
  if (auto name = get_string(spec, "fitness", "workload")) {
    workload->fitness_ = parse_fitness(*name, "workload.fitness");
  }
  CapacityUnit unit = CapacityUnit::kObjects;
  if (auto name = get_string(spec, "capacity", "workload")) {
    unit = parse_capacity_unit(*name, "workload.capacity");
  }
  const Warmup warmup = load_warmup(spec);
  workload->windows_ = window_spec_from_json(spec);
  auto sizes = load_sizes(spec);  // checked before the (slow) trace loading
  auto list = spec.find("traces");
  if (list == spec.end() || !list->is_array() || list->empty()) {
    throw ConfigError("workload.traces: expected a non-empty list of traces");
  }
  const bool of_whole = shares_of_whole_trace(spec);
  std::vector<traces::Trace> search;
  std::vector<traces::Trace> held_out;
  std::vector<ShareBasis> source_basis;    // per search trace
  std::vector<ShareBasis> held_out_basis;  // per held-out trace, of_whole only
  for (size_t i = 0; i < list->size(); ++i) {
    std::string context = "workload.traces[" + std::to_string(i) + "]";
    std::optional<ShareBasis> whole;
    std::function<void(const traces::Trace&)> on_whole;
    if (of_whole) {
      on_whole = [&](const traces::Trace& trace) { whole = share_basis(trace, sizes, unit); };
    }
    LoadedTrace loaded = load_trace((*list)[i], context, base_dir, on_whole);
    for (const auto& earlier : search) {
      if (earlier.name == loaded.search.name) {
        throw ConfigError(context + ": a second trace named \"" + loaded.search.name +
                          "\"; trace names must be unique within a workload");
      }
    }
    source_basis.push_back(whole ? *whole : share_basis(loaded.search, sizes, unit));
    search.push_back(std::move(loaded.search));
    if (loaded.holdout) {
      held_out.push_back(std::move(*loaded.holdout));
      if (whole) held_out_basis.push_back(*whole);
    }
  }
  std::vector<uint64_t> window_of;
  std::vector<size_t> source_of;
  search = cut_windows(std::move(search), workload->windows_, traces::split_windows, window_of,
                       source_of);
  std::vector<ShareBasis> basis;
  for (size_t source : source_of) basis.push_back(source_basis[source]);
  workload->traces_ = std::make_shared<const std::vector<traces::Trace>>(std::move(search));
  workload->add_instances(sizes, unit, warmup.requests, warmup.percent, false, window_of, basis);
  if (!held_out.empty()) {
    auto rest = workload->sibling();
    rest->traces_ = std::make_shared<const std::vector<traces::Trace>>(std::move(held_out));
    rest->add_instances(sizes, unit, warmup.requests, warmup.percent, true, {}, held_out_basis);
    rest->compute_references();
    workload->held_out_ = std::move(rest);
  }
  workload->compute_references();
  return workload;
}

std::unique_ptr<CacheWorkload> CacheWorkload::sibling() const {
  auto workload = std::make_unique<CacheWorkload>();
  workload->interface_ = interface_;
  workload->policy_ = policy_;
  workload->fitness_ = fitness_;
  workload->windows_ = windows_;
  return workload;
}

void CacheWorkload::add_instances(const std::vector<CacheSize>& sizes, CapacityUnit unit,
                                  uint64_t warmup_requests, double warmup_percent,
                                  bool is_holdout, const std::vector<uint64_t>& window_of,
                                  const std::vector<ShareBasis>& basis) {
  const Warmup warmup{warmup_requests, warmup_percent};
  for (size_t t = 0; t < traces_->size(); ++t) {
    const auto& trace = (*traces_)[t];
    if (trace.requests.empty()) throw ConfigError("trace " + trace.name + " has no requests");
    const ShareBasis shares = basis.empty() ? share_basis(trace, sizes, unit) : basis[t];
    const uint64_t warm = warmup.of(trace.requests.size());
    if (warm >= trace.requests.size()) {
      throw ConfigError("workload.warmup: " + std::to_string(warm) + " requests leave none of trace " +
                        trace.name + " (" + std::to_string(trace.requests.size()) +
                        " requests) to measure");
    }
    for (const auto& size : sizes) {
      auto resolved =
          resolve_capacity(size, unit, shares.objects, shares.footprint_bytes, trace.name);
      CacheInstance cell;
      cell.trace = t;
      cell.window = window_of.empty() ? 0 : window_of[t];
      cell.requests = trace.requests.size();
      cell.config = {resolved.capacity, resolved.is_bytes, trace.objects(), warm};
      cells_.push_back(cell);
      infos_.push_back(
          {trace.name + "@" + size.label, trace.name, setting_label(size, resolved), is_holdout});
    }
  }
}

CacheWorkload::ShareBasis CacheWorkload::share_basis(const traces::Trace& trace,
                                                     const std::vector<CacheSize>& sizes,
                                                     CapacityUnit unit) {
  // Only a share of bytes needs the footprint, and computing it is a pass over the trace.
  const bool needs_footprint =
      unit == CapacityUnit::kBytes &&
      std::any_of(sizes.begin(), sizes.end(),
                  [](const CacheSize& size) { return size.kind == CacheSize::Kind::kPercent; });
  return {trace.objects(), needs_footprint ? traces::compute_stats(trace).footprint_bytes : 0};
}

// FIFO is the reference of the reduction metrics, Belady (BeladySize for byte capacities, when
// registered) that of the gap to optimal. Computed once here, in the parent, so the fitness never
// depends on figures a candidate's process reports about anything but itself.
void CacheWorkload::compute_references() {
  const Baseline* fifo = find_baseline("fifo");
  tbb::parallel_for(size_t{0}, cells_.size(), [&](size_t i) {
    CacheInstance& cell = cells_[i];
    const auto requests = requests_of(cell);
    const Baseline* belady = cell.config.is_bytes && find_baseline("beladysize") != nullptr
                                 ? find_baseline("beladysize")
                                 : find_baseline("belady");
    CacheResult fifo_result = fifo->run(requests, cell.config);
    CacheResult belady_result = belady->run(requests, cell.config);
    cell.fifo_miss_ratio = fifo_result.miss_ratio();
    cell.fifo_byte_miss_ratio = fifo_result.byte_miss_ratio();
    cell.belady_miss_ratio = belady_result.miss_ratio();
    cell.belady_byte_miss_ratio = belady_result.byte_miss_ratio();
  });
}

std::span<const traces::Request> CacheWorkload::requests_of(const CacheInstance& cell) const {
  return std::span<const traces::Request>((*traces_)[cell.trace].requests).first(cell.requests);
}

std::unique_ptr<Workload> CacheWorkload::make_quick(double fraction) const {
  if (!(fraction > 0 && fraction <= 1)) {
    throw ConfigError("the quick workload's fraction must be in (0, 1], got " +
                      std::to_string(fraction));
  }
  auto quick = sibling();
  quick->traces_ = traces_;
  quick->infos_ = infos_;
  quick->cells_ = cells_;
  for (auto& cell : quick->cells_) {
    const uint64_t all = cell.requests;
    const auto wanted = static_cast<uint64_t>(std::ceil(fraction * static_cast<double>(all)));
    cell.requests = std::clamp<uint64_t>(wanted, 1, all);
    // warmup < all, so fewer than cell.requests are warm-up: at least one request is measured.
    cell.config.warmup = cell.config.warmup * cell.requests / all;
  }
  quick->compute_references();
  return quick;
}

InstanceMetrics CacheWorkload::to_metrics(size_t instance, const CacheResult& result) const {
  const CacheInstance& cell = cells_[instance];
  InstanceMetrics metrics{infos_[instance].key, result.miss_ratio(),
          {{"requests", result.requests},
           {"hits", result.hits},
           {"misses", result.misses()},
           {"capacity", result.capacity},
           {"capacity_unit", result.is_bytes ? "bytes" : "objects"},
           {"warmup", result.warmup},
           {"miss_ratio", result.miss_ratio()},
           {"byte_miss_ratio", result.byte_miss_ratio()},
           {"reduction_vs_fifo", reduction(cell.fifo_miss_ratio, result.miss_ratio())},
           {"byte_reduction_vs_fifo",
            reduction(cell.fifo_byte_miss_ratio, result.byte_miss_ratio())},
           {"gap_to_belady", result.miss_ratio() - cell.belady_miss_ratio},
           {"fifo_miss_ratio", cell.fifo_miss_ratio},
           {"belady_miss_ratio", cell.belady_miss_ratio}}};
  if (result.has_victim_stats) {
    const double evictions = static_cast<double>(result.evictions);
    metrics.details["evictions"] = result.evictions;
    metrics.details["unused_victims"] =
        result.evictions == 0 ? 0.0 : static_cast<double>(result.unused_evictions) / evictions;
    metrics.details["victim_age_log2"] =
        result.evictions == 0 ? 0.0 : result.victim_age_log2_sum / evictions;
  }
  return metrics;
}

std::vector<BehaviourDescriptor> CacheWorkload::behaviour_descriptors() const {
  return {{"victim_age",
           "mean log2(1 + requests since a victim's last access / residents), over 4: high for "
           "recency (LRU evicts the longest idle), low for frequency or quick demotion"},
          {"unused_victims", "the share of victims evicted without a hit since they came in"}};
}

std::vector<double> CacheWorkload::behaviour(std::span<const InstanceMetrics> metrics) const {
  return {std::clamp(mean_detail(metrics, "victim_age_log2") / 4.0, 0.0, 1.0),
          std::clamp(mean_detail(metrics, "unused_victims"), 0.0, 1.0)};
}

double CacheWorkload::fitness(std::span<const InstanceMetrics> metrics) const {
  std::vector<double> scores(metrics.size());
  std::vector<uint64_t> window_of(metrics.size());
  for (size_t i = 0; i < metrics.size(); ++i) {
    window_of[i] = cells_[i].window;
    const CacheInstance& cell = cells_[i];
    const double miss_ratio = metrics[i].metric;
    // The byte miss ratio travels in the details; a missing or non-numeric one scores worst.
    const auto& details = metrics[i].details;
    double byte_miss_ratio = 1.0;
    if (details.is_object() && details.contains("byte_miss_ratio") &&
        details["byte_miss_ratio"].is_number()) {
      byte_miss_ratio = details["byte_miss_ratio"].get<double>();
    }
    switch (fitness_) {
      case Fitness::kReductionVsFifo:
        scores[i] = reduction(cell.fifo_miss_ratio, miss_ratio);
        break;
      case Fitness::kByteReductionVsFifo:
        scores[i] = reduction(cell.fifo_byte_miss_ratio, byte_miss_ratio);
        break;
      case Fitness::kHitRatio:
        scores[i] = 1.0 - miss_ratio;
        break;
      case Fitness::kByteHitRatio:
        scores[i] = 1.0 - byte_miss_ratio;
        break;
    }
  }
  return combine_windows(scores, window_of, windows_);
}

std::string CacheWorkload::fitness_name() const {
  std::string name = "fitness";
  for (const auto& entry : kFitnessNames) {
    if (entry.fitness == fitness_) name = entry.description;
  }
  // The held-out workload scores whole traces: its name has no windows.
  const bool has_windows = std::any_of(cells_.begin(), cells_.end(),
                                       [](const CacheInstance& cell) { return cell.window > 0; });
  if (!has_windows) return name;
  return name + ", " + window_description(windows_);
}

DecisionRecords CacheWorkload::record_candidate(void* entry) const {
  DecisionRecords records(cells_.size());
  for (size_t i = 0; i < cells_.size(); ++i) {
    const auto& cell = cells_[i];
    (void)simulate_candidate(requests_of(cell), cell.config, policy_, entry, &records[i]);
  }
  return records;
}

std::vector<InstanceMetrics> CacheWorkload::replay(std::span<const std::string> records) const {
  return replay_each(records, cells_.size(), [&](size_t i) {
    const auto& cell = cells_[i];
    return to_metrics(i, replay_victims(requests_of(cell), cell.config, records[i], infos_[i].key));
  });
}

size_t CacheWorkload::max_record_bytes() const {
  size_t total = 8;
  for (const auto& cell : cells_) total += 8 + 4 * cell.requests;  // at most one victim a request
  return total;
}

namespace {

// `trace` with its requests from `point` on reversed (ids and sizes move, timestamps stay) and
// every next-request index recomputed.
traces::Trace alter_after(const traces::Trace& trace, uint64_t point) {
  traces::Trace altered = trace;
  auto& requests = altered.requests;
  for (uint64_t low = point, high = requests.size(); low + 1 < high; ++low, --high) {
    std::swap(requests[low].id, requests[high - 1].id);
    std::swap(requests[low].size, requests[high - 1].size);
  }
  std::vector<uint32_t> next_of(altered.objects(), traces::kNoNextRequest);
  for (size_t i = requests.size(); i-- > 0;) {
    requests[i].next = next_of[requests[i].id];
    next_of[requests[i].id] = static_cast<uint32_t>(i);
  }
  return altered;
}

}  // namespace

std::unique_ptr<Workload> CacheWorkload::make_altered(uint64_t seed) const {
  auto altered = sibling();
  altered->infos_ = infos_;
  altered->cells_ = cells_;
  std::vector<traces::Trace> changed;
  for (size_t t = 0; t < traces_->size(); ++t) {
    const auto& trace = (*traces_)[t];
    const uint64_t point = change_point(trace.requests.size(), seed, t);
    altered->change_points_.push_back(point);
    changed.push_back(alter_after(trace, point));
  }
  altered->traces_ = std::make_shared<const std::vector<traces::Trace>>(std::move(changed));
  return altered;
}

std::optional<std::string> CacheWorkload::first_difference_before_change(
    std::span<const std::string> original, std::span<const std::string> altered) const {
  if (change_points_.empty()) throw std::logic_error("not an altered cache workload");
  // The requests before the change point are the same: decisions there cannot depend on what
  // follows.
  auto bytes_before = [&](size_t i, const std::string& record) {
    const auto& cell = cells_[i];
    const auto before = requests_of(cell).first(std::min(cell.requests, change_points_[cell.trace]));
    return victims_used(before, cell.config, record, infos_[i].key);
  };
  return first_difference_each(original, altered, infos_, bytes_before, "victim");
}

std::vector<InstanceMetrics> CacheWorkload::evaluate_baseline(std::string_view name) const {
  const Baseline* baseline = find_baseline(name);
  if (baseline == nullptr) {
    std::string known;
    for (const auto& b : all_baselines()) known += (known.empty() ? "" : ", ") + std::string(b.name);
    throw ConfigError("unknown cache baseline \"" + std::string(name) + "\" (known: " + known + ")");
  }
  std::vector<InstanceMetrics> metrics(cells_.size());
  tbb::parallel_for(size_t{0}, cells_.size(), [&](size_t i) {
    const auto& cell = cells_[i];
    metrics[i] = to_metrics(i, baseline->run(requests_of(cell), cell.config));
  });
  return metrics;
}

}  // namespace crucible::evaluators::cache
