-- Diagnostic, not the floor (bench/README.md): what PostgisStore sends for a FULL page (one that has
-- a next page): the floor's rows query, then count(*) for numberMatched, each a statement of its own
-- in autocommit. None of the benchmark's pages is full (420-441 rows of 500), so the server sends only
-- the rows query for them; this shows what a full page would cost. Geometry stays ST_AsGeoJSON as in
-- the floor. run.sh puts the bbox's "\set" lines in front.
SELECT t."id", ST_AsGeoJSON(t."geom", 30, 0), t."code", t."name", t."pinyin", t."town_code", t."kind", t."households"::text, t."population"::text, t."is_municipal_poverty_village"::text, t."lifted_year"::text, t."income_2017"::text, t."income_2018"::text, t."income_2019"::text, t."income_2020"::text, t."water_households_centralized"::text, t."road_access"::text, t."water_new_households"::text, t."water_meter_households"::text, t."collective_orgs_new"::text, t."empty_shell_eliminated"::text, t."updated_at"
  FROM "villages" t
  WHERE t."geom" && ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4490) AND ST_Intersects(t."geom", ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4490))
  ORDER BY t."id" COLLATE "C" LIMIT :lim OFFSET 0;
SELECT count(*) FROM "villages" t WHERE t."geom" && ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4490) AND ST_Intersects(t."geom", ST_MakeEnvelope(:x0, :y0, :x1, :y1, 4490));
