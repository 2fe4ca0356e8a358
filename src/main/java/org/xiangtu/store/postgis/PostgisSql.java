package org.xiangtu.store.postgis;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.catalog.LayerDef;

/**
 * The SQL the PostGIS store and importer run, as named templates. Identifiers (tables, columns)
 * come only from the catalogue, are checked against {@code [a-z][a-z0-9_]*} and are always quoted;
 * every value is bound ({@code ?}). Geometry is EPSG:4490 lon/lat in column {@code geom}; pages are
 * ordered by {@code id} in the binary "C" collation, which is code point order.
 */
final class PostgisSql {
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

    /** The feature's geometry as WKB: exact doubles, decoded by JTS {@code WKBReader}. */
    static final String GEOMETRY_WKB = "ST_AsBinary(t.\"geom\")";
    /**
     * The feature's geometry as a GeoJSON geometry object (no bbox, no crs member). PostGIS writes
     * each double in its shortest round-trip form, limited to this many decimals; 30 is enough for
     * every lon/lat, so the text parses back to the stored doubles exactly.
     */
    static final String GEOMETRY_GEOJSON = "ST_AsGeoJSON(t.\"geom\", 30, 0)";
    /** Geometry intersects the box: the {@code &&} index test, then the exact test (touching counts). */
    static final String BBOX = "t.\"geom\" && ST_MakeEnvelope(?, ?, ?, ?, 4490)"
            + " AND ST_Intersects(t.\"geom\", ST_MakeEnvelope(?, ?, ?, ?, 4490))";
    static final String EQUALS = "t.%s = ?";
    static final String UPDATED_FROM = "t.\"updated_at\" >= ?";
    static final String UPDATED_TO = "t.\"updated_at\" <= ?";
    /** select list, table, where. */
    static final String PAGE = "SELECT %s FROM %s t WHERE %s ORDER BY t.\"id\" COLLATE \"C\" LIMIT ? OFFSET ?";
    /** table, where. */
    static final String COUNT = "SELECT count(*) FROM %s t WHERE %s";
    /** select list, table. */
    static final String BY_ID = "SELECT %s FROM %s t WHERE t.\"id\" = ?";
    /** One row per layer: its position in the catalogue, count, first and last update, exact extent. */
    static final String SUMMARY_SPATIAL = "SELECT %d, count(*), min(\"updated_at\"), max(\"updated_at\"),"
            + " ST_XMin(ST_Extent(\"geom\")), ST_YMin(ST_Extent(\"geom\")),"
            + " ST_XMax(ST_Extent(\"geom\")), ST_YMax(ST_Extent(\"geom\")) FROM %s";
    static final String SUMMARY_PLAIN = "SELECT %d, count(*), min(\"updated_at\"), max(\"updated_at\"),"
            + " NULL::float8, NULL::float8, NULL::float8, NULL::float8 FROM %s";
    static final String PING = "SELECT 1";
    static final String POSTGIS_VERSION = "SELECT postgis_lib_version()";

