#include "actors/entities/coupon_campaign_actor.hpp"

#include <unordered_set>

#include "actors/entities/receipt.hpp"
#include "actors/entities/user_actor.hpp"
#include "actors/hosting/clock.hpp"
#include "actors/hosting/entity_create.hpp"
#include "actors/hosting/entity_lifecycle.hpp"
#include "actors/hosting/entity_spawn.hpp"
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
  shared_context ctx;
  coupon_row row;
  std::unordered_set<std::int64_t> holders;
  std::int64_t next_id = 0;  // ids [next_id, end_id) are ours to hand out
  std::int64_t end_id = 0;
  static inline const char* name = "coupon_campaign";
};

using campaign_self = coupon_campaign_actor::stateful_pointer<campaign_state>;

// Issues one coupon to `user` (the rules were checked and an id is at hand).
void issue(campaign_self self, std::int64_t user, const receipt_ticket& ticket,
           caf::response_promise rp) {
  auto& st = self->state;
  auto now = wall_clock_ms();
  // Re-checked: other issues may have landed while an id block was on its way.
  if (auto refusal = rules::issue_refusal(st.row, st.holders.count(user) > 0, now))
    return rp.deliver(make_error(*refusal)), void();
  if (!admit_write(st.life, st.ctx->journal))
    return rp.deliver(make_error(shop_error::unavailable)), void();
  ++st.row.issued_quantity;
  ++st.row.version;
  const bool last_one = st.row.issued_quantity == st.row.total_quantity;
  st.holders.insert(user);
  user_coupon_row uc{st.next_id++,
                     user,
                     st.row.id,
                     model::coupon_status::available,
                     now,
                     st.row.expires_at_ms,
                     0,
                     1,
                     st.row.name,
                     st.row.discount_type,
                     st.row.discount_value};
  model::journal_unit unit{{persistence::to_image(st.row), persistence::to_image(uc)}};
  if (!ticket.key.empty()) unit.rows.push_back(persistence::to_image(receipt_record(ticket, uc)));
  persist(self, st.life, st.ctx->journal, std::move(unit),
          [self, rp, uc, last_one](caf::error err) mutable {
            if (err) return rp.deliver(std::move(err)), void();
            metrics::global().coupons_issued.inc();
            if (last_one) metrics::global().coupon_campaigns_sold_out.inc();
            auto notice = self->state.ctx->registry.route_if_live<user_actor>(
                uc.user_id, coupon_issued_atom::value, uc);
            send_untyped(self, notice.shard, std::move(notice.msg));
            rp.deliver(uc);
          });
}

coupon_campaign_actor::behavior_type running(campaign_self self) {
  return entity_behavior(
      self, self->state.life, idle_wake(self, self->state.life),
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
        self->request(st.ctx->ids, caf::infinite, next_id_atom::value,
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
      });
}

coupon_campaign_actor::behavior_type absent(campaign_self self, caf::error err) {
  self->state.life.ttl = self->state.ctx->absent_ttl;
  return entity_behavior(
      self, self->state.life, idle_wake(self, self->state.life), absent_inspect(self->state.life),
      [=](view_atom) -> caf::result<coupon_row> { return err; },
      [=](issue_coupon_atom, std::int64_t, const receipt_ticket&) -> caf::result<user_coupon_row> {
        return err;
      },
      [=](create_atom, const coupon_row& row) -> caf::result<coupon_row> {
        if (err != make_error(shop_error::coupon_not_found)) return err;
        return create_from_absent(self, row, running);
      });
}

coupon_campaign_actor::behavior_type activate(campaign_self self, std::int64_t id,
                                              bool /* fresh */) {
  activate_from_row<model::coupon_record>(
      self, self->state.life, *self->state.ctx, std::make_tuple(model::load_coupon_atom::value, id),
      make_error(shop_error::coupon_not_found),
      [=](model::coupon_record rec) {
        auto& st = self->state;
        st.row = std::move(rec.row);
        st.holders.insert(rec.holders.begin(), rec.holders.end());
        // The user_coupons rows are the truth: a count that drifted from them heals here.
        st.row.issued_quantity = static_cast<std::int64_t>(st.holders.size());
      },
      [=](caf::error err) { return absent(self, std::move(err)); });
  return running(self);
}

}  // namespace

caf::actor spawn_coupon_campaign(caf::local_actor* parent, std::int64_t id,
                                 const shared_context& ctx, model::shard_claim claim, bool fresh) {
  return spawn_entity<coupon_campaign_actor, campaign_state>(parent, id, ctx, claim, fresh,
                                                             activate);
}

}  // namespace shop
