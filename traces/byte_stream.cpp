// ByteStream: mmap for plain files, chunked zstd decompression for *.zst files.

#include "byte_stream.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <system_error>

#include "format_readers.hpp"
#include "trace.hpp"

namespace crucible::traces::detail {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const noexcept { std::fclose(file); }
};
struct DStreamFreer {
  void operator()(ZSTD_DStream* stream) const noexcept { ZSTD_freeDStream(stream); }
};

// Decompressed bytes are produced into a window of this size; it grows only for a longer line.
constexpr size_t kWindowBytes = size_t{1} << 20;
// Below this much free space at the window's end, the unconsumed bytes move to its front.
constexpr size_t kMinFreeBytes = size_t{64} << 10;

bool has_zstd_suffix(const std::filesystem::path& path) { return path.extension() == ".zst"; }

}  // namespace

struct ByteStream::Zstd {
  std::unique_ptr<std::FILE, FileCloser> file;
  std::unique_ptr<ZSTD_DStream, DStreamFreer> stream;
  std::vector<char> input;
  ZSTD_inBuffer in{nullptr, 0, 0};
  std::vector<char> window;
  bool has_input = false;
  bool is_input_done = false;
  // ZSTD_decompressStream returns 0 exactly when a frame is fully decoded and flushed, so a
  // non-zero value once the input is exhausted means the last frame was cut short.
  size_t last_result = 0;
};

ByteStream::ByteStream(const std::filesystem::path& path) : path_(path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) fail("no such file");
  if (std::filesystem::is_directory(path, error)) fail("is a directory, not a trace file");
  if (has_zstd_suffix(path)) {
    open_zstd();
  } else {
    open_mapped();
  }
}

ByteStream::~ByteStream() {
  if (map_ != nullptr) ::munmap(map_, map_bytes_);
}

void ByteStream::fail(std::string_view what) const {
  if (position_ != nullptr && position_->number > 0) {
    throw TraceError(trace_message(path_, std::string(position_->unit) + " " +
                                              std::to_string(position_->number) + ": " +
                                              std::string(what)));
  }
  throw TraceError(trace_message(path_, what));
}

void ByteStream::open_mapped() {
  const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(std::string("cannot open: ") + std::strerror(errno));
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    const int saved = errno;
    ::close(fd);
    fail(std::string("cannot stat: ") + std::strerror(saved));
  }
  is_exhausted_ = true;
  size_hint_ = static_cast<uint64_t>(info.st_size);
  if (info.st_size == 0) {
    ::close(fd);
    return;
  }
  map_bytes_ = static_cast<size_t>(info.st_size);
  void* map = ::mmap(nullptr, map_bytes_, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  const int saved = errno;
  ::close(fd);  // the mapping keeps the file open
  if (map == MAP_FAILED) fail(std::string("cannot map: ") + std::strerror(saved));
  map_ = map;
  ::madvise(map_, map_bytes_, MADV_SEQUENTIAL);
  begin_ = static_cast<const char*>(map_);
  end_ = begin_ + map_bytes_;
}

void ByteStream::open_zstd() {
  zstd_ = std::make_unique<Zstd>();
  zstd_->file.reset(std::fopen(path_.c_str(), "rb"));
  if (!zstd_->file) fail(std::string("cannot open: ") + std::strerror(errno));
  zstd_->stream.reset(ZSTD_createDStream());
  if (!zstd_->stream) fail("cannot create a zstd decompression context");
  ZSTD_initDStream(zstd_->stream.get());
  zstd_->input.resize(ZSTD_DStreamInSize());
  zstd_->window.resize(kWindowBytes);
  begin_ = end_ = zstd_->window.data();
}

std::string_view ByteStream::fill_slow(size_t want) {
  std::vector<char>& window = zstd_->window;
  while (static_cast<size_t>(end_ - begin_) < want && !is_exhausted_) {
    const auto kept = static_cast<size_t>(end_ - begin_);
    const auto free_at_end = static_cast<size_t>(window.data() + window.size() - end_);
    if (free_at_end < kMinFreeBytes || want > window.size() - (begin_ - window.data())) {
      std::memmove(window.data(), begin_, kept);
      if (want + kMinFreeBytes > window.size())
        window.resize(std::max(want + kMinFreeBytes, window.size() * 2));
      begin_ = window.data();
      end_ = begin_ + kept;
    }
    decompress_some();
  }
  return available();
}

void ByteStream::decompress_some() {
  Zstd& z = *zstd_;
  if (z.in.pos == z.in.size && !z.is_input_done) {
    const size_t got = std::fread(z.input.data(), 1, z.input.size(), z.file.get());
    if (got == 0 && std::ferror(z.file.get()) != 0) {
      fail(std::string("read error: ") + std::strerror(errno));
    }
    if (got == 0) {
      z.is_input_done = true;
    } else {
      if (!z.has_input) {
        const unsigned long long size = ZSTD_getFrameContentSize(z.input.data(), got);
        if (size != ZSTD_CONTENTSIZE_UNKNOWN && size != ZSTD_CONTENTSIZE_ERROR) size_hint_ = size;
      }
      z.has_input = true;
      z.in = ZSTD_inBuffer{z.input.data(), got, 0};
    }
  }
  if (z.is_input_done && !z.has_input) fail("empty file, expected zstd data");
  char* const window_end = z.window.data() + z.window.size();
  ZSTD_outBuffer out{const_cast<char*>(end_), static_cast<size_t>(window_end - end_), 0};
  const bool is_flush = z.is_input_done && z.in.pos == z.in.size;
  if (is_flush && z.last_result == 0) {
    // The last frame ended exactly with the input. (A call now would ask for another frame.)
    is_exhausted_ = true;
    return;
  }
  // With the input spent this call only flushes what the decoder still holds.
  ZSTD_inBuffer none{nullptr, 0, 0};
  const size_t result = ZSTD_decompressStream(z.stream.get(), &out, is_flush ? &none : &z.in);
  if (ZSTD_isError(result) != 0) {
    fail(std::string("corrupt zstd data: ") + ZSTD_getErrorName(result));
  }
  end_ += out.pos;
  z.last_result = result;
  if (is_flush && out.pos == 0) {
    if (result != 0) fail("truncated zstd data: the last frame is incomplete");
    is_exhausted_ = true;
  }
}

}  // namespace crucible::traces::detail

namespace crucible::traces {

std::string read_file_bytes(const std::filesystem::path& path) {
  detail::ByteStream stream(path);
  std::string bytes;
  while (!stream.fill(1).empty()) {
    bytes.append(stream.available());
    stream.consume(stream.available().size());
  }
  return bytes;
}

}  // namespace crucible::traces
