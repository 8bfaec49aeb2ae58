#include "page_capture.hpp"

#include <algorithm>
#include <bit>
#include <charconv>
#include <string>

namespace crucible::traces {
namespace {
constexpr uint64_t kLineShift = 6;  // 64-byte cache lines
}  // namespace

LlcFilter::LlcFilter(uint64_t bytes, uint32_t ways) : ways_(std::max<uint32_t>(1, ways)) {
  const uint64_t lines = std::max<uint64_t>(bytes >> kLineShift, ways_);
  sets_ = std::bit_floor(lines / ways_);
  tags_.assign(sets_ * ways_, 0);
  stamps_.assign(sets_ * ways_, 0);
}

bool LlcFilter::is_miss(uint64_t address) {
  const uint64_t line = address >> kLineShift;
  const uint64_t base = (line & (sets_ - 1)) * ways_;
  ++clock_;
  size_t victim = base;
  for (size_t way = base; way < base + ways_; ++way) {
    if (tags_[way] == line + 1) {
      stamps_[way] = clock_;
      return false;
    }
    if (stamps_[way] < stamps_[victim]) victim = way;
  }
  tags_[victim] = line + 1;
  stamps_[victim] = clock_;
  return true;
}

LackeyCapture::LackeyCapture(const CaptureOptions& options)
    : options_(options), builder_(options.page_size, std::max<uint64_t>(1, options.sample_period)) {
  if (options.page_size == 0 || !std::has_single_bit(options.page_size)) {
    throw TraceError("capture: page size " + std::to_string(options.page_size) +
                     " is not a power of two");
  }
  page_shift_ = static_cast<uint32_t>(std::countr_zero(options.page_size));
  if (options.llc_bytes > 0) filter_ = std::make_unique<LlcFilter>(options.llc_bytes);
}

void LackeyCapture::feed(std::string_view chunk) {
  while (!chunk.empty()) {
    const size_t end = chunk.find('\n');
    if (end == std::string_view::npos) {
      partial_.append(chunk);
      return;
    }
    if (partial_.empty()) {
      line(chunk.substr(0, end));
    } else {
      partial_.append(chunk.substr(0, end));
      line(partial_);
      partial_.clear();
    }
    chunk.remove_prefix(end + 1);
  }
}

void LackeyCapture::line(std::string_view text) {
  ++counts_.lines;
  // " L 1fff0006f8,8": a space, the kind, a space, hex address, comma, size.
  if (text.size() < 5 || text[0] != ' ') return;  // "I  ...", "==pid== ...", blank
  const char kind = text[1];
  if ((kind != 'L' && kind != 'S' && kind != 'M') || text[2] != ' ') return;
  const size_t comma = text.find(',', 3);
  uint64_t address = 0;
  const char* first = text.data() + 3;
  const char* last = comma == std::string_view::npos ? text.data() + text.size() : text.data() + comma;
  while (first < last && *first == ' ') ++first;
  const auto parsed = std::from_chars(first, last, address, 16);
  if (comma == std::string_view::npos || parsed.ec != std::errc() || parsed.ptr != last) {
    throw TraceError("capture: a malformed access line from lackey: \"" + std::string(text) + "\"");
  }
  const uint64_t time = counts_.accesses++;
  if (filter_ && !filter_->is_miss(address)) return;
  if (counts_.misses++ % std::max<uint64_t>(1, options_.sample_period) != 0) return;
  ++counts_.kept;
  builder_.add(time, address >> page_shift_, kind != 'L');
}

PageTrace LackeyCapture::finish() {
  if (!partial_.empty()) {
    line(partial_);
    partial_.clear();
  }
  return builder_.finish();
}

}  // namespace crucible::traces
