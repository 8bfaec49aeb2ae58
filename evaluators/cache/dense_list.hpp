// Doubly-linked lists threaded through one array indexed by the dense object id, for the native
// baselines: no hash map, no allocation per request, O(1) unlink from the middle.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "evaluators/cache/simulation.hpp"

namespace crucible::evaluators::cache {

inline constexpr uint32_t kNoObject = UINT32_MAX;

[[noreturn, gnu::cold, gnu::noinline]] inline void throw_id_not_dense(uint32_t id,
                                                                      uint64_t objects) {
  throw std::invalid_argument("cache config: objects = " + std::to_string(objects) +
                              ", but a request has object id " + std::to_string(id) +
                              " (ids must be below objects)");
}

// Fails unless `request.id` indexes an array of `config.objects` entries; a caller that leaves
// CacheConfig::objects unset gets this message instead of a write out of bounds. The throw is
// kept out of line so that this check inlines into every access.
inline void require_dense_id(const traces::Request& request, const CacheConfig& config) {
  if (request.id >= config.objects) [[unlikely]]
    throw_id_not_dense(request.id, config.objects);
}

// How many requests ahead a policy asks for its per-object state: enough for a cache miss to
// complete while the requests in between are served.
inline constexpr uint64_t kPrefetchDistance = 16;

// Starts loading `table[id]` for the request kPrefetchDistance after `time`, if there is one.
// Per-object state is a random access into an array of every object; starting it early lets the
// cache miss overlap the requests in between. (On P6, on the shared 2-core development machine,
// the gain was within the run-to-run noise; it costs one predictable branch.)
template <typename Entry>
inline void prefetch_ahead(const std::vector<Entry>& table,
                           std::span<const traces::Request> requests, uint64_t time) {
  if (time + kPrefetchDistance >= requests.size()) return;
  const uint32_t id = requests[time + kPrefetchDistance].id;
  if (id < table.size()) __builtin_prefetch(table.data() + id);  // a bad id fails at its turn
}

// kLists lists over the objects 0..objects-1; an object is in at most one of them. Each list runs
// from its front (newest) to its back (oldest) and knows its length and its weight (the sum of
// its members' charges). The charge is stored when an object enters a list and kept when it
// moves, so leaving subtracts exactly what entering added. Each object also has one byte of
// policy state (`mark`) that the lists never touch.
template <size_t kLists>
class DenseLists {
 public:
  static constexpr uint8_t kUnlisted = 0xff;

  explicit DenseLists(uint64_t objects) : nodes_(objects) {}

  // See prefetch_ahead.
  void prefetch(std::span<const traces::Request> requests, uint64_t time) const {
    prefetch_ahead(nodes_, requests, time);
  }

  uint8_t list_of(uint32_t id) const { return nodes_[id].list; }
  bool is_listed(uint32_t id) const { return nodes_[id].list != kUnlisted; }
  uint8_t& mark(uint32_t id) { return nodes_[id].mark; }
  uint32_t charge_of(uint32_t id) const { return nodes_[id].charge; }

  uint32_t front(size_t list) const { return ends_[list].front; }  // kNoObject when empty
  uint32_t back(size_t list) const { return ends_[list].back; }    // kNoObject when empty
  // The neighbour one step toward the front (kNoObject at the front).
  uint32_t newer(uint32_t id) const { return nodes_[id].newer; }
  uint64_t length(size_t list) const { return ends_[list].length; }
  uint64_t weight(size_t list) const { return ends_[list].weight; }
  bool is_empty(size_t list) const { return ends_[list].length == 0; }

  // `id` must be unlisted.
  void push_front(size_t list, uint32_t id, uint32_t charge) {
    Node& node = nodes_[id];
    node.charge = charge;
    link_front(list, id, node);
  }

  // Takes `id` out of whichever list holds it; its charge leaves that list's weight.
  void unlink(uint32_t id) {
    Node& node = nodes_[id];
    Ends& ends = ends_[node.list];
    if (node.newer == kNoObject) {
      ends.front = node.older;
    } else {
      nodes_[node.newer].older = node.older;
    }
    if (node.older == kNoObject) {
      ends.back = node.newer;
      // Leaving from the back is an eviction; the next one will write the new back's newer
      // neighbour, which was last touched about a cache's worth of requests ago.
      if (node.newer != kNoObject) prefetch_node(nodes_[node.newer].newer);
    } else {
      nodes_[node.older].newer = node.newer;
    }
    --ends.length;
    ends.weight -= node.charge;
    node.list = kUnlisted;
  }

  // From whichever list holds `id` (possibly `list` itself) to the front of `list`.
  void move_to_front(size_t list, uint32_t id) {
    Node& node = nodes_[id];
    if (node.list == list && node.newer == kNoObject) return;  // already at the front
    unlink(id);
    link_front(list, id, node);
  }

 private:
  struct Node {
    uint32_t newer = kNoObject;
    uint32_t older = kNoObject;
    uint32_t charge = 0;
    uint8_t list = kUnlisted;
    uint8_t mark = 0;
  };
  struct Ends {
    uint32_t front = kNoObject;
    uint32_t back = kNoObject;
    uint64_t length = 0;
    uint64_t weight = 0;
  };

  void prefetch_node(uint32_t id) const {
    if (id != kNoObject) __builtin_prefetch(nodes_.data() + id);
  }

  void link_front(size_t list, uint32_t id, Node& node) {
    Ends& ends = ends_[list];
    node.list = static_cast<uint8_t>(list);
    node.newer = kNoObject;
    node.older = ends.front;
    if (ends.front == kNoObject) {
      ends.back = id;
    } else {
      nodes_[ends.front].newer = id;
    }
    ends.front = id;
    ++ends.length;
    ends.weight += node.charge;
  }

  std::vector<Node> nodes_;
  std::array<Ends, kLists> ends_{};
};

}  // namespace crucible::evaluators::cache
