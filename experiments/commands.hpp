// The crucible subcommands. Each returns the process exit code; errors that end the command are
// thrown and printed by main as one line.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace crucible::cli {

struct RunArgs {
  std::string config;                  // empty with resume: the stored configuration
  std::string db = "crucible.db";
  std::vector<std::string> overrides;
  std::optional<int64_t> resume;       // continue this run from its latest checkpoint
  std::optional<int64_t> replay;       // a new run from this run's recorded model answers
};

struct WorkloadArgs {
  std::string domain = "cache";
  std::vector<std::string> traces;   // paths, or "synthetic"
  std::string trace_format;          // empty: from the file name
  std::string csv;                   // column spec for --trace-format csv
  std::vector<std::string> sizes;    // "1000", "1%", "64MiB"
  std::string capacity;              // empty: the domain's default ("objects")
  std::string warmup;                // empty: none; a count or "10%"
  std::string fitness;               // empty: the domain's default
  std::string interface;             // empty: the domain's default ("rank")
  std::string mechanism;             // empty: the interface's default ("lazy")
  uint64_t sample = 0;               // 0: the mechanism's default
};

struct EvalArgs {
  std::string policy;
  WorkloadArgs workload;
  bool json = false;
  int timeout_ms = 10'000;
};

struct BaselinesArgs {
  WorkloadArgs workload;
  std::vector<std::string> algos;  // empty: all of the domain's
  bool json = false;
};

struct ReportArgs {
  std::string db = "crucible.db";
  std::optional<int64_t> run_id;
  std::string format = "md";
  int top = 3;
};

struct TracesInfoArgs {
  std::string path;
  std::string trace_format;  // empty: from the file name
  std::string csv;           // column spec for --trace-format csv
  bool json = false;
};

struct TracesConvertArgs {
  std::string input;
  std::string output;
  std::string to;            // empty: from the output's name
  std::string trace_format;  // the input's format and columns, as for traces info
  std::string csv;
};

struct TracesCaptureArgs {
  std::string output;                // the page trace to write (.pages or .pages.zst)
  uint64_t sample = 1;               // keep one access in this many
  double llc_mb = 0;                 // last-level cache filter size; 0: none
  uint32_t page_size = 4096;
  std::string valgrind = "valgrind";
  std::vector<std::string> command;  // the program and its arguments
};

int run_experiment(const RunArgs& args);
int traces_capture(const TracesCaptureArgs& args);
int eval_policy(const EvalArgs& args);
int run_baselines(const BaselinesArgs& args);
int report(const ReportArgs& args);
int traces_info(const TracesInfoArgs& args);
int traces_convert(const TracesConvertArgs& args);
int list_domains(bool json);

// The domain's workload spec built from command-line flags.
nlohmann::json workload_spec(const WorkloadArgs& args);

}  // namespace crucible::cli
