#include "http/error_body.hpp"

#include <nlohmann/json.hpp>
#include <string>

namespace shop::http {

response make_error(boost::beast::http::status status, std::string_view code,
                    std::string_view message, unsigned version, bool keep_alive,
                    std::string_view request_id) {
  nlohmann::json body = nlohmann::json::object();
  body["code"] = std::string(code);
  body["message"] = std::string(message);
  if (!request_id.empty()) body["requestId"] = std::string(request_id);

  response res{status, version};
  res.set(boost::beast::http::field::content_type, "application/json; charset=utf-8");
  res.keep_alive(keep_alive);
  // Every 503 is "try again shortly" (API.md: a node restarting, the database away, an entity
  // moving between nodes): the header tells clients when, whichever path refused the request.
  if (status == boost::beast::http::status::service_unavailable)
    res.set(boost::beast::http::field::retry_after, "1");
  // error_handler_t::replace: a message echoing client input must not make dump() throw.
  res.body() = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  res.prepare_payload();
  return res;
}

}  // namespace shop::http
