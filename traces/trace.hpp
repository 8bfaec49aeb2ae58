// Request traces: the in-memory form every reader produces and every simulator consumes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace crucible::traces {

// Returned in Request::next for the last request of an object.
inline constexpr uint32_t kNoNextRequest = UINT32_MAX;

// One request, 16 bytes. Logical time is the request's index in Trace::requests.
//   id:   the object's dense index, 0..Trace::object_ids.size()-1 in order of first appearance;
//         Trace::object_ids[id] is the id the file gave. Simulators index arrays with it.
//   size: bytes as the trace gives them (0 kept as written).
//   time: the trace's own timestamp in seconds since its first request (0 when it has none).
//   next: index of the next request for the same object, or kNoNextRequest.
struct Request {
  uint32_t id = 0;
  uint32_t size = 1;
  uint32_t time = 0;
  uint32_t next = kNoNextRequest;
};
static_assert(sizeof(Request) == 16, "a request must stay 16 bytes in memory");

// A request as a reader yields it, before ids are made dense.
struct RawRequest {
  uint64_t id = 0;
  uint32_t size = 1;
  uint64_t time = 0;  // the format's own clock (seconds)
};

enum class Format { kOracleGeneral, kArcLis, kSynthetic };

struct Trace {
  std::string name;                 // short label for reports: file name without extensions
  std::filesystem::path path;       // empty for synthetic traces
  Format format = Format::kSynthetic;
  std::vector<Request> requests;
  std::vector<uint64_t> object_ids;  // dense id -> the id the file gave
  uint64_t objects() const { return object_ids.size(); }
};

// Turns raw requests into a Trace: dense ids, times relative to the first request, next-request
// indexes. Throws TraceError past 2^32 - 2 requests or objects.
class TraceBuilder {
 public:
  explicit TraceBuilder(size_t expected_requests = 0);
  ~TraceBuilder();
  TraceBuilder(TraceBuilder&&) noexcept;
  TraceBuilder& operator=(TraceBuilder&&) noexcept;
  void add(const RawRequest& request);
  size_t size() const { return trace_.requests.size(); }
  // Fills next and hands the trace over; name, path and format are set by the caller.
  Trace finish();

 private:
  Trace trace_;
  std::vector<uint32_t> last_seen_;            // dense id -> index of its latest request
  struct IdMap;
  std::unique_ptr<IdMap> ids_;
  uint64_t first_time_ = 0;
};

struct TraceStats {
  uint64_t requests = 0;
  uint64_t unique_objects = 0;
  uint64_t footprint_bytes = 0;    // sum of the sizes of distinct objects (first size seen)
  uint64_t requested_bytes = 0;    // sum of the sizes of all requests
  uint64_t one_hit_wonders = 0;    // objects requested exactly once
  // Object sizes (first size seen), over distinct objects.
  uint64_t size_min = 0;
  uint64_t size_median = 0;
  uint64_t size_p99 = 0;
  uint64_t size_max = 0;
};

// Thrown for a missing, unreadable or malformed trace; the message names the file and the record.
class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "oracleGeneral" | "lis" | "synthetic"; throws TraceError naming the value otherwise.
Format parse_format(std::string_view name);
std::string_view format_name(Format format);

// From the file name: *.oracleGeneral.bin[.zst] (also libCacheSim's *.oracleGeneral[.zst]),
// *.lis[.zst]. Throws TraceError naming the file.
Format detect_format(const std::filesystem::path& path);

// Reads a whole trace; .zst files are decompressed while reading. The format is detected from
// the name unless given. Throws TraceError for a missing file, a malformed record or line, corrupt
// or truncated zstd data, and a file with no requests.
//   oracleGeneral: Request{obj_id, obj_size}, the size kept as written (0 included).
//   lis: each line `start n ignore request_number` gives n requests for blocks start..start+n-1,
//        each of size 512; blank lines are skipped.
// Trace::name is the file name without its .zst, .bin, .oracleGeneral and .lis endings.
Trace read_trace(const std::filesystem::path& path, std::optional<Format> format = std::nullopt);

// Requests, distinct ids, and the bytes of distinct objects (each counted at its first size).
TraceStats compute_stats(const Trace& trace);

// The file's bytes, decompressed when the name ends in .zst. Throws TraceError naming the file.
std::string read_file_bytes(const std::filesystem::path& path);

}  // namespace crucible::traces
