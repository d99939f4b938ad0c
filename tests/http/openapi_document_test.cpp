// Holds docs/openapi.json (as shop-server embeds it) to the real route table of
// http/shop_routes.cpp: every route is documented, nothing else is, and each operation declares
// the access, path ids and refusals the dispatcher gives that route.
#include <boost/beast/http/verb.hpp>
#include <caf/all.hpp>
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "http/documents.hpp"
#include "http/shop_routes.hpp"

using namespace shop::http;
namespace bhttp = boost::beast::http;

namespace {

const std::set<std::string> operation_keys = {"get",     "put",  "post",  "delete",
                                              "options", "head", "patch", "trace"};

std::string lower(boost::beast::string_view s) {
  std::string out{s.data(), s.size()};
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// The route table's {param} names, in order.
std::vector<std::string> params_of(const std::string& pattern) {
  std::vector<std::string> out;
  for (auto open = pattern.find('{'); open != std::string::npos; open = pattern.find('{', open + 1))
    out.push_back(pattern.substr(open + 1, pattern.find('}', open) - open - 1));
  return out;
}

// Parameters of an operation, $refs into components resolved.
std::vector<nlohmann::json> parameters_of(const nlohmann::json& doc, const nlohmann::json& op) {
  std::vector<nlohmann::json> out;
  for (const auto& p : op.value("parameters", nlohmann::json::array())) {
    if (!p.contains("$ref")) {
      out.push_back(p);
      continue;
    }
    const auto ref = p["$ref"].get<std::string>();
    const std::string prefix = "#/components/parameters/";
    REQUIRE(ref.rfind(prefix, 0) == 0);
    out.push_back(doc["components"]["parameters"].at(ref.substr(prefix.size())));
  }
  return out;
}

// The error codes an operation documents under `status`, from its response's description.
bool documents_code(const nlohmann::json& op, const std::string& status, const std::string& code) {
  const auto& responses = op["responses"];
  if (!responses.contains(status)) return false;
  return responses[status].value("description", "").find("`" + code + "`") != std::string::npos;
}

struct routes_fixture {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  shop::shop_runtime runtime{sys, {}, {}, shop::actor_bridge{sys, 1}, {}, {}, {}, {}};
  api_context api{shop::service::shop_service{runtime}};
  std::vector<route> routes = shop_routes(api);
  ~routes_fixture() { runtime.bridge.stop(); }
};

}  // namespace

TEST_CASE("the OpenAPI document names exactly the routes of the route table", "[openapi]") {
  routes_fixture f;
  const auto doc = nlohmann::json::parse(assets::openapi_document());
  REQUIRE(doc.at("openapi").get<std::string>().rfind("3.1", 0) == 0);

  std::set<std::string> in_table;
  for (const auto& r : f.routes)
    in_table.insert(lower(bhttp::to_string(r.method)) + " " + r.pattern);
  std::set<std::string> in_doc;
  for (const auto& [path, item] : doc.at("paths").items())
    for (const auto& [key, op] : item.items())
      if (operation_keys.count(key)) in_doc.insert(key + " " + path);

  for (const auto& r : in_table) {
    INFO("route missing from docs/openapi.json: " << r);
    CHECK(in_doc.count(r) == 1);
  }
  for (const auto& d : in_doc) {
    INFO("docs/openapi.json names a route the table does not have: " << d);
    CHECK(in_table.count(d) == 1);
  }
}

TEST_CASE("each documented operation declares its route's access, path ids and refusals",
          "[openapi]") {
  routes_fixture f;
  const auto doc = nlohmann::json::parse(assets::openapi_document());
  for (const auto& r : f.routes) {
    const auto method = lower(bhttp::to_string(r.method));
    INFO(method << " " << r.pattern);
    const auto path = doc["paths"].find(r.pattern);
    REQUIRE(path != doc["paths"].end());
    const auto op = path->find(method);
    REQUIRE(op != path->end());

    // Access: the security requirement matches who the dispatcher lets in.
    REQUIRE(op->contains("security"));
    const auto& security = (*op)["security"];
    switch (r.who) {
      case access::anyone:
        CHECK(security.empty());
        break;
      case access::customer_self:
        CHECK(security == nlohmann::json::parse(R"([{"customerJwt": []}])"));
        CHECK(documents_code(*op, "401", "UNAUTHORIZED"));
        CHECK(documents_code(*op, "403", "FORBIDDEN"));
        break;
      case access::admin:
        CHECK(security == nlohmann::json::parse(R"([{"adminToken": []}])"));
        CHECK(documents_code(*op, "401", "UNAUTHORIZED"));
        break;
    }

    // Path ids: each {param} is a required path parameter of that name, and a bad one is a 400.
    const auto params = parameters_of(doc, *op);
    for (const auto& name : params_of(r.pattern)) {
      INFO("path parameter " << name);
      bool declared = false;
      for (const auto& p : params)
        declared = declared || (p.value("in", "") == "path" && p.value("name", "") == name &&
                                p.value("required", false));
      CHECK(declared);
      CHECK(documents_code(*op, "400", "INVALID_ARGUMENT"));
    }

    // A body is read as JSON: not an object is a 400, too large a 413.
    if (op->contains("requestBody")) {
      CHECK(documents_code(*op, "400", "INVALID_JSON"));
      CHECK(documents_code(*op, "413", "PAYLOAD_TOO_LARGE"));
    }
  }
}

TEST_CASE("the routes that keep Idempotency-Key answers document the header and its 409",
          "[openapi]") {
  const auto doc = nlohmann::json::parse(assets::openapi_document());
  // API.md: order creation, payment, cancel, charge and coupon issue.
  const std::vector<std::pair<std::string, std::string>> keyed = {
      {"/api/orders", "post"},
      {"/api/orders/{orderId}/payment", "post"},
      {"/api/orders/{orderId}/cancel", "post"},
      {"/api/users/{userId}/balance/charge", "post"},
      {"/api/coupons/{couponId}/issue", "post"}};
  for (const auto& [path, method] : keyed) {
    INFO(method << " " << path);
    const auto& op = doc["paths"].at(path).at(method);
    bool header = false;
    for (const auto& p : parameters_of(doc, op))
      header =
          header || (p.value("in", "") == "header" && p.value("name", "") == "Idempotency-Key");
    CHECK(header);
    CHECK(documents_code(op, "409", "IDEMPOTENCY_KEY_REUSED"));
  }
}
