-- wrk script of the cockpit bench: one line with the figures summarize.py reads (milliseconds).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\t%.3f\n", summary.requests,
    e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.mean / 1000))
end
