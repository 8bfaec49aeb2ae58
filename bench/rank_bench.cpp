// Speed of the rank mechanisms: compiles rank policies with the sandbox's compiler and flags,
// dlopens them here (no isolation, to time the mechanism and the policy alone), and runs each
// with the lazy and the sampled mechanism on one trace, single-threaded. For each pair it prints
// the best of --repeat runs in M requests/s, for the simulation alone (what each candidate costs:
// the search reads a trace once and its sandboxed children share the loaded copy) and with the
// trace's reading added, as a user's one-off run pays it.
//   crucible_bench_rank [--trace P6.lis.zst] [--size 32768] [--sample 5] [--repeat 3]
//                       [--policies lru,lfu,gdsf,hyperbolic,mixed,mixed-log2]
//                       [--mechanisms lazy,sampled]
#include <dlfcn.h>
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "evaluators/cache/baselines/baselines.hpp"
#include "evaluators/cache/interfaces.hpp"
#include "evaluators/cache/rank_mechanism.hpp"
#include "sandbox/compiler.hpp"
#include "sandbox/verifier.hpp"
#include "traces/trace.hpp"

namespace {

namespace cache = crucible::evaluators::cache;
using Clock = std::chrono::steady_clock;

// Ten lines of the kind a search produces: recency, a saturating bonus for frequency, one for
// returning ghosts and one for objects smaller than the recent average. Plain arithmetic.
constexpr const char* kMixed = R"(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double recency = (double)obj->last_access;
  double frequency = (double)obj->access_count;
  double window = 0.05 * (double)state->capacity;
  double bonus = window * frequency / (frequency + 1.0);
  double ghost = obj->evictions > 0 ? window : 0.0;
  double small = (double)obj->size < state->size_ewma[1] ? 0.5 * window : 0.0;
  return recency + bonus + ghost + small;
}
)";

// The same idea with two libm calls (glibc's log2 costs about 8 ns a call here): how much a
// transcendental function costs each mechanism.
constexpr const char* kMixedLog2 = R"(#include <cmath>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double recency = (double)obj->last_access;
  double frequency = std::log2(1.0 + (double)obj->access_count);
  double size = (double)(obj->size > 0 ? obj->size : 1);
  double window = 0.05 * (double)state->capacity;
  double ghost = obj->evictions > 0 ? window : 0.0;
  return recency + window * frequency / (1.0 + std::log2(size) / 16.0) + ghost;
}
)";

struct Options {
  std::string trace = CRUCIBLE_SOURCE_DIR "/../shared/data/cache/arc/P6.lis.zst";
  uint64_t size = 32768;
  uint64_t sample = cache::kDefaultSample;
  int repeat = 3;
  std::vector<std::string> policies = {"lru", "lfu", "gdsf", "hyperbolic", "mixed", "mixed-log2"};
  std::vector<std::string> mechanisms = {"lazy", "sampled"};
};

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

double mega_per_second(uint64_t requests, double seconds) {
  return static_cast<double>(requests) / seconds / 1e6;
}

// The policy's source: a rank seed by name, or one of the two above.
std::string policy_source(const std::string& name) {
  if (name == "mixed") return kMixed;
  if (name == "mixed-log2") return kMixedLog2;
  static const auto interfaces = cache::cache_interfaces();
  std::string known = "mixed, mixed-log2";
  for (const auto& seed : interfaces.front().seeds) {
    if (seed.name == name) return seed.source;
    known += ", " + seed.name;
  }
  throw std::invalid_argument("--policies: unknown policy \"" + name + "\" (known: " + known + ")");
}

struct Compiled {
  void* handle = nullptr;
  cache::PriorityFunction priority = nullptr;
};

