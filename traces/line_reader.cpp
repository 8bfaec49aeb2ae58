// LineReader and the field helpers shared by the text formats.

#include <cstring>
#include <string>

#include "format_readers.hpp"

namespace crucible::traces {

uint64_t hash_id(std::string_view text) {
  // FNV-1a, 64-bit: offset basis and prime from the published definition.
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace crucible::traces

namespace crucible::traces::detail {
namespace {

// A line longer than this is corrupt input (a binary file read as text), not a record: without a
// bound, a file with no newline would be buffered whole.
constexpr size_t kMaxLineBytes = size_t{1} << 20;
constexpr size_t kMaxQuotedChars = 80;

}  // namespace

LineReader::LineReader(const std::filesystem::path& path) : stream_(path) {
  position_.unit = "line";
  stream_.set_position(&position_);
}

bool LineReader::next_line(std::string_view& line) {
  stream_.consume(pending_);
  pending_ = 0;
  ++position_.number;
  size_t scanned = 0;
  for (;;) {
    const std::string_view view = stream_.available();
    if (view.size() > scanned) {
      const void* newline = std::memchr(view.data() + scanned, '\n', view.size() - scanned);
      if (newline != nullptr) {
        const auto length = static_cast<size_t>(static_cast<const char*>(newline) - view.data());
        line = view.substr(0, length);
        pending_ = length + 1;
        return true;
      }
    }
    if (stream_.is_exhausted()) {
      if (view.empty()) {
        --position_.number;
        return false;
      }
      line = view;
      pending_ = view.size();
      return true;
    }
    scanned = view.size();
    if (scanned > kMaxLineBytes) {
      fail("longer than " + std::to_string(kMaxLineBytes) + " bytes", view.substr(0, 40));
    }
    stream_.fill(scanned + 1);
  }
}

void LineReader::fail(std::string_view problem, std::string_view text) const {
  throw TraceError(trace_message(path(), "line " + std::to_string(position_.number) + ": " +
                                             std::string(problem) + ", got " + quote(text)));
}

std::string quote(std::string_view text) {
  std::string quoted = "\"";
  for (char c : text.substr(0, kMaxQuotedChars)) {
    const auto byte = static_cast<unsigned char>(c);
    quoted += (byte < 0x20 || byte == 0x7f) ? '?' : c;
  }
  if (text.size() > kMaxQuotedChars) quoted += "...";
  return quoted + "\"";
}

void split_fields(std::string_view line, char delimiter, std::vector<std::string_view>& fields) {
  fields.clear();
  size_t start = 0;
  for (;;) {
    const size_t end = line.find(delimiter, start);
    if (end == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return;
    }
    fields.push_back(line.substr(start, end - start));
    start = end + 1;
  }
}

uint64_t parse_id(std::string_view token) {
  uint64_t value = 0;
  if (!token.empty() && token.front() >= '0' && token.front() <= '9' &&
      parse_integer(token, value)) {
    return value;
  }
  return hash_id(token);
}

}  // namespace crucible::traces::detail
