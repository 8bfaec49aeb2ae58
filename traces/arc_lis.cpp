// The ARC paper's .lis text format (Megiddo and Modha, FAST 2003).

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <limits>
#include <string>
#include <system_error>

#include "format_readers.hpp"

namespace crucible::traces::detail {
namespace {

constexpr uint32_t kBlockBytes = 512;
// A single line asking for more blocks than this is corrupt input, not a workload: the ARC
// traces' longest runs are a few hundred blocks.
constexpr uint64_t kMaxBlocksPerLine = 10'000'000;
constexpr size_t kFieldsPerLine = 4;
constexpr size_t kMaxQuotedChars = 80;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}

// The offending line as it may be quoted in a one-line message: shortened, control bytes masked.
std::string quote(std::string_view line) {
  std::string quoted = "\"";
  for (char c : line.substr(0, kMaxQuotedChars)) {
    const auto byte = static_cast<unsigned char>(c);
    quoted += (byte < 0x20 || byte == 0x7f) ? '?' : c;
  }
  if (line.size() > kMaxQuotedChars) quoted += "...";
  return quoted + "\"";
}

[[noreturn]] void fail_line(const std::filesystem::path& path, uint64_t line_number,
                            std::string_view problem, std::string_view line) {
  throw TraceError(trace_message(path, "line " + std::to_string(line_number) + ": " +
                                           std::string(problem) + ", got " + quote(line)));
}

// Splits on blanks into at most `fields.size()` tokens; returns the count, or fields.size() + 1
// when there are more tokens than that.
size_t split_fields(std::string_view line, std::array<std::string_view, kFieldsPerLine>& fields) {
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

template <typename T>
bool parse_integer(std::string_view token, T& value) {
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
  return error == std::errc() && end == token.data() + token.size();
}

// Appends the line's blocks to `requests`; blank lines add nothing.
void expand_line(std::string_view raw_line, uint64_t line_number, const std::filesystem::path& path,
                 TraceBuilder& builder) {
  const std::string_view line = trim(raw_line);
  if (line.empty()) return;
  std::array<std::string_view, kFieldsPerLine> fields;
  uint64_t start = 0;
  uint64_t blocks = 0;
  int64_t ignored = 0;
  int64_t request_number = 0;
  if (split_fields(line, fields) != kFieldsPerLine || !parse_integer(fields[0], start) ||
      !parse_integer(fields[1], blocks) || !parse_integer(fields[2], ignored) ||
      !parse_integer(fields[3], request_number)) {
    fail_line(path, line_number, "expected 4 integer fields", line);
  }
  if (blocks == 0 || blocks > kMaxBlocksPerLine) {
    fail_line(path, line_number, "number_of_blocks must be in 1..10000000", line);
  }
  if (start > std::numeric_limits<uint64_t>::max() - (blocks - 1)) {
    fail_line(path, line_number, "the block range overflows 64-bit block ids", line);
  }
  for (uint64_t offset = 0; offset < blocks; ++offset) {
    builder.add(RawRequest{start + offset, kBlockBytes, 0});
  }
}

}  // namespace

Trace parse_arc_lis(std::string_view text, const std::filesystem::path& path) {
  // Most lines in the ARC traces name one block: the line count is a good first reservation.
  TraceBuilder builder(static_cast<size_t>(std::count(text.begin(), text.end(), '\n')) + 1);
  uint64_t line_number = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    ++line_number;
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    expand_line(text.substr(pos, end - pos), line_number, path, builder);
    pos = end + 1;
  }
  return builder.finish();
}

}  // namespace crucible::traces::detail
