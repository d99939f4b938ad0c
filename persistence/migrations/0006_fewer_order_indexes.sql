-- Fewer secondary indexes on the two tables every buy writes (each costs MariaDB CPU per row):
-- the expiry sweep (PENDING, no paid_at, by expires_at) and the popularity batch (PAID, by
-- paid_at) share one index on orders, and order_items loses its product index, which no query
-- looks rows up by (the catalog's popular sort scans every paid line either way).
ALTER TABLE orders DROP KEY idx_orders_status, DROP KEY idx_orders_paid,
  ADD KEY idx_orders_state (status, paid_at, expires_at);
ALTER TABLE order_items DROP KEY idx_items_product;
