// The sales totals on the real MariaDB: written by the journal with each payment's unit, folded
// between batches, and read by the catalog's popular sort and an option's activation.
#include "persistence/sales_fold.hpp"

#include <cppconn/resultset.h>
#include <cppconn/statement.h>

#include <atomic>
#include <caf/all.hpp>
#include <catch2/catch.hpp>
#include <map>
#include <thread>

#include "model/message_types.hpp"
#include "model/storage_error.hpp"
#include "persistence/catalog_queries.hpp"
#include "persistence/journal_store.hpp"
#include "persistence/journal_writer.hpp"
#include "persistence/migrations.hpp"
#include "persistence/tables.hpp"
#include "tests/support/test_database.hpp"
#include "tests/support/wait_until.hpp"

using namespace shop;
using namespace shop::persistence;

namespace {

struct line {
  std::int64_t option;
  std::int64_t quantity;
};

// Products 1, 2, 3 (3 the newest), each option with 100 units received: 11 and 12 of product 1,
// 21 of product 2, 31 of product 3.
void insert_catalog() {
  for (int p = 1; p <= 3; ++p)
    test::execute(
        "INSERT INTO products (id, name, description, category, price, available,"
        " created_at, version) VALUES (" +
        std::to_string(p) + ", 'p" + std::to_string(p) + "', '', 'c', 1000, 1, '2026-11-0" +
        std::to_string(p) + " 10:00:00.000', 1)");
  for (auto [id, product] : {std::pair{11, 1}, {12, 1}, {21, 2}, {31, 3}})
    test::execute(
        "INSERT INTO product_options (id, product_id, name, additional_price, stock,"
        " reserved_stock, received, version) VALUES (" +
        std::to_string(id) + ", " + std::to_string(product) + ", 'o', 0, 100, 0, 100, 1)");
}

// An order as the journal leaves it; item ids are the order's id * 10 + line.
void insert_order(std::int64_t id, const std::string& status, const std::vector<line>& lines) {
  const auto n = std::to_string(id);
  test::execute(
      "INSERT INTO orders (id, user_id, status, total_amount, discount_amount, paid_amount,"
      " user_coupon_id, created_at, expires_at, paid_at, version) VALUES (" +
      n + ", 7, '" + status +
      "', 1000, 0, 0, NULL, '2026-11-23 10:15:30.000',"
      " '2026-11-23 10:25:30.000', " +
      (status == "PAID" ? "'2026-11-23 10:20:30.000'" : "NULL") + ", 1)");
  for (std::size_t k = 0; k < lines.size(); ++k)
    test::execute(
        "INSERT INTO order_items (id, order_id, product_id, product_option_id, product_name,"
        " option_name, unit_price, quantity, version) VALUES (" +
        std::to_string(id * 10 + k) + ", " + n + ", " + std::to_string(lines[k].option / 10) +
        ", " + std::to_string(lines[k].option) + ", 'p', 'o', 1000, " +
        std::to_string(lines[k].quantity) + ", 1)");
}

struct figures {
  std::int64_t stock, reserved;
  bool operator==(const figures& o) const { return stock == o.stock && reserved == o.reserved; }
};

std::map<std::int64_t, figures> option_figures() {
  auto con = test::test_connection();
  std::map<std::int64_t, figures> out;
  for (std::int64_t id : {11, 12, 21, 31}) {
    auto rec = load_option(*con, id);
    REQUIRE(rec);
    out[id] = {rec->row.stock, rec->row.reserved_stock};
  }
  return out;
}

std::vector<std::int64_t> popular_ids() {
  auto con = test::test_connection();
  product_query q;
  q.sort = product_sort::popular;
  std::vector<std::int64_t> ids;
  for (const auto& p : list_products(*con, q).items) ids.push_back(p.id);
  return ids;
}

std::map<std::int64_t, std::int64_t> totals() {
  std::map<std::int64_t, std::int64_t> out;
  for (std::int64_t id : {11, 12, 21, 31})
    if (auto sold = test::query_int("SELECT COALESCE(SUM(sold), -1) FROM option_sales WHERE"
                                    " option_id = " +
                                    std::to_string(id));
        sold >= 0)
      out[id] = sold;
  return out;
}

// Rows not folded yet: one per order and option sold.
std::int64_t order_rows() {
  return test::query_int("SELECT COUNT(*) FROM option_sales WHERE order_id > 0");
}

using totals_t = std::map<std::int64_t, std::int64_t>;

struct fixture {
  fixture() {
    test::migrated_database();  // also initializes the driver, which the writer's thread needs
    insert_catalog();
    journal = spawn_journal_writer(sys, test::test_db_params(), {}, 100);
  }
  ~fixture() { stop(); }

