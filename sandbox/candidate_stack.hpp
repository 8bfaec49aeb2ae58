// The candidate on a stack of its own. In the isolated child every call into candidate code goes
// through candidate_call, which switches to a separately mapped stack with guard pages on both
// sides and back: the candidate's frames are not next to the mechanism's (a write past a local
// array meets a guard page, not the caller's state), and a frame too deep faults. Outside the
// child (tests, baselines, tools) no stack is installed and candidate_call is a plain call.
//
// x86-64 only (a naked trampoline that swaps rsp); elsewhere candidate_call is always a plain
// call. Every call passes its arguments in registers: at most six integer or pointer arguments,
// a scalar or no result.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>

extern "C" {
// Where the trampoline switches to and what it calls: set by install_candidate_stack and by
// candidate_call. Hidden, so the trampoline reaches them directly.
extern void* crucible_candidate_stack_top __attribute__((visibility("hidden")));
extern void* crucible_candidate_target __attribute__((visibility("hidden")));
// Calls crucible_candidate_target on crucible_candidate_stack_top with the caller's argument
// registers untouched, and returns its result registers untouched.
void crucible_candidate_trampoline() __attribute__((visibility("hidden")));
}

namespace crucible::sandbox {

// Maps `bytes` of stack with a guard region below and a guard page above, its top lowered by
// `shift` bytes (rounded to 16) so a recheck's frames sit at other addresses; every later
// candidate_call runs there. Call once, in the isolated child, before the system-call filters.
// Returns false (and installs nothing) where the mapping fails or on another architecture.
bool install_candidate_stack(size_t bytes, size_t shift = 0);

// Whether candidate calls run on the separate stack.
inline bool has_candidate_stack() { return crucible_candidate_stack_top != nullptr; }

template <typename R, typename... Params, typename... Args>
inline R candidate_call(R (*function)(Params...), Args&&... args) {
  static_assert(sizeof...(Params) <= 6, "at most six arguments, all passed in registers");
  static_assert(((std::is_integral_v<Params> || std::is_pointer_v<Params>) && ...),
                "integer and pointer arguments only: they pass in registers");
  static_assert(std::is_void_v<R> || std::is_scalar_v<R>, "a scalar result or none");
#if defined(__x86_64__)
  if (crucible_candidate_stack_top != nullptr) {
    crucible_candidate_target = reinterpret_cast<void*>(function);
    auto* trampoline = reinterpret_cast<R (*)(Params...)>(&crucible_candidate_trampoline);
    return trampoline(static_cast<Params>(std::forward<Args>(args))...);
  }
#endif
  return function(static_cast<Params>(std::forward<Args>(args))...);
}

}  // namespace crucible::sandbox
