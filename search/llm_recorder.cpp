#include "llm_recorder.hpp"

namespace crucible::search {
namespace llm = proposers::llm;

StoreRecorder::StoreRecorder(const std::filesystem::path& path, int64_t run_id,
                             int64_t source_run_id)
    : store_(path), run_id_(run_id), is_same_run_(run_id == source_run_id) {
  for (const auto& record : store_.exchanges(source_run_id)) {
    llm::ExchangeKey key{static_cast<uint64_t>(record.generation),
                         static_cast<uint64_t>(record.slot),
                         static_cast<uint32_t>(record.attempt),
                         static_cast<uint32_t>(record.sequence)};
    llm::Exchange exchange;
    exchange.model = record.model;
    exchange.attempt = static_cast<uint32_t>(record.try_number);
    exchange.request = record.request;
    exchange.status = static_cast<long>(record.status);
    exchange.response = record.response;
    exchange.error = record.error;
    exchange.input_tokens = static_cast<uint64_t>(record.input_tokens);
    exchange.output_tokens = static_cast<uint64_t>(record.output_tokens);
    exchange.dollars = record.dollars;
    exchange.seconds = record.seconds;
    known_[key] = std::move(exchange);
  }
}

std::optional<llm::Exchange> StoreRecorder::find(const llm::ExchangeKey& key) {
  std::lock_guard lock(mutex_);
  auto found = known_.find(key);
  if (found == known_.end()) return std::nullopt;
  llm::Exchange exchange = found->second;
  if (!is_same_run_) {  // a replay keeps its own record too, so it can be replayed in turn
    record_locked(key, exchange);
  }
  return exchange;
}

void StoreRecorder::record(const llm::ExchangeKey& key, const llm::Exchange& exchange) {
  std::lock_guard lock(mutex_);
  known_[key] = exchange;
  record_locked(key, exchange);
}

void StoreRecorder::record_locked(const llm::ExchangeKey& key, const llm::Exchange& exchange) {
  ExchangeRecord record;
  record.generation = static_cast<int64_t>(key.generation);
  record.slot = static_cast<int64_t>(key.slot);
  record.attempt = key.attempt;
  record.sequence = key.sequence;
  record.model = exchange.model;
  record.try_number = exchange.attempt;
  record.request = exchange.request;
  record.status = exchange.status;
  record.response = exchange.response;
  record.error = exchange.error;
  record.input_tokens = static_cast<int64_t>(exchange.input_tokens);
  record.output_tokens = static_cast<int64_t>(exchange.output_tokens);
  record.dollars = exchange.dollars;
  record.seconds = exchange.seconds;
  store_.add_exchange(run_id_, record);
}

std::map<std::string, llm::Budget::Spend> StoreRecorder::spent_by_model_through(
    uint64_t generation) const {
  std::lock_guard lock(mutex_);
  std::map<std::string, llm::Budget::Spend> spend;
  for (const auto& [key, exchange] : known_) {
    if (key.generation > generation) continue;
    spend[exchange.model] += {1, exchange.input_tokens, exchange.output_tokens, exchange.dollars};
  }
  return spend;
}

}  // namespace crucible::search
