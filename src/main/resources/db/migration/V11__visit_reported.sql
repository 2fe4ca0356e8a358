-- Issue 17 (relapse watch). A visit may report an event that puts the household at risk (a large medical
-- expense, a disaster, a loss of work); the watch's rules read it (catalogue field visits.reported).
ALTER TABLE "visits" ADD COLUMN "reported" text;

-- Alerts (catalogue layer watch_alerts, household data): a rule's hit on a household or a line of a
-- department's list, a task for the household's cadre; at the household's position.
CREATE TABLE "watch_alerts" (
    "id" text COLLATE "C" PRIMARY KEY,
    "geom" geometry(Point, 4490),
    "rule" text NOT NULL,
    "household_code" text COLLATE "C" NOT NULL,
    "village_code" text COLLATE "C" NOT NULL,
    "cadre" text,
    "tier" text NOT NULL,
    "actor" text NOT NULL,
    "opened_at" text NOT NULL,
    "due_on" date NOT NULL,
    "reason" text,
    "basis" text,
    "status" text NOT NULL CHECK ("status" IN ('open', 'confirmed', 'not_confirmed')),
    "closed_at" text,
    "closed_by" text,
    "visit_id" text,
    "note" text,
    "updated_at" timestamptz NOT NULL
);
CREATE INDEX "watch_alerts_geom_idx" ON "watch_alerts" USING gist ("geom");
-- never two open alerts for one rule and household, whoever races
CREATE UNIQUE INDEX "watch_alerts_open_idx" ON "watch_alerts" ("rule", "household_code") WHERE "status" = 'open';
CREATE INDEX "watch_alerts_village_code_idx" ON "watch_alerts" ("village_code", "status");
CREATE INDEX "watch_alerts_status_idx" ON "watch_alerts" ("status");
CREATE INDEX "watch_alerts_cadre_idx" ON "watch_alerts" ("cadre", "status");
CREATE INDEX "watch_alerts_household_code_idx" ON "watch_alerts" ("household_code");
CREATE INDEX "watch_alerts_updated_at_idx" ON "watch_alerts" ("updated_at");

-- Households under monitoring (catalogue layer watch_monitoring): one current row a household at most.
CREATE TABLE "watch_monitoring" (
    "id" text COLLATE "C" PRIMARY KEY,
    "geom" geometry(Point, 4490),
    "household_code" text COLLATE "C" NOT NULL,
    "village_code" text COLLATE "C" NOT NULL,
    "since" date NOT NULL,
    "alert_id" text,
    "measure" text,
    "ended_on" date,
    "end_reason" text,
    "ended_by" text,
    "updated_at" timestamptz NOT NULL
);
CREATE INDEX "watch_monitoring_geom_idx" ON "watch_monitoring" USING gist ("geom");
CREATE UNIQUE INDEX "watch_monitoring_current_idx" ON "watch_monitoring" ("household_code") WHERE "ended_on" IS NULL;
CREATE INDEX "watch_monitoring_village_code_idx" ON "watch_monitoring" ("village_code");
CREATE INDEX "watch_monitoring_updated_at_idx" ON "watch_monitoring" ("updated_at");
