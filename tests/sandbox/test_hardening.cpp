// Layers behind the verifier, each tested on its own: the check of the built shared object, the
// erased environment of every sandbox child, the bounded parse of a child's reply, and the bounds
// on what a candidate's diagnostics and output may hold.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "evaluators/registry.hpp"
#include "sandbox/compiler.hpp"
#include "sandbox/pipeline.hpp"
#include "sandbox/shared_object_check.hpp"
#include "sandbox/temp_dir.hpp"
#include "sandbox/verifier.hpp"
#include "sandbox/worker.hpp"
#include "search/candidate_eval.hpp"

namespace {

namespace fs = std::filesystem;
using crucible::sandbox::ChildReply;
using crucible::sandbox::Status;

// Builds `source` into a shared object with clang++ directly (trusted test code, not a candidate),
// with `link_flags`; returns its path in `dir`.
fs::path build_shared_object(const fs::path& dir, const std::string& source,
                             const std::string& link_flags) {
  const auto source_path = dir / "probe.cpp";
  std::ofstream(source_path) << source;
  const auto object = dir / "probe.so";
  const std::string command = crucible::sandbox::resolve_compiler({}) +
                              " -std=c++20 -O2 -fPIC -shared -nostdlib " + link_flags + " '" +
                              source_path.string() + "' -o '" + object.string() + "' 2>&1";
  REQUIRE(std::system(command.c_str()) == 0);
  return object;
}

bool mentions(const std::vector<std::string>& faults, std::string_view text) {
  for (const auto& fault : faults) {
    if (fault.find(text) != std::string::npos) return true;
  }
  return false;
}

std::string joined(const std::vector<std::string>& faults) {
  std::string text;
  for (const auto& fault : faults) text += fault + "; ";
  return text;
}

constexpr const char* kProbe = "extern \"C\" int probe() { return 7; }\n";

crucible::sandbox::Job body_job(crucible::sandbox::ChildBody body) {
  crucible::sandbox::Job job;
  job.candidate.text = kProbe;
  job.candidate.entry_symbol = "probe";
  job.body = std::move(body);
  return job;
}

// What the child can find of a variable the parent holds: in its environment, or anywhere in the
// environment block the kernel laid out.
ChildReply environment_probe(void*) {
  std::string block;
  int fd = ::open("/proc/self/environ", O_RDONLY);
  char buffer[4096];
  for (ssize_t got; fd >= 0 && (got = ::read(fd, buffer, sizeof buffer)) > 0;) {
    block.append(buffer, static_cast<size_t>(got));
  }
  if (fd >= 0) ::close(fd);
  const bool in_block = block.find("s3cr3t-value") != std::string::npos;
  const bool in_getenv = std::getenv("CRUCIBLE_TEST_SECRET") != nullptr;
  return {ChildReply::Kind::kResult, in_block || in_getenv ? "found" : "clean"};
}

}  // namespace

