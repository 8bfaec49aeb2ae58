// Internal to traces/: a file's bytes as a forward-only window, memory-mapped for plain files and
// decompressed piece by piece for *.zst files, so no reader holds a whole decompressed copy.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "request_reader.hpp"

namespace crucible::traces::detail {

class ByteStream {
 public:
  // Opens the file; *.zst names are zstd streams. Throws TraceError naming the file when it is
  // missing, a directory, or cannot be opened or mapped.
  explicit ByteStream(const std::filesystem::path& path);
  ~ByteStream();
  ByteStream(const ByteStream&) = delete;
  ByteStream& operator=(const ByteStream&) = delete;

  // The unconsumed bytes: at least `want` of them unless the input ends first. The view stays
  // valid until the next fill or consume. Throws TraceError for corrupt or truncated zstd data,
  // naming the position set by the reader.
  std::string_view fill(size_t want) {
    if (static_cast<size_t>(end_ - begin_) >= want || is_exhausted_) return available();
    return fill_slow(want);
  }
  std::string_view available() const { return {begin_, static_cast<size_t>(end_ - begin_)}; }
  // True once no byte beyond available() will ever come.
  bool is_exhausted() const { return is_exhausted_; }
  void consume(size_t bytes) {
    begin_ += bytes;
    consumed_ += bytes;
  }
  // Bytes consumed so far (decompressed bytes for zstd files).
  uint64_t consumed() const { return consumed_; }
  // The decompressed size when the file or its first zstd frame tells it; 0 when unknown.
  uint64_t size_hint() const { return size_hint_; }

  const std::filesystem::path& path() const { return path_; }
  // The reader's position, quoted in decompression errors; must outlive the stream's use.
  void set_position(const Position* position) { position_ = position; }

 private:
  struct Zstd;
  std::string_view fill_slow(size_t want);
  void open_mapped();
  void open_zstd();
  void decompress_some();
  [[noreturn]] void fail(std::string_view what) const;

  std::filesystem::path path_;
  const Position* position_ = nullptr;
  const char* begin_ = nullptr;
  const char* end_ = nullptr;
  bool is_exhausted_ = false;
  uint64_t consumed_ = 0;
  uint64_t size_hint_ = 0;
  void* map_ = nullptr;
  size_t map_bytes_ = 0;
  std::unique_ptr<Zstd> zstd_;
};

}  // namespace crucible::traces::detail
