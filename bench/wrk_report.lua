-- wrk script: optional random record ids (ZWGK_ID_MIN/ZWGK_ID_MAX) and a JSON summary with p50/p95/p99.
local id_min = tonumber(os.getenv("ZWGK_ID_MIN") or "0")
local id_max = tonumber(os.getenv("ZWGK_ID_MAX") or "0")
local template = os.getenv("ZWGK_PATH_TEMPLATE")

request = function()
  if template and template ~= "" and id_max > 0 then
    local path = string.gsub(template, "{id}", tostring(math.random(id_min, id_max)))
    return wrk.format("GET", path)
  end
  return wrk.format("GET", wrk.path)
end

done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format(
    '{"requests": %d, "seconds": %.2f, "rps": %.1f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, "errors": %d, "non_2xx": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout, non2xx))
end
