#include "source.hpp"

#include <optional>
#include <string_view>

namespace crucible::sandbox {

std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& diagnostic : diagnostics) {
    if (!text.empty()) text += '\n';
    if (diagnostic.line > 0) {
      text += std::to_string(diagnostic.line) + ":" + std::to_string(diagnostic.column) + ": ";
    }
    text += diagnostic.message;
  }
  return text;
}

}  // namespace crucible::sandbox

namespace crucible::sandbox {
namespace {

// Every field as "<length>:<bytes>", so any byte may appear inside.
void put(std::string& out, std::string_view field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
}

void put_list(std::string& out, const std::vector<std::string>& list) {
  put(out, std::to_string(list.size()));
  for (const auto& item : list) put(out, item);
}

class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}
  std::optional<std::string> field() {
    const size_t colon = text_.find(':', at_);
    if (colon == std::string_view::npos || colon == at_ || colon - at_ > 12) return std::nullopt;
    size_t length = 0;
    for (size_t i = at_; i < colon; ++i) {
      if (text_[i] < '0' || text_[i] > '9') return std::nullopt;
      length = length * 10 + static_cast<size_t>(text_[i] - '0');
    }
    if (length > text_.size() - colon - 1) return std::nullopt;
    at_ = colon + 1 + length;
    return std::string(text_.substr(colon + 1, length));
  }
  std::optional<size_t> number() {
    auto text = field();
    if (!text || text->empty() || text->size() > 12) return std::nullopt;
    size_t value = 0;
    for (char c : *text) {
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + static_cast<size_t>(c - '0');
    }
    return value;
  }
  std::optional<std::vector<std::string>> list() {
    auto count = number();
    if (!count || *count > text_.size()) return std::nullopt;
    std::vector<std::string> items;
    for (size_t i = 0; i < *count; ++i) {
      auto item = field();
      if (!item) return std::nullopt;
      items.push_back(std::move(*item));
    }
    return items;
  }
  bool is_done() const { return at_ == text_.size(); }

 private:
  std::string_view text_;
  size_t at_ = 0;
};

}  // namespace

std::string serialize_candidate(const CandidateSource& candidate) {
  std::string out;
  put(out, candidate.text);
  put(out, candidate.entry_symbol);
  put(out, std::to_string(candidate.headers.size()));
  for (const auto& header : candidate.headers) {
    put(out, header.name);
    put(out, header.text);
  }
  put_list(out, candidate.rules.allowed_headers);
  put_list(out, candidate.rules.allowed_functions);
  put_list(out, candidate.rules.allowed_types);
  put(out, candidate.rules.allows_heap ? "1" : "0");
  put(out, std::to_string(candidate.rules.max_source_bytes));
  return out;
}

std::optional<CandidateSource> parse_candidate(std::string_view text) {
  Reader in(text);
  CandidateSource candidate;
  auto source = in.field();
  auto entry = in.field();
  auto header_count = in.number();
  if (!source || !entry || !header_count || *header_count > text.size()) return std::nullopt;
  candidate.text = std::move(*source);
  candidate.entry_symbol = std::move(*entry);
  for (size_t i = 0; i < *header_count; ++i) {
    auto name = in.field();
    auto body = in.field();
    if (!name || !body) return std::nullopt;
    candidate.headers.push_back({std::move(*name), std::move(*body)});
  }
  auto headers = in.list();
  auto functions = in.list();
  auto types = in.list();
  auto heap = in.field();
  auto max_bytes = in.number();
  if (!headers || !functions || !types || !heap || !max_bytes || !in.is_done()) {
    return std::nullopt;
  }
  candidate.rules.allowed_headers = std::move(*headers);
  candidate.rules.allowed_functions = std::move(*functions);
  candidate.rules.allowed_types = std::move(*types);
  candidate.rules.allows_heap = *heap == "1";
  candidate.rules.max_source_bytes = *max_bytes;
  return candidate;
}

std::string serialize_verify_request(const VerifyRequest& request) {
  std::string out;
  put(out, serialize_candidate(request.candidate));
  put(out, request.pch);
  put(out, request.object);
  put_list(out, request.flags);
  return out;
}

std::optional<VerifyRequest> parse_verify_request(std::string_view text) {
  Reader in(text);
  auto candidate_text = in.field();
  auto pch = in.field();
  auto object = in.field();
  auto flags = in.list();
  if (!candidate_text || !pch || !object || !flags || !in.is_done()) return std::nullopt;
  auto candidate = parse_candidate(*candidate_text);
  if (!candidate) return std::nullopt;
  return VerifyRequest{std::move(*candidate), std::move(*pch), std::move(*flags),
                       std::move(*object)};
}

}  // namespace crucible::sandbox
