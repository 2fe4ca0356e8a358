#!/usr/bin/env python3
"""Writes the cockpit bench's summary.md (to stdout) from page.tsv, api.tsv, cold.tsv and env.txt in DIR.

Ratios are time ÷ time, ours over the floor: 1.00 is as fast as the floor, 2.00 takes twice as long.
Each ratio is computed within a round (loads and runs are interleaved) and the median over rounds is
shown, with the range over rounds in brackets.
"""
import csv
import json
import os
import statistics
import sys

PAGE_TARGETS = [("static", "static files (nginx)"), ("gpkg", "ours, GeoPackage"), ("pg", "ours, PostGIS")]
API_TARGETS = [("gpkg", "ours GPKG"), ("pg", "ours PG"), ("static", "static (nginx)"),
               ("raw_gpkg", "raw GPKG reads"), ("raw_pg", "raw PG reads")]
ENDPOINT_LABELS = {
    "district": "`/api/dashboard`", "district_asof": "`/api/dashboard?asOf=…`",
    "town": "`/api/dashboard/towns/{code}`", "town_asof": "`…/towns/{code}?asOf=…`",
    "village": "`/api/dashboard/villages/{code}`", "village_asof": "`…/villages/{code}?asOf=…`",
}


def rows(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(v, digits=0):
    return "—" if v is None else f"{v:,.{digits}f}"


def ratio_cell(ratios, goal=None):
    if not ratios:
        return "—"
    cell = f"**{statistics.median(ratios):.2f}** ({min(ratios):.2f}–{max(ratios):.2f})"
    if goal is not None:
        cell += " ✔" if statistics.median(ratios) <= goal else " ✘"
    return cell


def page_section(out, d):
    page = rows(os.path.join(d, "page.tsv"))
    by = {}
    for r in page:
        by.setdefault(r["target"], {})[int(r["round"])] = r
    n = len(by.get("static", {}))
    out.append(f"## Page: time to a fully rendered cockpit ({n} loads per target, fresh headless Chromium each)\n")
    out.append("Milliseconds from navigation start, medians (25th–75th percentile):\n")
    out.append("| target | ready (`xiangtu:ready`) | load event | last API answer in | HTML in | requests | bytes |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for t, label in PAGE_TARGETS:
        rs = list(by.get(t, {}).values())
        if not rs:
            continue

        def stat(col):
            vals = sorted(float(r[col]) for r in rs if r[col])
            if not vals:
                return "—"
            q = statistics.quantiles(vals, n=4) if len(vals) > 1 else [vals[0]] * 3
            return f"{fmt(statistics.median(vals))} ({fmt(q[0])}–{fmt(q[2])})"
        out.append(f"| {label} | {stat('ready_ms')} | {stat('load_ms')} | {stat('last_api_ms')} | {stat('html_ms')} "
                   f"| {rs[0]['requests']} | {fmt(med([float(r['bytes']) for r in rs]))} |")
    out.append("")
    out.append("Ratios, ours ÷ static files (time over time; per round, then the median over rounds, range in "
               "brackets; goal: ready ≤ 1.5 × static):\n")
    out.append("| store | ready | load event | last API answer |")
    out.append("| --- | ---: | ---: | ---: |")
    for t, label in PAGE_TARGETS[1:]:
        cells = []
        for col, goal in (("ready_ms", 1.5), ("load_ms", None), ("last_api_ms", None)):
            ratios = [float(by[t][k][col]) / float(by["static"][k][col]) for k in by.get(t, {})
                      if k in by["static"] and by[t][k][col] and by["static"][k][col]]
            cells.append(ratio_cell(ratios, goal))
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    out.append("")


def resources_section(out, d):
    """Per API request of the page: median time from its start to its last byte, per target."""
    path = os.path.join(d, "raw", "page-resources.jsonl")
    if not os.path.exists(path):
        return
    times = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            load = json.loads(line)
            for r in load["resources"]:
                url = "/" + r["name"].split("/", 3)[3]
                if url.startswith(("/api/", "/ogc/")):
                    times.setdefault(url, {}).setdefault(load["target"], []).append(r["end"] - r["start"])
    out.append("The page's API requests: median milliseconds from the fetch call to the last byte (they run in "
               "parallel, six connections per host, so this includes the time queued for a connection):\n")
    out.append("| request | " + " | ".join(label for _, label in PAGE_TARGETS) + " |")
    out.append("| --- |" + " ---: |" * len(PAGE_TARGETS))
    for url in sorted(times, key=lambda u: -(med(times[u].get("gpkg", [])) or 0)):
        out.append(f"| `{url}` | " + " | ".join(fmt(med(times[url].get(t, []))) for t, _ in PAGE_TARGETS) + " |")
    out.append("")


def api_section(out, d):
    api = rows(os.path.join(d, "api.tsv"))
    data = {}
    for r in api:
        data.setdefault(r["endpoint"], {}).setdefault(r["target"], {})[int(r["round"])] = r
    rounds = len({r["round"] for r in api})
    errors = sum(int(r["socket_errors"]) + int(r["non2xx"]) for r in api)
    out.append(f"## Dashboard API latency, warm (one client, {rounds} interleaved rounds)\n")
    out.append("Median over rounds of each run's p50 / p95, milliseconds per answer "
               f"(HTTP errors and non-2xx answers over all runs: {errors}):\n")
    out.append("| endpoint | " + " | ".join(label for _, label in API_TARGETS) + " |")
    out.append("| --- |" + " ---: |" * len(API_TARGETS))
    for e, label in ENDPOINT_LABELS.items():
        if e not in data:
            continue
        cells = []
        for t, _ in API_TARGETS:
            rs = data[e].get(t, {}).values()
            p50 = med([float(r["p50_ms"]) for r in rs])
            p95 = med([float(r["p95_ms"]) for r in rs])
            cells.append(f"{fmt(p50, 1)} / {fmt(p95, 1)}")
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    out.append("")
    out.append("Ratios of p50, ours ÷ floor (per round, median over rounds, range in brackets):\n")
    out.append("| endpoint | ours GPKG ÷ raw GPKG reads | ours PG ÷ raw PG reads | ours PG ÷ ours GPKG |")
    out.append("| --- | ---: | ---: | ---: |")
    for e, label in ENDPOINT_LABELS.items():
        if e not in data:
            continue
        cells = []
        for a, b in (("gpkg", "raw_gpkg"), ("pg", "raw_pg"), ("pg", "gpkg")):
            ra, rb = data[e].get(a, {}), data[e].get(b, {})
            ratios = [float(ra[k]["p50_ms"]) / float(rb[k]["p50_ms"]) for k in ra if k in rb
                      and float(rb[k]["p50_ms"]) > 0]
            cells.append(ratio_cell(ratios))
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    out.append("")


def cold_section(out, d):
    cold = rows(os.path.join(d, "cold.tsv"))
    out.append("## Cold start (one measurement each, right after the server started)\n")
    out.append("| what | ours GPKG (ms) | ours PG (ms) |")
    out.append("| --- | ---: | ---: |")
    whats = []
    for r in cold:
        if r["what"] not in whats:
            whats.append(r["what"])
    value = {(r["target"], r["what"]): r["ms"] for r in cold}
    for w in whats:
        out.append(f"| {w} | {value.get(('gpkg', w), '—')} | {value.get(('pg', w), '—')} |")
    out.append("")


def main():
    d = sys.argv[1]
    out = ["# Cockpit bench: summary\n"]
    with open(os.path.join(d, "env.txt"), encoding="utf-8") as f:
        out.append("```\n" + f.read().rstrip() + "\n```\n")
    page_section(out, d)
    resources_section(out, d)
    api_section(out, d)
    cold_section(out, d)
    print("\n".join(out))


if __name__ == "__main__":
    main()
