// The ARC paper's .lis text format (Megiddo and Modha, FAST 2003).

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <string>

#include "format_readers.hpp"

namespace crucible::traces::detail {
namespace {

constexpr uint32_t kBlockBytes = 512;
// A single line asking for more blocks than this is corrupt input, not a workload: the ARC
// traces' longest runs are a few hundred blocks.
constexpr uint64_t kMaxBlocksPerLine = 10'000'000;
constexpr size_t kFieldsPerLine = 4;

// Splits on blanks into at most `fields.size()` tokens; returns the count, or fields.size() + 1
// when there are more tokens than that.
size_t split_blanks(std::string_view line, std::array<std::string_view, kFieldsPerLine>& fields) {
  size_t count = 0;
  size_t pos = 0;
  while (pos < line.size()) {
    while (pos < line.size() && is_blank(line[pos])) ++pos;
    if (pos == line.size()) break;
    const size_t start = pos;
    while (pos < line.size() && !is_blank(line[pos])) ++pos;
    if (count == fields.size()) return count + 1;
    fields[count++] = line.substr(start, pos - start);
  }
  return count;
}

// Each line `starting_block number_of_blocks ignore request_number` stands for one 512-byte
// request per block; the reader hands them out one at a time.
class ArcLisReader final : public LineReader {
 public:
  using LineReader::LineReader;

  bool next(RawRequest& request) override {
    while (remaining_ == 0) {
      std::string_view line;
      if (!next_line(line)) return false;
      expand(trim(line));
    }
    request = RawRequest{next_block_++, kBlockBytes, 0};
    --remaining_;
    return true;
  }

  size_t read_some(std::span<RawRequest> requests) override {
    size_t filled = 0;
    while (filled < requests.size()) {
      if (remaining_ == 0) {
        std::string_view line;
        if (!next_line(line)) break;
        expand(trim(line));
        continue;
      }
      const size_t take = std::min<uint64_t>(remaining_, requests.size() - filled);
      for (size_t i = 0; i < take; ++i) {
        requests[filled + i] = RawRequest{next_block_ + i, kBlockBytes, 0};
      }
      next_block_ += take;
      remaining_ -= take;
      filled += take;
    }
    return filled;
  }

 private:
  void expand(std::string_view line) {
    if (line.empty()) return;
    std::array<std::string_view, kFieldsPerLine> fields;
    uint64_t start = 0;
    uint64_t blocks = 0;
    int64_t ignored = 0;
    int64_t request_number = 0;
    if (split_blanks(line, fields) != kFieldsPerLine || !parse_integer(fields[0], start) ||
        !parse_integer(fields[1], blocks) || !parse_integer(fields[2], ignored) ||
        !parse_integer(fields[3], request_number)) {
      fail("expected 4 integer fields", line);
    }
    if (blocks == 0 || blocks > kMaxBlocksPerLine) {
      fail("number_of_blocks must be in 1..10000000", line);
    }
    if (start > std::numeric_limits<uint64_t>::max() - (blocks - 1)) {
      fail("the block range overflows 64-bit block ids", line);
    }
    next_block_ = start;
    remaining_ = blocks;
  }

  uint64_t next_block_ = 0;
  uint64_t remaining_ = 0;
};

}  // namespace

std::unique_ptr<RequestReader> make_arc_lis_reader(const std::filesystem::path& path) {
  return std::make_unique<ArcLisReader>(path);
}

}  // namespace crucible::traces::detail
