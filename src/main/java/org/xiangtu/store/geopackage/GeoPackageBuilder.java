package org.xiangtu.store.geopackage;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mil.nga.geopackage.BoundingBox;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.attributes.AttributesColumn;
import mil.nga.geopackage.attributes.AttributesTableMetadata;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.db.TableColumnKey;
import mil.nga.geopackage.extension.rtree.RTreeIndexExtension;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureTable;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.srs.SpatialReferenceSystem;
import mil.nga.sf.GeometryType;
import org.locationtech.jts.geom.Envelope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.geo.Crs;
import org.xiangtu.io.GeoJsonLayerReader;
import org.xiangtu.store.DataException;
import org.xiangtu.store.Feature;

/**
 * Builds a GeoPackage from the catalogue and its data files: one feature table per spatial layer
 * (EPSG:4490, R-tree indexed, unique index on {@code id}), one attributes table per layer without
 * geometry. The file is written under a temporary name next to the target and renamed over it only
 * when complete, so a crash never leaves a half-built store.
 */
public final class GeoPackageBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(GeoPackageBuilder.class);
    static final String KEY_FINGERPRINT = "data_fingerprint";
    static final String KEY_SOURCE = "source";
    static final String KEY_BUILT_AT = "built_at";
    /**
     * The {@code PRAGMA user_version} written: GeoPackage 1.3. We use nothing that 1.4 added; declaring
     * 1.3 lets GDAL 3.6 (Debian 12, QGIS 3.22-3.28) open the file without a "partially supported" warning.
     */
    public static final int USER_VERSION = 10300;
    private static final String CGCS2000_WKT = "GEOGCS[\"China Geodetic Coordinate System 2000\","
            + "DATUM[\"China_2000\",SPHEROID[\"CGCS2000\",6378137,298.257222101,AUTHORITY[\"EPSG\",\"1024\"]],"
            + "AUTHORITY[\"EPSG\",\"1043\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],"
            + "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4490\"]]";

    private GeoPackageBuilder() {
    }

    /** Reads every layer's file from {@code data} (checked against the catalogue). */
    public static Map<String, List<Feature>> readAll(Catalog catalog, DataSource data) {
        Map<String, List<Feature>> out = new LinkedHashMap<>();
        for (LayerDef layer : catalog.layers()) {
            if (layer.file() == null) {
                out.put(layer.id(), List.of());
                continue;
            }
            try (InputStream in = data.open(layer.file())) {
                out.put(layer.id(), GeoJsonLayerReader.read(layer, in, data.describe(layer.file())));
            } catch (IOException e) {
                throw new DataException(data.describe(layer.file()) + ": cannot read: " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** A digest of the catalogue and every data file, to tell whether a store is out of date. */
    public static String fingerprint(Catalog catalog, DataSource data) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<String> files = new ArrayList<>();
            files.add(DataSource.CATALOG);
            catalog.layers().stream().map(LayerDef::file).filter(f -> f != null).forEach(files::add);
            for (String file : files) {
                try (InputStream in = data.open(file)) {
                    md.update(file.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new DataException("cannot read data: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes {@code layers} to a new GeoPackage at {@code target}, replacing it atomically.
     *
     * @param source what the data came from, recorded in the file ("data" for the data folder)
     * @param fingerprint recorded so a later start can tell whether the data changed; may be null
     */
    public static void build(Catalog catalog, Map<String, List<Feature>> layers, Path target,
            String source, String fingerprint) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, target.getFileName().toString() + ".", ".tmp.gpkg");
            Files.delete(tmp); // the GeoPackage manager insists on creating the file itself
            try {
                write(catalog, layers, tmp.toFile(), source, fingerprint);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(Path.of(tmp + "-journal"));
            }
        } catch (IOException | SQLException e) {
            throw new DataException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static void write(Catalog catalog, Map<String, List<Feature>> layers, File file,
            String source, String fingerprint) throws SQLException {
        File created = GeoPackageManager.create(file);
        GeoPackage gp = GeoPackageManager.open(created);
        try {
            SpatialReferenceSystem srs = cgcs2000(gp);
            Connection c = gp.getConnection().getConnection();
            GpkgGeometry codec = new GpkgGeometry(Crs.LONLAT);
            for (LayerDef layer : catalog.layers()) {
                List<Feature> features = layers.getOrDefault(layer.id(), List.of());
                FeatureTable table = createTable(gp, layer, srs);
                insert(c, layer, features, codec);
                Envelope extent = new Envelope();
                features.stream().filter(f -> f.geometry() != null)
                        .forEach(f -> extent.expandToInclude(f.geometry().getEnvelopeInternal()));
                if (table != null) {
                    new RTreeIndexExtension(gp).create(table);
                }
                try (PreparedStatement ps = c.prepareStatement(GeoPackageSql.UPDATE_CONTENTS)) {
                    ps.setString(1, layer.title().zh() + " / " + layer.title().en());
                    ps.setString(2, description(catalog, layer));
                    setExtent(ps, extent);
                    ps.setString(7, Instant.now().toString());
                    ps.setString(8, layer.id());
                    ps.executeUpdate();
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute(GeoPackageSql.CREATE_BUILD_INFO);
                st.execute("PRAGMA user_version = " + USER_VERSION);
            }
            try (PreparedStatement ps = c.prepareStatement(GeoPackageSql.INSERT_BUILD_INFO)) {
                for (String[] kv : new String[][] {{KEY_SOURCE, source}, {KEY_FINGERPRINT, fingerprint},
                        {KEY_BUILT_AT, Instant.now().toString()}}) {
                    ps.setString(1, kv[0]);
                    ps.setString(2, kv[1]);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        } finally {
            gp.close();
        }
        LOG.debug("wrote {}", file);
    }

    private static String description(Catalog catalog, LayerDef layer) {
        String d = layer.description() == null ? "" : layer.description().zh() + " / " + layer.description().en();
        if (layer.synthetic() && catalog.notice() != null) {
            d = d + (d.isEmpty() ? "" : " — ") + catalog.notice().zh() + " / " + catalog.notice().en();
        }
        return d;
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

    /** The EPSG:4490 (CGCS2000 lon/lat) spatial reference system of {@code gp}, added with its WKT if missing. */
    public static SpatialReferenceSystem cgcs2000(GeoPackage gp) throws SQLException {
        var dao = gp.getSpatialReferenceSystemDao();
        SpatialReferenceSystem existing = dao.queryForOrganizationCoordsysId("EPSG", Crs.CGCS2000);
        if (existing != null) {
            return existing;
        }
        SpatialReferenceSystem srs = new SpatialReferenceSystem();
        srs.setSrsName("China Geodetic Coordinate System 2000");
        srs.setSrsId(Crs.CGCS2000);
        srs.setOrganization("EPSG");
        srs.setOrganizationCoordsysId(Crs.CGCS2000);
        srs.setDefinition(CGCS2000_WKT);
        srs.setDescription("CGCS2000 geographic 2D (longitude, latitude as stored)");
        dao.create(srs);
        return srs;
    }

    /** Creates the layer's table; returns the feature table for spatial layers, null otherwise. */
    private static FeatureTable createTable(GeoPackage gp, LayerDef layer, SpatialReferenceSystem srs) {
        if (!layer.isSpatial()) {
            List<AttributesColumn> cols = new ArrayList<>();
            cols.add(AttributesColumn.createColumn("id", GeoPackageDataType.TEXT, true, null));
            for (FieldDef f : layer.fields()) {
                cols.add(AttributesColumn.createColumn(f.name(), dataType(f.type())));
            }
            cols.add(AttributesColumn.createColumn("updated_at", GeoPackageDataType.DATETIME, true, null));
            gp.createAttributesTable(AttributesTableMetadata.create(layer.id(), "fid", cols));
            gp.execSQL(GeoPackageSql.uniqueIdIndex(layer.id()));
            return null;
        }
        GeometryColumns gc = new GeometryColumns();
        gc.setId(new TableColumnKey(layer.id(), "geom"));
        gc.setGeometryType(switch (layer.geometry()) {
            case POINT -> GeometryType.POINT;
            case MULTILINESTRING -> GeometryType.MULTILINESTRING;
            case MULTIPOLYGON -> GeometryType.MULTIPOLYGON;
            default -> GeometryType.GEOMETRY;
        });
        gc.setZ((byte) 0);
        gc.setM((byte) 0);
        gc.setSrs(srs);
        List<FeatureColumn> cols = new ArrayList<>();
        cols.add(FeatureColumn.createColumn("id", GeoPackageDataType.TEXT, true, null));
        for (FieldDef f : layer.fields()) {
            cols.add(FeatureColumn.createColumn(f.name(), dataType(f.type())));
        }
        cols.add(FeatureColumn.createColumn("updated_at", GeoPackageDataType.DATETIME, true, null));
        FeatureTable table = gp.createFeatureTable(FeatureTableMetadata.create(gc, "fid", cols, new BoundingBox()));
        gp.execSQL(GeoPackageSql.uniqueIdIndex(layer.id()));
        return table;
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

    private static void insert(Connection c, LayerDef layer, List<Feature> features, GpkgGeometry codec)
            throws SQLException {
        List<String> columns = layer.storedColumns();
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(GeoPackageSql.insert(layer.id(), columns))) {
            for (Feature f : features) {
                int i = 1;
                ps.setString(i++, f.id());
                if (layer.isSpatial()) {
                    if (f.geometry() == null) {
                        ps.setNull(i++, Types.BLOB);
                    } else {
                        ps.setBytes(i++, codec.encode(f.geometry(), Crs.CGCS2000));
                    }
                }
                for (FieldDef field : layer.fields()) {
                    bind(ps, i++, field.type(), f.properties().get(field.name()));
                }
                ps.setString(i, gpkgDateTime((String) f.properties().get("updated_at")));
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

    /** GeoPackage DATETIME is {@code YYYY-MM-DDTHH:MM:SS.SSSZ}. */
    static String gpkgDateTime(String rfc3339) {
        Instant t = Instant.parse(rfc3339);
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(t);
    }
}
