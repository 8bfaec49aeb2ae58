// Turns a verified candidate into a shared object. The verifier child generates the object file
// from the AST it checked, with these flags (verifier.hpp); what runs here is only the link of
// that object into a shared object by the linker clang-19 drives, run directly, as a child process
// (see pipeline.hpp) under time, memory and output limits. This file prepares its inputs.
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
  std::string linker;                          // empty: $CRUCIBLE_LD, else the one clang++-19 drives
  // Added after the fixed language flags. Bounds traps and library assertions turn an
  // out-of-bounds access into a crash of the child instead of a write into the host's memory.
  // -fstrict-flex-arrays=3 bounds-checks trailing arrays too; stack-clash protection makes a
  // huge local array hit the guard page instead of jumping over it.
  std::vector<std::string> flags = {"-O2", "-fsanitize=array-bounds", "-fsanitize-trap=all",
                                    "-fstrict-flex-arrays=3", "-fstack-protector-strong",
                                    "-fstack-clash-protection", "-D_GLIBCXX_ASSERTIONS"};
  std::chrono::milliseconds timeout{30'000};   // past this the link is compile_timeout
  size_t max_diagnostics_bytes = 64 * 1024;    // compiler and linker output kept for the record
  uint64_t max_output_bytes = 64ULL << 20;     // largest file the code generator or linker writes
  uint64_t max_memory_bytes = 2ULL << 30;      // address space of the linker
};

// A candidate's private directory: the object the verifier writes, the shared object the link
// makes of it, and the link's command line.
struct CompileJob {
  TempDir dir;
  std::filesystem::path object;
  std::filesystem::path shared_object;
  std::vector<std::string> argv;
};

// Makes the directory and builds the link's command line; throws std::system_error on failure.
// The link exports `entry_symbol` alone (a version script makes every other symbol local).
[[nodiscard]] CompileJob prepare_compile(const CompilerOptions& options,
                                         const std::string& entry_symbol);

std::string resolve_compiler(const CompilerOptions& options);
std::string resolve_linker(const CompilerOptions& options);

}  // namespace crucible::sandbox
