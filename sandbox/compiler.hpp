// Turns a verified candidate into a shared object with clang-19 and fixed flags. The compiler runs
// as a child process (see pipeline.hpp) under a time limit; this file prepares its inputs.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "source.hpp"
#include "temp_dir.hpp"

namespace crucible::sandbox {

struct CompilerOptions {
  std::string compiler;                        // empty: $CRUCIBLE_CXX, else the clang++-19 found at build time
  // Added after the fixed language flags. Bounds traps and library assertions turn an
  // out-of-bounds access into a crash of the child instead of a write into the host's memory.
  // -fstrict-flex-arrays=3 bounds-checks trailing arrays too; stack-clash protection makes a
  // huge local array hit the guard page instead of jumping over it.
  std::vector<std::string> flags = {"-O2", "-fsanitize=array-bounds", "-fsanitize-trap=all",
                                    "-fstrict-flex-arrays=3", "-fstack-protector-strong",
                                    "-fstack-clash-protection", "-D_GLIBCXX_ASSERTIONS"};
  std::chrono::milliseconds timeout{30'000};   // past this the compile is compile_timeout
  size_t max_diagnostics_bytes = 64 * 1024;    // compiler output kept for the record
  uint64_t max_output_bytes = 64ULL << 20;     // largest file the compiler may write
};

// A candidate written to a private directory with its headers, and the command that compiles it.
struct CompileJob {
  TempDir dir;
  std::filesystem::path shared_object;
  std::vector<std::string> argv;
};

// Writes the sources and builds the command line; throws std::system_error on I/O failure.
// `pch`: a Prelude's compile_pch, or empty to force-include the headers.
[[nodiscard]] CompileJob prepare_compile(const CandidateSource& candidate,
                                         const CompilerOptions& options,
                                         const std::string& pch = {});

std::string resolve_compiler(const CompilerOptions& options);

}  // namespace crucible::sandbox
