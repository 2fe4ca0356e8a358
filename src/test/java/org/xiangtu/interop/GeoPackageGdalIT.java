package org.xiangtu.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xiangtu.io.LayerFiles;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.store.geopackage.GeoPackageBuilder;
import org.xiangtu.testing.Requirements;

/**
 * The GeoPackage the product builds, opened by GDAL (3.6 on Debian 12): QGIS and every other GDAL
 * client must see each catalogue layer with its geometry type, every feature and a spatial index.
 */
class GeoPackageGdalIT {
    private static final Path DATA = Path.of("data");
    private static final JsonMapper JSON = new JsonMapper();
    /** A layer line of {@code ogrinfo -so FILE}: {@code 3: villages (Multi Polygon)}. */
    private static final Pattern LAYER_LINE = Pattern.compile("^\\d+: ([a-z][a-z0-9_]*)(?: \\((.+)\\))?$");

    private static Path dir;
    private static Path gpkg;
    private static Catalog catalog;

    @BeforeAll
    static void buildGeoPackage() throws IOException {
        Requirements.requireExecutable(Ogrinfo.PATH, "GDAL ogrinfo");
        DataSource data = DataSource.folder(DATA);
        catalog = CatalogLoader.read(data);
        dir = Files.createTempDirectory("xiangtu-gpkg-gdal");
        gpkg = dir.resolve("xiangtu.gpkg");
        GeoPackageBuilder.build(catalog, LayerFiles.readAll(catalog, data), gpkg, "data", null);
    }

    @AfterAll
    static void deleteGeoPackage() throws IOException {
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void gdal_lists_every_catalogue_layer_with_its_geometry_type() {
        Ogrinfo.Result r = Ogrinfo.run("-ro", "-so", gpkg.toString());

        assertThat(r.exit()).as(r.describe()).isZero();
        assertNoComplaints(r);
        assertThat(r.stdout()).contains("using driver `GPKG' successful");
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : r.stdout().lines().toList()) {
            Matcher m = LAYER_LINE.matcher(line);
            if (m.matches()) {
                types.put(m.group(1), m.group(2) == null ? "" : m.group(2));
            }
        }
        Map<String, String> expected = new LinkedHashMap<>();
        for (LayerDef layer : catalog.layers()) {
            expected.put(layer.id(), gdalGeometryType(layer.geometry()));
        }
        // "villages" → "Multi Polygon"; mixed geometry ("projects") is listed without a type.
        assertThat(types).as(r.describe()).containsExactlyInAnyOrderEntriesOf(expected);
    }

    @Test
    void every_layer_holds_as_many_features_as_its_data_file() throws IOException {
        Ogrinfo.Result r = Ogrinfo.run("-ro", "-al", "-so", gpkg.toString());

        assertThat(r.exit()).as(r.describe()).isZero();
        assertNoComplaints(r);
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, String> geometries = new LinkedHashMap<>();
        String current = null;
        for (String line : r.stdout().lines().toList()) {
            if (line.startsWith("Layer name: ")) {
                current = line.substring("Layer name: ".length());
            } else if (current != null && line.startsWith("Feature Count: ")) {
                counts.put(current, Long.parseLong(line.substring("Feature Count: ".length()).trim()));
            } else if (current != null && line.startsWith("Geometry: ")) {
                geometries.put(current, line.substring("Geometry: ".length()));
            }
        }
        Map<String, Long> expected = new LinkedHashMap<>();
        for (LayerDef layer : catalog.layers()) {
            expected.put(layer.id(), featuresInDataFile(layer));
        }
        assertThat(counts).as(r.describe()).containsExactlyInAnyOrderEntriesOf(expected);
        assertThat(geometries).containsEntry("project_updates", "None").containsEntry("projects", "Unknown (any)");
    }

    @Test
    void every_spatial_layer_has_a_spatial_index() {
        for (LayerDef layer : catalog.layers()) {
            String sql = "SELECT HasSpatialIndex('" + layer.id() + "', 'geom')";
            Ogrinfo.Result r = Ogrinfo.run("-ro", gpkg.toString(), "-sql", sql);
            if (layer.isSpatial()) {
                assertThat(r.exit()).as(r.describe()).isZero();
                assertNoComplaints(r);
                assertThat(r.stdout()).as("%s: %s", layer.id(), r.describe()).contains("HasSpatialIndex (Integer) = 1");
            } else {
                // Without a geometry column GDAL's HasSpatialIndex() says so on stderr and answers 0.
                assertThat(r.stdout()).as("%s: %s", layer.id(), r.describe()).contains("HasSpatialIndex (Integer) = 0");
            }
        }
    }

    /** How ogrinfo names a geometry type in its layer list; empty where it prints none. */
    private static String gdalGeometryType(GeometryKind kind) {
        return switch (kind) {
            case POINT -> "Point";
            case MULTILINESTRING -> "Multi Line String";
            case MULTIPOLYGON -> "Multi Polygon";
            case GEOMETRY -> "";
            case NONE -> "None";
        };
    }

    /** Counted from the GeoJSON file itself, not through the product's reader. */
    private static long featuresInDataFile(LayerDef layer) throws IOException {
        if (layer.file() == null) {
            return 0; // the builder creates an empty table
        }
        JsonNode collection;
        try (java.io.InputStream in = org.xiangtu.catalog.DataSource.folder(DATA).open(layer.file())) {
            collection = JSON.readTree(in);
        }
        assertThat(collection.path("features").isArray()).as(layer.file()).isTrue();
        return collection.path("features").size();
    }

    private static void assertNoComplaints(Ogrinfo.Result r) {
        assertThat(r.stderr().lines()
                .filter(l -> l.contains("ERROR") || l.contains("Warning")))
                .as("GDAL's complaints for %s", r.command()).isEmpty();
    }

}
