package org.xiangtu.io.export;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import mil.nga.geopackage.BoundingBox;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.attributes.AttributesColumn;
import mil.nga.geopackage.attributes.AttributesTableMetadata;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.db.TableColumnKey;
import mil.nga.geopackage.extension.rtree.RTreeIndexExtension;
import mil.nga.geopackage.extension.schema.SchemaExtension;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureTable;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.sf.GeometryType;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.WKBWriter;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.geo.Crs;
import org.xiangtu.store.Feature;
import org.xiangtu.store.geopackage.GeoPackageBuilder;

/**
 * Writes an export as a GeoPackage 1.3 file that GDAL 3.6 and QGIS open without warnings: one table
 * named after the layer with an INTEGER primary key {@code fid}, the feature id as TEXT column
 * {@code id}, one typed column per field (TEXT, INTEGER, DOUBLE, BOOLEAN, DATE) and, for a spatial
 * layer, geometry column {@code geom} of the layer's type in EPSG:4490 lon/lat with an R-tree index; a
 * layer without geometry becomes an attributes table. Field titles go to {@code gpkg_data_columns}
 * (schema extension). The SRS definition and the declared version come from {@link GeoPackageBuilder}.
 *
 * <p>A Polygon in a MULTIPOLYGON layer (or a LineString in a MULTILINESTRING one), as a drawn selection
 * may yield, is written as a one-part multi geometry, since a GeoPackage column holds one type. Any
 * other geometry that does not fit the layer's type is an {@link IllegalArgumentException}.
 *
 * <p>The file is written to a temporary file (SQLite needs random access), in the default rollback
 * journal mode rather than WAL so the single file is complete, then copied to the stream and deleted.
 */
final class GeoPackageExportWriter {
    /** GeoPackage timestamps are {@code YYYY-MM-DDTHH:MM:SS.SSSZ}; {@code Instant.toString()} may add micro- or nanoseconds. */
    private static final DateTimeFormatter LAST_CHANGE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String PK = "fid";
    private static final String GEOM = "geom";
    private static final String UPDATE_CONTENTS = "UPDATE gpkg_contents SET identifier = ?, description = ?, "
            + "min_x = ?, min_y = ?, max_x = ?, max_y = ?, last_change = ? WHERE table_name = ?";
    private static final String INSERT_DATA_COLUMN = "INSERT INTO gpkg_data_columns "
            + "(table_name, column_name, name, title, description) VALUES (?, ?, ?, ?, ?)";

    private GeoPackageExportWriter() {
    }

    static void write(ExportLayer layer, OutputStream out) throws IOException {
        Path tmp = Files.createTempFile("xiangtu-export-", ".gpkg");
        Path journal = Path.of(tmp + "-journal");
        try {
            Files.delete(tmp); // the GeoPackage manager insists on creating the file itself
            writeFile(layer, tmp.toFile());
            Files.copy(tmp, out);
            out.flush();
        } catch (SQLException e) {
            throw new IOException("cannot write GeoPackage for " + layer.name() + ": " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(journal);
        }
    }

    /** Writes the layer to a new GeoPackage at {@code file} (which must not exist). */
    static void writeFile(ExportLayer layer, File file) throws SQLException {
        List<Geometry> geometries = conformed(layer);
        File created = GeoPackageManager.create(file);
        GeoPackage gp = GeoPackageManager.open(created);
        try {
            SpatialReferenceSystem srs = GeoPackageBuilder.cgcs2000(gp);
            FeatureTable table = createTable(gp, layer, srs);
            Connection c = gp.getConnection().getConnection();
            insert(c, layer, geometries);
            if (table != null) {
                new RTreeIndexExtension(gp).create(table);
            }
            updateContents(c, layer, geometries);
            writeTitles(gp, c, layer);
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA user_version = " + GeoPackageBuilder.USER_VERSION);
            }
        } finally {
            gp.close();
        }
    }

