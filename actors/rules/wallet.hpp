// Wallet rules: what a charge, a payment debit or a refund credit may do to a balance (won).
// Pure functions: no actors, no SQL.
#pragma once

#include <cstdint>

#include "actors/rules/outcome.hpp"

namespace shop::rules {

constexpr std::int64_t max_charge = 1'000'000'000;    // one charge, API.md
constexpr std::int64_t max_balance = 10'000'000'000;  // API.md

// A customer's top-up: 1..max_charge (INVALID_AMOUNT), never past max_balance
// (BALANCE_LIMIT_EXCEEDED). Returns the new balance.
outcome<std::int64_t> charge(std::int64_t balance, std::int64_t amount);

// A payment: 1.. (INVALID_AMOUNT), at most the balance (INSUFFICIENT_BALANCE).
outcome<std::int64_t> debit(std::int64_t balance, std::int64_t amount);

// Gives back what a debit took (a payment undone). Not capped by max_balance: a compensation
// must not fail; it can only restore what was there.
outcome<std::int64_t> credit(std::int64_t balance, std::int64_t amount);

// A new user's starting balance: 0..max_balance (INVALID_AMOUNT).
bool valid_initial_balance(std::int64_t amount);

}  // namespace shop::rules