Compiled compile_policy(const std::string& text) {
  static const auto interfaces = cache::cache_interfaces();
  const auto& rank = interfaces.front();
  crucible::sandbox::CandidateSource candidate;
  candidate.text = text;
  for (const auto& header : rank.headers) candidate.headers.push_back({header.name, header.text});
  candidate.entry_symbol = rank.entry_symbol;
  candidate.rules.allowed_headers = rank.allowances.headers;
  candidate.rules.allowed_functions = rank.allowances.functions;
  candidate.rules.allowed_types = rank.allowances.types;
  // Compiled as the sandbox does: the verifier emits the object, the driver links it.
  const crucible::sandbox::CompilerOptions options;
  auto job = crucible::sandbox::prepare_compile(options, candidate.entry_symbol);
  auto verdict = crucible::sandbox::verify(
      crucible::sandbox::VerifyRequest{candidate, {}, options.flags, job.object.string()});
  if (verdict.status != crucible::sandbox::Status::kOk) {
    throw std::runtime_error("the policy does not verify: " +
                             crucible::sandbox::format_diagnostics(verdict.diagnostics));
  }
  std::string command;
  for (const auto& arg : job.argv) command += "'" + arg + "' ";
  if (std::system(command.c_str()) != 0) throw std::runtime_error("compile failed: " + command);
  Compiled compiled;
  compiled.handle = ::dlopen(job.shared_object.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (compiled.handle == nullptr) throw std::runtime_error(::dlerror());
  void* entry = ::dlsym(compiled.handle, rank.entry_symbol.c_str());
  if (entry == nullptr) throw std::runtime_error("no " + rank.entry_symbol);
  compiled.priority = reinterpret_cast<cache::PriorityFunction>(entry);
  return compiled;
}

// The policy alone on a few objects that stay in the L1 cache: the floor its own cost sets.
double nanoseconds_per_call(cache::PriorityFunction priority, uint64_t capacity) {
  CacheObject objects[8]{};
  for (uint64_t i = 0; i < 8; ++i) objects[i] = {100 + i, i, 1000 + i, 1 + i, i, 1 + i, 0, i % 2, 0};
  CacheState state{};
  state.capacity = capacity;
  state.size_ewma[1] = 103.5;
  constexpr uint64_t kCalls = 20'000'000;
  double sum = 0;
  const auto start = Clock::now();
  for (uint64_t i = 0; i < kCalls; ++i) {
    state.now = 2000 + i;
    sum += priority(&objects[i % 8], &state);
  }
  const double seconds = seconds_since(start);
  if (sum == 42.0) fmt::print("");  // keeps the calls
  return 1e9 * seconds / static_cast<double>(kCalls);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"crucible_bench_rank: speed of the lazy and sampled rank mechanisms"};
  app.add_option("--trace", options.trace, "trace file (any format read_trace reads)")
      ->capture_default_str();
  app.add_option("--size", options.size, "cache size in objects")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--sample", options.sample, "residents the sampled mechanism ranks per eviction")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--repeat", options.repeat, "runs per row; the best is reported")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000));
  app.add_option("--policies", options.policies, "rank seeds by name, mixed, mixed-log2")
      ->delimiter(',')
      ->capture_default_str();
  app.add_option("--mechanisms", options.mechanisms, "lazy, sampled")
      ->delimiter(',')
      ->capture_default_str()
      ->check(CLI::IsMember({"lazy", "sampled"}));
  CLI11_PARSE(app, argc, argv);
  try {
    std::vector<std::pair<std::string, Compiled>> policies;
    for (const auto& name : options.policies) {
      policies.emplace_back(name, compile_policy(policy_source(name)));
    }
    const auto read_start = Clock::now();
    const auto trace = crucible::traces::read_trace(options.trace);
    const double read = seconds_since(read_start);
    const uint64_t n = trace.requests.size();
    fmt::print("trace {}: {} requests, {} objects, read in {:.2f} s; capacity {} objects\n",
               options.trace, n, trace.objects(), read, options.size);
    const cache::CacheConfig config{options.size, false, trace.objects(), 0};
    fmt::print("{:<12} {:<12} {:>8} {:>10} {:>12} {:>12}\n", "policy", "mechanism", "ns/call",
               "miss ratio", "Mreq/s sim", "Mreq/s+read");
    auto row = [&](const std::string& policy, const std::string& mechanism, double per_call,
                   auto run) {
      double best = std::numeric_limits<double>::infinity();
      cache::CacheResult result;
      for (int i = 0; i < options.repeat; ++i) {
        const auto start = Clock::now();
        result = run();
        best = std::min(best, seconds_since(start));
      }
      fmt::print("{:<12} {:<12} {:>8.1f} {:>10.4f} {:>12.2f} {:>12.2f}\n", policy, mechanism,
                 per_call, result.miss_ratio(), mega_per_second(n, best),
                 mega_per_second(n, best + read));
      std::fflush(stdout);
    };
    // For scale: the native LRU baseline (linked list, dense arrays), no policy calls.
    row("native-lru", "-", 0.0, [&] { return cache::run_lru(trace.requests, config); });
    const std::string sampled = "sampled k=" + std::to_string(options.sample);
    for (const auto& [name, compiled] : policies) {
      const double per_call = nanoseconds_per_call(compiled.priority, options.size);
      for (const auto& mechanism : options.mechanisms) {
        if (mechanism == "lazy") {
          row(name, mechanism, per_call,
              [&] { return cache::simulate_rank(trace.requests, config, compiled.priority); });
        } else {
          row(name, sampled, per_call, [&] {
            return cache::simulate_sampled(trace.requests, config, compiled.priority,
                                           options.sample, 1);
          });
        }
      }
    }
    for (auto& [name, compiled] : policies) ::dlclose(compiled.handle);
  } catch (const std::exception& error) {
    fmt::print(stderr, "crucible_bench_rank: {}\n", error.what());
    return 1;
  }
  return 0;
}
