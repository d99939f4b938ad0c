// How an order reads as JSON: the one renderer for every body that carries an order, the API's
// answers (API.md, orders) and the delivery to the data platform alike.
#pragma once

#include <nlohmann/json.hpp>

#include "actors/messages.hpp"
#include "model/rows.hpp"

namespace shop::http {

// An order as the API answers it (create, read, a user's history): orderId, userId, status,
// totalAmount, discountAmount, paidAmount, couponId (null without one), items (each with its
// subtotal, rules::line_subtotal), createdAt, expiresAt, paidAt (null until paid).
nlohmann::json order_json(const model::order_record& o);

// The body of a delivery to the data platform: the same without createdAt and expiresAt.
nlohmann::json order_delivery_json(const model::order_record& o);

// The answer to a payment: orderId, status, the amounts, couponId, paidAt and the balance left.
nlohmann::json payment_json(const payment_receipt& r);

}  // namespace shop::http
