package org.xiangtu.store.geopackage;

import java.io.File;
import java.io.IOException;
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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.sf.GeometryType;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.geo.Crs;
import org.xiangtu.store.Feature;

/**
 * The one GeoPackage writer: writes GeoPackage 1.3 files that GDAL 3.6 and QGIS open without warnings,
 * for the store ({@link GeoPackageBuilder}, every catalogue layer) and for exports ({@code io/export},
 * one layer). Per table: an INTEGER primary key {@code fid}, the feature id as TEXT column {@code id}
 * (NOT NULL), one typed column per field (TEXT, INTEGER, DOUBLE, BOOLEAN, DATE), optionally
 * {@code updated_at} (DATETIME NOT NULL) and a unique index on {@code id}; for a spatial table the
 * geometry column {@code geom} of the table's type in EPSG:4490 lon/lat with an R-tree index, else an
 * attributes table. Field titles go to {@code gpkg_data_columns} (schema extension); the extent and a
 * GeoPackage timestamp to {@code gpkg_contents}.
 *
 * <p>Features are streamed in: each table is written in one transaction, in batches, so a layer is
 * never whole in memory. A Polygon in a MULTIPOLYGON table (a LineString in a MULTILINESTRING one) is
 * written as a one-part multi geometry, since a GeoPackage column holds one type; any other geometry that
 * does not fit is an {@link IllegalArgumentException} naming the feature. The file is in the default
 * rollback journal mode (not WAL), so the single file is complete when {@link #close()} returns. Not
 * thread-safe.
 */
public final class GeoPackageWriter implements AutoCloseable {
    /**
     * The {@code PRAGMA user_version} written: GeoPackage 1.3. We use nothing that 1.4 added; declaring
     * 1.3 lets GDAL 3.6 (Debian 12, QGIS 3.22-3.28) open the file without a "partially supported" warning.
     */
    public static final int USER_VERSION = 10300;
    /** GeoPackage timestamps are {@code YYYY-MM-DDTHH:MM:SS.SSSZ}; {@code Instant.toString()} may add micro- or nanoseconds. */
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String PK = "fid";
    private static final String GEOM = "geom";
    private static final String STAMP = "updated_at";
    private static final int BATCH = 1_000;
    private static final String CGCS2000_WKT = "GEOGCS[\"China Geodetic Coordinate System 2000\","
            + "DATUM[\"China_2000\",SPHEROID[\"CGCS2000\",6378137,298.257222101,AUTHORITY[\"EPSG\",\"1024\"]],"
            + "AUTHORITY[\"EPSG\",\"1043\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],"
            + "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4490\"]]";

    /**
     * One column after {@code id}: its name (checked by the caller: a catalogue field or an export
     * field), type and optional title (recorded in {@code gpkg_data_columns}).
     */
    public record Column(String name, FieldType type, String title) {
    }

    /**
     * One table.
     *
     * @param name the table name, a checked identifier
     * @param identifier the human name in {@code gpkg_contents}
     * @param description the description in {@code gpkg_contents} ("" for none)
     * @param kind the geometry column's type; {@code NONE} makes an attributes table
     * @param columns the columns after {@code id}, in order
     * @param stamped whether a {@code updated_at} column follows, from each feature's {@code updated_at}
     *        property (RFC 3339)
     * @param uniqueIds whether {@code id} gets a unique index (a repeated id is then an error)
     */
    public record Table(String name, String identifier, String description, GeometryKind kind, List<Column> columns,
            boolean stamped, boolean uniqueIds) {
        public Table {
            columns = List.copyOf(columns);
        }
    }

    private final File file;
    private final GeoPackage gp;
    private final Connection c;
    private final SpatialReferenceSystem srs;
    private final GpkgGeometry codec = new GpkgGeometry(Crs.LONLAT);

    private GeoPackageWriter(File file, GeoPackage gp) throws SQLException {
        this.file = file;
        this.gp = gp;
        this.c = gp.getConnection().getConnection();
        this.srs = cgcs2000(gp);
    }

