// TraceBuilder: raw reader output to the compact in-memory Trace.

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "trace.hpp"

namespace crucible::traces {
namespace {

// kNoNextRequest is reserved, so indexes stop one below it.
constexpr uint64_t kMaxRequests = std::numeric_limits<uint32_t>::max() - 1;
constexpr uint32_t kUnseen = std::numeric_limits<uint32_t>::max();

// Raw ids map to dense ids through pages of 1024 consecutive raw ids while they are dense enough,
// and through one hash map after. Block traces request runs of neighbouring blocks spread over a
// few million block numbers: a hash map scatters each run over random slots, so every lookup is a
// cache miss (it was most of read_trace's time on P6), while a page serves a whole run from a few
// cache lines. Pages stop when they would hold more than 16 slots per object past 4M slots
// (16 MiB), the case of hashed or widely spread ids; the map then takes over.
constexpr int kPageBits = 10;
constexpr uint64_t kPageIds = uint64_t{1} << kPageBits;
constexpr uint64_t kFreeSlots = uint64_t{1} << 22;
constexpr uint64_t kSlotsPerObject = 16;

}  // namespace

struct TraceBuilder::IdMap {
  bool is_paged = true;
  absl::flat_hash_map<uint64_t, uint32_t> page_of;  // raw id >> kPageBits -> index in pages
  std::vector<std::unique_ptr<uint32_t[]>> pages;
  uint64_t last_page = std::numeric_limits<uint64_t>::max();
  uint32_t* last = nullptr;
  absl::flat_hash_map<uint64_t, uint32_t> dense;  // used once pages stop

  // The dense id slot of `id` (kUnseen when new), or nullptr once the map has taken over.
  uint32_t* paged_slot(uint64_t id, uint64_t objects) {
    const uint64_t page = id >> kPageBits;
    if (page != last_page) {
      const auto it = page_of.find(page);
      if (it != page_of.end()) {
        last = pages[it->second].get();
      } else {
        const uint64_t slots = (pages.size() + 1) * kPageIds;
        if (slots > std::max(kFreeSlots, kSlotsPerObject * objects)) return nullptr;
        page_of.emplace(page, static_cast<uint32_t>(pages.size()));
        pages.push_back(std::make_unique<uint32_t[]>(kPageIds));
        std::fill_n(pages.back().get(), kPageIds, kUnseen);
        last = pages.back().get();
      }
      last_page = page;
    }
    return last + (id & (kPageIds - 1));
  }

  // Moves every object seen so far into the hash map and frees the pages.
  void stop_paging(const std::vector<uint64_t>& object_ids) {
    is_paged = false;
    dense.reserve(object_ids.size() * 2);
    for (size_t index = 0; index < object_ids.size(); ++index) {
      dense.emplace(object_ids[index], static_cast<uint32_t>(index));
    }
    page_of.clear();
    std::vector<std::unique_ptr<uint32_t[]>>().swap(pages);
    last = nullptr;
  }
};

TraceBuilder::TraceBuilder(size_t expected_requests) : ids_(std::make_unique<IdMap>()) {
  trace_.requests.reserve(expected_requests);
}

TraceBuilder::~TraceBuilder() = default;
TraceBuilder::TraceBuilder(TraceBuilder&&) noexcept = default;
TraceBuilder& TraceBuilder::operator=(TraceBuilder&&) noexcept = default;

void TraceBuilder::add(const RawRequest& raw) {
  if (trace_.requests.size() >= kMaxRequests) {
    throw TraceError("trace has more than " + std::to_string(kMaxRequests) +
                     " requests, the most one trace may hold");
  }
  if (trace_.requests.empty()) first_time_ = raw.time;
  const auto next_dense = static_cast<uint32_t>(trace_.object_ids.size());
  uint32_t dense = next_dense;
  uint32_t* slot = ids_->is_paged ? ids_->paged_slot(raw.id, next_dense) : nullptr;
  if (slot == nullptr && ids_->is_paged) ids_->stop_paging(trace_.object_ids);
  if (slot != nullptr) {
    if (*slot == kUnseen) *slot = next_dense;
    dense = *slot;
  } else {
    dense = ids_->dense.try_emplace(raw.id, next_dense).first->second;
  }
  if (dense == next_dense) trace_.object_ids.push_back(raw.id);
  const uint64_t relative = raw.time >= first_time_ ? raw.time - first_time_ : 0;
  Request request;
  request.id = dense;
  request.size = raw.size;
  request.time = relative > std::numeric_limits<uint32_t>::max()
                     ? std::numeric_limits<uint32_t>::max()
                     : static_cast<uint32_t>(relative);
  trace_.requests.push_back(request);
}

Trace TraceBuilder::finish() {
  // One backward pass: the latest index seen for each object is the next request of the earlier.
  last_seen_.assign(trace_.object_ids.size(), kNoNextRequest);
  for (size_t index = trace_.requests.size(); index-- > 0;) {
    Request& request = trace_.requests[index];
    request.next = last_seen_[request.id];
    last_seen_[request.id] = static_cast<uint32_t>(index);
  }
  trace_.time_origin = first_time_;
  last_seen_ = {};
  ids_ = std::make_unique<IdMap>();
  trace_.requests.shrink_to_fit();
  trace_.object_ids.shrink_to_fit();
  return std::move(trace_);
}

}  // namespace crucible::traces
