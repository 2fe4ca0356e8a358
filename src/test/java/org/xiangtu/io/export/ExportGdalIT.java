package org.xiangtu.io.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.interop.Ogrinfo;
import org.xiangtu.testing.Requirements;

/**
 * Every export format opened by GDAL (3.6 on Debian 12, what QGIS 3.22–3.28 uses): each file opens with
 * its own driver, without a warning, with every feature, Chinese text intact and the geometry read.
 */
class ExportGdalIT {
    private static final Map<ExportFormat, String> DRIVER = Map.of(
            ExportFormat.GEOJSON, "GeoJSON", ExportFormat.GEOPACKAGE, "GPKG", ExportFormat.CSV, "CSV",
            ExportFormat.SHAPEFILE, "ESRI Shapefile");

    private static Path dir;

    @BeforeAll
    static void requireGdal() throws IOException {
        Requirements.requireExecutable(Ogrinfo.PATH, "GDAL ogrinfo");
        dir = Files.createTempDirectory("xiangtu-export-gdal");
    }

    @AfterAll
    static void deleteFiles() throws IOException {
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Path export(ExportLayer layer, ExportFormat format, String suffix) throws IOException {
        Path file = dir.resolve(layer.name() + suffix + "." + format.extension());
        try (OutputStream out = Files.newOutputStream(file)) {
            Exporter.write(layer, format, out);
        }
        return file;
    }

    /** Runs {@code ogrinfo -ro -al [more] file}: exit 0, the format's driver, no warning or error anywhere. */
    private static Ogrinfo.Result ogrinfo(Path file, ExportFormat format, String... more) {
        // a zipped Shapefile is read inside its zip, as QGIS opens one
        String path = format == ExportFormat.SHAPEFILE ? "/vsizip/" + file : file.toString();
        String[] args = Stream.concat(Stream.of("-ro", "-al"), Stream.concat(Stream.of(more), Stream.of(path)))
                .toArray(String[]::new);
        Ogrinfo.Result r = Ogrinfo.run(args);
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.stdout()).as(r.describe()).contains("using driver `" + DRIVER.get(format) + "' successful");
        assertThat(Stream.concat(r.stdout().lines(), r.stderr().lines())
                .filter(l -> l.contains("Warning") || l.contains("ERROR")))
                .as("GDAL's complaints: %s", r.describe()).isEmpty();
        return r;
    }

    private static long featureCount(Ogrinfo.Result r) {
        List<String> counts = r.stdout().lines().filter(l -> l.startsWith("Feature Count: ")).toList();
        assertThat(counts).as(r.describe()).hasSize(1);
        return Long.parseLong(counts.get(0).substring("Feature Count: ".length()).trim());
    }

    @ParameterizedTest
    @EnumSource(ExportFormat.class)
    void gdal_reads_every_feature_with_chinese_text_and_geometry(ExportFormat format) throws IOException {
        ExportLayer layer = ExportFixtures.points();
        Ogrinfo.Result r = ogrinfo(export(layer, format, ""), format);

        assertThat(featureCount(r)).as(r.describe()).isEqualTo(layer.features().size());
        assertThat(r.stdout()).as(r.describe()).contains(" = " + ExportFixtures.CHINESE_NAME).contains(" = 无坐标");
        assertThat(r.stdout().lines().filter(l -> l.startsWith("  POINT (")).count())
                .as("geometries read: %s", r.describe())
                .isEqualTo(layer.features().stream().filter(f -> f.geometry() != null).count());
        assertThat(r.stdout()).contains("  " + layer.features().get(0).geometry().toText());
    }

    @ParameterizedTest
    @EnumSource(ExportFormat.class)
    void multipolygons_with_holes_keep_their_type_and_text(ExportFormat format) throws IOException {
        ExportLayer layer = ExportFixtures.polygons();
        Ogrinfo.Result r = ogrinfo(export(layer, format, ""), format);

        assertThat(featureCount(r)).as(r.describe()).isEqualTo(layer.features().size());
        assertThat(r.stdout()).contains(" = 青山镇").contains(" = 绿水镇");
        assertThat(r.stdout().lines().filter(l -> l.startsWith("  MULTIPOLYGON (") || l.startsWith("  POLYGON (")))
                .as(r.describe()).hasSize(layer.features().size());
    }

    @ParameterizedTest
    @EnumSource(ExportFormat.class)
    void empty_layers_and_layers_without_geometry_open_cleanly(ExportFormat format) throws IOException {
        for (GeometryKind kind : GeometryKind.values()) {
            if (format == ExportFormat.SHAPEFILE && kind == GeometryKind.GEOMETRY) {
                continue; // one Shapefile holds one geometry type: refused (ShapefileExportTest)
            }
            Ogrinfo.Result r = ogrinfo(export(ExportFixtures.empty(kind), format, "_" + kind.json()), format);
            assertThat(featureCount(r)).as(r.describe()).isZero();
        }
        ExportLayer table = ExportFixtures.table();
        Ogrinfo.Result r = ogrinfo(export(table, format, ""), format);
        assertThat(featureCount(r)).as(r.describe()).isEqualTo(table.features().size());
        assertThat(r.stdout()).contains(" = 已完工");
    }

    @org.junit.jupiter.api.Test
    void the_geopackage_has_a_spatial_index_and_the_cgcs2000_crs() throws IOException {
        Path gpkg = export(ExportFixtures.points(), ExportFormat.GEOPACKAGE, "_index");
        Ogrinfo.Result so = ogrinfo(gpkg, ExportFormat.GEOPACKAGE, "-so");
        assertThat(so.stdout()).as(so.describe()).contains("Geometry: Point").contains("ID[\"EPSG\",4490]]")
                .contains("FID Column = fid").contains("Geometry Column = geom");
        Ogrinfo.Result idx = Ogrinfo.run("-ro", gpkg.toString(), "-sql", "SELECT HasSpatialIndex('villages', 'geom')");
        assertThat(idx.exit()).as(idx.describe()).isZero();
        assertThat(idx.stdout()).as(idx.describe()).contains("HasSpatialIndex (Integer) = 1");
    }

    @org.junit.jupiter.api.Test
    void gdal_reads_the_csv_geometry_from_the_wkt_column_and_sees_the_formula_guard() throws IOException {
        Ogrinfo.Result r = ogrinfo(export(ExportFixtures.points(), ExportFormat.CSV, "_guard"), ExportFormat.CSV);
        // the BOM is not part of the first column's name
        assertThat(r.stdout()).as(r.describe()).contains("\nid: String").contains("name（名称）: String")
                .contains("(String) = '=HYPERLINK(");
    }
}