    /**
     * Creates a new GeoPackage at {@code file}, which must not exist (the GeoPackage library insists on
     * creating it), with the EPSG:4490 spatial reference system.
     */
    public static GeoPackageWriter create(File file) throws IOException {
        GeoPackage gp = null;
        try {
            gp = GeoPackageManager.open(GeoPackageManager.create(file));
            return new GeoPackageWriter(file, gp);
        } catch (SQLException | RuntimeException e) {
            if (gp != null) {
                gp.close();
            }
            throw new IOException("cannot create " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates the table and writes the features into it in one transaction (their geometry in
     * EPSG:4490 lon/lat, x = lon; property values String, Long, Double, Boolean or null by column name,
     * dates {@code YYYY-MM-DD}); then builds its R-tree and records its extent. Returns how many.
     *
     * @throws IllegalArgumentException when a geometry does not fit the table's type
     * @throws IOException when SQLite refuses a row (a repeated id, with {@link Table#uniqueIds()})
     */
    public long write(Table table, Iterator<? extends Feature> features) throws IOException {
        try {
            FeatureTable created = createTable(table);
            Envelope extent = new Envelope();
            long n = insert(table, features, extent);
            if (created != null) {
                new RTreeIndexExtension(gp).create(created);
            }
            try (PreparedStatement ps = c.prepareStatement(GeoPackageSql.UPDATE_CONTENTS)) {
                ps.setString(1, table.identifier());
                ps.setString(2, table.description());
                setExtent(ps, extent);
                ps.setString(7, TIMESTAMP.format(Instant.now()));
                ps.setString(8, table.name());
                ps.executeUpdate();
            }
            writeTitles(table);
            return n;
        } catch (SQLException e) {
            throw new IOException(table.name() + ": " + e.getMessage(), e);
        }
    }

    /** Records {@code key → value} pairs in the file's {@code xiangtu_build} table (how the store was built). */
    public void buildInfo(Map<String, String> info) throws IOException {
        try {
            try (Statement st = c.createStatement()) {
                st.execute(GeoPackageSql.CREATE_BUILD_INFO);
            }
            try (PreparedStatement ps = c.prepareStatement(GeoPackageSql.INSERT_BUILD_INFO)) {
                for (var kv : info.entrySet()) {
                    ps.setString(1, kv.getKey());
                    ps.setString(2, kv.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        } catch (SQLException e) {
            throw new IOException("cannot record how " + file + " was built: " + e.getMessage(), e);
        }
    }

    /** Declares GeoPackage 1.3 and closes the file. */
    @Override
    public void close() throws IOException {
        try (Statement st = c.createStatement()) {
            st.execute("PRAGMA user_version = " + USER_VERSION);
        } catch (SQLException e) {
            throw new IOException("cannot finish " + file + ": " + e.getMessage(), e);
        } finally {
            gp.close();
        }
    }

    /** The EPSG:4490 (CGCS2000 lon/lat) spatial reference system of {@code gp}, added with its WKT if missing. */
    static SpatialReferenceSystem cgcs2000(GeoPackage gp) throws SQLException {
        var dao = gp.getSpatialReferenceSystemDao();
        SpatialReferenceSystem existing = dao.queryForOrganizationCoordsysId("EPSG", Crs.CGCS2000);
        if (existing != null) {
            return existing;
        }
        SpatialReferenceSystem created = new SpatialReferenceSystem();
        created.setSrsName("China Geodetic Coordinate System 2000");
        created.setSrsId(Crs.CGCS2000);
        created.setOrganization("EPSG");
        created.setOrganizationCoordsysId(Crs.CGCS2000);
        created.setDefinition(CGCS2000_WKT);
        created.setDescription("CGCS2000 geographic 2D (longitude, latitude as stored)");
        dao.create(created);
        return created;
    }

    /** Creates the table; returns the feature table for a spatial one, null for an attributes table. */
    private FeatureTable createTable(Table table) {
        FeatureTable out = null;
        if (!table.kind().isSpatial()) {
            // GDAL lists attributes tables with a query that joins gpkg_geometry_columns; without that
            // table (NGA creates it only with a feature table) GDAL 3.6 finds "no vector content".
            gp.createGeometryColumnsTable();
            gp.createAttributesTable(AttributesTableMetadata.create(table.name(), PK,
                    columns(table, (name, type, notNull) -> AttributesColumn.createColumn(name, type, notNull, null))));
        } else {
            GeometryColumns gc = new GeometryColumns();
            gc.setId(new TableColumnKey(table.name(), GEOM));
            gc.setGeometryType(geometryType(table.kind()));
            gc.setZ((byte) 0);
            gc.setM((byte) 0);
            gc.setSrs(srs);
            out = gp.createFeatureTable(FeatureTableMetadata.create(gc, PK,
                    columns(table, (name, type, notNull) -> FeatureColumn.createColumn(name, type, notNull, null)),
                    new BoundingBox()));
        }
        if (table.uniqueIds()) {
            gp.execSQL(GeoPackageSql.uniqueIdIndex(table.name()));
        }
        return out;
    }

    /** Makes one column of an attributes or feature table. */
    @FunctionalInterface
    private interface ColumnMaker<C> {
        C make(String name, GeoPackageDataType type, boolean notNull);
    }

    /** The columns after the key: {@code id}, the table's columns, {@code updated_at} when stamped. */
    private static <C> List<C> columns(Table table, ColumnMaker<C> maker) {
        List<C> out = new ArrayList<>();
        out.add(maker.make("id", GeoPackageDataType.TEXT, true));
        for (Column col : table.columns()) {
            out.add(maker.make(col.name(), dataType(col.type()), false));
        }
        if (table.stamped()) {
            out.add(maker.make(STAMP, GeoPackageDataType.DATETIME, true));
        }
        return out;
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

    private long insert(Table table, Iterator<? extends Feature> features, Envelope extent) throws SQLException {
        boolean spatial = table.kind().isSpatial();
        List<String> columns = new ArrayList<>();
        columns.add("id");
        if (spatial) {
            columns.add(GEOM);
        }
        table.columns().forEach(col -> columns.add(col.name()));
        if (table.stamped()) {
            columns.add(STAMP);
        }
        long n = 0;
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(GeoPackageSql.insert(table.name(), columns))) {
            int inBatch = 0;
            while (features.hasNext()) {
                Feature f = features.next();
                int i = 1;
                ps.setString(i++, f.id());
                if (spatial) {
                    Geometry g = conform(table.kind(), f);
                    if (g == null) {
                        ps.setNull(i++, Types.BLOB);
                    } else {
                        ps.setBytes(i++, codec.encode(g, Crs.CGCS2000));
                        extent.expandToInclude(g.getEnvelopeInternal());
                    }
                }
                for (Column col : table.columns()) {
                    bind(ps, i++, col.type(), f.properties().get(col.name()));
                }
                if (table.stamped()) {
                    ps.setString(i, gpkgDateTime((String) f.properties().get(STAMP)));
                }
                ps.addBatch();
                n++;
                if (++inBatch == BATCH) {
                    ps.executeBatch();
                    inBatch = 0;
                }
            }
            ps.executeBatch();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
        return n;
    }

    /** The feature's geometry as the table's type (a single polygon or line promoted); null when absent. */
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

    static void bind(PreparedStatement ps, int i, FieldType type, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, Types.NULL);
            return;
        }
        switch (type) {
            case INTEGER -> ps.setLong(i, ((Number) v).longValue());
            case NUMBER -> ps.setDouble(i, ((Number) v).doubleValue());
            case BOOLEAN -> ps.setInt(i, ((Boolean) v) ? 1 : 0);
            default -> ps.setString(i, v.toString());
        }
    }

    private static void setExtent(PreparedStatement ps, Envelope e) throws SQLException {
        if (e.isNull()) {
            for (int i = 3; i <= 6; i++) {
                ps.setNull(i, Types.DOUBLE);
            }
        } else {
            ps.setDouble(3, e.getMinX());
            ps.setDouble(4, e.getMinY());
            ps.setDouble(5, e.getMaxX());
            ps.setDouble(6, e.getMaxY());
        }
    }

    /**
     * Records each column title in {@code gpkg_data_columns} as the column's name (GDAL shows it as the
     * field's alternative name), title and description. Names must be unique per table, so a title
     * used twice is recorded as the column name the second time.
     */
    private void writeTitles(Table table) throws SQLException {
        if (table.columns().stream().allMatch(col -> col.title() == null)) {
            return;
        }
        SchemaExtension schema = new SchemaExtension(gp);
        schema.createDataColumnsTable();
        // the schema extension is registered for both of its tables (GeoPackage Req 141)
        schema.createDataColumnConstraintsTable();
        Set<String> used = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(GeoPackageSql.INSERT_DATA_COLUMN)) {
            for (Column col : table.columns()) {
                if (col.title() == null) {
                    continue;
                }
                ps.setString(1, table.name());
                ps.setString(2, col.name());
                ps.setString(3, used.add(col.title()) ? col.title() : col.name());
                ps.setString(4, col.title());
                ps.setString(5, col.title());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** GeoPackage DATETIME is {@code YYYY-MM-DDTHH:MM:SS.SSSZ}. */
    static String gpkgDateTime(String rfc3339) {
        return TIMESTAMP.format(Instant.parse(rfc3339));
    }
}
