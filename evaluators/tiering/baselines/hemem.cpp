// HeMem (Raybuck et al., SOSP 2021). Every recorded access is a sample (HeMem's PEBS); a page is
// hot once it has HOT_READ_THRESHOLD (8) read samples or HOT_WRITE_THRESHOLD (4) write samples.
// When any page's read or write count reaches the cooling threshold (18), every page's counts are
// halved; as in HeMem this is lazy, through a global cooling clock that each page catches up with
// when next touched (and at every epoch end). After each epoch the hot slow pages, in the order
// they became hot (HeMem's FIFO hot list), are promoted into free room or swapped with a cold fast
// page, coldest first; a hot fast page is never demoted.
#include <algorithm>

#include "baselines.hpp"
#include "hot_cold.hpp"

namespace crucible::evaluators::tiering {
namespace {

constexpr uint32_t kHotReads = 8;       // HOT_READ_THRESHOLD
constexpr uint32_t kHotWrites = 4;      // HOT_WRITE_THRESHOLD
constexpr uint32_t kCoolingCount = 18;  // PEBS_COOLING_THRESHOLD

class Hemem final : public TierPolicy {
 public:
  bool observes_accesses() const override { return true; }

  void on_access(uint32_t page, uint64_t, bool is_write, uint64_t) override {
    if (page >= reads_.size()) grow(page + 1);
    catch_up(page);
    uint32_t& count = is_write ? writes_[page] : reads_[page];
    ++count;
    update_hot(page);
    if (count >= kCoolingCount) ++clock_;
  }

  void on_epoch(std::span<const TierPage> pages, const TierState& state,
                std::vector<uint32_t>& moves) override {
    grow(pages.size());
    hot_slow_.clear();
    cold_fast_.clear();
    for (size_t id = 0; id < pages.size(); ++id) {
      const auto page = static_cast<uint32_t>(id);
      catch_up(page);
      update_hot(page);
      if (pages[id].tier == CRUCIBLE_SLOW && hot_[id] != 0) hot_slow_.push_back(page);
      if (pages[id].tier == CRUCIBLE_FAST && hot_[id] == 0) cold_fast_.push_back(page);
    }
    const size_t limit = state.migration_limit;
    keep_first(hot_slow_, limit, [this](uint32_t a, uint32_t b) {
      return hot_since_[a] != hot_since_[b] ? hot_since_[a] < hot_since_[b] : a < b;
    });
    keep_first(cold_fast_, limit, [this](uint32_t a, uint32_t b) {
      const uint64_t heat_a = uint64_t{reads_[a]} + writes_[a];
      const uint64_t heat_b = uint64_t{reads_[b]} + writes_[b];
      return heat_a != heat_b ? heat_a < heat_b : a < b;
    });
    promote_hot(hot_slow_, cold_fast_, state.fast_free, limit, moves);
  }

 private:
  void grow(size_t pages) {
    if (pages <= reads_.size()) return;
    reads_.resize(pages, 0);
    writes_.resize(pages, 0);
    page_clock_.resize(pages, clock_);
    hot_.resize(pages, 0);
    hot_since_.resize(pages, 0);
  }

  // Applies the coolings this page has missed: one halving per tick of the global clock.
  void catch_up(uint32_t page) {
    const uint64_t missed = clock_ - page_clock_[page];
    if (missed == 0) return;
    reads_[page] = missed >= 32 ? 0 : reads_[page] >> missed;
    writes_[page] = missed >= 32 ? 0 : writes_[page] >> missed;
    page_clock_[page] = clock_;
  }

  void update_hot(uint32_t page) {
    const bool is_hot = reads_[page] >= kHotReads || writes_[page] >= kHotWrites;
    if (is_hot && hot_[page] == 0) hot_since_[page] = ++hot_sequence_;
    hot_[page] = is_hot ? 1 : 0;
  }

  std::vector<uint32_t> reads_;  // read samples, cooled up to page_clock_
  std::vector<uint32_t> writes_;
  std::vector<uint64_t> page_clock_;
  std::vector<uint8_t> hot_;
  std::vector<uint64_t> hot_since_;  // when the page last turned hot: its place in the hot list
  uint64_t clock_ = 0;               // coolings so far
  uint64_t hot_sequence_ = 0;
  std::vector<uint32_t> hot_slow_;
  std::vector<uint32_t> cold_fast_;
};

}  // namespace

std::unique_ptr<TierPolicy> make_hemem(const BaselineContext&) { return std::make_unique<Hemem>(); }

}  // namespace crucible::evaluators::tiering
