#include "workload.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>

#include "baselines/baselines.hpp"
#include "evaluators/config.hpp"
#include "evaluators/decision_records.hpp"
#include "memory_model.hpp"
#include "traces/page_slice.hpp"
#include "traces/page_synthetic.hpp"

namespace crucible::evaluators::tiering {
namespace {

// More epochs than this over one trace is an epoch set far too short for the trace's times.
constexpr uint64_t kMaxEpochs = 10'000'000;
// Epochs over a trace's whole span when the workload gives no "epoch".
constexpr uint64_t kDefaultEpochs = 200;

struct LoadedTrace {
  traces::PageTrace search;
  std::optional<traces::PageTrace> holdout;
  uint64_t span = 0;   // of the whole trace, before slicing
  uint64_t pages = 0;  // the whole trace's footprint, before slicing
};

LoadedTrace load_trace(const nlohmann::json& entry, const std::string& context,
                       const std::filesystem::path& base_dir) {
  if (!entry.is_object()) throw ConfigError(context + ": expected an object, got " + entry.dump());
  if (entry.contains("path") == entry.contains("synthetic")) {
    throw ConfigError(context + ": give exactly one of \"path\" or \"synthetic\"");
  }
  traces::PageTrace trace;
  if (entry.contains("synthetic")) {
    require_keys(entry, context, {"synthetic", "slice"});
    trace = traces::generate_page_trace(
        traces::parse_page_synthetic(entry["synthetic"], context + ".synthetic"));
  } else {
    require_keys(entry, context, {"path", "slice"});
    std::filesystem::path path = get_string(entry, "path", context).value();
    if (!traces::is_page_trace_path(path)) {
      throw ConfigError(context + ".path: the tiering domain reads page traces (*.pages or " +
                        "*.pages.zst, see `crucible traces capture`), got " + path.string());
    }
    if (path.is_relative()) path = base_dir / path;
    trace = traces::read_page_trace(path);
  }
  if (trace.accesses.empty()) throw ConfigError(context + ": trace " + trace.name + " has no accesses");
  LoadedTrace loaded;
  loaded.span = trace.accesses.back().time - trace.accesses.front().time;
  loaded.pages = trace.pages();
  if (!entry.contains("slice")) {
    loaded.search = std::move(trace);
    return loaded;
  }
  traces::SliceSpec slice;
  try {
    slice = traces::slice_spec_from_json(entry["slice"], context + ".slice");  // names the field
  } catch (const std::invalid_argument& error) {
    throw ConfigError(error.what());
  }
  try {
    auto split = traces::split_page_trace(trace, slice);
    loaded.search = std::move(split.slice);
    loaded.holdout = std::move(split.holdout);
  } catch (const std::invalid_argument& error) {
    throw ConfigError(context + "." + error.what());  // "slice.first: ..."
  }
  return loaded;
}

std::string number_text(double value) { return nlohmann::json(value).dump(); }

}  // namespace

double oracle_gain(double all_slow_ns, double oracle_ns, double time_ns) {
  const double best = all_slow_ns - oracle_ns;
  return best > 0 ? (all_slow_ns - time_ns) / best : 0.0;
}

std::vector<TierWorkload::Size> TierWorkload::load_sizes(const nlohmann::json& spec) {
  constexpr std::string_view kHow =
      "expected a fast-tier size in pages (1000) or a share of the footprint (\"25%\")";
  auto it = spec.find("sizes");
  if (it == spec.end() || !it->is_array() || it->empty()) {
    throw ConfigError("workload.sizes: " + std::string(kHow) + ", as a non-empty list");
  }
  std::vector<Size> sizes;
  for (size_t i = 0; i < it->size(); ++i) {
    const auto& value = (*it)[i];
    const std::string context = "workload.sizes[" + std::to_string(i) + "]";
    auto fail = [&] { throw ConfigError(context + ": " + std::string(kHow) + ", got " + value.dump()); };
    // A count may come as a number or, from the command line, as text ("1000").
    if (!value.is_string() && !value.is_number_integer()) fail();
    const std::string text = value.is_string() ? value.get<std::string>() : value.dump();
    const bool is_share = text.ends_with('%');
    const char* first = text.data();
    const char* last = text.data() + text.size() - (is_share ? 1 : 0);
    Size size;
    const auto [end, error] = is_share ? std::from_chars(first, last, size.percent)
                                       : std::from_chars(first, last, size.pages);
    if (first == last || error != std::errc() || end != last) fail();
    if (is_share && !(size.percent > 0 && size.percent <= 100)) {
      throw ConfigError(context + ": the share must be in (0%, 100%], got " + value.dump());
    }
    if (!is_share && size.pages == 0) fail();
    size.label = is_share ? text : std::to_string(size.pages);
    sizes.push_back(size);
  }
  return sizes;
}

std::unique_ptr<TierWorkload> TierWorkload::load(const nlohmann::json& spec,
                                                 const std::filesystem::path& base_dir,
                                                 const std::vector<PolicyInterface>& interfaces) {
  require_keys(spec, "workload",
               {"traces", "sizes", "memory", "epoch", "pingpong_window", "fitness", "policy",
                "windows", "shares_of"});
  auto workload = std::make_unique<TierWorkload>();
  if (auto policy = spec.find("policy"); policy != spec.end()) {
    require_keys(*policy, "workload.policy", {"interface"});
    const std::string name = get_string(*policy, "interface", "workload.policy").value_or("rank");
    if (name == "rank") {
      workload->form_ = PolicyForm::kRank;
    } else if (name == "hooks") {
      workload->form_ = PolicyForm::kHooks;
    } else {
      throw ConfigError("workload.policy.interface: unknown interface \"" + name +
                        "\" (known: rank, hooks)");
    }
  }
  auto chosen = std::find_if(interfaces.begin(), interfaces.end(), [&](const PolicyInterface& entry) {
    return entry.name == interface_name(workload->form_);
  });
  if (chosen == interfaces.end()) {
    throw ConfigError("workload.policy.interface: the tiering domain has no \"" +
                      std::string(interface_name(workload->form_)) + "\" interface");
  }
  workload->interface_ = *chosen;
  if (auto name = get_string(spec, "fitness", "workload")) {
    if (*name == "speedup") {
      workload->fitness_ = Fitness::kSpeedup;
    } else if (*name == "oracle_gain") {
      workload->fitness_ = Fitness::kOracleGain;
    } else {
      throw ConfigError("workload.fitness: unknown fitness \"" + *name +
                        "\" (known: speedup, oracle_gain)");
    }
  }
  Settings settings;
  settings.memory = memory_model_from_json(spec.value("memory", nlohmann::json::object()),
                                           "workload.memory");
  settings.pingpong_window = get_uint(spec, "pingpong_window", "workload", 1).value_or(4);
  const std::optional<uint64_t> epoch = get_uint(spec, "epoch", "workload", 1);
  workload->windows_ = window_spec_from_json(spec);
  const auto sizes = load_sizes(spec);  // checked before the (slow) trace loading
  auto list = spec.find("traces");
  if (list == spec.end() || !list->is_array() || list->empty()) {
    throw ConfigError("workload.traces: expected a non-empty list of page traces");
  }
  std::vector<traces::PageTrace> search;
  std::vector<traces::PageTrace> held_out;
  const bool of_whole = shares_of_whole_trace(spec);
  std::vector<uint64_t> source_pages;            // per search trace: what its shares are of
  std::vector<uint64_t> held_out_pages;          // per held-out trace, of_whole only
  std::vector<uint64_t> epoch_lengths;           // per search trace
  std::vector<uint64_t> held_out_epoch_lengths;  // per held-out trace
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string context = "workload.traces[" + std::to_string(i) + "]";
    LoadedTrace loaded = load_trace((*list)[i], context, base_dir);
    for (const auto& earlier : search) {
      if (earlier.name == loaded.search.name) {
        throw ConfigError(context + ": a second trace named \"" + loaded.search.name +
                          "\"; trace names must be unique within a workload");
      }
    }
    const uint64_t length = epoch.value_or(std::max<uint64_t>(1, loaded.span / kDefaultEpochs));
    if (loaded.span / length > kMaxEpochs) {
      throw ConfigError("workload.epoch: " + std::to_string(length) + " gives " +
                        std::to_string(loaded.span / length) + " epochs over trace " +
                        loaded.search.name + " (times span " + std::to_string(loaded.span) +
                        "); at most " + std::to_string(kMaxEpochs) + " are allowed");
    }
    epoch_lengths.push_back(length);
    source_pages.push_back(of_whole ? loaded.pages : loaded.search.pages());
    search.push_back(std::move(loaded.search));
    if (loaded.holdout) {
      if (of_whole) held_out_pages.push_back(loaded.pages);
      held_out_epoch_lengths.push_back(length);
      held_out.push_back(std::move(*loaded.holdout));
    }
  }
  std::vector<uint64_t> window_of;
  std::vector<size_t> source_of;
  search = cut_windows(std::move(search), workload->windows_, traces::split_page_windows,
                       window_of, source_of);
  std::vector<uint64_t> window_epochs;
  std::vector<uint64_t> share_pages;
  for (size_t source : source_of) {
    window_epochs.push_back(epoch_lengths[source]);
    share_pages.push_back(source_pages[source]);
  }
  workload->traces_ = std::make_shared<const std::vector<traces::PageTrace>>(std::move(search));
  workload->add_instances(sizes, settings, window_epochs, false, window_of, share_pages);
  if (!held_out.empty()) {
    auto rest = workload->sibling();
    rest->traces_ = std::make_shared<const std::vector<traces::PageTrace>>(std::move(held_out));
    rest->add_instances(sizes, settings, held_out_epoch_lengths, true, {}, held_out_pages);
    rest->compute_references();
    workload->held_out_ = std::move(rest);
  }
  workload->compute_references();
  return workload;
}

