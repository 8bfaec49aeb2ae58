// TraceBuilder: raw reader output to the compact in-memory Trace.

#include <absl/container/flat_hash_map.h>

#include <limits>
#include <string>

#include "trace.hpp"

namespace crucible::traces {

namespace {

// A hash that keeps runs of consecutive ids together. Block traces request blocks in runs
// (b, b+1, b+2, ...); with a fully mixing hash each lands in a random slot and every lookup is a
// cache miss, which made the map most of read_trace's time. abseil takes the probe position from
// hash >> 7 and a 7-bit tag from the low bits: here the position is a mix of id / 16 followed by
// id % 16, so 16 consecutive ids share one probe group, while the tag mixes the whole id.
struct LocalityHash {
  size_t operator()(uint64_t id) const {
    const uint64_t group = mix(id >> 4);
    const uint64_t tag = (id * 0x9e3779b97f4a7c15ULL) >> 57;
    return static_cast<size_t>((group << 11) | ((id & 15) << 7) | tag);
  }
  // The splitmix64 finalizer.
  static uint64_t mix(uint64_t x) {
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
  }
};

}  // namespace

struct TraceBuilder::IdMap {
  absl::flat_hash_map<uint64_t, uint32_t, LocalityHash> dense;
};

namespace {
// kNoNextRequest is reserved, so indexes stop one below it.
constexpr uint64_t kMaxRequests = std::numeric_limits<uint32_t>::max() - 1;
}  // namespace

TraceBuilder::TraceBuilder(size_t expected_requests) : ids_(std::make_unique<IdMap>()) {
  trace_.requests.reserve(expected_requests);
  // Real traces have a few requests per object: a quarter avoids most rehashing.
  ids_->dense.reserve(expected_requests / 4 + 16);
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
  const auto [it, is_new] =
      ids_->dense.try_emplace(raw.id, static_cast<uint32_t>(trace_.object_ids.size()));
  if (is_new) trace_.object_ids.push_back(raw.id);
  const uint64_t relative = raw.time >= first_time_ ? raw.time - first_time_ : 0;
  Request request;
  request.id = it->second;
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
  ids_->dense = {};
  trace_.requests.shrink_to_fit();
  trace_.object_ids.shrink_to_fit();
  return std::move(trace_);
}

}  // namespace crucible::traces
