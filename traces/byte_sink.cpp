#include "byte_sink.hpp"

#include <cerrno>
#include <cstring>

#include "format_readers.hpp"

namespace crucible::traces::detail {
namespace {
constexpr int kZstdLevel = 3;
}  // namespace

Sink::Sink(const std::filesystem::path& path) : path_(path) {
  file_.reset(std::fopen(path.c_str(), "wb"));
  if (!file_) fail(std::string("cannot create: ") + std::strerror(errno));
  if (path.extension() == ".zst") {
    zstd_.reset(ZSTD_createCStream());
    if (!zstd_) fail("cannot create a zstd compression context");
    ZSTD_CCtx_setParameter(zstd_.get(), ZSTD_c_compressionLevel, kZstdLevel);
    compressed_.resize(ZSTD_CStreamOutSize());
  }
  buffer_.reserve(kBufferBytes);
}

void Sink::finish() {
  drain(ZSTD_e_end);
  if (std::fflush(file_.get()) != 0) fail(std::string("write error: ") + std::strerror(errno));
  if (std::fclose(file_.release()) != 0) fail(std::string("write error: ") + std::strerror(errno));
}

void Sink::fail(std::string_view what) const { throw TraceError(trace_message(path_, what)); }

void Sink::write_out(const char* bytes, size_t size) {
  if (size != 0 && std::fwrite(bytes, 1, size, file_.get()) != size) {
    fail(std::string("write error: ") + std::strerror(errno));
  }
}

void Sink::drain(ZSTD_EndDirective mode) {
  if (!zstd_) {
    write_out(buffer_.data(), buffer_.size());
    buffer_.clear();
    return;
  }
  ZSTD_inBuffer in{buffer_.data(), buffer_.size(), 0};
  for (;;) {
    ZSTD_outBuffer out{compressed_.data(), compressed_.size(), 0};
    const size_t left = ZSTD_compressStream2(zstd_.get(), &out, &in, mode);
    if (ZSTD_isError(left) != 0) fail(std::string("zstd error: ") + ZSTD_getErrorName(left));
    write_out(compressed_.data(), out.pos);
    const bool is_done = mode == ZSTD_e_end ? left == 0 : in.pos == in.size;
    if (is_done) break;
  }
  buffer_.clear();
}

}  // namespace crucible::traces::detail
