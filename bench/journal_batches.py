#!/usr/bin/env python3
"""Writes the journal's SQL for a steady stream of buys, for bench/journal_sql_cost.sh.

Usage: journal_batches.py FORM BATCHES BUYS_PER_BATCH
Each batch holds the creation of BUYS_PER_BATCH new orders on option 1 (order, item, the option's
figures) and the payment of the previous batch's orders (order, user, outbox row), then COMMIT,
as the journal coalesces them. FORM:
  odku    the journal's statements (persistence/journal_sql.cpp): one multi-row
          INSERT ... ON DUPLICATE KEY UPDATE per table, every column guarded by the version
  short   the same upserts without the version guards
  plain   INSERT for new rows, one UPDATE ... WHERE version < v per changed row
A `-script` suffix sends each batch as one multi-statement round trip, as the journal does.
"""
import os
import sys

form, batches, per_batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
one_trip = form.endswith("-script")
form = form.removesuffix("-script")

COLUMNS = {
    "orders": ["user_id", "status", "total_amount", "discount_amount", "paid_amount",
               "user_coupon_id", "created_at", "expires_at", "paid_at"],
    "order_items": ["order_id", "product_id", "product_option_id", "product_name", "option_name",
                    "unit_price", "quantity"],
    "product_options": ["product_id", "name", "additional_price", "stock", "reserved_stock",
                        "received"],
    "users": ["name", "balance", "created_at"],
    "order_outbox": ["created_at"],
}
# SALES=1: also the sales rows and, every FOLD_EVERY batches, their fold.
SALES = os.environ.get("SALES", "0") == "1"
FOLD_EVERY = int(os.environ.get("FOLD_EVERY", "300"))
FOLD_ADD = ("INSERT INTO option_sales (option_id, order_id, product_id, sold) SELECT * FROM"
            " (SELECT option_id, 0, MIN(product_id), SUM(sold) FROM option_sales WHERE order_id > 0"
            " GROUP BY option_id) folded ON DUPLICATE KEY UPDATE sold = option_sales.sold +"
            " VALUES(sold)")
NOW = 1764547200000
STOCK = 100000000


def time(ms):
    return f"DATE_ADD('1970-01-01', INTERVAL {ms} * 1000 MICROSECOND)"


def values(rows):  # rows: (id, [value text], version)
    return ", ".join("(" + ", ".join([str(i)] + v + [str(ver)]) + ")" for i, v, ver in rows)


def insert(table, rows):
    return f"INSERT INTO {table} (id, {', '.join(COLUMNS[table])}, version) VALUES {values(rows)}"


def upsert(table, rows):
    cols = COLUMNS[table]
    if form == "short":
        sets = [f"{c} = VALUES({c})" for c in cols] + ["version = VALUES(version)"]
    else:
        sets = (["id = IF(VALUES(id) = id, id, NULL)"] +
                [f"{c} = IF(VALUES(version) > version, VALUES({c}), {c})" for c in cols] +
                ["version = GREATEST(version, VALUES(version))"])
    return insert(table, rows) + " ON DUPLICATE KEY UPDATE " + ", ".join(sets)


def updates(table, rows):
    return [f"UPDATE {table} SET " +
            ", ".join(f"{c} = {v}" for c, v in zip(COLUMNS[table], vals)) +
            f", version = {ver} WHERE id = {i} AND version < {ver}" for i, vals, ver in rows]


def order(o, status):
    paid = status == "PAID"
    return [str(1 + o % 10000), f"'{status}'", "1000", "0", "1000" if paid else "0", "NULL",
            time(NOW), time(NOW + 600000), time(NOW) if paid else "NULL"]


print("SET autocommit = 0;")
if one_trip:
    print("DELIMITER //")
for b in range(batches):
    new = range(b * per_batch + 1, (b + 1) * per_batch + 1)
    paid = range((b - 1) * per_batch + 1, b * per_batch + 1) if b else range(0)
    created = [(o, order(o, "PENDING"), 1) for o in new]
    settled = [(o, order(o, "PAID"), 2) for o in paid]
    items = [(o, [str(o), "1", "1", "'hot'", "'M'", "1000", "1"], 1) for o in new]
    option = [(1, ["1", "'M'", "0", str(STOCK), str(per_batch), str(STOCK + per_batch)], b + 2)]
    users = [(1 + o % 10000, [f"'u{1 + o % 10000}'", str(10**9 - 1000 * (o // 10000 + 1)),
                              time(NOW)], 2 + o // 10000) for o in paid]
    outbox = [(o, [time(NOW)], 1) for o in paid]
    if form == "plain":
        stmts = (updates("product_options", option) + updates("users", users) +
                 [insert("orders", created)] + updates("orders", settled) +
                 [insert("order_items", items)] + ([insert("order_outbox", outbox)] if outbox else []))
    else:
        stmts = ([upsert("product_options", option)] + ([upsert("users", users)] if users else []) +
                 [upsert("orders", sorted(created + settled))] + [upsert("order_items", items)] +
                 ([upsert("order_outbox", outbox)] if outbox else []))
    if SALES and paid:  # the payments' sales rows (persistence/journal_sql.cpp, sales_sql)
        stmts.append("INSERT INTO option_sales (option_id, order_id, product_id, sold) VALUES " +
                     ", ".join(f"(1, {o}, 1, 1)" for o in paid) +
                     " ON DUPLICATE KEY UPDATE sold = VALUES(sold)")
    if SALES and b % FOLD_EVERY == FOLD_EVERY - 1:  # the fold, between batches (sales_fold.cpp)
        stmts += ["COMMIT", FOLD_ADD, "DELETE FROM option_sales WHERE order_id > 0"]
    if one_trip:
        print("; ".join(stmts + ["COMMIT"]) + "//")
    else:
        print(";\n".join(stmts + ["COMMIT"]) + ";")
