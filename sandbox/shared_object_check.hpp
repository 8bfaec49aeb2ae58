// Checks what was built, after the link and before anything loads it: a candidate's shared object
// must export only the interface's entry point, run nothing at load or unload (no DT_INIT or
// DT_FINI, empty init and fini arrays, no ifunc resolvers), carry no text relocations, no
// executable stack or writable-and-executable segment, need no other library, and reference only
// the runtime's own symbols and the C library functions its domain allows. A second line behind
// the verifier: a construct that slipped past the checks still has to get past this.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "source.hpp"

namespace crucible::sandbox {

// What is wrong with the shared object at `path`, one phrase each ("exports `x` besides the
// entry point"); empty when it passes.
std::vector<std::string> check_shared_object(const std::filesystem::path& path,
                                             const std::string& entry_symbol,
                                             const CandidateRules& rules);

}  // namespace crucible::sandbox
