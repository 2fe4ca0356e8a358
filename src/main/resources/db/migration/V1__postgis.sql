-- Xiangtu on PostgreSQL/PostGIS: the PostGIS extension (geometry type, GiST operators, ST_* functions).
-- Needs a role allowed to create it (or an administrator who ran this once); harmless when it exists.
CREATE EXTENSION IF NOT EXISTS postgis;
