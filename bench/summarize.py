#!/usr/bin/env python3
"""Turns a run's raw.tsv, import.tsv and check.tsv into summary.md (bench/README.md).

    python3 bench/summarize.py bench/results/<date> > bench/results/<date>/summary.md

Ratios are computed within each round (targets of one round ran minutes apart, interleaved) and
then averaged over the rounds; the range over rounds is shown next to each mean.
"""
import csv
import statistics
import sys
from collections import defaultdict

GOAL_FLOOR = 0.85
GOAL_PEER = 5.0


def read(path):
    with open(path) as f:
        return list(csv.DictReader(f, delimiter="\t"))


def avg(values, fmt):
    v = [float(x) for x in values if x not in ("", None)]
    return fmt.format(statistics.mean(v)) if v else "–"


def fmt_ratio(values):
    m = statistics.mean(values)
    if len(values) == 1:
        return f"{m:.2f}"
    return f"{m:.2f} ({min(values):.2f}–{max(values):.2f})"


def main():
    out = sys.argv[1]
    rows = read(f"{out}/raw.tsv")
    rate = defaultdict(dict)   # (scale, clients, target) -> {round: rate}
    extra = defaultdict(list)  # (scale, clients, target) -> [(p99, bytes, errors)]
    for r in rows:
        key = (r["scale"], int(r["clients"]), r["target"])
        rate[key][r["round"]] = float(r["rate_per_s"])
        extra[key].append((r["latency_p99_ms"], r["bytes_per_request"], int(r["errors"]),
                           r.get("db_cpu_ms_per_page", ""), r.get("server_cpu_ms_per_page", "")))
    rounds = sorted({r["round"] for r in rows})
    print(f"# Benchmark summary ({len(rounds)} interleaved round(s))\n")
    with open(f"{out}/env.txt") as f:
        print("```\n" + f.read().strip() + "\n```\n")

    def ratio(scale, c, a, b):
        return [rate[(scale, c, a)][x] / rate[(scale, c, b)][x] for x in rounds
                if x in rate[(scale, c, a)] and x in rate[(scale, c, b)] and rate[(scale, c, b)][x] > 0]

    def mean_rate(scale, c, t):
        v = list(rate[(scale, c, t)].values())
        return f"{statistics.mean(v):,.0f}" if v else "–"

    print("## Throughput (pages per second; mean over rounds)\n")
    print("| scale | clients | floor: rows query alone in PostGIS | floor + count(*) (diagnostic: a full page) "
          "| ours, PostGIS | MapServer, PostGIS | ours, GeoPackage | MapServer, GeoPackage |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for scale in ("district", "province"):
        for c in (1, 8):
            print(f"| {scale} | {c} | " + " | ".join(mean_rate(scale, c, t) for t in
                  ("floor", "count_rows", "ours_pg", "ms_pg", "ours_gpkg", "ms_gpkg")) + " |")
    print()
    print("## Ratios (within each round, then mean; range over rounds in brackets)\n")
    print(f"| scale | clients | ours PG ÷ floor (goal ≥ {GOAL_FLOOR}) | ours PG ÷ MapServer PG (goal ≥ {GOAL_PEER:g}) "
          f"| ours GPKG ÷ MapServer GPKG (goal ≥ {GOAL_PEER:g}) | ours GPKG ÷ floor | (floor + count) ÷ floor "
          "| ours PG ÷ (floor + count) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for scale in ("district", "province"):
        for c in (1, 8):
            cells = []
            for a, b, goal in (("ours_pg", "floor", GOAL_FLOOR), ("ours_pg", "ms_pg", GOAL_PEER),
                               ("ours_gpkg", "ms_gpkg", GOAL_PEER), ("ours_gpkg", "floor", None),
                               ("count_rows", "floor", None), ("ours_pg", "count_rows", None)):
                v = ratio(scale, c, a, b)
                if not v:
                    cells.append("–")
                    continue
                mark = "" if goal is None else (" ✔" if statistics.mean(v) >= goal else " ✘")
                cells.append(fmt_ratio(v) + mark)
            print(f"| {scale} | {c} | " + " | ".join(cells) + " |")
    print()
    print("## Latency, page size and CPU per page (mean over rounds)\n")
    print("CPU per page: PostgreSQL = the backends of the benchmark database; server = our JVM, or "
          "MapServer's FastCGI processes + nginx (bench/cpuwatch.py).\n")
    print("| scale | clients | target | p99 ms | bytes/page | errors | PostgreSQL CPU ms/page | server CPU ms/page |")
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    for scale in ("district", "province"):
        for c in (1, 8):
            for t in ("floor", "count_rows", "ours_pg", "ms_pg", "ours_gpkg", "ms_gpkg"):
                e = extra[(scale, c, t)]
                if not e:
                    continue
                p99 = avg([x[0] for x in e], "{:,.0f}")
                size = avg([x[1] for x in e], "{:,.0f}")
                db = avg([x[3] for x in e], "{:.2f}")
                srv = avg([x[4] for x in e], "{:.2f}")
                print(f"| {scale} | {c} | {t} | {p99} | {size} | {sum(x[2] for x in e)} | {db} | {srv} |")
    print()
    imports = read(f"{out}/import.tsv")
    if imports:
        print("## Import of the synthetic villages (seconds, wall clock of the whole command)\n")
        print("| what | runs (s) | median (s) | note |")
        print("| --- | --- | ---: | --- |")
        by = defaultdict(list)
        for r in imports:
            by[r["what"]].append(r)
        for what, rs in by.items():
            secs = [float(r["seconds"]) for r in rs]
            notes = "; ".join(r["note"] for r in rs if r["note"])
            print(f"| {what} | {', '.join(f'{s:.1f}' for s in secs)} | {statistics.median(secs):.1f} | {notes} |")
        print()
    try:
        check = read(f"{out}/check.tsv")
        bad = [r for r in check if r["same_ids"] != "yes"]
        print("## Same answers\n")
        print(f"{len(check) - len(bad)} of {len(check)} bboxes: every target returned the same feature ids, as many as the "
              "floor's rows query." + ("" if not bad else " Differences: see check.tsv."))
    except FileNotFoundError:
        pass


if __name__ == "__main__":
    main()
