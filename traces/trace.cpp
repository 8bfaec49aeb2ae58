// Format names and detection, read_trace's dispatch, and trace statistics.

#include "trace.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <system_error>
#include <vector>

#include "format_readers.hpp"

namespace crucible::traces {
namespace {

struct FormatName {
  Format format;
  std::string_view name;
};
constexpr std::array<FormatName, 3> kFormatNames{{
    {Format::kOracleGeneral, "oracleGeneral"},
    {Format::kArcLis, "lis"},
    {Format::kSynthetic, "synthetic"},
}};

// Name endings, longest first where one is a suffix of another.
struct Suffix {
  std::string_view ending;
  Format format;
};
constexpr std::array<Suffix, 6> kSuffixes{{
    {".oracleGeneral.bin.zst", Format::kOracleGeneral},
    {".oracleGeneral.bin", Format::kOracleGeneral},
    {".oracleGeneral.zst", Format::kOracleGeneral},
    {".oracleGeneral", Format::kOracleGeneral},
    {".lis.zst", Format::kArcLis},
    {".lis", Format::kArcLis},
}};

// Stripped, in any order, to turn a file name into a short label for reports.
constexpr std::array<std::string_view, 4> kLabelSuffixes{".zst", ".bin", ".oracleGeneral", ".lis"};

bool ends_with(std::string_view text, std::string_view ending) {
  return text.size() >= ending.size() && text.substr(text.size() - ending.size()) == ending;
}

std::string trace_label(const std::filesystem::path& path) {
  const std::string file_name = path.filename().string();
  std::string_view label = file_name;
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (std::string_view suffix : kLabelSuffixes) {
      // Keep at least one character: a file called ".lis" is labelled ".lis", not "".
      if (label.size() > suffix.size() && ends_with(label, suffix)) {
        label.remove_suffix(suffix.size());
        stripped = true;
      }
    }
  }
  return std::string(label);
}

}  // namespace

namespace detail {

std::string trace_message(const std::filesystem::path& path, std::string_view what) {
  return "trace " + path.string() + ": " + std::string(what);
}

}  // namespace detail

Format parse_format(std::string_view name) {
  for (const FormatName& entry : kFormatNames) {
    if (entry.name == name) return entry.format;
  }
  throw TraceError("unknown trace format \"" + std::string(name) +
                   "\" (known: oracleGeneral, lis, synthetic)");
}

std::string_view format_name(Format format) {
  for (const FormatName& entry : kFormatNames) {
    if (entry.format == format) return entry.name;
  }
  return "unknown";
}

Format detect_format(const std::filesystem::path& path) {
  const std::string file_name = path.filename().string();
  for (const Suffix& suffix : kSuffixes) {
    if (ends_with(file_name, suffix.ending)) return suffix.format;
  }
  throw TraceError(detail::trace_message(
      path, "cannot tell the format from the name; pass --trace-format (oracleGeneral, lis)"));
}

Trace read_trace(const std::filesystem::path& path, std::optional<Format> format) {
  // Checked before the name, so a mistyped path reports the missing file rather than its name.
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    throw TraceError(detail::trace_message(path, "no such file"));
  }
  const Format resolved = format ? *format : detect_format(path);
  Trace trace;
  switch (resolved) {
    case Format::kOracleGeneral:
      trace = detail::parse_oracle_general(read_file_bytes(path), path);
      break;
    case Format::kArcLis:
      trace = detail::parse_arc_lis(read_file_bytes(path), path);
      break;
    case Format::kSynthetic:
      throw TraceError(detail::trace_message(
          path, "synthetic traces are generated from a spec, not read from a file"));
  }
  if (trace.requests.empty()) {
    throw TraceError(detail::trace_message(path, "contains no requests"));
  }
  trace.name = trace_label(path);
  trace.path = path;
  trace.format = resolved;
  return trace;
}

TraceStats compute_stats(const Trace& trace) {
  TraceStats stats;
  stats.requests = trace.requests.size();
  // Dense ids: an object's first request is the first with its id; a one-hit wonder's first
  // request has no next.
  std::vector<uint32_t> sizes;
  sizes.reserve(trace.objects());
  for (const Request& request : trace.requests) {
    stats.requested_bytes += request.size;
    if (request.id == sizes.size()) {
      sizes.push_back(request.size);
      stats.footprint_bytes += request.size;
      if (request.next == kNoNextRequest) ++stats.one_hit_wonders;
    }
  }
  stats.unique_objects = sizes.size();
  if (!sizes.empty()) {
    std::sort(sizes.begin(), sizes.end());
    stats.size_min = sizes.front();
    stats.size_median = sizes[sizes.size() / 2];
    stats.size_p99 = sizes[std::min(sizes.size() - 1, sizes.size() * 99 / 100)];
    stats.size_max = sizes.back();
  }
  return stats;
}

}  // namespace crucible::traces
