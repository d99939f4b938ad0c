-- Units sold per option, so the catalog's popular sort and an option's activation read totals
-- instead of every paid order line ever written. A payment's unit writes one row per option it
-- sold, keyed by the order (so writing it again changes nothing); order_id 0 is the folded total,
-- into which the journal folds the other rows (persistence/sales_fold.cpp). Starts from the paid
-- orders so far.
CREATE TABLE option_sales (
  option_id BIGINT NOT NULL,
  order_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  sold BIGINT NOT NULL,
  PRIMARY KEY (option_id, order_id)
) ENGINE=InnoDB;
INSERT INTO option_sales (option_id, order_id, product_id, sold)
  SELECT i.product_option_id, 0, MIN(i.product_id), SUM(i.quantity)
  FROM order_items i JOIN orders o ON o.id = i.order_id
  WHERE o.status = 'PAID' GROUP BY i.product_option_id;
