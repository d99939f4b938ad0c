#include "metrics/exposition.hpp"

#include <cinttypes>
#include <cstdio>

namespace shop::metrics {
namespace {

void escape_into(std::string& out, std::string_view v) {
  for (char c : v) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
}

std::string number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.15g", v);
  return buf;
}

}  // namespace

void text_writer::family(std::string_view name, std::string_view type, std::string_view help) {
  out_ += "# HELP ";
  out_ += name;
  out_ += ' ';
  out_ += help;  // help texts are ours: no backslashes or newlines
  out_ += "\n# TYPE ";
  out_ += name;
  out_ += ' ';
  out_ += type;
  out_ += '\n';
}

void text_writer::head(std::string_view name, const labels& ls, std::string_view extra_key,
                       std::string_view extra_value) {
  out_ += name;
  if (ls.empty() && extra_key.empty()) {
    out_ += ' ';
    return;
  }
  out_ += '{';
  bool first = true;
  auto one = [&](std::string_view k, std::string_view v) {
    if (!first) out_ += ',';
    first = false;
    out_ += k;
    out_ += "=\"";
    escape_into(out_, v);
    out_ += '"';
  };
  for (const auto& [k, v] : ls) one(k, v);
  if (!extra_key.empty()) one(extra_key, extra_value);
  out_ += "} ";
}

void text_writer::sample(std::string_view name, const labels& ls, double value) {
  head(name, ls);
  out_ += number(value);
  out_ += '\n';
}

void text_writer::sample(std::string_view name, const labels& ls, std::uint64_t value) {
  head(name, ls);
  out_ += std::to_string(value);
  out_ += '\n';
}

void text_writer::sample(std::string_view name, const labels& ls, std::int64_t value) {
  head(name, ls);
  out_ += std::to_string(value);
  out_ += '\n';
}

void text_writer::histogram_samples(std::string_view name, const labels& ls,
                                    const histogram::reading& h, double scale) {
  std::string bucket{name};
  bucket += "_bucket";
  for (std::size_t i = 0; i < h.cumulative.size(); ++i) {
    auto le = i < h.bounds.size() ? number(static_cast<double>(h.bounds[i]) / scale) : "+Inf";
    head(bucket, ls, "le", le);
    out_ += std::to_string(h.cumulative[i]);
    out_ += '\n';
  }
  sample(std::string{name} + "_sum", ls, static_cast<double>(h.sum) / scale);
  sample(std::string{name} + "_count", ls, h.count());
}

