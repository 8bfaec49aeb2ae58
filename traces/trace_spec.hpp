// How configs and the command line name a trace file: path, format, CSV columns and a slice.
#pragma once

#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string_view>

#include "slice.hpp"
#include "trace.hpp"

namespace crucible::traces {

struct TraceSpec {
  std::filesystem::path path;
  ReadOptions options;
  std::optional<SliceSpec> slice;  // absent: search on the whole trace
};

// {"path": "...", "format": "csv", "csv": {...}, "slice": {...}}; only "path" is required, "csv"
// only with "format": "csv". Unknown keys, wrong types and bad values throw std::invalid_argument
// naming `context` + the key, e.g. "workload.traces[0].csv.delimiter: expected one character".
// The path is taken as written (a caller resolves relative paths).
TraceSpec trace_spec_from_json(const nlohmann::json& json, std::string_view context);
nlohmann::json trace_spec_to_json(const TraceSpec& spec);

// {"time": 1, "id": 2, "size": 3, "header": true, "delimiter": ","}: column numbers from 1 (0 or
// absent: no such column; "id" defaults to 1). Errors as for trace_spec_from_json.
CsvSpec csv_spec_from_json(const nlohmann::json& json, std::string_view context);
nlohmann::json csv_spec_to_json(const CsvSpec& spec);

// The command-line form "time=1,id=2,size=3,header=true,delimiter=,": the same keys as the JSON
// form; a delimiter is one character (a comma included) or one of the words comma, tab, space,
// semicolon, pipe. Throws std::invalid_argument naming `context` (the flag) and the key.
CsvSpec parse_csv_spec(std::string_view text, std::string_view context = "--csv");

}  // namespace crucible::traces
