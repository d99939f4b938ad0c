-- POST /api/coupons/{COUPON}/issue {"userId": id}: a fresh user per request, each with its own
-- customer token (TOKENS_FILE: one "id token" per line, from bench/tokens.py). The requests are
-- formatted once in init(), so the client (which shares the machine) spends little per request.
local requests = {}
local next_request = 0
local path = "/api/coupons/" .. (os.getenv("COUPON") or "1") .. "/issue"

function init(args)
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    local id, token = line:match("^(%d+) (%S+)$")
    if id then
      requests[#requests + 1] = wrk.format("POST", path,
          {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token},
          '{"userId":' .. id .. '}')
    end
  end
end

function request()
  next_request = next_request + 1
  return requests[((next_request - 1) % #requests) + 1]
end
