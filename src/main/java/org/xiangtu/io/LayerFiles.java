package org.xiangtu.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.geo.Crs;
import org.xiangtu.store.DataException;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureSource;
import org.xiangtu.store.geopackage.GeoPackageReader;

/**
 * Catalogue layers from files, checked against the catalogue as they are read: the data folder's
 * GeoJSON files, a GeoJSON file named after a layer, a GeoPackage whose tables are named after layers
 * (as {@code import --gpkg} writes it). Every source is a {@link FeatureSource} of checked features that
 * opens its file on the first {@code hasNext()}, so making one is cheap and what {@code import} and the
 * store builder read is streamed; errors are {@link DataException}s naming the file, the feature and the
 * field (see {@link FeatureChecks}).
 */
public final class LayerFiles {
    private LayerFiles() {
    }

    /** Every catalogue layer's data file (layers without a file have no features), in catalogue order. */
    public static Map<String, FeatureSource> data(Catalog catalog, DataSource data) {
        Map<String, FeatureSource> out = new LinkedHashMap<>();
        for (LayerDef layer : catalog.layers()) {
            out.put(layer.id(), dataFile(layer, data));
        }
        return out;
    }

    /** Reads and checks every layer's data file into memory (tests, small catalogues; the builder streams). */
    public static Map<String, List<Feature>> readAll(Catalog catalog, DataSource data) {
        Map<String, List<Feature>> out = new LinkedHashMap<>();
        data(catalog, data).forEach((id, source) -> {
            List<Feature> features = new ArrayList<>();
            try (source) {
                source.forEachRemaining(features::add);
            }
            out.put(id, features);
        });
        return out;
    }

    /** A layer's file in the data folder (no features when the catalogue names no file). */
    public static FeatureSource dataFile(LayerDef layer, DataSource data) {
        if (layer.file() == null) {
            return FeatureSource.of(layer.id(), layer, List.of());
        }
        String source = data.describe(layer.file());
        return lazy(layer, source, () -> {
            InputStream in;
            try {
                in = data.open(layer.file());
            } catch (IOException e) {
                throw new DataException(source + ": cannot read: " + e.getMessage(), e);
            }
            return GeoJsonLayerReader.open(layer, in, source);
        });
    }

    /** A GeoJSON file of one layer. */
    public static FeatureSource geoJson(LayerDef layer, Path file, String source) {
        return lazy(layer, source, () -> {
            InputStream in;
            try {
                in = Files.newInputStream(file);
            } catch (IOException e) {
                throw new DataException(source + ": cannot read: " + e.getMessage(), e);
            }
            return GeoJsonLayerReader.open(layer, in, source);
        });
    }

    /**
     * An {@code import} argument: a GeoJSON file named after its layer ({@code villages.geojson} →
     * {@code villages}), or a GeoPackage ({@code .gpkg}) with tables named after layers.
     */
    public static Map<String, FeatureSource> path(Catalog catalog, String p) {
        Path path = Path.of(p);
        if (p.endsWith(".gpkg")) {
            return geoPackage(catalog, path);
        }
        String name = path.getFileName().toString().replaceFirst("\\.(geo)?json$", "");
        LayerDef layer = catalog.layer(name).orElseThrow(() -> new DataException(p
                + ": no layer '" + name + "' in the catalogue (name the file after a layer: "
                + String.join(", ", catalog.layerIds()) + ", or give a .gpkg)"));
        if (!Files.isRegularFile(path)) {
            throw new DataException(p + ": cannot read: no such file");
        }
        return Map.of(layer.id(), geoJson(layer, path, p));
    }

    /**
     * The file's layers: catalogue layer id → its source, for every catalogue layer the file has a
     * table for. The tables are looked at now (a geometry column in EPSG:4490, every catalogue column);
     * each is read when its source is.
     *
     * @throws DataException when the file cannot be opened, a table does not fit, or none is a catalogue layer
     */
    public static Map<String, FeatureSource> geoPackage(Catalog catalog, Path file) {
        String source = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new DataException(source + ": cannot read: no such file");
        }
        Map<String, FeatureSource> out = new LinkedHashMap<>();
        try (GeoPackageReader reader = GeoPackageReader.open(file, null)) {
            Set<String> tables = new HashSet<>();
            reader.tables().forEach(t -> tables.add(t.name()));
            for (LayerDef layer : catalog.layers()) {
                if (tables.contains(layer.id())) {
                    String geometryColumn = layer.isSpatial() ? geometryColumn(reader, layer, source) : null;
                    checkColumns(reader, layer, source);
                    out.put(layer.id(), lazy(layer, source, () -> new GeoPackageLayer(layer, file, source, geometryColumn)));
                }
            }
        } catch (GeoPackageReader.Unreadable e) {
            throw new DataException(source + ": not a readable GeoPackage: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new DataException(source + ": no table named after a catalogue layer ("
                    + String.join(", ", catalog.layerIds()) + ")");
        }
        return out;
    }

