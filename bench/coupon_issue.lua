-- POST /api/coupons/{COUPON}/issue {"userId": id}: a fresh user per request, each with its own
-- customer token (TOKENS_FILE: one "id token" per line, from bench/tokens.py).
local users = {}
local next_user = 0
local path = "/api/coupons/" .. (os.getenv("COUPON") or "1") .. "/issue"

function init(args)
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    local id, token = line:match("^(%d+) (%S+)$")
    if id then users[#users + 1] = {id = id, auth = "Bearer " .. token} end
  end
end

function request()
  next_user = next_user + 1
  local u = users[((next_user - 1) % #users) + 1]
  return wrk.format("POST", path,
                    {["Content-Type"] = "application/json", ["Authorization"] = u.auth},
                    '{"userId":' .. u.id .. '}')
end
