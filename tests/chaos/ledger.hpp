// The ledger: every request the load sent, with every answer it got (the first send and any
// replay of its Idempotency-Key). The audit reads what was acknowledged from here and nothing
// else, so a row in the database that no answer accounts for is a finding, and an
// acknowledged change missing from the database is a loss.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace shop::chaos {

enum class op_kind { charge, create_order, pay, cancel, issue_coupon, restock };
const char* name_of(op_kind k);

// How one send ended.
enum class fate {
  answered,   // a status came back
  no_answer,  // sent (or maybe sent), then the connection failed or the deadline passed
  unsent,     // the connection could not be made: nothing reached the server
};

struct attempt {
  std::size_t node = 0;
  fate how = fate::no_answer;
  int status = 0;
  std::string body;
  std::string code;  // the "code" of an error body, "" otherwise
  bool retry_after = false;
  std::string error;  // why there is no answer
  bool replay = false;
  std::string label() const;  // "201", "400 INSUFFICIENT_STOCK", "no answer", "unsent"
};

struct request_record {
  std::uint64_t seq = 0;
  int cycle = 0;
  op_kind kind = op_kind::charge;
  std::int64_t user = 0;  // the acting customer; 0 for an operator request
  std::string token;      // the customer's token ("" for an operator request)
  std::string key;        // Idempotency-Key; "" when sent without one
  std::string method, target, body;
  std::int64_t subject = 0;  // the order (pay, cancel), campaign (issue) or option (restock)
  std::int64_t amount = 0;   // a charge's amount, a restock's delta
  std::int64_t coupon = 0;   // the user coupon a payment names (0: none)
  std::map<std::int64_t, std::int64_t> lines;  // an order's option -> quantity
  std::vector<attempt> attempts;
};

// What the shop did with a request, as far as its answers tell.
enum class verdict {
  applied,      // acknowledged (2xx)
  not_applied,  // refused (4xx, 503) or never sent
  in_doubt,     // no answer and nothing decides it (no key, or its replays got none either)
};

struct resolution {
  verdict what = verdict::not_applied;
  const attempt* answer = nullptr;  // the answer that decides it (applied and refused)
};

// The first answer decides, except a 503: the server stores no answer for it (a repeat of its
// key acts anew), so it only says "not applied" when nothing else answered.
resolution resolve(const request_record& r);

class ledger {
 public:
  // Thread-safe; numbers the record.
  void add(request_record r);
  std::size_t size() const;
  // Direct access for the replays and the audit, which run while no load does.
  std::deque<request_record>& records() { return records_; }
  const std::deque<request_record>& records() const { return records_; }

 private:
  mutable std::mutex mu_;
  std::deque<request_record> records_;
  std::uint64_t next_ = 1;
};

}  // namespace shop::chaos
