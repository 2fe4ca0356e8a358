-- Issue 17 (relapse watch). A visit may report an event that puts the household at risk (a large medical
-- expense, a disaster, a loss of work); the watch's rules read it (catalogue field visits.reported).
ALTER TABLE "visits" ADD COLUMN "reported" text;

-- Alerts: a rule's hit on a household or a line of a department's list, a task for the household's cadre.
CREATE TABLE watch_alerts (
    id text COLLATE "C" PRIMARY KEY,
    rule text NOT NULL,
    household_code text COLLATE "C" NOT NULL,
    village_code text COLLATE "C" NOT NULL,
    cadre text,
    tier text NOT NULL,
    actor text NOT NULL,
    opened_at timestamptz NOT NULL,
    due_on date NOT NULL,
    reason text,
    status text NOT NULL CHECK (status IN ('open', 'confirmed', 'not_confirmed')),
    closed_at timestamptz,
    closed_by text,
    visit_id text,
    note text
);
-- never two open alerts for one rule and household, whoever races
CREATE UNIQUE INDEX watch_alerts_open_idx ON watch_alerts (rule, household_code) WHERE status = 'open';
CREATE INDEX watch_alerts_village_idx ON watch_alerts (village_code, status);
CREATE INDEX watch_alerts_cadre_idx ON watch_alerts (cadre, status);
CREATE INDEX watch_alerts_household_idx ON watch_alerts (household_code);

-- Households under monitoring: one current row a household at most.
CREATE TABLE watch_monitoring (
    household_code text COLLATE "C" NOT NULL,
    village_code text COLLATE "C" NOT NULL,
    since date NOT NULL,
    alert_id text,
    measure text,
    ended_on date,
    end_reason text,
    ended_by text
);
CREATE UNIQUE INDEX watch_monitoring_current_idx ON watch_monitoring (household_code) WHERE ended_on IS NULL;
CREATE INDEX watch_monitoring_village_idx ON watch_monitoring (village_code);
