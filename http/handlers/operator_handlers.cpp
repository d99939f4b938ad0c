#include "http/handlers/operator_handlers.hpp"

#include <boost/version.hpp>
#include <caf/config.hpp>
#include <charconv>

#include "http/json_input.hpp"
#include "metrics/exposition.hpp"
#include "service/operations.hpp"

namespace shop::http {

using boost::beast::http::status;

namespace {

constexpr std::int64_t default_list_limit = 100;
constexpr std::int64_t max_list_limit = 1000;

std::string caf_version() {
  return std::to_string(CAF_VERSION / 10000) + "." + std::to_string(CAF_VERSION / 100 % 100) + "." +
         std::to_string(CAF_VERSION % 100);
}

nlohmann::json value_json(const model::column_value& v) {
  using K = model::column_value;
  switch (v.kind) {
    case K::integer:
      return v.number;
    case K::text:
      return v.str;
    case K::time_ms:
      return format_time(v.number);
    default:
      return nullptr;
  }
}

void inspect_actor(api_context& api, const call_ptr& c, entity_kind kind) {
  auto activate = c->query("activate").value_or("false");
  if (activate != "true" && activate != "false")
    return c->fail(shop_error::invalid_argument, "activate must be true or false");
  service::inspect_actor(api.shop, key_of(kind, c->path_id(0)), activate == "true",
                         [c](caf::expected<entity_report> r) {
                           if (!r) return c->fail(r.error());
                           c->reply(status::ok, report_json(*r));
                         });
}

}  // namespace

std::string metrics_text(const operator_gauges& g) {
  metrics::text_writer w;
  const auto caf = caf_version();
  w.family("shop_build_info", "gauge", "Always 1; the labels name the build.");
  w.sample("shop_build_info",
           {{"version", metrics::version()},
            {"caf", caf},
            {"boost", BOOST_LIB_VERSION},
            {"build", metrics::build()}},
           std::int64_t{1});
  metrics::write_counters(w, metrics::global());

  auto per_kind = [&](const char* name, const char* help, auto field) {
    w.family(name, "gauge", help);
    for (std::uint8_t k = 1; k < metrics::entity_kind_labels.size(); ++k) {
      std::int64_t v = 0;
      for (const auto& kg : g.kinds)
        if (kg.kind == k) v = field(kg);
      w.sample(name, {{"kind", metrics::entity_kind_labels[k]}}, v);
    }
  };
  per_kind("shop_actors_live", "Entity actors live now, by kind.",
           [](const kind_gauge& k) { return k.live; });
  per_kind("shop_actor_mailbox_max_depth", "The deepest mailbox of a live entity actor, by kind.",
           [](const kind_gauge& k) { return k.max_depth; });
  per_kind("shop_actor_mailbox_queued_messages",
           "Messages waiting in the mailboxes of live entity actors, summed by kind.",
           [](const kind_gauge& k) { return k.queued; });

  w.family("shop_journal_queue_depth", "gauge",
           "Journal units admitted and not yet answered (queued or committing).");
  w.sample("shop_journal_queue_depth", {}, g.journal_queued);
  w.family("shop_journal_queue_capacity", "gauge",
           "Journal units admitted at most; beyond, writes are answered 503.");
  w.sample("shop_journal_queue_capacity", {}, g.journal_capacity);
  w.family("shop_journal_oldest_unsaved_age_seconds", "gauge",
           "Age of the oldest change waiting for its commit (0: none waits).");
  const auto oldest = g.journal_oldest_pending_ms;
  w.sample(
      "shop_journal_oldest_unsaved_age_seconds", {},
      oldest ? static_cast<double>(std::max<std::int64_t>(0, now_ms() - oldest)) / 1000.0 : 0.0);
  w.family("shop_database_up", "gauge", "1 while the journal can reach the database.");
  w.sample("shop_database_up", {}, std::int64_t{g.database_up ? 1 : 0});
  if (g.outbox_known) {
    w.family("shop_outbox_pending", "gauge",
             "Paid orders not yet delivered to the data platform (order_outbox rows).");
    w.sample("shop_outbox_pending", {}, g.outbox.pending);
    w.family("shop_outbox_oldest_age_seconds", "gauge",
             "Age of the oldest undelivered paid order (0: none).");
    auto age = g.outbox.oldest_created_at_ms ? (now_ms() - g.outbox.oldest_created_at_ms) : 0;
    w.sample("shop_outbox_oldest_age_seconds", {}, static_cast<double>(age) / 1000.0);
  }
  return w.take();
}

nlohmann::json report_json(const entity_report& r) {
  auto type = kind_name(r.key.kind);
  nlohmann::json j = {{"type", type},
                      {"id", r.key.id},
                      {"key", std::string{type} + "/" + std::to_string(r.key.id)},
                      {"answered", r.answered}};
  if (!r.node.empty()) j["node"] = r.node;
  if (!r.answered) return j;
  auto state = nlohmann::json::object();
  for (const auto& f : r.state) state[f.name] = value_json(f.value);
  j["activatedAt"] = format_time(r.activated_at_ms);
  j["mailboxDepth"] = r.mailbox_depth;
  j["inFlight"] = r.in_flight;
  j["passivating"] = r.passivating;
  j["version"] = r.version;
  j["persistedVersion"] =
      r.persisted_version < 0 ? nlohmann::json(nullptr) : nlohmann::json(r.persisted_version);
  j["state"] = std::move(state);
  return j;
}

void scrape_metrics(api_context& api, const call_ptr& c) {
  service::operator_gauges_now(api.shop, [c](caf::expected<operator_gauges> g) {
    // Without the actors' answer the counters are still worth a scrape.
    c->reply_text(status::ok, metrics::content_type, metrics_text(g ? *g : operator_gauges{}));
  });
}

void list_live_actors(api_context& api, const call_ptr& c) {
  auto type = c->query("type");
  auto kind = type ? kind_named(*type) : std::nullopt;
  if (!kind)
    return c->fail(shop_error::invalid_argument,
                   "type must be one of product, option, user (wallet), coupon (campaign), order");
  std::int64_t limit = default_list_limit;
  if (auto l = c->query("limit")) {
    auto [end, ec] = std::from_chars(l->data(), l->data() + l->size(), limit);
    if (ec != std::errc{} || end != l->data() + l->size() || limit < 1 || limit > max_list_limit)
      return c->fail(shop_error::invalid_argument, "limit must be in 1..1000");
  }
  service::live_actors(
      api.shop, *kind, limit,
      [c, type = std::string{kind_name(*kind)}](caf::expected<std::vector<entity_report>> all) {
        if (!all) return c->fail(all.error());
        auto actors = nlohmann::json::array();
        for (const auto& r : *all) actors.push_back(report_json(r));
        c->reply(status::ok, {{"type", type}, {"count", actors.size()}, {"actors", actors}});
      });
}

void inspect_product_actor(api_context& api, const call_ptr& c) {
  inspect_actor(api, c, entity_kind::product);
}
void inspect_option_actor(api_context& api, const call_ptr& c) {
  inspect_actor(api, c, entity_kind::option);
}
void inspect_user_actor(api_context& api, const call_ptr& c) {
  inspect_actor(api, c, entity_kind::user);
}
void inspect_coupon_actor(api_context& api, const call_ptr& c) {
  inspect_actor(api, c, entity_kind::coupon);
}
void inspect_order_actor(api_context& api, const call_ptr& c) {
  inspect_actor(api, c, entity_kind::order);
}

}  // namespace shop::http