void write_counters(text_writer& w, const shop_metrics& m) {
  auto routes = m.routes();
  w.family("shop_http_requests_total", "counter",
           "HTTP requests answered, by method, route pattern and status code.");
  for (const auto* r : routes)
    for (std::size_t i = 0; i < r->by_status.size(); ++i) {
      auto n = r->by_status[i].load(std::memory_order_relaxed);
      if (n == 0) continue;
      auto status = std::to_string(i + 100);
      w.sample("shop_http_requests_total",
               {{"method", r->method}, {"route", r->route}, {"status", status}}, n);
    }
  w.family("shop_http_request_duration_seconds", "histogram",
           "Time from a parsed request to its answer handed to the connection, by route.");
  for (const auto* r : routes) {
    auto h = r->latency.read();
    if (h.count() == 0) continue;
    w.histogram_samples("shop_http_request_duration_seconds",
                        {{"method", r->method}, {"route", r->route}}, h, 1e6);
  }

  w.family("shop_actor_activations_total", "counter",
           "Entity actors activated (spawned and loaded), by kind.");
  for (std::size_t k = 1; k < entity_kind_labels.size(); ++k)
    w.sample("shop_actor_activations_total", {{"kind", entity_kind_labels[k]}},
             m.activations[k].value());
  w.family("shop_actor_passivations_total", "counter",
           "Entity actors that ended (idle passivation or a reload), by kind.");
  for (std::size_t k = 1; k < entity_kind_labels.size(); ++k)
    w.sample("shop_actor_passivations_total", {{"kind", entity_kind_labels[k]}},
             m.passivations[k].value());
  w.family("shop_actor_probe_timeouts_total", "counter",
           "Entity actors that did not answer a scrape's mailbox probe within its deadline.");
  w.sample("shop_actor_probe_timeouts_total", {}, m.probe_timeouts.value());

  w.family("shop_journal_batch_units", "histogram", "Journal units committed per transaction.");
  w.histogram_samples("shop_journal_batch_units", {}, m.journal_batch_units.read());
  w.family("shop_journal_commit_duration_seconds", "histogram",
           "Duration of one journal transaction, first statement to COMMIT.");
  w.histogram_samples("shop_journal_commit_duration_seconds", {}, m.journal_commit_us.read(), 1e6);
  w.family("shop_journal_committed_units_total", "counter", "Journal units committed.");
  w.sample("shop_journal_committed_units_total", {}, m.journal_committed_units.value());
  w.family("shop_journal_rejected_units_total", "counter",
           "Journal units the database refused for good (their clients got 500).");
  w.sample("shop_journal_rejected_units_total", {}, m.journal_rejected_units.value());
  w.family("shop_journal_fenced_units_total", "counter",
           "Journal units refused by the cluster's fence: a shard they claim changed owner "
           "(their clients got 503).");
  w.sample("shop_journal_fenced_units_total", {}, m.journal_fenced_units.value());
  w.family("shop_db_retries_total", "counter",
           "Work run again after a lost connection: journal batches and reader queries.");
  w.sample("shop_db_retries_total", {{"component", "journal"}}, m.journal_retries.value());
  w.sample("shop_db_retries_total", {{"component", "reader"}}, m.reader_retries.value());
  w.family(
      "shop_db_errors_total", "counter",
      "Database errors, by component and kind (unavailable: connection; rejected: statement).");
  w.sample("shop_db_errors_total", {{"component", "journal"}, {"kind", "unavailable"}},
           m.journal_db_unavailable.value());
  w.sample("shop_db_errors_total", {{"component", "journal"}, {"kind", "rejected"}},
           m.journal_db_rejected.value());
  w.sample("shop_db_errors_total", {{"component", "reader"}, {"kind", "unavailable"}},
           m.reader_db_unavailable.value());
  w.sample("shop_db_errors_total", {{"component", "reader"}, {"kind", "rejected"}},
           m.reader_db_rejected.value());

  w.family("shop_delivery_failures_total", "counter",
           "Failed attempts to deliver a paid order to the data platform.");
  w.sample("shop_delivery_failures_total", {}, m.delivery_failures.value());
  w.family("shop_delivery_next_retry_timestamp_seconds", "gauge",
           "When the earliest scheduled retry of a failed delivery is due (0: none scheduled "
           "yet; a past time: it has run).");
  w.sample("shop_delivery_next_retry_timestamp_seconds", {},
           static_cast<double>(m.delivery_next_retry_ms.value()) / 1000.0);

  w.family("shop_coupons_issued_total", "counter", "Coupons issued to users.");
  w.sample("shop_coupons_issued_total", {}, m.coupons_issued.value());
  w.family("shop_coupon_campaigns_sold_out_total", "counter",
           "Coupon campaigns that issued their last coupon.");
  w.sample("shop_coupon_campaigns_sold_out_total", {}, m.coupon_campaigns_sold_out.value());
  w.family("shop_coupon_sold_out_refusals_total", "counter",
           "Coupon issues refused because the campaign was sold out.");
  w.sample("shop_coupon_sold_out_refusals_total", {}, m.coupon_sold_out_refusals.value());

  w.family("shop_order_state_changes_total", "counter",
           "Committed order state changes, by the state moved to (PENDING: created).");
  for (std::size_t i = 0; i < order_states.size(); ++i)
    w.sample("shop_order_state_changes_total", {{"state", order_states[i]}},
             m.order_state_changes[i].value());

  w.family("shop_popularity_runs_total", "counter", "Popularity batch runs, by result.");
  w.sample("shop_popularity_runs_total", {{"result", "ok"}}, m.popularity_runs_ok.value());
  w.sample("shop_popularity_runs_total", {{"result", "failed"}}, m.popularity_runs_failed.value());
  w.family("shop_popularity_snapshot_as_of_timestamp_seconds", "gauge",
           "Batch time of the newest popularity snapshot (0: none yet).");
  w.sample("shop_popularity_snapshot_as_of_timestamp_seconds", {},
           static_cast<double>(m.popularity_as_of_ms.value()) / 1000.0);
  w.family("shop_popularity_snapshot_written_timestamp_seconds", "gauge",
           "When the newest popularity snapshot was written (0: none yet).");
  w.sample("shop_popularity_snapshot_written_timestamp_seconds", {},
           static_cast<double>(m.popularity_written_at_ms.value()) / 1000.0);

  w.family("shop_cluster_nodes", "gauge", "Cluster nodes by status, as this node last read them.");
  w.sample("shop_cluster_nodes", {{"status", "UP"}}, m.cluster_nodes_up.value());
  w.sample("shop_cluster_nodes", {{"status", "LEAVING"}}, m.cluster_nodes_leaving.value());
  w.sample("shop_cluster_nodes", {{"status", "DEAD"}}, m.cluster_nodes_dead.value());
  w.family("shop_cluster_shards_owned", "gauge", "Shards this node owns now.");
  w.sample("shop_cluster_shards_owned", {}, m.cluster_shards_owned.value());
  w.family("shop_cluster_forwards_total", "counter",
           "Requests for entities owned by another node, by outcome (failed: the peer went "
           "down; retried: the shard had moved).");
  w.sample("shop_cluster_forwards_total", {{"outcome", "sent"}}, m.cluster_forwards.value());
  w.sample("shop_cluster_forwards_total", {{"outcome", "failed"}},
           m.cluster_forwards_failed.value());
  w.sample("shop_cluster_forwards_total", {{"outcome", "retried"}},
           m.cluster_forwards_retried.value());
  w.family("shop_cluster_forward_duration_seconds", "histogram",
           "Round trip of a request answered by another node, as the HTTP front saw it.");
  w.histogram_samples("shop_cluster_forward_duration_seconds", {}, m.cluster_forward_us.read(),
                      1e6);
  w.family("shop_cluster_shard_moves_total", "counter",
           "Shards this node gave up (handoff) or took from a dead or leaving node (takeover).");
  w.sample("shop_cluster_shard_moves_total", {{"kind", "handoff"}}, m.cluster_handoffs.value());
  w.sample("shop_cluster_shard_moves_total", {{"kind", "takeover"}}, m.cluster_takeovers.value());
}

}  // namespace shop::metrics
