// Speed of the rank mechanisms: compiles a 10-line rank policy with the sandbox's compiler and
// flags, dlopens it here (no isolation, to time the mechanism alone), and runs it with the lazy
// and the sampled mechanism on one trace, single-threaded. Prints M requests/s for the simulation
// alone and including read_trace.
// Usage: crucible_bench_rank [trace=../shared/data/cache/arc/P6.lis.zst] [objects=32768] [sample]
//        [trivial: rank by last access alone, to see the mechanism's own cost]
#include <dlfcn.h>
#include <fmt/core.h>

#include <chrono>
#include <ctime>
#include <cstdlib>
#include <memory>
#include <string>

#include "evaluators/cache/baselines/baselines.hpp"
#include "evaluators/cache/interfaces.hpp"
#include "evaluators/cache/rank_mechanism.hpp"
#include "sandbox/compiler.hpp"
#include "traces/trace.hpp"

namespace {

namespace cache = crucible::evaluators::cache;

// Ten lines: recency with a bonus for frequency and for returning ghosts, small objects kept a
// little longer; the kind of policy a search starts from.
constexpr const char* kPolicy = R"(#include <cmath>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double recency = (double)obj->last_access;
  double frequency = std::log2(1.0 + (double)obj->access_count);
  double size = (double)(obj->size > 0 ? obj->size : 1);
  double window = 0.05 * (double)state->capacity;
  double ghost = obj->evictions > 0 ? window : 0.0;
  return recency + window * frequency / (1.0 + std::log2(size) / 16.0) + ghost;
}
)";

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// CPU time of this thread: on a shared machine it leaves out the time other processes ran.
double thread_seconds() {
  timespec now{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

// The cheapest policy, to tell the mechanism's own cost from the policy's.
constexpr const char* kTrivialPolicy = R"(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return (double)obj->last_access;
}
)";

cache::PriorityFunction compile_policy(const char* text, void*& handle) {
  static const auto interfaces = cache::cache_interfaces();
  const auto& rank = interfaces.front();
  crucible::sandbox::CandidateSource candidate;
  candidate.text = text;
  for (const auto& header : rank.headers) candidate.headers.push_back({header.name, header.text});
  candidate.entry_symbol = rank.entry_symbol;
  auto job = crucible::sandbox::prepare_compile(candidate, {});
  std::string command;
  for (const auto& arg : job.argv) command += "'" + arg + "' ";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("compile failed: " + command);
  handle = ::dlopen(job.shared_object.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (handle == nullptr) throw std::runtime_error(::dlerror());
  void* entry = ::dlsym(handle, rank.entry_symbol.c_str());
  if (entry == nullptr) throw std::runtime_error("no " + rank.entry_symbol);
  return reinterpret_cast<cache::PriorityFunction>(entry);
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = argc > 1 ? argv[1] : CRUCIBLE_SOURCE_DIR "/../shared/data/cache/arc/P6.lis.zst";
  uint64_t capacity = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 32768;
  uint64_t sample = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : cache::kDefaultSample;
  void* handle = nullptr;
  const bool is_trivial = argc > 4 && std::string(argv[4]) == "trivial";
  auto priority = compile_policy(is_trivial ? kTrivialPolicy : kPolicy, handle);
  auto start = std::chrono::steady_clock::now();
  auto trace = crucible::traces::read_trace(path);
  double read_s = seconds_since(start);
  const double n = static_cast<double>(trace.requests.size());
  fmt::print("trace {}: {} requests, {} objects, read in {:.2f} s; capacity {} objects\n", path,
             trace.requests.size(), trace.objects(), read_s, capacity);
  cache::CacheConfig config{capacity, false, trace.objects(), 0};
  auto report = [&](const char* name, auto run) {
    auto begin = std::chrono::steady_clock::now();
    double cpu_begin = thread_seconds();
    cache::CacheResult result = run();
    double simulate_s = seconds_since(begin);
    double cpu_s = thread_seconds() - cpu_begin;
    fmt::print(
        "{:<20} miss ratio {:.4f}  {:6.2f} M req/s simulation ({:6.2f} by CPU time)  {:6.2f} M "
        "req/s with read\n",
        name, result.miss_ratio(), n / simulate_s / 1e6, n / cpu_s / 1e6,
        n / (simulate_s + read_s) / 1e6);
  };
  // For scale: the policy alone, called as often as sampled calls it (k per request), on a few
  // objects that stay in the L1 cache: the floor the policy's own cost sets.
  {
    CacheObject objects[8]{};
    for (uint64_t i = 0; i < 8; ++i) objects[i] = {100 + i, i, 1000 + i, 1 + i, i, 1 + i, 0, i % 2, 0};
    CacheState state{};
    state.capacity = capacity;
    const uint64_t calls = trace.requests.size() * sample;
    double cpu_begin = thread_seconds();
    double sum = 0;
    for (uint64_t i = 0; i < calls; ++i) {
      state.now = i;
      sum += priority(&objects[i % 8], &state);
    }
    double cpu_s = thread_seconds() - cpu_begin;
    fmt::print("{:<20} {:.1f} ns per call: {:6.2f} M req/s at {} calls per request (sum {:g})\n",
               "policy alone", 1e9 * cpu_s / static_cast<double>(calls),
               n / cpu_s / 1e6, sample, sum);
  }
  // For scale: the native LRU baseline (a linked list and a hash map), no policy calls.
  report("native LRU baseline", [&] { return cache::run_lru(trace.requests, config); });
  report("lazy", [&] { return cache::simulate_rank(trace.requests, config, priority); });
  std::string sampled = "sampled k=" + std::to_string(sample);
  report(sampled.c_str(),
         [&] { return cache::simulate_sampled(trace.requests, config, priority, sample, 1); });
  ::dlclose(handle);
  return 0;
}
