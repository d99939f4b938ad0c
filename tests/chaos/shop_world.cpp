#include "tests/chaos/shop_world.hpp"

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <thread>

#include "tests/support/http_client.hpp"
#include "tests/support/instants.hpp"
#include "tests/support/server_process.hpp"

namespace shop::chaos {
namespace {

using nlohmann::json;

// An operator request that must succeed with `expected`. Runs while every node is up, so a
// failure is retried on the next node for a while (a node may still be settling after a fault);
// a retried create that had acted leaves a duplicate nobody uses, which the audit never reads.
json operator_call(const test::node_fleet& fleet, const std::string& method,
                   const std::string& target, const json& body, int expected) {
  std::string last = "no attempt";
  for (int attempt = 0; attempt < 60; ++attempt) {
    const auto port = fleet.port(static_cast<std::size_t>(attempt) % fleet.size());
    try {
      const auto r =
          test::http_call(port, method, target, body.dump(), test::server_process::admin_headers());
      if (r.status == expected) return r.json();
      last = std::to_string(r.status) + " " + r.body;
      if (r.status != 503) break;
    } catch (const std::exception& e) {
      last = e.what();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  throw std::runtime_error(method + " " + target + " " + body.dump() + ": expected " +
                           std::to_string(expected) + ", got " + last);
}

}  // namespace

shop_world build_world(const test::node_fleet& fleet, int users, int products, std::mt19937& rng) {
  shop_world w;
  constexpr std::int64_t initial_balance = 200000;
  for (int i = 0; i < users; ++i) {
    const auto j = operator_call(
        fleet, "POST", "/admin/users",
        {{"name", "chaos-" + std::to_string(i)}, {"initialBalance", initial_balance}}, 201);
    w.customers.push_back(
        {j.at("userId").get<std::int64_t>(), j.at("token").get<std::string>(), initial_balance});
  }
  std::uniform_int_distribution<int> thousands(5, 30);
  for (int p = 0; p < products; ++p) {
    const std::int64_t price = 1000 * thousands(rng);
    const json options = json::array({{{"name", "S"}, {"additionalPrice", 0}, {"stock", 30}},
                                      {{"name", "L"}, {"additionalPrice", 2000}, {"stock", 30}}});
    const auto j = operator_call(fleet, "POST", "/admin/products",
                                 {{"name", "chaos product " + std::to_string(p)},
                                  {"description", "under fault injection"},
                                  {"category", "chaos"},
                                  {"price", price},
                                  {"available", true},
                                  {"options", options}},
                                 201);
    const auto product = j.at("productId").get<std::int64_t>();
    for (const auto& o : j.at("options"))
      w.options.push_back({o.at("optionId").get<std::int64_t>(), product,
                           price + o.at("additionalPrice").get<std::int64_t>(),
                           o.at("stock").get<std::int64_t>()});
  }
  return w;
}

void open_campaigns(shop_world& w, const test::node_fleet& fleet, int cycle, int count,
                    std::int64_t total) {
  w.open.clear();
  const auto expires = test::rfc3339(test::now_ms() + 24LL * 3600 * 1000);
  for (int i = 0; i < count; ++i) {
    const bool rate = (w.campaigns.size() % 2) == 0;
    const auto j = operator_call(fleet, "POST", "/admin/coupons",
                                 {{"name", "chaos " + std::string(rate ? "10%" : "3000 won") +
                                               " #" + std::to_string(w.campaigns.size())},
                                  {"discountType", rate ? "RATE" : "AMOUNT"},
                                  {"discountValue", rate ? 10 : 3000},
                                  {"totalQuantity", total},
                                  {"expiresAt", expires}},
                                 201);
    const auto id = j.at("couponId").get<std::int64_t>();
    w.campaigns.push_back({id, total, cycle});
    w.open.push_back(id);
  }
}

}  // namespace shop::chaos
