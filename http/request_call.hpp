// One HTTP request on its way through a handler: its inputs (path ids, query, body) and the ways
// to answer it. Answers go back through the server's respond_fn; each writes one access-log line.
#pragma once

#include <caf/error.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "actors/shop_error.hpp"
#include "http/http_server.hpp"
#include "metrics/metrics.hpp"

namespace shop::http {

class call {
 public:
  // `route_name` points into the route table, which `table` keeps alive for as long as the call.
  // `stats`: the route's counters (metrics/metrics.hpp), bumped once when the answer is sent.
  call(request&& req, respond_fn respond, std::string_view route_name,
       std::shared_ptr<const void> table, metrics::http_route_stats* stats = nullptr);

  const request& req() const { return req_; }
  // The X-Request-Id every answer to this request carries (http/request_id.hpp).
  const std::string& request_id() const { return request_id_; }
  std::int64_t path_id(std::size_t i) const { return ids_.at(i); }
  std::vector<std::int64_t>& path_ids() { return ids_; }
  const std::vector<std::int64_t>& path_ids() const { return ids_; }
  std::optional<std::string> query(const std::string& key) const;
  void set_query(std::map<std::string, std::string> q) { query_ = std::move(q); }
  // The user a customer_self route acts for, checked against the token by the dispatcher.
  std::int64_t caller() const { return caller_; }
  void set_caller(std::int64_t user) { caller_ = user; }
  // The body parsed as JSON, once (the dispatcher may need it before the handler does).
  const nlohmann::json& json_body();

  void reply(boost::beast::http::status status, const nlohmann::json& body);
  void reply_no_content();
  // A body that is not JSON (GET /metrics).
  void reply_text(boost::beast::http::status status, std::string_view content_type,
                  std::string body);
  // The same with further headers (a page's Content-Security-Policy, caching).
  void reply_text(boost::beast::http::status status, std::string_view content_type,
                  std::string body,
                  const std::vector<std::pair<std::string_view, std::string_view>>& headers);
  // Error answers: status and code always come from the table (actors/shop_error_table.cpp);
  // the message is the table's unless given.
  void fail(const caf::error& e);
  void fail(shop_error e);
  void fail(shop_error e, std::string_view message);

 private:
  void send(response&& res);

  request req_;
  std::string request_id_;
  respond_fn respond_;
  std::string_view route_name_;
  std::shared_ptr<const void> table_;
  metrics::http_route_stats* stats_;
  std::vector<std::int64_t> ids_;
  std::map<std::string, std::string> query_;
  std::int64_t caller_ = 0;
  std::optional<nlohmann::json> json_body_;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

using call_ptr = std::shared_ptr<call>;

}  // namespace shop::http
