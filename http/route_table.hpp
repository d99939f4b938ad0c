// Routes: method + path pattern -> who may call it -> handler. The table built in shop_routes.cpp
// is the one place a reader finds every endpoint.
#pragma once

#include <boost/beast/http/verb.hpp>
#include <functional>
#include <string>
#include <vector>

#include "http/http_server.hpp"
#include "http/request_call.hpp"

namespace shop::http {

// Who may call a route; checked before the handler runs, so a new route cannot forget it.
enum class access {
  anyone,         // catalog reads, health, metrics
  customer_self,  // a customer acting for themselves: a valid JWT whose `sub` is the acting user
  admin,          // operators (admin token)
};

// For a customer_self route, where the user it acts for is named.
enum class acting_user {
  path,   // the first path id: /api/users/{userId}/...
  body,   // the body's "userId" (coupon issue, order creation)
  owner,  // the owner of the resource, known only once it is read: the handler compares it with
          // call::caller() (the token's user; 0 when customer checks are off)
};

using handler = std::function<void(const call_ptr&)>;

struct route {
  boost::beast::http::verb method;
  std::string pattern;  // "/api/products/{productId}"; a {param} segment is a positive id
  access who;
  handler fn;
  acting_user acting = acting_user::path;
};

struct access_policy {
  std::string admin_token;      // empty: every admin call is refused
  bool check_customers = true;  // false: auth.mode=none, customer routes check nothing
  std::string jwt_secret;
};

// Builds the server's dispatch function: match path (404 NOT_FOUND), method (405), path ids
// (400 INVALID_ARGUMENT), access (401 UNAUTHORIZED; 403 FORBIDDEN for a customer acting for
// someone else), then run the handler with call::caller() set. Literal segments win over {params}.
dispatch_fn make_dispatcher(std::vector<route> routes, access_policy policy);

// Matching, exposed for tests: true and the raw param segments when `path` fits `pattern`.
bool match_path(std::string_view pattern, std::string_view path, std::vector<std::string>& params);

}  // namespace shop::http