    private static String geometryColumn(GeoPackageReader reader, LayerDef layer, String source) {
        GeoPackageReader.Table t = reader.geometryColumn(layer.id()).orElseThrow(() ->
                new DataException(source + ": table '" + layer.id() + "' has no geometry column"));
        if (t.srsId() != Crs.CGCS2000) {
            throw new DataException(source + ": table '" + layer.id() + "' is in SRS " + t.srsId()
                    + ", not EPSG:" + Crs.CGCS2000 + " (convert it first)");
        }
        return t.geometryColumn();
    }

    private static void checkColumns(GeoPackageReader reader, LayerDef layer, String source) {
        Set<String> columns = new HashSet<>();
        reader.columns(layer.id()).stream().filter(c -> !c.hidden()).forEach(c -> columns.add(c.name()));
        for (String name : layer.storedColumns()) {
            if (!"geom".equals(name) && !columns.contains(name)) {
                throw new DataException(source + ": table '" + layer.id() + "' has no column '" + name + "'");
            }
        }
    }

    /** A source that opens its file on the first {@code hasNext()}. */
    private static FeatureSource lazy(LayerDef layer, String source, Supplier<FeatureSource> open) {
        return new FeatureSource.ReadAhead(source, layer.geometry(), FeatureSource.Field.of(layer)) {
            private FeatureSource opened;

            @Override
            protected Feature read() {
                if (opened == null) {
                    opened = open.get();
                }
                return opened.hasNext() ? opened.next() : null;
            }

            @Override
            protected void release() {
                if (opened != null) {
                    opened.close();
                }
            }
        };
    }

    /**
     * One catalogue layer's table of a GeoPackage, read with the one {@link GeoPackageReader}: every row
     * passes the same checks as a GeoJSON feature ({@link FeatureChecks}), and errors name the file, the
     * feature and the field.
     */
    private static final class GeoPackageLayer extends FeatureSource.ReadAhead {
        private final LayerDef layer;
        private final String source;
        private final GeoPackageReader.Rows rows;
        private final Set<String> ids = new HashSet<>();

        GeoPackageLayer(LayerDef layer, Path file, String source, String geometryColumn) {
            super(source, layer.geometry(), Field.of(layer));
            this.layer = layer;
            this.source = source;
            List<String> columns = new ArrayList<>(layer.storedColumns());
            columns.remove("geom");
            GeoPackageReader reader = null;
            try {
                reader = GeoPackageReader.open(file, null);
                this.rows = reader.rows(layer.id(), geometryColumn, columns, Crs.LONLAT, layer.geometry(), fields())
                        .closingReader(reader);
            } catch (GeoPackageReader.Unreadable e) {
                if (reader != null) {
                    reader.close();
                }
                throw unreadable(e);
            }
        }

        private DataException unreadable(GeoPackageReader.Unreadable e) {
            return new DataException(source + ": table '" + layer.id() + "': cannot read: " + e.getMessage(), e);
        }

        @Override
        protected Feature read() {
            try {
                return rows.hasNext() ? checked(rows.next()) : null;
            } catch (GeoPackageReader.BadGeometry e) {
                String where = checkedId(e.values(), e.row());
                throw new DataException(where + ": field 'geometry': " + switch (e.problem()) {
                    case NOT_A_BLOB -> "not a GeoPackage geometry blob";
                    case BAD_HEADER -> "bad GeoPackage envelope code";
                    case BAD_WKB -> "bad WKB in GeoPackage geometry: " + e.detail();
                }, e);
            } catch (GeoPackageReader.Unreadable e) {
                throw unreadable(e);
            }
        }

        private Feature checked(Feature raw) {
            String where = checkedId(raw.properties(), rows.row());
            String id = (String) raw.properties().get("id");
            Geometry g = raw.geometry() == null ? null : FeatureChecks.geometry(layer, raw.geometry(), where);
            Map<String, Object> props = new LinkedHashMap<>();
            for (FieldDef field : layer.fields()) {
                Object v = value(field.type(), raw.properties().get(field.name()));
                props.put(field.name(), FeatureChecks.value(field, v, where, String::valueOf));
            }
            props.put("updated_at", FeatureChecks.updatedAt(raw.properties().get("updated_at"), where));
            return new Feature(id, g, props);
        }

        /** Checks the row's id (a non-empty string, not seen before); returns how errors name the feature. */
        private String checkedId(Map<String, Object> values, long row) {
            String id = FeatureChecks.id(values.get("id"), source + ": table '" + layer.id() + "' row " + row);
            String where = source + ": feature '" + id + "'";
            if (!ids.add(id)) {
                throw new DataException(where + ": duplicate id");
            }
            return where;
        }

        /** SQLite stores booleans as 0 and 1; anything else is handed on as it is (and refused if wrong). */
        private static Object value(FieldType type, Object v) {
            if (type == FieldType.BOOLEAN && v instanceof Number n && (n.longValue() == 0 || n.longValue() == 1)
                    && n.doubleValue() == n.longValue()) {
                return n.longValue() == 1;
            }
            if (v instanceof Integer i) {
                return i.longValue();
            }
            return v;
        }

        @Override
        protected void release() {
            rows.close();
        }
    }
}