  void stop() {
    if (!journal.writer) return;
    caf::scoped_actor self{sys};
    self->monitor(journal.writer);
    caf::anon_send_exit(journal.writer, caf::exit_reason::user_shutdown);
    self->receive([](const caf::down_msg&) {});
    journal.writer = nullptr;
  }

  // A payment's sales (option, product, units) for order `order`, committed as the journal
  // commits units; false if it was not. No Catch macros: buyer threads call it.
  bool try_sell(std::int64_t order, std::vector<line> lines, std::vector<row_image> rows = {}) {
    if (!journal.gate->try_admit()) return false;
    caf::scoped_actor self{sys};
    journal_unit unit{std::move(rows), {}};
    for (const auto& l : lines) unit.sales.push_back({l.option, order, l.option / 10, l.quantity});
    bool ok = false;
    self->request(journal.writer, caf::infinite, commit_atom::value, std::move(unit))
        .receive([&](caf::ok_atom) { ok = true; }, [](caf::error&) {});
    return ok;
  }
  void sell(std::int64_t order, std::vector<line> lines) {
    REQUIRE(try_sell(order, std::move(lines)));
  }

  std::int64_t fold() {
    caf::scoped_actor self{sys};
    std::int64_t folded = -1;
    self->request(journal.writer, caf::infinite, fold_sales_atom::value)
        .receive([&](std::int64_t n) { folded = n; },
                 [](caf::error& e) { FAIL("fold failed: " << caf::to_string(e)); });
    return folded;
  }

  caf::actor_system_config cfg = [] {
    caf::actor_system_config c;
    add_message_types(c);
    return c;
  }();
  caf::actor_system sys{cfg};
  persistence::journal journal;
};

}  // namespace

TEST_CASE_METHOD(fixture, "sales add up per option, and a fold changes no figure anyone reads",
                 "[journal][sales]") {
  insert_order(3, "PENDING", {{11, 5}});  // held, not sold
  sell(1, {{11, 3}, {21, 1}});
  sell(2, {{21, 3}});
  sell(6, {{31, 1}});
  // Sold: product 1 three units, product 2 four, product 3 one.
  const std::map<std::int64_t, figures> expected{
      {11, {92, 5}}, {12, {100, 0}}, {21, {96, 0}}, {31, {99, 0}}};
  const std::vector<std::int64_t> ranked{2, 1, 3};
  CHECK(order_rows() == 4);
  CHECK(totals() == totals_t{{11, 3}, {21, 4}, {31, 1}});
  CHECK(option_figures() == expected);
  CHECK(popular_ids() == ranked);

  CHECK(fold() == 4);
  CHECK(order_rows() == 0);
  CHECK(totals() == totals_t{{11, 3}, {21, 4}, {31, 1}});
  CHECK(option_figures() == expected);
  CHECK(popular_ids() == ranked);

  SECTION("a second fold finds nothing") {
    CHECK(fold() == 0);
    CHECK(totals() == totals_t{{11, 3}, {21, 4}, {31, 1}});
  }
  SECTION("sales after a fold count at once, and are folded into the same totals") {
    sell(7, {{11, 5}});
    CHECK(totals() == totals_t{{11, 8}, {21, 4}, {31, 1}});
    CHECK(popular_ids() == std::vector<std::int64_t>{1, 2, 3});  // product 1: 8 units
    CHECK(fold() == 1);
    CHECK(totals() == totals_t{{11, 8}, {21, 4}, {31, 1}});
    CHECK(option_figures().at(11) == figures{87, 5});
  }
  SECTION("a restarted journal folds what the last one left") {
    sell(7, {{12, 2}});
    stop();
    journal = spawn_journal_writer(sys, test::test_db_params(), {}, 100);
    CHECK(fold() == 1);
    CHECK(totals() == totals_t{{11, 3}, {12, 2}, {21, 4}, {31, 1}});
  }
}

