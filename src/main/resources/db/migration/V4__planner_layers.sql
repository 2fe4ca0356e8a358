-- Planners' imported layers: one row per layer (its fields as JSON, who imported it, whether it is
-- published to the OGC API) and its features (WKB geometry in EPSG:4490 lon/lat, the bounding box as
-- numbers for bbox queries, the properties as JSON). Generic tables, so an import needs no DDL.
CREATE TABLE xiangtu_planner_layers (
    id text COLLATE "C" PRIMARY KEY,
    title text NOT NULL,
    owner text NOT NULL,
    geometry_kind text NOT NULL,
    fields text NOT NULL,
    features integer NOT NULL,
    published integer NOT NULL DEFAULT 0,
    source text,
    report text,
    min_x double precision, min_y double precision, max_x double precision, max_y double precision,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE xiangtu_planner_features (
    layer_id text COLLATE "C" NOT NULL REFERENCES xiangtu_planner_layers (id) ON DELETE CASCADE,
    seq integer NOT NULL,
    geom bytea,
    min_x double precision, min_y double precision, max_x double precision, max_y double precision,
    properties text NOT NULL,
    PRIMARY KEY (layer_id, seq)
);
CREATE INDEX xiangtu_planner_features_bbox_idx ON xiangtu_planner_features (layer_id, min_x, max_x);