    private static FeatureTable createTable(GeoPackage gp, ExportLayer layer, SpatialReferenceSystem srs) {
        if (!layer.geometryKind().isSpatial()) {
            // GDAL lists attributes tables with a query that joins gpkg_geometry_columns; without that
            // table (NGA creates it only with a feature table) GDAL 3.6 finds "no vector content".
            gp.createGeometryColumnsTable();
            List<AttributesColumn> cols = new ArrayList<>();
            cols.add(AttributesColumn.createColumn("id", GeoPackageDataType.TEXT, true, null));
            for (ExportField f : layer.fields()) {
                cols.add(AttributesColumn.createColumn(f.name(), dataType(f.type())));
            }
            gp.createAttributesTable(AttributesTableMetadata.create(layer.name(), PK, cols));
            return null;
        }
        GeometryColumns gc = new GeometryColumns();
        gc.setId(new TableColumnKey(layer.name(), GEOM));
        gc.setGeometryType(geometryType(layer.geometryKind()));
        gc.setZ((byte) 0);
        gc.setM((byte) 0);
        gc.setSrs(srs);
        List<FeatureColumn> cols = new ArrayList<>();
        cols.add(FeatureColumn.createColumn("id", GeoPackageDataType.TEXT, true, null));
        for (ExportField f : layer.fields()) {
            cols.add(FeatureColumn.createColumn(f.name(), dataType(f.type())));
        }
        return gp.createFeatureTable(FeatureTableMetadata.create(gc, PK, cols, new BoundingBox()));
    }

    static GeometryType geometryType(GeometryKind kind) {
        return switch (kind) {
            case POINT -> GeometryType.POINT;
            case MULTILINESTRING -> GeometryType.MULTILINESTRING;
            case MULTIPOLYGON -> GeometryType.MULTIPOLYGON;
            case GEOMETRY, NONE -> GeometryType.GEOMETRY;
        };
    }

    static GeoPackageDataType dataType(FieldType type) {
        return switch (type) {
            case STRING -> GeoPackageDataType.TEXT;
            case INTEGER -> GeoPackageDataType.INTEGER;
            case NUMBER -> GeoPackageDataType.DOUBLE;
            case BOOLEAN -> GeoPackageDataType.BOOLEAN;
            case DATE -> GeoPackageDataType.DATE;
        };
    }

    /** Each feature's geometry as the table's type (null where absent or the layer has none); checked before writing. */
    private static List<Geometry> conformed(ExportLayer layer) {
        List<Geometry> out = new ArrayList<>(layer.features().size());
        for (Feature f : layer.features()) {
            out.add(layer.geometryKind().isSpatial() ? conform(layer.geometryKind(), f) : null);
        }
        return out;
    }

    private static Geometry conform(GeometryKind kind, Feature f) {
        Geometry g = f.geometry();
        if (g == null || kind == GeometryKind.GEOMETRY) {
            return g;
        }
        Geometry fitted = switch (kind) {
            case POINT -> g instanceof Point ? g : null;
            case MULTILINESTRING -> g instanceof MultiLineString ? g
                    : g instanceof LineString l ? g.getFactory().createMultiLineString(new LineString[] {l}) : null;
            case MULTIPOLYGON -> g instanceof MultiPolygon ? g
                    : g instanceof Polygon p ? g.getFactory().createMultiPolygon(new Polygon[] {p}) : null;
            default -> g;
        };
        if (fitted == null) {
            throw new IllegalArgumentException("feature " + f.id() + ": a " + g.getGeometryType()
                    + " does not fit a " + kind.json() + " layer");
        }
        return fitted;
    }

