// Internal to traces/: the per-format readers behind open_reader, and what the text formats share
// (line splitting, numbers, ids, one-line error messages).
#pragma once

#include <charconv>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "byte_stream.hpp"
#include "request_reader.hpp"
#include "trace.hpp"

namespace crucible::traces::detail {

// "trace <path>: <what>", the one-line form of every trace error.
std::string trace_message(const std::filesystem::path& path, std::string_view what);

// Fixed-width little-endian integers of the binary formats, assembled byte by byte so the result
// does not depend on the host's byte order (compilers make one load or store of it).
template <typename T>
T load_little_endian(const char* bytes) {
  T value = 0;
  for (size_t i = 0; i < sizeof(T); ++i) {
    value |= static_cast<T>(static_cast<unsigned char>(bytes[i])) << (8 * i);
  }
  return value;
}
template <typename T>
void append_little_endian(std::string& out, T value) {
  for (size_t i = 0; i < sizeof(T); ++i) {
    out += static_cast<char>(static_cast<uint64_t>(value) >> (8 * i) & 0xff);
  }
}

std::unique_ptr<RequestReader> make_oracle_general_reader(const std::filesystem::path& path);
std::unique_ptr<RequestReader> make_arc_lis_reader(const std::filesystem::path& path);
std::unique_ptr<RequestReader> make_csv_reader(const std::filesystem::path& path,
                                               const CsvSpec& spec);
std::unique_ptr<RequestReader> make_text_reader(const std::filesystem::path& path);
std::unique_ptr<RequestReader> make_twitter_reader(const std::filesystem::path& path);
std::unique_ptr<RequestReader> make_msr_reader(const std::filesystem::path& path);

// A reader of newline-separated lines; numbers them in position_ for errors.
class LineReader : public RequestReader {
 public:
  explicit LineReader(const std::filesystem::path& path);

 protected:
  // The next line without its '\n' (a final line without one counts), or false at the end. The
  // view is valid until the next call.
  bool next_line(std::string_view& line);
  // Throws "trace <path>: line <n>: <problem>, got "<text>"".
  [[noreturn]] void fail(std::string_view problem, std::string_view text) const;
  const std::filesystem::path& path() const { return stream_.path(); }

 private:
  ByteStream stream_;
  size_t pending_ = 0;  // bytes of the line handed out last, consumed on the next call
};

// Inline: called for every byte of a text trace.
inline bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

inline std::string_view trim(std::string_view text) {
  while (!text.empty() && is_blank(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_blank(text.back())) text.remove_suffix(1);
  return text;
}
// The text as it may be quoted in a one-line message: shortened, control bytes masked.
std::string quote(std::string_view text);

// Splits at every delimiter into `fields` (reused between lines, so no allocation per line).
void split_fields(std::string_view line, char delimiter, std::vector<std::string_view>& fields);

// True when the whole token is a number of type T (no sign, blanks or trailing text).
template <typename T>
bool parse_integer(std::string_view token, T& value) {
  const auto [end, error] = std::from_chars(token.data(), token.data() + token.size(), value);
  return !token.empty() && error == std::errc() && end == token.data() + token.size();
}

// Why a CSV spec cannot be used (empty when it can): no id column, two roles on one column, a
// newline or NUL delimiter.
std::string csv_spec_problem(const CsvSpec& spec);

// Whole seconds of "123" or "123.456" (the fraction dropped); false for anything else.
bool parse_seconds(std::string_view token, uint64_t& value);

// The id a text field names: its value when it is all decimal digits and fits 64 bits,
// hash_id(text) otherwise.
uint64_t parse_id(std::string_view token);

}  // namespace crucible::traces::detail
