// Readers: a small pool of detached actors, each with its own connection, that run the blocking
// read queries (entity loads, catalog listing) off the cooperative scheduler. This header holds no
// SQL driver: actors/ and service/ ask the pool through its interface.
#pragma once

#include <caf/fwd.hpp>
#include <caf/optional.hpp>
#include <caf/replies_to.hpp>
#include <caf/typed_actor.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "model/reader_protocol.hpp"
#include "persistence/db_params.hpp"

namespace shop::persistence {

// Persistence stores and loads the values of model/.
using namespace model;

// What the pool answers; its atoms are in model/reader_protocol.hpp. Every message may also fail
// with storage_error::unavailable (no connection, after one reconnect) or rejected (the query
// failed).
using reader_pool = caf::typed_actor<
    // (id): a product and its option ids; none: no such product.
    caf::replies_to<load_product_atom, std::int64_t>::with<caf::optional<product_record>>,
    // (id): an option's row; none: no such option.
    caf::replies_to<load_option_atom, std::int64_t>::with<caf::optional<option_record>>,
    // (id, receipts_since_ms): a user with cart lines, coupons held and the stamps of the
    // idempotency records written since then; none: no such user.
    caf::replies_to<load_user_atom, std::int64_t, std::int64_t>::with<caf::optional<user_record>>,
    // (id): a campaign and the users who hold one of its coupons; none: no such campaign.
    caf::replies_to<load_coupon_atom, std::int64_t>::with<caf::optional<coupon_record>>,
    // (id): an order and its items; none: no such order.
    caf::replies_to<load_order_atom, std::int64_t>::with<caf::optional<order_record>>,
    // A page of one customer's orders, newest first.
    caf::replies_to<list_orders_atom, order_query>::with<order_page>,
    // (now_ms, limit): ids of PENDING orders whose hold ended before now_ms, oldest first.
    caf::replies_to<overdue_orders_atom, std::int64_t,
                    std::int64_t>::with<std::vector<std::int64_t>>,
    // (after_id, limit): paid orders still in the outbox with an id above after_id, oldest first.
    caf::replies_to<undelivered_atom, std::int64_t, std::int64_t>::with<std::vector<order_record>>,
    // A page of the catalog.
    caf::replies_to<list_products_atom, product_query>::with<product_page>,
    // The database answers a query (GET /health).
    caf::replies_to<ping_atom>::with<caf::ok_atom>,
    // (from_ms, to_ms): units sold per product in orders PAID in [from_ms, to_ms).
    caf::replies_to<product_sales_atom, std::int64_t,
                    std::int64_t>::with<std::vector<product_sales>>,
    // The snapshot written last; none before the first popularity batch.
    caf::replies_to<load_popularity_atom>::with<caf::optional<popularity_snapshot>>,
    // How many paid orders wait in the outbox, and since when.
    caf::replies_to<outbox_backlog_atom>::with<outbox_backlog>,
    // (table, ids): the committed version of each row, in the order of ids; -1: no row.
    caf::replies_to<row_versions_atom, table_id,
                    std::vector<std::int64_t>>::with<std::vector<std::int64_t>>,
    // (before_ms, limit): ids of idempotency records created before before_ms, oldest first.
    caf::replies_to<expired_receipts_atom, std::int64_t,
                    std::int64_t>::with<std::vector<std::int64_t>>,
    // (user_id, key, since_ms): the newest record of a user's key created since then; none: the
    // key has no such record.
    caf::replies_to<load_receipt_atom, std::int64_t, std::string,
                    std::int64_t>::with<caf::optional<idempotency_row>>>;

reader_pool spawn_store_readers(caf::actor_system& sys, const db_params& params, unsigned count);

}  // namespace shop::persistence
