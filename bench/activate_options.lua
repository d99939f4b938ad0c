-- Activates options FIRST .. FIRST + COUNT - 1 once each through the operator view
-- (GET /admin/actors/option/{id}?activate=true), then stops: run it with -t1 and a generous -d.
local first = tonumber(os.getenv("FIRST") or "1")
local count = tonumber(os.getenv("COUNT") or "1")
local auth = "Bearer " .. os.getenv("ADMIN_TOKEN")
local sent = 0
local answered = 0
local failed = 0

function request()
  local id = first + sent % count
  sent = sent + 1
  return wrk.format("GET", "/admin/actors/option/" .. id .. "?activate=true",
      {["Authorization"] = auth})
end

function response(status, headers, body)
  answered = answered + 1
  if status ~= 200 then failed = failed + 1 end
  if answered >= count then wrk.thread:stop() end
end

function done(summary, latency, requests)
  io.write(string.format("activate_options: %d answered, %d not 200\n", answered, failed))
end