std::unique_ptr<TierWorkload> TierWorkload::sibling() const {
  auto workload = std::make_unique<TierWorkload>();
  workload->interface_ = interface_;
  workload->form_ = form_;
  workload->fitness_ = fitness_;
  workload->windows_ = windows_;
  return workload;
}

void TierWorkload::add_instances(const std::vector<Size>& sizes, const Settings& settings,
                                 const std::vector<uint64_t>& epoch_lengths, bool is_holdout,
                                 const std::vector<uint64_t>& window_of,
                                 const std::vector<uint64_t>& share_pages) {
  for (size_t t = 0; t < traces_->size(); ++t) {
    const auto& trace = (*traces_)[t];
    const uint64_t footprint = share_pages.empty() ? trace.pages() : share_pages[t];
    for (const auto& size : sizes) {
      TierInstance cell;
      cell.trace = t;
      cell.window = window_of.empty() ? 0 : window_of[t];
      cell.accesses = trace.accesses.size();
      cell.config.memory = settings.memory;
      cell.config.pages = trace.pages();
      cell.config.fast_capacity =
          size.pages != 0 ? size.pages
                          : std::max<uint64_t>(1, static_cast<uint64_t>(std::floor(
                                                      size.percent / 100.0 *
                                                      static_cast<double>(footprint))));
      cell.config.epoch_length = epoch_lengths[t];
      cell.config.sample_period = trace.sample_period;
      cell.config.pingpong_window = settings.pingpong_window;
      cells_.push_back(cell);
      const std::string setting =
          size.pages != 0 ? size.label
                          : size.label + " (" + std::to_string(cell.config.fast_capacity) + ")";
      infos_.push_back({trace.name + "@" + size.label, trace.name, setting, is_holdout});
    }
  }
}