TEST_CASE_METHOD(fixture, "concurrent payments' sales are each counted once", "[journal][sales]") {
  std::atomic<int> refused{0};
  std::vector<std::thread> buyers;
  for (int t = 0; t < 8; ++t)
    buyers.emplace_back([this, t, &refused] {
      for (int i = 0; i < 25; ++i)
        if (!try_sell(100 + t * 25 + i, {{11, 1}, {21, 2}})) ++refused;
    });
  for (auto& b : buyers) b.join();
  REQUIRE(refused == 0);
  CHECK(totals() == totals_t{{11, 200}, {21, 400}});
  const auto rows = order_rows();
  CHECK(rows == 400);
  CHECK(fold() == rows);
  CHECK(totals() == totals_t{{11, 200}, {21, 400}});
}

TEST_CASE_METHOD(fixture, "a refused unit's sales are not counted, the rest of its batch's once",
                 "[journal][sales]") {
  stop();
  journal_options opts;
  opts.batch_window = std::chrono::milliseconds(200);  // all three land in one batch
  journal = spawn_journal_writer(sys, test::test_db_params(), opts, 100);
  product_row bad{9, std::string(300, 'x'), "", "c", 1, true, 0, 1};  // name too long: refused
  std::vector<bool> ok(3);
  std::vector<std::thread> payers;
  payers.emplace_back([&] { ok[0] = try_sell(1, {{11, 3}}); });
  payers.emplace_back([&] { ok[1] = try_sell(2, {{21, 5}}, {to_image(bad)}); });
  payers.emplace_back([&] { ok[2] = try_sell(3, {{11, 1}, {21, 1}}); });
  for (auto& p : payers) p.join();
  CHECK(ok == std::vector<bool>{true, false, true});
  CHECK(totals() == totals_t{{11, 4}, {21, 1}});
  // One batch, refused, then unit by unit.
  caf::scoped_actor self{sys};
  self->request(journal.writer, caf::infinite, journal_stats_atom::value)
      .receive(
          [](const journal_stats& s) {
            CHECK(s.rejected_units == 1);
            CHECK(s.batches == 0);  // every unit committed on its own
          },
          [](caf::error&) { FAIL("no stats"); });
}

TEST_CASE_METHOD(fixture,
                 "no fold runs while a unit's outcome is unknown and the retried unit commits",
                 "[journal][sales]") {
  sell(1, {{11, 2}});  // committed, not folded yet
  // A second connection locks option 12's row, so the next unit's script waits on it.
  auto lock = test::test_connection();
  std::unique_ptr<sql::Statement> ls(lock->createStatement());
  ls->execute("START TRANSACTION");
  {
    std::unique_ptr<sql::ResultSet> rs(
        ls->executeQuery("SELECT id FROM product_options WHERE id = 12 FOR UPDATE"));
    while (rs->next()) {
    }
  }
  std::atomic<bool> sold{false};
  std::thread payer([&] {
    sold = try_sell(2, {{12, 3}}, {to_image(option_row{12, 1, "o", 0, 97, 0, 2, 100})});
  });
  // On any exit: release the lock (the payer's unit waits on it), then join the payer.
  struct cleanup {
    sql::Statement& lock;
    std::thread& t;
    ~cleanup() {
      try {
        lock.execute("ROLLBACK");  // opened by a statement, so ended by one
      } catch (...) {
      }
      if (t.joinable()) t.join();
    }
  } cleanup_on_exit{*ls, payer};
  std::int64_t journal_thread = 0;
  REQUIRE(test::wait_until(
      [&] {
        journal_thread = test::query_int(
            "SELECT ID FROM information_schema.PROCESSLIST WHERE COMMAND = 'Query' AND INFO LIKE"
            " 'INSERT INTO product_options%'");
        return journal_thread != 0;
      },
      std::chrono::seconds(5), std::chrono::milliseconds(10)));
  // The fold waits behind the blocked batch. The batch's connection then dies: the journal
  // cannot know whether its COMMIT ran, so it will write the unit again, and a fold in between
  // could count a sale that is then written a second time (here the batch had not committed; that
  // a unit written twice counts once is the next test's).
  caf::scoped_actor self{sys};
  auto folding = self->request(journal.writer, caf::infinite, fold_sales_atom::value);
  test::execute("KILL CONNECTION " + std::to_string(journal_thread));
  std::int64_t folded = -1;
  caf::error refusal;
  folding.receive([&](std::int64_t n) { folded = n; }, [&](caf::error& e) { refusal = e; });
  CHECK(order_rows() == 1);  // order 1's row is still there: nothing was folded
  ls->execute("ROLLBACK");
  payer.join();
  CHECK(folded == -1);
  CHECK(refusal == make_error(storage_error::unavailable));
  CHECK(sold);  // the retry committed
  CHECK(totals() == totals_t{{11, 2}, {12, 3}});
  CHECK(fold() == 2);
  CHECK(totals() == totals_t{{11, 2}, {12, 3}});
}

