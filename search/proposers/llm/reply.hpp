// Reading a model's reply: the code in it, or the SEARCH/REPLACE edits it asks for, applied to the
// parent with whitespace-tolerant matching. Replies are read leniently (prose around the code,
// several blocks, a missing fence, a reply cut off by the token limit); what was wrong is
// reported, never fatal.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crucible::search::proposers::llm {

struct CodeBlock {
  std::string language;  // after the opening fence ("cpp"), may be empty
  std::string text;
  bool is_closed = true;  // false: the reply ended inside the block (truncated)
};

// Fenced blocks (``` or ~~~), in order. With none, and when `fallback_marker` occurs in the reply
// (for example the entry point's name), the whole reply as one unfenced block.
std::vector<CodeBlock> code_blocks(std::string_view reply, std::string_view fallback_marker = {});

// The code of a full rewrite: the longest block that contains `entry_symbol`, or the longest
// block; nullopt when the reply has no code.
struct Rewrite {
  std::string source;
  bool is_truncated = false;
};
std::optional<Rewrite> parse_rewrite(std::string_view reply, std::string_view entry_symbol);

struct SearchReplace {
  std::string search;
  std::string replace;
};

// Every "<<<<<<< SEARCH / ======= / >>>>>>> REPLACE" block, inside fences or not (5 to 9 marker
// characters, the words in any case). A block cut off before its REPLACE marker is dropped and
// counted in `truncated`.
struct EditList {
  std::vector<SearchReplace> edits;
  size_t truncated = 0;
};
EditList parse_search_replace(std::string_view reply);

// Applies the edits in order. Each SEARCH must match the current text exactly once, either
// exactly or, failing that, line by line with leading and trailing whitespace ignored and runs of
// inner whitespace taken as one (the replaced lines keep the replacement's own indentation).
struct Applied {
  std::optional<std::string> source;  // none: some edit did not apply
  std::string error;                  // which, and why
};
Applied apply_edits(std::string_view source, const std::vector<SearchReplace>& edits);

}  // namespace crucible::search::proposers::llm
