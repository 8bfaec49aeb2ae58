// TraceSpec and CsvSpec from JSON and from the --csv flag; strict about keys so a typo is an error.

#include "trace_spec.hpp"

#include <array>
#include <charconv>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "format_readers.hpp"
#include "json_text.hpp"

namespace crucible::traces {
namespace {

using detail::key_path;
using detail::value_text;

[[noreturn]] void fail(std::string_view context, std::string_view key, std::string_view what) {
  throw std::invalid_argument(key_path(context, key) + ": " + std::string(what));
}

void require_object(const nlohmann::json& json, std::string_view context) {
  if (!json.is_object()) {
    throw std::invalid_argument(std::string(context) + ": expected an object, got " +
                                value_text(json));
  }
}

uint32_t read_column(const nlohmann::json& value, std::string_view context, std::string_view key) {
  if (!value.is_number_integer() || value.get<int64_t>() < 0 ||
      value.get<int64_t>() > std::numeric_limits<uint32_t>::max()) {
    fail(context, key,
         "expected a column number (1 for the first, 0 for none), got " + value_text(value));
  }
  return static_cast<uint32_t>(value.get<int64_t>());
}

struct DelimiterWord {
  std::string_view word;
  char delimiter;
};
constexpr std::array<DelimiterWord, 5> kDelimiterWords{
    {{"comma", ','}, {"tab", '\t'}, {"space", ' '}, {"semicolon", ';'}, {"pipe", '|'}}};

void check_spec(const CsvSpec& spec, std::string_view context) {
  if (const std::string problem = detail::csv_spec_problem(spec); !problem.empty()) {
    throw std::invalid_argument(std::string(context) + ": " + problem);
  }
}

// One key=value of the --csv form into the spec.
void apply_csv_setting(std::string_view key, std::string_view value, CsvSpec& spec,
                       std::string_view context) {
  auto column = [&](uint32_t& into) {
    const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), into);
    if (value.empty() || error != std::errc() || end != value.data() + value.size()) {
      fail(context, key, "expected a column number, got \"" + std::string(value) + "\"");
    }
  };
  if (key == "time") {
    column(spec.time_column);
  } else if (key == "id") {
    column(spec.id_column);
  } else if (key == "size") {
    column(spec.size_column);
  } else if (key == "header") {
    if (value != "true" && value != "false") {
      fail(context, key, "expected true or false, got \"" + std::string(value) + "\"");
    }
    spec.has_header = value == "true";
  } else {
    fail(context, key, "unknown key (known: time, id, size, header, delimiter)");
  }
}

}  // namespace

CsvSpec csv_spec_from_json(const nlohmann::json& json, std::string_view context) {
  require_object(json, context);
  CsvSpec spec;
  for (const auto& [key, value] : json.items()) {
    if (key == "time") {
      spec.time_column = read_column(value, context, key);
    } else if (key == "id") {
      spec.id_column = read_column(value, context, key);
    } else if (key == "size") {
      spec.size_column = read_column(value, context, key);
    } else if (key == "header") {
      if (!value.is_boolean())
        fail(context, key, "expected true or false, got " + value_text(value));
      spec.has_header = value.get<bool>();
    } else if (key == "delimiter") {
      if (!value.is_string() || value.get<std::string>().size() != 1) {
        fail(context, key, "expected one character, got " + value_text(value));
      }
      spec.delimiter = value.get<std::string>()[0];
    } else {
      fail(context, key, "unknown key (known: time, id, size, header, delimiter)");
    }
  }
  check_spec(spec, context);
  return spec;
}

nlohmann::json csv_spec_to_json(const CsvSpec& spec) {
  return nlohmann::json{{"time", spec.time_column},
                        {"id", spec.id_column},
                        {"size", spec.size_column},
                        {"header", spec.has_header},
                        {"delimiter", std::string(1, spec.delimiter)}};
}

CsvSpec parse_csv_spec(std::string_view text, std::string_view context) {
  CsvSpec spec;
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t equals = text.find('=', pos);
    if (equals == std::string_view::npos) {
      throw std::invalid_argument(std::string(context) + ": expected key=value, got \"" +
                                  std::string(text.substr(pos)) + "\"");
    }
    const std::string_view key = text.substr(pos, equals - pos);
    size_t end = text.find(',', equals + 1);
    if (key == "delimiter") {
      // The value may itself be a comma, so it is one character unless it is a known word.
      if (equals + 1 >= text.size()) fail(context, key, "expected one character, got nothing");
      end = equals + 2;
      for (const DelimiterWord& word : kDelimiterWords) {
        if (text.substr(equals + 1).starts_with(word.word)) end = equals + 1 + word.word.size();
      }
      const std::string_view value = text.substr(equals + 1, end - equals - 1);
      spec.delimiter = value[0];
      for (const DelimiterWord& word : kDelimiterWords) {
        if (value == word.word) spec.delimiter = word.delimiter;
      }
      if (end < text.size() && text[end] != ',') {
        fail(context, key,
             "expected one character or a word (comma, tab, space, semicolon, "
             "pipe), got \"" +
                 std::string(text.substr(equals + 1)) + "\"");
      }
    } else {
      if (end == std::string_view::npos) end = text.size();
      apply_csv_setting(key, text.substr(equals + 1, end - equals - 1), spec, context);
    }
    pos = end + 1;
  }
  check_spec(spec, context);
  return spec;
}

TraceSpec trace_spec_from_json(const nlohmann::json& json, std::string_view context) {
  require_object(json, context);
  TraceSpec spec;
  const nlohmann::json* csv = nullptr;
  for (const auto& [key, value] : json.items()) {
    if (key == "path") {
      if (!value.is_string() || value.get<std::string>().empty()) {
        fail(context, key, "expected a file path, got " + value_text(value));
      }
      spec.path = value.get<std::string>();
    } else if (key == "format") {
      if (!value.is_string())
        fail(context, key, "expected a format name, got " + value_text(value));
      try {
        spec.options.format = parse_format(value.get<std::string>());
      } catch (const TraceError& error) {
        fail(context, key, error.what());
      }
      if (spec.options.format == Format::kSynthetic) {
        fail(context, key, R"("synthetic" is not a file format; give a "synthetic" spec instead)");
      }
    } else if (key == "csv") {
      csv = &value;
    } else if (key == "slice") {
      spec.slice = slice_spec_from_json(value, key_path(context, key));
    } else {
      fail(context, key, "unknown key (known: path, format, csv, slice)");
    }
  }
  if (spec.path.empty()) fail(context, "path", "missing: every trace file needs a path");
  if (csv != nullptr) {
    if (spec.options.format != Format::kCsv) fail(context, "csv", R"(only with "format": "csv")");
    spec.options.csv = csv_spec_from_json(*csv, key_path(context, "csv"));
  }
  return spec;
}

nlohmann::json trace_spec_to_json(const TraceSpec& spec) {
  nlohmann::json json{{"path", spec.path.string()}};
  if (spec.options.format) json["format"] = std::string(format_name(*spec.options.format));
  if (spec.options.format == Format::kCsv) json["csv"] = csv_spec_to_json(spec.options.csv);
  if (spec.slice) json["slice"] = slice_spec_to_json(*spec.slice);
  return json;
}

}  // namespace crucible::traces
