// write_trace: buffered, optionally zstd-compressed output of a trace in one of four formats.

#include "trace_writer.hpp"

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "byte_sink.hpp"
#include "format_readers.hpp"

namespace crucible::traces {
namespace {

using detail::append_little_endian;
using detail::Sink;

void write_oracle_general(const Trace& trace, Sink& sink) {
  uint64_t latest = 0;
  for (const Request& request : trace.requests) latest = std::max<uint64_t>(latest, request.time);
  const bool is_absolute = trace.time_origin + latest <= std::numeric_limits<uint32_t>::max();
  const uint64_t origin = is_absolute ? trace.time_origin : 0;
  std::string record;
  for (const Request& request : trace.requests) {
    record.clear();
    append_little_endian(record, static_cast<uint32_t>(origin + request.time));
    append_little_endian(record, trace.object_ids[request.id]);
    append_little_endian(record, request.size);
    // libCacheSim counts requests from 1 here, so the next request at index i is written i + 1.
    append_little_endian(record, request.next == kNoNextRequest
                                     ? int64_t{-1}
                                     : static_cast<int64_t>(request.next) + 1);
    sink.append(record);
  }
}

void write_text(const Trace& trace, Format format, Sink& sink) {
  if (format == Format::kCsv) sink.append("time,id,size\n");
  for (size_t index = 0; index < trace.requests.size(); ++index) {
    const Request& request = trace.requests[index];
    if (format == Format::kCsv) {
      sink.append_number(trace.time_origin + request.time);
      sink.append(",");
    }
    sink.append_number(trace.object_ids[request.id]);
    if (format == Format::kCsv) {
      sink.append(",");
      sink.append_number(request.size);
    } else if (format == Format::kArcLis) {
      sink.append(" 1 0 ");
      sink.append_number(index);
    }
    sink.append("\n");
  }
}

}  // namespace

CsvSpec written_csv_spec() {
  CsvSpec spec;
  spec.time_column = 1;
  spec.id_column = 2;
  spec.size_column = 3;
  spec.has_header = true;
  return spec;
}

void write_trace(const Trace& trace, const std::filesystem::path& path, Format format) {
  if (format != Format::kOracleGeneral && format != Format::kCsv && format != Format::kText &&
      format != Format::kArcLis) {
    throw TraceError(detail::trace_message(path, "cannot write format " +
                                                     std::string(format_name(format)) +
                                                     " (written: oracleGeneral, csv, txt, lis)"));
  }
  try {
    Sink sink(path);
    if (format == Format::kOracleGeneral) {
      write_oracle_general(trace, sink);
    } else {
      write_text(trace, format, sink);
    }
    sink.finish();
  } catch (const TraceError&) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
    throw;
  }
}

}  // namespace crucible::traces
