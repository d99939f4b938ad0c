#include "http/route_table.hpp"

#include "http/error_body.hpp"

#include <boost/beast/http/field.hpp>
#include <spdlog/spdlog.h>

#include <charconv>

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

// Literal segments before {params}, so "/api/products/top" wins over "/api/products/{id}".
int specificity(const std::string& pattern) {
  int n = 0;
  for (auto seg : segments(pattern)) n = n * 2 + (seg.front() == '{' ? 0 : 1);
  return n;
}

}  // namespace

bool match_path(std::string_view pattern, std::string_view path, std::vector<std::string>& params) {
  auto ps = segments(pattern);
  auto xs = segments(path);
  if (ps.size() != xs.size()) return false;
  std::vector<std::string> found;
  for (std::size_t i = 0; i < ps.size(); ++i) {
    if (ps[i].front() == '{')
      found.emplace_back(xs[i]);
    else if (ps[i] != xs[i])
      return false;
  }
  params = std::move(found);
  return true;
}

dispatch_fn make_dispatcher(std::vector<route> routes, access_policy policy) {
  std::stable_sort(routes.begin(), routes.end(), [](const route& a, const route& b) {
    return specificity(a.pattern) > specificity(b.pattern);
  });
  auto table = std::make_shared<const std::vector<route>>(std::move(routes));
  auto pol = std::make_shared<const access_policy>(std::move(policy));
  return [table, pol](request&& req, respond_fn respond) {
    std::string_view target{req.target().data(), req.target().size()};
    auto qmark = target.find('?');
    auto path = target.substr(0, qmark);
    auto query = qmark == std::string_view::npos ? std::string_view{} : target.substr(qmark + 1);
    const route* hit = nullptr;
    bool path_known = false;
    std::vector<std::string> params;
    for (const auto& r : *table) {
      std::vector<std::string> p;
      if (!match_path(r.pattern, path, p)) continue;
      if (!path_known) params = p;
      path_known = true;
      if (r.method == req.method()) {
        hit = &r;
        params = std::move(p);
        break;
      }
    }
    auto c = std::make_shared<call>(std::move(req), std::move(respond),
                                    hit ? hit->pattern : std::string{path_known ? "?405" : "?404"});
    if (!hit) {
      if (path_known)
        c->fail(bhttp::status::method_not_allowed, "METHOD_NOT_ALLOWED",
                "this path does not take that method");
      else
        c->fail(bhttp::status::not_found, "NOT_FOUND", "no such endpoint");
      return;
    }
    for (const auto& p : params) {
      std::int64_t id = 0;
      if (!positive_id(p, id)) {
        c->fail(bhttp::status::bad_request, "INVALID_ARGUMENT",
                "path ids are positive 64-bit integers");
        return;
      }
      c->path_ids().push_back(id);
    }
    if (hit->who == access::admin &&
        (pol->admin_token.empty() || !same_secret(bearer_token(c->req()), pol->admin_token))) {
      c->fail(bhttp::status::unauthorized, "UNAUTHORIZED", "admin token missing or wrong");
      return;
    }
    c->set_query(parse_query(query));
    hit->fn(c);
  };
}

}  // namespace shop::http
