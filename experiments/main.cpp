// crucible: synthesize instance-optimal systems policies. See README.md for the commands.
#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <exception>

#include "commands.hpp"

namespace {

// "a,b" and repeated flags both give a list.
void add_list_option(CLI::App& app, const std::string& name, std::vector<std::string>& into,
                     const std::string& help) {
  app.add_option(name, into, help)->delimiter(',');
}

void add_workload_options(CLI::App& command, crucible::cli::WorkloadArgs& args) {
  command.add_option("--domain", args.domain, "policy domain (see crucible domains)")
      ->capture_default_str();
  add_list_option(command, "--trace", args.traces,
                  "trace file(s) (page traces, *.pages[.zst], for tiering), or 'synthetic'");
  command.get_option("--trace")->required();
  command.add_option("--trace-format", args.trace_format,
                     "trace format when the name does not tell: oracleGeneral, lis, csv, txt, "
                     "twitter, msr");
  command.add_option("--csv", args.csv, "csv columns: time=1,id=2,size=3,header=true,delimiter=,");
  add_list_option(command, "--size", args.sizes,
                  "cache size(s): a count (1000), bytes (64MiB) or a share of the working set "
                  "(1%); for tiering, the fast tier in pages (1000) or a share of the footprint "
                  "(25%)");
  command.get_option("--size")->required();
  command.add_option("--capacity", args.capacity,
                     "what counts and shares measure: objects (default) or bytes");
  command.add_option("--warmup", args.warmup,
                     "leading requests simulated but not counted: a count or a share (10%)");
  command.add_option("--fitness", args.fitness,
                     "reduction_vs_fifo (default), byte_reduction_vs_fifo, hit_ratio, byte_hit_ratio;"
                     " for tiering: speedup (default), oracle_gain");
  command.add_option("--interface", args.interface, "policy interface: rank (default) or hooks");
  command.add_option("--mechanism", args.mechanism, "rank mechanism: lazy (default) or sampled");
  command.add_option("--sample", args.sample, "sampled mechanism: residents scored per eviction");
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"crucible: synthesizes instance-optimal systems policies"};
  app.require_subcommand(1);

  crucible::cli::RunArgs run;
  auto* run_cmd = app.add_subcommand("run", "run an experiment and print its leaderboard");
  auto* config_option =
      run_cmd->add_option("config", run.config, "experiment configuration (JSON)");
  run_cmd->add_option("--db", run.db, "SQLite database for results")->capture_default_str();
  run_cmd->add_option("--set", run.overrides, "override a config field: key.path=value");
  int64_t resume_id = 0;
  auto* resume_option = run_cmd->add_option(
      "--resume", resume_id,
      "continue run RUN_ID of --db from its latest checkpoint (its stored configuration, with "
      "--set applied: raise search.generations or search.stop to run further)");
  resume_option->check(CLI::PositiveNumber);
  config_option->excludes(resume_option);
  int64_t replay_id = 0;
  auto* replay_option = run_cmd->add_option(
      "--replay", replay_id,
      "a new run of run RUN_ID's stored configuration that takes every language-model answer "
      "from RUN_ID's record, with no network: the same candidates and scores");
  replay_option->check(CLI::PositiveNumber);
  config_option->excludes(replay_option);
  replay_option->excludes(resume_option);

  crucible::cli::EvalArgs eval;
  auto* eval_cmd = app.add_subcommand("eval", "verify, compile and score one policy file");
  eval_cmd->add_option("policy", eval.policy, "policy source file")->required();
  add_workload_options(*eval_cmd, eval.workload);
  eval_cmd->add_option("--timeout-ms", eval.timeout_ms, "wall-clock limit for the run")
      ->capture_default_str();
  eval_cmd->add_flag("--json", eval.json, "print one JSON document");

  crucible::cli::BaselinesArgs baselines;
  auto* baselines_cmd = app.add_subcommand("baselines", "score the human-designed baselines");
  add_workload_options(*baselines_cmd, baselines.workload);
  add_list_option(*baselines_cmd, "--algos", baselines.algos, "baselines to run (default: all)");
  baselines_cmd->add_flag("--json", baselines.json, "print one JSON document");

