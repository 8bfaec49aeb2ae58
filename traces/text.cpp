// Plain text traces: one object id per line.

#include <algorithm>
#include <string>

#include "format_readers.hpp"

namespace crucible::traces::detail {
namespace {

class TextReader final : public LineReader {
 public:
  using LineReader::LineReader;

  bool next(RawRequest& request) override {
    std::string_view id;
    do {
      std::string_view line;
      if (!next_line(line)) return false;
      id = trim(line);
    } while (id.empty());
    // A blank inside the id means the file has more than one field a line: not this format.
    if (std::any_of(id.begin(), id.end(), is_blank)) fail("expected one id per line", id);
    request = RawRequest{parse_id(id), 1, 0};
    return true;
  }
};

}  // namespace

std::unique_ptr<RequestReader> make_text_reader(const std::filesystem::path& path) {
  return std::make_unique<TextReader>(path);
}

}  // namespace crucible::traces::detail
