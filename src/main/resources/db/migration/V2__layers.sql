-- One table per layer of data/catalog.json (the catalogue as of this migration), typed columns:
-- string → text, integer → bigint, number → double precision, boolean → boolean, date → date.
-- id: the stable feature id (binary "C" collation, so the primary key index is in code point order,
-- the order of every page); geom: lon/lat EPSG:4490 (CGCS2000) with a GiST index; updated_at: when
-- the feature last changed. Indexes on the fields pages filter by. A catalogue change needs a new
-- migration (V3__…): PostgisSchemaIT fails until the schema matches the catalogue again.

CREATE TABLE "district" (
    "id" text COLLATE "C" PRIMARY KEY,
    "geom" geometry(MultiPolygon, 4490),
    "code" text,
    "name" text,
    "updated_at" timestamptz NOT NULL
);
CREATE INDEX "district_geom_idx" ON "district" USING gist ("geom");
CREATE INDEX "district_code_idx" ON "district" ("code");
CREATE INDEX "district_updated_at_idx" ON "district" ("updated_at");

CREATE TABLE "towns" (
    "id" text COLLATE "C" PRIMARY KEY,
    "geom" geometry(MultiPolygon, 4490),
    "code" text,
    "name" text,
    "pinyin" text,
    "kind" text,
    "updated_at" timestamptz NOT NULL
);
CREATE INDEX "towns_geom_idx" ON "towns" USING gist ("geom");
CREATE INDEX "towns_code_idx" ON "towns" ("code");
CREATE INDEX "towns_kind_idx" ON "towns" ("kind");
CREATE INDEX "towns_updated_at_idx" ON "towns" ("updated_at");

CREATE TABLE "villages" (
    "id" text COLLATE "C" PRIMARY KEY,
    "geom" geometry(MultiPolygon, 4490),
    "code" text,
    "name" text,
    "town_code" text,
    "kind" text,
    "households" bigint,
    "population" bigint,
    "poor_households" bigint,
    "poor_people" bigint,
    "watch_households" bigint,
    "push_households" bigint,
    "safety_net_households" bigint,
    "watch_people" bigint,
    "push_people" bigint,
    "safety_net_people" bigint,
    "extreme_poverty_people" bigint,
    "is_municipal_poverty_village" boolean,
    "lifted_year" bigint,
    "income_2017" double precision,
    "income_2018" double precision,
    "income_2019" double precision,
    "income_2020" double precision,
    "water_households_centralized" bigint,
    "road_access" boolean,
    "water_new_households" bigint,
    "water_new_people" bigint,
    "water_meter_households" bigint,
    "houses_renovated" bigint,
    "collective_orgs_new" bigint,
    "empty_shell_eliminated" boolean,
    "students_funded" bigint,
    "student_aid_yuan" double precision,
    "updated_at" timestamptz NOT NULL
);
CREATE INDEX "villages_geom_idx" ON "villages" USING gist ("geom");
CREATE INDEX "villages_code_idx" ON "villages" ("code");
CREATE INDEX "villages_town_code_idx" ON "villages" ("town_code");
CREATE INDEX "villages_kind_idx" ON "villages" ("kind");
CREATE INDEX "villages_updated_at_idx" ON "villages" ("updated_at");

CREATE TABLE "industry_bases" (
    "id" text COLLATE "C" PRIMARY KEY,
    "geom" geometry(MultiPolygon, 4490),
    "name" text,
    "category" text,
    "flagship" text,
    "operator" text,
    "town_code" text,
    "updated_at" timestamptz NOT NULL
);
CREATE INDEX "industry_bases_geom_idx" ON "industry_bases" USING gist ("geom");
CREATE INDEX "industry_bases_town_code_idx" ON "industry_bases" ("town_code");
CREATE INDEX "industry_bases_updated_at_idx" ON "industry_bases" ("updated_at");

CREATE TABLE "greenways" (
    "id" text COLLATE "C" PRIMARY KEY,
    "geom" geometry(MultiLineString, 4490),
    "name" text,
    "segment" text,
    "opened" date,
    "updated_at" timestamptz NOT NULL
);
CREATE INDEX "greenways_geom_idx" ON "greenways" USING gist ("geom");
CREATE INDEX "greenways_updated_at_idx" ON "greenways" ("updated_at");

