// read_file_bytes: a whole file into memory, zstd-decompressed on the fly for *.zst names.

#include <zstd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "format_readers.hpp"
#include "trace.hpp"

namespace crucible::traces {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};
using FileHandle = std::unique_ptr<std::FILE, FileCloser>;

struct DStreamFreer {
  void operator()(ZSTD_DStream* stream) const noexcept { ZSTD_freeDStream(stream); }
};
using DStreamHandle = std::unique_ptr<ZSTD_DStream, DStreamFreer>;

constexpr size_t kPlainChunkBytes = size_t{1} << 20;

[[noreturn]] void fail(const std::filesystem::path& path, std::string_view what) {
  throw TraceError(detail::trace_message(path, what));
}

FileHandle open_for_reading(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) fail(path, "no such file");
  if (std::filesystem::is_directory(path, error)) fail(path, "is a directory, not a trace file");
  FileHandle file(std::fopen(path.c_str(), "rb"));
  if (!file) fail(path, std::string("cannot open: ") + std::strerror(errno));
  return file;
}

// Reads up to `capacity` bytes; 0 only at end of file. A read error throws.
size_t read_some(std::FILE* file, char* buffer, size_t capacity,
                 const std::filesystem::path& path) {
  const size_t got = std::fread(buffer, 1, capacity, file);
  if (got == 0 && std::ferror(file) != 0) {
    fail(path, std::string("read error: ") + std::strerror(errno));
  }
  return got;
}

std::string read_plain(std::FILE* file, const std::filesystem::path& path) {
  std::string bytes;
  std::error_code error;
  const auto expected = std::filesystem::file_size(path, error);
  if (!error) bytes.reserve(expected);
  // Chunked rather than one read of file_size bytes, so pipes and growing files still work.
  for (;;) {
    const size_t old_size = bytes.size();
    bytes.resize(old_size + kPlainChunkBytes);
    const size_t got = read_some(file, bytes.data() + old_size, kPlainChunkBytes, path);
    bytes.resize(old_size + got);
    if (got == 0) return bytes;
  }
}

void append_decompressed(ZSTD_DStream* stream, ZSTD_inBuffer& input, std::vector<char>& scratch,
                         std::string& bytes, size_t& last_result,
                         const std::filesystem::path& path) {
  ZSTD_outBuffer output{scratch.data(), scratch.size(), 0};
  const size_t result = ZSTD_decompressStream(stream, &output, &input);
  if (ZSTD_isError(result) != 0) {
    fail(path, std::string("corrupt zstd data: ") + ZSTD_getErrorName(result));
  }
  bytes.append(scratch.data(), output.pos);
  last_result = result;
}

std::string read_zstd(std::FILE* file, const std::filesystem::path& path) {
  DStreamHandle stream(ZSTD_createDStream());
  if (!stream) fail(path, "cannot create a zstd decompression context");
  ZSTD_initDStream(stream.get());

  std::vector<char> in_buffer(ZSTD_DStreamInSize());
  std::vector<char> scratch(ZSTD_DStreamOutSize());
  std::string bytes;
  bool has_input = false;
  // ZSTD_decompressStream returns 0 exactly when a frame has been fully decoded and flushed, so a
  // non-zero value once the input is exhausted means the last frame was cut short.
  size_t last_result = 0;
  for (;;) {
    const size_t got = read_some(file, in_buffer.data(), in_buffer.size(), path);
    if (got == 0) break;
    has_input = true;
    ZSTD_inBuffer input{in_buffer.data(), got, 0};
    while (input.pos < input.size) {
      append_decompressed(stream.get(), input, scratch, bytes, last_result, path);
    }
  }
  if (!has_input) fail(path, "empty file, expected zstd data");
  // Flush what the decoder may still hold after the last input byte was consumed.
  while (last_result != 0) {
    ZSTD_inBuffer none{nullptr, 0, 0};
    const size_t before = bytes.size();
    append_decompressed(stream.get(), none, scratch, bytes, last_result, path);
    if (bytes.size() == before) break;
  }
  if (last_result != 0) fail(path, "truncated zstd data: the last frame is incomplete");
  return bytes;
}

bool has_zstd_suffix(const std::filesystem::path& path) { return path.extension() == ".zst"; }

}  // namespace

std::string read_file_bytes(const std::filesystem::path& path) {
  FileHandle file = open_for_reading(path);
  return has_zstd_suffix(path) ? read_zstd(file.get(), path) : read_plain(file.get(), path);
}

}  // namespace crucible::traces