// Computed once here, in the parent, so the fitness never rests on figures a candidate's process
// reports about anything but itself; evaluate_baseline reports these same replays.
void TierWorkload::compute_references() {
  tbb::parallel_for(size_t{0}, cells_.size(), [&](size_t i) {
    TierInstance& cell = cells_[i];
    const auto accesses = accesses_of(cell);
    cell.all_slow_ns = all_in_tier_ns(accesses, cell.config, CRUCIBLE_SLOW);
    cell.all_fast_ns = all_in_tier_ns(accesses, cell.config, CRUCIBLE_FAST);
    const BaselineContext context{accesses, cell.config};
    for (const auto& baseline : all_baselines()) {
      TierResult result = run_baseline(baseline, context);
      if (baseline.is_oracle) {
        cell.oracle = result;
      } else {
        cell.baselines[std::string(baseline.name)] = result;
      }
    }
  });
}

std::span<const traces::PageAccess> TierWorkload::accesses_of(const TierInstance& cell) const {
  return std::span<const traces::PageAccess>((*traces_)[cell.trace].accesses).first(cell.accesses);
}

std::unique_ptr<Workload> TierWorkload::make_quick(double fraction) const {
  if (!(fraction > 0 && fraction <= 1)) {
    throw ConfigError("the quick workload's fraction must be in (0, 1], got " +
                      number_text(fraction));
  }
  auto quick = sibling();
  quick->traces_ = traces_;
  quick->infos_ = infos_;
  quick->cells_ = cells_;
  for (auto& cell : quick->cells_) {
    const auto wanted =
        static_cast<uint64_t>(std::ceil(fraction * static_cast<double>(cell.accesses)));
    cell.accesses = std::clamp<uint64_t>(wanted, 1, cell.accesses);
  }
  quick->compute_references();
  return quick;
}

