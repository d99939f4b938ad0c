-- The tables of the user stories. Every row an actor owns carries `version`: the journal only
-- lets a newer image overwrite an older one. Ids are assigned by the service, not AUTO_INCREMENT,
-- so a replayed batch writes the very same rows.
CREATE TABLE products (
  id BIGINT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  description TEXT NOT NULL,
  category VARCHAR(100) NOT NULL,
  price BIGINT NOT NULL,
  available TINYINT(1) NOT NULL,
  created_at DATETIME(3) NOT NULL,
  version BIGINT NOT NULL,
  KEY idx_products_listing (available, created_at, id),
  KEY idx_products_category (category, available)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE product_options (
  id BIGINT PRIMARY KEY,
  product_id BIGINT NOT NULL,
  name VARCHAR(200) NOT NULL,
  additional_price BIGINT NOT NULL,
  stock BIGINT NOT NULL,
  reserved_stock BIGINT NOT NULL,
  version BIGINT NOT NULL,
  KEY idx_options_product (product_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE users (
  id BIGINT PRIMARY KEY,
  name VARCHAR(100) NOT NULL,
  balance BIGINT NOT NULL,
  created_at DATETIME(3) NOT NULL,
  version BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE cart_items (
  id BIGINT PRIMARY KEY,
  user_id BIGINT NOT NULL,
  product_option_id BIGINT NOT NULL,
  quantity INT NOT NULL,
  created_at DATETIME(3) NOT NULL,
  version BIGINT NOT NULL,
  KEY idx_cart_user (user_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE orders (
  id BIGINT PRIMARY KEY,
  user_id BIGINT NOT NULL,
  status VARCHAR(16) NOT NULL,
  total_amount BIGINT NOT NULL,
  discount_amount BIGINT NOT NULL,
  paid_amount BIGINT NOT NULL,
  user_coupon_id BIGINT NULL,
  created_at DATETIME(3) NOT NULL,
  expires_at DATETIME(3) NOT NULL,
  paid_at DATETIME(3) NULL,
  version BIGINT NOT NULL,
  KEY idx_orders_user (user_id, created_at),
  KEY idx_orders_status (status, expires_at),
  KEY idx_orders_paid (status, paid_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE order_items (
  id BIGINT PRIMARY KEY,
  order_id BIGINT NOT NULL,
  product_id BIGINT NOT NULL,
  product_option_id BIGINT NOT NULL,
  product_name VARCHAR(200) NOT NULL,
  option_name VARCHAR(200) NOT NULL,
  unit_price BIGINT NOT NULL,
  quantity INT NOT NULL,
  version BIGINT NOT NULL,
  KEY idx_items_order (order_id),
  KEY idx_items_product (product_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE coupons (
  id BIGINT PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  discount_type VARCHAR(16) NOT NULL,
  discount_value BIGINT NOT NULL,
  total_quantity BIGINT NOT NULL,
  issued_quantity BIGINT NOT NULL,
  starts_at DATETIME(3) NULL,
  expires_at DATETIME(3) NOT NULL,
  created_at DATETIME(3) NOT NULL,
  version BIGINT NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE user_coupons (
  id BIGINT PRIMARY KEY,
  user_id BIGINT NOT NULL,
  coupon_id BIGINT NOT NULL,
  status VARCHAR(16) NOT NULL,
  issued_at DATETIME(3) NOT NULL,
  expires_at DATETIME(3) NOT NULL,
  used_at DATETIME(3) NULL,
  version BIGINT NOT NULL,
  UNIQUE KEY uq_user_coupon (user_id, coupon_id),
  KEY idx_user_coupons_coupon (coupon_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE product_popularity_snapshot (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  snapshot_at DATETIME(3) NOT NULL,
  created_at DATETIME(3) NOT NULL,
  product_rank INT NOT NULL,
  product_id BIGINT NOT NULL,
  name VARCHAR(200) NOT NULL,
  price BIGINT NOT NULL,
  category VARCHAR(100) NOT NULL,
  sold_quantity BIGINT NOT NULL,
  last_sold_at DATETIME(3) NOT NULL,
  KEY idx_snapshot_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE transaction_out_failure_log (
  id BIGINT AUTO_INCREMENT PRIMARY KEY,
  order_id BIGINT NOT NULL,
  attempt INT NOT NULL,
  error TEXT NOT NULL,
  created_at DATETIME(3) NOT NULL,
  KEY idx_failure_order (order_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
