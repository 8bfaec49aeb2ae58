// Twitter's production cache traces (twitter/cache-trace, OSDI 2020):
//   timestamp,anonymized key,key size,value size,client id,operation,TTL

#include <array>
#include <cstdint>
#include <limits>
#include <string>

#include "format_readers.hpp"

namespace crucible::traces::detail {
namespace {

constexpr std::array<std::string_view, 11> kOperations{
    "get", "gets", "set", "add", "replace", "cas", "append", "prepend", "delete", "incr", "decr"};
// Fields after the key; the key is whatever lies between the first comma and these.
constexpr size_t kFieldsAfterKey = 5;

bool is_operation(std::string_view name) {
  for (std::string_view operation : kOperations) {
    if (operation == name) return true;
  }
  return false;
}

class TwitterReader final : public LineReader {
 public:
  using LineReader::LineReader;

  bool next(RawRequest& request) override {
    std::string_view line;
    do {
      if (!next_line(line)) return false;
    } while (trim(line).empty());
    if (line.back() == '\r') line.remove_suffix(1);
    parse(line, request);
    return true;
  }

 private:
  void parse(std::string_view line, RawRequest& request) const {
    // Split from both ends, so a comma inside an anonymized key stays part of the key.
    std::array<std::string_view, kFieldsAfterKey> tail;
    std::string_view rest = line;
    for (size_t i = kFieldsAfterKey; i-- > 0;) {
      const size_t comma = rest.rfind(',');
      if (comma == std::string_view::npos) fail_shape(line);
      tail[i] = rest.substr(comma + 1);
      rest = rest.substr(0, comma);
    }
    const size_t first_comma = rest.find(',');
    if (first_comma == std::string_view::npos) fail_shape(line);
    const std::string_view key = rest.substr(first_comma + 1);
    uint64_t key_size = 0;
    uint64_t value_size = 0;
    uint64_t ttl = 0;
    if (!parse_integer(rest.substr(0, first_comma), request.time)) {
      fail("timestamp: expected a non-negative integer", rest.substr(0, first_comma));
    }
    if (key.empty()) fail("the key is empty", line);
    if (!parse_integer(tail[0], key_size))
      fail("key size: expected a non-negative integer", tail[0]);
    if (!parse_integer(tail[1], value_size)) {
      fail("value size: expected a non-negative integer", tail[1]);
    }
    if (!is_operation(tail[3])) {
      fail(
          "operation: expected one of get, gets, set, add, replace, cas, append, prepend, "
          "delete, incr, decr",
          tail[3]);
    }
    if (!parse_integer(tail[4], ttl)) fail("TTL: expected a non-negative integer", tail[4]);
    if (key_size > std::numeric_limits<uint32_t>::max() - value_size ||
        value_size > std::numeric_limits<uint32_t>::max()) {
      fail("key size + value size must be below 2^32", line);
    }
    request.id = hash_id(key);
    request.size = static_cast<uint32_t>(key_size + value_size);
  }

  [[noreturn]] void fail_shape(std::string_view line) const {
    fail(
        "expected 7 comma-separated fields (timestamp,key,key size,value size,client id,"
        "operation,TTL)",
        line);
  }
};

}  // namespace

std::unique_ptr<RequestReader> make_twitter_reader(const std::filesystem::path& path) {
  return std::make_unique<TwitterReader>(path);
}

}  // namespace crucible::traces::detail
