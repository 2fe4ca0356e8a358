-- The FLOOR (bench/README.md): the rows query of one page, alone in PostGIS, as perf-anchors.md
-- defines it (id, the public properties, ST_AsGeoJSON(geom); bbox, order, limit as the server's page),
-- written exactly as PostgisStore sends it (BenchFloorSqlTest fails when the two differ).
-- run.sh puts "\set x0 …" lines for one bbox in front of it; pgbench -M prepared binds :x0… as $1….
SELECT t."id", ST_AsGeoJSON(t."geom", 30, 0), t."code", t."name", t."pinyin", t."town_code", t."kind", t."households"::text, t."population"::text, t."is_municipal_poverty_village"::text, t."lifted_year"::text, t."income_2017"::text, t."income_2018"::text, t."income_2019"::text, t."income_2020"::text, t."water_households_centralized"::text, t."road_access"::text, t."water_new_households"::text, t."water_meter_households"::text, t."collective_orgs_new"::text, t."empty_shell_eliminated"::text, t."updated_at"
  FROM "villages" t
  WHERE t."geom" && ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4490) AND ST_Intersects(t."geom", ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4490))
  ORDER BY t."id" COLLATE "C" LIMIT :lim OFFSET 0;
