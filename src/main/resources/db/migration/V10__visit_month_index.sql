-- Issue 16 (field app sync): a visit recounts its village's visits in its month (store/jdbc/WorkSql
-- FIELD_COUNT_MONTH: village_code = ? AND substr(at, 1, 7) = ?). This index answers that from the index
-- alone instead of reading every visit of the village. The GeoPackage has the same index
-- (store/geopackage/GeoPackageWorkSql.FIELD_INDEXES).
CREATE INDEX visits_village_month_idx ON visits (village_code, substr(at, 1, 7));
