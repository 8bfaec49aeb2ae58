// TraceBuilder: raw reader output to the compact in-memory Trace.

#include <absl/container/flat_hash_map.h>

#include <limits>
#include <string>

#include "trace.hpp"

namespace crucible::traces {

struct TraceBuilder::IdMap {
  absl::flat_hash_map<uint64_t, uint32_t> dense;
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
  last_seen_ = {};
  ids_->dense = {};
  trace_.requests.shrink_to_fit();
  trace_.object_ids.shrink_to_fit();
  return std::move(trace_);
}

}  // namespace crucible::traces
