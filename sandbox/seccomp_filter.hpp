// The seccomp-bpf filters of the isolated child. Two stages, because filters can only tighten:
// the load filter allows what dlopen needs (read-only opens, mapping code) and nothing that
// reaches out (no sockets, exec, fork/clone, kill of others, ptrace, prctl, writes to new files);
// the run filter, added once the candidate is loaded, also forbids opening files and making
// memory executable. A forbidden call raises SIGSYS, which the child reports with the call's
// number before it exits.
#pragma once

#include <string>

namespace crucible::sandbox {

// Each returns false when the kernel refused the filter (the child must then not go on).
[[nodiscard]] bool install_load_filter();
[[nodiscard]] bool install_run_filter();

// "openat (257)".
std::string syscall_description(int number);

}  // namespace crucible::sandbox
