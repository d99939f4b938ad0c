#include "http/route_table.hpp"

#include <spdlog/spdlog.h>

#include <boost/beast/http/field.hpp>
#include <charconv>

#include "http/customer_token.hpp"
#include "http/error_body.hpp"
#include "http/json_input.hpp"

namespace shop::http {
namespace bhttp = boost::beast::http;
namespace {

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    auto j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
      out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::map<std::string, std::string> parse_query(std::string_view q) {
  std::map<std::string, std::string> out;
  while (!q.empty()) {
    auto amp = q.find('&');
    auto pair = q.substr(0, amp);
    q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
    if (pair.empty()) continue;
    auto eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq));
    auto value = eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1));
    out.emplace(std::move(key), std::move(value));  // the first occurrence wins
  }
  return out;
}

bool positive_id(std::string_view s, std::int64_t& out) {
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc{} && end == s.data() + s.size() && out > 0;
}

// Constant-time comparison, so the admin token cannot be guessed byte by byte from timings.
bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

std::string_view bearer_token(const request& req) {
  auto h = req[bhttp::field::authorization];
  std::string_view v{h.data(), h.size()};
  constexpr std::string_view prefix = "Bearer ";
  if (v.size() <= prefix.size() || v.substr(0, prefix.size()) != prefix) return {};
  return v.substr(prefix.size());
}

// The user a customer_self request acts for: 0 when the request does not name one, -1 when the
// body that should name it is not a JSON object.
std::int64_t acting_user_of(const route& r, call& c) {
  if (r.acting == acting_user::path) return c.path_ids().empty() ? 0 : c.path_ids().front();
  const auto& body = c.json_body();
  if (!body.is_object()) return -1;
  auto it = body.find("userId");
  if (it == body.end() || !it->is_number_integer()) return 0;
  auto id = it->get<std::int64_t>();
  return id > 0 ? id : 0;
}

// Checks a customer_self request; answers it and returns false when it may not go on.
bool admit_customer(const route& r, const access_policy& pol, call& c) {
  auto user = r.acting == acting_user::owner ? 0 : acting_user_of(r, c);
  if (!pol.check_customers) {
    c.set_caller(std::max<std::int64_t>(user, 0));
    return true;
  }
  auto token = bearer_token(c.req());
  auto sub =
      token.empty() ? std::nullopt : verify_customer_token(token, pol.jwt_secret, now_ms() / 1000);
  if (!sub) {
    c.fail(shop_error::unauthorized, "customer token missing or not valid");
    return false;
  }
  if (r.acting == acting_user::owner) {
    c.set_caller(*sub);
    return true;
  }
  if (user < 0) {
    c.fail(shop_error::invalid_json);
    return false;
  }
  if (user == 0) {
    c.fail(shop_error::invalid_argument, "userId must be a positive integer");
    return false;
  }
  if (*sub != user) {
    c.fail(shop_error::forbidden, "this token may not act for that user");
    return false;
  }
  c.set_caller(*sub);
  return true;
}

// Literal segments before {params}, so "/api/products/top" wins over "/api/products/{id}".
int specificity(const std::string& pattern) {
  int n = 0;
  for (auto seg : segments(pattern)) n = n * 2 + (seg.front() == '{' ? 0 : 1);
  return n;
}

}  // namespace

namespace {

// A route with its pattern split once, at start-up, and its counters.
struct compiled_route {
  const route* r;
  std::vector<std::string_view> segs;
  metrics::http_route_stats* stats;
};

// Matches pre-split pattern segments against pre-split path segments; {params} collected.
bool match_segments(const std::vector<std::string_view>& pattern,
                    const std::vector<std::string_view>& path,
                    std::vector<std::string_view>& params) {
  if (pattern.size() != path.size()) return false;
  params.clear();
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i].front() == '{')
      params.push_back(path[i]);
    else if (pattern[i] != path[i])
      return false;
  }
  return true;
}

}  // namespace

bool match_path(std::string_view pattern, std::string_view path, std::vector<std::string>& params) {
  std::vector<std::string_view> found;
  if (!match_segments(segments(pattern), segments(path), found)) return false;
  params.assign(found.begin(), found.end());
  return true;
}

dispatch_fn make_dispatcher(std::vector<route> routes, access_policy policy) {
  std::stable_sort(routes.begin(), routes.end(), [](const route& a, const route& b) {
    return specificity(a.pattern) > specificity(b.pattern);
  });
  struct table_t {
    std::vector<route> routes;
    std::vector<compiled_route> compiled;
    access_policy policy;
  };
  auto table = std::make_shared<table_t>();
  table->routes = std::move(routes);
  table->policy = std::move(policy);
  auto& m = metrics::global();
  for (const auto& r : table->routes) {
    auto method = bhttp::to_string(r.method);
    table->compiled.push_back(
        {&r, segments(r.pattern), &m.route({method.data(), method.size()}, r.pattern)});
  }
  // Requests that match no route are counted too, under these two names.
  auto* unknown_path = &m.route("any", "?404");
  auto* wrong_method = &m.route("any", "?405");
  return [table, unknown_path, wrong_method](request&& req, respond_fn respond) {
    std::string_view target{req.target().data(), req.target().size()};
    auto qmark = target.find('?');
    auto path_segs = segments(target.substr(0, qmark));
    auto query = qmark == std::string_view::npos ? std::string_view{} : target.substr(qmark + 1);
    const route* hit = nullptr;
    metrics::http_route_stats* stats = nullptr;
    bool path_known = false;
    std::vector<std::string_view> params;
    for (const auto& cr : table->compiled) {
      if (!match_segments(cr.segs, path_segs, params)) continue;
      path_known = true;
      if (cr.r->method == req.method()) {
        hit = cr.r;
        stats = cr.stats;
        break;
      }
    }
    // Parse ids before the request (which owns the path text) moves into the call.
    std::vector<std::int64_t> ids;
    bool ids_ok = true;
    if (hit)
      for (auto p : params) {
        std::int64_t id = 0;
        ids_ok = ids_ok && positive_id(p, id);
        ids.push_back(id);
      }
    auto q = parse_query(query);
    auto c = std::make_shared<call>(
        std::move(req), std::move(respond),
        hit ? std::string_view{hit->pattern} : (path_known ? "?405" : "?404"), table,
        hit ? stats : (path_known ? wrong_method : unknown_path));
    if (!hit) {
      if (path_known)
        c->fail(shop_error::method_not_allowed);
      else
        c->fail(shop_error::unknown_path);
      return;
    }
    if (!ids_ok) {
      c->fail(shop_error::invalid_argument, "path ids are positive 64-bit integers");
      return;
    }
    c->path_ids() = std::move(ids);
    const auto& pol = table->policy;
    if (hit->who == access::admin &&
        (pol.admin_token.empty() || !same_secret(bearer_token(c->req()), pol.admin_token))) {
      c->fail(shop_error::unauthorized, "admin token missing or wrong");
      return;
    }
    if (hit->who == access::customer_self && !admit_customer(*hit, pol, *c)) return;
    c->set_query(std::move(q));
    hit->fn(c);
  };
}

}  // namespace shop::http
