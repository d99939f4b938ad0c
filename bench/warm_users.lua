-- Activates every user of TOKENS_FILE: GET /api/users/{id}/balance with the user's token, each
-- user once, then stops (run it with -t1 and a generous -d). Used before a measured run so that
-- loading users from the database is not part of what the run measures.
local users = {}
local next_user = 0
local answered = 0

function init(args)
  for line in io.lines(os.getenv("TOKENS_FILE")) do
    local id, token = line:match("^(%d+) (%S+)$")
    if id then
      users[#users + 1] = wrk.format("GET", "/api/users/" .. id .. "/balance",
          {["Authorization"] = "Bearer " .. token})
    end
  end
end

function request()
  next_user = next_user % #users + 1
  return users[next_user]
end

function response(status, headers, body)
  answered = answered + 1
  if answered >= #users then wrk.thread:stop() end
end
