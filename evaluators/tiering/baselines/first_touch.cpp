// Static first-touch: the kernel's default without tiering. A page lands in the fast tier while
// it has room and is never moved; the simulator's first-touch placement is the whole policy.
#include "baselines.hpp"

namespace crucible::evaluators::tiering {
namespace {

class FirstTouch final : public TierPolicy {
 public:
  void on_epoch(std::span<const TierPage>, const TierState&, std::vector<uint32_t>&) override {}
};

}  // namespace

std::unique_ptr<TierPolicy> make_first_touch(const BaselineContext&) {
  return std::make_unique<FirstTouch>();
}

}  // namespace crucible::evaluators::tiering
