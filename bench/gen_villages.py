#!/usr/bin/env python3
"""Synthetic province-scale village layer for the benchmark (bench/README.md).

Writes a GeoJSON FeatureCollection of N village polygons (default 200,000) that the catalogue's
`villages` layer accepts: every field of data/catalog.json's villages layer, `updated_at`, ids
`village-<code>`, MultiPolygon geometry in lon/lat (EPSG:4490).

Geometry: a 500 x 400 grid of 0.01 degree cells centred on 106.0 E, 29.8 N (103.5-108.5 E,
27.8-31.8 N); in each cell a star-shaped ring of 16 vertices (17 points with the closing one) whose
radius varies between 0.30 and 0.48 of a cell, so neighbours never overlap and every polygon is
valid. Deterministic: the same N gives a byte-identical file.

    python3 bench/gen_villages.py OUT.geojson [N]
"""
import math
import random
import sys

CX, CY = 106.0, 29.8       # centre of the grid
CELL = 0.01                # degrees
VERTICES = 16              # distinct vertices per ring


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 200_000
    cols = 500 if n == 200_000 else math.ceil(math.sqrt(n * 1.25))
    rows = math.ceil(n / cols)
    x0 = CX - cols * CELL / 2
    y0 = CY - rows * CELL / 2
    rnd = random.Random(20260)
    angles = [2 * math.pi * v / VERTICES for v in range(VERTICES)]
    cos = [math.cos(a) for a in angles]
    sin = [math.sin(a) for a in angles]
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        f.write('{"type":"FeatureCollection","name":"villages","description":'
                '"Synthetic benchmark villages (bench/gen_villages.py); not real data.","features":[\n')
        for k in range(n):
            col, row = k % cols, k // cols
            cx = x0 + (col + 0.5) * CELL
            cy = y0 + (row + 0.5) * CELL
            pts = []
            for v in range(VERTICES):
                r = CELL * (0.30 + 0.18 * rnd.random())
                pts.append("[%.6f,%.6f]" % (cx + r * cos[v], cy + r * sin[v]))
            pts.append(pts[0])
            code = "5199%08d" % k
            households = 150 + rnd.randrange(2500)
            population = households * (2 + rnd.randrange(3))
            income = 12000 + rnd.randrange(10000)
            kind = "community" if k % 7 == 0 else "village"
            poor = rnd.randrange(40)
            props = (
                '"code":"%s","name":"合成%s村","town_code":"5199%05d000","kind":"%s",'
                '"households":%d,"population":%d,"poor_households":%d,"poor_people":%d,'
                '"watch_households":%d,"push_households":%d,"safety_net_households":%d,'
                '"watch_people":%d,"push_people":%d,"safety_net_people":%d,"extreme_poverty_people":%d,'
                '"is_municipal_poverty_village":%s,"lifted_year":%s,'
                '"income_2017":%d,"income_2018":%d,"income_2019":%d,"income_2020":%d,'
                '"water_households_centralized":%d,"road_access":%s,"water_new_households":%d,'
                '"water_new_people":%d,"water_meter_households":%d,"houses_renovated":%d,'
                '"collective_orgs_new":%d,"empty_shell_eliminated":%s,"students_funded":%d,'
                '"student_aid_yuan":%d,"updated_at":"2021-06-30T00:00:00Z"'
            ) % (
                code, k, k // 30, kind,
                households, population, poor, poor * 3,
                poor // 4, poor // 8, poor // 5,
                poor // 2, poor // 4, poor // 3, rnd.randrange(3),
                "true" if k % 11 == 0 else "false", (2015 + k % 6) if poor else "null",
                income, income + 1500, income + 3100, income + 4600,
                households - rnd.randrange(150), "true" if k % 13 else "false", rnd.randrange(20),
                rnd.randrange(60), rnd.randrange(400), rnd.randrange(30),
                rnd.randrange(4), "null" if k % 5 else "true", rnd.randrange(10),
                rnd.randrange(5000),
            )
            f.write('%s{"type":"Feature","id":"village-%s","geometry":{"type":"MultiPolygon",'
                    '"coordinates":[[[%s]]]},"properties":{%s}}'
                    % ("" if k == 0 else ",\n", code, ",".join(pts), props))
        f.write("\n]}\n")


if __name__ == "__main__":
    main()
