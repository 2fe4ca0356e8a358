package org.xiangtu.store.geopackage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.locationtech.jts.geom.Geometry;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.geo.Crs;
import org.xiangtu.io.FeatureChecks;
import org.xiangtu.io.LayerInput;
import org.xiangtu.store.DataException;
import org.xiangtu.store.Feature;

/**
 * Reads layers from a GeoPackage laid out as {@link GeoPackageBuilder} writes it (one table per
 * layer, named after it, with the columns {@code id}, the geometry column, the catalogue fields and
 * {@code updated_at}), for {@code xiangtu import FILE.gpkg}. Every row passes the same checks as a
 * GeoJSON feature ({@link FeatureChecks}), and errors name the file, the feature and the field. Rows
 * are streamed one by one from SQLite, read-only.
 */
public final class GeoPackageLayerReader {
    private static final String COLUMN_NAMES = "SELECT name FROM pragma_table_info(?)";
    private static final String SELECT_ALL = "SELECT %s FROM %s t"; // rowid order

    private GeoPackageLayerReader() {
    }

    /**
     * The file's layers: catalogue layer id → its input, for every catalogue layer the file has a
     * table for (the file is opened only when an input is read).
     *
     * @throws DataException when the file cannot be opened or holds no catalogue layer
     */
    public static Map<String, LayerInput> inputs(Catalog catalog, Path file) {
        String source = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new DataException(source + ": cannot read: no such file");
        }
        Map<String, LayerInput> out = new LinkedHashMap<>();
        try (Connection c = connect(file)) {
            Map<String, String> tables = new HashMap<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(GeoPackageSql.TABLES)) {
                while (rs.next()) {
                    tables.put(rs.getString(1), rs.getString(2));
                }
            }
            for (LayerDef layer : catalog.layers()) {
                if (tables.containsKey(layer.id())) {
                    String geometryColumn = layer.isSpatial() ? geometryColumn(c, layer, source) : null;
                    checkColumns(c, layer, source);
                    out.put(layer.id(), input(layer, file, source, geometryColumn));
                }
            }
        } catch (SQLException e) {
            throw new DataException(source + ": not a readable GeoPackage: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new DataException(source + ": no table named after a catalogue layer ("
                    + String.join(", ", catalog.layerIds()) + ")");
        }
        return out;
    }

    private static Connection connect(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        return Sqlite.open(file, config);
    }

    private static String geometryColumn(Connection c, LayerDef layer, String source) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(GeoPackageSql.GEOMETRY_COLUMN)) {
            ps.setString(1, layer.id());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new DataException(source + ": table '" + layer.id() + "' has no geometry column");
                }
                if (rs.getInt(2) != Crs.CGCS2000) {
                    throw new DataException(source + ": table '" + layer.id() + "' is in SRS " + rs.getInt(2)
                            + ", not EPSG:" + Crs.CGCS2000 + " (convert it first)");
                }
                return rs.getString(1);
            }
        }
    }

    private static void checkColumns(Connection c, LayerDef layer, String source) throws SQLException {
        Set<String> columns = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMN_NAMES)) {
            ps.setString(1, layer.id());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(rs.getString(1));
                }
            }
        }
        for (String name : layer.storedColumns()) {
            if (!"geom".equals(name) && !columns.contains(name)) {
                throw new DataException(source + ": table '" + layer.id() + "' has no column '" + name + "'");
            }
        }
    }

    private static LayerInput input(LayerDef layer, Path file, String source, String geometryColumn) {
        return new LayerInput() {
            @Override
            public String source() {
                return source;
            }

            @Override
            public long read(Consumer<? super Feature> sink) {
                try (Connection c = connect(file)) {
                    return GeoPackageLayerReader.read(c, layer, source, geometryColumn, sink);
                } catch (SQLException e) {
                    throw new DataException(source + ": table '" + layer.id() + "': cannot read: " + e.getMessage(), e);
                }
            }
        };
    }

    private static long read(Connection c, LayerDef layer, String source, String geometryColumn,
            Consumer<? super Feature> sink) throws SQLException {
        List<String> columns = new java.util.ArrayList<>(layer.storedColumns());
        if (geometryColumn != null) {
            columns.set(1, geometryColumn);
        }
        String sql = String.format(SELECT_ALL, GeoPackageSql.columns(columns), GeoPackageSql.q(layer.id()));
        GpkgGeometry codec = new GpkgGeometry(Crs.LONLAT);
        Set<String> ids = new HashSet<>();
        long n = 0;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                String where = source + ": table '" + layer.id() + "' row " + (n + 1);
                String id = FeatureChecks.id(rs.getObject(1), where);
                where = source + ": feature '" + id + "'";
                if (!ids.add(id)) {
                    throw new DataException(where + ": duplicate id");
                }
                int i = 2;
                Geometry g = null;
                if (layer.isSpatial()) {
                    byte[] blob = rs.getBytes(i++);
                    if (blob != null) {
                        try {
                            g = codec.decode(blob);
                        } catch (RuntimeException e) {
                            throw new DataException(where + ": field 'geometry': " + e.getMessage(), e);
                        }
                        g = FeatureChecks.geometry(layer, g, where);
                    }
                }
                Map<String, Object> props = new LinkedHashMap<>();
                for (FieldDef field : layer.fields()) {
                    Object v = raw(field.type(), rs.getObject(i++));
                    props.put(field.name(), FeatureChecks.value(field, v, where, String::valueOf));
                }
                props.put("updated_at", FeatureChecks.updatedAt(rs.getObject(i), where));
                sink.accept(new Feature(id, g, props));
                n++;
            }
        }
        return n;
    }

    /** SQLite stores booleans as 0 and 1; anything else is handed on as it is (and refused if wrong). */
    private static Object raw(FieldType type, Object v) {
        if (type == FieldType.BOOLEAN && v instanceof Number n && (n.longValue() == 0 || n.longValue() == 1)
                && n.doubleValue() == n.longValue()) {
            return n.longValue() == 1;
        }
        if (v instanceof Integer i) {
            return i.longValue();
        }
        return v;
    }
}
