#include "rank_helpers.hpp"

#include <algorithm>
#include <cmath>

#include "evaluators/domain.hpp"

namespace crucible::evaluators::cache {
namespace {


// The book whose simulation runs on this thread. The candidate hands the helpers only a state
// pointer; checking it against the active book means a forged or copied state reaches nothing.
thread_local CacheBook* g_active = nullptr;

CacheBook* book_of(const CacheState* state, const char* helper) {
  CacheBook* book = g_active;
  if (book == nullptr) return nullptr;
  if (state != &book->state()) {
    book->set_fault(std::string(helper) + " was given a CacheState that is not the cache's own");
    return nullptr;
  }
  return book;
}

double host_percentile(const CacheState* state, int feature, double q) {
  CacheBook* book = book_of(state, "crucible_cache_percentile");
  return book == nullptr ? 0 : book->percentile(feature, q);
}

double host_rank(const CacheState* state, int feature, double value) {
  CacheBook* book = book_of(state, "crucible_cache_rank");
  return book == nullptr ? 0 : book->rank(feature, value);
}

uint64_t host_recent_requests(const CacheState* state, uint64_t id) {
  CacheBook* book = book_of(state, "crucible_cache_recent_requests");
  return book == nullptr ? 0 : book->recent_requests(id);
}

int host_ghost_contains(const CacheState* state, uint64_t id, uint64_t evictions) {
  CacheBook* book = book_of(state, "crucible_cache_ghost_contains");
  return book == nullptr ? 0 : book->ghost_contains(id, evictions);
}

constexpr CacheHelpers kHelpers = {host_percentile, host_rank, host_recent_requests,
                                   host_ghost_contains};

}  // namespace

CacheBook::CacheBook(std::span<const traces::Request> requests, const CacheConfig& config)
    : requests_(requests), config_(config), records_(config.objects), previous_active_(g_active) {
  // At most one slot per object; a cache larger than the trace must not reserve its capacity.
  slots_.reserve(std::min<uint64_t>(config.is_bytes ? 1024 : config.capacity, config.objects));
  state_.capacity = config.capacity;
  state_.is_bytes = config.is_bytes ? 1 : 0;
  state_.helpers = &kHelpers;
  g_active = this;
}

CacheBook::~CacheBook() { g_active = previous_active_; }

void CacheBook::throw_bad_id(const traces::Request& request, uint64_t time) const {
  throw ConfigError("request " + std::to_string(time) + " has object id " +
                    std::to_string(request.id) + ", not below CacheConfig.objects = " +
                    std::to_string(config_.objects));
}

void CacheBook::evict(uint64_t id, double priority) { evict_slot(records_[id].slot, priority); }

void CacheBook::touch_with_statistics(CacheObject& object) {
  for (int feature : {CRUCIBLE_RECENCY, CRUCIBLE_FREQUENCY}) {
    if (order_[feature].is_built()) order_[feature].add(feature_key(feature, object), -1);
  }
  object.last_access = state_.now;
  object.access_count += 1;
  for (int feature : {CRUCIBLE_RECENCY, CRUCIBLE_FREQUENCY}) {
    if (order_[feature].is_built()) order_[feature].add(feature_key(feature, object), 1);
  }
}

uint64_t CacheBook::feature_key(int feature, const CacheObject& object) const {
  switch (feature) {
    case CRUCIBLE_SIZE:
      return std::lower_bound(sorted_sizes_.begin(), sorted_sizes_.end(), object.size) -
             sorted_sizes_.begin();
    case CRUCIBLE_AGE:
      return object.insert_time;
    case CRUCIBLE_RECENCY:
      return object.last_access;
    default:
      return object.access_count;
  }
}

// Built on the first call that needs it, so a policy that never asks pays nothing.
OrderStatistics& CacheBook::statistics(int feature) {
  OrderStatistics& order = order_[feature];
  if (order.is_built()) return order;
  uint64_t domain = requests_.size() + 1;  // times and counts are below it
  if (feature == CRUCIBLE_SIZE) {
    for (const auto& request : requests_) sorted_sizes_.push_back(request.size);
    std::sort(sorted_sizes_.begin(), sorted_sizes_.end());
    sorted_sizes_.erase(std::unique(sorted_sizes_.begin(), sorted_sizes_.end()),
                        sorted_sizes_.end());
    domain = sorted_sizes_.size();
  }
  order = OrderStatistics(domain);
  any_statistics_ = true;
  for (const CacheObject& object : slots_) {
    if (object.id != kHole) order.add(feature_key(feature, object), 1);
  }
  return order;
}

void CacheBook::add_to_statistics(const CacheObject& object, int32_t delta) {
  for (int feature = 0; feature < kFeatureCount; ++feature) {
    if (order_[feature].is_built()) order_[feature].add(feature_key(feature, object), delta);
  }
}

bool CacheBook::is_feature(int feature, const char* helper) {
  if (feature >= 0 && feature < kFeatureCount) return true;
  set_fault(std::string(helper) + ": feature " + std::to_string(feature) +
            " is not CRUCIBLE_SIZE, CRUCIBLE_AGE, CRUCIBLE_RECENCY or CRUCIBLE_FREQUENCY");
  return false;
}

double CacheBook::percentile(int feature, double q) {
  if (!is_feature(feature, "crucible_cache_percentile")) return 0;
  if (!(q >= 0 && q <= 1)) {
    set_fault("crucible_cache_percentile: q = " + std::to_string(q) + " is not in [0, 1]");
    return 0;
  }
  OrderStatistics& order = statistics(feature);
  const uint64_t n = order.total();
  if (n == 0) return 0;
  // Nearest rank: the k-th smallest value, k = ceil(q * n), at least 1.
  auto k = static_cast<uint64_t>(std::ceil(q * static_cast<double>(n)));
  k = std::clamp<uint64_t>(k, 1, n);
  switch (feature) {
    case CRUCIBLE_SIZE:
      return static_cast<double>(sorted_sizes_[order.kth(k)]);
    case CRUCIBLE_FREQUENCY:
      return static_cast<double>(order.kth(k));
    default:  // ages grow as the stored times shrink: the k-th smallest age is the reverse rank
      return static_cast<double>(state_.now - order.kth(n - k + 1));
  }
}

double CacheBook::rank(int feature, double value) {
  if (!is_feature(feature, "crucible_cache_rank")) return 0;
  if (std::isnan(value)) {
    set_fault("crucible_cache_rank: the value is NaN");
    return 0;
  }
  OrderStatistics& order = statistics(feature);
  const uint64_t n = order.total();
  if (n == 0) return 0;
  constexpr double kHuge = 1e19;  // above every key; keeps the conversions below in range
  uint64_t at_most = 0;
  if (feature == CRUCIBLE_SIZE) {
    uint64_t below = std::upper_bound(sorted_sizes_.begin(), sorted_sizes_.end(), value) -
                     sorted_sizes_.begin();
    at_most = order.count_below(below);
  } else if (feature == CRUCIBLE_FREQUENCY) {
    if (value >= 0) {
      at_most = order.count_below(static_cast<uint64_t>(std::floor(std::min(value, kHuge))) + 1);
    }
  } else if (value >= 0) {
    // age <= value  <=>  stored time >= now - value
    const double earliest = std::ceil(static_cast<double>(state_.now) - std::min(value, kHuge));
    at_most = earliest <= 0 ? n : n - order.count_below(static_cast<uint64_t>(earliest));
  }
  return static_cast<double>(at_most) / static_cast<double>(n);
}

uint64_t CacheBook::recent_requests(uint64_t id) {
  if (id >= config_.objects) return 0;
  if (window_counts_.empty()) {  // first call: count the window so far, then follow it
    window_counts_.assign(config_.objects, 0);
    const uint64_t first = state_.now >= CRUCIBLE_WINDOW ? state_.now - CRUCIBLE_WINDOW + 1 : 0;
    for (uint64_t t = first; t <= state_.now; ++t) ++window_counts_[requests_[t].id];
  }
  return window_counts_[id];
}

int CacheBook::ghost_contains(uint64_t id, uint64_t evictions) {
  if (id >= config_.objects) return 0;
  settle_record(id);
  if (records_[id].eviction_number == 0) return 0;
  return state_.evictions - records_[id].eviction_number < evictions ? 1 : 0;
}

void CacheBook::throw_fault() const { throw InvalidDecision(fault_); }

void CacheBook::set_fault(std::string message) {
  if (fault_.empty()) fault_ = std::move(message) + " (time " + std::to_string(state_.now) + ")";
}

}  // namespace crucible::evaluators::cache
