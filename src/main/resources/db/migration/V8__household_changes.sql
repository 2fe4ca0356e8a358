-- Issue 16: household updates from the field app. The households' catalogue columns stay; every accepted
-- change is a row here, and a household's version is its highest change version (0 as imported).
CREATE TABLE household_changes (
    household_code text COLLATE "C" NOT NULL,
    version bigint NOT NULL,
    field text NOT NULL,
    update_id text NOT NULL,
    old_value text,
    new_value text,
    cadre text,
    at text,
    applied_at timestamptz NOT NULL,
    PRIMARY KEY (household_code, version, field)
);
-- one row per update from a device, so that an update sent twice is stored once and answered the same
CREATE TABLE household_updates (
    id text COLLATE "C" PRIMARY KEY,
    household_code text NOT NULL,
    cadre text,
    base_version bigint NOT NULL,
    at text,
    outcome text NOT NULL,
    stored_at timestamptz NOT NULL
);
-- a field two people changed: the review queue
CREATE TABLE household_reviews (
    id text COLLATE "C" PRIMARY KEY,
    household_code text NOT NULL,
    village_code text,
    field text NOT NULL,
    base_value text,
    current_value text,
    proposed_value text,
    cadre text,
    at text,
    status text NOT NULL CHECK (status IN ('open', 'resolved')),
    resolution text CHECK (resolution IN ('current', 'proposed')),
    resolved_by text,
    resolved_at timestamptz,
    created_at timestamptz NOT NULL
);
CREATE INDEX household_reviews_status_idx ON household_reviews (status, village_code);
