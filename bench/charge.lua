-- POST /api/users/{id}/balance/charge {"amount":1} over many users, each with its own customer
-- token (read from USERS_FILE: one "id token" per line). KEYED=1 adds a fresh Idempotency-Key to
-- every request, so the key's record is written with the charge.
local users = {}
local keyed = os.getenv("KEYED") == "1"
local counter = 0
local thread_tag = tostring(math.random(1, 1e9))

function init(args)
  for line in io.lines(os.getenv("USERS_FILE")) do
    local id, token = line:match("^(%d+) (%S+)$")
    if id then users[#users + 1] = {id = id, token = token} end
  end
  counter = math.random(0, #users - 1)
end

function request()
  counter = counter + 1
  local u = users[(counter % #users) + 1]
  local headers = {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. u.token}
  if keyed then headers["Idempotency-Key"] = "b" .. thread_tag .. "-" .. counter end
  return wrk.format("POST", "/api/users/" .. u.id .. "/balance/charge", headers, '{"amount":1}')
end
