// Trace specs in configs and on the command line: strict keys, exact errors, and round trips.

#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "traces/trace_spec.hpp"

namespace {

using crucible::traces::CsvSpec;
using crucible::traces::Format;
using crucible::traces::parse_csv_spec;
using crucible::traces::SliceSpec;
using crucible::traces::trace_spec_from_json;
using crucible::traces::trace_spec_to_json;
using nlohmann::json;

std::string spec_error(const json& value) {
  try {
    (void)trace_spec_from_json(value, "workload.traces[0]");
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  FAIL("the spec " << value.dump() << " was accepted");
  return {};
}

std::string csv_flag_error(const std::string& text) {
  try {
    (void)parse_csv_spec(text);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  FAIL("--csv " << text << " was accepted");
  return {};
}

}  // namespace

TEST_SUITE("traces") {
  TEST_CASE("a csv trace spec reads its path, format, columns and slice from JSON") {
    const auto spec = trace_spec_from_json(
        json::parse(R"({"path": "t.csv", "format": "csv", "slice": {"fraction": 0.2},
                        "csv": {"time": 2, "id": 5, "size": 4, "header": true, "delimiter": ";"}})"),
        "trace");
    CHECK(spec.path == "t.csv");
    CHECK(spec.options.format == Format::kCsv);
    CHECK(spec.options.csv.time_column == 2);
    CHECK(spec.options.csv.id_column == 5);
    CHECK(spec.options.csv.size_column == 4);
    CHECK(spec.options.csv.has_header);
    CHECK(spec.options.csv.delimiter == ';');
    REQUIRE(spec.slice.has_value());
    CHECK(spec.slice->kind == SliceSpec::Kind::kFraction);
    CHECK(spec.slice->fraction == 0.2);
    // Written back and read again, the spec is the same.
    const auto again = trace_spec_from_json(trace_spec_to_json(spec), "trace");
    CHECK(trace_spec_to_json(again) == trace_spec_to_json(spec));
  }

  TEST_CASE("a path alone is a spec whose format comes from the file name") {
    const auto spec = trace_spec_from_json(json{{"path", "a/OLTP.lis.zst"}}, "trace");
    CHECK(!spec.options.format.has_value());
    CHECK(!spec.slice.has_value());
  }

  TEST_CASE("bad trace specs name the key and the value") {
    CHECK(spec_error(json{{"path", "t.lis"}, {"fromat", "lis"}}) ==
          "workload.traces[0].fromat: unknown key (known: path, format, csv, slice)");
    CHECK(spec_error(json{{"format", "lis"}}) ==
          "workload.traces[0].path: missing: every trace file needs a path");
    CHECK(spec_error(json{{"path", 5}}) == "workload.traces[0].path: expected a file path, got 5");
    CHECK(spec_error(json{{"path", "t"}, {"format", "parquet"}}) ==
          "workload.traces[0].format: unknown trace format \"parquet\" (known: oracleGeneral, "
          "lis, csv, txt, twitter, msr, synthetic)");
    CHECK(spec_error(json{{"path", "t"}, {"format", "lis"}, {"csv", {{"id", 1}}}}) ==
          "workload.traces[0].csv: only with \"format\": \"csv\"");
    CHECK(spec_error(json{{"path", "t"}, {"format", "csv"}, {"csv", {{"idd", 1}}}}) ==
          "workload.traces[0].csv.idd: unknown key (known: time, id, size, header, delimiter)");
    CHECK(spec_error(json{{"path", "t"}, {"format", "csv"}, {"csv", {{"id", -1}}}}) ==
          "workload.traces[0].csv.id: expected a column number (1 for the first, 0 for none), "
          "got -1");
    CHECK(spec_error(json{{"path", "t"}, {"format", "csv"}, {"csv", {{"delimiter", ",,"}}}}) ==
          "workload.traces[0].csv.delimiter: expected one character, got \",,\"");
    CHECK(spec_error(json{{"path", "t"}, {"format", "csv"}, {"csv", {{"header", "yes"}}}}) ==
          "workload.traces[0].csv.header: expected true or false, got \"yes\"");
    CHECK(spec_error(json{{"path", "t"}, {"format", "csv"}, {"csv", {{"id", 0}}}}) ==
          "workload.traces[0].csv: needs an id column (numbered from 1)");
    CHECK(spec_error(json{{"path", "t"}, {"slice", {{"fraction", 1.5}}}}) ==
          "workload.traces[0].slice.fraction: must be a number in (0, 1), got 1.5");
    CHECK(spec_error(json{{"path", "t"}, {"slice", {{"first", 0}}}}) ==
          "workload.traces[0].slice.first: expected a positive number of requests, got 0");
    CHECK(spec_error(json{{"path", "t"}, {"slice", {{"window", {10, 5}}}}}) ==
          "workload.traces[0].slice.window: expected [start, end] in whole seconds with "
          "0 <= start < end, got [10,5]");
    CHECK(spec_error(json{{"path", "t"}, {"slice", {{"last", 5}}}}) ==
          "workload.traces[0].slice.last: unknown key (known: first, fraction, window)");
    CHECK(spec_error(json{{"path", "t"}, {"slice", {{"first", 5}, {"fraction", 0.5}}}}) ==
          "workload.traces[0].slice: expected one of {\"first\": N}, {\"fraction\": f} or "
          "{\"window\": [start, end]}, got {\"first\":5,\"fraction\":0.5}");
    CHECK(spec_error(json::array()) == "workload.traces[0]: expected an object, got []");
  }

  TEST_CASE("the --csv flag takes key=value pairs, a comma delimiter included") {
    const CsvSpec spec = parse_csv_spec("time=1,id=2,size=3,header=true,delimiter=,");
    CHECK(spec.time_column == 1);
    CHECK(spec.id_column == 2);
    CHECK(spec.size_column == 3);
    CHECK(spec.has_header);
    CHECK(spec.delimiter == ',');
    CHECK(parse_csv_spec("delimiter=,,id=3").id_column == 3);
    CHECK(parse_csv_spec("delimiter=,,id=3").delimiter == ',');
    CHECK(parse_csv_spec("id=2,delimiter=tab").delimiter == '\t');
    CHECK(parse_csv_spec("delimiter=;,id=2").delimiter == ';');
    CHECK(parse_csv_spec("id=4").time_column == 0);
    CHECK(!parse_csv_spec("id=4").has_header);
  }

  TEST_CASE("bad --csv flags name the key and the value") {
    CHECK(csv_flag_error("id=x") == "--csv.id: expected a column number, got \"x\"");
    CHECK(csv_flag_error("id=2,colour=red") ==
          "--csv.colour: unknown key (known: time, id, size, header, delimiter)");
    CHECK(csv_flag_error("id=2,header=1") == "--csv.header: expected true or false, got \"1\"");
    CHECK(csv_flag_error("id") == "--csv: expected key=value, got \"id\"");
    CHECK(csv_flag_error("id=2,delimiter=") ==
          "--csv.delimiter: expected one character, got nothing");
    CHECK(csv_flag_error("delimiter=ab,id=2") ==
          "--csv.delimiter: expected one character or a word (comma, tab, space, semicolon, "
          "pipe), got \"ab,id=2\"");
    CHECK(csv_flag_error("time=2,id=2") == "--csv: the id, time and size columns must differ");
  }
}
