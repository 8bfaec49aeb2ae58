#include "candidate_stack.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

extern "C" {
void* crucible_candidate_stack_top = nullptr;
void* crucible_candidate_target = nullptr;
}

#if defined(__x86_64__)
// rbp keeps the caller's stack pointer across the call (the callee preserves it, as the ABI
// says); the argument and result registers pass through untouched. The CFI lets an unwinder walk
// from the candidate's frames back to the caller's.
asm(R"(
  .text
  .p2align 4
  .globl crucible_candidate_trampoline
  .hidden crucible_candidate_trampoline
  .type crucible_candidate_trampoline, @function
crucible_candidate_trampoline:
  .cfi_startproc
  pushq %rbp
  .cfi_def_cfa_offset 16
  .cfi_offset %rbp, -16
  movq %rsp, %rbp
  .cfi_def_cfa_register %rbp
  movq crucible_candidate_stack_top(%rip), %rsp
  callq *crucible_candidate_target(%rip)
  movq %rbp, %rsp
  popq %rbp
  .cfi_def_cfa %rsp, 8
  retq
  .cfi_endproc
  .size crucible_candidate_trampoline, .-crucible_candidate_trampoline
)");
#else
extern "C" void crucible_candidate_trampoline() {}
#endif

namespace crucible::sandbox {

bool install_candidate_stack(size_t bytes, size_t shift) {
#if defined(__x86_64__)
  const auto page = static_cast<size_t>(::sysconf(_SC_PAGESIZE));
  // Below: more than a page, so a frame that skips one probe still lands in it.
  const size_t below = 16 * page;
  const size_t above = page;
  const size_t usable = (bytes + page - 1) / page * page;
  const size_t total = below + usable + above;
  void* base = ::mmap(nullptr, total, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base == MAP_FAILED) return false;
  char* low = static_cast<char*>(base) + below;
  if (::mprotect(low, usable, PROT_READ | PROT_WRITE) != 0) {
    ::munmap(base, total);
    return false;
  }
  const size_t offset = (shift % (usable / 2)) / 16 * 16;
  crucible_candidate_stack_top = low + usable - offset;
  return true;
#else
  (void)bytes, (void)shift;
  return false;
#endif
}

}  // namespace crucible::sandbox
