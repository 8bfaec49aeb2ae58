// MSR Cambridge block I/O traces (SNIA IOTTA):
//   Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime
// Mapped as libCacheSim's msr converter does: the object is the byte Offset, its size the request
// Size, the time the Windows filetime (100 ns ticks) in whole seconds; reads and writes alike.

#include <cstdint>
#include <string>
#include <vector>

#include "format_readers.hpp"

namespace crucible::traces::detail {
namespace {

constexpr size_t kFields = 7;
constexpr uint64_t kFiletimeTicksPerSecond = 10'000'000;

bool equals_ignoring_case(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c =
        text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
    if (c != lower[i]) return false;
  }
  return true;
}

class MsrReader final : public LineReader {
 public:
  using LineReader::LineReader;

  bool next(RawRequest& request) override {
    std::string_view line;
    do {
      if (!next_line(line)) return false;
      // Some copies carry the column names as a first line.
      if (position().number == 1 && trim(line).starts_with("Timestamp")) line = {};
    } while (trim(line).empty());
    if (line.back() == '\r') line.remove_suffix(1);
    split_fields(line, ',', fields_);
    if (fields_.size() != kFields) {
      fail(
          "expected 7 comma-separated fields "
          "(Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime)",
          line);
    }
    parse(request);
    return true;
  }

 private:
  void parse(RawRequest& request) const {
    uint64_t filetime = 0;
    uint64_t disk = 0;
    uint64_t response_time = 0;
    if (!parse_integer(trim(fields_[0]), filetime)) {
      fail("Timestamp: expected a non-negative integer", fields_[0]);
    }
    if (trim(fields_[1]).empty()) fail("Hostname is empty", fields_[1]);
    if (!parse_integer(trim(fields_[2]), disk)) {
      fail("DiskNumber: expected a non-negative integer", fields_[2]);
    }
    const std::string_view type = trim(fields_[3]);
    if (!equals_ignoring_case(type, "read") && !equals_ignoring_case(type, "write")) {
      fail("Type: expected Read or Write", fields_[3]);
    }
    if (!parse_integer(trim(fields_[4]), request.id)) {
      fail("Offset: expected a non-negative integer", fields_[4]);
    }
    if (!parse_integer(trim(fields_[5]), request.size)) {
      fail("Size: expected a non-negative integer below 2^32", fields_[5]);
    }
    if (!parse_integer(trim(fields_[6]), response_time)) {
      fail("ResponseTime: expected a non-negative integer", fields_[6]);
    }
    request.time = filetime / kFiletimeTicksPerSecond;
  }

  mutable std::vector<std::string_view> fields_;
};

}  // namespace

std::unique_ptr<RequestReader> make_msr_reader(const std::filesystem::path& path) {
  return std::make_unique<MsrReader>(path);
}

}  // namespace crucible::traces::detail