TEST_SUITE("sandbox.hardening") {
  TEST_CASE("a shared object built the sandbox's way passes the check of what was built") {
    crucible::sandbox::CandidateSource candidate;
    candidate.text = "#include <cmath>\nextern \"C\" double probe(double x) { return std::log(x); }\n";
    candidate.entry_symbol = "probe";
    candidate.rules.allowed_headers = {"cmath"};
    candidate.rules.allowed_functions = {"log"};
    const crucible::sandbox::CompilerOptions options;
    auto job = crucible::sandbox::prepare_compile(options, candidate.entry_symbol);
    auto verdict = crucible::sandbox::verify(
        crucible::sandbox::VerifyRequest{candidate, {}, options.flags, job.object.string()});
    REQUIRE(verdict.status == Status::kOk);
    REQUIRE(fs::exists(job.object));
    std::string command;
    for (const auto& arg : job.argv) command += "'" + arg + "' ";
    REQUIRE(std::system(command.c_str()) == 0);
    auto faults = crucible::sandbox::check_shared_object(job.shared_object, "probe", candidate.rules);
    INFO(joined(faults));
    CHECK(faults.empty());
    // The same object is refused when its domain does not provide log.
    candidate.rules.allowed_functions.clear();
    faults = crucible::sandbox::check_shared_object(job.shared_object, "probe", candidate.rules);
    CHECK(mentions(faults, "references `log`"));
  }

  TEST_CASE("the check of what was built refuses load-time code, extra exports and foreign symbols") {
    crucible::sandbox::TempDir dir("crucible-test-elf");
    const crucible::sandbox::CandidateRules rules;
    auto check = [&](const std::string& source, const std::string& flags) {
      return crucible::sandbox::check_shared_object(build_shared_object(dir.path(), source, flags),
                                                    "probe", rules);
    };
    auto faults = check(kProbe, "");
    INFO(joined(faults));
    CHECK(faults.empty());
    // The constructor calls out, so that the optimizer cannot fold it away.
    CHECK(mentions(check(std::string(kProbe) + "extern \"C\" void hook();\n"
                                               "__attribute__((constructor)) static void f() { hook(); }\n",
                         ""),
                   "non-empty init or fini array"));
    CHECK(mentions(check(std::string(kProbe) + "extern \"C\" int other() { return 2; }\n", ""),
                   "exports `other` besides the entry point"));
    CHECK(mentions(check("extern \"C\" int open(const char*, int);\n"
                         "extern \"C\" int probe() { return open(\"/etc/passwd\", 0); }\n", ""),
                   "references `open`"));
    CHECK(mentions(check(kProbe, "-Wl,-z,execstack"), "executable stack"));
    CHECK(mentions(check(kProbe, "-Wl,-init,probe"), "DT_INIT"));
    CHECK(mentions(check(kProbe, "-Wl,--no-as-needed -lm"), "needs another shared library"));
    CHECK(mentions(check("static int seven() { return 7; }\n"
                         "extern \"C\" void* resolve() { return (void*)seven; }\n"
                         "extern \"C\" int probe() __attribute__((ifunc(\"resolve\")));\n", ""),
                   "ifunc"));
    CHECK(mentions(check("extern \"C\" int other() { return 2; }\n", ""),
                   "does not export the entry point"));
  }

  TEST_CASE("no sandbox child inherits the parent's environment, directly or through a worker") {
    REQUIRE(::setenv("CRUCIBLE_TEST_SECRET", "s3cr3t-value", 1) == 0);
    crucible::sandbox::PipelineOptions options;
    options.limits.wall = std::chrono::milliseconds(3000);
    options.limits.use_seccomp = false;  // the probe reads /proc itself
    auto direct = crucible::sandbox::run_job(body_job(environment_probe), options);
    CHECK(direct.status == Status::kOk);
    CHECK(direct.payload == "clean");

    auto worker = crucible::sandbox::Worker::start(crucible::sandbox::ChildBody(environment_probe));
    options.worker = worker.get();
    auto through_worker = crucible::sandbox::run_job(body_job(environment_probe), options);
    CHECK(through_worker.status == Status::kOk);
    CHECK(through_worker.payload == "clean");
    ::unsetenv("CRUCIBLE_TEST_SECRET");
    // The probe can tell: in this process the variable is there.
    REQUIRE(::setenv("CRUCIBLE_TEST_SECRET", "s3cr3t-value", 1) == 0);
    CHECK(environment_probe(nullptr).text == "found");
    ::unsetenv("CRUCIBLE_TEST_SECRET");
  }

  TEST_CASE("a reply nested a million deep is bad output and the parent survives it") {
    const auto& domain = crucible::evaluators::find_domain("cache");
    auto workload = domain.load_workload(
        nlohmann::json::parse(
            R"({"traces":[{"synthetic":{"requests":2000,"objects":200}}],"sizes":["5%"]})"),
        CRUCIBLE_SOURCE_DIR);
    crucible::sandbox::JobResult forged;
    forged.status = Status::kOk;
    forged.has_full_run = true;
    const std::string key = workload->instances().front().key;
    forged.payload = "[{\"instance\":\"" + key + "\",\"metric\":0.1,\"details\":" +
                     std::string(1'000'000, '[') + std::string(1'000'000, ']') + "}]";
    auto scored = crucible::search::score_result(domain, *workload, std::move(forged));
    // The parent reads only decision records, never a parsed tree: nothing in it recurses.
    CHECK(scored.status == Status::kBadOutput);
    CHECK(scored.diagnostics.find("decision records") != std::string::npos);
    CHECK_FALSE(scored.fitness.has_value());
  }

  TEST_CASE("diagnostics and output leave the sandbox bounded, with control bytes escaped") {
    using crucible::sandbox::bounded_text;
    CHECK(bounded_text("plain\ttext\nline", 100) == "plain\ttext\nline");
    CHECK(bounded_text("\x1b[31mred", 100) == "\\x1b[31mred");
    CHECK(bounded_text("caf\xc3\xa9", 100) == "caf\xc3\xa9");      // well-formed UTF-8 kept
    CHECK(bounded_text("bad\xff\xc3", 100) == "bad\\xff\\xc3");     // stray bytes escaped
    auto cut = bounded_text(std::string(1000, 'x'), 100);
    CHECK(cut.size() < 140);
    CHECK(cut.find("more bytes cut") != std::string::npos);

    crucible::sandbox::PipelineOptions options;
    options.limits.wall = std::chrono::milliseconds(3000);
    auto noisy = body_job([](void*) -> ChildReply {
      std::string flood(1 << 20, 'y');
      flood[0] = '\x1b';
      [[maybe_unused]] auto wrote = ::write(STDOUT_FILENO, flood.data(), flood.size());
      return {ChildReply::Kind::kInvalid, std::string(1 << 20, 'z')};
    });
    auto result = crucible::sandbox::run_job(std::move(noisy), options);
    CHECK(result.status == Status::kInvalidDecision);
    CHECK(result.diagnostics.size() < 70 * 1024);
    CHECK(result.output.size() < 70 * 1024);
    CHECK(result.output.starts_with("\\x1b"));
  }

  TEST_CASE("a source built to flood the verifier gets fifty findings and a count of the rest") {
    std::string source = "extern \"C\" int rand();\nextern \"C\" int probe() {\n  int total = 0;\n";
    for (int i = 0; i < 2000; ++i) source += "  total += rand();\n";
    source += "  return total;\n}\n";
    crucible::sandbox::CandidateSource candidate;
    candidate.text = source;
    candidate.entry_symbol = "probe";
    auto outcome = crucible::sandbox::verify(candidate);
    CHECK(outcome.status == Status::kRejected);
    CHECK(outcome.diagnostics.size() <= 51);
    bool has_count = false;
    for (const auto& diagnostic : outcome.diagnostics) {
      has_count = has_count || diagnostic.message.find("more findings not shown") != std::string::npos;
    }
    CHECK(has_count);
    CHECK(crucible::sandbox::format_diagnostics(outcome.diagnostics).size() < 16 * 1024);
  }
}
