// Page traces: the builder, the file format's reader and writer, and the statistics.
//
// File layout (little-endian), after a 40-byte header:
//   "CRUCPAGE" (8 bytes); uint32 version = 1; uint32 page_size; uint64 sample_period;
//   uint64 record_count; uint64 reserved = 0.
// Then record_count records of two LEB128 varints each:
//   zigzag(page_number - previous page_number) << 1 | is_write, then time - previous time
// (the previous of the first record is page 0 at time 0). Page numbers stay below 2^56.

#include "page_trace.hpp"

#include <absl/container/flat_hash_map.h>

#include <algorithm>
#include <string>
#include <string_view>

#include "byte_sink.hpp"
#include "byte_stream.hpp"
#include "format_readers.hpp"

namespace crucible::traces {
namespace {

constexpr std::string_view kMagic = "CRUCPAGE";
constexpr uint32_t kVersion = 1;
constexpr size_t kHeaderBytes = 40;
constexpr uint64_t kPageNumberLimit = uint64_t{1} << 56;
constexpr size_t kMaxRecordBytes = 20;  // two varints of at most 10 bytes

using detail::append_little_endian;
using detail::load_little_endian;

void append_varint(std::string& out, uint64_t value) {
  while (value >= 0x80) {
    out += static_cast<char>((value & 0x7f) | 0x80);
    value >>= 7;
  }
  out += static_cast<char>(value);
}

// The varint at bytes[at...]; advances `at`. False when it runs past the end or past 10 bytes.
bool read_varint(std::string_view bytes, size_t& at, uint64_t& value) {
  value = 0;
  for (unsigned shift = 0; shift < 70 && at < bytes.size(); shift += 7) {
    const auto byte = static_cast<unsigned char>(bytes[at++]);
    if (shift == 63 && byte > 1) return false;  // more than 64 bits
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

uint64_t zigzag(int64_t value) {
  return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}
int64_t unzigzag(uint64_t value) {
  return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1);
}

std::string name_of(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  for (std::string_view suffix : {".zst", ".pages"}) {
    if (name.size() > suffix.size() && name.ends_with(suffix)) {
      name.resize(name.size() - suffix.size());
    }
  }
  return name;
}

}  // namespace

struct PageTraceBuilder::PageMap {
  absl::flat_hash_map<uint64_t, uint32_t> dense;
};

PageTraceBuilder::PageTraceBuilder(uint32_t page_size, uint64_t sample_period)
    : pages_(std::make_unique<PageMap>()) {
  trace_.page_size = page_size;
  trace_.sample_period = sample_period;
}
PageTraceBuilder::~PageTraceBuilder() = default;
PageTraceBuilder::PageTraceBuilder(PageTraceBuilder&&) noexcept = default;
PageTraceBuilder& PageTraceBuilder::operator=(PageTraceBuilder&&) noexcept = default;

void PageTraceBuilder::add(uint64_t time, uint64_t page_number, bool is_write) {
  if (!trace_.accesses.empty() && time < trace_.accesses.back().time) {
    throw TraceError("page trace: access " + std::to_string(trace_.accesses.size() + 1) +
                     " has time " + std::to_string(time) + ", before the previous access's " +
                     std::to_string(trace_.accesses.back().time));
  }
  if (page_number >= kPageNumberLimit) {
    throw TraceError("page trace: page number " + std::to_string(page_number) +
                     " is 2^56 or more");
  }
  auto [it, is_new] = pages_->dense.try_emplace(
      page_number, static_cast<uint32_t>(trace_.page_numbers.size()));
  if (is_new) {
    if (trace_.page_numbers.size() >= UINT32_MAX - 1) {
      throw TraceError("page trace: more than 2^32 - 2 distinct pages");
    }
    trace_.page_numbers.push_back(page_number);
  }
  trace_.accesses.push_back({time, it->second, is_write ? 1U : 0U});
}

PageTrace PageTraceBuilder::finish() {
  pages_->dense.clear();
  return std::move(trace_);
}

bool is_page_trace_path(const std::filesystem::path& path) {
  const std::string name = path.filename().string();
  return name.ends_with(".pages") || name.ends_with(".pages.zst");
}

PageTrace read_page_trace(const std::filesystem::path& path) {
  detail::ByteStream stream(path);
  Position position{"record", 0};
  stream.set_position(&position);
  auto fail = [&](std::string_view what) -> void {
    throw TraceError(detail::trace_message(path, std::string(what)));
  };
  const std::string_view header = stream.fill(kHeaderBytes);
  if (header.size() < kMagic.size() || header.substr(0, kMagic.size()) != kMagic) {
    fail("not a page trace (it does not start with \"CRUCPAGE\")");
  }
  if (header.size() < kHeaderBytes) {
    fail("the file ends inside the 40-byte header (" + std::to_string(header.size()) + " bytes)");
  }
  const auto version = load_little_endian<uint32_t>(header.data() + 8);
  if (version != kVersion) {
    fail("page trace version " + std::to_string(version) + " (this crucible reads version 1)");
  }
  const auto page_size = load_little_endian<uint32_t>(header.data() + 12);
  const auto sample_period = load_little_endian<uint64_t>(header.data() + 16);
  const auto count = load_little_endian<uint64_t>(header.data() + 24);
  if (page_size == 0 || (page_size & (page_size - 1)) != 0) {
    fail("page size " + std::to_string(page_size) + " in the header is not a power of two");
  }
  if (sample_period == 0) fail("sample period 0 in the header (1 means every access)");
  stream.consume(kHeaderBytes);
  PageTraceBuilder builder(page_size, sample_period);
  uint64_t page = 0;
  uint64_t time = 0;
  for (uint64_t record = 1; record <= count; ++record) {
    position.number = record;
    const std::string_view bytes = stream.fill(kMaxRecordBytes);
    if (bytes.empty()) {
      fail("the header says " + std::to_string(count) + " records, the file ends after " +
           std::to_string(record - 1));
    }
    size_t at = 0;
    uint64_t first = 0;
    uint64_t gap = 0;
    if (!read_varint(bytes, at, first) || !read_varint(bytes, at, gap)) {
      fail("record " + std::to_string(record) + " is cut short or malformed");
    }
    page += static_cast<uint64_t>(unzigzag(first >> 1));
    if (gap > UINT64_MAX - time) fail("record " + std::to_string(record) + ": time overflows");
    time += gap;
    if (page >= kPageNumberLimit) {
      fail("record " + std::to_string(record) + ": page number is 2^56 or more");
    }
    builder.add(time, page, (first & 1) != 0);
    stream.consume(at);
  }
  if (!stream.fill(1).empty()) {
    fail("bytes after the " + std::to_string(count) + " records the header announces");
  }
  PageTrace trace = builder.finish();
  trace.name = name_of(path);
  trace.path = path;
  return trace;
}

void write_page_trace(const PageTrace& trace, const std::filesystem::path& path) {
  try {
    detail::Sink sink(path);
    std::string bytes(kMagic);
    append_little_endian(bytes, kVersion);
    append_little_endian(bytes, trace.page_size);
    append_little_endian(bytes, trace.sample_period);
    append_little_endian(bytes, static_cast<uint64_t>(trace.accesses.size()));
    append_little_endian(bytes, uint64_t{0});
    sink.append(bytes);
    uint64_t page = 0;
    uint64_t time = 0;
    std::string record;
    for (const auto& access : trace.accesses) {
      const uint64_t number = trace.page_numbers.at(access.page);
      record.clear();
      append_varint(record, zigzag(static_cast<int64_t>(number - page)) << 1 | access.is_write);
      append_varint(record, access.time - time);
      sink.append(record);
      page = number;
      time = access.time;
    }
    sink.finish();
  } catch (const TraceError&) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    throw;
  }
}

PageTraceStats compute_page_stats(const PageTrace& trace) {
  PageTraceStats stats;
  stats.accesses = trace.accesses.size();
  stats.pages = trace.pages();
  stats.footprint_bytes = stats.pages * trace.page_size;
  std::vector<uint64_t> counts(trace.pages(), 0);
  for (const auto& access : trace.accesses) {
    ++counts[access.page];
    stats.writes += access.is_write;
  }
  if (!trace.accesses.empty()) {
    stats.time_span = trace.accesses.back().time - trace.accesses.front().time;
  }
  stats.single_access_pages =
      static_cast<uint64_t>(std::count(counts.begin(), counts.end(), uint64_t{1}));
  std::sort(counts.begin(), counts.end());
  if (!counts.empty()) {
    auto at = [&](unsigned percent) { return counts[counts.size() * percent / 100]; };
    stats.per_page_median = at(50);
    stats.per_page_p90 = at(90);
    stats.per_page_p99 = at(99);
    stats.per_page_max = counts.back();
    const size_t tenth = std::max<size_t>(1, counts.size() / 10);
    uint64_t hot = 0;
    for (size_t i = counts.size() - tenth; i < counts.size(); ++i) hot += counts[i];
    stats.hottest_tenth_share =
        stats.accesses == 0 ? 0 : static_cast<double>(hot) / static_cast<double>(stats.accesses);
  }
  return stats;
}

}  // namespace crucible::traces
