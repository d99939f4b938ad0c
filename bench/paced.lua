-- Paces each connection: after a response, wait `delay_ms` before the next request, so
-- connections * 1000 / delay_ms bounds the offered rate (wrk itself has no rate option).
local delay_ms = tonumber(os.getenv("PACE_MS") or "1")
function delay() return delay_ms end