InstanceMetrics TierWorkload::to_metrics(size_t instance, const TierResult& result) const {
  const TierInstance& cell = cells_[instance];
  const double time = result.time_ns();
  auto ratio = [&](double reference) { return time > 0 ? reference / time : 1.0; };
  nlohmann::json versus = nlohmann::json::object();
  for (const auto& [name, reference] : cell.baselines) versus[name] = ratio(reference.time_ns());
  InstanceMetrics metrics{infos_[instance].key, ratio(cell.all_slow_ns),
          {{"time_ns", time},
           {"access_ns", result.access_ns},
           {"stall_ns", result.stall_ns},
           {"speedup", ratio(cell.all_slow_ns)},
           {"fast_hit_ratio", result.fast_hit_ratio()},
           {"promotions", result.promotions},
           {"demotions", result.demotions},
           {"pingpongs", result.pingpongs},
           {"epochs", result.epochs},
           {"accesses", result.accesses},
           {"fast_capacity", cell.config.fast_capacity},
           {"pages", cell.config.pages},
           {"epoch_length", cell.config.epoch_length},
           {"all_slow_ns", cell.all_slow_ns},
           {"all_fast_ns", cell.all_fast_ns},
           {"oracle_ns", cell.oracle.time_ns()},
           {"oracle_gain", oracle_gain(cell.all_slow_ns, cell.oracle.time_ns(), time)},
           {"migration_limit", cell.config.memory.migration_limit},
           {"speedup_vs", versus}}};
  // The behaviour descriptors' per-instance values (none when the instance had no move budget).
  const double moved = static_cast<double>(result.promotions + result.demotions);
  const double budget =
      static_cast<double>(result.epochs) * static_cast<double>(cell.config.memory.migration_limit);
  if (budget > 0) {
    metrics.details["moves_scaled"] =
        std::log2(1.0 + 1023.0 * std::clamp(moved / budget, 0.0, 1.0)) / 10.0;
    metrics.details["promotion_share"] =
        moved > 0 ? static_cast<double>(result.promotions) / moved : 0.0;
  }
  return metrics;
}

std::vector<BehaviourDescriptor> TierWorkload::behaviour_descriptors() const {
  return {{"moves",
           "pages moved per epoch over the migration limit, on a log scale: log2(1 + 1023 x "
           "share) / 10"},
          {"promotions", "the share of moves that were promotions (0 for a reclaim-only policy)"}};
}

std::vector<double> TierWorkload::behaviour(std::span<const InstanceMetrics> metrics) const {
  return {std::clamp(mean_detail(metrics, "moves_scaled"), 0.0, 1.0),
          std::clamp(mean_detail(metrics, "promotion_share"), 0.0, 1.0)};
}

double TierWorkload::fitness(std::span<const InstanceMetrics> metrics) const {
  std::vector<double> scores(metrics.size(), 0.0);
  std::vector<uint64_t> window_of(metrics.size());
  for (size_t i = 0; i < metrics.size(); ++i) {
    const TierInstance& cell = cells_[i];
    window_of[i] = cell.window;
    const double speedup = metrics[i].metric;
    // Nothing beats keeping every page fast for free: a speedup above that bound (or not a
    // number) is a figure the candidate's process made up, and scores nothing.
    const double bound = cell.all_fast_ns > 0 ? cell.all_slow_ns / cell.all_fast_ns : 1.0;
    if (!(speedup > 0 && speedup <= bound * (1 + 1e-9))) continue;
    if (fitness_ == Fitness::kSpeedup) {
      scores[i] = speedup;
    } else {
      scores[i] = oracle_gain(cell.all_slow_ns, cell.oracle.time_ns(), cell.all_slow_ns / speedup);
    }
  }
  return combine_windows(scores, window_of, windows_);
}

std::string TierWorkload::fitness_name() const {
  const std::string name = fitness_ == Fitness::kSpeedup ? "mean speedup over all-slow"
                                                         : "mean share of the oracle's gain";
  // The held-out workload replays whole traces: its name has no windows.
  const bool has_windows = std::any_of(cells_.begin(), cells_.end(),
                                       [](const TierInstance& cell) { return cell.window > 0; });
  return has_windows ? name + ", " + window_description(windows_) : name;
}

