#include "hooks_mechanism.hpp"

#include <string>

#include "evaluators/domain.hpp"
#include "rank_helpers.hpp"
#include "sandbox/candidate_stack.hpp"

namespace crucible::evaluators::cache {
namespace {

CacheHooks load_hooks(HooksEntry entry) {
  CacheHooks hooks{};
  sandbox::candidate_call(entry, &hooks);
  const std::pair<const char*, bool> fields[] = {
      {"init", hooks.init != nullptr},           {"on_hit", hooks.on_hit != nullptr},
      {"on_miss", hooks.on_miss != nullptr},     {"choose_victim", hooks.choose_victim != nullptr},
      {"on_evict", hooks.on_evict != nullptr},   {"free", hooks.free != nullptr}};
  for (const auto& [name, is_set] : fields) {
    if (!is_set) {
      throw InvalidDecision(std::string("crucible_cache_hooks left CacheHooks.") + name +
                            " unset");
    }
  }
  return hooks;
}

class HooksCache {
 public:
  HooksCache(std::span<const traces::Request> requests, const CacheConfig& config,
             const CacheHooks& hooks, std::string* victims)
      : book_(requests, config), hooks_(hooks) {
    book_.record_victims(victims);
    policy_ = sandbox::candidate_call(hooks_.init, config.capacity, config.is_bytes ? 1 : 0,
                                      config.objects);
    if (policy_ == nullptr) throw InvalidDecision("the init hook returned no policy state");
  }
  ~HooksCache() { sandbox::candidate_call(hooks_.free, policy_); }
  HooksCache(const HooksCache&) = delete;
  HooksCache& operator=(const HooksCache&) = delete;

  bool access(const traces::Request& request, uint64_t time) {
    const bool is_hit = book_.begin(request, time);
    if (is_hit) {
      book_.touch(request.id);
      sandbox::candidate_call(hooks_.on_hit, policy_, &book_.object(request.id), &book_.state());
      check_helpers();
    } else if (book_.is_admissible(request)) {
      while (!book_.fits(request)) evict();
      book_.admit(request);
      sandbox::candidate_call(hooks_.on_miss, policy_, &book_.object(request.id), &book_.state());
      check_helpers();
    }
    book_.end(request, is_hit);
    return is_hit;
  }

 private:
  void check_helpers() const {
    if (book_.has_fault()) book_.throw_fault();
  }

  void evict() {
    const uint64_t victim = sandbox::candidate_call(hooks_.choose_victim, policy_, &book_.state());
    check_helpers();
    if (victim >= book_.config().objects || !book_.is_resident(victim)) reject_victim(victim);
    sandbox::candidate_call(hooks_.on_evict, policy_, &book_.object(victim), &book_.state());
    check_helpers();
    book_.evict(victim, 0);
  }

  [[noreturn]] void reject_victim(uint64_t victim) const {
    const std::string at = " at time " + std::to_string(book_.state().now);
    if (victim == CRUCIBLE_NO_OBJECT) {
      throw InvalidDecision("choose_victim returned CRUCIBLE_NO_OBJECT while the cache is full" +
                            at);
    }
    throw InvalidDecision("choose_victim returned object " + std::to_string(victim) +
                          ", which is not in the cache," + at);
  }

  CacheBook book_;
  CacheHooks hooks_;
  CacheHooksPolicy* policy_ = nullptr;
};

}  // namespace

CacheResult simulate_hooks(std::span<const traces::Request> requests, const CacheConfig& config,
                           HooksEntry entry, std::string* victims) {
  CacheHooks hooks = load_hooks(entry);
  HooksCache cache(requests, config, hooks, victims);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
