// A hooks policy with its own decayed access counts: after each epoch, swap the hottest slow
// pages with the coldest fast ones while the slow page is clearly hotter, a few pairs at a time.
#include <vector>

struct TierHooksPolicy {
  std::vector<double> heat;    // decayed accesses per page
  std::vector<char> chosen;    // picked this epoch
};

static TierHooksPolicy* hot_init(uint64_t fast_capacity, uint64_t pages) {
  TierHooksPolicy* policy = new TierHooksPolicy;
  policy->heat.assign(pages, 0.0);
  policy->chosen.assign(pages, 0);
  return policy;
}

// The unchosen page in `tier` with the most heat (want_hot) or the least; state->pages when none.
static uint64_t pick(TierHooksPolicy* policy, const TierPage* pages, const TierState* state,
                     uint64_t tier, int want_hot) {
  uint64_t best = state->pages;
  for (uint64_t i = 0; i < state->pages; ++i) {
    if (crucible_tier_page(pages, state, i)->tier != tier || policy->chosen[i]) continue;
    if (best == state->pages || (want_hot ? policy->heat[i] > policy->heat[best]
                                          : policy->heat[i] < policy->heat[best])) {
      best = i;
    }
  }
  return best;
}

static uint64_t hot_on_epoch(TierHooksPolicy* policy, const TierPage* pages,
                             const TierState* state, uint64_t* moves) {
  for (uint64_t i = 0; i < state->pages; ++i) {
    policy->heat[i] = 0.75 * policy->heat[i] + crucible_tier_page(pages, state, i)->recent[0];
    policy->chosen[i] = 0;
  }
  uint64_t count = 0;
  uint64_t free = state->fast_free;
  for (int pair = 0; pair < 16 && count + 2 <= state->migration_limit; ++pair) {
    uint64_t up = pick(policy, pages, state, CRUCIBLE_SLOW, 1);
    if (up == state->pages) break;
    policy->chosen[up] = 1;
    if (free > 0) {
      count = crucible_tier_add_move(moves, count, state, up);
      --free;
      continue;
    }
    uint64_t down = pick(policy, pages, state, CRUCIBLE_FAST, 0);
    if (down == state->pages || policy->heat[up] < 2.0 * policy->heat[down] + 1.0) break;
    policy->chosen[down] = 1;
    count = crucible_tier_add_move(moves, count, state, down);
    count = crucible_tier_add_move(moves, count, state, up);
  }
  return count;
}

static void hot_free(TierHooksPolicy* policy) { delete policy; }

void crucible_tier_hooks(TierHooks* out) {
  out->init = hot_init;
  out->on_epoch = hot_on_epoch;
  out->free = hot_free;
}
