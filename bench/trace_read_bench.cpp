// Trace reading speed: reads one trace N times through read_trace and prints requests/s and MB/s.
//   crucible_bench_traces PATH [RUNS] [FORMAT]
// MB/s counts the bytes parsed (decompressed for .zst files) and, apart, the bytes on disk.
// Rates use the median wall time; the process CPU time of each run is printed beside it, since on
// a shared machine wall time also counts the time spent waiting for a core.
#include <fmt/core.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "traces/trace.hpp"

namespace {

double cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: {} PATH [RUNS] [FORMAT]\n", argv[0]);
    return 2;
  }
  try {
    const std::filesystem::path path = argv[1];
    const int runs = argc > 2 ? std::max(1, std::atoi(argv[2])) : 5;
    crucible::traces::ReadOptions options;
    if (argc > 3) options.format = crucible::traces::parse_format(argv[3]);
    const double disk_mb = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
    const double parsed_mb =
        static_cast<double>(crucible::traces::read_file_bytes(path).size()) / 1e6;
    std::vector<double> seconds;
    std::vector<double> cpu;
    size_t requests = 0;
    for (int run = 0; run < runs; ++run) {
      const double cpu_start = cpu_seconds();
      const auto start = std::chrono::steady_clock::now();
      const auto trace = crucible::traces::read_trace(path, options);
      const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
      cpu.push_back(cpu_seconds() - cpu_start);
      seconds.push_back(elapsed.count());
      requests = trace.requests.size();
    }
    const double median = median_of(seconds);
    fmt::print("{}: {} requests, {:.1f} MB parsed ({:.1f} MB on disk), {} runs\n", path.string(),
               requests, parsed_mb, disk_mb, runs);
    fmt::print(
        "read_trace: median {:.3f} s wall (min {:.3f}, max {:.3f}), median {:.3f} s CPU "
        "(min {:.3f})\n",
        median, *std::min_element(seconds.begin(), seconds.end()),
        *std::max_element(seconds.begin(), seconds.end()), median_of(cpu),
        *std::min_element(cpu.begin(), cpu.end()));
    fmt::print("{:.1f} M requests/s, {:.1f} MB/s parsed, {:.1f} MB/s on disk\n",
               static_cast<double>(requests) / median / 1e6, parsed_mb / median, disk_mb / median);
  } catch (const std::exception& error) {
    fmt::print(stderr, "crucible_bench_traces: error: {}\n", error.what());
    return 1;
  }
  return 0;
}
