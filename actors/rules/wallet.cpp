#include "actors/rules/wallet.hpp"

namespace shop::rules {

outcome<std::int64_t> charge(std::int64_t balance, std::int64_t amount) {
  if (amount < 1 || amount > max_charge) return shop_error::invalid_amount;
  if (amount > max_balance - balance) return shop_error::balance_limit_exceeded;
  return balance + amount;
}

outcome<std::int64_t> debit(std::int64_t balance, std::int64_t amount) {
  if (amount < 1) return shop_error::invalid_amount;
  if (amount > balance) return shop_error::insufficient_balance;
  return balance - amount;
}

outcome<std::int64_t> credit(std::int64_t balance, std::int64_t amount) {
  if (amount < 1 || amount > max_balance) return shop_error::invalid_amount;
  return balance + amount;
}

bool valid_initial_balance(std::int64_t amount) {
  return amount >= 0 && amount <= max_balance;
}

}  // namespace shop::rules
