-- Issue 16: the households, visit records and assistance logs of the field app, as catalogue layers (personal
-- data: the catalogue's layer visibility 'household'). The village counts and home_visits are computed from them.

CREATE TABLE "households" (
    "id" text COLLATE "C" PRIMARY KEY,
    "geom" geometry(Point, 4490),
    "code" text,
    "village_code" text,
    "head_name" text,
    "size" bigint,
    "class" text,
    "main_cause" text,
    "extreme_poor_people" bigint,
    "food_clothing" text,
    "food_clothing_checked" date,
    "housing" text,
    "housing_checked" date,
    "water" text,
    "water_checked" date,
    "education" text,
    "education_checked" date,
    "medical" text,
    "medical_checked" date,
    "income_wage_2019" double precision,
    "income_business_2019" double precision,
    "income_transfer_2019" double precision,
    "income_property_2019" double precision,
    "income_wage_2020" double precision,
    "income_business_2020" double precision,
    "income_transfer_2020" double precision,
    "income_property_2020" double precision,
    "lifted_year" bigint,
    "cadre" text,
    "updated_at" timestamptz NOT NULL
);
CREATE INDEX "households_geom_idx" ON "households" USING gist ("geom");
CREATE UNIQUE INDEX "households_code_idx" ON "households" ("code");
CREATE INDEX "households_village_code_idx" ON "households" ("village_code");
CREATE INDEX "households_cadre_idx" ON "households" ("cadre");
CREATE INDEX "households_class_idx" ON "households" ("class");
CREATE INDEX "households_updated_at_idx" ON "households" ("updated_at");

CREATE TABLE "visits" (
    "id" text COLLATE "C" PRIMARY KEY,
    "geom" geometry(Point, 4490),
    "household_code" text,
    "village_code" text,
    "cadre" text,
    "at" text,
    "kind" text,
    "note" text,
    "photos" bigint,
    "updated_at" timestamptz NOT NULL
);
CREATE INDEX "visits_geom_idx" ON "visits" USING gist ("geom");
CREATE INDEX "visits_household_code_idx" ON "visits" ("household_code");
CREATE INDEX "visits_village_code_idx" ON "visits" ("village_code");
CREATE INDEX "visits_cadre_idx" ON "visits" ("cadre");
CREATE INDEX "visits_kind_idx" ON "visits" ("kind");
CREATE INDEX "visits_updated_at_idx" ON "visits" ("updated_at");

CREATE TABLE "work_logs" (
    "id" text COLLATE "C" PRIMARY KEY,
    "geom" geometry(Point, 4490),
    "household_code" text,
    "village_code" text,
    "cadre" text,
    "at" text,
    "kind" text,
    "text" text,
    "photos" bigint,
    "updated_at" timestamptz NOT NULL
);
CREATE INDEX "work_logs_geom_idx" ON "work_logs" USING gist ("geom");
CREATE INDEX "work_logs_household_code_idx" ON "work_logs" ("household_code");
CREATE INDEX "work_logs_village_code_idx" ON "work_logs" ("village_code");
CREATE INDEX "work_logs_cadre_idx" ON "work_logs" ("cadre");
CREATE INDEX "work_logs_kind_idx" ON "work_logs" ("kind");
CREATE INDEX "work_logs_updated_at_idx" ON "work_logs" ("updated_at");
-- the assistance cadre (帮扶干部) is a role of its own: users and their sessions may carry it
ALTER TABLE xiangtu_users DROP CONSTRAINT xiangtu_users_role_check;
ALTER TABLE xiangtu_users ADD CONSTRAINT xiangtu_users_role_check CHECK (role IN ('leader', 'planner', 'admin', 'cadre'));
ALTER TABLE xiangtu_sessions DROP CONSTRAINT xiangtu_sessions_role_check;
ALTER TABLE xiangtu_sessions ADD CONSTRAINT xiangtu_sessions_role_check CHECK (role IN ('leader', 'planner', 'admin', 'cadre'));
