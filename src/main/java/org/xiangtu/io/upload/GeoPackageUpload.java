package org.xiangtu.io.upload;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureSource;
import org.xiangtu.store.geopackage.GeoPackageReader;

/**
 * The first feature table of an uploaded GeoPackage (a warning names any others), read with the one
 * {@link GeoPackageReader}, distrusted, read-only, interrupted when the budget's time is up: its columns
 * typed from their declared SQL types, its geometry blobs decoded, its CRS from
 * {@code gpkg_spatial_ref_sys}. Only base tables are read (the metadata tables too; views and virtual
 * tables are refused), generated columns are left out, and the bytes of the values read count against
 * the unzipped-size limit.
 */
final class GeoPackageUpload {
    private static final String[] METADATA = {"gpkg_contents", "gpkg_geometry_columns", "gpkg_spatial_ref_sys"};

    private GeoPackageUpload() {
    }

    static RawLayer read(Path file, Budget budget) {
        GeoPackageReader reader;
        try {
            reader = GeoPackageReader.open(file, budget::isOverTime);
        } catch (GeoPackageReader.Unreadable e) {
            throw unreadable(e, budget);
        }
        try {
            RawLayer layer = open(reader, budget);
            reader = null; // the features own it now
            return layer;
        } catch (GeoPackageReader.Unreadable e) {
            throw unreadable(e, budget);
        } catch (GeoPackageReader.NotATable e) {
            throw notATable(e);
        } finally {
            if (reader != null) {
                reader.close();
            }
        }
    }

    private static RawLayer open(GeoPackageReader reader, Budget budget) {
        for (String table : METADATA) {
            reader.requireBaseTable(table);
        }
        List<GeoPackageReader.Table> tables = reader.featureTables();
        if (tables.isEmpty()) {
            throw UploadException.bad("file", "the GeoPackage has no feature table");
        }
        GeoPackageReader.Table t = tables.get(0);
        String name = t.identifier() == null || t.identifier().isBlank() ? t.name() : t.identifier();
        RawLayer layer = new RawLayer("geopackage", name);
        if (tables.size() > 1) {
            layer.warnings.add("the GeoPackage has " + tables.size() + " feature tables; only '" + t.name()
                    + "' was read");
        }
        reader.requireBaseTable(t.name());
        layer.crs = crs(reader.srs(t.srsId()));
        List<String> columns = new ArrayList<>();
        List<FeatureSource.Field> fields = new ArrayList<>();
        String geom = null;
        String key = null;
        for (GeoPackageReader.Column col : reader.columns(t.name())) {
            if (col.primaryKey() && !col.hidden() && key == null) {
                key = col.name(); // read for the report's repairs (the feature's id), not a field
            }
            if (col.hidden()) {
                layer.warnings.add("column '" + col.name() + "' is computed, not stored; it was left out");
            } else if (col.name().equalsIgnoreCase(t.geometryColumn())) {
                geom = col.name();
            } else if (!col.primaryKey()) {
                FieldType type = col.fieldType();
                if (type == null) {
                    layer.warnings.add("column '" + col.name() + "' (" + col.declaredType() + ") was left out");
                } else {
                    columns.add(col.name());
                    fields.add(new FeatureSource.Field(col.name(), type));
                }
            }
        }
        if (geom == null) {
            throw UploadException.bad("file", "the geometry column '" + t.geometryColumn()
                    + "' is not a stored column of '" + t.name() + "'");
        }
        if (key != null) {
            columns.add(key);
        }
        GeoPackageReader.Rows rows = reader.rows(t.name(), geom, columns, RawLayer.SOURCE, GeometryKind.GEOMETRY,
                fields).closingReader(reader);
        layer.features = new Values(rows, fields, key, budget);
        return layer;
    }

    private static SourceCrs crs(GeoPackageReader.Srs srs) {
        if (srs == null) {
            return null;
        }
        if ("EPSG".equalsIgnoreCase(srs.organization())) {
            return SourceCrs.of(srs.organizationCode(), "file");
        }
        return SourceCrs.fromPrj(srs.definition());
    }

    private static UploadException unreadable(GeoPackageReader.Unreadable e, Budget budget) {
        budget.time();
        return new UploadException(400, "file", "not a readable GeoPackage: " + e.plainWords(), e);
    }

    private static UploadException notATable(GeoPackageReader.NotATable e) {
        if (e.kind() == null) {
            return UploadException.bad("file", "the GeoPackage has no table '" + e.table() + "'");
        }
        return UploadException.bad("file", "'" + e.table() + "' in the GeoPackage is a " + e.kind()
                + "; only plain tables are read");
    }

    /** The rows with each value brought to its column's type, counted against the budget. */
    private static final class Values extends FeatureSource.ReadAhead {
        private final GeoPackageReader.Rows rows;
        private final Budget budget;
        /** The primary key column (the feature's id in the report), or null. */
        private final String key;

        Values(GeoPackageReader.Rows rows, List<Field> fields, String key, Budget budget) {
            super("geopackage", GeometryKind.GEOMETRY, fields);
            this.rows = rows;
            this.key = key;
            this.budget = budget;
        }

        @Override
        protected Feature read() {
            Feature raw;
            try {
                raw = rows.hasNext() ? rows.next() : null;
            } catch (GeoPackageReader.Unreadable e) {
                throw unreadable(e, budget);
            } catch (GeoPackageReader.BadGeometry e) {
                throw UploadException.bad("file", switch (e.problem()) {
                    case NOT_A_BLOB -> "a geometry is not a GeoPackage geometry blob";
                    case BAD_HEADER -> "a geometry has a damaged GeoPackage header";
                    case BAD_WKB -> "a geometry has damaged WKB";
                });
            }
            if (raw == null) {
                return null;
            }
            budget.feature();
            budget.bytes(rows.geometryBytes());
            Geometry g = raw.geometry();
            if (g != null) {
                budget.vertices(g.getNumPoints());
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (Field f : fields()) {
                values.put(f.name(), value(raw.properties().get(f.name()), f.type(), budget));
            }
            Object id = key == null ? null : raw.properties().get(key);
            return new Feature(id == null ? null : id.toString(), g, values);
        }

        @Override
        protected void release() {
            rows.close();
        }
    }

    private static Object value(Object v, FieldType type, Budget budget) {
        if (v == null) {
            return null;
        }
        budget.bytes(v instanceof byte[] b ? b.length : v instanceof String str ? str.length() : 8);
        return switch (type) {
            case INTEGER -> v instanceof Number n ? n.longValue() : parseOrNull(v.toString(), true);
            case NUMBER -> v instanceof Number n ? n.doubleValue() : parseOrNull(v.toString(), false);
            case BOOLEAN -> v instanceof Number n ? n.intValue() != 0 : TypeGuess.bool(v.toString());
            case DATE -> TypeGuess.isDate(v.toString()) ? v.toString() : null;
            case STRING -> v.toString();
        };
    }

    private static Object parseOrNull(String s, boolean integer) {
        try {
            return integer ? Long.parseLong(s.strip()) : Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
