// A campaign's terms and the rules' verdict on them, before any actor is asked.
#include "service/campaign_terms.hpp"

#include <catch2/catch.hpp>

#include "actors/hosting/clock.hpp"

using namespace shop;

namespace {

constexpr std::int64_t day_ms = 86'400'000;

}  // namespace

TEST_CASE("a new campaign's row carries its terms, nothing issued, version 1",
          "[service][coupons]") {
  const service::campaign_terms t{"10% off", "RATE", 10, 50, 1000, 2000};
  const auto row = service::campaign_row(t, 1500);
  CHECK(row.id == 0);
  CHECK(row.name == "10% off");
  CHECK(row.discount_type == "RATE");
  CHECK(row.discount_value == 10);
  CHECK(row.total_quantity == 50);
  CHECK(row.issued_quantity == 0);
  CHECK(row.starts_at_ms == 1000);
  CHECK(row.expires_at_ms == 2000);
  CHECK(row.created_at_ms == 1500);
  CHECK(row.version == 1);
}

TEST_CASE("a campaign that has already expired is refused, a running one is not",
          "[service][coupons]") {
  service::campaign_terms t{"10% off", "RATE", 10, 5, 0, wall_clock_ms() + day_ms};
  CHECK_FALSE(service::campaign_problem(t));
  t.expires_at_ms = wall_clock_ms() - day_ms;
  CHECK(service::campaign_problem(t));
}
