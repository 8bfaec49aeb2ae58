// Verify + compile time of 50 different 50-line rank policies, one at a time, through the same
// pipeline the search uses (verifier in a limited child, clang-19 with the precompiled prelude).
// Prints per-stage median and p95. Usage: crucible_bench_compile [candidates=50]
#include <fmt/core.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "evaluators/registry.hpp"
#include "sandbox/prelude.hpp"
#include "search/candidate_eval.hpp"

namespace {

// A 50-line rank policy; `variant` changes its constants so no two sources are alike.
std::string policy_source(int variant) {
  auto c = [&](double base) { return fmt::format("{:.4f}", base * (1.0 + 0.013 * variant)); };
  return fmt::format(R"(#include <algorithm>
#include <cmath>

// Variant {0}: a blend of recency, frequency and size with a scan guard.
namespace {{

constexpr double kRecencyWeight = {1};
constexpr double kFrequencyWeight = {2};
constexpr double kSizeWeight = {3};
constexpr double kScanGuard = {4};

double recency(const CacheObject* obj, const CacheState* state) {{
  double age = static_cast<double>(state->now - obj->last_access);
  return 1.0 / (1.0 + age);
}}

double frequency(const CacheObject* obj) {{
  double count = static_cast<double>(obj->access_count);
  return std::log1p(count);
}}

double size_penalty(const CacheObject* obj) {{
  double size = static_cast<double>(obj->size);
  return std::sqrt(std::max(size, 1.0));
}}

double residency(const CacheObject* obj, const CacheState* state) {{
  double lifetime = static_cast<double>(state->now - obj->insert_time) + 1.0;
  double count = static_cast<double>(obj->access_count);
  return count / lifetime;
}}

}}  // namespace

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {{
  double fill = static_cast<double>(state->occupancy) /
                static_cast<double>(std::max<uint64_t>(state->capacity, 1));
  double score = kRecencyWeight * recency(obj, state);
  score += kFrequencyWeight * frequency(obj);
  score -= kSizeWeight * size_penalty(obj);
  score += residency(obj, state);
  if (obj->access_count <= 1 && fill > 0.9) {{
    score -= kScanGuard;
  }}
  // Objects far larger than the mean occupancy share lose a little more.
  double share = static_cast<double>(obj->size) / (fill + 1.0);
  score -= share * 1e-9;
  double clamped = std::clamp(score, -1e6, 1e6);
  return clamped + static_cast<double>(obj->last_access) * 1e-12;
}}
)",
                     variant, c(3.0), c(1.5), c(0.01), c(2.0));
}

double percentile(std::vector<double> values, double fraction) {
  std::sort(values.begin(), values.end());
  size_t index = static_cast<size_t>(fraction * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

}  // namespace

int main(int argc, char** argv) {
  using namespace crucible;
  int count = argc > 1 ? std::max(1, std::atoi(argv[1])) : 50;
  const auto& domain = evaluators::find_domain("cache");
  auto workload = domain.load_workload(
      nlohmann::json::parse(R"({"traces":[{"synthetic":{"requests":1000,"objects":100}}],"sizes":["10%"]})"),
      ".");
  std::vector<sandbox::Job> jobs;
  for (int i = 0; i < count; ++i) {
    jobs.push_back(search::make_job(domain, *workload, policy_source(i), /*recheck=*/false));
  }
  search::SearchOptions options;
  options.jobs = 1;  // one at a time: latency, not throughput
  // The prelude is built once per run, before the first candidate; time it apart.
  auto prelude_start = std::chrono::steady_clock::now();
  auto prelude = sandbox::Prelude::for_candidate(jobs.front().candidate, search::pipeline_options(options).compiler);
  double prelude_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - prelude_start).count();

  std::vector<double> verify, compile, total;
  int failures = 0;
  sandbox::run_jobs(jobs, search::pipeline_options(options), [&](size_t index, sandbox::JobResult result) {
    if (result.status != sandbox::Status::kOk) {
      ++failures;
      fmt::print(stderr, "candidate {}: {}: {}\n", index, sandbox::status_name(result.status), result.diagnostics);
      return;
    }
    verify.push_back(result.verify_ms);
    compile.push_back(result.compile_ms);
    total.push_back(result.verify_ms + result.compile_ms);
  });
  if (total.empty()) return 1;
  fmt::print("compile benchmark: {} candidates of {} lines, one at a time ({} failed)\n", count,
             std::count(jobs.front().candidate.text.begin(), jobs.front().candidate.text.end(), '\n'), failures);
  fmt::print("prelude (precompiled headers, once per run): {:.0f} ms{}\n", prelude_ms, prelude ? "" : " (failed)");
  fmt::print("{:<18} {:>10} {:>10}\n", "stage", "median ms", "p95 ms");
  fmt::print("{:<18} {:>10.1f} {:>10.1f}\n", "verify", percentile(verify, 0.5), percentile(verify, 0.95));
  fmt::print("{:<18} {:>10.1f} {:>10.1f}\n", "compile", percentile(compile, 0.5), percentile(compile, 0.95));
  fmt::print("{:<18} {:>10.1f} {:>10.1f}\n", "verify + compile", percentile(total, 0.5), percentile(total, 0.95));
  return failures == 0 ? 0 : 1;
}