    /** Every base table of the current schema. */
    static final String TABLES = "SELECT table_name FROM information_schema.tables"
            + " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'";
    /** Columns of a table of the current schema: name, type (udt name), nullability. */
    static final String COLUMNS = "SELECT column_name, udt_name, is_nullable FROM information_schema.columns"
            + " WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position";
    static final String GEOMETRY_COLUMN = "SELECT type, srid, coord_dimension FROM geometry_columns"
            + " WHERE f_table_schema = current_schema() AND f_table_name = ? AND f_geometry_column = 'geom'";
    static final String PRIMARY_KEY = "SELECT a.attname FROM pg_index i"
            + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)"
            + " WHERE i.indrelid = to_regclass(quote_ident(current_schema()) || '.' || quote_ident(?)) AND i.indisprimary";
    static final String GIST_INDEXED = "SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema()"
            + " AND tablename = ? AND indexdef ILIKE '%USING gist (geom)%'";

    /** Import: empties a table inside the import transaction (readers keep the old rows until commit). */
    static final String DELETE_ALL = "DELETE FROM %s";
    /** Import: table, columns, options. Binary format (PostgisImporter.BinaryRows). */
    static final String COPY_IN = "COPY %s (%s) FROM STDIN (FORMAT binary%s)";
    static final String ANALYZE = "ANALYZE %s";

    private PostgisSql() {
    }

    /** A quoted identifier; refuses anything that is not a catalogue-style name. */
    static String q(String identifier) {
        if (!IDENTIFIER.matcher(identifier).matches()) {
            throw new IllegalArgumentException("not an identifier: " + identifier);
        }
        return '"' + identifier + '"';
    }

    /** The stored columns of a layer, in table order: id, geom (spatial layers), fields, updated_at. */
    static List<String> columns(LayerDef layer) {
        return layer.storedColumns();
    }

    /** Select list: 1 id, 2 geometry WKB (or NULL), 3… the fields, then updated_at. */
    static String selectList(LayerDef layer, List<FieldDef> fields) {
        return selectList(layer.isSpatial() ? GEOMETRY_WKB : "NULL::bytea", fields, false);
    }

    /**
     * Select list: 1 id, 2 geometry as GeoJSON text (or NULL), 3… the fields, then updated_at.
     * Fields that are not text are cast to text: PostgreSQL's text of a bigint, a boolean ({@code
     * true}/{@code false}), a date (ISO, years 0001–9999 as the importer allows) or a double
     * (shortest round-trip digits: pgjdbc connects with {@code extra_float_digits=3}) is already the
     * JSON value, or nearly ({@link GeoJsonRows}), so the server copies it instead of parsing and
     * printing it again. The cast costs PostgreSQL about what sending the column as text costs it
     * anyway (the same output functions; a boolean's cast text is {@code true}, not {@code t}).
     */
    static String geoJsonSelectList(LayerDef layer, List<FieldDef> fields) {
        return selectList(layer.isSpatial() ? GEOMETRY_GEOJSON : "NULL::text", fields, true);
    }

    private static String selectList(String geometry, List<FieldDef> fields, boolean asText) {
        StringBuilder sb = new StringBuilder("t.\"id\", ").append(geometry);
        for (FieldDef f : fields) {
            sb.append(", t.").append(q(f.name()));
            if (asText && f.type() != FieldType.STRING) {
                sb.append("::text");
            }
        }
        return sb.append(", t.\"updated_at\"").toString();
    }

    static String page(String selectList, LayerDef layer, String where) {
        return String.format(PAGE, selectList, q(layer.id()), where);
    }

    static String count(LayerDef layer, String where) {
        return String.format(COUNT, q(layer.id()), where);
    }

    static String byId(LayerDef layer, List<FieldDef> fields) {
        return String.format(BY_ID, selectList(layer, fields), q(layer.id()));
    }

    static String equalsField(FieldDef field) {
        return String.format(EQUALS, q(field.name()));
    }

    /** Every layer's summary in one statement (one round trip for /collections and /health). */
    static String summaries(List<LayerDef> layers) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            LayerDef l = layers.get(i);
            parts.add(String.format(l.isSpatial() ? SUMMARY_SPATIAL : SUMMARY_PLAIN, i, q(l.id())));
        }
        return String.join(" UNION ALL ", parts);
    }

    static String deleteAll(LayerDef layer) {
        return String.format(DELETE_ALL, q(layer.id()));
    }

    /** COPY into {@code table} (quoted), frozen (only for a table made in the same transaction) or not. */
    static String copyIn(LayerDef layer, String table, boolean freeze) {
        return String.format(COPY_IN, table, columnList(layer), freeze ? ", FREEZE" : "");
    }

    /** The stored columns, quoted, comma-separated, in table order. */
    static String columnList(LayerDef layer) {
        return columns(layer).stream().map(PostgisSql::q).collect(Collectors.joining(", "));
    }

    static String analyze(LayerDef layer) {
        return String.format(ANALYZE, q(layer.id()));
    }

    /** The column type a field is stored as ({@code information_schema} udt name in brackets). */
    static String sqlType(FieldType type) {
        return switch (type) {
            case STRING -> "text";
            case INTEGER -> "bigint";
            case NUMBER -> "double precision";
            case BOOLEAN -> "boolean";
            case DATE -> "date";
        };
    }

    /** The {@code information_schema.columns.udt_name} of a field's column. */
    static String udtName(FieldType type) {
        return switch (type) {
            case STRING -> "text";
            case INTEGER -> "int8";
            case NUMBER -> "float8";
            case BOOLEAN -> "bool";
            case DATE -> "date";
        };
    }

    /** The PostGIS geometry type name of a layer ({@code geometry_columns.type}). */
    static String geometryType(GeometryKind kind) {
        return switch (kind) {
            case POINT -> "POINT";
            case MULTILINESTRING -> "MULTILINESTRING";
            case MULTIPOLYGON -> "MULTIPOLYGON";
            default -> "GEOMETRY";
        };
    }

    private static String typmod(GeometryKind kind) {
        return switch (kind) {
            case POINT -> "Point";
            case MULTILINESTRING -> "MultiLineString";
            case MULTIPOLYGON -> "MultiPolygon";
            default -> "Geometry";
        };
    }

    /**
     * The DDL of a layer's table and indexes, as {@code V2__layers.sql} writes them: used to suggest a
     * migration when the schema lags the catalogue, and by tests to create fixture layers.
     */
    static List<String> createTable(LayerDef layer) {
        List<String> cols = new ArrayList<>();
        cols.add("\"id\" text COLLATE \"C\" PRIMARY KEY");
        if (layer.isSpatial()) {
            cols.add("\"geom\" geometry(" + typmod(layer.geometry()) + ", 4490)");
        }
        for (FieldDef f : layer.fields()) {
            cols.add(q(f.name()) + " " + sqlType(f.type()));
        }
        cols.add("\"updated_at\" timestamptz NOT NULL");
        List<String> ddl = new ArrayList<>();
        String t = q(layer.id());
        ddl.add("CREATE TABLE " + t + " (" + String.join(", ", cols) + ")");
        if (layer.isSpatial()) {
            ddl.add("CREATE INDEX " + q(layer.id() + "_geom_idx") + " ON " + t + " USING gist (\"geom\")");
        }
        ddl.add("CREATE INDEX " + q(layer.id() + "_updated_at_idx") + " ON " + t + " (\"updated_at\")");
        return ddl;
    }

    static String addColumn(LayerDef layer, FieldDef field) {
        return "ALTER TABLE " + q(layer.id()) + " ADD COLUMN " + q(field.name()) + " " + sqlType(field.type());
    }
}
