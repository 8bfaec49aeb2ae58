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

enum class Format { kOracleGeneral, kArcLis, kCsv, kText, kTwitter, kMsr, kSynthetic };

// Columns of a libCacheSim-style CSV trace, numbered from 1; 0 means the trace has no such column.
// Fields are split at every delimiter (quotes are not interpreted) and trimmed of blanks.
//   id:   a field of decimal digits that fits 64 bits is the id; any other text is hashed with
//         64-bit FNV-1a (see hash_id), so ids are the same on every run and machine.
//   time: a non-negative integer, a fraction after a '.' dropped; without the column, 0.
//   size: a non-negative integer below 2^32; without the column, 1.
struct CsvSpec {
  uint32_t time_column = 0;
  uint32_t id_column = 1;
  uint32_t size_column = 0;
  bool has_header = false;  // the first non-blank line names the columns and is skipped
  char delimiter = ',';
};

// How to read a file: the format (detected from the name when absent) and, for csv, its columns.
struct ReadOptions {
  std::optional<Format> format;
  CsvSpec csv;
};

struct Trace {
  std::string name;                 // short label for reports: file name without extensions
  std::filesystem::path path;       // empty for synthetic traces
  Format format = Format::kSynthetic;
  uint64_t time_origin = 0;          // the file's own timestamp of the first request
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
  size_t size() const { return count_; }
  // Fills next and time_origin and hands the trace over; name, path and format are set by the
  // caller.
  Trace finish();

 private:
  Trace trace_;
  // Requests in fixed-size chunks while reading, so growing never copies what is already read;
  // finish() puts them into one vector.
  std::vector<std::vector<Request>> chunks_;
  size_t count_ = 0;
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
  uint64_t time_span = 0;          // seconds from the first request to the latest timestamp
  // Object sizes (first size seen), over distinct objects; percentile p is the size at index
  // floor(n * p / 100) of the n sorted sizes.
  uint64_t size_min = 0;
  uint64_t size_p25 = 0;
  uint64_t size_median = 0;
  uint64_t size_p75 = 0;
  uint64_t size_p90 = 0;
  uint64_t size_p99 = 0;
  uint64_t size_max = 0;
  // Objects per power-of-two size class: [0] counts size 0, [k] sizes in [2^(k-1), 2^k).
  // Trailing empty classes are left out.
  std::vector<uint64_t> size_histogram;
};

// Thrown for a missing, unreadable or malformed trace; the message names the file and the record.
class TraceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "oracleGeneral" | "lis" | "csv" | "txt" | "twitter" | "msr" | "synthetic"; throws TraceError
// naming the value otherwise.
Format parse_format(std::string_view name);
std::string_view format_name(Format format);

// From the file name: *.oracleGeneral.bin[.zst] (also libCacheSim's *.oracleGeneral[.zst]),
// *.lis[.zst], *.txt[.zst]. CSV files are not detected: .csv alone does not tell csv, twitter and
// msr apart. Throws TraceError naming the file.
Format detect_format(const std::filesystem::path& path);

// Reads a whole trace through open_reader and TraceBuilder; docs/traces.md describes each format.
// Throws TraceError for a missing file, a malformed record or line, corrupt or truncated zstd
// data, and a file with no requests.
// Trace::name is the file name without its .zst, .bin, .oracleGeneral, .lis, .csv and .txt endings.
Trace read_trace(const std::filesystem::path& path, const ReadOptions& options);
Trace read_trace(const std::filesystem::path& path, std::optional<Format> format = std::nullopt);

// 64-bit FNV-1a of the text: the id of a CSV, text or Twitter key that is not a decimal number.
uint64_t hash_id(std::string_view text);

// Requests, distinct ids, and the bytes of distinct objects (each counted at its first size).
TraceStats compute_stats(const Trace& trace);

// The file's bytes, decompressed when the name ends in .zst. Throws TraceError naming the file.
std::string read_file_bytes(const std::filesystem::path& path);

}  // namespace crucible::traces
