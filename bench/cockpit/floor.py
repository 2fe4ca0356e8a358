#!/usr/bin/env python3
"""The raw store reads floor of the dashboard API (bench/README.md, "Cockpit").

For one scope (district, a town or a village) and one as-of date it reads, straight from the store,
the rows the dashboard answer is computed from, and nothing else; no aggregation, no geometry work:

  district         code, name                      (1 row)
  towns            id, code, name                  (all at district scope, else the scope's town)
  villages         every column but the geometry   (the scope's villages)
  projects         the columns the KPIs use        (the scope's projects)
  project_updates  project_id, at, progress, status of the scope's projects up to the as-of date
  industry_bases   id, category, town_code, geom   (district: all; town: its code; village: bbox)
  greenways        id, geom                        (district: all; town/village: bbox of the scope)
  home_visits      the scope's villages, the 12 months up to the as-of date
  review_meetings  the scope's towns, the same 12 months (not for a village)

The per-village intersections (roads, bases, greenways, water), which our server works out once at
start-up, are left out: the floor is what any implementation must read per answer, at the least.

    floor.py sql DIALECT GPKG SCOPE CODE ASOF       print the statements (sqlite | postgis), one a line
    floor.py sqlite GPKG SCOPE CODE ASOF SECONDS    read them in a loop in-process; print JSON stats
"""
import datetime
import json
import sqlite3
import sys
import time

PROJECT_COLS = "id, kind, town_code, village_code, budget_yuan, spent_yuan, start, due, status, progress_pct"


def quote(text):
    return "'" + text.replace("'", "''") + "'"


def village_columns(gpkg):
    with sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True) as db:
        cols = [r[1] for r in db.execute("SELECT * FROM pragma_table_info('villages')")]
    return ", ".join('"' + c + '"' for c in cols if c not in ("fid", "geom"))


def statements(dialect, gpkg, scope, code, as_of):
    """The floor's SELECTs for a scope, in the store's SQL dialect."""
    at = datetime.date.fromisoformat(as_of)
    first = at.replace(day=1)
    for _ in range(11):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    c, a, m0 = quote(code), quote(as_of), quote(first.isoformat())
    vcols = village_columns(gpkg)
    if scope == "district":
        towns, villages, projects = "", "", ""
        meeting_towns = ""
    elif scope == "town":
        towns, villages, projects = f" WHERE code = {c}", f" WHERE town_code = {c}", f" WHERE town_code = {c}"
        meeting_towns = f" AND town_code = {c}"
    else:
        towns = f" WHERE code = (SELECT town_code FROM villages WHERE code = {c})"
        villages, projects = f" WHERE code = {c}", f" WHERE village_code = {c}"
        meeting_towns = None
    scope_villages = f"SELECT code FROM villages{villages}"

    def in_bbox(layer):
        """Rows of `layer` whose bbox meets the scope's (the town's or the village's) geometry."""
        area = "towns" if scope == "town" else "villages"
        if dialect == "postgis":
            return f" WHERE geom && (SELECT geom FROM {area} WHERE code = {c})"
        return (f" WHERE fid IN (SELECT l.id FROM rtree_{layer}_geom l, rtree_{area}_geom s"
                f" WHERE s.id = (SELECT fid FROM {area} WHERE code = {c})"
                f" AND l.maxx >= s.minx AND l.minx <= s.maxx AND l.maxy >= s.miny AND l.miny <= s.maxy)")

    bases = "" if scope == "district" else (f" WHERE town_code = {c}" if scope == "town" else in_bbox("industry_bases"))
    greenways = "" if scope == "district" else in_bbox("greenways")
    out = [
        "SELECT code, name FROM district",
        f"SELECT id, code, name FROM towns{towns}",
        f"SELECT {vcols} FROM villages{villages}",
        f"SELECT {PROJECT_COLS} FROM projects{projects}",
        f'SELECT project_id, "at", progress_pct, status FROM project_updates WHERE "at" <= {a}'
        f" AND project_id IN (SELECT id FROM projects{projects})",
        f"SELECT id, category, town_code, geom FROM industry_bases{bases}",
        f"SELECT id, geom FROM greenways{greenways}",
        f"SELECT village_code, month, visits FROM home_visits WHERE month >= {m0} AND month <= {a}"
        f" AND village_code IN ({scope_villages})",
    ]
    if meeting_towns is not None:
        out.append(f"SELECT town_code, month, meetings, problems_solved FROM review_meetings"
                   f" WHERE month >= {m0} AND month <= {a}{meeting_towns}")
    return out


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = (len(sorted_values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


def sqlite_loop(gpkg, scope, code, as_of, seconds):
    """Runs the statements in a loop on one read-only connection; every statement's rows are fetched."""
    sql = statements("sqlite", gpkg, scope, code, as_of)
    db = sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True, check_same_thread=False)
    rows = sum(len(db.execute(s).fetchall()) for s in sql)  # also warms the page cache
    times = []
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        t = time.perf_counter()
        for s in sql:
            db.execute(s).fetchall()
        times.append((time.perf_counter() - t) * 1000)
    db.close()
    times.sort()
    return {"n": len(times), "rows": rows, "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95),
            "p99_ms": percentile(times, 99), "mean_ms": sum(times) / len(times), "sqlite": sqlite3.sqlite_version}


def main():
    if len(sys.argv) >= 7 and sys.argv[1] == "sql":
        for s in statements(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], sys.argv[6]):
            print(s + ";")
    elif len(sys.argv) >= 7 and sys.argv[1] == "sqlite":
        print(json.dumps(sqlite_loop(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], float(sys.argv[6]))))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
