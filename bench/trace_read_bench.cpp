// Trace reading speed: reads one trace N times through read_trace and prints requests/s and MB/s.
//   crucible_bench_traces PATH [RUNS] [FORMAT]
// MB/s counts the bytes parsed (decompressed for .zst files) and, apart, the bytes on disk.
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <string>
#include <vector>

#include "traces/trace.hpp"

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
    size_t requests = 0;
    for (int run = 0; run < runs; ++run) {
      const auto start = std::chrono::steady_clock::now();
      const auto trace = crucible::traces::read_trace(path, options);
      const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
      seconds.push_back(elapsed.count());
      requests = trace.requests.size();
    }
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds[seconds.size() / 2];
    fmt::print("{}: {} requests, {:.1f} MB parsed ({:.1f} MB on disk), {} runs\n", path.string(),
               requests, parsed_mb, disk_mb, runs);
    fmt::print("read_trace: median {:.3f} s (min {:.3f}, max {:.3f})\n", median, seconds.front(),
               seconds.back());
    fmt::print("{:.1f} M requests/s, {:.1f} MB/s parsed, {:.1f} MB/s on disk\n",
               static_cast<double>(requests) / median / 1e6, parsed_mb / median,
               disk_mb / median);
  } catch (const std::exception& error) {
    fmt::print(stderr, "crucible_bench_traces: error: {}\n", error.what());
    return 1;
  }
  return 0;
}
