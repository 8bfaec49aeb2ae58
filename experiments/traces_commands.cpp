// crucible traces info, crucible traces convert.
#include <fmt/core.h>
#include <fmt/format.h>

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "commands.hpp"
#include "traces/page_trace.hpp"
#include "traces/trace.hpp"
#include "traces/trace_spec.hpp"
#include "traces/trace_writer.hpp"

namespace crucible::cli {
namespace {

traces::ReadOptions read_options(const std::string& trace_format, const std::string& csv) {
  traces::ReadOptions options;
  if (!trace_format.empty()) options.format = traces::parse_format(trace_format);
  if (!csv.empty()) {
    if (options.format != traces::Format::kCsv) {
      throw std::invalid_argument("--csv: only with --trace-format csv");
    }
    options.csv = traces::parse_csv_spec(csv, "--csv");
  }
  return options;
}

double share(uint64_t part, uint64_t whole) {
  return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

// "[2^k, 2^(k+1))" labels of the power-of-two size classes.
std::string size_class_label(size_t size_class) {
  if (size_class == 0) return "0";
  return fmt::format("[{}, {})", uint64_t{1} << (size_class - 1), uint64_t{1} << size_class);
}

nlohmann::json stats_json(const std::string& path, const traces::Trace& trace,
                          const traces::TraceStats& stats) {
  auto histogram = nlohmann::json::array();
  for (size_t size_class = 0; size_class < stats.size_histogram.size(); ++size_class) {
    if (stats.size_histogram[size_class] == 0) continue;
    histogram.push_back({{"class", size_class_label(size_class)},
                         {"min", size_class == 0 ? 0 : uint64_t{1} << (size_class - 1)},
                         {"objects", stats.size_histogram[size_class]}});
  }
  return {{"path", path},
          {"name", trace.name},
          {"format", traces::format_name(trace.format)},
          {"requests", stats.requests},
          {"unique_objects", stats.unique_objects},
          {"footprint_objects", stats.unique_objects},
          {"footprint_bytes", stats.footprint_bytes},
          {"requested_bytes", stats.requested_bytes},
          {"one_hit_wonders", stats.one_hit_wonders},
          {"one_hit_wonder_share", share(stats.one_hit_wonders, stats.unique_objects) / 100.0},
          {"time_span_seconds", stats.time_span},
          {"object_size",
           {{"min", stats.size_min},
            {"p25", stats.size_p25},
            {"median", stats.size_median},
            {"p75", stats.size_p75},
            {"p90", stats.size_p90},
            {"p99", stats.size_p99},
            {"max", stats.size_max},
            {"histogram", histogram}}}};
}

void print_stats(const std::string& path, const traces::Trace& trace,
                 const traces::TraceStats& stats) {
  fmt::print(
      "trace:            {}\nformat:           {}\nrequests:         {}\n"
      "unique objects:   {}\nfootprint:        {} objects, {} bytes\n"
      "requested:        {} bytes\none-hit wonders:  {} ({:.1f}% of objects)\n"
      "time span:        {} s\n",
      path, traces::format_name(trace.format), stats.requests, stats.unique_objects,
      stats.unique_objects, stats.footprint_bytes, stats.requested_bytes, stats.one_hit_wonders,
      share(stats.one_hit_wonders, stats.unique_objects), stats.time_span);
  fmt::print("object size:      min {}, p25 {}, median {}, p75 {}, p90 {}, p99 {}, max {} bytes\n",
             stats.size_min, stats.size_p25, stats.size_median, stats.size_p75, stats.size_p90,
             stats.size_p99, stats.size_max);
  fmt::print("objects by size:\n");
  for (size_t size_class = 0; size_class < stats.size_histogram.size(); ++size_class) {
    if (stats.size_histogram[size_class] == 0) continue;
    fmt::print("  {:>24}  {:>12}  {:5.1f}%\n", size_class_label(size_class),
               stats.size_histogram[size_class],
               share(stats.size_histogram[size_class], stats.unique_objects));
  }
}

// A page trace (memory tiering): accesses, pages, writes, and how concentrated the accesses are.
int page_trace_info(const TracesInfoArgs& args) {
  if (!args.trace_format.empty() || !args.csv.empty()) {
    throw std::invalid_argument("--trace-format and --csv do not apply to a page trace (" +
                                args.path + ")");
  }
  const auto trace = traces::read_page_trace(args.path);
  const auto stats = traces::compute_page_stats(trace);
  if (args.json) {
    nlohmann::json json = {{"path", args.path},
                           {"name", trace.name},
                           {"format", "pages"},
                           {"page_size", trace.page_size},
                           {"sample_period", trace.sample_period},
                           {"accesses", stats.accesses},
                           {"pages", stats.pages},
                           {"footprint_bytes", stats.footprint_bytes},
                           {"writes", stats.writes},
                           {"write_share", share(stats.writes, stats.accesses) / 100.0},
                           {"time_span", stats.time_span},
                           {"single_access_pages", stats.single_access_pages},
                           {"accesses_per_page",
                            {{"median", stats.per_page_median},
                             {"p90", stats.per_page_p90},
                             {"p99", stats.per_page_p99},
                             {"max", stats.per_page_max}}},
                           {"hottest_tenth_share", stats.hottest_tenth_share}};
    fmt::print("{}\n", json.dump(2));
    return 0;
  }
  fmt::print("trace:            {} (page accesses)\n", args.path);
  fmt::print("page size:        {} bytes; one access in {} recorded\n", trace.page_size,
             trace.sample_period);
  fmt::print("accesses:         {} ({:.1f}% writes)\n", stats.accesses,
             share(stats.writes, stats.accesses));
  fmt::print("pages:            {} ({} bytes); {} touched once\n", stats.pages,
             stats.footprint_bytes, stats.single_access_pages);
  fmt::print("time span:        {} accesses of the program\n", stats.time_span);
  fmt::print("accesses a page:  median {}, p90 {}, p99 {}, max {}\n", stats.per_page_median,
             stats.per_page_p90, stats.per_page_p99, stats.per_page_max);
  fmt::print("hottest 10%:      {:.1f}% of the accesses\n", 100 * stats.hottest_tenth_share);
  return 0;
}

}  // namespace

int traces_info(const TracesInfoArgs& args) {
  if (traces::is_page_trace_path(args.path)) return page_trace_info(args);
  const auto trace = traces::read_trace(args.path, read_options(args.trace_format, args.csv));
  const auto stats = traces::compute_stats(trace);
  if (args.json) {
    fmt::print("{}\n", stats_json(args.path, trace, stats).dump(2));
  } else {
    print_stats(args.path, trace, stats);
  }
  return 0;
}

int traces_convert(const TracesConvertArgs& args) {
  const traces::Format to =
      args.to.empty() ? traces::detect_format(args.output) : traces::parse_format(args.to);
  const auto trace = traces::read_trace(args.input, read_options(args.trace_format, args.csv));
  traces::write_trace(trace, args.output, to);
  fmt::print(stderr, "wrote {} requests ({} objects) to {} as {}\n", trace.requests.size(),
             trace.objects(), args.output, traces::format_name(to));
  return 0;
}

}  // namespace crucible::cli
