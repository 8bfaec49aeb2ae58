// Internal to traces/: buffered output to a file, through zstd for *.zst names. The writers of
// every format use it.
#pragma once

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <zstd.h>

namespace crucible::traces::detail {

class Sink {
 public:
  // Creates (or truncates) the file. Throws TraceError naming it when that fails.
  explicit Sink(const std::filesystem::path& path);

  void append(std::string_view bytes) {
    buffer_.append(bytes);
    if (buffer_.size() >= kBufferBytes) drain(ZSTD_e_continue);
  }
  template <typename T>
  void append_number(T value) {
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof(digits), value);
    buffer_.append(digits, result.ptr);
  }
  // Flushes and closes; throws TraceError naming the file on a write error.
  void finish();

 private:
  static constexpr size_t kBufferBytes = size_t{1} << 20;
  struct FileCloser {
    void operator()(std::FILE* file) const noexcept { std::fclose(file); }
  };
  struct CStreamFreer {
    void operator()(ZSTD_CStream* stream) const noexcept { ZSTD_freeCStream(stream); }
  };

  [[noreturn]] void fail(std::string_view what) const;
  void write_out(const char* bytes, size_t size);
  void drain(ZSTD_EndDirective mode);

  std::filesystem::path path_;
  std::unique_ptr<std::FILE, FileCloser> file_;
  std::unique_ptr<ZSTD_CStream, CStreamFreer> zstd_;
  std::string buffer_;
  std::vector<char> compressed_;
};

}  // namespace crucible::traces::detail
