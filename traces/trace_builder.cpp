// TraceBuilder: raw reader output to the compact in-memory Trace.

#include <absl/container/flat_hash_map.h>
#include <sys/mman.h>

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

// A whole trace's requests are hundreds of megabytes: faulting them in 4 KiB pages cost more than
// parsing P6, so the buffers ask for transparent huge pages (where the kernel leaves that to
// madvise). The advice is only a hint; nothing depends on it being taken.
void advise_huge_pages(void* data, size_t bytes) {
  constexpr uintptr_t kPage = 4096;
  const auto address = reinterpret_cast<uintptr_t>(data);
  const uintptr_t begin = (address + kPage - 1) & ~(kPage - 1);
  const uintptr_t end = (address + bytes) & ~(kPage - 1);
  // Offsets from `data` rather than a pointer made from an integer.
  if (end > begin)
    ::madvise(static_cast<char*>(data) + (begin - address), end - begin, MADV_HUGEPAGE);
}

// An empty vector with room for `capacity` requests, advised before it is touched.
std::vector<Request> advised_buffer(size_t capacity) {
  std::vector<Request> buffer;
  buffer.reserve(capacity);
  advise_huge_pages(buffer.data(), capacity * sizeof(Request));
  return buffer;
}

// 16 MiB of requests: large enough for huge pages, small next to a real trace.
constexpr size_t kChunkRequests = size_t{1} << 20;

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
    // Runs of blocks stay on one page: that case is kept small enough to inline.
    if ((id >> kPageBits) == last_page) return last + (id & (kPageIds - 1));
    return turn_page(id, objects);
  }

  // The slot of an id on another page than the last: found, or on a new page if pages may grow.
  [[gnu::noinline]] uint32_t* turn_page(uint64_t id, uint64_t objects) {
    const uint64_t page = id >> kPageBits;
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
    return last + (id & (kPageIds - 1));
  }

  // The dense id of `id`, which becomes `next_dense` when it is new.
  uint32_t dense_id(uint64_t id, uint32_t next_dense, const std::vector<uint64_t>& object_ids) {
    if (is_paged) {
      if (uint32_t* slot = paged_slot(id, next_dense)) {
        if (*slot == kUnseen) *slot = next_dense;
        return *slot;
      }
      stop_paging(object_ids);
    }
    return dense.try_emplace(id, next_dense).first->second;
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
  // A right guess (a plain oracleGeneral file) makes the first chunk the whole trace.
  if (expected_requests > 0) chunks_.push_back(advised_buffer(expected_requests));
}

TraceBuilder::~TraceBuilder() = default;
TraceBuilder::TraceBuilder(TraceBuilder&&) noexcept = default;
TraceBuilder& TraceBuilder::operator=(TraceBuilder&&) noexcept = default;

void TraceBuilder::add(const RawRequest& raw) {
  if (count_ >= kMaxRequests) {
    throw TraceError("trace has more than " + std::to_string(kMaxRequests) +
                     " requests, the most one trace may hold");
  }
  if (count_ == 0) first_time_ = raw.time;
  if (chunks_.empty() || chunks_.back().size() == chunks_.back().capacity()) {
    // Small first, so a short trace does not hold a whole chunk.
    chunks_.push_back(advised_buffer(chunks_.empty() ? 4096 : kChunkRequests));
  }
  const auto next_dense = static_cast<uint32_t>(trace_.object_ids.size());
  const uint32_t dense = ids_->dense_id(raw.id, next_dense, trace_.object_ids);
  if (dense == next_dense) trace_.object_ids.push_back(raw.id);
  const uint64_t relative = raw.time >= first_time_ ? raw.time - first_time_ : 0;
  Request request;
  request.id = dense;
  request.size = raw.size;
  request.time = relative > std::numeric_limits<uint32_t>::max()
                     ? std::numeric_limits<uint32_t>::max()
                     : static_cast<uint32_t>(relative);
  chunks_.back().push_back(request);
  ++count_;
}

Trace TraceBuilder::finish() {
  if (chunks_.size() == 1 && chunks_[0].capacity() - count_ <= count_ / 8) {
    trace_.requests = std::move(chunks_[0]);
  } else {
    trace_.requests = advised_buffer(count_);
    for (std::vector<Request>& chunk : chunks_) {
      trace_.requests.insert(trace_.requests.end(), chunk.begin(), chunk.end());
      std::vector<Request>().swap(chunk);  // freed at once, so the peak is one copy + one chunk
    }
  }
  chunks_.clear();
  // One backward pass: the latest index seen for each object is the next request of the earlier.
  std::vector<uint32_t> last_seen(trace_.object_ids.size(), kNoNextRequest);
  for (size_t index = trace_.requests.size(); index-- > 0;) {
    Request& request = trace_.requests[index];
    request.next = last_seen[request.id];
    last_seen[request.id] = static_cast<uint32_t>(index);
  }
  trace_.time_origin = first_time_;
  ids_ = std::make_unique<IdMap>();
  count_ = 0;
  trace_.object_ids.shrink_to_fit();
  return std::move(trace_);
}

}  // namespace crucible::traces
