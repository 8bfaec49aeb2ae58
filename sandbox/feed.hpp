// A queue that other threads fill while one consumer works through it: producers push and at
// last close; the consumer takes without blocking and polls ready_fd() (an eventfd) to learn
// when something new arrived, or blocks in take(). The pipeline's poll loop is such a consumer.
#pragma once

#include <sys/eventfd.h>
#include <unistd.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <system_error>
#include <utility>

#include "process.hpp"

namespace crucible::sandbox {

template <class T>
class Feed {
 public:
  Feed() : ready_(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {
    if (!ready_.is_open()) throw std::system_error(errno, std::generic_category(), "eventfd");
  }
  Feed(const Feed&) = delete;
  Feed& operator=(const Feed&) = delete;

  // Thread-safe. Items are taken in the order pushed; a push after close() is ignored.
  void push(T item) {
    {
      std::lock_guard lock(mutex_);
      if (is_closed_) return;
      items_.push_back(std::move(item));
      ++pushed_;
    }
    wake();
  }

  // Thread-safe: nothing more will come. Idempotent.
  void close() {
    {
      std::lock_guard lock(mutex_);
      is_closed_ = true;
    }
    wake();
  }

  // The next item if one is waiting, without blocking. When none is, ready_fd() is left
  // unreadable until the next push or close, so a consumer may poll it and not miss one.
  std::optional<T> try_take() {
    uint64_t count = 0;
    [[maybe_unused]] auto ignored = ::read(ready_.get(), &count, sizeof count);  // reset first
    std::lock_guard lock(mutex_);
    return pop_locked();
  }

  // Blocks until an item arrives (returned) or the feed is closed and empty (nullopt).
  std::optional<T> take() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return !items_.empty() || is_closed_; });
    return pop_locked();
  }

  // Closed, and every item taken.
  bool is_exhausted() const {
    std::lock_guard lock(mutex_);
    return is_closed_ && items_.empty();
  }

  int ready_fd() const { return ready_.get(); }
  size_t pushed() const {
    std::lock_guard lock(mutex_);
    return pushed_;
  }

 private:
  std::optional<T> pop_locked() {
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    return item;
  }

  void wake() {
    changed_.notify_all();
    const uint64_t one = 1;
    [[maybe_unused]] auto ignored = ::write(ready_.get(), &one, sizeof one);
  }

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<T> items_;
  size_t pushed_ = 0;
  bool is_closed_ = false;
  UniqueFd ready_;
};

}  // namespace crucible::sandbox
