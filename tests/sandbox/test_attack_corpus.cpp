// The adversarial corpus: every candidate in tests/sandbox/attacks/ goes through the real cache
// domain's sandbox and must end with the status its first line records, and an honest candidate
// queued after all of them still comes back ok, so hostile candidates never stop a search. They
// go through a worker, as in a search: the worker forks both the verifier and the runs.
//
// A corpus file starts with
//   // expect: <status>[ -- <text the diagnostics must contain>]
// and may add, among its leading comment lines,
//   // generate: pad-to <bytes>
// to be padded with a comment to that size before it is submitted (a 10 MB source is not
// committed as 10 MB), and
//   // interface: <domain>/<interface>
// to be submitted against that interface (cache/rank, cache/hooks, tiering/rank, tiering/hooks)
// instead of the cache domain's rank interface. Each interface's candidates go through a pipeline
// of their own, with an honest seed of that interface queued last. The files are named .cc so that the tests' *.cpp glob leaves them out of
// this binary: they are inputs to the sandbox, never code of ours.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "evaluators/registry.hpp"
#include "sandbox/status.hpp"
#include "sandbox/worker.hpp"
#include "search/candidate_eval.hpp"
#include "support.hpp"

namespace {

namespace fs = std::filesystem;
using crucible::sandbox::Status;

struct Expectation {
  Status status = Status::kOk;
  std::string diagnostic;  // a substring the diagnostics must contain; empty for none
  size_t pad_to = 0;       // from "// generate: pad-to N"; 0 for none
  std::string interface = "cache/rank";  // from "// interface: domain/name"
};

struct CorpusEntry {
  std::string name;
  std::string source;
  std::optional<Expectation> expected;  // nullopt when the header is malformed
};

fs::path corpus_dir() { return fs::path(CRUCIBLE_SOURCE_DIR) / "tests" / "sandbox" / "attacks"; }

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string trim(std::string text) {
  auto first = text.find_first_not_of(" \t\r");
  auto last = text.find_last_not_of(" \t\r");
  return first == std::string::npos ? std::string() : text.substr(first, last - first + 1);
}

// Reads the header comments; nullopt when the first line is not a well-formed expectation.
std::optional<Expectation> parse_expectation(const std::string& source) {
  std::istringstream lines(source);
  std::string line;
  constexpr std::string_view kExpect = "// expect:";
  if (!std::getline(lines, line) || !line.starts_with(kExpect)) return std::nullopt;
  std::string rest = line.substr(kExpect.size());
  Expectation expected;
  if (auto dashes = rest.find(" -- "); dashes != std::string::npos) {
    expected.diagnostic = trim(rest.substr(dashes + 4));
    rest = rest.substr(0, dashes);
  }
  auto status = crucible::sandbox::parse_status(trim(rest));
  if (!status) return std::nullopt;
  expected.status = *status;
  constexpr std::string_view kPad = "// generate: pad-to ";
  constexpr std::string_view kInterface = "// interface: ";
  while (std::getline(lines, line) && line.starts_with("//")) {
    if (line.starts_with(kPad)) expected.pad_to = std::stoull(line.substr(kPad.size()));
    if (line.starts_with(kInterface)) expected.interface = trim(line.substr(kInterface.size()));
  }
  return expected;
}

// Every file of the corpus in name order, padded where its header asks.
std::vector<CorpusEntry> load_corpus() {
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(corpus_dir())) {
    if (entry.is_regular_file()) paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  std::vector<CorpusEntry> corpus;
  for (const auto& path : paths) {
    CorpusEntry entry{path.filename().string(), read_text(path), std::nullopt};
    entry.expected = parse_expectation(entry.source);
    if (entry.expected && entry.source.size() + 4 < entry.expected->pad_to) {
      if (!entry.source.ends_with('\n')) entry.source += '\n';
      entry.source += "// ";
      entry.source.append(entry.expected->pad_to - entry.source.size() - 1, 'x');
      entry.source += '\n';
    }
    corpus.push_back(std::move(entry));
  }
  return corpus;
}

// Short limits, so that the timeouts in the corpus cost seconds, not minutes; the compile limit
// leaves room for the first verification (it builds the prelude) on a busy 2-core machine.
crucible::sandbox::PipelineOptions corpus_options() {
  crucible::search::SearchOptions search;
  search.jobs = 2;
  search.eval_timeout = std::chrono::milliseconds(1500);
  search.compile_timeout = std::chrono::milliseconds(6000);
  return crucible::search::pipeline_options(search);
}

// A small workload of each domain, written against `interface`.
std::unique_ptr<crucible::evaluators::Workload> corpus_workload(const std::string& domain,
                                                                const std::string& interface) {
  nlohmann::json spec;
  if (domain == "cache") {
    spec = nlohmann::json::parse(
        R"({"traces":[{"synthetic":{"requests":20000,"objects":2000}}],"sizes":["5%"]})");
  } else {
    spec = nlohmann::json::parse(
        R"({"traces":[{"synthetic":{"kind":"phases","accesses":30000,"pages":2000,"phases":3}}],
            "sizes":["10%"]})");
  }
  spec["policy"] = {{"interface", interface}};
  return crucible::evaluators::find_domain(domain).load_workload(spec, CRUCIBLE_SOURCE_DIR);
}

