// libCacheSim-style CSV traces: id, time and size taken from numbered columns.

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "format_readers.hpp"

namespace crucible::traces::detail {

std::string csv_spec_problem(const CsvSpec& spec) {
  if (spec.id_column == 0) return "needs an id column (numbered from 1)";
  if (spec.id_column == spec.time_column || spec.id_column == spec.size_column ||
      (spec.time_column != 0 && spec.time_column == spec.size_column)) {
    return "the id, time and size columns must differ";
  }
  if (spec.delimiter == '\n' || spec.delimiter == '\0') {
    return "the delimiter must be a printable character or a tab";
  }
  return {};
}

bool parse_seconds(std::string_view token, uint64_t& value) {
  const size_t dot = token.find('.');
  if (!parse_integer(token.substr(0, dot), value)) return false;
  if (dot == std::string_view::npos) return true;
  const std::string_view fraction = token.substr(dot + 1);
  return !fraction.empty() &&
         std::all_of(fraction.begin(), fraction.end(), [](char c) { return c >= '0' && c <= '9'; });
}

namespace {

class CsvReader final : public LineReader {
 public:
  CsvReader(const std::filesystem::path& path, const CsvSpec& spec)
      : LineReader(path), spec_(spec) {
    if (const std::string problem = csv_spec_problem(spec); !problem.empty()) {
      throw TraceError(trace_message(path, "csv spec: " + problem));
    }
  }

  bool next(RawRequest& request) override {
    std::string_view line;
    do {
      if (!next_line(line)) return false;
      if (trim(line).empty()) continue;
      if (spec_.has_header && !is_header_skipped_) {
        is_header_skipped_ = true;
        continue;
      }
      break;
    } while (true);
    if (line.back() == '\r') line.remove_suffix(1);
    split_fields(line, spec_.delimiter, fields_);
    request.id = parse_id(id_field(line));
    request.time = 0;
    if (spec_.time_column != 0 &&
        !parse_seconds(column(spec_.time_column, "time", line), request.time)) {
      fail_field(spec_.time_column, "time", "expected a non-negative number of seconds");
    }
    request.size = 1;
    if (spec_.size_column != 0 &&
        !parse_integer(column(spec_.size_column, "size", line), request.size)) {
      fail_field(spec_.size_column, "size", "expected a non-negative integer below 2^32");
    }
    return true;
  }

 private:
  [[nodiscard]] std::string_view column(uint32_t number, std::string_view name,
                                        std::string_view line) const {
    if (number > fields_.size()) {
      fail("the " + std::string(name) + " column " + std::to_string(number) +
               " is beyond the line's " + std::to_string(fields_.size()) + " fields",
           line);
    }
    return trim(fields_[number - 1]);
  }

  [[nodiscard]] std::string_view id_field(std::string_view line) const {
    const std::string_view id = column(spec_.id_column, "id", line);
    if (id.empty()) fail("the id (column " + std::to_string(spec_.id_column) + ") is empty", line);
    return id;
  }

  [[noreturn]] void fail_field(uint32_t number, std::string_view name,
                               std::string_view expected) const {
    fail(std::string(name) + " (column " + std::to_string(number) + "): " + std::string(expected),
         trim(fields_[number - 1]));
  }

  CsvSpec spec_;
  bool is_header_skipped_ = false;
  std::vector<std::string_view> fields_;
};

}  // namespace

std::unique_ptr<RequestReader> make_csv_reader(const std::filesystem::path& path,
                                               const CsvSpec& spec) {
  return std::make_unique<CsvReader>(path, spec);
}

}  // namespace crucible::traces::detail
