-- The FLOOR (bench/README.md): the rows query of one page, alone in PostGIS, as perf-anchors.md
-- defines it (id, the public properties, ST_AsGeoJSON(geom); bbox, order, limit as the server's page).
-- run.sh puts "\set x0 …" lines for one bbox in front of it; pgbench -M prepared binds :x0… as $1….
SELECT t."id", ST_AsGeoJSON(t."geom"), t."code", t."name", t."town_code", t."kind", t."households", t."population", t."is_municipal_poverty_village", t."lifted_year", t."income_2017", t."income_2018", t."income_2019", t."income_2020", t."water_households_centralized", t."road_access", t."water_new_households", t."water_meter_households", t."collective_orgs_new", t."empty_shell_eliminated", t."updated_at"
  FROM "villages" t
  WHERE t."geom" && ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4490) AND ST_Intersects(t."geom", ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4490))
  ORDER BY t."id" COLLATE "C" LIMIT :lim OFFSET 0;
