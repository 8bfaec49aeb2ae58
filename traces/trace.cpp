// Format names and detection, open_reader's dispatch, and read_trace.

#include "trace.hpp"

#include <array>
#include <string>
#include <system_error>
#include <vector>

#include "format_readers.hpp"
#include "request_reader.hpp"

namespace crucible::traces {
namespace {

struct FormatName {
  Format format;
  std::string_view name;
};
constexpr std::array<FormatName, 7> kFormatNames{{
    {Format::kOracleGeneral, "oracleGeneral"},
    {Format::kArcLis, "lis"},
    {Format::kCsv, "csv"},
    {Format::kText, "txt"},
    {Format::kTwitter, "twitter"},
    {Format::kMsr, "msr"},
    {Format::kSynthetic, "synthetic"},
}};

// Name endings, longest first where one is a suffix of another.
struct Suffix {
  std::string_view ending;
  Format format;
};
constexpr std::array<Suffix, 8> kSuffixes{{
    {".oracleGeneral.bin.zst", Format::kOracleGeneral},
    {".oracleGeneral.bin", Format::kOracleGeneral},
    {".oracleGeneral.zst", Format::kOracleGeneral},
    {".oracleGeneral", Format::kOracleGeneral},
    {".lis.zst", Format::kArcLis},
    {".lis", Format::kArcLis},
    {".txt.zst", Format::kText},
    {".txt", Format::kText},
}};

// Stripped, in any order, to turn a file name into a short label for reports.
constexpr std::array<std::string_view, 6> kLabelSuffixes{".zst", ".bin", ".oracleGeneral",
                                                         ".lis", ".csv", ".txt"};

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
                   "\" (known: oracleGeneral, lis, csv, txt, twitter, msr, synthetic)");
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
      path,
      "cannot tell the format from the name; pass --trace-format (oracleGeneral, lis, csv, "
      "txt, twitter, msr)"));
}

size_t RequestReader::read_some(std::span<RawRequest> requests) {
  size_t filled = 0;
  while (filled < requests.size() && next(requests[filled])) ++filled;
  return filled;
}

std::unique_ptr<RequestReader> open_reader(const std::filesystem::path& path,
                                           const ReadOptions& options) {
  // Checked before the name, so a mistyped path reports the missing file rather than its name.
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    throw TraceError(detail::trace_message(path, "no such file"));
  }
  switch (options.format ? *options.format : detect_format(path)) {
    case Format::kOracleGeneral:
      return detail::make_oracle_general_reader(path);
    case Format::kArcLis:
      return detail::make_arc_lis_reader(path);
    case Format::kCsv:
      return detail::make_csv_reader(path, options.csv);
    case Format::kText:
      return detail::make_text_reader(path);
    case Format::kTwitter:
      return detail::make_twitter_reader(path);
    case Format::kMsr:
      return detail::make_msr_reader(path);
    case Format::kSynthetic:
      break;
  }
  throw TraceError(detail::trace_message(
      path, "synthetic traces are generated from a spec, not read from a file"));
}

Trace read_trace(const std::filesystem::path& path, const ReadOptions& options) {
  const std::unique_ptr<RequestReader> reader = open_reader(path, options);
  TraceBuilder builder(reader->expected_requests());
  // Batches keep the per-request cost to the parsing itself rather than a virtual call each.
  std::vector<RawRequest> batch(4096);
  try {
    while (const size_t filled = reader->read_some(batch)) {
      for (size_t i = 0; i < filled; ++i) builder.add(batch[i]);
    }
  } catch (const TraceError& error) {
    // The builder's own limit (2^32 - 2 requests) does not know the file; reader errors do.
    const std::string message = error.what();
    if (message.starts_with("trace ")) throw;
    const Position& at = reader->position();
    throw TraceError(detail::trace_message(
        path, std::string(at.unit) + " " + std::to_string(at.number) + ": " + message));
  }
  Trace trace = builder.finish();
  if (trace.requests.empty()) {
    throw TraceError(detail::trace_message(path, "contains no requests"));
  }
  trace.name = trace_label(path);
  trace.path = path;
  trace.format = options.format ? *options.format : detect_format(path);
  return trace;
}

Trace read_trace(const std::filesystem::path& path, std::optional<Format> format) {
  ReadOptions options;
  options.format = format;
  return read_trace(path, options);
}

}  // namespace crucible::traces
