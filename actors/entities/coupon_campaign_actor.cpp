#include "actors/entities/coupon_campaign_actor.hpp"

#include <unordered_set>

#include "actors/hosting/clock.hpp"
#include "actors/hosting/entity_lifecycle.hpp"
#include "actors/entities/receipt.hpp"
#include "actors/rules/coupon.hpp"
#include "metrics/metrics.hpp"
#include "model/reader_protocol.hpp"
#include "persistence/tables.hpp"

namespace shop {
namespace {

using model::coupon_row;
using model::user_coupon_row;

constexpr std::int64_t id_block = 256;  // user_coupons ids taken from the allocator at a time

struct campaign_state {
  entity_life life;
  entity_context ctx;
  coupon_row row;
  std::unordered_set<std::int64_t> holders;
  std::int64_t next_id = 0;  // ids [next_id, end_id) are ours to hand out
  std::int64_t end_id = 0;
  static inline const char* name = "coupon_campaign";
};

using campaign_actor = caf::stateful_actor<campaign_state>;

// Issues one coupon to `user` (the rules were checked and an id is at hand).
void issue(campaign_actor* self, std::int64_t user, const receipt_ticket& ticket,
           caf::response_promise rp) {
  auto& st = self->state;
  auto now = wall_clock_ms();
  // Re-checked: other issues may have landed while an id block was on its way.
  if (auto refusal = rules::issue_refusal(st.row, st.holders.count(user) > 0, now))
    return rp.deliver(make_error(*refusal)), void();
  if (!admit_write(st.life, st.ctx.journal))
    return rp.deliver(make_error(shop_error::unavailable)), void();
  ++st.row.issued_quantity;
  ++st.row.version;
  const bool last_one = st.row.issued_quantity == st.row.total_quantity;
  st.holders.insert(user);
  user_coupon_row uc{st.next_id++,         user, st.row.id, "AVAILABLE", now,
                     st.row.expires_at_ms, 0,    1,         st.row.name, st.row.discount_type,
                     st.row.discount_value};
  model::journal_unit unit{{persistence::to_image(st.row), persistence::to_image(uc)}};
  if (!ticket.key.empty()) unit.rows.push_back(persistence::to_image(receipt_record(ticket, uc)));
  persist(self, st.life, st.ctx.journal, std::move(unit),
          [self, rp, uc, last_one](caf::error err) mutable {
            if (err) return rp.deliver(std::move(err)), void();
            metrics::global().coupons_issued.inc();
            if (last_one) metrics::global().coupon_campaigns_sold_out.inc();
            auto k = key_of(entity_kind::user, uc.user_id);
            self->send(self->state.ctx.registry.shard_for(k),
                       entity_registry::routed_if_live(k, coupon_issued_atom::value, uc));
            rp.deliver(uc);
          });
}

caf::behavior running(campaign_actor* self) {
  return caf::message_handler{
      [=](view_atom) {
        self->state.life.touch();
        return self->state.row;
      },
      [=](issue_coupon_atom, std::int64_t user,
          const receipt_ticket& ticket) -> caf::result<user_coupon_row> {
        auto& st = self->state;
        st.life.touch();
        // Refusals are answered from memory, before anything else.
        if (auto refusal =
                rules::issue_refusal(st.row, st.holders.count(user) > 0, wall_clock_ms())) {
          if (*refusal == shop_error::coupon_sold_out)
            metrics::global().coupon_sold_out_refusals.inc();
          return make_error(*refusal);
        }
        auto rp = self->make_response_promise();
        if (st.next_id < st.end_id) {
          issue(self, user, ticket, rp);
          return rp;
        }
        // Out of ids: take a block; nothing else is handled until it arrives (await), so
        // issues stay in arrival order.
        self->request(st.ctx.ids, caf::infinite, next_id_atom::value,
                      static_cast<std::uint8_t>(model::table_id::user_coupons), id_block)
            .await(
                [=](std::int64_t first) {
                  self->state.next_id = first;
                  self->state.end_id = first + id_block;
                  issue(self, user, ticket, rp);
                },
                [=](caf::error& e) mutable { rp.deliver(std::move(e)); });
        return rp;
      },
      [=](create_atom, const coupon_row&) -> caf::result<coupon_row> {
        return make_error(shop_error::invalid_argument);  // ids are never reused
      },
      [=](inspect_atom) {
        auto& st = self->state;
        return report_of(self, st.life, st.row.version, describe(st.row, st.holders.size()));
      },
  }
      .or_else(lifecycle_handlers(self, self->state.life));
}

caf::result<coupon_row> create(campaign_actor* self, const coupon_row& row) {
  auto& st = self->state;
  if (!admit_write(st.life, st.ctx.journal)) return make_error(shop_error::unavailable);
  st.row = row;
  st.life.ttl = st.ctx.idle_ttl;
  self->become(running(self));
  return persist_and_reply(self, st.life, st.ctx.journal, {{persistence::to_image(row)}}, row);
}

caf::behavior absent(campaign_actor* self, caf::error err) {
  self->state.life.ttl = self->state.ctx.absent_ttl;
  return caf::message_handler{
      [=](view_atom) -> caf::result<coupon_row> { return err; },
      [=](issue_coupon_atom, std::int64_t, const receipt_ticket&) -> caf::result<user_coupon_row> {
        return err;
      },
      [=](create_atom, const coupon_row& row) -> caf::result<coupon_row> {
        if (err != make_error(shop_error::coupon_not_found)) return err;
        return create(self, row);
      },
  }
      .or_else(lifecycle_handlers(self, self->state.life));
}

caf::behavior coupon_campaign(campaign_actor* self, std::int64_t id, entity_context ctx,
                              caf::actor shard) {
  auto& st = self->state;
  st.ctx = std::move(ctx);
  st.life.key = key_of(entity_kind::coupon, id);
  st.life.shard = std::move(shard);
  st.life.ttl = st.ctx.idle_ttl;
  activate_from_row<model::coupon_record>(
      self, st.life, st.ctx, caf::make_message(model::load_coupon_atom::value, id),
      make_error(shop_error::coupon_not_found),
      [=](model::coupon_record rec) {
        self->state.row = std::move(rec.row);
        self->state.holders.insert(rec.holders.begin(), rec.holders.end());
        // The user_coupons rows are the truth: a count that drifted from them heals here.
        self->state.row.issued_quantity = static_cast<std::int64_t>(self->state.holders.size());
      },
      [=](caf::error err) { return absent(self, std::move(err)); });
  return running(self);
}

}  // namespace

caf::actor spawn_coupon_campaign(caf::local_actor* parent, std::int64_t id,
                                 const entity_context& ctx) {
  return parent->spawn(coupon_campaign, id, ctx, caf::actor_cast<caf::actor>(parent));
}

}  // namespace shop
