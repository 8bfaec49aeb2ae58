// Language-model exchanges kept in the run's database as they happen. A recorder reads the
// exchanges of a run first (the same run when resuming, the recorded run when replaying) and
// serves them instead of asking again; every new exchange is written at once, on a connection of
// its own, since proposer threads call it while the search thread writes candidates.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>

#include "search/proposers/llm/model_client.hpp"
#include "search/store.hpp"

namespace crucible::search {

class StoreRecorder final : public proposers::llm::Recorder {
 public:
  // Records into `run_id` of the database at `path`; serves what `source_run_id` recorded.
  StoreRecorder(const std::filesystem::path& path, int64_t run_id, int64_t source_run_id);
  std::optional<proposers::llm::Exchange> find(const proposers::llm::ExchangeKey& key) override;
  void record(const proposers::llm::ExchangeKey& key,
              const proposers::llm::Exchange& exchange) override;
  // Spend recorded for generations up to and including `generation`, by model: what a resumed
  // run has already spent before the generation it replays.
  std::map<std::string, proposers::llm::Budget::Spend> spent_by_model_through(
      uint64_t generation) const;

 private:
  void record_locked(const proposers::llm::ExchangeKey& key,
                     const proposers::llm::Exchange& exchange);

  Store store_;
  int64_t run_id_;
  bool is_same_run_;
  mutable std::mutex mutex_;
  std::map<proposers::llm::ExchangeKey, proposers::llm::Exchange> known_;
};

}  // namespace crucible::search
