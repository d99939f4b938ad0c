-- US-008 + US-009 under load: every connection creates an order (POST /api/orders, one unit of
-- one option) and then pays it (POST /api/orders/{id}/payment), round after round. Users and their
-- tokens come from TOKENS_FILE ("id token" lines, bench/tokens.py); options are OPTION_FIRST ..
-- OPTION_FIRST + OPTION_COUNT - 1, picked at random (OPTION_COUNT 1: the hot option). PACE_MS, if
-- set, pauses each connection that long before every request (bench/paced.lua), to hold a rate.
local users = {}
local by_id = {}  -- user id -> user: the tokens file may list any subset of ids
local payments = {}  -- formatted payment requests waiting for a connection
local next_user = 0
local first = tonumber(os.getenv("OPTION_FIRST") or "1")
local count = tonumber(os.getenv("OPTION_COUNT") or "1")

function init(args)
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    local id, token = line:match("^(%d+) (%S+)$")
    if id then
      users[#users + 1] = {id = id, auth = "Bearer " .. token}
      by_id[id] = users[#users]
    end
  end
  math.randomseed(os.time())
end

local last_user = nil

function request()
  local pay = table.remove(payments)
  if pay then return pay end
  next_user = next_user % #users + 1
  last_user = users[next_user]
  local option = first + math.random(0, count - 1)
  return wrk.format("POST", "/api/orders",
      {["Content-Type"] = "application/json", ["Authorization"] = last_user.auth},
      '{"userId":' .. last_user.id .. ',"items":[{"productOptionId":' .. option ..
      ',"quantity":1}]}')
end

function response(status, headers, body)
  if status ~= 201 then return end
  local order = body:match('"orderId":(%d+)')
  local user = body:match('"userId":(%d+)')
  if not order or not user then return end
  local u = by_id[user]
  payments[#payments + 1] = wrk.format("POST", "/api/orders/" .. order .. "/payment",
      {["Content-Type"] = "application/json", ["Authorization"] = u.auth},
      '{"userId":' .. user .. '}')
end

local pace_ms = tonumber(os.getenv("PACE_MS") or "")
if pace_ms then
  function delay() return pace_ms end
end
