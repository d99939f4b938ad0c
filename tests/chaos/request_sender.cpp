#include "tests/chaos/request_sender.hpp"

#include <nlohmann/json.hpp>

#include "actors/shop_error_table.hpp"
#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"

namespace shop::chaos {

attempt send_request(const request_record& r, std::size_t node, unsigned short port,
                     std::chrono::milliseconds timeout) {
  using namespace shop::test;
  header_list headers;
  headers.emplace_back("Authorization",
                       r.token.empty() ? server_process::admin_bearer() : "Bearer " + r.token);
  if (!r.key.empty()) headers.emplace_back("Idempotency-Key", r.key);
  attempt a;
  a.node = node;
  try {
    const auto res = http_call(port, r.method, r.target, r.body, headers, timeout);
    a.how = fate::answered;
    a.status = res.status;
    a.body = res.body;
    a.retry_after = res.headers.count("retry-after") > 0;
    const auto j = nlohmann::json::parse(res.body, nullptr, false);
    if (res.status >= 400 && j.is_object() && j.contains("code") && j["code"].is_string())
      a.code = j["code"].get<std::string>();
    // In a cluster, a node whose forward's owner stopped answering says the request may have
    // been done: the same as no answer at all.
    if (res.status == 503 && j.is_object() && j.contains("message") &&
        j["message"] == std::string(message_of(shop_error::outcome_unknown))) {
      a.how = fate::no_answer;
      a.error = "503: the owner stopped answering, outcome unknown";
    }
  } catch (const http_connect_error& e) {
    a.how = fate::unsent;
    a.error = e.what();
  } catch (const std::exception& e) {
    a.how = fate::no_answer;
    a.error = e.what();
  }
  return a;
}

}  // namespace shop::chaos
