-- Issue 18, onboarding a catalogue layer: each replace, merge or rollback of a catalogue layer is a version
-- (numbered per layer from 1) that keeps a copy of the layer as it was before it, so an admin can roll back
-- (store/LayerVersionStore). Generic tables: one pair serves every layer, so applying needs no DDL.
CREATE TABLE xiangtu_layer_versions (
    layer_id text COLLATE "C" NOT NULL,
    version bigint NOT NULL,
    action text NOT NULL,
    at timestamptz NOT NULL,
    actor text,
    rolled_back_to bigint,
    written integer NOT NULL,
    removed integer NOT NULL,
    kept integer NOT NULL,
    PRIMARY KEY (layer_id, version)
);

CREATE TABLE xiangtu_layer_version_features (
    layer_id text COLLATE "C" NOT NULL,
    version bigint NOT NULL,
    seq integer NOT NULL,
    id text NOT NULL,
    geom bytea,
    properties text NOT NULL,
    PRIMARY KEY (layer_id, version, seq)
);