// Runs `entries` (all of one interface) through one pipeline with an honest seed queued last,
// and checks every status; returns how many entries it judged.
size_t run_interface_group(const std::string& key, const std::vector<const CorpusEntry*>& entries) {
  const auto slash = key.find('/');
  REQUIRE(slash != std::string::npos);
  const std::string domain_name = key.substr(0, slash);
  const auto& domain = crucible::evaluators::find_domain(domain_name);
  auto workload = corpus_workload(domain_name, key.substr(slash + 1));

  std::vector<crucible::sandbox::Job> jobs;
  for (const auto* entry : entries) {
    jobs.push_back(crucible::search::make_job(domain, *workload, entry->source, true));
  }
  // An honest policy queued behind every attack: hostile candidates must not stop the pipeline.
  auto seeds = workload->policy_interface().seeds;
  REQUIRE(!seeds.empty());
  jobs.push_back(crucible::search::make_job(domain, *workload, seeds.front().source, true));

  auto worker = crucible::sandbox::Worker::start(crucible::search::make_bodies(*workload, nullptr));
  auto options = corpus_options();
  options.worker = worker.get();
  std::vector<std::optional<crucible::search::ScoredCandidate>> scored(jobs.size());
  crucible::sandbox::run_jobs(
      jobs, options, [&](size_t index, crucible::sandbox::JobResult result) {
        scored[index] = crucible::search::score_result(domain, *workload, std::move(result));
      });

  for (size_t i = 0; i < entries.size(); ++i) {
    const auto& entry = *entries[i];
    INFO("corpus file: " << entry.name << " (" << key << ")");
    REQUIRE(scored[i].has_value());
    const auto& got = *scored[i];
    INFO("diagnostics: " << got.diagnostics);
    INFO("fitness: " << (got.fitness ? std::to_string(*got.fitness) : std::string("none")));
    std::string status(crucible::sandbox::status_name(got.status));
    std::string expected_status(crucible::sandbox::status_name(entry.expected->status));
    CHECK(status == expected_status);
    if (status != expected_status) continue;
    if (!entry.expected->diagnostic.empty()) {
      bool has_text = got.diagnostics.find(entry.expected->diagnostic) != std::string::npos;
      CHECK_MESSAGE(has_text,
                    "the diagnostics should contain `" << entry.expected->diagnostic << "`");
    }
    if (got.status == Status::kOk) CHECK(got.fitness.has_value());
    // Whatever a candidate made its children write comes back bounded.
    CHECK(got.diagnostics.size() <= 70 * 1024);
    CHECK(got.output.size() <= 70 * 1024);
  }

  const auto& last = scored.back();
  REQUIRE(last.has_value());
  INFO("honest seed of " << key << ": " << last->diagnostics);
  CHECK(last->status == Status::kOk);
  CHECK(last->fitness.has_value());
  return entries.size();
}

}  // namespace

TEST_SUITE("sandbox") {
  TEST_CASE(
      "every candidate of the attack corpus gets its expected status and the search goes on") {
    auto corpus = load_corpus();
    REQUIRE(corpus.size() >= 40);
    std::map<std::string, std::vector<const CorpusEntry*>> groups;
    for (const auto& entry : corpus) {
      INFO("corpus file: " << entry.name);
      if (!entry.expected) {
        FAIL_CHECK("the first line must read `// expect: <status>[ -- <text>]`");
        continue;
      }
      groups[entry.expected->interface].push_back(&entry);
    }
    size_t judged = 0;
    for (const auto& [key, entries] : groups) judged += run_interface_group(key, entries);
    CHECK(judged == corpus.size());
    // Every interface of both domains has attacks of its own.
    for (const char* key : {"cache/rank", "cache/hooks", "tiering/rank", "tiering/hooks"}) {
      INFO("interface: " << key);
      CHECK(groups.contains(key));
    }
  }
}
