// Novelty keys of a candidate source: a hash of its normalized form (an exact duplicate is never
// evaluated twice), a hash of that form with its numeric literals blanked (candidates that differ
// only in literals share it, and are capped per island), and its length in tokens (the archive's
// complexity descriptor).
#pragma once

#include <cstddef>
#include <string>

namespace crucible::search {

struct NoveltyKeys {
  std::string hash;      // 16 hex digits
  std::string skeleton;  // 16 hex digits
  size_t tokens = 0;
};

// Comments and layout do not count; the text is otherwise compared as written.
NoveltyKeys novelty_of(const std::string& source);

}  // namespace crucible::search
