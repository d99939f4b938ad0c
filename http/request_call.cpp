#include "http/request_call.hpp"

#include <spdlog/spdlog.h>

#include <boost/beast/http/field.hpp>

#include "http/error_mapping.hpp"
#include "http/request_id.hpp"

namespace shop::http {

namespace bhttp = boost::beast::http;

call::call(request&& req, respond_fn respond, std::string_view route_name,
           std::shared_ptr<const void> table, metrics::http_route_stats* stats)
    : req_(std::move(req)),
      request_id_(request_id_of(req_)),
      respond_(std::move(respond)),
      route_name_(route_name),
      table_(std::move(table)),
      stats_(stats) {}

std::optional<std::string> call::query(const std::string& key) const {
  auto it = query_.find(key);
  if (it == query_.end()) return std::nullopt;
  return it->second;
}

const nlohmann::json& call::json_body() {
  if (!json_body_) json_body_ = nlohmann::json::parse(req_.body(), nullptr, false);
  return *json_body_;
}

void call::send(response&& res) {
  auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                  started_)
                .count();
  if (stats_) stats_->observe(res.result_int(), static_cast<std::uint64_t>(us));
  auto method = req_.method_string();
  spdlog::info("{} {} {} {}us rid={}", std::string_view{method.data(), method.size()}, route_name_,
               res.result_int(), us, request_id_);
  res.set(boost::beast::string_view{request_id_header.data(), request_id_header.size()},
          request_id_);
  res.keep_alive(req_.keep_alive());
  respond_(std::move(res));
}

void call::reply(bhttp::status status, const nlohmann::json& body) {
  response res{status, req_.version()};
  res.set(bhttp::field::content_type, "application/json; charset=utf-8");
  res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  res.prepare_payload();
  send(std::move(res));
}

void call::reply_text(bhttp::status status, std::string_view content_type, std::string body) {
  reply_text(status, content_type, std::move(body), {});
}

void call::reply_text(bhttp::status status, std::string_view content_type, std::string body,
                      const std::vector<std::pair<std::string_view, std::string_view>>& headers) {
  response res{status, req_.version()};
  for (const auto& [name, value] : headers)
    res.set(boost::beast::string_view{name.data(), name.size()},
            boost::beast::string_view{value.data(), value.size()});
  res.set(bhttp::field::content_type,
          boost::beast::string_view{content_type.data(), content_type.size()});
  res.body() = std::move(body);
  res.prepare_payload();
  send(std::move(res));
}

void call::reply_no_content() {
  response res{bhttp::status::no_content, req_.version()};
  res.prepare_payload();
  send(std::move(res));
}

void call::fail(shop_error e) {
  fail(e, message_of(e));
}

void call::fail(shop_error e, std::string_view message) {
  // A keyed request's answer is repeated byte for byte to its repeats (API.md), which have ids
  // of their own: its body names no request, its header does.
  const bool keyed = req_.find("Idempotency-Key") != req_.end();
  send(error_response(e, message, req_.version(), req_.keep_alive(),
                      keyed ? std::string_view{} : std::string_view{request_id_}));
}

void call::fail(const caf::error& e) {
  shop_error se;
  if (as_shop_error(e, se)) return fail(se);
  fail(shop_error::unavailable, "service temporarily unavailable, try again");
}

}  // namespace shop::http
