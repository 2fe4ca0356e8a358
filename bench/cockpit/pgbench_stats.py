#!/usr/bin/env python3
"""Reads pgbench per-transaction logs (-l) and prints n, p50, p95, p99, mean in ms as JSON."""
import json
import sys

sys.path.insert(0, __import__("os").path.dirname(__file__))
from floor import percentile  # noqa: E402

times = []
for path in sys.argv[1:]:
    with open(path) as f:
        times += [int(line.split()[2]) / 1000 for line in f if line.strip()]
times.sort()
print(json.dumps({"n": len(times), "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95),
                  "p99_ms": percentile(times, 99), "mean_ms": sum(times) / len(times) if times else None}))
