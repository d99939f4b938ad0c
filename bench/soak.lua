-- The soak's mixed load (bench/soak.sh). Run with as many threads as connections (-tN -cN): each
-- thread then drives one connection, so a request's answer is known to belong to it and a flow can
-- go on from it (an order is paid or cancelled, a cart line removed, a keyed request replayed).
--   TOKENS_FILE  "id token" lines (bench/tokens.py); HOT_USERS of them (the first) take half of
--                the per-user requests, the rest spread over all, so most users go idle and
--                passivate between their requests while the hot ones stay live.
--   PRODUCTS, OPTIONS_PER_PRODUCT, COUPONS  the catalog soak.sh created (ids from 1, in order).
--   PACE_MS      pause before each request of a connection (0: as fast as answers come).
--   KEY_TAG      makes this run's Idempotency-Keys differ from every earlier run's.
--   KEYED_PERCENT  the writes that carry a fresh Idempotency-Key (default 30).
-- done() prints one line "soak-interval p99_ms=.. requests=.. errors=.. s2xx=.. ... replay_diff=.."
-- for soak.sh: the answers by status class, 5xx other than 503, keyed replays whose answer
-- differed from the first, and bad input answered with anything but a 4xx (or 503).
local threads = {}

function setup(thread)
  thread:set("index", #threads + 1)
  threads[#threads + 1] = thread
end

local users = {}
local hot_users = tonumber(os.getenv("HOT_USERS") or "200")
local products = tonumber(os.getenv("PRODUCTS") or "100")
local per_product = tonumber(os.getenv("OPTIONS_PER_PRODUCT") or "10")
local coupons = tonumber(os.getenv("COUPONS") or "5")
local pace = tonumber(os.getenv("PACE_MS") or "0")
local key_tag = os.getenv("KEY_TAG") or "0"
local keyed_share = tonumber(os.getenv("KEYED_PERCENT") or "30") / 100

-- Read by done() through thread:get.
counts = {s2xx = 0, s4xx = 0, s503 = 0, s5xx_other = 0, other = 0, replays = 0, replay_diff = 0,
          bad_not_4xx = 0}

local next_req = nil      -- the follow-up to send next on this connection, if any
local on_answer = nil     -- what to do with the answer to the request in flight
local keys = 0

function init(args)
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    local id, token = line:match("^(%d+) (%S+)$")
    if id then users[#users + 1] = {id = id, auth = "Bearer " .. token} end
  end
  math.randomseed(os.time() * 1000 + (index or 0))
end

function delay()
  return pace
end

local function pick_user()
  if math.random() < 0.5 then return users[math.random(1, math.min(hot_users, #users))] end
  return users[math.random(1, #users)]
end

local function option_id()
  -- A tenth of the options take half of the option traffic.
  local n = products * per_product
  if math.random() < 0.5 then return math.random(1, math.max(1, math.floor(n / 10))) end
  return math.random(1, n)
end

local function post(path, u, body, key)
  local h = {["Content-Type"] = "application/json"}
  if u then h["Authorization"] = u.auth end
  if key then h["Idempotency-Key"] = key end
  return wrk.format("POST", path, h, body)
end

local function get(path, u)
  local h = {}
  if u then h["Authorization"] = u.auth end
  return wrk.format("GET", path, h)
end

-- A fresh key on KEYED_PERCENT (30) of the writes.
local function maybe_key()
  if math.random() >= keyed_share then return nil end
  keys = keys + 1
  return "soak-" .. key_tag .. "-" .. (index or 0) .. "-" .. keys
end

-- After a keyed write: sometimes send the very same request again; its answer must be the first's.
local function replay_later(req, key)
  return function(status, body)
    if key and status >= 200 and status < 300 and math.random() < 0.3 then
      next_req = req
      on_answer = function(s2, b2)
        counts.replays = counts.replays + 1
        if s2 ~= status or b2 ~= body then counts.replay_diff = counts.replay_diff + 1 end
      end
      return true
    end
    return false
  end
end

local function keyed_write(path, u, body)
  local key = maybe_key()
  local req = post(path, u, body, key)
  on_answer = replay_later(req, key)
  return req
end

local sorts = {"newest", "price_asc", "price_desc", "popular"}

local bad = {
  function() return post("/api/users/1/balance/charge", users[1], '{"amount":') end,        -- 400 JSON
  function() local u = pick_user(); return post("/api/users/" .. u.id .. "/balance/charge", u, '{"amount":0}') end,
  function() return get("/api/products/" .. (products + 1000)) end,                           -- 404
  function() return get("/api/products?sort=cheapest") end,                                   -- 400
  function() return get("/api/products?size=1000") end,                                       -- 400
  function() return get("/api/no-such-thing") end,                                            -- 404
  function() return post("/api/orders", nil, '{"userId":1,"items":[]}') end,                  -- 401
  function() local u = pick_user(); return post("/api/orders", u, '{"userId":' .. u.id .. ',"items":[{"productOptionId":' .. option_id() .. ',"quantity":0}]}') end,
  function() local u = pick_user(); return post("/api/users/" .. u.id .. "/balance/charge", u, '{"amount":1}', string.rep("k", 65)) end,
  function() local u = pick_user(); return post("/api/users/" .. u.id .. "/cart", u, '{"productOptionId":' .. option_id() .. ',"quantity":"x"}') end,
  function() return wrk.format("DELETE", "/api/products/1") end,                              -- 405
}

local function new_request()
  local r = math.random(1, 100)
  if r <= 12 then
    return get("/api/products?sort=" .. sorts[math.random(1, #sorts)] .. "&page=" .. math.random(0, 4) .. "&size=20")
  elseif r <= 26 then
    return get("/api/products/" .. math.random(1, products))
  elseif r <= 31 then
    return get("/api/products/top")
  elseif r <= 34 then
    return get("/api/coupons/" .. math.random(1, coupons))
  elseif r <= 39 then
    local u = pick_user(); return get("/api/users/" .. u.id .. "/balance", u)
  elseif r <= 42 then
    local u = pick_user(); return get("/api/users/" .. u.id .. "/cart", u)
  elseif r <= 45 then
    local u = pick_user(); return get("/api/users/" .. u.id .. "/orders?page=0&size=5", u)
  elseif r <= 55 then
    -- Cart add, then remove that line.
    local u = pick_user()
    on_answer = function(status, body)
      local item = status == 201 and body:match('"cartItemId":(%d+)')
      if item then next_req = wrk.format("DELETE", "/api/users/" .. u.id .. "/cart/" .. item, {["Authorization"] = u.auth}) end
    end
    return post("/api/users/" .. u.id .. "/cart", u, '{"productOptionId":' .. option_id() .. ',"quantity":1}')
  elseif r <= 70 then
    -- Order one or two units, then pay it (four in five) or cancel it; some stay PENDING to expire.
    local u = pick_user()
    local key = maybe_key()
    local req = post("/api/orders", u, '{"userId":' .. u.id .. ',"items":[{"productOptionId":' .. option_id() .. ',"quantity":' .. math.random(1, 2) .. '}]}', key)
    local replay = replay_later(req, key)
    on_answer = function(status, body)
      if replay(status, body) then return end
      local order = status == 201 and body:match('"orderId":(%d+)')
      if not order then return end
      local p = math.random()
      if p < 0.8 then
        next_req = keyed_write("/api/orders/" .. order .. "/payment", u, '{"userId":' .. u.id .. '}')
      elseif p < 0.95 then
        next_req = keyed_write("/api/orders/" .. order .. "/cancel", u, '{"userId":' .. u.id .. '}')
      end
    end
    return req
  elseif r <= 76 then
    local u = pick_user()
    return keyed_write("/api/coupons/" .. math.random(1, coupons) .. "/issue", u, '{"userId":' .. u.id .. '}')
  elseif r <= 88 then
    local u = pick_user()
    return keyed_write("/api/users/" .. u.id .. "/balance/charge", u, '{"amount":' .. (100 * math.random(1, 50)) .. '}')
  else
    on_answer = function(status, body)
      if (status < 400 or status >= 500) and status ~= 503 then counts.bad_not_4xx = counts.bad_not_4xx + 1 end
    end
    return bad[math.random(1, #bad)]()
  end
end

function request()
  if next_req then
    local req = next_req
    next_req = nil
    return req
  end
  on_answer = nil
  return new_request()
end

function response(status, headers, body)
  if status >= 200 and status < 300 then counts.s2xx = counts.s2xx + 1
  elseif status >= 400 and status < 500 then counts.s4xx = counts.s4xx + 1
  elseif status == 503 then counts.s503 = counts.s503 + 1
  elseif status >= 500 then counts.s5xx_other = counts.s5xx_other + 1
  else counts.other = counts.other + 1 end
  local f = on_answer
  on_answer = nil
  if f then f(status, body) end
end

function done(summary, latency, requests)
  local total = {s2xx = 0, s4xx = 0, s503 = 0, s5xx_other = 0, other = 0, replays = 0, replay_diff = 0,
                 bad_not_4xx = 0}
  for _, t in ipairs(threads) do
    local c = t:get("counts")
    for k, v in pairs(c) do total[k] = total[k] + v end
  end
  local e = summary.errors
  io.write(string.format(
      "soak-interval p99_ms=%.2f p50_ms=%.2f mean_ms=%.2f requests=%d secs=%.3f s2xx=%d s4xx=%d s503=%d s5xx_other=%d other=%d replays=%d replay_diff=%d bad_not_4xx=%d connect_err=%d read_err=%d write_err=%d timeouts=%d\n",
      latency:percentile(99) / 1000, latency:percentile(50) / 1000, latency.mean / 1000,
      summary.requests, summary.duration / 1e6, total.s2xx, total.s4xx, total.s503,
      total.s5xx_other, total.other, total.replays, total.replay_diff, total.bad_not_4xx,
      e.connect, e.read, e.write, e.timeout))
end