DecisionRecords TierWorkload::record_candidate(void* entry) const {
  DecisionRecords records(cells_.size());
  for (size_t i = 0; i < cells_.size(); ++i) {
    const auto& cell = cells_[i];
    (void)simulate_candidate(accesses_of(cell), cell.config, form_, entry, &records[i]);
  }
  return records;
}

std::vector<InstanceMetrics> TierWorkload::replay(std::span<const std::string> records) const {
  return replay_each(records, cells_.size(), [&](size_t i) {
    const auto& cell = cells_[i];
    return to_metrics(i, replay_moves(accesses_of(cell), cell.config, records[i], infos_[i].key));
  });
}

size_t TierWorkload::max_record_bytes() const {
  size_t total = 8;
  for (const auto& cell : cells_) {
    const auto accesses = accesses_of(cell);
    const uint64_t span = accesses.empty() ? 0 : accesses.back().time - accesses.front().time;
    const uint64_t epochs = span / cell.config.epoch_length + 1;
    total += 8 + 4 * epochs * (1 + cell.config.memory.migration_limit);
  }
  return total;
}

namespace {

// `trace` with its accesses from `point` on reversed (page and kind move, times stay), and the
// pages first touched from there on renumbered in their new order of first access.
traces::PageTrace alter_after(const traces::PageTrace& trace, uint64_t point) {
  traces::PageTrace altered = trace;
  auto& accesses = altered.accesses;
  for (uint64_t low = point, high = accesses.size(); low + 1 < high; ++low, --high) {
    std::swap(accesses[low].page, accesses[high - 1].page);
    std::swap(accesses[low].is_write, accesses[high - 1].is_write);
  }
  uint32_t known = 0;  // pages touched before `point` are 0 .. known - 1
  for (uint64_t i = 0; i < point && i < accesses.size(); ++i) {
    known = std::max(known, accesses[i].page + 1);
  }
  constexpr uint32_t kUnset = UINT32_MAX;
  std::vector<uint32_t> renumbered(trace.pages(), kUnset);
  uint32_t next = known;
  for (uint64_t i = point; i < accesses.size(); ++i) {
    uint32_t& page = accesses[i].page;
    if (page < known) continue;
    if (renumbered[page] == kUnset) {
      renumbered[page] = next;
      altered.page_numbers[next] = trace.page_numbers[page];
      ++next;
    }
    page = renumbered[page];
  }
  return altered;
}

}  // namespace

std::unique_ptr<Workload> TierWorkload::make_altered(uint64_t seed) const {
  auto altered = sibling();
  altered->infos_ = infos_;
  altered->cells_ = cells_;
  std::vector<traces::PageTrace> changed;
  for (size_t t = 0; t < traces_->size(); ++t) {
    const auto& trace = (*traces_)[t];
    const uint64_t point = change_point(trace.accesses.size(), seed, t);
    altered->change_points_.push_back(point);
    changed.push_back(alter_after(trace, point));
  }
  altered->traces_ = std::make_shared<const std::vector<traces::PageTrace>>(std::move(changed));
  return altered;
}

std::optional<std::string> TierWorkload::first_difference_before_change(
    std::span<const std::string> original, std::span<const std::string> altered) const {
  if (change_points_.empty()) throw std::logic_error("not an altered tiering workload");
  // The accesses before the change point are the same: the epochs that end within them see
  // nothing of what follows.
  auto bytes_before = [&](size_t i, const std::string& record) {
    const auto& cell = cells_[i];
    const auto before =
        accesses_of(cell).first(std::min(cell.accesses, change_points_[cell.trace]));
    return moves_used(before, cell.config, record, infos_[i].key);
  };
  return first_difference_each(original, altered, infos_, bytes_before, "move-list");
}

std::vector<InstanceMetrics> TierWorkload::evaluate_baseline(std::string_view name) const {
  const Baseline* baseline = find_baseline(name);
  if (baseline == nullptr) {
    std::string known;
    for (const auto& b : all_baselines()) known += (known.empty() ? "" : ", ") + std::string(b.name);
    throw ConfigError("unknown tiering baseline \"" + std::string(name) + "\" (known: " + known +
                      ")");
  }
  std::vector<InstanceMetrics> metrics;
  for (size_t i = 0; i < cells_.size(); ++i) {
    const auto& cell = cells_[i];
    metrics.push_back(to_metrics(i, baseline->is_oracle
                                        ? cell.oracle
                                        : cell.baselines.at(std::string(baseline->name))));
  }
  return metrics;
}

}  // namespace crucible::evaluators::tiering
