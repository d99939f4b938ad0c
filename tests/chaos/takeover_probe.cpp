#include "tests/chaos/takeover_probe.hpp"

#include <algorithm>
#include <thread>

#include "tests/support/http_client.hpp"
#include "tests/support/server_process.hpp"

namespace shop::chaos {
namespace {

std::optional<std::string> owner_of(const test::node_fleet& fleet, std::size_t node,
                                    std::int64_t user) {
  try {
    auto r = test::http_call(
        fleet.port(node), "GET", "/admin/actors/user/" + std::to_string(user) + "?activate=true",
        "", test::server_process::admin_headers(), std::chrono::milliseconds(2000));
    if (r.status != 200) return std::nullopt;
    auto j = r.json();
    if (!j.contains("node") || !j.at("node").is_string()) return std::nullopt;
    return j.at("node").get<std::string>();
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace

std::optional<takeover_probe> probe_customer_of(const shop_world& w, const test::node_fleet& fleet,
                                                std::size_t victim, std::mt19937& rng) {
  if (fleet.size() < 2) return std::nullopt;
  std::vector<const customer*> sample;
  for (const auto& c : w.customers) sample.push_back(&c);
  std::shuffle(sample.begin(), sample.end(), rng);
  if (sample.size() > 40) sample.resize(40);
  for (const auto* c : sample)
    if (owner_of(fleet, victim, c->id) == fleet.name(victim))
      return takeover_probe{c->id, c->token, (victim + 1) % fleet.size()};
  return std::nullopt;
}

std::optional<long> time_to_first_answer(const takeover_probe& p, const test::node_fleet& fleet,
                                         std::chrono::steady_clock::time_point since,
                                         std::chrono::milliseconds limit) {
  const auto target = "/api/users/" + std::to_string(p.user) + "/balance";
  const test::header_list auth{{"Authorization", "Bearer " + p.token}};
  for (;;) {
    const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - since);
    if (waited > limit) return std::nullopt;
    try {
      if (test::http_call(fleet.port(p.via), "GET", target, "", auth,
                          std::chrono::milliseconds(2000))
              .status == 200)
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::steady_clock::now() - since)
            .count();
    } catch (const std::exception&) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace shop::chaos