    private static void insert(Connection c, ExportLayer layer, List<Geometry> geometries) throws SQLException {
        boolean spatial = layer.geometryKind().isSpatial();
        List<String> columns = new ArrayList<>();
        columns.add("id");
        if (spatial) {
            columns.add(GEOM);
        }
        layer.fields().forEach(f -> columns.add(f.name()));
        WKBWriter wkb = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN);
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(insertSql(layer.name(), columns))) {
            for (int n = 0; n < layer.features().size(); n++) {
                Feature f = layer.features().get(n);
                int i = 1;
                ps.setString(i++, f.id());
                if (spatial) {
                    Geometry g = geometries.get(n);
                    if (g == null) {
                        ps.setNull(i++, Types.BLOB);
                    } else {
                        ps.setBytes(i++, blob(wkb.write(g)));
                    }
                }
                for (ExportField field : layer.fields()) {
                    bind(ps, i++, ExportValues.value(f, field));
                }
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /** A GeoPackage geometry blob (header with SRS 4490 and xy envelope, then WKB). */
    private static byte[] blob(byte[] wkb) throws SQLException {
        try {
            return GeoPackageGeometryData.createFromWkbBuildEnvelopeAndWrite(Crs.CGCS2000, wkb).getBytes();
        } catch (IOException e) {
            throw new SQLException("cannot encode geometry: " + e.getMessage(), e);
        }
    }

    private static void bind(PreparedStatement ps, int i, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.NULL);
        } else if (v instanceof Long l) {
            ps.setLong(i, l);
        } else if (v instanceof Double d) {
            ps.setDouble(i, d);
        } else if (v instanceof Boolean b) {
            ps.setInt(i, b ? 1 : 0);
        } else {
            ps.setString(i, (String) v);
        }
    }

    private static void updateContents(Connection c, ExportLayer layer, List<Geometry> geometries)
            throws SQLException {
        Envelope extent = new Envelope();
        geometries.stream().filter(g -> g != null).forEach(g -> extent.expandToInclude(g.getEnvelopeInternal()));
        try (PreparedStatement ps = c.prepareStatement(UPDATE_CONTENTS)) {
            ps.setString(1, layer.title() == null ? layer.name() : layer.title());
            ps.setString(2, layer.title() == null ? "" : layer.title());
            if (extent.isNull()) {
                for (int i = 3; i <= 6; i++) {
                    ps.setNull(i, Types.DOUBLE);
                }
            } else {
                ps.setDouble(3, extent.getMinX());
                ps.setDouble(4, extent.getMinY());
                ps.setDouble(5, extent.getMaxX());
                ps.setDouble(6, extent.getMaxY());
            }
            ps.setString(7, LAST_CHANGE.format(Instant.now()));
            ps.setString(8, layer.name());
            ps.executeUpdate();
        }
    }

    /**
     * Records each field title in {@code gpkg_data_columns} as the column's name (GDAL shows it as the
     * field's alternative name), title and description. Names must be unique per table, so a title
     * used twice is recorded as the column name the second time.
     */
    private static void writeTitles(GeoPackage gp, Connection c, ExportLayer layer) throws SQLException {
        if (layer.fields().stream().allMatch(f -> f.title() == null)) {
            return;
        }
        SchemaExtension schema = new SchemaExtension(gp);
        schema.createDataColumnsTable();
        // the schema extension is registered for both of its tables (GeoPackage Req 141)
        schema.createDataColumnConstraintsTable();
        Set<String> used = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(INSERT_DATA_COLUMN)) {
            for (ExportField f : layer.fields()) {
                if (f.title() == null) {
                    continue;
                }
                ps.setString(1, layer.name());
                ps.setString(2, f.name());
                ps.setString(3, used.add(f.title()) ? f.title() : f.name());
                ps.setString(4, f.title());
                ps.setString(5, f.title());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** An INSERT into {@code table}; names are checked by {@link ExportLayer}/{@link ExportField} and quoted. */
    private static String insertSql(String table, List<String> columns) {
        return "INSERT INTO " + q(table) + " (" + columns.stream().map(GeoPackageExportWriter::q)
                .collect(Collectors.joining(", ")) + ") VALUES ("
                + columns.stream().map(x -> "?").collect(Collectors.joining(", ")) + ")";
    }

    private static String q(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }
}