  crucible::cli::ReportArgs report;
  int64_t report_run = 0;
  auto* report_cmd = app.add_subcommand("report", "leaderboard of a run (default: the latest)");
  report_cmd->add_option("--db", report.db, "SQLite database")->capture_default_str();
  auto* run_id_option = report_cmd->add_option("run_id", report_run, "run id");
  report_cmd->add_option("--format", report.format, "md or json")
      ->check(CLI::IsMember({"md", "json"}))
      ->capture_default_str();
  report_cmd->add_option("--top", report.top, "synthesized policies shown")->capture_default_str();

  crucible::cli::TracesInfoArgs traces_info;
  crucible::cli::TracesConvertArgs traces_convert;
  auto* traces_cmd = app.add_subcommand("traces", "inspect and convert traces");
  traces_cmd->require_subcommand(1);
  const std::string formats = "oracleGeneral, lis, csv, txt, twitter, msr";
  const std::string csv_help = "csv columns: time=1,id=2,size=3,header=true,delimiter=,";
  auto* info_cmd = traces_cmd->add_subcommand(
      "info", "requests, objects, footprint, sizes, one-hit wonders, time span");
  info_cmd->add_option("path", traces_info.path, "trace file")->required();
  info_cmd->add_option("--trace-format", traces_info.trace_format, formats);
  info_cmd->add_option("--csv", traces_info.csv, csv_help);
  info_cmd->add_flag("--json", traces_info.json, "print one JSON document");
  crucible::cli::TracesCaptureArgs traces_capture;
  auto* capture_cmd = traces_cmd->add_subcommand(
      "capture", "record a program's memory accesses as a page trace (with valgrind's lackey)");
  capture_cmd->add_option("--out", traces_capture.output, "page trace to write (.pages[.zst])")
      ->required();
  capture_cmd->add_option("--sample", traces_capture.sample, "keep one access in N")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  capture_cmd->add_option("--llc-mb", traces_capture.llc_mb,
                          "filter through a last-level cache of this many MiB (0: none)")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  capture_cmd->add_option("--page-size", traces_capture.page_size, "bytes")->capture_default_str();
  capture_cmd->add_option("--valgrind", traces_capture.valgrind, "the valgrind to run")
      ->capture_default_str();
  capture_cmd->add_option("command", traces_capture.command, "-- PROGRAM ARGS...")
      ->required()
      ->expected(-1);
  auto* convert_cmd = traces_cmd->add_subcommand("convert", "rewrite a trace in another format");
  convert_cmd->add_option("input", traces_convert.input, "trace file to read")->required();
  convert_cmd->add_option("output", traces_convert.output, "file to write (.zst: compressed)")
      ->required();
  convert_cmd->add_option("--to", traces_convert.to,
                          "oracleGeneral, csv, txt or lis (default: from the output's name)");
  convert_cmd->add_option("--trace-format", traces_convert.trace_format, "input " + formats);
  convert_cmd->add_option("--csv", traces_convert.csv, "input " + csv_help);

  bool domains_json = false;
  auto* domains_cmd = app.add_subcommand("domains", "the registered policy domains");
  domains_cmd->add_flag("--json", domains_json, "print one JSON document");

  CLI11_PARSE(app, argc, argv);

  try {
    if (*run_cmd) {
      if (*resume_option) run.resume = resume_id;
      if (*replay_option) run.replay = replay_id;
      if (!run.resume && !run.replay && run.config.empty()) {
        fmt::print(stderr,
                   "crucible run: a config file, --resume RUN_ID or --replay RUN_ID is required\n");
        return 2;
      }
      return crucible::cli::run_experiment(run);
    }
    if (*eval_cmd) return crucible::cli::eval_policy(eval);
    if (*baselines_cmd) return crucible::cli::run_baselines(baselines);
    if (*report_cmd) {
      if (*run_id_option) report.run_id = report_run;
      return crucible::cli::report(report);
    }
    if (*info_cmd) return crucible::cli::traces_info(traces_info);
    if (*convert_cmd) return crucible::cli::traces_convert(traces_convert);
    if (*capture_cmd) return crucible::cli::traces_capture(traces_capture);
    if (*domains_cmd) return crucible::cli::list_domains(domains_json);
  } catch (const std::exception& error) {
    fmt::print(stderr, "crucible: error: {}\n", error.what());
    return 1;
  }
  return 0;
}