CREATE TABLE "greenway_stations" (
    "id" text COLLATE "C" PRIMARY KEY,
    "geom" geometry(Point, 4490),
    "name" text,
    "town_code" text,
    "updated_at" timestamptz NOT NULL
);
CREATE INDEX "greenway_stations_geom_idx" ON "greenway_stations" USING gist ("geom");
CREATE INDEX "greenway_stations_town_code_idx" ON "greenway_stations" ("town_code");
CREATE INDEX "greenway_stations_updated_at_idx" ON "greenway_stations" ("updated_at");

CREATE TABLE "water_pipes" (
    "id" text COLLATE "C" PRIMARY KEY,
    "geom" geometry(MultiLineString, 4490),
    "kind" text,
    "diameter_mm" bigint,
    "material" text,
    "built_year" bigint,
    "updated_at" timestamptz NOT NULL
);
CREATE INDEX "water_pipes_geom_idx" ON "water_pipes" USING gist ("geom");
CREATE INDEX "water_pipes_kind_idx" ON "water_pipes" ("kind");
CREATE INDEX "water_pipes_updated_at_idx" ON "water_pipes" ("updated_at");

CREATE TABLE "water_works" (
    "id" text COLLATE "C" PRIMARY KEY,
    "geom" geometry(Point, 4490),
    "name" text,
    "kind" text,
    "capacity_m3_day" double precision,
    "people_served" bigint,
    "quality_pass" boolean,
    "town_code" text,
    "updated_at" timestamptz NOT NULL
);
CREATE INDEX "water_works_geom_idx" ON "water_works" USING gist ("geom");
CREATE INDEX "water_works_kind_idx" ON "water_works" ("kind");
CREATE INDEX "water_works_town_code_idx" ON "water_works" ("town_code");
CREATE INDEX "water_works_updated_at_idx" ON "water_works" ("updated_at");

CREATE TABLE "roads" (
    "id" text COLLATE "C" PRIMARY KEY,
    "geom" geometry(MultiLineString, 4490),
    "name" text,
    "grade" text,
    "surface" text,
    "built_year" bigint,
    "hardened_year" bigint,
    "updated_at" timestamptz NOT NULL
);
CREATE INDEX "roads_geom_idx" ON "roads" USING gist ("geom");
CREATE INDEX "roads_updated_at_idx" ON "roads" ("updated_at");

CREATE TABLE "projects" (
    "id" text COLLATE "C" PRIMARY KEY,
    "geom" geometry(Geometry, 4490),
    "name" text,
    "kind" text,
    "town_code" text,
    "village_code" text,
    "budget_yuan" double precision,
    "spent_yuan" double precision,
    "start" date,
    "due" date,
    "status" text,
    "progress_pct" double precision,
    "updated_at" timestamptz NOT NULL
);
CREATE INDEX "projects_geom_idx" ON "projects" USING gist ("geom");
CREATE INDEX "projects_kind_idx" ON "projects" ("kind");
CREATE INDEX "projects_town_code_idx" ON "projects" ("town_code");
CREATE INDEX "projects_village_code_idx" ON "projects" ("village_code");
CREATE INDEX "projects_status_idx" ON "projects" ("status");
CREATE INDEX "projects_updated_at_idx" ON "projects" ("updated_at");

CREATE TABLE "project_updates" (
    "id" text COLLATE "C" PRIMARY KEY,
    "project_id" text,
    "at" date,
    "progress_pct" double precision,
    "status" text,
    "note" text,
    "by" text,
    "updated_at" timestamptz NOT NULL
);
CREATE INDEX "project_updates_project_id_idx" ON "project_updates" ("project_id");
CREATE INDEX "project_updates_status_idx" ON "project_updates" ("status");
CREATE INDEX "project_updates_updated_at_idx" ON "project_updates" ("updated_at");

CREATE TABLE "home_visits" (
    "id" text COLLATE "C" PRIMARY KEY,
    "village_code" text,
    "month" date,
    "visits" bigint,
    "updated_at" timestamptz NOT NULL
);
CREATE INDEX "home_visits_village_code_idx" ON "home_visits" ("village_code");
CREATE INDEX "home_visits_updated_at_idx" ON "home_visits" ("updated_at");

CREATE TABLE "review_meetings" (
    "id" text COLLATE "C" PRIMARY KEY,
    "town_code" text,
    "month" date,
    "meetings" bigint,
    "problems_raised" bigint,
    "problems_solved" bigint,
    "updated_at" timestamptz NOT NULL
);
CREATE INDEX "review_meetings_town_code_idx" ON "review_meetings" ("town_code");
CREATE INDEX "review_meetings_updated_at_idx" ON "review_meetings" ("updated_at");
