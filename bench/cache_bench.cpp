// Speed of the native cache baselines on one trace. Single-threaded (the default): for each
// algorithm and size, the best of --repeat runs of read_trace + simulation, and of the simulation
// alone, as millions of requests per second. --threads N: every (algorithm, size) instance at once
// on N threads over one shared loaded trace, and the aggregate rate.
//   crucible_bench_cache --trace PATH --size 32768[,...] [--algos lru,fifo] [--repeat 3] [--bytes]
//                        [--cpu-time] [--threads N]
#include <fmt/core.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <time.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <exception>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "evaluators/cache/baselines/baselines.hpp"
#include "traces/trace.hpp"

namespace {

namespace cache = crucible::evaluators::cache;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string trace;
  std::vector<uint64_t> sizes;
  std::vector<std::string> algos;
  int repeat = 3;
  bool is_bytes = false;
  int threads = 0;  // 0: the single-threaded table
  bool is_cpu_time = false;
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Wall-clock seconds, or with --cpu-time the process's CPU seconds (all its threads), which a
// machine shared with other jobs inflates less; their cache and memory traffic still counts.
struct Stopwatch {
  bool is_cpu_time;
  double now() const {
    if (!is_cpu_time) return std::chrono::duration<double>(Clock::now().time_since_epoch()).count();
    timespec spec{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec);
    return static_cast<double>(spec.tv_sec) + static_cast<double>(spec.tv_nsec) * 1e-9;
  }
};

double mega_per_second(uint64_t requests, double seconds) {
  return seconds > 0 ? static_cast<double>(requests) / seconds / 1e6 : 0.0;
}

// The baselines named on the command line, or every registered one.
std::vector<const cache::Baseline*> chosen_baselines(const std::vector<std::string>& names) {
  std::vector<const cache::Baseline*> chosen;
  if (names.empty()) {
    for (const auto& baseline : cache::all_baselines()) chosen.push_back(&baseline);
    return chosen;
  }
  for (const auto& name : names) {
    const auto* baseline = cache::find_baseline(name);
    if (baseline == nullptr)
      throw std::invalid_argument("--algos: unknown baseline \"" + name + "\"");
    chosen.push_back(baseline);
  }
  return chosen;
}

cache::CacheConfig config_for(const crucible::traces::Trace& trace, uint64_t size, bool is_bytes) {
  return {size, is_bytes, trace.objects(), 0};
}

// The best of --repeat runs of one (algorithm, size): reading, simulating, and both together.
struct Row {
  double total = std::numeric_limits<double>::infinity();
  double simulation = std::numeric_limits<double>::infinity();
  double read = std::numeric_limits<double>::infinity();
  uint64_t requests = 0;
  cache::CacheResult result;
};

// Each repeat reads the trace afresh, so the first column pays for reading as a user's run does.
Row measure(const Options& options, const cache::Baseline& baseline, uint64_t size) {
  Row row;
  const Stopwatch watch{options.is_cpu_time};
  for (int i = 0; i < options.repeat; ++i) {
    const double start = watch.now();
    const auto trace = crucible::traces::read_trace(options.trace);
    const double simulation_start = watch.now();
    row.result = baseline.run(trace.requests, config_for(trace, size, options.is_bytes));
    const double simulation = watch.now() - simulation_start;
    const double read = simulation_start - start;
    row.requests = trace.requests.size();
    row.total = std::min(row.total, read + simulation);
    row.simulation = std::min(row.simulation, simulation);
    row.read = std::min(row.read, read);
  }
  return row;
}

void run_single(const Options& options, const std::vector<const cache::Baseline*>& baselines) {
  bool is_header_printed = false;  // after the first row is measured, so an error prints alone
  for (const auto* baseline : baselines) {
    for (uint64_t size : options.sizes) {
      const Row row = measure(options, *baseline, size);
      if (!is_header_printed) {
        fmt::print("{:<8} {:>10} {:>14} {:>14} {:>9} {:>10} {:>12}\n", "algo", "size",
                   "Mreq/s+read", "Mreq/s sim", "read s", "miss ratio", "hits");
        is_header_printed = true;
      }
      fmt::print("{:<8} {:>10} {:>14.2f} {:>14.2f} {:>9.3f} {:>10.4f} {:>12}\n", baseline->name,
                 size, mega_per_second(row.requests, row.total),
                 mega_per_second(row.requests, row.simulation), row.read, row.result.miss_ratio(),
                 row.result.hits);
    }
  }
}

void run_parallel(const Options& options, const std::vector<const cache::Baseline*>& baselines) {
  const auto read_start = Clock::now();
  const auto trace = crucible::traces::read_trace(options.trace);
  const double read = seconds_since(read_start);
  struct Instance {
    const cache::Baseline* baseline;
    uint64_t size;
    cache::CacheResult result;
  };
  std::vector<Instance> instances;
  for (const auto* baseline : baselines) {
    for (uint64_t size : options.sizes) instances.push_back({baseline, size, {}});
  }
  tbb::task_arena arena(options.threads);
  const auto start = Clock::now();
  arena.execute([&] {
    tbb::parallel_for(
        size_t{0}, instances.size(),
        [&](size_t i) {
          auto& instance = instances[i];
          instance.result = instance.baseline->run(
              trace.requests, config_for(trace, instance.size, options.is_bytes));
        },
        tbb::simple_partitioner());
  });
  const double wall = seconds_since(start);
  fmt::print("{:<8} {:>10} {:>10} {:>12}\n", "algo", "size", "miss ratio", "hits");
  for (const auto& instance : instances) {
    fmt::print("{:<8} {:>10} {:>10.4f} {:>12}\n", instance.baseline->name, instance.size,
               instance.result.miss_ratio(), instance.result.hits);
  }
  const uint64_t total = instances.size() * trace.requests.size();
  fmt::print(
      "read once in {:.3f} s; {} instances x {} requests on {} threads: {:.3f} s wall, "
      "aggregate {:.2f} M req/s\n",
      read, instances.size(), trace.requests.size(), options.threads, wall,
      mega_per_second(total, wall));
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"crucible_bench_cache: simulation speed of the native cache baselines"};
  app.add_option("--trace", options.trace, "trace file (any format read_trace reads)")->required();
  app.add_option("--size", options.sizes, "cache sizes, in objects (or bytes with --bytes)")
      ->required()
      ->delimiter(',')
      ->check(CLI::PositiveNumber);
  app.add_option("--algos", options.algos, "baselines to run (default: every registered one)")
      ->delimiter(',');
  app.add_option("--repeat", options.repeat, "runs per row; the best is reported")
      ->check(CLI::Range(1, 1000));
  app.add_flag("--cpu-time", options.is_cpu_time,
               "time the single-threaded table in process CPU seconds instead of wall seconds");
  app.add_flag("--bytes", options.is_bytes, "capacity counts bytes (each object takes its size)");
  app.add_option("--threads", options.threads,
                 "run every (algorithm, size) instance in parallel on this many threads")
      ->check(CLI::Range(1, 1024));
  CLI11_PARSE(app, argc, argv);
  try {
    const auto baselines = chosen_baselines(options.algos);
    if (options.threads > 0) {
      run_parallel(options, baselines);
    } else {
      run_single(options, baselines);
    }
  } catch (const std::exception& error) {
    fmt::print(stderr, "crucible_bench_cache: {}\n", error.what());
    return 1;
  }
  return 0;
}
