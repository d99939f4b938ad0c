-- Activates options FIRST .. FIRST + COUNT - 1 once each through the operator view
-- (GET /admin/actors/option/{id}?activate=true), then ends wrk: run it with -t1 and a generous -d.
-- wrk.thread:stop() would leave wrk waiting out -d, and done() runs in another Lua state that sees
-- none of these counters, so the summary is printed here and the process exits.
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
  if answered >= count then
    io.write(string.format("activate_options: %d answered, %d not 200\n", answered, failed))
    io.flush()
    os.exit(failed == 0 and 0 or 1)
  end
end