TEST_CASE("an order's sales written again, in a batch of any shape, count once",
          "[journal][sales]") {
  // What makes the journal's retries safe: after an unknown outcome it writes the same units
  // again, whole or one by one, with or without later ones.
  test::migrated_database();
  journal_store store(test::test_db_params());
  store.apply({}, {{11, 1, 1, 2}, {21, 2, 2, 1}});
  store.apply({}, {{11, 1, 1, 2}});                 // order 1's unit alone
  store.apply({}, {{21, 2, 2, 1}, {11, 3, 1, 4}});  // order 2's with a later one
  CHECK(totals() == totals_t{{11, 6}, {21, 1}});
  CHECK(store.fold_sales() == 3);
  store.apply({}, {{11, 4, 1, 1}});
  CHECK(totals() == totals_t{{11, 7}, {21, 1}});
}

TEST_CASE("a payment's unit written again after its sales were folded counts them once",
          "[journal][sales][cluster]") {
  // Another node's journal may fold between a unit's commit and its retry after an unknown
  // outcome: the retry finds the order PAID and adds no sale.
  test::migrated_database();
  insert_catalog();
  insert_order(1, "PENDING", {{11, 2}});
  model::order_row paid{1,
                        7,
                        model::order_status::paid,
                        1000,
                        0,
                        1000,
                        0,
                        1'700'000'000'000,
                        1'700'000'600'000,
                        1'700'000'300'000,
                        2};
  journal_store store(test::test_db_params());
  store.apply({to_image(paid)}, {{11, 1, 1, 2}});
  CHECK(store.fold_sales() == 1);
  store.apply({to_image(paid)}, {{11, 1, 1, 2}});  // the retry
  CHECK(totals() == totals_t{{11, 2}});
  CHECK(order_rows() == 0);
}

TEST_CASE("a fold keeps the sales another connection commits while it runs",
          "[journal][sales][cluster]") {
  // In a cluster one node folds while the others' journals commit payments.
  test::migrated_database();
  constexpr std::int64_t sales = 1500;
  std::thread payer([] {
    journal_store other(test::test_db_params());
    for (std::int64_t order = 1; order <= sales; ++order) other.apply({}, {{11, order, 1, 1}});
  });
  journal_store folder(test::test_db_params());
  std::int64_t folded = 0;
  for (int i = 0; i < 400; ++i) folded += folder.fold_sales();
  payer.join();
  folded += folder.fold_sales();
  CHECK(folded == sales);
  CHECK(totals() == totals_t{{11, sales}});
}

TEST_CASE("upgrading a database with paid orders starts the sales totals from them",
          "[journal][sales][migrations]") {
  test::migrated_database();
  // The database as it was before migration 7, with the orders of a shop that already sold.
  test::execute("DROP TABLE option_sales");
  test::execute("DELETE FROM schema_migrations WHERE version = 7");
  insert_catalog();
  insert_order(1, "PAID", {{11, 3}, {21, 1}});
  insert_order(2, "PAID", {{21, 3}});
  insert_order(3, "PENDING", {{11, 5}});
  insert_order(4, "EXPIRED", {{31, 10}});
  insert_order(5, "CANCELLED", {{31, 10}});
  {
    auto con = test::test_connection();
    CHECK(migrate(*con) == std::vector<int>{7});
  }
  CHECK(totals() == totals_t{{11, 3}, {21, 4}});
  CHECK(order_rows() == 0);  // all of it in the folded totals
  CHECK(option_figures().at(11) == figures{92, 5});
}
