-- wrk script for the benchmark (bench/README.md): GET the paths listed in a file, one per line,
-- in turn (round robin over all requests of the thread), and print a one-line JSON
-- summary that run.sh parses.
--   wrk -t1 -c8 -d10s -s bench/wrk/items.lua http://127.0.0.1:PORT -- PATHS_FILE
local paths = {}
local counter = 0

function init(args)
  for line in io.lines(args[1]) do
    if line ~= "" then
      paths[#paths + 1] = line
    end
  end
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], { ["Accept"] = "application/geo+json, application/json" })
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'XTB {"requests": %d, "duration_us": %d, "bytes": %d, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"mean": %.0f, "p50": %d, "p90": %d, "p99": %d, "max": %d}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
